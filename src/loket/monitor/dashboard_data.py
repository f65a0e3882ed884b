"""What the dashboard shows, for the pages, the downloads and the API alike: the filters, and per theme and KPI the
tile, the series and the breakdowns, all read from finished snapshots through ``services`` (never computed live).

Filters:
- period (``since``/``until``, dates, inclusive): the series shows the snapshots in it; the tiles and breakdowns
  show the last snapshot in it (the latest when no period is chosen), against the baseline (0-meting);
- region (labour-market region) or sector (SBI section): the tile and series of a KPI are then that region's or
  sector's cell, for a KPI that is broken down that way; other KPIs show the whole province and say so. A snapshot
  breaks a KPI down by one dimension at a time, so a region and a sector together cannot be answered: the form
  refuses that combination instead of showing a figure that is not what was asked. The region map keeps every
  region (the chosen one outlined); the municipality breakdown keeps the chosen region's municipalities.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.ecosystem.vocabulary import Theme
from loket.geography.models import Municipality, Region
from loket.taxonomy.sectors import Sector

from . import charts, formulas, services
from .kpis import DIMENSIONS, KPIS, kpis_for_theme
from .models import Snapshot, SnapshotStatus

MAP_DIMENSIONS = ("region", "municipality")
HEADLINE_TILES = 3


# --- Filters ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    region: str = ""
    sector: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def active(self):
        return bool(self.region or self.sector or self.since or self.until)

    def params(self):
        """The filters as GET parameters (for links that keep them)."""
        values = {"region": self.region, "sector": self.sector, "since": self.since, "until": self.until}
        return {name: value.isoformat() if isinstance(value, date) else value for name, value in values.items() if value}

    def query(self):
        return urlencode(self.params())


class DashboardFilterForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Arbeidsmarktregio"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), required=False, choices=[("", gettext_lazy("Alle sectoren")), *Sector.choices])
    since = forms.DateField(
        label=gettext_lazy("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Vul een datum in als JJJJ-MM-DD.")},
    )  # fmt: skip
    until = forms.DateField(
        label=gettext_lazy("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Vul een datum in als JJJJ-MM-DD.")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every region a snapshot may have counted, also one that has since merged away.
        self.fields["region"].choices = [("", _("Heel Noord-Holland")), *Region.objects.order_by("name").values_list("code", "name")]
        self.fields["region"].error_messages["invalid_choice"] = _("Deze arbeidsmarktregio kennen we niet; kies er een uit de lijst.")
        self.fields["sector"].error_messages["invalid_choice"] = _("Deze sector kennen we niet; kies er een uit de lijst.")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("De einddatum ligt vóór de begindatum."))
        if cleaned.get("region") and cleaned.get("sector"):
            self.add_error(
                "sector",
                _("Kies een regio óf een sector: een momentopname splitst elke KPI naar één kenmerk tegelijk uit, "
                  "dus regio en sector samen zijn niet te tonen."),
            )  # fmt: skip
        return cleaned

    def errors_as_list(self):
        return [{"field": name, "message": str(message)} for name, messages in self.errors.items() for message in messages]

    def filters(self):
        """The valid filters (none when the form is unbound or has errors: the page then shows everything)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(region=data.get("region") or "", sector=data.get("sector") or "", since=data.get("since"), until=data.get("until"))


def read_filters(data):
    """(form, Filters) from GET parameters; only parameters that are given bind the form."""
    given = {name: data.get(name) for name in ("region", "sector", "since", "until") if data.get(name)}
    form = DashboardFilterForm(given or None)
    return form, form.filters()


# --- Snapshots -------------------------------------------------------------------------------------------------------


def current_snapshot(filters):
    """The snapshot the tiles and breakdowns show: the last finished one in the period."""
    if not (filters.since or filters.until):
        return services.latest()
    snapshots = Snapshot.objects.filter(status=SnapshotStatus.DONE)
    if filters.since:
        snapshots = snapshots.filter(taken_at__date__gte=filters.since)
    if filters.until:
        snapshots = snapshots.filter(taken_at__date__lte=filters.until)
    return snapshots.order_by("-taken_at", "-pk").first()


def running_snapshot():
    return Snapshot.objects.filter(status=SnapshotStatus.RUNNING).order_by("-taken_at").first()


def snapshot_summary(snapshot):
    if snapshot is None:
        return None
    return {"id": snapshot.pk, "taken_at": snapshot.taken_at, "label": snapshot.label, "is_baseline": snapshot.is_baseline}


# --- One KPI ---------------------------------------------------------------------------------------------------------


def scope(kpi, filters):
    """(dimension, key, note): which cell of the KPI the tile and series show under the filters."""
    if filters.region:
        if "region" in kpi.breakdowns:
            return "region", filters.region, ""
        return "", "", _("Deze KPI is niet per arbeidsmarktregio uitgesplitst; u ziet heel Noord-Holland.")
    if filters.sector:
        if "sector" in kpi.breakdowns:
            return "sector", filters.sector, ""
        return "", "", _("Deze KPI is niet per sector uitgesplitst; u ziet alle sectoren.")
    return "", "", ""


def _find(cells, key):
    return next((cell for cell in cells if cell["key"] == key), None)


def _part_tile(kpi, snapshot, dimension, key):
    """``services.tile`` for a part it does not take (a sector): the same rules, from ``formulas``."""
    base_snapshot = services.baseline()
    current = _find(services.cells(snapshot, kpi.code, dimension), key) if snapshot else None
    base = _find(services.cells(base_snapshot, kpi.code, dimension), key) if base_snapshot else None
    value = current["value"] if current else None
    baseline_value = base["value"] if base else None
    target = kpi.target if formulas.target_applies(kpi.unit, False) else None
    direction = kpi.target_direction if target is not None else None
    change = formulas.change(value, baseline_value)
    distance = formulas.distance_to_target(value, target, direction)
    return {
        "value": value,
        "shown": current["shown"] if current else "–",
        "suppressed": bool(current and current["suppressed"]),
        "baseline_value": baseline_value,
        "baseline_shown": base["shown"] if base else "–",
        "change": change,
        "change_shown": services.format_change(change, kpi.unit),
        "target": target,
        "target_shown": services.format_value(target, kpi.unit) if target is not None else "",
        "target_year": kpi.target_year if target is not None else None,
        "distance_to_target": distance,
        "distance_shown": services.format_value(distance, kpi.unit) if distance is not None else "",
        "on_track": formulas.on_track(
            value, baseline_value, target, direction, kpi.target_year if target is not None else None,
            timezone.localdate(base_snapshot.taken_at) if base_snapshot else None,
            timezone.localdate(snapshot.taken_at) if snapshot else timezone.localdate(),
        ),
    }  # fmt: skip


TILE_FIELDS = (
    "value", "shown", "suppressed", "baseline_value", "baseline_shown", "change", "change_shown", "target", "target_shown",
    "target_year", "distance_to_target", "distance_shown", "on_track",
)  # fmt: skip


def on_track_text(kpi, tile):
    if kpi.target is None:
        return ""
    if tile["target"] is None:
        return _("Het doel geldt voor het geheel, niet voor één regio of sector.")
    if tile["on_track"] is None:
        return _("Nog niet te zeggen")
    return _("Op koers") if tile["on_track"] else _("Niet op koers")


def kpi_tile(kpi, snapshot, filters):
    """The tile as plain data: value, change since the baseline, target, distance and whether on track."""
    dimension, key, note = scope(kpi, filters)
    if snapshot is None:
        raw = {name: None for name in TILE_FIELDS}
        raw.update(shown="–", suppressed=False, baseline_shown="–", change_shown="–", target_shown="", distance_shown="")
    elif dimension == "sector":
        raw = _part_tile(kpi, snapshot, dimension, key)
    else:
        raw = services.tile(kpi.code, snapshot, region=key if dimension == "region" else None)
    tile = {name: raw[name] for name in TILE_FIELDS}
    tile.update(
        shown=str(tile["shown"]),
        baseline_shown=str(tile["baseline_shown"]),
        on_track_text=str(on_track_text(kpi, tile)) if snapshot is not None else "",
        dimension=dimension,
        key=key,
        note=str(note),
    )
    return tile


def kpi_definition(kpi):
    return {
        "code": kpi.code,
        "version": kpi.version,
        "name": str(kpi.name),
        "explanation": str(kpi.explanation),
        "unit": kpi.unit,
        "theme": kpi.theme,
        "breakdowns": [{"code": code, "label": str(label)} for code, label in kpi.breakdown_labels()],
        "target": kpi.target,
        "target_year": kpi.target_year,
        "target_direction": kpi.target_direction,
        "target_source": str(kpi.target_source),
        "counts_persons": kpi.counts_persons,
    }


def kpi_series(kpi, filters):
    dimension, key, _note = scope(kpi, filters)
    return services.series(kpi.code, dimension, key, since=filters.since, until=filters.until)


def municipalities_of(region_code):
    return set(Municipality.objects.filter(region__code=region_code).values_list("code", flat=True))


def kpi_cells(kpi, snapshot, dimension, filters):
    """A breakdown's cells in the snapshot; with a region filter the municipalities are that region's."""
    if snapshot is None:
        return []
    found = services.cells(snapshot, kpi.code, dimension)
    if dimension == "municipality" and filters.region:
        inside = municipalities_of(filters.region)
        found = [cell for cell in found if cell["key"] in inside]
    return [{**cell, "label": str(cell["label"]), "shown": str(cell["shown"])} for cell in found]


def kpi_figures(kpi, snapshot, filters, dimensions):
    """Everything about one KPI under the filters: definition, tile, series and (``cells``) the given breakdowns' cells."""
    return {
        **kpi_definition(kpi),
        "tile": kpi_tile(kpi, snapshot, filters),
        "series": [{**point, "shown": str(point["shown"])} for point in kpi_series(kpi, filters)],
        "cells": {dimension: kpi_cells(kpi, snapshot, dimension, filters) for dimension in dimensions if dimension in kpi.breakdowns},
    }


# --- Pages -----------------------------------------------------------------------------------------------------------


def theme_label(theme):
    return str(Theme(theme).label)


def theme_figures(theme, filters, dimensions=None):
    """A theme's KPIs under the filters; ``dimensions`` None: every breakdown each KPI supports."""
    snapshot = current_snapshot(filters)
    return {
        "theme": {"code": theme, "label": theme_label(theme)},
        "snapshot": snapshot_summary(snapshot),
        "baseline": snapshot_summary(services.baseline()),
        "filters": filters.params(),
        "kpis": [
            kpi_figures(kpi, snapshot, filters, kpi.breakdowns if dimensions is None else dimensions) for kpi in kpis_for_theme(theme)
        ],
    }


def headline(kpis):
    """The KPIs an overview card shows: those with a target first, in display order."""
    return sorted(kpis, key=lambda kpi: kpi.target is None)[:HEADLINE_TILES]


def overview(filters):
    snapshot = current_snapshot(filters)
    themes = []
    for theme in Theme:
        kpis = kpis_for_theme(theme.value)
        themes.append({
            "code": theme.value,
            "label": str(theme.label),
            "kpi_count": len(kpis),
            "tiles": [{**kpi_definition(kpi), "tile": kpi_tile(kpi, snapshot, filters)} for kpi in headline(kpis)],
        })  # fmt: skip
    return {"snapshot": snapshot_summary(snapshot), "baseline": snapshot_summary(services.baseline()), "themes": themes}


def dimension_label(dimension):
    return str(DIMENSIONS[dimension])


def kpi_in_theme(theme, code):
    kpi = KPIS.get(code)
    return kpi if kpi is not None and kpi.theme == theme else None


# --- Maps ------------------------------------------------------------------------------------------------------------


class MapBase:
    """The base layers of the year of the snapshot's moment (the areas it counted), read once per request and turned
    for d3 per layer when needed."""

    def __init__(self, moment=None):
        from loket.geography.services import base_layers

        year = timezone.localdate(moment).year if moment else None
        self.layers = base_layers(year=year)
        self._features = {}

    @property
    def generated(self):
        return self.layers["source"] == "generated"

    @property
    def attribution(self):
        return str(self.layers["attribution"])

    @property
    def note(self):
        """What a map says under it: that it is schematic, or whose boundaries it draws."""
        if self.generated:
            return _("Schematische kaart: elke gemeente is een zeshoek op ongeveer haar plek, geen echte grens. "
                     "Echte grenzen (CBS/PDOK) laadt een beheerder in met loket import-boundaries.")  # fmt: skip
        return self.attribution

    def features(self, dimension, region=""):
        """The areas of a breakdown; the municipalities of one region when ``region`` is given."""
        if (dimension, region) not in self._features:
            collection = self.layers["regions" if dimension == "region" else "municipalities"]
            if dimension == "municipality" and region:
                collection = {**collection, "features": [f for f in collection["features"] if f["properties"].get("region_code") == region]}
            self._features[(dimension, region)] = charts.map_features(collection)
        return self._features[(dimension, region)]

"""Open statistics in the database: saving a parsed CBS table all or nothing, and reading it back for the pages, the
API and the dashboard (``series`` puts CBS figures next to the loket's own KPIs).

Parsing is ``loket.monitor.statline`` (plain); this module is the ORM side.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import formats
from django.utils.translation import gettext as _

from loket.geography.models import Municipality, Region

from . import statline
from .models import StatisticObservation, StatisticTable

UPDATED_FIELDS = ["value", "period_start", "measure_label", "unit"]
BATCH = 2000


@dataclass
class ImportSummary:
    identifier: str
    title: str
    format: str
    origin: str
    created: int = 0
    updated: int = 0
    periods: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    regions_missing: list = field(default_factory=list)  # asked for, but not in the table
    dry_run: bool = False

    @property
    def observations(self):
        return self.created + self.updated


def find_table(identifier):
    return StatisticTable.objects.filter(identifier__iexact=identifier).first()


def default_regions():
    """The labour-market regions of the loket (AM12, AM15, AM17, AM18, AM37 for Noord-Holland)."""
    return sorted(Region.objects.current().values_list("code", flat=True))


def known_labels(identifier):
    """Titles to codes, for a StatLine CSV export that names everything by title: what an earlier import of the same
    table called its topics, regions and sectors, and the names of the loket's own regions and municipalities."""
    regions = {}
    for code, name in Municipality.objects.values_list("code", "name"):
        regions[name] = code
    for code, name in Region.objects.values_list("code", "name"):
        regions[f"{name} (AM)"] = code
        regions.setdefault(name, code)
    known = {"measures": {}, "regions": regions, "sectors": {}}
    table = find_table(identifier)
    if table is not None:
        metadata = table.metadata or {}
        known["measures"] = {m["title"]: m["key"] for m in metadata.get("measures", []) if m.get("title")}
        labels = metadata.get("labels", {})
        regions.update({title: code for code, title in labels.get("region", {}).items() if title})
        known["sectors"] = {title: code for code, title in labels.get("sector", {}).items() if title}
    return known


def _merged_metadata(old, parsed):
    """Labels accumulate over imports (a narrower re-import must not lose the names of what it left alone)."""
    new = parsed.metadata()
    if not old:
        return new
    merged = dict(new)
    merged["labels"] = {kind: {**old.get("labels", {}).get(kind, {}), **new["labels"].get(kind, {})} for kind in ("period", "region", "sector")}
    merged["period_status"] = {**old.get("period_status", {}), **new["period_status"]}
    for code in new["labels"]["period"]:
        if code not in new["period_status"]:
            merged["period_status"].pop(code, None)  # a figure that became final
    keys = {m["key"] for m in new["measures"]}
    merged["measures"] = new["measures"] + [m for m in old.get("measures", []) if m.get("key") not in keys]
    merged["total_sector"] = new["total_sector"] or old.get("total_sector", "")
    merged["has_regions"] = new["has_regions"] or old.get("has_regions", False)
    return merged


def save_table(parsed, dry_run=False, requested_regions=None):
    """Store a parsed table in one transaction: the table row is created or updated, every observation is created or
    updated in place (one per table, measure, period, region and sector); observations this import did not bring are
    kept. With ``dry_run`` nothing is written and the summary says what would happen."""
    summary = ImportSummary(
        identifier=parsed.identifier, title=parsed.title, format=parsed.format, origin=parsed.origin, dry_run=dry_run,
        periods=sorted({o.period for o in parsed.observations}, key=lambda code: (statline.period_start(code), code)),
        regions=sorted({o.region_code for o in parsed.observations if o.region_code}),
        measures=list(parsed.measures),
    )  # fmt: skip
    if requested_regions and parsed.has_regions:
        summary.regions_missing = sorted(set(requested_regions) - set(summary.regions))
    with transaction.atomic():
        table = StatisticTable.objects.select_for_update().filter(identifier__iexact=parsed.identifier).first()
        existing = set()
        if table is not None:
            existing = set(table.observations.values_list("measure", "period", "region_code", "sector_code"))
        keys = [(o.measure, o.period, o.region_code, o.sector_code) for o in parsed.observations]
        summary.updated = sum(1 for key in keys if key in existing)
        summary.created = len(keys) - summary.updated
        if dry_run:
            return summary
        # A file without the table's properties has only its number for a title; keep the name an earlier import gave.
        title = table.title if table is not None and parsed.title == parsed.identifier else parsed.title
        values = {
            "title": title, "publisher": "CBS", "source_url": parsed.source_url,
            "metadata": _merged_metadata(table.metadata if table else {}, parsed),
        }  # fmt: skip
        if table is None:
            table = StatisticTable.objects.create(identifier=parsed.identifier, **values)
        else:
            for name, value in values.items():
                setattr(table, name, value)
            table.save()  # also moves imported_at
        StatisticObservation.objects.bulk_create(
            [
                StatisticObservation(
                    table=table, measure=o.measure, measure_label=parsed.measures[o.measure].title, unit=parsed.measures[o.measure].unit,
                    period=o.period, period_start=o.period_start, region_code=o.region_code, sector_code=o.sector_code, value=o.value,
                )  # fmt: skip
                for o in parsed.observations
            ],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["table", "measure", "period", "region_code", "sector_code"],
            update_fields=UPDATED_FIELDS,
        )
    return summary


# --- Reading --------------------------------------------------------------------------------------------


def region_name(code, table=None, names=None):
    """The loket's name for a region where the code is one of its own, else CBS's title, else the code."""
    if not code:
        return ""
    if names is not None and code in names:
        return names[code]
    if code == statline.NETHERLANDS:
        return _("Nederland")
    if code in statline.PROVINCES:
        return statline.PROVINCES[code]
    labels = ((table.metadata or {}).get("labels", {}).get("region", {})) if table is not None else {}
    return labels.get(code, code)


REGION_LEVELS = ("NL", "LD", "PV", "AM", "CR", "GM", "WK", "BU")


def region_order(code):
    """Largest areas first, as CBS lists them: Nederland, landsdelen, provinces, labour-market regions, …"""
    level = code[:2]
    return (REGION_LEVELS.index(level) if level in REGION_LEVELS else len(REGION_LEVELS), code)


def loket_region_names(codes):
    """Names of the codes that are the loket's own labour-market regions or municipalities."""
    codes = set(codes)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    names.update(Municipality.objects.filter(code__in=codes - set(names)).values_list("code", "name"))
    return names


def period_label(table, code):
    metadata = table.metadata or {}
    label = statline.period_label(code, metadata.get("labels", {}).get("period", {}).get(code, ""))
    return label + ("*" if code in metadata.get("period_status", {}) else "")


def sector_label(table, code):
    return ((table.metadata or {}).get("labels", {}).get("sector", {})).get(code, code)


def measures(table):
    """The table's topics in CBS's order: [{"key", "title", "unit"}]."""
    listed = (table.metadata or {}).get("measures")
    present = dict(table.observations.values_list("measure", "measure_label").distinct())
    if listed:
        return [m for m in listed if m["key"] in present]
    units = dict(table.observations.values_list("measure", "unit").distinct())
    return [{"key": key, "title": title or key, "unit": units.get(key, ""), "decimals": None} for key, title in sorted(present.items())]


def overview(table):
    """What the list of tables shows of one table."""
    stats = table.observations.aggregate(count=Count("id"), first=Min("period_start"), last=Max("period_start"))
    periods = list(table.observations.values_list("period", flat=True).distinct())
    periods.sort(key=lambda code: (statline.period_start(code), code))
    region_codes = sorted(set(table.observations.exclude(region_code="").values_list("region_code", flat=True)), key=region_order)
    names = loket_region_names(region_codes)
    metadata = table.metadata or {}
    return {
        "table": table,
        "identifier": table.identifier,
        "title": table.title,
        "publisher": table.publisher,
        "source_url": table.source_url,
        "imported_at": table.imported_at,
        "modified": metadata.get("modified", ""),
        "online": bool(metadata.get("online")),
        "origin": metadata.get("origin", ""),
        "format": statline.FORMATS.get(metadata.get("format", ""), metadata.get("format", "")),
        "observations": stats["count"],
        "period_count": len(periods),
        "first_period": periods[0] if periods else "",
        "last_period": periods[-1] if periods else "",
        "first_period_label": period_label(table, periods[0]) if periods else "",
        "last_period_label": period_label(table, periods[-1]) if periods else "",
        "periods": periods,
        "regions": [{"code": code, "name": region_name(code, table, names), "in_loket": code in names} for code in region_codes],
        "measures": measures(table),
        "licence": statline.LICENCE,
        "licence_url": statline.LICENCE_URL,
    }


def tables():
    return [overview(table) for table in StatisticTable.objects.order_by("title", "identifier")]


class InvalidFilter(ValueError):
    """A filter value the table does not have; ``field`` names the filter, the message is Dutch."""

    def __init__(self, field_name, message):
        super().__init__(message)
        self.field = field_name


def period_bound(text, field_name):
    """A period filter as a CBS code (2024KW01) or a date (2024-01-01), as its start date."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        return statline.period_start(value.upper())
    except ValueError:
        pass
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidFilter(field_name, _("%(value)s is geen periode: geef een CBS-code zoals 2024KW01 of een datum zoals 2024-01-01.") % {"value": repr(value)}) from None


def filtered(table, measure="", region="", sector="", period_from="", period_to=""):
    """The observations of a table for the chosen topic, region, sector and periods, ordered for reading.
    InvalidFilter when a choice is not in the table, so a mistyped code is not answered with an empty table."""
    rows = table.observations.all()
    if measure:
        keys = {m["key"] for m in measures(table)}
        if measure not in keys:
            raise InvalidFilter("measure", _("Deze tabel heeft geen onderwerp %(value)s. Kies uit: %(keys)s.") % {"value": repr(measure), "keys": ", ".join(sorted(keys))})
        rows = rows.filter(measure=measure)
    if region:
        if not table.observations.filter(region_code=region).exists():
            raise InvalidFilter("region", _("Deze tabel heeft geen cijfers voor regio %(value)s.") % {"value": repr(region)})
        rows = rows.filter(region_code=region)
    if sector:
        if not table.observations.filter(sector_code=sector).exists():
            raise InvalidFilter("sector", _("Deze tabel heeft geen sector %(value)s.") % {"value": repr(sector)})
        rows = rows.filter(sector_code=sector)
    start, end = period_bound(period_from, "period_from"), period_bound(period_to, "period_to")
    if start and end and start > end:
        raise InvalidFilter("period_to", _("De periode 'tot en met' ligt vóór de periode 'vanaf'."))
    if start:
        rows = rows.filter(period_start__gte=start)
    if end:
        rows = rows.filter(period_start__lte=end)
    return rows.order_by("measure", "region_code", "sector_code", "period_start", "period")


def observation_rows(table, observations):
    """Observations as plain dicts with the names a reader needs."""
    observations = list(observations)
    decimals = {m["key"]: m.get("decimals") for m in (table.metadata or {}).get("measures", [])}
    names = loket_region_names({o.region_code for o in observations if o.region_code})
    return [
        {
            "measure": o.measure, "measure_label": o.measure_label or o.measure, "unit": o.unit,
            "period": o.period, "period_start": o.period_start, "period_label": period_label(table, o.period),
            "provisional": o.period in (table.metadata or {}).get("period_status", {}),
            "region_code": o.region_code, "region_name": region_name(o.region_code, table, names),
            "sector_code": o.sector_code, "sector_label": sector_label(table, o.sector_code) if o.sector_code else "",
            "value": o.value, "shown": shown(o.value, decimals.get(o.measure)),
        }  # fmt: skip
        for o in observations
    ]


def shown(value, decimals=None):
    """A value as a Dutch reader expects it (1.234,5), with as many decimals as CBS shows; "." where CBS gives no
    figure, as StatLine writes it."""
    if value is None:
        return "."
    if decimals is not None:
        return formats.number_format(value, decimal_pos=decimals, force_grouping=True)
    value = round(value, 6)
    return formats.number_format(int(value) if value.is_integer() else value, force_grouping=True)


def series(identifier, measure, region_code=None, sector_code=None, kind=None):
    """One CBS figure over time, for context next to a KPI.

    Returns a list, oldest first, of ``{"period": "2024KW01", "period_start": date(2024, 1, 1), "value": 12.3 or None
    (a figure CBS does not give), "unit": "x 1 000", "label": "2024 1e kwartaal"}``; a label ends in "*" for a
    provisional figure. Empty when the table, topic or region is not there.

    ``region_code`` None means the whole area of the table: no region for a table without regions, else Nederland
    (NL01). ``sector_code`` None means the table's total category (the first in CBS's order, such as
    "A-U Alle economische activiteiten"). ``kind`` picks the periods ("JJ" years, "KW" quarters, "MM" months);
    None takes the finest kind the series has, so a table with quarters and years gives the quarters.
    """
    table = find_table(identifier)
    if table is None:
        return []
    metadata = table.metadata or {}
    if region_code is None:
        region_code = statline.NETHERLANDS if metadata.get("has_regions") else ""
    if sector_code is None:
        sector_code = metadata.get("total_sector", "")
    rows = list(
        table.observations.filter(measure=measure, region_code=region_code, sector_code=sector_code)
        .order_by("period_start", "period")
        .values_list("period", "period_start", "value", "unit")
    )
    kinds = {statline.period_kind(period) for period, *_rest in rows}
    if kind is None and kinds:
        kind = next(k for k in statline.PERIOD_KINDS if k in kinds)
    return [
        {"period": period, "period_start": start, "value": value, "unit": unit, "label": period_label(table, period)}
        for period, start, value, unit in rows
        if statline.period_kind(period) == kind
    ]

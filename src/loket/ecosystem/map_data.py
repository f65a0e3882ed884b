"""The ecosystem map over the ORM: the filters, the items the map shows, and a region's figures.

The page (map_views) and the API (map_api) both read through here, so a filter means the same in both;
where things go on the map and in which colour is ``map``'s plain business.
"""

from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.fund.reports import suppress
from loket.geography.models import Municipality, Region
from loket.monitor import formulas
from loket.monitor.collect import technical_q

from . import map as geo
from .models import Initiative, Organisation
from .tracking import is_active
from .vocabulary import LEARNING_COMMUNITY_KINDS, InitiativeKind, OrganisationKind, ProgrammeLine, Scheme, Theme


def map_regions(year=None):
    """The regions the map covers: those of this year's division that have municipalities in the loket."""
    return Region.objects.current(year).filter(municipalities__isnull=False).distinct().order_by("name")


def _choice(label, unknown):
    # The choices are set per form: the regions come from the database, the kinds depend on the layer.
    return forms.ChoiceField(label=label, required=False, error_messages={"invalid_choice": unknown})


class MapFilterForm(forms.Form):
    """The map's filters, from a page's GET form or the API's query string; every field may stay empty."""

    theme = _choice(gettext_lazy("Thema"), gettext_lazy("Onbekend thema: %(value)s."))
    programme_line = _choice(gettext_lazy("Programmalijn"), gettext_lazy("Onbekende programmalijn: %(value)s."))
    region = _choice(gettext_lazy("Arbeidsmarktregio"), gettext_lazy("Onbekende arbeidsmarktregio: %(value)s."))
    kind = _choice(gettext_lazy("Soort"), gettext_lazy("Onbekende soort: %(value)s."))
    layer = forms.ChoiceField(
        label=gettext_lazy("Laag"),
        required=False,
        choices=[(geo.INITIATIVES, gettext_lazy("Initiatieven")), (geo.ORGANISATIONS, gettext_lazy("Organisaties"))],
        error_messages={"invalid_choice": gettext_lazy("Onbekende laag: %(value)s. Kies initiatives of organisations.")},
    )

    def __init__(self, data=None, *, layer=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["theme"].choices = [("", _("Alle thema's")), *Theme.choices]
        self.fields["programme_line"].choices = [("", _("Alle programmalijnen")), *ProgrammeLine.choices]
        self.fields["region"].choices = [("", _("Alle regio's"))] + [(r.code, r.name) for r in map_regions()]
        # The kinds of the layer asked for: an organisation is a school or a company, an initiative a fieldlab.
        asked = layer or (data or {}).get("layer") or geo.INITIATIVES
        kinds = OrganisationKind.choices if asked == geo.ORGANISATIONS else InitiativeKind.choices
        self.fields["kind"].choices = [("", _("Alle soorten")), *kinds]

    def clean_layer(self):
        return self.cleaned_data["layer"] or geo.INITIATIVES

    def errors_as_list(self):
        """[{field, message}] as the API's 422 answers carry them."""
        return [{"field": field, "message": str(message)} for field, messages in self.errors.items() for message in messages]


def _classified(scheme, code, prefix=""):
    return Q(**{f"{prefix}classifications__scheme": scheme, f"{prefix}classifications__code": code})


def filtered_initiatives(filters):
    """Initiatives that pass the cleaned filters; a region filter keeps the province-wide ones too (they cover it)."""
    initiatives = Initiative.objects.all()
    if filters.get("theme"):
        initiatives = initiatives.filter(_classified(Scheme.THEME, filters["theme"]))
    if filters.get("programme_line"):
        initiatives = initiatives.filter(_classified(Scheme.PROGRAMME_LINE, filters["programme_line"]))
    if filters.get("kind"):
        initiatives = initiatives.filter(kind=filters["kind"])
    if filters.get("region"):
        initiatives = initiatives.filter(
            Q(region__code=filters["region"])
            | Q(region__isnull=True, municipality__region__code=filters["region"])
            | Q(region__isnull=True, municipality__isnull=True)
        )
    # The filters above can join the same initiative more than once.
    ids = initiatives.values("pk").distinct()
    return Initiative.objects.filter(pk__in=ids).select_related("region", "municipality").order_by("name")


def filtered_organisations(filters):
    """Organisations that pass the cleaned filters: theme and programme line through the initiatives they are in."""
    organisations = Organisation.objects.all()
    if filters.get("theme"):
        organisations = organisations.filter(_classified(Scheme.THEME, filters["theme"], "initiatives__"))
    if filters.get("programme_line"):
        organisations = organisations.filter(_classified(Scheme.PROGRAMME_LINE, filters["programme_line"], "initiatives__"))
    if filters.get("kind"):
        organisations = organisations.filter(kind=filters["kind"])
    if filters.get("region"):
        organisations = organisations.filter(municipality__region__code=filters["region"])
    ids = organisations.values("pk").distinct()
    return Organisation.objects.filter(pk__in=ids).select_related("municipality").order_by("name")


def initiative_item(initiative):
    return {
        "slug": initiative.slug,
        "name": str(initiative),
        "kind": initiative.kind,
        "url": reverse("ecosystem:initiative", kwargs={"slug": initiative.slug}),
        "latitude": initiative.latitude,
        "longitude": initiative.longitude,
        "municipality_code": initiative.municipality.code if initiative.municipality_id else "",
        "region_code": initiative.region.code if initiative.region_id else "",
    }


def organisation_item(organisation):
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "url": reverse("ecosystem:organisation", kwargs={"slug": organisation.slug}),
        "latitude": None,
        "longitude": None,
        "municipality_code": organisation.municipality.code if organisation.municipality_id else "",
        # An organisation has a place or none: a region centre would suggest a place it does not have.
        "region_code": "",
    }


def municipality_points():
    """{code: {latitude, longitude, region_code}} of every municipality, merged-away ones too (an old address
    still has a place)."""
    return {
        code: {"latitude": lat, "longitude": lon, "region_code": region_code}
        for code, lat, lon, region_code in Municipality.objects.values_list("code", "latitude", "longitude", "region__code")
    }


def features(filters, layer, municipalities=None):
    """The GeoJSON FeatureCollection of a layer under the cleaned filters."""
    municipalities = municipality_points() if municipalities is None else municipalities
    if layer == geo.ORGANISATIONS:
        items = [organisation_item(o) for o in filtered_organisations(filters)]
    else:
        items = [initiative_item(i) for i in filtered_initiatives(filters)]
    return geo.feature_collection(items, layer, municipalities)


def base_layers(year=None):
    """The regions and municipalities to draw under the markers (the geography app decides: CBS or generated)."""
    from loket.geography.services import base_layers as geography_base_layers

    return geography_base_layers(year=year)


# --- A region's figures --------------------------------------------------------------------------------------


def in_region(region):
    """Initiatives of one region: by their region, or by their municipality when they name no region."""
    return Q(region=region) | Q(region__isnull=True, municipality__region=region)


def region_initiatives(region):
    return Initiative.objects.filter(in_region(region)).select_related("region", "municipality").order_by("name")


def region_figures(region, today=None):
    """What the loket's own data says about a region today, as plain numbers.

    Persons are counted behind ``suppress`` (1–9 shows as "< 10"); vacancies and offerings are not persons.
    """
    from loket.catalog.models import Offering
    from loket.passport.models import Passport
    from loket.vacancies.models import Vacancy

    today = today or timezone.localdate()
    initiatives = Initiative.objects.filter(in_region(region))
    by_kind = dict(initiatives.order_by().values_list("kind").annotate(n=Count("pk")))
    communities = initiatives.filter(kind__in=LEARNING_COMMUNITY_KINDS).values("lifecycle", "stopped_year")
    open_vacancies = Vacancy.objects.open(today).filter(municipality__region=region)
    long_open_since = formulas.months_before(today, formulas.LONG_OPEN_MONTHS)
    return {
        "initiatives": sum(by_kind.values()),
        "initiatives_by_kind": [
            {"kind": kind, "label": str(label), "colour": geo.colour(geo.INITIATIVES, kind), "count": by_kind[kind]}
            for kind, label in InitiativeKind.choices
            if by_kind.get(kind)
        ],
        # Stopped or not as the volgsysteem counts it, so the map and the volgsysteem agree.
        "learning_communities": sum(1 for community in communities if is_active(community, today.year)),
        "province_wide": Initiative.objects.filter(region__isnull=True, municipality__isnull=True).count(),
        "open_vacancies": open_vacancies.count(),
        "technical_vacancies_open_long": open_vacancies.filter(technical_q(), opened_on__lt=long_open_since).count(),
        "offerings": Offering.objects.bookable(today).filter(municipality__region=region).count(),
        "passport_holders": suppress(Passport.objects.filter(home_municipality__region=region).count()),
        "dashboard": dashboard_tiles(region),
    }


# The region's figures the dashboard keeps, from its latest snapshot, for the panel beside the map.
DASHBOARD_KPIS = ("tech_vacancies_open_long_share", "w2w_placements", "side_entry_technical", "passports_in_use", "lc_extra")


def dashboard_tiles(region):
    """{"taken_at", "tiles": [{"code", "name", "shown", "change_shown"}]} from the latest snapshot, or None without one."""
    from loket.monitor import services as monitor

    snapshot = monitor.latest()
    if snapshot is None:
        return None
    tiles = [monitor.tile(code, snapshot, region=region) for code in DASHBOARD_KPIS]
    return {
        "taken_at": snapshot.taken_at,
        "tiles": [
            {"code": tile["code"], "name": str(tile["kpi"].name), "shown": tile["shown"], "change_shown": tile["change_shown"]}
            for tile in tiles
        ],
    }

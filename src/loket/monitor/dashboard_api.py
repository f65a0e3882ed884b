"""The dashboard over the API: a theme's tiles, series and breakdown cells under the same filters as the page.

Public, like the page: aggregates from finished snapshots, every cell behind 1–9 persons as "< 10" and without its
number. A filter the loket does not know (a region, a sector, a date) is a 422 with a Dutch message per field.
"""

from datetime import datetime

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from loket.ecosystem.vocabulary import Theme

from . import dashboard_data

router = Router(tags=["monitor"])


class SnapshotRef(Schema):
    id: int
    taken_at: datetime
    label: str
    is_baseline: bool


class ThemeRef(Schema):
    code: str
    label: str


class BreakdownRef(Schema):
    code: str
    label: str


class TileOut(Schema):
    value: float | None = Field(description="Leeg bij minder dan 10 personen of zonder waarde")
    shown: str = Field(description="Zoals het dashboard het toont: “< 10” bij minder dan 10 personen")
    suppressed: bool
    baseline_value: float | None
    baseline_shown: str
    change: float | None = Field(description="Verschil met de 0-meting; leeg als een van beide onbekend of onderdrukt is")
    change_shown: str
    target: float | None = Field(description="Het doel, als het voor dit deel (provincie, regio of sector) geldt")
    target_shown: str
    target_year: int | None
    distance_to_target: float | None = Field(description="Wat nog te gaan is tot het doel; 0 als het gehaald is")
    distance_shown: str
    on_track: bool | None = Field(description="Op koers naar het doel (rechte lijn van de 0-meting naar het doeljaar)")
    on_track_text: str
    dimension: str = Field(description="Welke cel de tegel toont: leeg (heel Noord-Holland), region of sector")
    key: str
    note: str = Field(description="Uitleg als het filter niet op deze KPI van toepassing is")


class PointOut(Schema):
    taken_at: datetime
    snapshot_id: int
    value: float | None
    shown: str
    suppressed: bool
    is_baseline: bool


class CellOut(Schema):
    key: str
    label: str
    value: float | None
    shown: str
    suppressed: bool
    persons: int | None


class KpiFiguresOut(Schema):
    code: str
    version: int
    name: str
    explanation: str
    unit: str = Field(description="count, share (een fractie: 0,42 is 42 %), days, euro of score")
    breakdowns: list[BreakdownRef]
    target: float | None
    target_year: int | None
    target_direction: str | None
    target_source: str
    counts_persons: bool
    tile: TileOut
    series: list[PointOut] = Field(description="De momentopnamen in de periode, oudste eerst")
    cells: dict[str, list[CellOut]] = Field(
        description="Per uitsplitsing (region, municipality, sector, …) de cellen van de getoonde momentopname"
    )


class MapBaseOut(Schema):
    source: str = Field(description="cbs (echte grenzen) of generated (schematische zeshoekenkaart)")
    note: str


class DashboardOut(Schema):
    theme: ThemeRef
    snapshot: SnapshotRef | None = Field(description="De getoonde momentopname: de laatste in de periode; leeg als er geen is")
    baseline: SnapshotRef | None
    filters: dict[str, str]
    map_base: MapBaseOut
    kpis: list[KpiFiguresOut]


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]


class Missing(Schema):
    detail: str


class DashboardQuery(Schema):
    region: str = Field("", description="Code van de arbeidsmarktregio, bijvoorbeeld AM18")
    sector: str = Field("", description="SBI-sectie, bijvoorbeeld F; niet samen met region")
    since: str = Field("", description="Periode vanaf (JJJJ-MM-DD)")
    until: str = Field("", description="Periode tot en met (JJJJ-MM-DD)")


@router.get(
    "/dashboard/{theme}",
    response={200: DashboardOut, 404: Missing, 422: Invalid},
    summary="Een thema van het dashboard: tegels, verloop en uitsplitsingen per KPI",
    description=(
        "Alles wat de themapagina toont, onder dezelfde filters: per KPI de tegel (waarde, verandering sinds de "
        "0-meting, doel, afstand en of het op koers is), het verloop over de momentopnamen en de cellen van elke "
        "uitsplitsing. Alleen afgeronde momentopnamen; een cel met 1–9 personen is “< 10” zonder getal."
    ),
)
def dashboard_theme(request, theme: str, query: Query[DashboardQuery]):
    if theme not in Theme.values:
        return Status(404, {"detail": _("Onbekend thema. Kies uit: %(themes)s.") % {"themes": ", ".join(Theme.values)}})
    form, filters = dashboard_data.read_filters(query.dict())
    if form.is_bound and form.errors:
        return JsonResponse({"detail": _("Ongeldig filter; er is niets getoond."), "errors": form.errors_as_list()}, status=422)
    data = dashboard_data.theme_figures(theme, filters)
    base = dashboard_data.MapBase(data["snapshot"]["taken_at"] if data["snapshot"] else None)
    return {
        **data,
        "filters": {name: str(value) for name, value in filters.params().items()},
        "map_base": {"source": base.layers["source"], "note": str(base.note)},
    }

"""The ecosystem map over the API: GeoJSON features under the map's filters, and a region's figures.

Public, like the map. A filter value the loket does not know is a 422 with a Dutch message per field.
"""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from loket.api_schemas import Invalid
from loket.geography.models import Region

from . import map as geo
from . import map_data

router = Router(tags=["ecosystem"])


class KindCount(Schema):
    kind: str
    label: str
    colour: str
    count: int


class RegionFigures(Schema):
    initiatives: int
    initiatives_by_kind: list[KindCount]
    learning_communities: int = Field(description="Learning communities (ook fieldlabs, CoE's, CIV's enz.) die niet gestopt zijn")
    province_wide: int = Field(description="Initiatieven voor heel Noord-Holland, die dus ook voor deze regio gelden")
    open_vacancies: int
    technical_vacancies_open_long: int = Field(description="Open technische vacatures, langer dan 3 maanden open")
    offerings: int = Field(description="Boekbaar aanbod op locatie in de regio (online aanbod telt niet mee)")
    passport_holders: int | str = Field(description="Mensen met een paspoort die in de regio wonen; 1–9 als \"< 10\"")


class InitiativeRef(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    url: str
    municipality: str


class RegionOut(Schema):
    code: str
    name: str
    figures: RegionFigures
    initiatives: list[InitiativeRef]


def _invalid(form):
    return JsonResponse({"detail": _("Ongeldig filter; kies een waarde uit de lijst."), "errors": form.errors_as_list()}, status=422)


@router.get(
    "/map/features",
    summary="Initiatieven of organisaties op de kaart, als GeoJSON",
    description=(
        "Een GeoJSON FeatureCollection (lengte, breedte). Een initiatief staat op zijn eigen plek, anders midden in zijn "
        "gemeente, anders midden in zijn regio; een initiatief voor heel Noord-Holland heeft geometry null. "
        "Met region erbij komen ook die provinciebrede initiatieven mee: ze gelden voor elke regio."
    ),
    response={200: dict, 422: Invalid},
)
def map_features(
    request,
    theme: str = "",
    programme_line: str = "",
    region: str = Query("", description="Code van de arbeidsmarktregio, bijvoorbeeld AM18"),
    kind: str = Query("", description="Soort initiatief, of soort organisatie bij layer=organisations"),
    layer: str = Query("initiatives", description="initiatives of organisations"),
):
    data = {"theme": theme, "programme_line": programme_line, "region": region, "kind": kind, "layer": layer}
    form = map_data.MapFilterForm(data)
    if not form.is_valid():
        return _invalid(form)
    return map_data.features(form.cleaned_data, form.cleaned_data["layer"])


@router.get("/map/regions/{code}", response=RegionOut, summary="Een regio op de kaart: haar initiatieven en cijfers")
def map_region(request, code: str):
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return {
        "code": region.code,
        "name": region.name,
        "figures": map_data.region_figures(region),
        "initiatives": [
            {
                "slug": i.slug,
                "name": str(i),
                "kind": i.kind,
                "kind_label": geo.kind_label(geo.INITIATIVES, i.kind),
                "url": map_data.initiative_item(i)["url"],
                "municipality": i.municipality.name if i.municipality_id else "",
            }
            for i in map_data.region_initiatives(region)
        ],
    }

"""The geography over the API (public): the map's base layers and the regions with their municipalities."""

from typing import Literal

from ninja import Field, Query, Router, Schema

from . import services

router = Router(tags=["geography"])

YEAR = Field(None, ge=1900, le=2200, description="Jaar van de gebiedsindeling; standaard dit jaar")


class YearParams(Schema):
    year: int | None = YEAR


class Place(Schema):
    code: str
    name: str


class RegionOut(Schema):
    code: str = Field(description="CBS-code van de arbeidsmarktregio, bijvoorbeeld AM18")
    name: str
    municipalities: list[Place] = Field(description="De gemeenten die dat jaar in de regio liggen")


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[dict]


class LayersOut(Schema):
    source: Literal["cbs", "generated"] = Field(
        description="cbs: geïmporteerde CBS-grenzen; generated: een gegenereerde kaart (zeshoeken) omdat er geen grenzen zijn"
    )
    year: int
    attribution: str = Field(description="Bronvermelding om bij de kaart te tonen")
    regions: FeatureCollection = Field(description="Arbeidsmarktregio's: properties code, name, kind=region")
    municipalities: FeatureCollection = Field(description="Gemeenten: properties code, name, region_code, kind=municipality")


@router.get("/layers", response=LayersOut, summary="Grenzen van regio's en gemeenten als GeoJSON, voor de kaart")
def layers(request, params: Query[YearParams]):
    return services.base_layers(params.year)


@router.get("/regions", response=list[RegionOut], summary="Arbeidsmarktregio's van Noord-Holland met hun gemeenten")
def regions(request, params: Query[YearParams]):
    return services.regions_with_municipalities(params.year)

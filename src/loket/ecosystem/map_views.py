"""Pages of the ecosystem map: the offline map with its filters and table, and a region's figures.

Everything the map shows is on the page as well: the filtered initiatives as a table, the regions as a list
with their figures a link away. Without JavaScript the GET form filters that table; with it, Leaflet draws
the same data over the regions and municipalities (no tile server, so it works offline).
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from loket.geography.models import Region

from . import map as geo
from . import map_data


class MapPageForm(map_data.MapFilterForm):
    organisations = forms.BooleanField(label=_("Toon ook organisaties"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, layer=geo.INITIATIVES, **kwargs)
        # The page always shows initiatives; organisations are a switch, not a choice of layer.
        del self.fields["layer"]


PLACED_BY = {
    geo.OWN: _("eigen locatie"),
    geo.MUNICIPALITY: _("midden van de gemeente"),
    geo.REGION: _("midden van de regio"),
    geo.PROVINCE: _("heel Noord-Holland"),
}


def _rows(collection, initiatives, region_names):
    """Table rows: each initiative beside its feature (same order: feature_collection keeps it)."""
    return [
        {
            "initiative": initiative,
            "feature": feature["properties"],
            "region_name": region_names.get(feature["properties"]["region_code"], ""),
            "placed_by": PLACED_BY[feature["properties"]["placed_by"]],
        }
        for initiative, feature in zip(initiatives, collection["features"], strict=True)
    ]


def ecosystem_map(request):
    form = MapPageForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    municipalities = map_data.municipality_points()
    initiatives = list(map_data.filtered_initiatives(filters))
    initiative_features = geo.feature_collection([map_data.initiative_item(i) for i in initiatives], geo.INITIATIVES, municipalities)
    placed, province_wide = geo.split_placed(initiative_features)
    # The kind filter speaks of initiatives; organisations follow the other filters.
    organisation_filters = {key: value for key, value in filters.items() if key != "kind"}
    organisations = list(map_data.filtered_organisations(organisation_filters))
    organisation_features = geo.feature_collection(
        [map_data.organisation_item(o) for o in organisations], geo.ORGANISATIONS, municipalities
    )
    organisations_placed, organisations_unplaced = geo.split_placed(organisation_features)
    layers = map_data.base_layers()
    counts = {}
    for feature in placed:
        counts[feature["properties"]["region_code"]] = counts.get(feature["properties"]["region_code"], 0) + 1
    all_regions = list(map_data.map_regions())
    regions = [{"region": region, "count": counts.get(region.code, 0)} for region in all_regions]
    context = {
        "form": form,
        "has_errors": form.is_bound and not form.is_valid(),
        "filtered": bool(filters) and any(filters.get(name) for name in ("theme", "programme_line", "region", "kind")),
        "show_organisations": bool(filters.get("organisations")),
        "layers": layers,
        "generated": layers["source"] == "generated",
        "map_data": {
            "regions": layers["regions"],
            "municipalities": layers["municipalities"],
            "initiatives": {"type": "FeatureCollection", "features": placed},
            "organisations": {"type": "FeatureCollection", "features": organisations_placed},
            # A generated base is explained above the map; only real boundaries have someone to credit.
            "attribution": "" if layers["source"] == "generated" else layers["attribution"],
        },
        "initiative_rows": _rows(initiative_features, initiatives, {region.code: region.name for region in all_regions}),
        "province_wide": province_wide,
        "legend": geo.legend(geo.INITIATIVES, placed),
        "organisation_legend": geo.legend(geo.ORGANISATIONS, organisations_placed),
        "organisations": list(zip(organisations, [f["properties"] for f in organisation_features["features"]], strict=True)),
        "organisations_unplaced": len(organisations_unplaced),
        "regions": regions,
    }
    return render(request, "ecosystem/map.html", context)


def region_context(code):
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return {"region": region, "figures": map_data.region_figures(region), "initiatives": list(map_data.region_initiatives(region))}


def map_region(request, code):
    """A region's initiatives and figures: the map's panel when htmx asks, a page of its own otherwise."""
    context = region_context(code)
    fragment = request.headers.get("HX-Request") == "true"
    response = render(request, "ecosystem/map_region_panel.html" if fragment else "ecosystem/map_region.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [
    path("kaart/", ecosystem_map, name="map"),
    path("kaart/regio/<str:code>/", map_region, name="map_region"),
]

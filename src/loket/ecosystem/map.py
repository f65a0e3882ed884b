"""The ecosystem map on plain data: where each initiative or organisation goes, its colour, and the legend.

Items come in as plain dicts (``slug``, ``name``, ``kind``, ``url``, ``latitude``, ``longitude``,
``municipality_code``, ``region_code``) and go out as GeoJSON features (RFC 7946: longitude first).
No ORM here, so the rules below are tested alone and the page and the API place things alike.
"""

from .vocabulary import InitiativeKind, OrganisationKind

INITIATIVES = "initiatives"
ORGANISATIONS = "organisations"
LAYERS = (INITIATIVES, ORGANISATIONS)

# How an item got its place, best first: its own coordinates, its municipality's centre, its region's centre.
OWN, MUNICIPALITY, REGION, PROVINCE = "own", "municipality", "region", "province"

# One colour per kind, far enough apart to tell on the map; each has at least 3:1 contrast against white and
# the light region fill (WCAG 1.4.11), and markers get a dark outline besides. The legend and the table say
# the kind in words too, so nobody depends on telling the colours apart.
INITIATIVE_COLOURS = {
    InitiativeKind.PPS: "#1f5fa8",
    InitiativeKind.CAMPUS: "#c62828",
    InitiativeKind.FIELDLAB: "#2e7d32",
    InitiativeKind.SKILLSLAB: "#7b3fa0",
    InitiativeKind.LIVING_LAB: "#8c564b",
    InitiativeKind.COE: "#c2185b",
    InitiativeKind.CIV: "#5f6a72",
    InitiativeKind.TECHNOHUB: "#8a7a00",
    InitiativeKind.LEARNING_COMMUNITY: "#00838f",
    InitiativeKind.DEVELOPMENT_COALITION: "#d35400",
    InitiativeKind.START_COALITION: "#283593",
    InitiativeKind.PROGRAMME: "#4e6b1f",
    InitiativeKind.NETWORK: "#7a2e2a",
}
ORGANISATION_COLOURS = {
    OrganisationKind.COMPANY: "#1565c0",
    OrganisationKind.SCHOOL: "#d35400",
    OrganisationKind.GOVERNMENT: "#b71c1c",
    OrganisationKind.BRANCH: "#00796b",
    OrganisationKind.OO_FUND: "#2e7d32",
    OrganisationKind.KNOWLEDGE: "#6a1b9a",
    OrganisationKind.OTHER: "#616161",
}
COLOURS = {INITIATIVES: INITIATIVE_COLOURS, ORGANISATIONS: ORGANISATION_COLOURS}
KINDS = {INITIATIVES: InitiativeKind, ORGANISATIONS: OrganisationKind}
# A kind added to the vocabulary before it gets a colour of its own still shows, in grey.
FALLBACK_COLOUR = "#595959"



def colour(layer, kind):
    """The marker colour of a kind of initiative or organisation."""
    return COLOURS[layer].get(kind, FALLBACK_COLOUR)


def kind_label(layer, kind):
    """The kind in words, in the active language ("" for an unknown kind)."""
    try:
        return str(KINDS[layer](kind).label)
    except ValueError:
        return ""


def region_centres(municipalities):
    """{region code: (latitude, longitude)}: the mean of its municipalities' centres.

    ``municipalities`` is {code: {"latitude", "longitude", "region_code"}}. The mean of the centres stays
    inside the region for Noord-Holland's regions, and needs no boundaries, so it works on either base.
    """
    sums = {}
    for municipality in municipalities.values():
        lat, lon, n = sums.get(municipality["region_code"], (0.0, 0.0, 0))
        sums[municipality["region_code"]] = (lat + municipality["latitude"], lon + municipality["longitude"], n + 1)
    return {code: (round(lat / n, 5), round(lon / n, 5)) for code, (lat, lon, n) in sums.items()}


def place(item, municipalities, centres):
    """(latitude, longitude, how) of an item, or (None, None, PROVINCE) when it has no place of its own.

    Own coordinates first, then the municipality's centre, then the region's centre. An item with none of
    these works in the whole province (or its municipality is unknown to the map) and is listed instead.
    """
    if item.get("latitude") is not None and item.get("longitude") is not None:
        return item["latitude"], item["longitude"], OWN
    municipality = municipalities.get(item.get("municipality_code") or "")
    if municipality:
        return municipality["latitude"], municipality["longitude"], MUNICIPALITY
    centre = centres.get(item.get("region_code") or "")
    if centre:
        return centre[0], centre[1], REGION
    return None, None, PROVINCE


def region_of(item, municipalities):
    """The item's region code: its own, else its municipality's ("" for the whole province)."""
    if item.get("region_code"):
        return item["region_code"]
    municipality = municipalities.get(item.get("municipality_code") or "")
    return municipality["region_code"] if municipality else ""


def feature(item, layer, municipalities, centres):
    """One GeoJSON feature; its geometry is null when the item has no place (RFC 7946 allows it)."""
    latitude, longitude, how = place(item, municipalities, centres)
    return {
        "type": "Feature",
        "id": f"{layer}:{item['slug']}",
        "geometry": None if how == PROVINCE else {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {
            "slug": item["slug"],
            "name": item["name"],
            "kind": item["kind"],
            "kind_label": kind_label(layer, item["kind"]),
            "colour": colour(layer, item["kind"]),
            "url": item.get("url", ""),
            "region_code": region_of(item, municipalities),
            "placed_by": how,
        },
    }


def feature_collection(items, layer, municipalities, centres=None):
    """Every item as a feature, in the order given; those without a place carry a null geometry."""
    centres = region_centres(municipalities) if centres is None else centres
    return {"type": "FeatureCollection", "features": [feature(item, layer, municipalities, centres) for item in items]}


def split_placed(collection):
    """(features with a place, features without): the map draws the first, the page lists the second beside it."""
    placed = [f for f in collection["features"] if f["geometry"] is not None]
    unplaced = [f for f in collection["features"] if f["geometry"] is None]
    return placed, unplaced


def legend(layer, features):
    """[{kind, label, colour, count}] for the kinds on the map, in the vocabulary's order."""
    counts = {}
    for item in features:
        counts[item["properties"]["kind"]] = counts.get(item["properties"]["kind"], 0) + 1
    known = [kind for kind in KINDS[layer].values if kind in counts]
    unknown = sorted(kind for kind in counts if kind not in KINDS[layer].values)
    return [
        {"kind": kind, "label": kind_label(layer, kind) or kind, "colour": colour(layer, kind), "count": counts[kind]}
        for kind in known + unknown
    ]

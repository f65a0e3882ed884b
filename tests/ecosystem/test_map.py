"""The map's plain rules: colours per kind, where a marker goes, and what has no place."""

import pytest

from loket.ecosystem import map as geo
from loket.ecosystem.vocabulary import InitiativeKind, OrganisationKind

MUNICIPALITIES = {
    "GM0363": {"latitude": 52.370, "longitude": 4.895, "region_code": "AM18"},
    "GM0362": {"latitude": 52.303, "longitude": 4.859, "region_code": "AM18"},
    "GM0361": {"latitude": 52.632, "longitude": 4.748, "region_code": "AM15"},
}


def item(slug, kind="campus", **extra):
    return {"slug": slug, "name": slug.title(), "kind": kind, "url": f"/i/{slug}/", "latitude": None, "longitude": None,
            "municipality_code": "", "region_code": "", **extra}  # fmt: skip


def contrast_with_white(hex_colour):
    def linear(channel):
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(hex_colour[i : i + 2]) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@pytest.mark.parametrize("layer, kinds", [(geo.INITIATIVES, InitiativeKind), (geo.ORGANISATIONS, OrganisationKind)])
def test_every_kind_has_its_own_colour_that_stands_out_on_the_map(layer, kinds):
    colours = [geo.colour(layer, kind) for kind in kinds.values]
    assert len(set(colours)) == len(colours)
    assert geo.FALLBACK_COLOUR not in colours
    # WCAG 1.4.11: a marker needs 3:1 against what is around it (white, or the lighter region fills).
    assert all(contrast_with_white(c) >= 3 for c in colours), [(c, round(contrast_with_white(c), 2)) for c in colours]


def test_an_unknown_kind_is_still_drawn_in_the_fallback_grey():
    assert geo.colour(geo.INITIATIVES, "hackathon") == geo.FALLBACK_COLOUR
    assert geo.kind_label(geo.INITIATIVES, "hackathon") == ""


def test_a_feature_carries_colour_and_label_of_its_kind():
    collection = geo.feature_collection([item("tech-campus", kind="campus", municipality_code="GM0361")], geo.INITIATIVES, MUNICIPALITIES)
    properties = collection["features"][0]["properties"]
    assert properties["colour"] == geo.INITIATIVE_COLOURS[InitiativeKind.CAMPUS]
    assert properties["kind_label"] == "Campus"
    assert properties["url"] == "/i/tech-campus/"
    assert properties["region_code"] == "AM15"


def test_own_coordinates_come_first_and_are_written_longitude_first():
    collection = geo.feature_collection(
        [item("a", latitude=52.5, longitude=4.6, municipality_code="GM0363", region_code="AM18")], geo.INITIATIVES, MUNICIPALITIES
    )
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.6, 52.5]}
    assert feature["properties"]["placed_by"] == geo.OWN


def test_without_coordinates_the_municipality_centre_then_the_region_centre():
    by_municipality = geo.place(item("a", municipality_code="GM0363", region_code="AM18"), MUNICIPALITIES, geo.region_centres(MUNICIPALITIES))
    assert by_municipality == (52.370, 4.895, geo.MUNICIPALITY)
    by_region = geo.place(item("b", region_code="AM18"), MUNICIPALITIES, geo.region_centres(MUNICIPALITIES))
    # The mean of Amsterdam's and Amstelveen's centres.
    assert by_region == (pytest.approx(52.3365), pytest.approx(4.877), geo.REGION)


def test_half_given_coordinates_do_not_count_as_a_place():
    latitude, longitude, how = geo.place(item("a", latitude=52.5, municipality_code="GM0361"), MUNICIPALITIES, {})
    assert (latitude, longitude, how) == (52.632, 4.748, geo.MUNICIPALITY)


def test_an_unknown_municipality_falls_back_to_the_region():
    how = geo.place(item("a", municipality_code="GM9999", region_code="AM15"), MUNICIPALITIES, geo.region_centres(MUNICIPALITIES))[2]
    assert how == geo.REGION


def test_province_wide_initiatives_have_no_place_and_are_listed_apart():
    items = [item("noord-holland-breed", kind="startcoalitie"), item("amsterdam", municipality_code="GM0363")]
    collection = geo.feature_collection(items, geo.INITIATIVES, MUNICIPALITIES)
    placed, unplaced = geo.split_placed(collection)
    assert [f["properties"]["slug"] for f in placed] == ["amsterdam"]
    assert [f["properties"]["slug"] for f in unplaced] == ["noord-holland-breed"]
    assert unplaced[0]["geometry"] is None
    assert unplaced[0]["properties"]["placed_by"] == geo.PROVINCE
    assert unplaced[0]["properties"]["region_code"] == ""


def test_the_region_of_an_item_without_one_is_its_municipalitys():
    assert geo.region_of(item("a", municipality_code="GM0362"), MUNICIPALITIES) == "AM18"
    assert geo.region_of(item("b", municipality_code="GM0362", region_code="AM15"), MUNICIPALITIES) == "AM15"
    assert geo.region_of(item("c"), MUNICIPALITIES) == ""


def test_the_legend_counts_the_kinds_on_the_map_in_the_vocabularys_order():
    items = [
        item("a", kind="fieldlab", municipality_code="GM0363"),
        item("b", kind="campus", municipality_code="GM0363"),
        item("c", kind="fieldlab", municipality_code="GM0361"),
    ]
    placed, _ = geo.split_placed(geo.feature_collection(items, geo.INITIATIVES, MUNICIPALITIES))
    legend = geo.legend(geo.INITIATIVES, placed)
    assert [(entry["kind"], entry["count"]) for entry in legend] == [("campus", 1), ("fieldlab", 2)]
    assert legend[1]["label"] == "Fieldlab"
    assert legend[1]["colour"] == geo.INITIATIVE_COLOURS[InitiativeKind.FIELDLAB]


def test_organisations_use_their_own_colours():
    collection = geo.feature_collection([item("roc", kind="school", municipality_code="GM0361")], geo.ORGANISATIONS, MUNICIPALITIES)
    properties = collection["features"][0]["properties"]
    assert properties["colour"] == geo.ORGANISATION_COLOURS[OrganisationKind.SCHOOL]
    assert properties["kind_label"] == "Onderwijsinstelling"
    assert collection["features"][0]["id"] == "organisations:roc"

"""GET /api/v1/geography/layers and /regions: public, per year, errors in Dutch."""

import pytest

from loket.geography import geometry
from loket.geography.models import Municipality

from .conftest import year_files

pytestmark = pytest.mark.django_db


def test_without_imported_boundaries_the_layers_are_a_generated_base(client):
    answer = client.get("/api/v1/geography/layers?year=2025")
    assert answer.status_code == 200
    layers = answer.json()
    assert layers["source"] == "generated" and layers["year"] == 2025
    assert "loket import-boundaries" in layers["attribution"]
    municipalities = layers["municipalities"]["features"]
    assert len(municipalities) == 44
    assert {f["properties"]["kind"] for f in municipalities} == {"municipality"}
    amsterdam = next(f for f in municipalities if f["properties"]["code"] == "GM0363")
    assert amsterdam["properties"] == {"code": "GM0363", "name": "Amsterdam", "region_code": "AM18", "kind": "municipality"}
    regions = layers["regions"]["features"]
    assert [f["properties"] for f in regions] == [
        {"code": code, "name": name, "kind": "region"}
        for code, name in [
            ("AM12", "Gooi en Vechtstreek"), ("AM15", "Noord-Holland Noord"), ("AM17", "Zaanstreek/Waterland"),
            ("AM18", "Groot Amsterdam"), ("AM37", "Zuid-Kennemerland en IJmond"),
        ]
    ]
    # Each municipality's tile lies inside its region's outline.
    outlines = {f["properties"]["code"]: f["geometry"] for f in regions}
    for feature in municipalities:
        middle = geometry.centroid(feature["geometry"])
        assert geometry.point_in_polygon(middle, outlines[feature["properties"]["region_code"]])


def test_the_default_year_is_this_year(client):
    from django.utils import timezone

    layers = client.get("/api/v1/geography/layers").json()
    assert layers["year"] == timezone.now().year
    assert len(layers["municipalities"]["features"]) == 44


def test_a_year_before_any_division_has_no_areas(client):
    layers = client.get("/api/v1/geography/layers?year=2020").json()
    assert layers["regions"]["features"] == [] and layers["municipalities"]["features"] == []
    assert client.get("/api/v1/geography/regions?year=2020").json() == []


def test_imported_boundaries_are_served_for_their_years(client, run):
    run("import_boundaries", *year_files(2030), "--force")
    layers = client.get("/api/v1/geography/layers?year=2030").json()
    assert layers["source"] == "cbs"
    assert sorted(f["properties"]["code"] for f in layers["municipalities"]["features"]) == ["GM9001", "GM9002", "GM9004"]
    assert client.get("/api/v1/geography/layers?year=2025").json()["source"] == "generated"


def test_regions_list_their_municipalities_for_the_year(client):
    regions = client.get("/api/v1/geography/regions?year=2025").json()
    assert [r["code"] for r in regions] == ["AM12", "AM15", "AM17", "AM18", "AM37"]
    gooi = regions[0]
    assert gooi["name"] == "Gooi en Vechtstreek"
    assert [m["name"] for m in gooi["municipalities"]] == ["Blaricum", "Gooise Meren", "Hilversum", "Huizen", "Laren (NH.)", "Wijdemeren"]
    assert sum(len(r["municipalities"]) for r in regions) == 44
    # A municipality closed after 2025 is still in 2025's list, but not in 2026's.
    Municipality.objects.filter(code="GM0376").update(valid_until=2025)
    assert "GM0376" in [m["code"] for m in client.get("/api/v1/geography/regions?year=2025").json()[0]["municipalities"]]
    assert "GM0376" not in [m["code"] for m in client.get("/api/v1/geography/regions?year=2026").json()[0]["municipalities"]]


@pytest.mark.parametrize("query, message", [("year=abc", "moet een geheel getal zijn"), ("year=1800", "te klein"), ("year=3000", "te groot")])
def test_a_bad_year_is_a_422_in_dutch(client, query, message):
    for endpoint in ("layers", "regions"):
        answer = client.get(f"/api/v1/geography/{endpoint}?{query}")
        assert answer.status_code == 422
        assert answer.json()["detail"] == "Ongeldige invoer; er is niets gewijzigd."
        assert answer.json()["errors"] == [{"field": "year", "message": message}]

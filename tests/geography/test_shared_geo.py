"""The real CBS boundaries of 2025 (../shared/geo): Noord-Holland as the data migration knows it."""

import csv

import pytest

from loket.geography import geometry
from loket.geography.models import Boundary, Municipality, Region
from loket.geography.services import base_layers

from ..conftest import SHARED_DIR

GEO = SHARED_DIR / "geo"
FILES = [GEO / "gemeente_2025.geojson", GEO / "arbeidsmarktregio_2025.geojson"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_geo():
    if not all(path.exists() for path in FILES):
        pytest.skip(f"The CBS boundaries of 2025 are not in {GEO} (set LOKET_SHARED_DIR to the shared folder).")
    return [str(path) for path in FILES]


def test_the_real_2025_boundaries_cover_noord_holland_as_it_is(run, shared_geo, geography_state):
    regions_before, municipalities_before, _shapes = geography_state()
    out = run("import_boundaries", "--year", "2025", *shared_geo)

    assert "Grenzen van 2025 geïmporteerd (bron: bestand): 5 arbeidsmarktregio's, 44 gemeenten." in out
    # The two Utrecht municipalities inside Noord-Holland's labour-market regions stay out.
    assert "Overgeslagen: Eemnes (GM0317) ligt in arbeidsmarktregio AM12, maar in de provincie Utrecht." in out
    assert "Overgeslagen: De Ronde Venen (GM0736) ligt in arbeidsmarktregio AM18, maar in de provincie Utrecht." in out
    assert "Nieuwe gemeenten" not in out and "Gesloten" not in out and "hoort nu bij" not in out
    regions_after, municipalities_after, _shapes = geography_state()
    assert (regions_after, municipalities_after) == (regions_before, municipalities_before)

    current = set(Municipality.objects.current(2025).values_list("code", flat=True))
    assert len(current) == 44
    assert set(Boundary.objects.filter(year=2025, level="municipality").values_list("code", flat=True)) == current
    assert sorted(Boundary.objects.filter(year=2025, level="region").values_list("code", flat=True)) == [
        "AM12", "AM15", "AM17", "AM18", "AM37",
    ]

    layers = base_layers(2025)
    assert layers["source"] == "cbs"
    assert len(layers["regions"]["features"]) == 5 and len(layers["municipalities"]["features"]) == 44
    names = {m.code: (m.name, m.region.code) for m in Municipality.objects.select_related("region")}
    for feature in layers["municipalities"]["features"]:
        properties = feature["properties"]
        assert (properties["name"], properties["region_code"]) == names[properties["code"]]
        # Each municipality's own point (from the 2025 table) lies in its real shape.
        municipality = Municipality.objects.get(code=properties["code"])
        assert geometry.point_in_polygon((municipality.longitude, municipality.latitude), feature["geometry"]), properties["name"]
    # Next year, with no boundaries of its own yet, still shows 2025's.
    assert base_layers(2026)["source"] == "cbs"


def test_the_region_of_every_municipality_agrees_with_the_cbs_table(run, shared_geo):
    table = GEO / "municipalities_regions.csv"
    if not table.exists():
        pytest.skip(f"{table} is missing.")
    with open(table, encoding="utf-8") as handle:
        noord_holland = {row["code"]: row["region_code"] for row in csv.DictReader(handle) if row["year"] == "2026" and row["province_code"] == "PV27"}
    run("import_boundaries", "--year", "2025", *shared_geo)
    recorded = dict(Boundary.objects.filter(year=2025, level="municipality").values_list("code", "region_code"))
    assert recorded == noord_holland


def test_loket_demo_imports_the_configured_boundaries(settings, shared_geo, capsys):
    from django.core.management import call_command

    settings.DEBUG = True
    settings.LOKET_BOUNDARIES_PATH = str(GEO)
    call_command("demo")
    assert "Grenzen van 2025 geïmporteerd (bron: bestand): 5 arbeidsmarktregio's, 44 gemeenten." in capsys.readouterr().out
    assert Boundary.objects.filter(year=2025).count() == 49
    assert Region.objects.current(2025).count() == 5

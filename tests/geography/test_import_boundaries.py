"""loket import-boundaries from files: years, mergers, Noord-Holland only, all or nothing.

The fixtures are squares: regions AM15 and AM12 (Noord-Holland) and AM21 (not);
in 2030 the municipalities Aland and Bdorp (AM15), Dwaal (AM12), Eemnes (in AM12
but in Utrecht) and Elders (AM21); in 2031 Aland and Bdorp have merged into
Cmeer. The 44 real municipalities the data migration loads are in neither year,
so importing these years closes them (hence --force).
"""

import json

import pytest
from django.core.management import CommandError

from loket.geography import geometry
from loket.geography.models import Boundary, Municipality, Region
from loket.geography.services import base_layers, regions_with_municipalities

from .conftest import FIXTURES, fixture, load, year_files

pytestmark = pytest.mark.django_db


def codes(collection):
    return sorted(feature["properties"]["code"] for feature in collection["features"])


def test_a_merger_closes_the_old_municipalities_and_creates_the_new_one(run):
    out = run("import_boundaries", "--year", "2030", *year_files(2030), "--force")
    assert "Grenzen van 2030 geïmporteerd (bron: bestand): 2 arbeidsmarktregio's, 3 gemeenten." in out
    assert "Nieuwe gemeenten vanaf 2030: Aland (GM9001), Bdorp (GM9002), Dwaal (GM9004)" in out
    assert "Gesloten (bestaan tot en met 2029): Aalsmeer (GM0358), Alkmaar (GM0361)" in out
    assert "Overgeslagen: Eemnes (GM0317) ligt in arbeidsmarktregio AM12, maar in de provincie Utrecht." in out

    out = run("import_boundaries", "--year", "2031", *reversed(year_files(2031)))
    assert "Nieuwe gemeenten vanaf 2031: Cmeer (GM9010)" in out
    assert "Gesloten (bestaan tot en met 2030): Aland (GM9001), Bdorp (GM9002)" in out

    aland, cmeer = Municipality.objects.get(code="GM9001"), Municipality.objects.get(code="GM9010")
    assert (aland.valid_from, aland.valid_until, aland.region.code) == (2030, 2030, "AM15")
    assert (cmeer.valid_from, cmeer.valid_until, cmeer.region.code) == (2031, None, "AM15")
    # A new municipality's place is its centroid.
    assert (aland.longitude, aland.latitude) == pytest.approx((4.1, 51.1))
    assert (cmeer.longitude, cmeer.latitude) == pytest.approx((4.2, 51.1))
    # Neither the Utrecht municipality nor the one outside Noord-Holland's regions was added.
    assert not Municipality.objects.filter(code__in=["GM0317", "GM9005"]).exists()
    assert not Region.objects.filter(code="AM21").exists()

    year_2030, year_2031 = base_layers(2030), base_layers(2031)
    assert (year_2030["source"], year_2031["source"]) == ("cbs", "cbs")
    assert codes(year_2030["municipalities"]) == ["GM9001", "GM9002", "GM9004"]
    assert codes(year_2031["municipalities"]) == ["GM9004", "GM9010"]
    assert codes(year_2031["regions"]) == ["AM12", "AM15"]
    cmeer_feature = next(f for f in year_2031["municipalities"]["features"] if f["id"] == "GM9010")
    assert cmeer_feature["properties"] == {"code": "GM9010", "name": "Cmeer", "region_code": "AM15", "kind": "municipality"}
    assert geometry.bbox(cmeer_feature["geometry"]) == (4.0, 51.0, 4.4, 51.2)
    assert "CBS Gebiedsindelingen 2031 via PDOK, licentie CC-BY 4.0" in year_2031["attribution"]
    # Later years without boundaries of their own use the latest ones before them.
    assert codes(base_layers(2040)["municipalities"]) == ["GM9004", "GM9010"]
    # Before any imported year: the 44 of 2025 on the generated base.
    before = base_layers(2025)
    assert before["source"] == "generated" and len(before["municipalities"]["features"]) == 44
    assert [r["code"] for r in regions_with_municipalities(2031)] == ["AM12", "AM15"]
    assert regions_with_municipalities(2031)[1]["municipalities"] == [{"code": "GM9010", "name": "Cmeer"}]


def test_a_folder_imports_every_year_in_order_and_out_of_order_gives_the_same(run, geography_state):
    run("import_boundaries", str(FIXTURES), "--force")
    in_one_go = geography_state()
    assert set(Boundary.objects.values_list("year", flat=True)) == {2030, 2031}

    Boundary.objects.all().delete()
    Municipality.objects.filter(code__startswith="GM90").delete()
    Municipality.objects.update(valid_until=None)
    Region.objects.update(valid_until=None)
    run("import_boundaries", "--year", "2031", *year_files(2031), "--force")
    run("import_boundaries", "--year", "2030", *year_files(2030), "--force")
    regions, municipalities, shapes = geography_state()
    # Created in another order, so only the rows' contents are compared.
    assert (regions, shapes) == (in_one_go[0], in_one_go[2])
    assert municipalities == in_one_go[1]


def test_a_municipality_that_changes_region_keeps_its_old_region_in_the_old_year(run, tmp_path):
    run("import_boundaries", *year_files(2030), "--force")
    regions = load("arbeidsmarktregio_2031.geojson")
    # In 2031 AM15 grows east over Dwaal; AM12 keeps the rest.
    regions["features"][0]["geometry"]["coordinates"] = [[[4.0, 51.0], [4.6, 51.0], [4.6, 51.4], [4.0, 51.4], [4.0, 51.0]]]
    regions["features"][1]["geometry"]["coordinates"] = [[[4.6, 51.0], [4.8, 51.0], [4.8, 51.4], [4.6, 51.4], [4.6, 51.0]]]
    (tmp_path / "arbeidsmarktregio_2031.geojson").write_text(json.dumps(regions))
    out = run("import_boundaries", str(fixture("gemeente_2031.geojson")), str(tmp_path / "arbeidsmarktregio_2031.geojson"))
    assert "Dwaal (GM9004) hoort nu bij AM15, niet meer bij AM12." in out
    assert Municipality.objects.get(code="GM9004").region.code == "AM15"

    def region_of_dwaal(year):
        return next(f["properties"]["region_code"] for f in base_layers(year)["municipalities"]["features"] if f["id"] == "GM9004")

    assert (region_of_dwaal(2030), region_of_dwaal(2031)) == ("AM12", "AM15")
    assert [m["code"] for m in regions_with_municipalities(2030)[0]["municipalities"]] == ["GM9004"]  # AM12 in 2030
    assert regions_with_municipalities(2031)[0]["municipalities"] == []


def test_reimporting_a_year_updates_it_in_place(run, tmp_path):
    run("import_boundaries", "--year", "2030", *year_files(2030), "--force")
    count = Boundary.objects.count()
    document = load("gemeente_2030.geojson")
    document["features"][0]["properties"]["statnaam"] = "Aland aan Zee"
    document["features"][0]["geometry"]["coordinates"][0][2] = [4.25, 51.25]
    document["features"][0]["geometry"]["coordinates"][0][1] = [4.2, 51.0]
    (tmp_path / "gemeente_2030.geojson").write_text(json.dumps(document))
    out = run("import_boundaries", str(tmp_path / "gemeente_2030.geojson"), str(fixture("arbeidsmarktregio_2030.geojson")))
    assert "Nieuwe gemeenten" not in out and "Gesloten" not in out
    assert Boundary.objects.count() == count
    aland = Boundary.objects.get(level="municipality", code="GM9001", year=2030)
    assert aland.name == "Aland aan Zee" and [4.25, 51.25] in aland.geometry["coordinates"][0]
    assert Municipality.objects.get(code="GM9001").name == "Aland aan Zee"

    # A year re-imported without one of its municipalities loses that shape too.
    document["features"] = [f for f in document["features"] if f["properties"]["statcode"] != "GM9002"]
    (tmp_path / "gemeente_2030.geojson").write_text(json.dumps(document))
    run("import_boundaries", str(tmp_path / "gemeente_2030.geojson"), str(fixture("arbeidsmarktregio_2030.geojson")))
    assert codes(base_layers(2030)["municipalities"]) == ["GM9001", "GM9004"]


def test_a_file_that_would_close_most_municipalities_needs_force(run, geography_state):
    before = geography_state()
    with pytest.raises(CommandError, match="Deze grenzen zouden 44 van de 44 gemeenten van 2030 sluiten zonder dat een andere gemeente hun plek overneemt; er is niets gewijzigd."):
        run("import_boundaries", "--year", "2030", *year_files(2030))
    assert geography_state() == before


def test_a_dry_run_reports_and_saves_nothing(run, geography_state):
    before = geography_state()
    out = run("import_boundaries", *year_files(2030), "--force", "--dry-run")
    assert "Proefdraai: er is niets opgeslagen." in out
    assert "Grenzen van 2030 gecontroleerd (bron: bestand): 2 arbeidsmarktregio's, 3 gemeenten." in out
    assert "Nieuwe gemeenten vanaf 2030: Aland (GM9001)" in out
    assert geography_state() == before


def feature_collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def municipality(code="GM9001", name="Aland", geometry_value=None, **extra):
    properties = {"statcode": code, "statnaam": name, "rubriek": "gemeente", **extra}
    shape = geometry_value or {"type": "Polygon", "coordinates": [[[4.0, 51.0], [4.2, 51.0], [4.2, 51.2], [4.0, 51.0]]]}
    return {"type": "Feature", "properties": properties, "geometry": shape}


def second(feature):
    """A valid first feature, then the broken one: the message must name feature 2."""
    return feature_collection(municipality("GM9004", "Dwaal"), feature)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{niet json", "gemeente_2030.geojson: geen geldige JSON (regel 1, kolom 2)."),
        (b"\xff\xfe{}", "gemeente_2030.geojson: geen GeoJSON; het bestand is geen UTF-8-tekst."),
        ({"type": "Feature"}, "gemeente_2030.geojson: geen GeoJSON FeatureCollection."),
        (feature_collection(), "gemeente_2030.geojson: het bestand bevat geen gebieden (features)."),
        (second({"type": "Feature", "properties": {"statnaam": "Aland"}, "geometry": None}),
         "gemeente_2030.geojson, feature 2: de statcode ontbreekt."),
        (second(municipality(geometry_value=None) | {"geometry": None}),
         "gemeente_2030.geojson, feature 2 (GM9001): de geometrie ontbreekt."),
        (second(municipality(name="")), "gemeente_2030.geojson, feature 2 (GM9001): de statnaam ontbreekt."),
        (second(municipality(code="0363")), "feature 2: de statcode 0363 is geen CBS-code van een gemeente (GMnnnn) of arbeidsmarktregio (AMnn)."),
        (second(municipality(geometry_value={"type": "Polygon", "coordinates": [[[120000, 480000], [121000, 480000], [121000, 481000], [120000, 480000]]]})),
         "feature 2 (GM9001): de coördinaat (120000, 480000) is geen lengte- en breedtegraad; verwacht WGS84 (EPSG:4326)."),
        (second(municipality(geometry_value={"type": "Polygon", "coordinates": [[[51.0, 4.0], [51.2, 4.0], [51.2, 4.2], [51.0, 4.0]]]})),
         "feature 2 (GM9001): de coördinaat (51.0, 4.0) ligt niet in Nederland"),
        (second(municipality(geometry_value={"type": "Polygon", "coordinates": [[[4.0, 51.0], [4.2, 51.0], [4.2, 51.2], [4.1, 51.3]]]})),
         "feature 2 (GM9001): een ring is niet gesloten"),
        (second(municipality(rubriek="provincie")), "feature 2 (GM9001): de rubriek is provincie, maar de statcode hoort bij een gemeente."),
        (second(municipality(code="AM15", rubriek="arbeidsmarktregio")),
         "feature 2 (AM15): een bestand bevat óf gemeenten óf arbeidsmarktregio's; dit bestand begon met gemeenten."),
        (second(municipality(code="GM9004")), "feature 2 (GM9004): de statcode staat ook al in feature 1."),
    ],
)
def test_a_malformed_file_is_refused_with_file_feature_and_reason_and_nothing_changes(
    run, tmp_path, geography_state, content, expected
):
    path = tmp_path / "gemeente_2030.geojson"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    before = geography_state()
    with pytest.raises(CommandError) as refused:
        run("import_boundaries", "--year", "2030", str(path), str(fixture("arbeidsmarktregio_2030.geojson")), "--force")
    assert str(refused.value).startswith("Import afgebroken, er is niets gewijzigd. ")
    assert expected in str(refused.value)
    assert geography_state() == before


def test_a_good_municipality_file_with_a_bad_region_file_changes_nothing(run, tmp_path, geography_state):
    document = load("arbeidsmarktregio_2030.geojson")
    del document["features"][2]["geometry"]
    path = tmp_path / "arbeidsmarktregio_2030.geojson"
    path.write_text(json.dumps(document))
    before = geography_state()
    with pytest.raises(CommandError, match=r"arbeidsmarktregio_2030.geojson, feature 3 \(AM21\): de geometrie ontbreekt."):
        run("import_boundaries", str(fixture("gemeente_2030.geojson")), str(path), "--force")
    assert geography_state() == before


@pytest.mark.parametrize(
    "files, year, expected",
    [
        (["gemeente_2030.geojson"], None, "Voor 2030 ontbreekt het bestand met arbeidsmarktregio's; geef gemeenten én arbeidsmarktregio's."),
        (["gemeente_2030.geojson", "gemeente_2031.geojson", "arbeidsmarktregio_2030.geojson"], None,
         "Voor 2031 ontbreekt het bestand met arbeidsmarktregio's"),
        (["gemeente_2030.geojson", "arbeidsmarktregio_2030.geojson"], "2024", "Geen grenzen van 2024 gevonden; de bestanden zijn van 2030."),
        (["gemeente_2030.geojson", "bestaat-niet.geojson"], None, "bestaat-niet.geojson bestaat niet."),
    ],
)
def test_files_that_do_not_make_a_year_are_refused(run, geography_state, files, year, expected):
    before = geography_state()
    with pytest.raises(CommandError, match=expected):
        run("import_boundaries", *(["--year", year] if year else []), *[str(fixture(name)) for name in files], "--force")
    assert geography_state() == before


def test_a_region_file_without_noord_holland_is_refused(run, tmp_path, geography_state):
    document = load("arbeidsmarktregio_2030.geojson")
    document["features"] = [f for f in document["features"] if f["properties"]["statcode"] == "AM21"]
    path = tmp_path / "regio.geojson"
    path.write_text(json.dumps(document))
    before = geography_state()
    with pytest.raises(CommandError, match=r"regio.geojson bevat geen enkele arbeidsmarktregio van Noord-Holland \(AM12, AM15, AM17, AM18, AM37\)."):
        run("import_boundaries", str(fixture("gemeente_2030.geojson")), str(path), "--force")
    assert geography_state() == before


def test_a_file_without_a_year_needs_year(run, tmp_path):
    document = load("gemeente_2030.geojson")
    for feature in document["features"]:
        del feature["properties"]["jrstatcode"]
    (tmp_path / "gemeenten.geojson").write_text(json.dumps(document))
    with pytest.raises(CommandError, match="gemeenten.geojson: van welk jaar zijn deze grenzen\\? Geef het jaar op met --year."):
        run("import_boundaries", str(tmp_path / "gemeenten.geojson"), str(fixture("arbeidsmarktregio_2030.geojson")), "--force")
    run("import_boundaries", "--year", "2030", str(tmp_path / "gemeenten.geojson"), str(fixture("arbeidsmarktregio_2030.geojson")), "--force")
    assert Boundary.objects.filter(year=2030, level="municipality").count() == 3


def test_the_loket_command_line_lists_and_helps_with_the_command(capsys):
    from loket.cli import main

    assert main(["loket", "--help"]) == 0
    assert "import-boundaries" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["loket", "import-boundaries", "--help"])
    assert "Importeer de echte grenzen van gemeenten en arbeidsmarktregio's" in capsys.readouterr().out

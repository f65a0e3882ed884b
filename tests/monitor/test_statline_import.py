"""loket import-statline --file: the three kinds of download, all or nothing, re-import in place."""

import json

import pytest
from django.core.management import CommandError

from loket.cli import OUR_COMMANDS
from loket.monitor import statistics_services
from loket.monitor.models import StatisticObservation, StatisticTable

from .statline_world import EXPORT, NOORD_HOLLAND, ODATA3, ODATA4_CSV, copy_of, statistics_state, zipped  # noqa: F401

pytestmark = pytest.mark.django_db


def values(identifier):
    return {
        (o.measure, o.region_code, o.sector_code, o.period): o.value
        for o in StatisticObservation.objects.filter(table__identifier=identifier)
    }


def test_the_command_is_one_of_the_lokets():
    assert "import-statline" in OUR_COMMANDS


def test_a_saved_odata_folder_is_imported_for_the_lokets_regions(run):
    out = run("import_statline", "99901NED", "--file", str(ODATA3))
    assert "Tabel 99901NED (Arbeidsdeelname; regionale indeling (testtabel)) ingelezen uit CBS OData v3 (TypedDataSet): 18 waarnemingen nieuw, 0 bijgewerkt." in out
    assert "Perioden: 2023JJ00 tot en met 2024JJ00 (2)." in out
    assert "Regio's: AM15, AM18, AM37." in out
    assert "Let op: de tabel heeft geen cijfers voor AM12, AM17." in out
    assert "Bron: CBS, StatLine, tabel 99901NED (licentie CC BY 4.0)." in out
    table = StatisticTable.objects.get()
    assert (table.identifier, table.title, table.publisher) == ("99901NED", "Arbeidsdeelname; regionale indeling (testtabel)", "CBS")
    assert table.source_url == "https://www.cbs.nl/nl-nl/cijfers/detail/99901NED"
    assert table.metadata["labels"]["sector"] == {"T009002": "Totaal personen"}
    stored = values("99901NED")
    assert stored[("Werkloosheidspercentage_3", "AM18", "T009002", "2024JJ00")] == 4.5
    assert stored[("Werkloosheidspercentage_3", "AM15", "T009002", "2024JJ00")] is None
    observation = StatisticObservation.objects.get(measure="Beroepsbevolking_1", region_code="AM37", period="2023JJ00")
    assert (observation.measure_label, observation.unit, observation.period_start.isoformat()) == ("Beroepsbevolking", "x 1 000", "2023-01-01")


def test_every_region_with_all_and_chosen_ones_with_regions(run):
    run("import_statline", "99901NED", "--file", str(ODATA3), "--all")
    assert {code for _m, code, _s, _p in values("99901NED")} == {"NL01", "PV27", "AM01", "AM15", "AM18", "AM37"}
    StatisticTable.objects.all().delete()
    run("import_statline", "99901NED", "--file", str(ODATA3), "--regions", "nl01, pv27", "--measures", "Werkloosheidspercentage_3")
    assert set(values("99901NED")) == {
        ("Werkloosheidspercentage_3", region, "T009002", period) for region in ("NL01", "PV27") for period in ("2023JJ00", "2024JJ00")
    }


def test_a_zip_is_imported_like_its_folder(run, tmp_path):
    archive = zipped(ODATA3, tmp_path / "99901NED.zip", inner="99901NED/")
    out = run("import_statline", "99901NED", "--file", str(archive))
    assert "18 waarnemingen nieuw" in out
    assert StatisticTable.objects.get().metadata["origin"] == "99901NED.zip"


def test_the_csv_download_in_a_zip(run, tmp_path):
    archive = zipped(ODATA4_CSV, tmp_path / "99902NED.zip")
    out = run("import_statline", "99902NED", "--file", str(archive), "--regions", "AM15,AM18,NL01")
    assert "ingelezen uit CBS CSV (alle data): 36 waarnemingen nieuw" in out
    stored = values("99902NED")
    assert stored[("M003026", "AM18", "T001081", "2024KW02")] == 40.9
    assert stored[("M003027", "NL01", "301000", "2024KW01")] == 16.8
    assert stored[("M003026", "AM15", "301000", "2024KW03")] is None


def test_the_statline_export_uses_the_lokets_region_names(run):
    out = run("import_statline", "99901NED", "--file", str(EXPORT))
    assert "ingelezen uit StatLine CSV-export: 12 waarnemingen nieuw" in out
    stored = values("99901NED")
    assert {region for _m, region, _s, _p in stored} == {"AM15", "AM17", "AM18"}  # "Zaanstreek / Waterland (AM)" is AM17
    assert stored[("Beroepsbevolking", "AM18", "Totaal personen", "2023JJ00")] == 812.0
    assert stored[("Werkloze beroepsbevolking", "AM17", "Totaal personen", "2023JJ00")] == 0.0
    assert stored[("Werkloze beroepsbevolking", "AM15", "Totaal personen", "2023JJ00")] is None


def test_an_export_after_an_api_import_keeps_the_topic_and_sector_codes(run, tmp_path):
    run("import_statline", "99901NED", "--file", str(ODATA3))
    before = StatisticObservation.objects.count()
    export = tmp_path / "export.csv"
    export.write_text(
        '"Persoonskenmerken";"Regio\'s";"Perioden";"Werkloosheidspercentage (%)"\r\n'
        '"Totaal personen";"Groot Amsterdam (AM)";"2024";"4,7"\r\n',
        encoding="utf-8",
    )
    out = run("import_statline", "99901NED", "--file", str(export))
    assert "0 waarnemingen nieuw, 1 bijgewerkt" in out
    assert StatisticObservation.objects.count() == before
    assert values("99901NED")[("Werkloosheidspercentage_3", "AM18", "T009002", "2024JJ00")] == 4.7
    assert StatisticTable.objects.get().title == "Arbeidsdeelname; regionale indeling (testtabel)"


def test_a_reimport_updates_in_place_and_keeps_what_it_did_not_bring(run, tmp_path):
    run("import_statline", "99901NED", "--file", str(ODATA3), "--regions", "AM15,AM18")
    ids = dict(StatisticObservation.objects.values_list("region_code", "id").filter(measure="Beroepsbevolking_1", period="2023JJ00"))
    imported_at = StatisticTable.objects.get().imported_at
    folder = copy_of(ODATA3, tmp_path)
    rows = json.loads((folder / "TypedDataSet.json").read_text())
    for row in rows:
        if row["RegioS"].strip() == "AM18" and row["Perioden"] == "2023JJ00":
            row["Beroepsbevolking_1"] = 813
    (folder / "TypedDataSet.json").write_text(json.dumps(rows))
    perioden = json.loads((folder / "Perioden.json").read_text())
    perioden[1]["Status"] = "Definitief"
    (folder / "Perioden.json").write_text(json.dumps(perioden))

    out = run("import_statline", "99901NED", "--file", str(folder), "--regions", "AM18,AM37")
    assert "6 waarnemingen nieuw, 6 bijgewerkt" in out
    assert StatisticTable.objects.count() == 1
    assert StatisticObservation.objects.count() == 18
    assert StatisticObservation.objects.get(measure="Beroepsbevolking_1", period="2023JJ00", region_code="AM18").id == ids["AM18"]
    assert values("99901NED")[("Beroepsbevolking_1", "AM18", "T009002", "2023JJ00")] == 813
    assert values("99901NED")[("Beroepsbevolking_1", "AM15", "T009002", "2023JJ00")] == 352  # not in this import: kept
    table = StatisticTable.objects.get()
    assert table.imported_at > imported_at
    assert table.metadata["period_status"] == {}  # 2024 became final
    assert set(table.metadata["labels"]["region"]) == {"AM15", "AM18", "AM37"}


def test_a_dry_run_saves_nothing(run, statistics_state):
    before = statistics_state()
    out = run("import_statline", "99901NED", "--file", str(ODATA3), "--dry-run")
    assert out.startswith("Proefdraai: er is niets opgeslagen.")
    assert "18 waarnemingen nieuw" in out
    assert statistics_state() == before


def break_json(folder):
    (folder / "TypedDataSet.json").write_text('[{"ID": 0, "RegioS": "AM15", ')


def drop_typed_dataset(folder):
    (folder / "TypedDataSet.json").unlink()


def put_text_in_a_value(folder):
    rows = json.loads((folder / "TypedDataSet.json").read_text())
    rows[9]["Werkloosheidspercentage_3"] = "veel"
    (folder / "TypedDataSet.json").write_text(json.dumps(rows, indent=1))


def put_an_unknown_period(folder):
    rows = json.loads((folder / "TypedDataSet.json").read_text())
    rows[11]["Perioden"] = "2024KW05"
    (folder / "TypedDataSet.json").write_text(json.dumps(rows))


def drop_a_field(folder):
    rows = json.loads((folder / "TypedDataSet.json").read_text())
    del rows[8]["WerklozeBeroepsbevolking_2"]
    (folder / "TypedDataSet.json").write_text(json.dumps(rows))


def duplicate_a_row(folder):
    rows = json.loads((folder / "TypedDataSet.json").read_text())
    rows.append(dict(rows[8], ID=99))
    (folder / "TypedDataSet.json").write_text(json.dumps(rows))


def drop_data_properties(folder):
    (folder / "DataProperties.json").unlink()


def break_data_properties(folder):
    (folder / "DataProperties.json").write_text("<html>Onderhoud</html>")


@pytest.mark.parametrize(
    "damage, message",
    [
        (break_json, "statline_odata3/TypedDataSet.json is geen geldige JSON (regel 1, kolom"),
        (drop_typed_dataset, "TypedDataSet.json ontbreekt in statline_odata3: sla de hele tabel op"),
        (put_text_in_a_value, "statline_odata3/TypedDataSet.json, rij 10, veld Werkloosheidspercentage_3: \"veel\" is geen getal."),
        (put_an_unknown_period, "statline_odata3/TypedDataSet.json, rij 12, veld Perioden: '2024KW05' is geen bekende CBS-periodecode"),
        (drop_a_field, "statline_odata3/TypedDataSet.json, rij 9: het veld WerklozeBeroepsbevolking_2 ontbreekt."),
        (duplicate_a_row, "statline_odata3/TypedDataSet.json, rij 13: dubbele waarneming voor onderwerp Beroepsbevolking_1, periode 2023JJ00, regio AM18"),
        (break_data_properties, "statline_odata3/DataProperties.json is geen geldige JSON (regel 1, kolom 1)."),
        (drop_data_properties, "DataProperties (.json of .csv) ontbreekt in statline_odata3; er zijn: perioden.json, persoonskenmerken.json"),
    ],
)
def test_a_malformed_file_stops_the_import_and_leaves_the_table_as_it_was(run, tmp_path, statistics_state, damage, message):
    run("import_statline", "99901NED", "--file", str(ODATA3), "--regions", "AM15,AM18")
    before = statistics_state()
    folder = copy_of(ODATA3, tmp_path)
    damage(folder)
    with pytest.raises(CommandError) as refused:
        run("import_statline", "99901NED", "--file", str(folder), "--regions", "AM15,AM18,AM37")
    assert str(refused.value).startswith("Import afgebroken, er is niets gewijzigd. ")
    assert message in str(refused.value)
    assert statistics_state() == before


def test_a_malformed_csv_download_names_file_line_and_field(run, tmp_path, statistics_state):
    folder = copy_of(ODATA4_CSV, tmp_path)
    text = (folder / "Observations.csv").read_text(encoding="utf-8-sig").replace('"41,8"', '"41,8%"')
    (folder / "Observations.csv").write_text(text, encoding="utf-8-sig")
    before = statistics_state()
    with pytest.raises(CommandError) as refused:
        run("import_statline", "99902NED", "--file", str(zipped(folder, tmp_path / "download.zip")))
    assert "download.zip:Observations.csv, regel 14, veld Value: '41,8%' is geen getal." in str(refused.value)
    assert statistics_state() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["99901NED", "--regions", "AM15;AM18"], "AM15;AM18 is geen regiocode zoals CBS die geeft"),
        (["99901NED/../x"], "'99901NED/../x' is geen CBS-tabelnummer"),
        (["99901NED", "--measures", "Vacatures"], "Tabel 99901NED heeft geen onderwerp Vacatures"),
        (["99901NED", "--regions", "AM12"], "Tabel 99901NED heeft geen waarnemingen voor de regio's AM12"),
    ],
)
def test_wrong_choices_are_refused_in_dutch(run, statistics_state, args, message):
    before = statistics_state()
    with pytest.raises(CommandError, match="Import afgebroken, er is niets gewijzigd") as refused:
        run("import_statline", *args, "--file", str(ODATA3))
    assert message in str(refused.value)
    assert statistics_state() == before


def test_the_default_regions_are_the_lokets_labour_market_regions():
    assert statistics_services.default_regions() == NOORD_HOLLAND

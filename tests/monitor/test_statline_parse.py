"""loket.monitor.statline alone: CBS period codes, StatLine numbers and the three kinds of file, without a database."""

import json
from datetime import date

import pytest

from loket.monitor import statline
from loket.monitor.statline import Selection, StatLineError

from .statline_world import EXPORT, ODATA3, ODATA4_CSV, copy_of, zipped


@pytest.mark.parametrize(
    "code, start",
    [
        ("2024KW01", date(2024, 1, 1)),
        ("2024KW04", date(2024, 10, 1)),
        ("2024MM03", date(2024, 3, 1)),
        ("2024MM12", date(2024, 12, 1)),
        ("2024JJ00", date(2024, 1, 1)),
        ("2024X000", date(2024, 1, 1)),
        ("2024HJ02", date(2024, 7, 1)),
        ("20240315", date(2024, 3, 15)),
    ],
)
def test_cbs_period_codes_start_on_the_first_day_of_the_period(code, start):
    assert statline.period_start(code) == start


@pytest.mark.parametrize("code", ["2024KW05", "2024MM13", "2024JJ01", "2024Q1", "2024", "2024W101", "20240230", "KW012024", ""])
def test_an_unknown_period_code_is_refused_in_dutch(code):
    with pytest.raises(ValueError, match="geen bekende CBS-periodecode"):
        statline.period_start(code)


@pytest.mark.parametrize(
    "title, code, status",
    [
        ("2023", "2023JJ00", ""),
        ("2024*", "2024JJ00", "Voorlopig"),
        ("2024 1e kwartaal", "2024KW01", ""),
        ("2024 3e kwartaal**", "2024KW03", "Nader voorlopig"),
        ("2024 maart", "2024MM03", ""),
        ("2018 jaargem. /jaartotaal", "2018JJ00", ""),
        ("2024 2e halfjaar", "2024HJ02", ""),
        ("2024KW02", "2024KW02", ""),
    ],
)
def test_periods_as_statline_writes_them_in_an_export(title, code, status):
    assert statline.period_from_title(title) == (code, status)


def test_a_period_title_the_loket_does_not_know_is_refused():
    with pytest.raises(ValueError, match="geen periode die het loket kent"):
        statline.period_from_title("2024 Q1")


def test_period_labels_for_people():
    assert statline.period_label("2024KW01") == "2024 1e kwartaal"
    assert statline.period_label("2024MM03") == "2024 maart"
    assert statline.period_label("2024JJ00") == "2024"
    assert statline.period_label("2024X000", "2024 januari-juni") == "2024 januari-juni"


@pytest.mark.parametrize(
    "text, value",
    [("12,5", 12.5), ("1.234", 1234.0), ("1.234,5", 1234.5), ("-3", -3.0), ("-0,7", -0.7), (" 424 ", 424.0),
     (".", None), ("x", None), ("", None), ("-", 0.0), ("0,0", 0.0)],
)  # fmt: skip
def test_statline_numbers_have_a_decimal_comma_and_symbols_for_missing_figures(text, value):
    assert statline.dutch_number(text) == value


@pytest.mark.parametrize("text", ["12,3a", "1,2,3", "1.234.5,6,7", "twaalf", "1.2,5", "nan", "inf"])
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError, match="is geen getal"):
        statline.dutch_number(text)


@pytest.mark.parametrize("value, expected", [(3, 3.0), (3.5, 3.5), (None, None), ("  424", 424.0), ("     .", None), ("6.0", 6.0)])
def test_odata_values_typed_and_untyped(value, expected):
    assert statline.machine_number(value) == expected


@pytest.mark.parametrize("value", [True, "12,5", "abc", [1], {"v": 1}])
def test_odata_values_that_are_not_numbers(value):
    with pytest.raises(ValueError, match="is geen getal"):
        statline.machine_number(value)


# --- OData v3 files ------------------------------------------------------------------------------------


def test_a_saved_odata3_folder_gives_trimmed_codes_labels_and_the_regions_asked_for():
    table = statline.read_file(ODATA3, "99901ned", Selection(regions=frozenset({"AM15", "AM18", "AM12"})))
    assert table.format == "odata3" and table.identifier == "99901NED"
    assert table.title == "Arbeidsdeelname; regionale indeling (testtabel)"
    assert list(table.measures) == ["Beroepsbevolking_1", "WerklozeBeroepsbevolking_2", "Werkloosheidspercentage_3"]
    assert (table.measures["Werkloosheidspercentage_3"].unit, table.measures["Werkloosheidspercentage_3"].decimals) == ("%", 1)
    assert {o.region_code for o in table.observations} == {"AM15", "AM18"}
    assert len(table.observations) == 2 * 2 * 3
    assert table.regions_available == ("NL01", "PV27", "AM01", "AM15", "AM18", "AM37")
    first = table.observations[0]
    assert (first.measure, first.period, first.period_start, first.region_code, first.sector_code, first.value) == (
        "Beroepsbevolking_1", "2023JJ00", date(2023, 1, 1), "AM15", "T009002", 352.0,
    )  # fmt: skip
    missing = [o for o in table.observations if o.value is None]
    assert {(o.measure, o.region_code, o.period) for o in missing} == {
        ("WerklozeBeroepsbevolking_2", "AM15", "2024JJ00"), ("Werkloosheidspercentage_3", "AM15", "2024JJ00"),
    }  # fmt: skip
    assert table.labels["region"] == {"AM15": "Noord-Holland Noord (AM)", "AM18": "Groot Amsterdam (AM)"}
    assert table.labels["sector"] == {"T009002": "Totaal personen"}
    assert table.period_status == {"2024JJ00": "Voorlopig"}
    assert table.total_sector == "T009002"
    assert table.dimension_titles == {"period": "Perioden", "region": "Regio's", "sector": "Persoonskenmerken"}


def test_measures_are_chosen_by_key_or_title_in_any_case():
    table = statline.read_file(ODATA3, "99901NED", Selection(measures=("werkloosheidspercentage", "BEROEPSBEVOLKING_1")))
    assert list(table.measures) == ["Beroepsbevolking_1", "Werkloosheidspercentage_3"]
    assert {o.measure for o in table.observations} == {"Beroepsbevolking_1", "Werkloosheidspercentage_3"}


def test_an_unknown_measure_names_the_ones_there_are():
    with pytest.raises(StatLineError) as refused:
        statline.read_file(ODATA3, "99901NED", Selection(measures=("Vacatures",)))
    assert "Tabel 99901NED heeft geen onderwerp Vacatures. Kies uit: Beroepsbevolking_1 (Beroepsbevolking)" in str(refused.value)


def test_regions_the_table_does_not_have_say_which_it_has():
    with pytest.raises(StatLineError) as refused:
        statline.read_file(ODATA3, "99901NED", Selection(regions=frozenset({"AM12", "AM17"})))
    assert str(refused.value).startswith("Tabel 99901NED heeft geen waarnemingen voor de regio's AM12, AM17; wel voor onder meer NL01, PV27")
    assert "--all" in str(refused.value)


def test_a_file_of_another_table_is_refused():
    with pytest.raises(StatLineError, match="statline_odata3 is tabel 99901NED, niet 80472ned"):
        statline.read_file(ODATA3, "80472ned")


def test_untyped_dataset_as_cbsodata_saves_it_by_default(tmp_path):
    folder = copy_of(ODATA3, tmp_path)
    rows = json.loads((folder / "TypedDataSet.json").read_text())
    for row in rows:
        for key in ("Beroepsbevolking_1", "WerklozeBeroepsbevolking_2", "Werkloosheidspercentage_3"):
            row[key] = "       ." if row[key] is None else f"{row[key]:>8}"
    (folder / "TypedDataSet.json").unlink()
    (folder / "UntypedDataSet.json").write_text(json.dumps(rows))
    table = statline.read_file(folder, "99901NED", Selection(regions=frozenset({"AM18"})))
    assert [o.value for o in table.observations if o.measure == "Werkloosheidspercentage_3"] == [4.4, 4.5]


def test_a_zip_with_a_folder_inside_is_read_like_the_folder(tmp_path):
    archive = zipped(ODATA3, tmp_path / "99901NED.zip", inner="99901NED/")
    from_zip = statline.read_file(archive, "99901NED", Selection(regions=frozenset({"AM18"})))
    from_folder = statline.read_file(ODATA3, "99901NED", Selection(regions=frozenset({"AM18"})))
    assert from_zip.observations == from_folder.observations
    assert from_zip.origin == "99901NED.zip"


# --- OData v4 "CSV (alle data)" -------------------------------------------------------------------------


def test_the_csv_download_of_odata4_reads_decimal_commas_codes_and_names():
    table = statline.read_file(ODATA4_CSV, "99902NED", Selection(regions=frozenset({"AM15", "AM18"})))
    assert table.format == "odata4-csv"
    assert table.title == "99902NED"  # the download has no Properties; the number stands in
    assert {k: (m.title, m.unit) for k, m in table.measures.items()} == {
        "M003026": ("Openstaande vacatures", "x 1 000"), "M003027": ("Ontstane vacatures", "x 1 000"),
    }  # fmt: skip
    assert len(table.observations) == 2 * 2 * 3 * 2
    values = {(o.measure, o.sector_code, o.region_code, o.period): o.value for o in table.observations}
    assert values[("M003026", "T001081", "AM18", "2024KW01")] == 41.8
    assert values[("M003026", "301000", "AM15", "2024KW03")] is None  # Confidential
    assert table.labels["sector"] == {"T001081": "A-U Alle economische activiteiten", "301000": "F Bouwnijverheid"}
    assert table.period_status == {"2024KW03": "Voorlopig"}
    assert table.total_sector == "T001081"
    assert table.dimension_titles["sector"] == "Bedrijfskenmerken (SBI 2008)"


# --- The StatLine CSV export --------------------------------------------------------------------------


def test_the_statline_export_maps_titles_to_cbs_codes_and_reads_dutch_numbers():
    known = {"regions": {"Groot Amsterdam (AM)": "AM18", "Noord-Holland Noord (AM)": "AM15", "Zaanstreek/Waterland (AM)": "AM17"}}
    table = statline.read_file(EXPORT, "99901NED", Selection(regions=frozenset({"AM15", "AM17", "AM18", "NL01", "PV27"})), known)
    assert table.format == "statline-csv"
    assert table.title == "Arbeidsdeelname; regionale indeling (testtabel)"
    assert list(table.measures) == ["Beroepsbevolking", "Werkloze beroepsbevolking", "Werkloosheidspercentage"]
    assert table.measures["Werkloosheidspercentage"].unit == "%"
    assert (table.measures["Werkloosheidspercentage"].decimals, table.measures["Beroepsbevolking"].decimals) == (1, 0)
    values = {(o.measure, o.region_code, o.period): o.value for o in table.observations}
    assert values[("Beroepsbevolking", "NL01", "2023JJ00")] == 9898.0  # "9.898"
    assert values[("Werkloosheidspercentage", "PV27", "2023JJ00")] == 3.8  # "Noord-Holland (PV)"
    assert values[("Werkloze beroepsbevolking", "AM15", "2023JJ00")] is None  # "x"
    assert values[("Werkloosheidspercentage", "AM15", "2023JJ00")] is None  # "."
    assert values[("Werkloze beroepsbevolking", "AM17", "2023JJ00")] == 0.0  # "-": nil
    assert values[("Beroepsbevolking", "AM18", "2024JJ00")] == 825.0
    assert table.period_status == {"2024JJ00": "Voorlopig"}
    assert {o.region_code for o in table.observations} == {"NL01", "PV27", "AM15", "AM17", "AM18"}  # not Oost-Groningen
    assert {o.sector_code for o in table.observations} == {"Totaal personen"}


def test_an_export_region_without_a_known_code_stops_an_import_of_every_region():
    with pytest.raises(StatLineError) as refused:
        statline.read_file(EXPORT, "99901NED", Selection(), {"regions": {"Groot Amsterdam (AM)": "AM18", "Noord-Holland Noord (AM)": "AM15",
                                                                          "Zaanstreek/Waterland (AM)": "AM17"}})  # fmt: skip
    assert str(refused.value).startswith("statline_export.csv, regel 9, veld Regio's: het loket kent geen CBS-code voor 'Oost-Groningen (CR)'")


@pytest.mark.parametrize(
    "line, message",
    [
        ('"Totaal personen";"Nederland";"2023";"9.898";"35O";"3,5"', "statline_export.csv, regel 3, veld Werkloze beroepsbevolking (x 1 000): '35O' is geen getal"),
        ('"Totaal personen";"Nederland";"2023 Q1";"9.898";"350";"3,5"', "statline_export.csv, regel 3, veld Perioden: '2023 Q1' is geen periode"),
        ('"Totaal personen";"Nederland";"2023";"9.898";"350";"3,5";"7"', "statline_export.csv, regel 3 heeft 7 velden; de kopregel heeft er 6"),
    ],
)
def test_a_malformed_export_line_is_named(tmp_path, line, message):
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    lines[2] = line
    path = tmp_path / "statline_export.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    with pytest.raises(StatLineError) as refused:
        statline.read_file(path, "99901NED", Selection(regions=frozenset({"NL01"})))
    assert str(refused.value).startswith(message)


def test_an_export_in_windows_1252_is_read(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        '"Gemeenten";"Perioden";"Werkloosheid (%)"\r\n"Súdwest-Fryslân";"2023";"3,1"\r\n'.encode("cp1252")
    )
    table = statline.read_file(path, "99903NED", Selection(regions=None), {"regions": {"Súdwest-Fryslân": "GM1900"}})
    assert [(o.region_code, o.value) for o in table.observations] == [("GM1900", 3.1)]


def test_an_export_without_topic_columns_explains_what_is_expected(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('"Regio\'s";"Perioden";"Werkloosheid"\r\n"Nederland";"2023";"3,1"\r\n', encoding="utf-8")
    with pytest.raises(StatLineError, match="geen kolommen met onderwerpen gevonden. StatLine zet de eenheid tussen haakjes"):
        statline.read_file(path, "99903NED")


# --- What is not a table ------------------------------------------------------------------------------


def test_one_json_file_is_not_a_table(tmp_path):
    path = tmp_path / "TypedDataSet.json"
    path.write_text("[]")
    with pytest.raises(StatLineError, match="TypedDataSet.json is één JSON-bestand. Lees de hele tabel in"):
        statline.read_file(path, "99901NED")


def test_a_folder_without_cbs_files_lists_what_it_has(tmp_path):
    (tmp_path / "leesmij.txt").write_text("hallo")
    with pytest.raises(StatLineError, match="staat geen CBS-tabel: verwacht TypedDataSet.json .* Gevonden: leesmij.txt"):
        statline.read_file(tmp_path, "99901NED")


def test_a_missing_path_and_a_bad_table_number():
    with pytest.raises(StatLineError, match="bestaat niet"):
        statline.read_file("/nergens/tabel.zip", "99901NED")
    with pytest.raises(StatLineError, match="is geen CBS-tabelnummer"):
        statline.read_file(ODATA3, "../../etc")

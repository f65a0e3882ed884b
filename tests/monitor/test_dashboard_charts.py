"""The dashboard's Vega-Lite specs and its tables/files, on plain data (no database)."""

import csv
import io
import json
from datetime import datetime, timezone
from decimal import Decimal

from openpyxl import load_workbook

from loket.geography.geometry import ring_area
from loket.monitor import charts, dashboard_exports

SQUARE_CCW = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # GeoJSON's own order: exterior counter-clockwise
HOLE_CW = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]


def cell(key, label, value, suppressed=False):
    return {"key": key, "label": label, "value": None if suppressed else value, "shown": "< 10" if suppressed else str(value), "suppressed": suppressed}


CELLS = [cell("AM18", "Groot Amsterdam", 9, suppressed=True), cell("AM15", "Noord-Holland Noord", 10), cell("AM37", "Zuid-Kennemerland", 26)]


def numbers_in(spec):
    """Every number anywhere in a spec's inline data (not its layout)."""
    found = []

    def walk(node, in_data):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, in_data or key in ("values", "datasets"))
        elif isinstance(node, list):
            for value in node:
                walk(value, in_data)
        elif in_data and isinstance(node, (int, float)) and not isinstance(node, bool):
            found.append(node)

    walk(spec, False)
    return found


def test_a_suppressed_cell_is_no_number_in_bars_nor_map_only_its_text():
    features = charts.map_features({"features": [
        {"type": "Feature", "properties": {"code": code, "name": code}, "geometry": {"type": "Polygon", "coordinates": [SQUARE_CCW]}}
        for code in ("AM18", "AM15", "AM37")
    ]})  # fmt: skip
    for spec in (charts.bar_chart(CELLS, title="Plaatsingen", unit="count"), charts.map_chart(CELLS, features, title="Plaatsingen", unit="count")):
        text = json.dumps(spec)
        assert "< 10" in text
        figures = [n for n in numbers_in(spec) if n not in (0, 1)]  # the unit square's coordinates
        assert 9 not in figures and 9.0 not in figures
        assert 10 in figures and 26 in figures


def test_the_series_marks_the_baseline_and_the_target_and_leaves_out_suppressed_points():
    points = [
        {"taken_at": datetime(2025, 1, 1, 11, tzinfo=timezone.utc), "value": 40.0, "shown": "40", "suppressed": False, "is_baseline": True},
        {"taken_at": datetime(2025, 7, 1, 11, tzinfo=timezone.utc), "value": None, "shown": "< 10", "suppressed": True, "is_baseline": False},
        {"taken_at": datetime(2026, 1, 1, 11, tzinfo=timezone.utc), "value": 25.0, "shown": "25", "suppressed": False, "is_baseline": False},
    ]
    spec = charts.series_chart(points, title="Vacatures", unit="count", target=0, target_year=2030)
    values = spec["data"]["values"]
    assert [v["baseline"] for v in values] == [True, False, False]
    assert [v["value"] for v in values] == [40.0, None, 25.0]
    assert values[1]["shown"] == "< 10"
    marks = [layer.get("mark", {}).get("type") for layer in spec["layer"]]
    assert "rule" in marks  # the baseline's vertical rule
    target_layer = spec["layer"][-1]
    assert target_layer["data"]["values"] == [{"target": 0.0, "text": "Doel 2030"}]
    # A share's axis reads as per cent; the chart speaks Dutch numbers by default.
    share = charts.series_chart(points, title="Aandeel", unit="share")
    assert share["layer"][0]["encoding"]["y"]["axis"]["format"] == ".0%"
    assert share["config"]["locale"]["number"]["decimal"] == ","
    assert len(share["layer"]) == 3  # no target, no target rule


def test_rings_are_turned_for_d3_exterior_clockwise_holes_counter_clockwise():
    turned = charts.d3_winding({"type": "Polygon", "coordinates": [SQUARE_CCW, HOLE_CW]})
    exterior, hole = turned["coordinates"]
    assert ring_area(exterior) < 0 < ring_area(hole)
    again = charts.d3_winding(turned)
    assert again == turned  # already right: left alone
    multi = charts.d3_winding({"type": "MultiPolygon", "coordinates": [[SQUARE_CCW], [list(reversed(SQUARE_CCW))]]})
    assert all(ring_area(polygon[0]) < 0 for polygon in multi["coordinates"])


def test_the_map_draws_every_area_grey_first_and_outlines_the_chosen_region():
    features = charts.map_features({"features": [
        {"type": "Feature", "properties": {"code": "AM18", "name": "Groot Amsterdam", "kind": "region"}, "geometry": {"type": "Polygon", "coordinates": [SQUARE_CCW]}},
    ]})  # fmt: skip
    assert features[0]["properties"] == {"code": "AM18", "name": "Groot Amsterdam"}
    spec = charts.map_chart(CELLS, features, title="Plaatsingen", unit="count", selected="AM18")
    assert spec["transform"][0]["lookup"] == "properties.code"
    assert spec["layer"][0]["mark"]["fill"] == charts.NO_FIGURE
    assert spec["layer"][-1]["transform"] == [{"filter": {"field": "properties.code", "equal": "AM18"}}]
    assert len(charts.map_chart(CELLS, features, title="Plaatsingen", unit="count")["layer"]) == 2


# --- Tables and files ---------------------------------------------------------------------------------------------


def csv_rows(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_nine_is_less_than_ten_and_ten_is_ten_in_the_table_the_csv_and_the_excel_file():
    columns, rows = dashboard_exports.breakdown_table(CELLS, "count", "Arbeidsmarktregio")
    assert [(row["label"], row["shown"], row["value"]) for row in rows] == [
        ("Groot Amsterdam", "< 10", "< 10"), ("Noord-Holland Noord", "10", 10), ("Zuid-Kennemerland", "26", 26),
    ]  # fmt: skip
    csv_text = dashboard_exports.download(columns, rows, "csv", "x", "Regio").content.decode("utf-8")
    assert csv_rows(csv_text) == [
        ["Code", "Arbeidsmarktregio", "Waarde (aantal)"],
        ["AM18", "Groot Amsterdam", "< 10"], ["AM15", "Noord-Holland Noord", "10"], ["AM37", "Zuid-Kennemerland", "26"],
    ]  # fmt: skip
    assert "9" not in csv_text.replace("\ufeff", "")
    workbook = dashboard_exports.download(columns, rows, "xlsx", "x", "Regio")
    assert workbook["Content-Type"] == dashboard_exports.XLSX_TYPE
    assert xlsx_rows(workbook.content)[1:] == [["AM18", "Groot Amsterdam", "< 10"], ["AM15", "Noord-Holland Noord", 10], ["AM37", "Zuid-Kennemerland", 26]]


def test_a_label_that_looks_like_a_formula_stays_text_in_csv_and_excel():
    cells = [cell("1", '=HYPERLINK("http://example.org","klik")', 12), cell("2", "-2+3", 15), cell("3", "@SUM(A1)", 20)]
    columns, rows = dashboard_exports.breakdown_table(cells, "euro", "Budget")
    parsed = csv_rows(dashboard_exports.download(columns, rows, "csv", "x", "Budget").content.decode("utf-8"))
    assert [row[1] for row in parsed[1:]] == ["'=HYPERLINK(\"http://example.org\",\"klik\")", "'-2+3", "'@SUM(A1)"]
    sheet = load_workbook(io.BytesIO(dashboard_exports.download(columns, rows, "xlsx", "x", "Budget").content)).active
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")


def test_shares_are_written_as_percentages_with_a_decimal_comma_and_the_baseline_is_marked():
    points = [
        {"taken_at": datetime(2025, 1, 1, 11, tzinfo=timezone.utc), "value": 0.5, "shown": "50,0 %", "suppressed": False, "is_baseline": True},
        {"taken_at": datetime(2026, 1, 1, 11, tzinfo=timezone.utc), "value": 0.61234, "shown": "61,2 %", "suppressed": False, "is_baseline": False},
    ]
    columns, rows = dashboard_exports.series_table(points, "share")
    assert [row["value"] for row in rows] == [50, Decimal("61.23")]
    parsed = csv_rows(dashboard_exports.download(columns, rows, "csv", "x", "Verloop").content.decode("utf-8"))
    assert parsed == [["Moment", "Waarde (%)", "0-meting"], ["2025-01-01 12:00", "50", "ja"], ["2026-01-01 12:00", "61,23", ""]]

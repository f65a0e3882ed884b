"""GET /api/v1/monitor/dashboard/{theme}: what the theme page shows, as JSON, under the same filters."""

import pytest

from .dashboard_world import two_snapshots

pytestmark = pytest.mark.django_db

URL = "/api/v1/monitor/dashboard/work_to_work"


def kpi(answer, code):
    return next(item for item in answer["kpis"] if item["code"] == code)


def test_tiles_series_and_cells_of_a_theme(client):
    baseline, latest = two_snapshots()
    response = client.get(URL)
    assert response.status_code == 200
    answer = response.json()
    assert answer["theme"] == {"code": "work_to_work", "label": "Van werk naar werk"}
    assert answer["snapshot"]["id"] == latest.pk and answer["baseline"]["id"] == baseline.pk
    assert answer["map_base"]["source"] == "generated" and "Schematische kaart" in answer["map_base"]["note"]
    vacancies = kpi(answer, "tech_vacancies_open_long")
    assert {name: vacancies["tile"][name] for name in ("value", "baseline_value", "change", "target", "distance_to_target", "on_track")} == {
        "value": 25.0, "baseline_value": 40.0, "change": -15.0, "target": 0.0, "distance_to_target": 25.0, "on_track": True,
    }  # fmt: skip
    assert vacancies["tile"]["change_shown"] == "−15" and vacancies["tile"]["on_track_text"] == "Op koers"
    assert [(point["snapshot_id"], point["value"], point["is_baseline"]) for point in vacancies["series"]] == [(baseline.pk, 40.0, True), (latest.pk, 25.0, False)]
    assert {cell["key"]: cell["value"] for cell in vacancies["cells"]["municipality"]} == {"GM0363": 18.0, "GM0361": 7.0}
    assert set(vacancies["cells"]) == {"region", "municipality", "sector", "climate", "vacancy_kind"}
    assert vacancies["target_source"].startswith("Manifest Werken en ontwikkelen 2030")


def test_a_cell_of_nine_persons_is_less_than_ten_without_its_number(client):
    two_snapshots()
    placements = kpi(client.get(URL).json(), "w2w_placements")
    cells = {cell["key"]: cell for cell in placements["cells"]["region"]}
    assert {name: cells["AM18"][name] for name in ("value", "shown", "suppressed", "persons")} == {"value": None, "shown": "< 10", "suppressed": True, "persons": None}
    assert (cells["AM15"]["value"], cells["AM15"]["shown"], cells["AM15"]["persons"]) == (10.0, "10", 10)


def test_the_same_filters_as_the_page(client):
    two_snapshots()
    answer = client.get(URL, {"region": "AM18"}).json()
    tile = kpi(answer, "tech_vacancies_open_long")["tile"]
    assert (tile["dimension"], tile["key"], tile["value"], tile["change"], tile["target"]) == ("region", "AM18", 18.0, -12.0, None)
    assert answer["filters"] == {"region": "AM18"}
    assert [cell["key"] for cell in kpi(answer, "tech_vacancies_open_long")["cells"]["municipality"]] == ["GM0363"]
    sector = kpi(client.get(URL, {"sector": "F"}).json(), "tech_vacancies_open_long")["tile"]
    assert (sector["dimension"], sector["value"], sector["change"]) == ("sector", 5.0, -7.0)
    earlier = client.get(URL, {"until": "2025-06-30"}).json()
    assert earlier["snapshot"]["label"] == "0-meting"
    assert [point["value"] for point in kpi(earlier, "tech_vacancies_open_long")["series"]] == [40.0]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"region": "AM99"}, "region", "Deze arbeidsmarktregio kennen we niet; kies er een uit de lijst."),
        ({"sector": "ZZ"}, "sector", "Deze sector kennen we niet; kies er een uit de lijst."),
        ({"region": "AM18", "sector": "F"}, "sector", "Kies een regio óf een sector"),
        ({"since": "gisteren"}, "since", "Vul een datum in als JJJJ-MM-DD."),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "until", "De einddatum ligt vóór de begindatum."),
    ],
)
def test_a_bad_filter_is_a_422_in_dutch(client, params, field, message):
    two_snapshots()
    response = client.get(URL, params)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "Ongeldig filter; er is niets getoond."
    assert any(error["field"] == field and error["message"].startswith(message) for error in answer["errors"])


def test_an_unknown_theme_is_a_404_that_names_the_themes(client):
    response = client.get("/api/v1/monitor/dashboard/klimaat")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Onbekend thema. Kies uit: innovation, inflow")


def test_without_a_snapshot_the_figures_are_empty_not_an_error(client):
    response = client.get(URL)
    assert response.status_code == 200
    answer = response.json()
    assert answer["snapshot"] is None and answer["baseline"] is None
    vacancies = kpi(answer, "tech_vacancies_open_long")
    assert (vacancies["tile"]["value"], vacancies["tile"]["shown"], vacancies["series"]) == (None, "–", [])
    assert all(cells == [] for cells in vacancies["cells"].values())

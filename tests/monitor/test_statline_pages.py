"""The open statistics as a reader sees them: the public pages, the API and statistics_services.series."""

from datetime import date

import pytest
from django.urls import reverse

from loket.monitor import statistics_services, statline
from loket.monitor.statline import Selection

from .statline_world import ODATA3, ODATA4_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def labour():
    """99901NED for every region: NL01, PV27, AM01, AM15, AM18, AM37; 2023 and 2024 (provisional)."""
    return statistics_services.save_table(statline.read_file(ODATA3, "99901NED", Selection()))


@pytest.fixture
def vacancies():
    """99902NED: vacancies by sector (total and construction), NL01, AM15, AM18, three quarters."""
    return statistics_services.save_table(statline.read_file(ODATA4_CSV, "99902NED", Selection()))


def test_the_list_page_says_when_there_is_nothing_yet(client):
    page = client.get(reverse("monitor:statistics"))
    assert page.status_code == 200
    assert "Er zijn nog geen open statistieken ingelezen." in page.content.decode()
    assert "loket import-statline" in page.content.decode()


def test_the_list_page_shows_each_table_with_source_periods_and_regions(client, labour, vacancies):
    assert reverse("monitor:statistics") == "/dashboard/statistieken/"
    html = client.get("/dashboard/statistieken/").content.decode()
    assert "2 ingelezen tabellen" in html
    assert 'href="/dashboard/statistieken/99901NED/">Arbeidsdeelname; regionale indeling (testtabel)</a></h3>' in html
    assert 'href="https://www.cbs.nl/nl-nl/cijfers/detail/99901NED" rel="external">99901NED bij het CBS</a>' in html
    assert "uit het bestand statline_odata3" in html
    assert "2023 tot en met 2024* (2 perioden)" in html
    assert "2024 1e kwartaal tot en met 2024 3e kwartaal* (3 perioden)" in html
    # The loket's own names for its regions; CBS's for the others.
    assert "Nederland, Noord-Holland, Groningen (AM), Noord-Holland Noord, Groot Amsterdam, Zuid-Kennemerland en IJmond" in html
    assert "Creative Commons Naamsvermelding 4.0 (CC BY 4.0)" in html


def test_a_table_page_lists_observations_with_names_and_the_cbs_attribution(client, labour):
    page = client.get("/dashboard/statistieken/99901ned/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1 class=\"utrecht-heading-1\">Arbeidsdeelname; regionale indeling (testtabel)</h1>" in html
    assert "Bron: Centraal Bureau voor de Statistiek (CBS), StatLine, tabel 99901NED." in html
    assert 'rel="license external">Creative Commons Naamsvermelding 4.0 (CC BY 4.0)</a>' in html
    assert "36 waarnemingen" in html
    assert "9.898" in html  # a thousands separator, as a Dutch reader expects
    assert '<span aria-describedby="punt-uitleg">.</span>' in html  # AM15 has no 2024 unemployment figure
    assert "Een sterretje (*) achter een periode betekent: voorlopige cijfers." in html
    assert '<option value="T009002">Totaal personen</option>' in html
    assert '<label class="utrecht-form-label" for="sector">Persoonskenmerken</label>' in html


def test_values_show_as_many_decimals_as_cbs_gives(client, vacancies):
    html = client.get("/dashboard/statistieken/99902NED/", {"onderwerp": "M003026", "regio": "AM15", "sector": "301000"}).content.decode()
    assert "3 waarnemingen" in html
    assert ">1,1</td>" in html and ">1,0</td>" in html


def test_filters_by_measure_region_and_period(client, labour):
    html = client.get("/dashboard/statistieken/99901NED/", {"onderwerp": "Werkloosheidspercentage_3", "regio": "AM18", "van": "2024JJ00"}).content.decode()
    assert "1 waarneming" in html
    assert "4,5" in html
    assert "Groot Amsterdam" in html
    assert '<option value="AM18" selected>Groot Amsterdam (AM18)</option>' in html
    assert "9.898" not in html


def test_a_filter_the_table_does_not_have_is_said_and_the_others_still_apply(client, labour):
    html = client.get("/dashboard/statistieken/99901NED/", {"regio": "AM99", "onderwerp": "Beroepsbevolking_1"}).content.decode()
    assert "Deze tabel heeft geen cijfers voor regio &#x27;AM99&#x27;." in html
    assert "12 waarnemingen" in html  # every region, one topic


def test_an_unknown_table_is_a_404(client):
    assert client.get("/dashboard/statistieken/12345ned/").status_code == 404


def test_the_api_lists_the_tables(client, labour, vacancies):
    answer = client.get("/api/v1/monitor/statistics")
    assert answer.status_code == 200
    tables = {t["identifier"]: t for t in answer.json()}
    labour_table = tables["99901NED"]
    assert labour_table["licence"] == "CC BY 4.0"
    assert labour_table["periods"] == ["2023JJ00", "2024JJ00"]
    assert labour_table["observations"] == 36
    assert {"code": "AM18", "name": "Groot Amsterdam", "in_loket": True} in labour_table["regions"]
    assert {"code": "AM01", "name": "Groningen (AM)", "in_loket": False} in labour_table["regions"]
    assert labour_table["measures"][2] == {"key": "Werkloosheidspercentage_3", "title": "Werkloosheidspercentage", "unit": "%", "decimals": 1}
    assert tables["99902NED"]["periods"] == ["2024KW01", "2024KW02", "2024KW03"]


def test_the_api_filters_one_table(client, vacancies):
    answer = client.get(
        "/api/v1/monitor/statistics/99902ned",
        {"measure": "M003026", "region": "AM18", "sector": "T001081", "period_from": "2024KW02", "period_to": "2024-12-31"},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["identifier"] == "99902NED" and body["count"] == 2
    assert [(r["period"], r["value"], r["provisional"]) for r in body["results"]] == [("2024KW02", 40.9, False), ("2024KW03", 40.1, True)]
    first = body["results"][0]
    assert first["period_label"] == "2024 2e kwartaal"
    assert first["region_name"] == "Groot Amsterdam"
    assert first["sector_label"] == "A-U Alle economische activiteiten"
    assert (first["measure_label"], first["unit"]) == ("Openstaande vacatures", "x 1 000")


def test_the_api_pages_its_results(client, vacancies):
    body = client.get("/api/v1/monitor/statistics/99902NED", {"page_size": 5, "page": 2}).json()
    assert body["count"] == 36 and len(body["results"]) == 5 and body["page"] == 2


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"measure": "M999"}, "measure", "Deze tabel heeft geen onderwerp 'M999'. Kies uit: M003026, M003027."),
        ({"region": "AM12"}, "region", "Deze tabel heeft geen cijfers voor regio 'AM12'."),
        ({"period_from": "2024Q1"}, "period_from", "'2024Q1' is geen periode: geef een CBS-code zoals 2024KW01 of een datum zoals 2024-01-01."),
        ({"period_from": "2024KW03", "period_to": "2024KW01"}, "period_to", "De periode 'tot en met' ligt vóór de periode 'vanaf'."),
        ({"page_size": 0}, "page_size", "Kies 1 tot en met 5000 per pagina."),
    ],
)
def test_invalid_filters_are_a_422_in_dutch(client, vacancies, query, field, message):
    answer = client.get("/api/v1/monitor/statistics/99902NED", query)
    assert answer.status_code == 422
    assert answer.json() == {"detail": "Ongeldige invoer; er is niets gewijzigd.", "errors": [{"field": field, "message": message}]}


def test_an_unknown_table_is_a_404_in_the_api(client):
    answer = client.get("/api/v1/monitor/statistics/12345ned")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Niet gevonden."}


def test_series_gives_one_figure_over_time_for_the_dashboard(labour):
    assert statistics_services.series("99901NED", "Werkloosheidspercentage_3", "AM18") == [
        {"period": "2023JJ00", "period_start": date(2023, 1, 1), "value": 4.4, "unit": "%", "label": "2023"},
        {"period": "2024JJ00", "period_start": date(2024, 1, 1), "value": 4.5, "unit": "%", "label": "2024*"},
    ]
    # Without a region: the whole country.
    assert [point["value"] for point in statistics_services.series("99901ned", "Werkloosheidspercentage_3")] == [3.5, 3.7]
    assert [point["value"] for point in statistics_services.series("99901NED", "WerklozeBeroepsbevolking_2", "AM15")] == [11.0, None]


def test_series_takes_the_total_sector_unless_told_otherwise(vacancies):
    total = statistics_services.series("99902NED", "M003026", "AM18")
    assert [(p["label"], p["value"]) for p in total] == [("2024 1e kwartaal", 41.8), ("2024 2e kwartaal", 40.9), ("2024 3e kwartaal*", 40.1)]
    construction = statistics_services.series("99902NED", "M003026", "AM18", sector_code="301000")
    assert [p["value"] for p in construction] == [2.3, 2.2, 2.2]


def test_series_of_something_not_imported_is_empty(labour):
    assert statistics_services.series("12345NED", "Werkloosheidspercentage_3") == []
    assert statistics_services.series("99901NED", "Vacatures") == []
    assert statistics_services.series("99901NED", "Werkloosheidspercentage_3", "AM12") == []

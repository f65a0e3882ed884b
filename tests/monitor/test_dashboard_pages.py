"""The dashboard's pages on hand-made snapshots: tiles against the baseline and the target, suppression in tables,
charts and files, the filters, the page without snapshots, and who sees the snapshot buttons."""

import csv
import html
import io
import json
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from loket.accounts.roles import Role
from loket.geography.models import Municipality
from loket.monitor.models import Snapshot, SnapshotStatus

from .dashboard_world import snapshot, two_snapshots

pytestmark = pytest.mark.django_db

def text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def tile(page, code):
    """The facts of a KPI's tile on a page, as the reader sees them."""
    match = re.search(rf'<li class="loket-tile" aria-labelledby="tegel-{code}">(.*?)</li>', page, re.S)
    assert match, f"no tile for {code}"
    body = match.group(1)
    facts = {"all": text(body)}
    for name in ("value", "change", "target", "distance", "on-track"):
        found = re.search(rf"<(?:p|dd)[^>]*data-{name}[^>]*>(.*?)</(?:p|dd)>", body, re.S)
        facts[name] = text(found.group(1)) if found else None
    return facts


def spec(page, script_id):
    match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no chart {script_id}"
    return json.loads(match.group(1))


def table_rows(page, caption):
    """(row header, cells…) of the table with this caption."""
    match = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", page, re.S)
    assert match, f"no table {caption!r}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(1), re.S)[1:]
    return [[text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def get(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


# --- Tiles -------------------------------------------------------------------------------------------------------


def test_tiles_show_the_value_the_change_since_the_baseline_the_target_and_the_distance(client):
    two_snapshots()
    response, page = get(client, "/dashboard/work_to_work/")
    assert response.status_code == 200
    vacancies = tile(page, "tech_vacancies_open_long")
    assert vacancies["value"] == "25"
    assert vacancies["change"] == "−15 (was 40)"
    assert vacancies["target"] == "0 in 2030 (hooguit)"
    assert vacancies["distance"] == "25"
    # A straight line from 40 on 1 January 2025 to 0 at the end of 2030 is at 33 on 1 January 2026: 25 is ahead of it.
    assert vacancies["on-track"] == "Op koers"
    share = tile(page, "energy_w2w_share")
    assert share["value"] == "60,0 %"
    assert share["change"] == "+10,0 procentpunt (was 50,0 %)"
    assert share["target"] == "75,0 % in 2030 (minstens)"
    assert share["distance"] == "15,0 %"
    assert "Manifest Werken en ontwikkelen 2030, startcoalitie 2" in share["all"]  # the target's source
    assert "Stand van de momentopname van 1 januari 2026 12:00 (Stand januari 2026)" in text(page)
    assert "De 0-meting is die van 1 januari 2025." in text(page)


def test_a_suppressed_baseline_gives_no_change_that_would_reveal_it(client):
    two_snapshots()
    _response, page = get(client, "/dashboard/lifelong_learning/")
    passports = tile(page, "passports_in_use")
    assert passports["value"] == "15"
    assert passports["change"] == "– (was < 10)"
    assert "+6" not in page


def test_the_overview_has_a_card_per_theme_with_the_headline_tiles(client):
    two_snapshots()
    response, page = get(client, "/dashboard/")
    assert response.status_code == 200
    for label in ("Innovatie", "Instroom, doorstroom &amp; techniekpromotie", "Van werk naar werk", "Inclusiviteit", "Werkend ecosysteem &amp; campusvorming"):
        assert f">{label}</a></h3>" in page
    assert tile(page, "tech_vacancies_open_long")["value"] == "25"  # a KPI with a target is a headline
    assert 'href="/dashboard/work_to_work/"' in page
    assert 'href="/dashboard/work_to_work/tech_vacancies_open_long/"' in page


# --- Suppression --------------------------------------------------------------------------------------------------


def test_nine_shows_as_less_than_ten_in_the_table_the_charts_and_both_files_ten_stays_ten(client):
    two_snapshots()
    response, page = get(client, "/dashboard/work_to_work/w2w_placements/")
    assert response.status_code == 200
    assert table_rows(page, "Werk-naar-werkplaatsingen per arbeidsmarktregio") == [
        ["Groot Amsterdam", "< 10"], ["Noord-Holland Noord", "10"], ["Zuid-Kennemerland en IJmond", "26"],
    ]  # fmt: skip
    for kind in ("map", "bars"):
        chart = spec(page, f"spec-w2w_placements-region-{kind}")
        cells = chart["transform"][0]["from"]["data"]["values"] if kind == "map" else chart["data"]["values"]
        amsterdam = next(cell for cell in cells if cell["key"] == "AM18")
        assert amsterdam["value"] is None and amsterdam["shown"] == "< 10"
    csv_url = "/dashboard/work_to_work/w2w_placements/tabel/region/"
    download = client.get(csv_url, {"format": "csv"})
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert 'filename="dashboard-w2w_placements-region-2026-01-01.csv"' in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Code", "Arbeidsmarktregio", "Waarde (aantal)"], ["AM18", "Groot Amsterdam", "< 10"], ["AM15", "Noord-Holland Noord", "10"], ["AM37", "Zuid-Kennemerland en IJmond", "26"]]
    workbook = client.get(csv_url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["AM18", "Groot Amsterdam", "< 10"], ["AM15", "Noord-Holland Noord", 10], ["AM37", "Zuid-Kennemerland en IJmond", 26],
    ]  # fmt: skip


def test_a_budget_name_that_looks_like_a_formula_is_text_in_the_csv(client):
    from datetime import date

    from loket.fund.models import Budget, Funder, FunderKind

    funder = Funder.objects.create(name="Provincie", kind=FunderKind.PROVINCE)
    budget = Budget.objects.create(funder=funder, name='=HYPERLINK("http://example.org","klik")', amount_cents=100, valid_from=date(2025, 1, 1), valid_until=date(2026, 12, 31))
    snapshot("2026-01-01", {("fund_granted", "", ""): (5000, 40), ("fund_granted", "budget", str(budget.pk)): (5000, 40)}, baseline=True)
    download = client.get("/dashboard/lifelong_learning/fund_granted/tabel/budget/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == [str(budget.pk), "'=HYPERLINK(\"http://example.org\",\"klik\")", "5000"]


# --- Filters ------------------------------------------------------------------------------------------------------


def test_a_region_filter_shows_that_regions_cell_and_says_when_a_kpi_has_no_regions(client):
    two_snapshots()
    response, page = get(client, "/dashboard/work_to_work/", region="AM18")
    assert response.status_code == 200
    vacancies = tile(page, "tech_vacancies_open_long")
    assert vacancies["value"] == "18" and vacancies["change"] == "−12 (was 30)"
    # A count's target is for the whole province; no region has to reach it alone.
    assert vacancies["target"] is None and vacancies["on-track"] == "Het doel geldt voor het geheel, niet voor één regio of sector."
    assert 'href="/dashboard/work_to_work/tech_vacancies_open_long/?region=AM18"' in page  # links keep the filter
    _response, ecosystem = get(client, "/dashboard/ecosystem/", region="AM18")
    assert "Deze KPI is niet per arbeidsmarktregio uitgesplitst; u ziet heel Noord-Holland." in tile(ecosystem, "campus_regions_share")["all"]


def test_with_a_region_filter_the_municipalities_are_that_regions_and_the_map_outlines_it(client):
    two_snapshots()
    _response, page = get(client, "/dashboard/work_to_work/tech_vacancies_open_long/", region="AM18")
    assert table_rows(page, "Technische vacatures langer dan 3 maanden open per gemeente") == [["Amsterdam", "18"]]
    region_map = spec(page, "spec-tech_vacancies_open_long-region-map")
    assert region_map["layer"][-1]["transform"] == [{"filter": {"field": "properties.code", "equal": "AM18"}}]
    municipality_map = spec(page, "spec-tech_vacancies_open_long-municipality-map")
    in_region = set(Municipality.objects.filter(region__code="AM18").values_list("code", flat=True))
    assert {feature["id"] for feature in municipality_map["data"]["values"]} == in_region


def test_a_sector_filter_shows_that_sectors_cell(client):
    two_snapshots()
    _response, page = get(client, "/dashboard/work_to_work/", sector="F")
    vacancies = tile(page, "tech_vacancies_open_long")
    assert vacancies["value"] == "5" and vacancies["change"] == "−7 (was 12)"
    assert "Deze KPI is niet per sector uitgesplitst" in tile(page, "outflow_announced")["all"]


def test_the_period_chooses_the_snapshot_shown_and_the_points_of_the_series(client):
    two_snapshots()
    _response, page = get(client, "/dashboard/work_to_work/tech_vacancies_open_long/", until="2025-06-30")
    assert tile(page, "tech_vacancies_open_long")["value"] == "40"
    assert table_rows(page, "Technische vacatures langer dan 3 maanden open per momentopname") == [["2025-01-01 12:00", "40", "ja"]]
    _response, page = get(client, "/dashboard/work_to_work/tech_vacancies_open_long/", since="2025-06-01")
    assert table_rows(page, "Technische vacatures langer dan 3 maanden open per momentopname") == [["2026-01-01 12:00", "25", ""]]
    assert tile(page, "tech_vacancies_open_long")["change"] == "−15 (was 40)"  # still against the baseline
    _response, page = get(client, "/dashboard/work_to_work/", since="2027-01-01")
    assert "Er is geen momentopname in deze periode." in text(page)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "AM18", "sector": "F"}, "Kies een regio óf een sector"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "De einddatum ligt vóór de begindatum."),
        ({"region": "AM99"}, "Deze arbeidsmarktregio kennen we niet; kies er een uit de lijst."),
        ({"since": "1 januari"}, "Vul een datum in als JJJJ-MM-DD."),
    ],
)
def test_a_filter_that_cannot_be_applied_says_why_and_shows_everything(client, params, message):
    two_snapshots()
    response, page = get(client, "/dashboard/work_to_work/", **params)
    assert response.status_code == 400
    assert "Dit filter kunnen we niet toepassen." in page and message in text(page)
    assert tile(page, "tech_vacancies_open_long")["value"] == "25"  # unfiltered
    download = client.get("/dashboard/work_to_work/tech_vacancies_open_long/tabel/region/", {**params, "format": "csv"})
    assert download.status_code == 400 and message in download.content.decode()


# --- Without snapshots, and the downloads' unhappy paths ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/work_to_work/", "/dashboard/work_to_work/tech_vacancies_open_long/"])
def test_without_a_snapshot_each_page_says_how_to_make_one(client, url):
    snapshot("2026-01-01", {("tech_vacancies_open_long", "", ""): 3}, status=SnapshotStatus.FAILED)
    response, page = get(client, url)
    assert response.status_code == 200
    assert "Er is nog geen momentopname." in text(page)
    assert "<code>loket snapshot</code>" in page
    assert "vega-embed" not in page


def test_downloads_refuse_an_unknown_format_chart_or_kpi_of_another_theme(client):
    two_snapshots()
    response = client.get("/dashboard/work_to_work/tech_vacancies_open_long/tabel/region/", {"format": "pdf"})
    assert response.status_code == 400 and "Onbekend bestandsformaat; kies csv of xlsx." in response.content.decode()
    assert client.get("/dashboard/work_to_work/tech_vacancies_open_long/tabel/budget/").status_code == 404
    assert client.get("/dashboard/ecosystem/tech_vacancies_open_long/").status_code == 404
    assert client.get("/dashboard/nergens/").status_code == 404
    series = client.get("/dashboard/work_to_work/tech_vacancies_open_long/tabel/series/")
    assert series.status_code == 200 and series.content.decode("utf-8-sig").splitlines()[1:] == ["2025-01-01 12:00;40;ja", "2026-01-01 12:00;25;"]


# --- Who may take a snapshot and choose the baseline -------------------------------------------------------------------


def test_only_analysts_and_administrators_see_the_snapshot_buttons(client, make_user):
    baseline, latest = two_snapshots()
    start = 'action="/dashboard/momentopnamen/nieuw/"'
    mark = f'action="/dashboard/momentopnamen/{latest.pk}/0-meting/"'
    _response, page = get(client, "/dashboard/")
    assert start not in page and mark not in page
    client.force_login(make_user(Role.PERSON))
    _response, page = get(client, "/dashboard/")
    assert start not in page and mark not in page
    for role in (Role.ANALYST, Role.ADMIN):
        client.force_login(make_user(role))
        _response, page = get(client, "/dashboard/")
        assert start in page and mark in page
        assert f'action="/dashboard/momentopnamen/{baseline.pk}/0-meting/"' not in page  # it already is


def test_someone_without_the_role_cannot_take_a_snapshot_or_move_the_baseline(client, make_user):
    baseline, latest = two_snapshots()
    assert client.post("/dashboard/momentopnamen/nieuw/").status_code == 302  # to the log-in page
    client.force_login(make_user(Role.PERSON))
    assert client.post("/dashboard/momentopnamen/nieuw/").status_code == 403
    assert client.post(f"/dashboard/momentopnamen/{latest.pk}/0-meting/").status_code == 403
    assert Snapshot.objects.count() == 2
    baseline.refresh_from_db()
    assert baseline.is_baseline


def test_an_analyst_marks_another_baseline_and_the_tiles_follow(client, make_user):
    baseline, latest = two_snapshots()
    client.force_login(make_user(Role.ANALYST))
    response = client.post(f"/dashboard/momentopnamen/{latest.pk}/0-meting/", follow=True)
    assert "De momentopname van 01-01-2026 12:00 is nu de 0-meting." in text(response.content.decode())
    latest.refresh_from_db()
    baseline.refresh_from_db()
    assert latest.is_baseline and not baseline.is_baseline
    _response, page = get(client, "/dashboard/work_to_work/")
    assert tile(page, "tech_vacancies_open_long")["change"] == "±0 (was 25)"


def test_a_running_snapshot_cannot_be_the_baseline_and_its_progress_is_polled(client, make_user):
    two_snapshots()
    running = snapshot("2026-02-01", {}, status=SnapshotStatus.RUNNING)
    Snapshot.objects.filter(pk=running.pk).update(steps_done=3, taken_at=timezone.now())  # started just now: not stale
    client.force_login(make_user(Role.ANALYST))
    response = client.post(f"/dashboard/momentopnamen/{running.pk}/0-meting/", follow=True)
    assert "Alleen een afgeronde momentopname kan de 0-meting worden." in text(response.content.decode())
    running.refresh_from_db()
    assert not running.is_baseline
    polled = client.get("/dashboard/momentopnamen/", HTTP_HX_REQUEST="true")
    fragment = polled.content.decode()
    assert 'hx-trigger="every 2s"' in fragment and f"3 van {running.steps_total} KPI" in text(fragment)
    assert "<html" not in fragment
    assert client.get("/dashboard/momentopnamen/").status_code == 302  # without htmx: the overview
    refused = client.post("/dashboard/momentopnamen/nieuw/", {"label": "Nog een"}, follow=True)
    assert "Er loopt al een momentopname. Wacht tot die klaar is." in text(refused.content.decode())
    assert Snapshot.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_an_analyst_takes_a_snapshot_in_the_background_and_the_first_becomes_the_baseline(client, make_user):
    from loket.monitor import services

    client.force_login(make_user(Role.ANALYST))
    response = client.post("/dashboard/momentopnamen/nieuw/", {"label": "Eerste meting"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/#momentopnamen"
    taken = Snapshot.objects.get()
    services.wait(taken.pk, timeout=120)
    taken.refresh_from_db()
    assert (taken.status, taken.label, taken.is_baseline, taken.steps_done) == ("done", "Eerste meting", True, taken.steps_total)
    _response, page = get(client, "/dashboard/work_to_work/")
    assert "Er is nog geen momentopname." not in page
    assert tile(page, "tech_vacancies_open_long")["value"] == "0"
    too_long = client.post("/dashboard/momentopnamen/nieuw/", {"label": "x" * 201}, follow=True)
    assert "De omschrijving mag hooguit 200 tekens lang zijn." in text(too_long.content.decode())
    assert Snapshot.objects.count() == 1


def test_a_breakdown_with_only_suppressed_cells_draws_no_chart_but_keeps_its_table(client):
    snapshot("2026-01-01", {
        ("passports_in_use", "", ""): (12, 12),
        ("passports_in_use", "region", "AM18"): (7, 7),
        ("passports_in_use", "region", "AM15"): (5, 5),
    }, baseline=True)  # fmt: skip
    _response, page = get(client, "/dashboard/lifelong_learning/passports_in_use/")
    assert "spec-passports_in_use-region-map" not in page and "spec-passports_in_use-region-bars" not in page
    assert "Geen grafiek: er is geen cijfer dat we mogen tonen" in page
    assert table_rows(page, "Skillspaspoorten in gebruik per arbeidsmarktregio") == [["Groot Amsterdam", "< 10"], ["Noord-Holland Noord", "< 10"]]
    assert "spec-passports_in_use-reeks-line" in page  # the total of 12 is drawn

"""The overviews for the regiegroep (per year) and the leer- en adviescommissie (per four months), on the page and as CSV."""

import csv
import datetime
import io

import pytest

from loket.ecosystem.models import Milestone, StatusUpdate

from .agenda_world import in_days, make_coalition, world  # noqa: F401

pytestmark = pytest.mark.django_db
OVERVIEW = "/ecosysteem/agenda/overzicht/"


@pytest.fixture
def april_and_may(world):
    """A coalition with a milestone due on the last day of April and one on the first day of May 2021."""
    coalition = make_coalition("techniekpromotie", "Eén taal voor techniekpromotie", "9", themes=["inflow"])
    Milestone.objects.create(initiative=coalition, title="Purpose Case", due_date=datetime.date(2021, 4, 30), done_on=datetime.date(2021, 4, 28))
    Milestone.objects.create(initiative=coalition, title="Campagne", due_date=datetime.date(2021, 5, 1))
    StatusUpdate.objects.create(
        initiative=coalition, date=datetime.date(2021, 8, 31), status="late", author_name="Piet Promotie",
        text="=HYPERLINK(\"http://example.com\")\nCampagne schuift op.",
    )  # fmt: skip
    return coalition


def coalition_section(html, name):
    start = html.index(name)
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


def planned(section):
    """The section's list of milestones due in the period."""
    return section[section.index("Mijlpalen gepland in deze periode") : section.index("Mijlpalen gehaald in deze periode")]


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_commission_sees_30_april_in_january_april_and_1_may_in_may_august(client, april_and_may):
    first = client.get(OVERVIEW, {"voor": "commissie", "periode": "2021-1"})
    assert first.status_code == 200
    section = coalition_section(first.content.decode(), "9. Eén taal voor techniekpromotie")
    assert "Purpose Case" in planned(section) and "Campagne" not in planned(section)
    assert "28 april 2021" in section  # reached in the period
    # Due the next day and no update yet: at risk at the end of April, and the reason says why.
    assert "Risico" in section and "Mijlpaal &#x27;Campagne&#x27; moet uiterlijk 01-05-2021 gehaald zijn" in section
    second = coalition_section(client.get(OVERVIEW, {"voor": "commissie", "periode": "2021-2"}).content.decode(), "9. Eén taal")
    assert "Campagne" in planned(second) and "Purpose Case" not in planned(second)
    assert "Piet Promotie" in second and "Achter op schema" in second
    third = coalition_section(client.get(OVERVIEW, {"voor": "commissie", "periode": "2021-3"}).content.decode(), "9. Eén taal")
    assert "Campagne" not in planned(third) and "Piet Promotie" not in third  # the update of 31 August is in May–August


def test_the_regiegroep_sees_a_whole_year_and_the_status_at_its_end(client, april_and_may):
    html = client.get(OVERVIEW, {"voor": "regiegroep", "periode": "2021"}).content.decode()
    assert "Jaarevaluatie van de actieagenda 2021" in html and "31 december 2021" in html
    section = coalition_section(html, "9. Eén taal voor techniekpromotie")
    assert "Purpose Case" in section and "Campagne" in section and "Piet Promotie" in section
    assert "Achter op schema" in section
    assert "Nulmeting" in coalition_section(html, "10. Management informatie")
    later = coalition_section(client.get(OVERVIEW, {"voor": "regiegroep", "periode": "2022"}).content.decode(), "9. Eén taal")
    assert "Piet Promotie" not in later and "Geen." in later


def test_without_a_period_the_current_one_and_a_wrong_one_is_said(client, world):
    today = in_days(0)
    default = client.get(OVERVIEW)
    assert default.status_code == 200 and f"Jaarevaluatie van de actieagenda {today.year}" in default.content.decode()
    wrong = client.get(OVERVIEW, {"voor": "commissie", "periode": "2021"})
    assert wrong.status_code == 400
    assert "Kies een periode van vier maanden" in wrong.content.decode()
    assert client.get(OVERVIEW, {"voor": "bestuur"}).status_code == 400
    assert client.get(OVERVIEW, {"voor": "commissie", "periode": "2021-1", "formaat": "csv"})["Content-Type"].startswith("text/csv")
    assert client.get(OVERVIEW, {"voor": "commissie", "periode": "2021-7", "formaat": "csv"}).status_code == 400  # no CSV of nothing


def test_the_overview_prints_without_navigation(client, world):
    html = client.get(OVERVIEW).content.decode()
    assert "ecosystem/agenda.css" in html and "window.print()" in html


def test_csv_for_excel_with_one_row_per_coalition_and_safe_cells(client, april_and_may):
    response = client.get(OVERVIEW, {"voor": "commissie", "periode": "2021-2", "formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="actieagenda-commissie-2021-2.csv"'
    rows = read_csv(response)
    header = rows[0]
    assert header[:5] == ["Nummer", "Coalitie", "Soort", "Aanjager", "Thema's"]
    assert header[5] == "Stand op 31-08-2021"
    assert [row[0] for row in rows[1:]] == ["1", "2", "5a", "9", "10", ""]
    row = dict(zip(header, next(r for r in rows[1:] if r[0] == "9")))
    assert row["Coalitie"] == "Eén taal voor techniekpromotie" and row["Thema's"] == "Instroom, doorstroom & techniekpromotie"
    assert row["Stand op 31-08-2021"] == "Achter op schema"
    assert row["Mijlpalen gepland in de periode"] == "1"
    assert row["Mijlpalen gepland in de periode (stand)"] == "Campagne (01-05-2021): verlopen"
    assert row["Mijlpalen gehaald in de periode"] == "0"
    assert row["Voortgangsberichten in de periode"] == "1"
    # The text began with "=": a formula in Excel unless made text; the date in front already keeps it a text here.
    assert row["Voortgangsberichten"].startswith("31-08-2021 Piet Promotie (Achter op schema): =HYPERLINK(")
    assert "\nCampagne schuift op." in row["Voortgangsberichten"]
    werk = dict(zip(header, next(r for r in rows[1:] if r[0] == "2")))
    assert werk["Aanjager"] == "Luchtvaart Community Schiphol"
    assert werk["Toelichting"] == "Mijlpaal 'Purpose Case' (Q2 2021) is verlopen op 30-06-2021"


def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(client, world):
    world["warmte"].name = "=1+2 Warmtenet"
    world["warmte"].save()
    rows = read_csv(client.get(OVERVIEW, {"voor": "regiegroep", "periode": "2021", "formaat": "csv"}))
    assert "'=1+2 Warmtenet" in [row[1] for row in rows[1:]]


def test_the_first_and_last_year_link_to_no_page_that_refuses(client, world):
    first = client.get(OVERVIEW, {"voor": "regiegroep", "periode": "2000"}).content.decode()
    assert "Vorige:" not in first and "periode=2001" in first
    last = client.get(OVERVIEW, {"voor": "commissie", "periode": "2100-3"}).content.decode()
    assert "Volgende:" not in last and "periode=2100-2" in last

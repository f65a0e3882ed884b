"""The agenda's pages: the agenda per theme with counts and filters, a coalition's page, and editing by its editors."""

import re

import pytest
from django.urls import reverse

from loket.accounts.roles import Role
from loket.ecosystem.models import Milestone, StatusUpdate

from .agenda_world import in_days, world  # noqa: F401

pytestmark = pytest.mark.django_db
AGENDA = "/ecosysteem/agenda/"


def section(html, heading_id):
    """The HTML from one theme's heading to the next h2."""
    start = html.index(f'id="{heading_id}"')
    following = html.find("<h2", start)
    return html[start : following if following > 0 else len(html)]


def count_cell(html, row_label, status):
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*>(?:<a[^>]*>)?{re.escape(row_label)}(?:</a>)?</th>(.*?)</tr>", html, re.S).group(1)
    cell = re.search(rf'data-status="{status}">(?:<a[^>]*>)?(\d+)', row).group(1)
    return int(cell)


def test_urls_are_the_agreed_ones():
    assert reverse("ecosystem:agenda") == AGENDA
    assert reverse("ecosystem:coalition", args=["een-loket"]) == AGENDA + "een-loket/"
    assert reverse("ecosystem:agenda_overview") == AGENDA + "overzicht/"


def test_the_agenda_is_public_and_lists_coalitions_under_each_of_their_themes(client, world):
    response = client.get(AGENDA)
    assert response.status_code == 200
    html = response.content.decode()
    work = section(html, "thema-work_to_work")
    assert "1. ServicePunt Techniek NH" in work and "2. Intersectoraal werk-naar-werk" in work
    assert work.index("1. ServicePunt") < work.index("2. Intersectoraal")  # manifest order
    inflow = section(html, "thema-inflow")
    assert "ServicePunt Techniek NH" in inflow and "werk-naar-werk" not in inflow
    ecosystem = section(html, "thema-ecosystem")
    assert "5a. Eén gevoeld loket" in ecosystem and "10. Management informatie" in ecosystem
    assert ecosystem.index("5a.") < ecosystem.index("10.")
    assert "Warmtenet-academie" in section(html, "thema-zonder")
    assert "Fieldlab Zaanstad" not in html  # not a coalition
    assert 'id="thema-innovation"' not in html  # no coalition in that theme


def test_each_coalition_shows_status_reason_aanjager_next_milestone_and_latest_update(client, world):
    html = client.get(AGENDA).content.decode()
    late = section(html, "thema-work_to_work")
    assert "Achter op schema" in late and "Mijlpaal &#x27;Purpose Case&#x27; (Q2 2021) is verlopen op 30-06-2021" in late
    assert "Luchtvaart Community Schiphol" in late and "Technologiecoalitie" in late
    assert "Start (Q3)" in late and "Loopt goed." in late
    ecosystem = section(html, "thema-ecosystem")
    assert "Risico" in ecosystem and "Klaar" in ecosystem
    assert "Geen informatie" in section(html, "thema-zonder") and "Er zijn geen mijlpalen en geen voortgangsberichten bekend." in html


def test_counts_per_status_per_theme_and_each_coalition_once_in_total(client, world):
    html = client.get(AGENDA).content.decode()
    assert count_cell(html, "Van werk naar werk", "on_track") == 1
    assert count_cell(html, "Van werk naar werk", "late") == 1
    assert count_cell(html, "Instroom, doorstroom &amp; techniekpromotie", "on_track") == 1
    assert count_cell(html, "Werkend ecosysteem &amp; campusvorming", "at_risk") == 1
    assert count_cell(html, "Werkend ecosysteem &amp; campusvorming", "done") == 1
    # ServicePunt is in two themes but counts once in the total.
    totals = {status: count_cell(html, "Alle coalities (elk één keer)", status) for status in ("on_track", "at_risk", "late", "done", "no_information")}
    assert totals == {"on_track": 1, "at_risk": 1, "late": 1, "done": 1, "no_information": 1}
    assert '?thema=work_to_work&amp;status=late' in html  # a count leads to its coalitions


def test_filters_by_status_theme_and_kind(client, world):
    late = client.get(AGENDA, {"status": "late"}).content.decode()
    assert "Intersectoraal werk-naar-werk" in late and "ServicePunt Techniek NH</a></h3>" not in late
    ecosystem = client.get(AGENDA, {"thema": "ecosystem"}).content.decode()
    assert "Eén gevoeld loket" in ecosystem and "Management informatie" in ecosystem and "werk-naar-werk</a>" not in ecosystem
    development = client.get(AGENDA, {"soort": "ontwikkelcoalitie"}).content.decode()
    assert "Warmtenet-academie" in development and "Eén gevoeld loket</a>" not in development
    nothing = client.get(AGENDA, {"thema": "inflow", "status": "done"}).content.decode()
    assert "Geen coalities met deze keuze." in nothing


def test_an_unknown_filter_is_said_and_ignored(client, world):
    response = client.get(AGENDA, {"status": "vertraagd", "thema": "ecosystem"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Onbekende status: vertraagd" in html
    assert "Eén gevoeld loket" in html and "werk-naar-werk</a>" not in html  # the valid theme filter still applies


def test_the_coalition_page_shows_goal_partners_timeline_and_updates(client, world):
    response = client.get(AGENDA + "servicepunt-techniek/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Mensen behouden voor de techniek.", "In-, door- en uitstroom tussen technische werkgevers.",
                 "Niemand verloren voor de techniek.", "Technologiecoalitie", "UWV", "Anne de Vries", "Loopt goed."):  # fmt: skip
        assert text in html
    timeline = html[html.index('id="mijlpalen"') : html.index('id="berichten"')]
    assert timeline.index("Purpose Case") < timeline.index("Start")
    assert "Gehaald" in timeline and "Gepland" in timeline
    # A visitor gets no forms.
    assert "<form" not in html.split('id="inhoud"')[1].split("</main>")[0]
    assert client.get(AGENDA + "test-fieldlab-zaanstad/").status_code == 404  # not a coalition
    assert client.get(AGENDA + "bestaat-niet/").status_code == 404


def test_only_editors_see_the_forms(client, world):
    client.force_login(world["outsider"])
    assert "Nieuw voortgangsbericht" not in client.get(AGENDA + "servicepunt-techniek/").content.decode()
    client.force_login(world["editor"])
    html = client.get(AGENDA + "servicepunt-techniek/").content.decode()
    assert "Nieuw voortgangsbericht" in html and "Mijlpaal toevoegen" in html and "“Start” is gehaald" in html
    assert "Nieuw voortgangsbericht" not in client.get(AGENDA + "een-loket/").content.decode()  # not this one's editor


def test_an_editor_posts_an_update_and_the_status_changes(client, world):
    client.force_login(world["editor"])
    response = client.post(
        AGENDA + "servicepunt-techniek/bericht/", {"date": in_days(0).isoformat(), "status": "late", "text": "Vouchers vertraagd."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#berichten")
    update = StatusUpdate.objects.get(text="Vouchers vertraagd.")
    assert (update.author, update.author_name, update.initiative) == (world["editor"], "Rob Redacteur", world["servicepunt"])
    html = client.get(AGENDA + "servicepunt-techniek/").content.decode()
    assert "Het voortgangsbericht is geplaatst." in html
    status = html[html.index('id="status"') : html.index("Doel en resultaat")]
    assert "Achter op schema" in status


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "2099-01-01", "status": "on_track", "text": "Te vroeg."}, "Deze datum ligt in de toekomst"),
        ({"date": "gisteren", "status": "on_track", "text": "Welke dag?"}, "Voer een geldige datum in."),
        ({"date": "2024-01-01", "status": "prima", "text": "Onbekende stand."}, "Selecteer een geldige keuze."),
        ({"date": "2024-01-01", "status": "on_track", "text": "   "}, "Dit veld is verplicht."),
    ],
)
def test_an_invalid_update_says_why_in_dutch_and_saves_nothing(client, world, data, message):
    client.force_login(world["editor"])
    response = client.post(AGENDA + "servicepunt-techniek/bericht/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Er is niets opgeslagen." in html
    assert StatusUpdate.objects.filter(initiative=world["servicepunt"]).count() == 1


def test_others_cannot_post_or_change_milestones(client, world):
    url = AGENDA + "servicepunt-techniek/bericht/"
    data = {"date": in_days(0).isoformat(), "status": "late", "text": "Niet van mij."}
    response = client.post(url, data)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    client.force_login(world["outsider"])
    refused = client.post(url, data)
    assert refused.status_code == 403
    assert "Alleen de redacteuren van deze coalitie en beheerders" in refused.content.decode()
    milestone = world["servicepunt"].milestones.get(title="Start")
    assert client.post(AGENDA + f"servicepunt-techniek/mijlpalen/{milestone.pk}/gehaald/", {f"mijlpaal-{milestone.pk}-done_on": in_days(0).isoformat()}).status_code == 403
    assert client.get(AGENDA + "servicepunt-techniek/mijlpalen/nieuw/").status_code == 403
    assert not StatusUpdate.objects.filter(text="Niet van mij.").exists()
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_an_administrator_may_edit_any_coalition(client, world, make_user):
    client.force_login(make_user(role=Role.ADMIN, email="beheer@example.nl"))
    response = client.post(AGENDA + "een-loket/bericht/", {"date": in_days(-1).isoformat(), "status": "on_track", "text": "Pilot staat klaar."})
    assert response.status_code == 302
    html = client.get(AGENDA + "een-loket/").content.decode()
    assert "Op schema" in html[html.index('id="status"') : html.index("Doel en resultaat")]


def test_an_editor_marks_the_last_open_milestone_done_and_the_coalition_is_done(client, world):
    client.force_login(world["editor"])
    milestone = world["werk_naar_werk"].milestones.get()
    prefix = f"mijlpaal-{milestone.pk}"
    too_late = client.post(AGENDA + f"werk-naar-werk/mijlpalen/{milestone.pk}/gehaald/", {f"{prefix}-done_on": in_days(3).isoformat()})
    assert too_late.status_code == 400 and "Deze datum ligt in de toekomst" in too_late.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on is None
    response = client.post(AGENDA + f"werk-naar-werk/mijlpalen/{milestone.pk}/gehaald/", {f"{prefix}-done_on": "2021-07-15"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on.isoformat() == "2021-07-15"
    html = client.get(AGENDA + "werk-naar-werk/").content.decode()
    assert "Klaar" in html[html.index('id="status"') : html.index("Doel en resultaat")]
    assert "De mijlpaal is gehaald op 15-07-2021." in html


def test_an_editor_adds_and_changes_milestones(client, world):
    client.force_login(world["editor"])
    url = AGENDA + "servicepunt-techniek/mijlpalen/nieuw/"
    assert client.get(url).status_code == 200
    invalid = client.post(url, {"title": "  ", "due_label": "Q4 2026", "due_date": "eind 2026"})
    assert invalid.status_code == 400
    html = invalid.content.decode()
    assert "Dit veld is verplicht." in html
    assert "Voer een geldige datum in." in html and "Er is niets opgeslagen." in html
    assert world["servicepunt"].milestones.count() == 2
    assert client.post(url, {"title": "Evaluatie", "due_label": "Q4 2026", "due_date": "2026-12-31"}).status_code == 302
    added = Milestone.objects.get(initiative=world["servicepunt"], title="Evaluatie")
    assert added.due_label == "Q4 2026" and added.done_on is None
    edit = AGENDA + f"servicepunt-techniek/mijlpalen/{added.pk}/"
    assert client.post(edit, {"title": "Evaluatie jaar 1", "due_label": "", "due_date": "2027-01-31", "done_on": ""}).status_code == 302
    added.refresh_from_db()
    assert (added.title, added.due_date.isoformat()) == ("Evaluatie jaar 1", "2027-01-31")
    # Another coalition's milestone is not reachable through this one.
    other = world["werk_naar_werk"].milestones.get()
    assert client.get(AGENDA + f"servicepunt-techniek/mijlpalen/{other.pk}/").status_code == 404

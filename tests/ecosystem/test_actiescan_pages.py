"""The Actiescan's pages and API: history, filling in, permissions, versions."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.accounts.models import Membership, Organisation as Account
from loket.accounts.roles import Role
from loket.ecosystem import actiescan
from loket.ecosystem.models import ActionScan, Initiative, Organisation, Partner
from loket.ecosystem.vocabulary import InitiativeKind, OrganisationKind, PartnerRole

pytestmark = pytest.mark.django_db


def codes():
    return [s.code for d in actiescan.questionnaire() for s in d.statements]


def answers(value=3, **overrides):
    return {code: overrides.get(code, value) for code in codes()}


def by_dimension(rows):
    dimensions = {d.code: d for d in actiescan.questionnaire()}
    return {s.code: value for dimension, values in rows.items() for s, value in zip(dimensions[dimension].statements, values, strict=True)}


@pytest.fixture
def community(db):
    return Initiative.objects.create(
        slug="lc-energie-ijmond", name="Learning community Energie IJmond", kind=InitiativeKind.LEARNING_COMMUNITY,
        description_nl="Samen leren voor de energietransitie.",
    )  # fmt: skip


@pytest.fixture
def editor(make_user, community):
    user = make_user(email="redacteur@example.nl")
    community.editors.add(user)
    return user


def scan(initiative, taken_on, values, version=actiescan.VERSION, scores=None):
    return ActionScan.objects.create(
        initiative=initiative, taken_on=taken_on, version=version, answers=values, scores=scores or actiescan.score(values)
    )


def post_form(values, taken_on=None):
    data = {code: str(value) for code, value in values.items()}
    data["taken_on"] = (taken_on or timezone.localdate()).isoformat()
    return data


# --- The history page ------------------------------------------------------------------------------------------------


def test_without_scans_the_page_says_so_and_offers_nothing_to_strangers(client, community):
    page = client.get(reverse("ecosystem:scans", args=[community.slug])).content.decode()
    assert "nog geen actiescan ingevuld" in page
    assert reverse("ecosystem:scan_new", args=[community.slug]) not in page
    assert client.get(reverse("ecosystem:scans", args=["bestaat-niet"])).status_code == 404


def test_the_page_shows_the_latest_scan_with_the_previous_overlaid_and_the_history_newest_first(client, community):
    weak = by_dimension({"ambitie": [3, 3, 3, 3, 3], "partners": [3, 3, 3, 3, 3], "leren": [3, 3, 3, 3, 3, 3],
                         "organisatie": [2, 2, 2, 2, 2], "financiering": [1, 1, 2, 1, 1], "impact": [2, 2, 2, 2, 2]})  # fmt: skip
    better = by_dimension({"ambitie": [4, 4, 4, 4, 4], "partners": [4, 4, 4, 4, 4], "leren": [4, 4, 4, 4, 4, 4],
                           "organisatie": [3, 3, 3, 3, 3], "financiering": [2, 1, 2, 2, 2], "impact": [3, 3, 3, 3, 3]})  # fmt: skip
    scan(community, datetime.date(2026, 3, 16), weak)
    scan(community, datetime.date(2026, 10, 12), better)
    scan(community, datetime.date(2025, 9, 1), answers(1))
    page = client.get(reverse("ecosystem:scans", args=[community.slug])).content.decode()
    assert "Ingevuld op 12 oktober 2026" in page
    assert f'href="{reverse("ecosystem:initiative", args=[community.slug])}"' in page  # back to the registry
    assert page.count('class="radar-latest"') == 1 and page.count('class="radar-previous"') == 1
    assert "<svg" in page and 'role="img"' in page
    # Coordinates stay in SVG's decimal point, whatever the language.
    latest_points = page.split('class="radar-latest" points="')[1].split('"')[0]
    assert "," in latest_points and latest_points.count(" ") == 5 and all(part.count(",") == 1 for part in latest_points.split())
    # The table has the same numbers, with the change since March.
    table = page.split('id="scores"')[1].split("</table>")[0]
    assert "Gedeelde ambitie" in table and "<td class=\"utrecht-table__cell\">75" in table and "+25" in table
    assert "16-3-2026" in table and "12-10-2026" in table
    history = page.split('id="history"')[1].split("</table>")[0]
    assert history.index("12 oktober 2026") < history.index("16 maart 2026") < history.index("1 september 2025")


def test_advice_is_given_for_the_low_dimensions_of_the_latest_scan_only(client, community):
    values = answers(4) | by_dimension({"financiering": [2, 1, 3, 1, 2]})
    scan(community, datetime.date(2026, 1, 5), answers(1))  # an older, weaker scan: not the one advised on
    scan(community, datetime.date(2026, 6, 1), values)
    page = client.get(reverse("ecosystem:scans", args=[community.slug])).content.decode()
    advice = page.split('id="advies"')[1].split('id="verloop"')[0]
    assert "Financiering: 20 van 100" in advice
    assert "Gedeelde ambitie" not in advice and "Impact" not in advice
    assert "F2. Bedrijven dragen bij in geld of in natura." in advice
    assert "Maak nu een plan voor na de subsidie" in advice  # F1's own advice
    assert "Uw antwoord: 1 (helemaal niet)" in advice


def test_a_scan_taken_with_an_older_version_keeps_its_scores_and_says_so(client, community):
    stored = {"ambitie": 40.0, "partners": 55.0, "leren": 60.0, "organisatie": 70.0, "financiering": 20.0, "impact": 65.0}
    scan(community, datetime.date(2025, 5, 1), {"X1": 2}, version="2025.1", scores=stored)
    page = client.get(reverse("ecosystem:scans", args=[community.slug])).content.decode()
    assert "oudere versie van de vragenlijst (2025.1; nu 2026.1)" in page
    assert "niet meer in het loket" in page
    assert "Financiering: 20 van 100" in page and "Gedeelde ambitie: 40 van 100" in page
    assert "Totaalscore: <strong>51,7</strong>" in page
    api = client.get(f"/api/v1/ecosystem/initiatives/{community.slug}/scans").json()
    assert api[0]["version"] == "2025.1" and api[0]["current_version"] is False and api[0]["scores"]["financiering"] == 20.0


# --- Filling in -------------------------------------------------------------------------------------------------------


def test_strangers_are_sent_to_log_in_and_others_refused(client, make_user, community):
    url = reverse("ecosystem:scan_new", args=[community.slug])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(make_user(Role.ANALYST, email="iemand@example.nl"))
    response = client.get(url)
    assert response.status_code == 403 and "redacteuren van dit initiatief" in response.content.decode()
    assert client.post(url, post_form(answers(4))).status_code == 403
    assert not ActionScan.objects.exists()


def test_an_editor_fills_in_the_scan_and_sees_the_result(client, editor, community):
    client.force_login(editor)
    url = reverse("ecosystem:scan_new", args=[community.slug])
    page = client.get(url).content.decode()
    assert page.count("<fieldset") == len(codes()) + 6  # a group per statement inside one per dimension
    assert "<legend" in page and "A1. De partners hebben een gezamenlijke ambitie" in page
    assert reverse("ecosystem:scan_new", args=[community.slug]) in client.get(reverse("ecosystem:scans", args=[community.slug])).content.decode()
    values = answers(4) | by_dimension({"impact": [1, 2, 1, 2, 2]})
    response = client.post(url, post_form(values, datetime.date(2026, 11, 20)))
    assert response.status_code == 302 and response["Location"] == reverse("ecosystem:scans", args=[community.slug])
    stored = ActionScan.objects.get()
    assert stored.version == actiescan.VERSION and stored.created_by == editor and stored.taken_on == datetime.date(2026, 11, 20)
    assert stored.answers["I1"] == 1 and stored.scores == actiescan.score(values)
    page = client.get(response["Location"]).content.decode()
    assert "De actiescan is opgeslagen" in page and "Impact: 15 van 100" in page


def test_missing_and_invalid_answers_are_listed_and_nothing_is_saved(client, editor, community):
    client.force_login(editor)
    url = reverse("ecosystem:scan_new", args=[community.slug])
    data = post_form(answers(3))
    del data["A3"], data["O5"]
    data["L2"] = "9"
    assert client.post(url, {}).status_code == 400  # an empty form is refused too, not shown afresh
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets opgeslagen" in page
    assert "deze zijn nog open: A3, O5" in page
    assert page.count("Nog niet beantwoord: kies een antwoord.") == 2 and "ongeldig bij: L2" in page
    assert "Het antwoord op L2 moet een geheel getal van 1 tot en met 5 zijn, niet “9”." in page
    assert 'href="#id_A3_0"' in page  # the summary leads to the first open statement
    assert page.count('aria-invalid="true"') == 3 * 5  # the radios of the three statements
    assert page.count('value="3" checked') == len(codes()) - 3  # what was answered stays
    assert not ActionScan.objects.exists()


def test_a_date_in_the_future_is_refused(client, editor, community):
    client.force_login(editor)
    response = client.post(reverse("ecosystem:scan_new", args=[community.slug]), post_form(answers(3), timezone.localdate() + datetime.timedelta(days=3)))
    assert response.status_code == 400 and "in de toekomst" in response.content.decode()
    assert not ActionScan.objects.exists()


def test_administrators_and_managers_of_the_lead_organisation_may_fill_it_in(client, make_user, community):
    url = reverse("ecosystem:scan_new", args=[community.slug])
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    assert client.get(url).status_code == 200
    manager = make_user(Role.EMPLOYER, email="manager@example.nl")
    account = Account.objects.create(name="Tata Steel", kind=Account.Kind.EMPLOYER)
    Membership.objects.create(user=manager, organisation=account, is_manager=True)
    lead = Organisation.objects.create(slug="tata-steel", name="Tata Steel", kind=OrganisationKind.COMPANY, account=account)
    Partner.objects.create(initiative=community, organisation=lead, role=PartnerRole.LEAD)
    client.force_login(manager)
    assert client.get(url).status_code == 200


# --- API --------------------------------------------------------------------------------------------------------------------


def test_api_gives_the_questionnaire(client):
    body = client.get("/api/v1/ecosystem/actiescan/questions").json()
    assert body["version"] == actiescan.VERSION and len(body["dimensions"]) == 6
    assert body["dimensions"][4]["label"] == "Financiering"
    assert [s["code"] for s in body["dimensions"][4]["statements"]] == ["F1", "F2", "F3", "F4", "F5"]
    assert body["scale"][2] == {"value": 3, "label": "deels"}


def test_api_lists_scans_newest_first_with_advice(client, community):
    scan(community, datetime.date(2026, 2, 1), answers(2))
    scan(community, datetime.date(2026, 8, 1), answers(4))
    body = client.get(f"/api/v1/ecosystem/initiatives/{community.slug}/scans").json()
    assert [item["taken_on"] for item in body] == ["2026-08-01", "2026-02-01"]
    assert body[0]["overall"] == 75 and body[0]["advice"] == []
    assert body[1]["overall"] == 25 and len(body[1]["advice"]) == 6
    assert client.get("/api/v1/ecosystem/initiatives/nergens/scans").status_code == 404


def post_api(client, slug, body):
    return client.post(f"/api/v1/ecosystem/initiatives/{slug}/scans", json.dumps(body), content_type="application/json")


def test_api_posts_a_scan_for_editors(client, editor, community):
    assert post_api(client, community.slug, {"answers": answers(4)}).status_code == 401
    client.force_login(editor)
    response = post_api(client, community.slug, {"answers": answers(2) | {"A1": 5}, "taken_on": "2026-09-30"})
    assert response.status_code == 201
    body = response.json()
    assert body["taken_on"] == "2026-09-30" and body["version"] == actiescan.VERSION and body["scores"]["ambitie"] == 40
    assert body["advice"][0]["statements"][0]["code"] in codes()
    assert ActionScan.objects.get().created_by == editor


def test_api_refuses_each_missing_and_invalid_statement_with_422(client, editor, community):
    client.force_login(editor)
    values = answers(3)
    del values["P1"]
    values["I5"] = 0
    values["Q7"] = 3
    response = post_api(client, community.slug, {"answers": values})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"answers.P1", "answers.I5", "answers.Q7"}
    assert errors["answers.P1"].startswith("Nog niet beantwoord") and "van 1 tot en met 5" in errors["answers.I5"]
    assert response.json()["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    assert post_api(client, community.slug, {"answers": answers(3), "taken_on": "2999-01-01"}).status_code == 422
    assert not ActionScan.objects.exists()


def test_api_refuses_people_who_do_not_edit_the_initiative(client, make_user, community):
    client.force_login(make_user(Role.PERSON, email="inwoner@example.nl"))
    response = post_api(client, community.slug, {"answers": answers(3)})
    assert response.status_code == 403 and "redacteuren" in response.json()["detail"]
    assert not ActionScan.objects.exists()


# --- Demo -----------------------------------------------------------------------------------------------------------------


def test_the_demo_gives_a_learning_community_two_scans_the_later_better_and_can_run_again(make_user):
    from loket.ecosystem.demo import demo_scans

    analyst = make_user(Role.ANALYST, email="analist@demo.loket.nl")
    demo_scans({"analist@demo.loket.nl": analyst})
    demo_scans({"analist@demo.loket.nl": analyst})
    community = Initiative.objects.get(slug="demo-learning-community-energietransitie-ijmond")
    assert community.name.startswith("[demo]") and community.region.code == "AM37" and analyst in community.editors.all()
    first, second = ActionScan.objects.filter(initiative=community).order_by("taken_on")
    assert actiescan.overall(second.scores) > actiescan.overall(first.scores)
    assert ActionScan.objects.count() == 2


def test_the_demo_uses_the_volgsysteem_demos_learning_community_when_there_is_one(make_user):
    from loket.ecosystem.demo import demo_scans

    Initiative.objects.create(slug="demo-fieldlab-gestopt", name="[demo] Gestopt", kind=InitiativeKind.FIELDLAB, lifecycle="stopped", description_nl="x")
    existing = Initiative.objects.create(slug="demo-lc-fotonica", name="[demo] LC", kind=InitiativeKind.LEARNING_COMMUNITY, description_nl="x")
    demo_scans({})
    assert set(ActionScan.objects.values_list("initiative", flat=True)) == {existing.pk}
    assert not Initiative.objects.filter(slug="demo-learning-community-energietransitie-ijmond").exists()

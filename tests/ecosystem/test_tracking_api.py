"""The volgsysteem over the API: targets and breakdowns, learning communities with their rating, surveys for editors,
and anonymous answers."""

import json

import pytest

from loket.accounts.roles import Role
from loket.ecosystem.models import Survey, SurveyResponse

from .test_tracking_pages import DAY, learning_community, only_our_communities, survey_with, today  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/ecosystem"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def editor(make_user):
    return make_user(email="redacteur@example.nl")


@pytest.fixture
def community(editor):
    return learning_community("fieldlab", lifecycle="durable", topsectors=["htsm"], editors=[editor])


def test_tracking_gives_the_targets_with_values_and_the_breakdowns(client):
    learning_community("a", started=2018, topsectors=["htsm"])
    learning_community("b", started=2019, topsectors=["htsm", "energie"], challenges=["energietransitie"])
    learning_community("c", started=2020, stopped=2022, lifecycle="stopped", region="AM15")
    learning_community("d", started=None, region=None)
    body = client.get(f"{API}/tracking").json()
    assert body["learning_communities"] == 4 and body["without_started_year"] == 1 and "in het loket geregistreerd" in body["note"]
    national = next(t for t in body["targets"] if t["key"] == "national_extra")
    assert (national["number"], national["year"], national["value"], national["distance"]) == (100, 2023, 1, 99)
    assert "Roadmap Human Capital" in national["source"] and national["reference"]
    rated = next(t for t in body["targets"] if t["key"] == "htsm_durable_rated")
    assert rated["steps"] == {"in_scope": 2, "durable": 0, "rated": 0}
    topsectors = {row["key"]: row for row in body["by_topsector"]["rows"]}
    assert (topsectors["htsm"]["active"], topsectors["energie"]["active"]) == (2, 1)
    assert body["by_topsector"]["total"]["active"] == 3 and body["by_topsector"]["rows_add_up_to_more"]
    regions = {row["key"]: row for row in body["by_region"]["rows"]}
    assert (regions["AM18"]["active"], regions["AM15"]["active"], regions["AM15"]["extra"]) == (2, 0, 0)
    assert regions[None]["active"] == 1 and regions[None]["label"].startswith("Geen arbeidsmarktregio")
    assert {row["key"]: row["count"] for row in body["by_lifecycle"]}["stopped"] == 1
    years = {row["year"]: row for row in body["by_year"]}
    assert (years[2020]["extra"], years[2022]["stopped"], years[2023]["extra"]) == (2, 1, 1)


def test_learning_communities_carry_a_rating_or_the_reason_there_is_none(client):
    rated = learning_community("rated")
    survey_with(rated, [7] * 5 + [8] * 5)
    survey_with(learning_community("too-few"), [9] * 9)
    learning_community("new")
    body = {row["slug"]: row for row in client.get(f"{API}/tracking/learning-communities").json()}
    assert (body["rated"]["rating"], body["rated"]["rating_answers"], body["rated"]["rating_reason"]) == (7.5, 10, None)
    assert (body["too-few"]["rating"], body["too-few"]["rating_answers"], body["too-few"]["rating_reason"]) == (None, None, "too_few_answers")
    assert body["too-few"]["rating_reason_label"] == "te weinig antwoorden"
    assert body["new"]["rating_reason"] == "no_survey"
    assert body["rated"]["url"].endswith("/ecosysteem/initiatieven/rated/") and body["rated"]["extra_since_2018"]


def new_survey(**changes):
    return {"initiative": "fieldlab", "title": "Waardering", "questions": ["Wat werkt?"], "opens_on": today().isoformat(),
            "closes_on": (today() + 7 * DAY).isoformat(), **changes}  # fmt: skip


def test_an_editor_opens_a_survey(client, community, editor):
    client.force_login(editor)
    response = post(client, f"{API}/surveys", new_survey())
    assert response.status_code == 201, response.content
    body = response.json()
    survey = Survey.objects.get()
    assert body["answer_url"] == f"http://testserver/ecosysteem/enquete/{survey.token}/"
    assert (body["status"], body["answers"], body["questions"]) == ("open", 0, ["Wat werkt?"])


def test_a_survey_with_bad_input_is_refused_with_a_dutch_message(client, community, editor):
    client.force_login(editor)
    late = new_survey(opens_on=(today() + 3 * DAY).isoformat(), closes_on=(today() + 2 * DAY).isoformat())
    response = post(client, f"{API}/surveys", late)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "closes_on", "message": "De einddatum moet op of na de begindatum liggen."}]
    response = post(client, f"{API}/surveys", new_survey(initiative="bestaat-niet"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "initiative"
    learning_community("campus", kind="campus", editors=[editor])
    response = post(client, f"{API}/surveys", new_survey(initiative="campus"))
    assert response.status_code == 422 and "alleen voor learning communities" in response.json()["errors"][0]["message"]
    assert not Survey.objects.exists()


def test_only_editors_open_surveys(client, community, make_user):
    assert post(client, f"{API}/surveys", new_survey()).status_code == 401
    client.force_login(make_user(Role.ANALYST, email="analist@example.nl"))
    response = post(client, f"{API}/surveys", new_survey())
    assert response.status_code == 403 and "Alleen de redacteuren" in response.json()["detail"]
    assert not Survey.objects.exists()


def test_results_are_suppressed_below_ten_answers(client, community, editor, make_user):
    nine = survey_with(community, [8] * 9, answers=[["Goed"]] * 9)
    ten = survey_with(community, [8] * 9 + [4], answers=[["Goed"]] * 10)
    assert client.get(f"{API}/surveys/{nine.pk}/results").status_code == 401
    client.force_login(make_user(Role.ANALYST, email="analist@example.nl"))
    assert client.get(f"{API}/surveys/{nine.pk}/results").status_code == 403
    client.force_login(editor)
    body = client.get(f"{API}/surveys/{nine.pk}/results").json()
    assert body == {
        "id": nine.pk, "title": "Waardering", "status": "closed", "answers": "< 10", "shown": False,
        "message": "Nog geen resultaten: minder dan 10 antwoorden, om deelnemers niet herkenbaar te maken.",
        "mean": None, "distribution": None, "open_answers": None,
    }  # fmt: skip
    body = client.get(f"{API}/surveys/{ten.pk}/results").json()
    assert (body["answers"], body["shown"], body["mean"], body["message"]) == (10, True, 7.6, None)
    cells = {row["score"]: row["count"] for row in body["distribution"]}
    assert (cells[8], cells[4], cells[10]) == ("< 10", "< 10", 0)
    assert body["open_answers"] == [{"question": "Wat werkt?", "answers": ["Goed"] * 10}]
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    assert client.get(f"{API}/surveys/{ten.pk}/results").status_code == 200
    assert client.get(f"{API}/surveys/999999/results").status_code == 404


@pytest.fixture
def open_survey(community):
    return survey_with(community, [], opens_on=today(), closes_on=today() + 7 * DAY, questions=["Wat werkt?"])


def test_an_anonymous_answer_is_saved_once_per_browser(client, open_survey):
    url = f"{API}/survey-answers/{open_survey.token}"
    response = post(client, url, {"score": 9, "answers": ["De praktijk"]})
    assert response.status_code == 201 and response.json()["detail"] == "Bedankt, uw antwoord is opgeslagen."
    assert list(SurveyResponse.objects.values_list("score", "answers")) == [(9, ["De praktijk"])]
    again = post(client, url, {"score": 3})
    assert again.status_code == 409 and "al ingevuld" in again.json()["detail"]
    assert SurveyResponse.objects.count() == 1


def test_a_bad_score_is_422_and_nothing_is_saved(client, open_survey):
    url = f"{API}/survey-answers/{open_survey.token}"
    for body in ({"score": 11}, {"score": 0}, {"score": 7.5}, {"score": "8"}, {"answers": ["x"]}, {"score": 8, "answers": ["a", "b"]}):
        response = post(client, url, body)
        assert response.status_code == 422, body
        assert response.json()["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    assert post(client, url, {"score": 11}).json()["errors"] == [{"field": "score", "message": "Kies een rapportcijfer van 1 tot en met 10."}]
    assert not SurveyResponse.objects.exists()


def test_a_closed_or_upcoming_survey_is_409_in_dutch(client, community):
    closed = survey_with(community, [], opens_on=today() - 9 * DAY, closes_on=today() - DAY)
    upcoming = survey_with(community, [], opens_on=today() + DAY, closes_on=today() + 9 * DAY)
    response = post(client, f"{API}/survey-answers/{closed.token}", {"score": 8})
    assert response.status_code == 409 and response.json()["detail"].startswith("Deze enquête is gesloten")
    response = post(client, f"{API}/survey-answers/{upcoming.token}", {"score": 8})
    assert response.status_code == 409 and response.json()["detail"].startswith("Deze enquête is nog niet open")
    assert post(client, f"{API}/survey-answers/geen-code", {"score": 8}).status_code == 404
    assert not SurveyResponse.objects.exists()

"""The volgsysteem's pages: the public counts against the targets, an editor's surveys and their results, and a
participant answering through the link without an account."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from loket.accounts.roles import Role
from loket.ecosystem import tracking_queries
from loket.ecosystem.models import Classification, Initiative, Survey, SurveyResponse
from loket.ecosystem.vocabulary import LEARNING_COMMUNITY_KINDS
from loket.geography.models import Region

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def learning_community(slug, kind="fieldlab", lifecycle="running", started=2020, stopped=None, region="AM18", topsectors=(),
                       challenges=(), editors=()):  # fmt: skip
    initiative = Initiative.objects.create(
        slug=slug, name=f"LC {slug}", kind=kind, lifecycle=lifecycle, started_year=started, stopped_year=stopped,
        description_nl="Een learning community.", region=Region.objects.get(code=region) if region else None,
    )  # fmt: skip
    initiative.classifications.add(*Classification.objects.filter(scheme="topsector", code__in=topsectors))
    initiative.classifications.add(*Classification.objects.filter(scheme="challenge", code__in=challenges))
    initiative.editors.add(*editors)
    return initiative


def survey_with(initiative, scores, opens_on=None, closes_on=None, questions=("Wat werkt?",), answers=None):
    survey = Survey.objects.create(
        initiative=initiative, title="Waardering", questions=list(questions),
        opens_on=opens_on or today() - 30 * DAY, closes_on=closes_on or today() - DAY,
    )  # fmt: skip
    SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, score=score, answers=list(answers[i]) if answers else []) for i, score in enumerate(scores)
    )
    return survey


@pytest.fixture(autouse=True)
def only_our_communities(db):
    """The documents' own learning communities (a data migration) would change the counts these tests assert."""
    Initiative.objects.filter(kind__in=LEARNING_COMMUNITY_KINDS).delete()


@pytest.fixture
def editor(make_user):
    return make_user(email="redacteur@example.nl")


@pytest.fixture
def community(editor):
    return learning_community("fieldlab-zaanstreek", lifecycle="durable", topsectors=["htsm"], editors=[editor])


# --- The public page --------------------------------------------------------------------------------------------


def test_the_page_counts_against_the_targets_and_says_it_only_knows_registered_communities(client):
    learning_community("a", started=2018, topsectors=["htsm"])
    learning_community("b", started=2019, topsectors=["htsm", "energie"], challenges=["energietransitie"])
    learning_community("c", started=2020, stopped=2022, lifecycle="stopped", region="AM15")
    learning_community("campus", kind="campus", started=2021)
    response = client.get("/ecosysteem/volgsysteem/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "in het loket geregistreerd zijn: nu 3" in page
    national = response.context["overview"]["targets"][0]
    assert (national["value"], national["distance"]) == (1, 99)
    assert '<progress style="inline-size: 100%; max-inline-size: 24rem" max="100" value="1"' in page
    assert "1 van 100 (1 %)." in page and "Nog 99 te gaan." in page
    topsectors = {row["key"]: row for row in response.context["overview"]["by_topsector"]["rows"]}
    assert (topsectors["htsm"]["active"], topsectors["energie"]["active"]) == (2, 1)
    assert "het totaal telt ze één keer" in page
    assert reverse("ecosystem:initiative", args=["b"]) in page
    assert reverse("ecosystem:initiative", args=["campus"]) not in page


def test_the_page_shows_a_rating_only_from_ten_answers(client):
    rated = learning_community("rated", lifecycle="durable", topsectors=["htsm"])
    survey_with(rated, [8] * 6 + [7] * 4)
    too_few = learning_community("too-few")
    survey_with(too_few, [9] * 9)
    learning_community("no-survey")
    response = client.get("/ecosysteem/volgsysteem/")
    rows = {row["slug"]: row for row in response.context["rows"]}
    assert str(rows["rated"]["rating"].value) == "7.6"
    assert rows["too-few"]["rating"].value is None and rows["no-survey"]["rating"].value is None
    page = response.content.decode()
    assert "<strong>7,6</strong> (10 antwoorden)" in page
    assert page.count("Waardering door deelnemers:") == 3
    assert "te weinig antwoorden" in page and "nog geen afgesloten enquête" in page
    assert "9,0" not in page
    htsm_rated = response.context["overview"]["targets"][1]
    assert htsm_rated["value"] == 1 and "Daarvan gewaardeerd met minimaal een 7,5: 1." in page


def test_editors_see_a_link_to_their_surveys_others_do_not(client, community, make_user):
    learning_community("someone-elses")
    url = reverse("ecosystem:surveys", args=[community.slug])
    assert url not in client.get("/ecosysteem/volgsysteem/").content.decode()
    client.force_login(community.editors.get())
    page = client.get("/ecosysteem/volgsysteem/").content.decode()
    assert url in page and reverse("ecosystem:surveys", args=["someone-elses"]) not in page


# --- An editor's surveys ----------------------------------------------------------------------------------------


def survey_form(**changes):
    return {"title": "Waardering 2026", "questions": "Wat werkt?\n\nWat kan beter?\n", "opens_on": today().isoformat(),
            "closes_on": (today() + 14 * DAY).isoformat(), **changes}  # fmt: skip


def test_an_editor_opens_a_survey_and_gets_the_link(client, community, editor):
    client.force_login(editor)
    url = reverse("ecosystem:surveys", args=[community.slug])
    response = client.post(url, survey_form(), follow=True)
    survey = Survey.objects.get(initiative=community)
    assert survey.questions == ["Wat werkt?", "Wat kan beter?"] and survey.created_by == editor
    link = "http://testserver" + reverse("ecosystem:survey_answer", args=[survey.token])
    page = response.content.decode()
    assert f'value="{link}"' in page and "staat klaar" in page
    assert reverse("ecosystem:survey_results", args=[community.slug, survey.pk]) in page


def test_a_survey_that_closes_before_it_opens_is_refused(client, community, editor):
    client.force_login(editor)
    url = reverse("ecosystem:surveys", args=[community.slug])
    response = client.post(url, survey_form(opens_on=(today() + 5 * DAY).isoformat(), closes_on=(today() + 4 * DAY).isoformat()))
    assert response.status_code == 400
    assert "De einddatum moet op of na de begindatum liggen." in response.content.decode()
    assert "Er is niets opgeslagen." in response.content.decode()
    response = client.post(url, survey_form(title=""))
    assert response.status_code == 400 and "Geef de enquête een titel." in response.content.decode()
    assert not Survey.objects.exists()


def test_only_editors_and_administrators_manage_surveys(client, community, make_user):
    survey = survey_with(community, [8] * 3)
    urls = [reverse("ecosystem:surveys", args=[community.slug]), reverse("ecosystem:survey_results", args=[community.slug, survey.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/account/inloggen/")
    client.force_login(make_user(Role.ANALYST, email="analist@example.nl"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403 and "Alleen de redacteuren" in response.content.decode()
    assert client.post(urls[0], survey_form()).status_code == 403 and not Survey.objects.exclude(pk=survey.pk).exists()
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    assert all(client.get(url).status_code == 200 for url in urls)


def test_surveys_are_for_learning_communities_only(client, make_user):
    admin = make_user(Role.ADMIN, email="beheer@example.nl")
    campus = learning_community("campus", kind="campus")
    client.force_login(admin)
    assert client.get(reverse("ecosystem:surveys", args=[campus.slug])).status_code == 404


def test_results_of_another_communitys_survey_are_not_found_here(client, community, editor):
    other = survey_with(learning_community("other"), [8] * 12)
    client.force_login(editor)
    assert client.get(reverse("ecosystem:survey_results", args=[community.slug, other.pk])).status_code == 404


# --- Results, suppressed -----------------------------------------------------------------------------------------


def test_nine_answers_show_no_results(client, community, editor):
    survey = survey_with(community, [10] * 9, answers=[["Alles is top"]] * 9)
    client.force_login(editor)
    page = client.get(reverse("ecosystem:survey_results", args=[community.slug, survey.pk])).content.decode()
    assert "Nog geen resultaten: minder dan 10 antwoorden, om deelnemers niet herkenbaar te maken." in page
    assert "&lt; 10" in page
    assert "Alles is top" not in page and "10,0" not in page and "Verdeling" not in page


def test_ten_answers_show_mean_distribution_and_open_answers(client, community, editor):
    survey = survey_with(community, [8] * 7 + [6] * 3, answers=[["Korte lijnen"]] * 5 + [[""]] * 5)
    client.force_login(editor)
    page = client.get(reverse("ecosystem:survey_results", args=[community.slug, survey.pk])).content.decode()
    assert "Nog geen resultaten" not in page
    assert "<dd>10</dd>" in page and "<dd>7,4</dd>" in page
    assert page.count("&lt; 10") >= 2  # the cells for 8 (7 answers) and 6 (3 answers)
    assert page.count("<li class=\"utrecht-unordered-list__item\">Korte lijnen</li>") == 5


# --- A participant answers ---------------------------------------------------------------------------------------


def answer_url(survey):
    return reverse("ecosystem:survey_answer", args=[survey.token])


@pytest.fixture
def open_survey(community):
    return survey_with(community, [], opens_on=today(), closes_on=today() + 7 * DAY, questions=["Wat werkt?", "Wat kan beter?"])


def test_a_participant_answers_once_without_an_account(client, open_survey):
    url = answer_url(open_survey)
    form = client.get(url)
    assert form.status_code == 200 and 'type="radio" name="score"' in form.content.decode()
    response = client.post(url, {"score": "8", "answer_0": "  De praktijk  ", "answer_1": ""})
    assert response.status_code == 302 and response.url == url
    saved = SurveyResponse.objects.get()
    assert (saved.score, saved.answers) == (8, ["De praktijk", ""])
    thanks = client.get(url).content.decode()
    assert "Bedankt, uw antwoord is opgeslagen." in thanks and 'name="score"' not in thanks
    again = client.post(url, {"score": "3"})
    assert again.status_code == 409 and SurveyResponse.objects.count() == 1
    client.cookies.clear()  # another browser
    assert client.post(url, {"score": "6"}).status_code == 302 and SurveyResponse.objects.count() == 2


def test_a_forged_cookie_does_not_block_answering_and_a_copied_one_is_per_survey(client, open_survey, community):
    other = survey_with(community, [], opens_on=today(), closes_on=today() + DAY)
    client.cookies[tracking_queries.cookie_name(open_survey)] = open_survey.token  # not signed
    assert client.post(answer_url(open_survey), {"score": "7"}).status_code == 302
    assert client.post(answer_url(other), {"score": "7"}).status_code == 302  # answering one survey leaves the other open
    assert SurveyResponse.objects.count() == 2


def test_an_answer_stores_nothing_identifying(client, open_survey, make_user):
    client.force_login(make_user(email="deelnemer@example.nl"))
    sessions = Session.objects.count()
    client.post(answer_url(open_survey), {"score": "9", "answer_0": "Goed"}, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Testbrowser")
    saved = SurveyResponse.objects.get()
    stored = {field.attname: getattr(saved, field.attname) for field in SurveyResponse._meta.concrete_fields}
    assert set(stored) == {"id", "survey_id", "score", "answers", "submitted_on"}
    assert isinstance(saved.submitted_on, datetime.date) and not isinstance(saved.submitted_on, datetime.datetime)  # the day, no moment
    assert "203.0.113.7" not in str(stored) and "deelnemer" not in str(stored) and "Testbrowser" not in str(stored)
    assert Session.objects.count() == sessions  # no session made or changed for the answer
    cookie = client.cookies[tracking_queries.cookie_name(open_survey)]
    assert cookie["httponly"] and open_survey.token in cookie.value and "deelnemer" not in cookie.value


def test_a_bad_score_is_refused_in_dutch_and_nothing_is_saved(client, open_survey):
    for data in ({}, {"score": "11"}, {"score": "0"}, {"score": "acht"}):
        response = client.post(answer_url(open_survey), {**data, "answer_0": "Mijn tekst"})
        page = response.content.decode()
        assert response.status_code == 400 and "Kies een rapportcijfer van 1 tot en met 10." in page
        assert "Mijn tekst" in page  # what was typed stays
    assert not SurveyResponse.objects.exists()
    assert tracking_queries.cookie_name(open_survey) not in client.cookies


def test_before_and_after_the_window_there_is_a_message_and_no_form(client, community):
    upcoming = survey_with(community, [], opens_on=today() + DAY, closes_on=today() + 9 * DAY)
    closed = survey_with(community, [], opens_on=today() - 9 * DAY, closes_on=today() - DAY)
    page = client.get(answer_url(upcoming)).content.decode()
    assert "Deze enquête is nog niet open." in page and 'name="score"' not in page
    page = client.get(answer_url(closed)).content.decode()
    assert "Deze enquête is gesloten" in page and 'name="score"' not in page
    for survey in (upcoming, closed):
        assert client.post(answer_url(survey), {"score": "8"}).status_code == 409
    assert not SurveyResponse.objects.exists()


def test_the_answer_form_keeps_csrf_protection(community, open_survey):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    assert browser.post(answer_url(open_survey), {"score": "8"}).status_code == 403
    form = browser.get(answer_url(open_survey))
    token = form.context["csrf_token"]
    assert browser.post(answer_url(open_survey), {"score": "8", "csrfmiddlewaretoken": str(token)}).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_an_unknown_link_is_not_found(client):
    assert client.get("/ecosysteem/enquete/geen-bestaande-code/").status_code == 404

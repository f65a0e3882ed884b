"""The volgsysteem in a real browser on a phone: an editor opens a survey and shares the link, a participant answers
it without an account (once), and anyone reads the counts against the targets with the ratings."""

import datetime

import pytest
from django.utils import timezone

from loket.ecosystem.models import Initiative, Survey, SurveyResponse
from loket.ecosystem.vocabulary import LEARNING_COMMUNITY_KINDS
from tests.ecosystem.test_tracking_pages import learning_community, survey_with

from .conftest import PASSWORD, log_in, no_serious_violations

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(transactional_db, django_user_model):
    Initiative.objects.filter(kind__in=LEARNING_COMMUNITY_KINDS).delete()  # the documents' own, when this test runs first
    editor = django_user_model.objects.create_user(email="redacteur@example.nl", full_name="Rik Redacteur", password=PASSWORD)
    today = timezone.localdate()
    zaanstreek = learning_community(
        "fieldlab-zaanstreek", lifecycle="durable", started=2019, region="AM17", topsectors=["htsm"],
        challenges=["sleuteltechnologieen"], editors=[editor],
    )  # fmt: skip
    survey_with(zaanstreek, [8, 7, 8, 9, 7, 8, 7, 8, 6, 8, 7, 9, 8, 8], opens_on=today - 60 * DAY, closes_on=today - 30 * DAY)
    den_helder = learning_community("coe-den-helder", kind="coe", started=2021, region="AM15", topsectors=["energie", "htsm"])
    survey_with(den_helder, [7, 8, 6, 8, 7, 9], opens_on=today - 60 * DAY, closes_on=today - 10 * DAY)
    learning_community("stopped", started=2020, stopped=2022, lifecycle="stopped", region="AM37", topsectors=["energie"])
    return editor, zaanstreek


def test_an_editor_shares_a_survey_and_a_participant_answers_it_once(page, world):
    editor, zaanstreek = world
    log_in(page, editor.email)
    page.goto(f"{page.base}/ecosysteem/initiatieven/{zaanstreek.slug}/enquetes/")
    page.get_by_role("heading", name="Nieuwe enquête").wait_for()
    no_serious_violations(page)
    page.get_by_label("Titel").fill("Hoe waardeert u ons fieldlab?")
    page.get_by_label("Open vragen").fill("Wat werkt goed?\nWat kan beter?")
    today = timezone.localdate()
    page.get_by_label("Open vanaf").fill((today + 3 * DAY).isoformat())
    page.get_by_label("Open tot en met").fill((today + 2 * DAY).isoformat())
    page.get_by_role("button", name="Enquête aanmaken").click()
    page.get_by_text("De einddatum moet op of na de begindatum liggen.").wait_for()
    no_serious_violations(page)
    assert not Survey.objects.filter(title="Hoe waardeert u ons fieldlab?").exists()
    page.get_by_label("Open vanaf").fill(today.isoformat())
    page.get_by_label("Open tot en met").fill((today + 14 * DAY).isoformat())
    page.get_by_role("button", name="Enquête aanmaken").click()
    page.get_by_text("staat klaar").wait_for()
    survey = Survey.objects.get(title="Hoe waardeert u ons fieldlab?")
    link = page.locator(f"#link-{survey.pk}").input_value()
    assert link.endswith(f"/ecosysteem/enquete/{survey.token}/")
    no_serious_violations(page)

    page.context.clear_cookies()  # the participant: another person, no account
    page.goto(link)
    page.get_by_role("heading", name="Hoe waardeert u ons fieldlab?").wait_for()
    no_serious_violations(page)
    page.get_by_label("Wat werkt goed?").fill("Samen aan echte machines werken.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.get_by_text("Kies een rapportcijfer van 1 tot en met 10.").first.wait_for()
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    assert page.get_by_label("Wat werkt goed?").input_value() == "Samen aan echte machines werken."
    no_serious_violations(page)
    page.get_by_label("8", exact=True).check()
    page.get_by_role("button", name="Antwoord versturen").click()
    page.get_by_text("Bedankt, uw antwoord is opgeslagen.").wait_for()
    assert list(SurveyResponse.objects.filter(survey=survey).values_list("score", "answers")) == [
        (8, ["Samen aan echte machines werken.", ""])
    ]
    page.reload()
    page.get_by_text("Bedankt, uw antwoord is opgeslagen.").wait_for()
    assert page.get_by_role("button", name="Antwoord versturen").count() == 0  # once per browser
    no_serious_violations(page)

    log_in(page, editor.email)
    page.goto(f"{page.base}/ecosysteem/initiatieven/{zaanstreek.slug}/enquetes/{survey.pk}/")
    page.get_by_text("Nog geen resultaten: minder dan 10 antwoorden, om deelnemers niet herkenbaar te maken.").wait_for()
    assert page.get_by_text("Samen aan echte machines werken.").count() == 0
    no_serious_violations(page)


def test_the_volgsysteem_page_on_a_phone(page, world):
    page.goto(page.base + "/ecosysteem/volgsysteem/")
    page.get_by_role("heading", name="Volgsysteem learning communities", level=1).wait_for()
    no_serious_violations(page)
    assert page.get_by_text("in het loket geregistreerd zijn: nu 3").count() == 1
    national = page.get_by_role("progressbar", name="100 extra learning communities in 2023 ten opzichte van 2018")
    assert national.get_attribute("value") == "2" and national.get_attribute("max") == "100"
    assert "2 van 100 (2 %)." in page.locator("#doel-national_extra-stand").inner_text()
    assert "Nog 98 te gaan." in page.locator("#doel-national_extra-stand").inner_text()
    htsm_rated = page.locator("#doel-htsm_durable_rated-stand")
    assert "1 van 20 (5 %)." in htsm_rated.inner_text()

    topsectors = page.get_by_role("region", name="Per topsector")
    htsm_row = topsectors.get_by_role("row", name="High Tech Systemen & Materialen (HTSM)")
    assert htsm_row.get_by_role("cell").first.inner_text() == "2"
    assert topsectors.locator("tfoot").get_by_role("cell").first.inner_text() == "2"  # the CoE in two topsectors counts once
    assert page.get_by_text("het totaal telt ze één keer").count() == 1

    communities = page.get_by_role("list", name="De learning communities").get_by_role("listitem")
    assert communities.count() == 3
    zaanstreek = communities.filter(has=page.get_by_role("heading", name="LC fieldlab-zaanstreek"))
    assert "Waardering door deelnemers: 7,7 (14 antwoorden)" in zaanstreek.inner_text()
    den_helder = communities.filter(has=page.get_by_role("heading", name="LC coe-den-helder"))
    assert "Waardering door deelnemers: te weinig antwoorden" in den_helder.inner_text()
    zaanstreek.get_by_role("link", name="LC fieldlab-zaanstreek").click()
    page.wait_for_url("**/ecosysteem/initiatieven/fieldlab-zaanstreek/")
    assert page.locator("h1").inner_text().strip()

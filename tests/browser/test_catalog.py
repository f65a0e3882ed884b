"""A provider in a real browser: a course with ESCO skills and an offering, then found in the public search."""

import datetime

import pytest

from loket.accounts.models import Membership, Organisation
from loket.catalog.models import Course, Offering, Provider

from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def provider_user(live_taxonomy, make_user):
    organisation = Organisation.objects.create(name="Energiecampus Den Helder", kind=Organisation.Kind.PROVIDER)
    user = make_user(role="provider", email="opleider@campus.nl", full_name="Pim de Vries")
    Membership.objects.create(user=user, organisation=organisation, is_manager=True)
    return user


def test_provider_creates_a_course_and_offering_that_the_public_search_finds(page, provider_user):
    log_in(page, "opleider@campus.nl")
    page.goto(page.base + "/opleidingen/aanbieder/")
    assert serious_violations(page) == []
    page.get_by_label("Soort opleider").select_option("campus")
    page.get_by_label("NRTO-keurmerk").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_text("staat nu als opleider in het loket").wait_for()
    assert Provider.objects.get().recognitions == ["nrto"]

    page.get_by_role("link", name="Nieuwe opleiding").first.click()
    page.get_by_label("Titel (Nederlands)").fill("Zonnepanelen installeren")
    page.get_by_label("Zoek een vaardigheid").press_sequentially("zonnepanelen", delay=30)
    choice = page.locator("#skill-results button").first
    choice.wait_for()
    assert serious_violations(page) == []
    skill_name = choice.inner_text()
    choice.click()
    page.locator("#skill-list li").first.wait_for()
    page.get_by_label("Niveau", exact=True).select_option("secondary vocational education 3")
    page.get_by_label("NLQF-niveau").select_option("3")
    page.get_by_label("Studiebelasting (uren)").fill("80")
    page.get_by_role("button", name="Opleiding opslaan").click()
    page.get_by_text("is opgeslagen").wait_for()
    course = Course.objects.get()
    assert course.skills.count() == 1

    page.get_by_role("link", name="Aanbod toevoegen Zonnepanelen installeren").click()
    start = datetime.date.today() + datetime.timedelta(days=40)
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Einddatum").fill((start + datetime.timedelta(days=30)).isoformat())
    page.get_by_label("Prijs inclusief btw (euro)").fill("1250,00")
    page.get_by_label("Vorm").select_option("on_site")
    page.get_by_role("button", name="Aanbod opslaan").click()
    page.get_by_text("Kies een gemeente").first.wait_for()  # on site needs a place; nothing saved
    assert not Offering.objects.exists()
    assert serious_violations(page) == []
    page.get_by_label("Gemeente").select_option(label="Den Helder")
    page.get_by_label("Prijs inclusief btw (euro)").fill("1250,00")
    page.get_by_role("button", name="Aanbod opslaan").click()
    page.get_by_text("is opgeslagen").wait_for()
    assert Offering.objects.get().price_cents == 125000
    assert serious_violations(page) == []

    # Anyone finds it, by words and by region; online offerings count in every region.
    page.context.clear_cookies()
    page.goto(page.base + "/opleidingen/")
    page.get_by_label("Zoekwoorden in de titel").fill("zonnepanelen")
    page.get_by_label("Arbeidsmarktregio").select_option(label="Noord-Holland Noord")
    page.get_by_role("button", name="Zoeken").click()
    result = page.locator(".loket-results li", has_text="Zonnepanelen installeren")
    result.wait_for()
    assert "Den Helder" in result.inner_text() and skill_name.strip().split("\n")[0][:10] in result.inner_text()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Zonnepanelen installeren").click()
    page.get_by_role("heading", name="Zonnepanelen installeren").wait_for()
    assert serious_violations(page) == []

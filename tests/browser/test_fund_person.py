"""The development fund in a real browser: a person applies and enrols with the payment explained, the provider
confirms the start, the person sees it; a coach issues a voucher the person then sees. axe-core on every page."""

import datetime

import pytest

from loket.accounts.models import Membership
from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import Enrolment, Participant, Voucher
from loket.geography.models import Municipality
from loket.passport.models import Passport

from ..fund.world import make_budget, make_offering
from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def fund_world(transactional_db, make_user):
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    person = make_user(role=Role.PERSON, email="sanne@example.nl", full_name="Sanne Visser")
    passport = Passport.objects.create(user=person, home_municipality=Municipality.objects.get(code="GM0400"))
    offering = make_offering(price_cents=75_000)
    # Still to start, so the course page offers it; the test moves the start to today before the provider confirms it.
    type(offering).objects.filter(pk=offering.pk).update(
        start_date=datetime.date.today() + datetime.timedelta(days=30), end_date=datetime.date.today() + datetime.timedelta(days=90)
    )
    staff = make_user(role=Role.PROVIDER, email="opleider@roc.nl", full_name="Pim de Vries")
    Membership.objects.create(user=staff, organisation=offering.course.provider.organisation)
    coach = make_user(role=Role.COACH, email="coach@werkplein.nl", full_name="Carla Coach")
    return {"budget": budget, "person": person, "passport": passport, "offering": offering, "staff": staff, "coach": coach}


def test_a_person_applies_enrols_with_the_payment_explained_and_sees_the_providers_start(page, fund_world):
    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/ontwikkelfonds/")
    page.get_by_text("Wat het fonds van u gebruikt, en waarom").wait_for()
    assert serious_violations(page) == []
    page.get_by_label("Geboortedatum").fill("1984-06-15")
    page.get_by_label("Werkzoekende").check()
    page.get_by_label("Postcode").fill("1781 ab")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Ontwikkelrekening aanvragen").click()
    page.get_by_text("Zonder uw toestemming kan het fonds geen rekening voor u openen.").first.wait_for()
    assert not Participant.objects.exists()
    assert serious_violations(page) == []  # the page with its errors
    page.get_by_label("Ik geef het ontwikkelfonds toestemming").check()
    page.get_by_role("button", name="Ontwikkelrekening aanvragen").click()
    page.get_by_text("Uw ontwikkelrekening is geopend.").wait_for()
    assert Participant.objects.get().address_key == "1781AB-12"
    assert serious_violations(page) == []

    # A fund administrator grants credit (their pages are tested elsewhere).
    services.grant(fund_world["budget"], fund_world["passport"], 100_000, key="grant-sanne")

    course = fund_world["offering"].course
    page.goto(page.base + f"/opleidingen/opleiding/{course.pk}/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Inschrijven met mijn ontwikkelrekening").click()
    page.get_by_role("heading", name="Wie betaalt, en waarom").wait_for()
    table = page.get_by_role("table")
    assert fund_world["budget"].name in table.inner_text()
    assert "Betaalt als u niets anders kiest" in table.inner_text()
    assert "€ 750,00" in table.inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Inschrijving bevestigen").click()
    page.get_by_text("Het bedrag is gereserveerd tot de opleider de start bevestigt.").wait_for()
    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.HELD and enrolment.payment_reason
    row = page.locator(f"#inschrijving-{enrolment.pk}")
    assert "Gereserveerd" in row.inner_text()
    assert serious_violations(page) == []
    type(fund_world["offering"]).objects.filter(pk=fund_world["offering"].pk).update(start_date=datetime.date.today())

    log_in(page, "opleider@roc.nl")
    page.goto(page.base + "/ontwikkelfonds/opleider/")
    page.get_by_text("Sanne Visser").first.wait_for()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Start bevestigen: Sanne Visser").click()
    page.get_by_text("is bevestigd").wait_for()
    assert serious_violations(page) == []  # now with the completion and stop forms and a payout
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.STARTED

    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/ontwikkelfonds/")
    assert "Gestart" in page.locator(f"#inschrijving-{enrolment.pk}").inner_text()
    assert page.get_by_role("button", name="Annuleren").count() == 0  # no cancelling after the start
    assert "Betaling" in page.locator("table", has_text="Alle boekingen").inner_text()
    assert serious_violations(page) == []


def test_a_coach_issues_a_voucher_that_the_person_then_sees(page, fund_world):
    services.apply_for_account(
        fund_world["passport"], birth_date=datetime.date(1990, 1, 1), target_groups=[], leaving_shrinking_sector=False,
        postcode="1781 AB", house_number="3", user=fund_world["person"],
    )  # fmt: skip
    log_in(page, "coach@werkplein.nl")
    page.goto(page.base + "/ontwikkelfonds/vouchers/")
    assert serious_violations(page) == []
    page.get_by_label("E-mailadres van de persoon").fill("niemand@example.nl")
    page.get_by_label("Oriëntatie").check()
    page.get_by_label("Waarde (euro)").fill("150,00")
    page.get_by_label("Geldig tot en met").fill((datetime.date.today() + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Voucher uitgeven").click()
    page.get_by_text("Controleer het adres bij de persoon zelf").wait_for()
    assert not Voucher.objects.exists()
    assert serious_violations(page) == []
    page.get_by_label("E-mailadres van de persoon").fill("sanne@example.nl")
    page.get_by_role("button", name="Voucher uitgeven").click()
    page.get_by_text("De voucher is uitgegeven aan sanne@example.nl.").wait_for()
    assert Voucher.objects.get().value_cents == 15_000
    assert serious_violations(page) == []

    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/ontwikkelfonds/")
    vouchers = page.locator("table", has_text="Vouchers die een coach")
    assert "Oriëntatie" in vouchers.inner_text() and "€ 150,00" in vouchers.inner_text()
    assert serious_violations(page) == []

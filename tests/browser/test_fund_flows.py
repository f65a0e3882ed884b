"""The development fund's later flows in a real browser: a large payout waits for two different fund administrators
(four eyes), a provider confirms completion and the person gets the credential, a person cancels a reservation.
axe-core (serious/critical) on every page, including the pages that show a waiting payout or a refusal."""

import datetime

import pytest
from django.utils import timezone

from loket.accounts.models import Membership
from loket.accounts.roles import Role
from loket.catalog.models import CourseSkill
from loket.catalog.templatetags.catalog import euros
from loket.credentials.models import IssuedCredential
from loket.fund import services
from loket.fund.models import AccountKind, Enrolment, Payout, Transfer, TransferKind, TransferState
from loket.fund.rules import MIN_ATTENDANCE_FOR_CREDENTIAL_PERCENT
from loket.geography.models import Municipality
from loket.passport.models import Passport, PassportSkill

from ..fund.world import make_budget, make_offering
from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


def today():
    # The fund's date checks use the local date (Europe/Amsterdam), which is not the machine's UTC date every hour.
    return timezone.localdate()


def dates(offering, start, end):
    type(offering).objects.filter(pk=offering.pk).update(start_date=start, end_date=end)


@pytest.fixture
def flow_world(live_taxonomy, make_user):
    """A funded person, an approved provider with one staff member, two fund administrators; the test enrols."""

    def make(price_cents, credit_cents, **budget_rules):
        budget = make_budget(**budget_rules)
        services.deposit(budget, credit_cents + 1_000_000, key="dep")
        person = make_user(role=Role.PERSON, email="sanne@example.nl", full_name="Sanne Visser")
        passport = Passport.objects.create(user=person, home_municipality=Municipality.objects.get(code="GM0400"))
        services.apply_for_account(
            passport, birth_date=datetime.date(1984, 6, 15), target_groups=["job_seeker"], leaving_shrinking_sector=False,
            postcode="1781 AB", house_number="12", user=person,
        )  # fmt: skip
        services.grant(budget, passport, credit_cents, key="grant-sanne")
        offering = make_offering(price_cents=price_cents)
        dates(offering, today() - DAY, today())  # started yesterday, ends today: start and completion can both be confirmed
        offering.refresh_from_db()
        staff = make_user(role=Role.PROVIDER, email="opleider@roc.nl", full_name="Pim de Vries")
        Membership.objects.create(user=staff, organisation=offering.course.provider.organisation)
        make_user(role=Role.FUND_ADMIN, email="beheer1@fonds.nl", full_name="Fenna Fonds")
        make_user(role=Role.FUND_ADMIN, email="beheer2@fonds.nl", full_name="Gijs Geld")
        enrolment = services.enrol(passport, offering, price_cents=price_cents, key="enrol-sanne", user=person)
        return {"budget": budget, "passport": passport, "offering": offering, "staff": staff, "enrolment": enrolment}

    return make


def credit_of(world):
    account = services.account_for(AccountKind.PERSON_CREDIT, budget=world["budget"], passport=world["passport"])
    return account.balance_cents


def test_a_large_start_payout_waits_for_two_different_fund_administrators(page, flow_world, settings):
    threshold = settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS
    price = threshold + 50_000  # the whole price is paid at the start (the budget's default), above the threshold
    amount = euros(price)  # "€ 3.000,00" with the default threshold
    world = flow_world(price, price + 100_000)
    enrolment = world["enrolment"]
    dates(world["offering"], today() + DAY, today() + DAY)  # not started yet: the fund refuses to pay in advance

    log_in(page, "opleider@roc.nl")
    page.goto(page.base + "/ontwikkelfonds/opleider/")
    page.get_by_role("button", name="Start bevestigen: Sanne Visser").click()
    page.locator(f"#inschrijving-{enrolment.pk}").get_by_text("De opleiding begint pas op").wait_for()  # next to the row
    page.get_by_role("alert").get_by_text("Er is niets veranderd.").wait_for()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.HELD and not Payout.objects.exists()
    assert serious_violations(page) == []  # the page with its refusal

    dates(world["offering"], today() - DAY, today())
    page.goto(page.base + "/ontwikkelfonds/opleider/")
    page.get_by_role("button", name="Start bevestigen: Sanne Visser").click()
    page.get_by_text("is bevestigd").wait_for()
    payouts = page.get_by_role("table", name="Betalingen van het fonds aan u")
    assert "Wacht op goedkeuring" in payouts.inner_text() and amount in payouts.inner_text()
    assert serious_violations(page) == []
    payout = Payout.objects.get()
    assert payout.status == Payout.Status.WAITING and payout.amount_cents == price
    assert not Transfer.objects.filter(kind=TransferKind.POST).exists()

    log_in(page, "beheer1@fonds.nl")
    page.goto(page.base + "/ontwikkelfonds/beheer/goedkeuren/")
    waiting = page.get_by_role("table", name="Wachtende uitbetalingen")
    assert amount in waiting.inner_text() and "nog niemand" in waiting.inner_text()
    assert serious_violations(page) == []  # with the waiting payout and its approve and reject forms
    page.get_by_role("button", name="Eerste goedkeuring").click()
    page.get_by_text("Eerste goedkeuring gegeven. Een andere fondsbeheerder moet nog goedkeuren.").wait_for()
    assert "beheer1@fonds.nl" in page.get_by_role("table", name="Wachtende uitbetalingen").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Tweede goedkeuring").click()
    page.get_by_role("alert").filter(has_text="U heeft deze uitbetaling al goedgekeurd").wait_for()
    payout.refresh_from_db()
    assert payout.status == Payout.Status.WAITING and payout.second_approved_by_id is None
    assert not Transfer.objects.filter(kind=TransferKind.POST).exists()
    assert serious_violations(page) == []  # the page with its refusal

    log_in(page, "beheer2@fonds.nl")
    page.goto(page.base + "/ontwikkelfonds/beheer/goedkeuren/")
    page.get_by_role("button", name="Tweede goedkeuring").click()
    page.get_by_text("Tweede goedkeuring gegeven: de uitbetaling is geboekt.").wait_for()
    page.get_by_text("Er wachten geen uitbetalingen op goedkeuring.").wait_for()
    done = page.get_by_role("listitem").filter(has_text=amount)
    assert "Betaald" in done.inner_text() and "beheer1@fonds.nl, beheer2@fonds.nl" in done.inner_text()
    assert serious_violations(page) == []
    payout.refresh_from_db()
    assert payout.status == Payout.Status.POSTED and payout.second_approved_by.email == "beheer2@fonds.nl"
    assert payout.transfer.kind == TransferKind.POST and payout.transfer.state == TransferState.POSTED
    assert payout.transfer.amount_cents == price
    assert services.check_ledger() == []

    log_in(page, "opleider@roc.nl")
    page.goto(page.base + "/ontwikkelfonds/opleider/")
    assert "Betaald" in page.get_by_role("table", name="Betalingen van het fonds aan u").inner_text()
    assert serious_violations(page) == []


def test_the_provider_confirms_completion_and_the_person_sees_it_and_the_credential(page, flow_world):
    from loket.taxonomy.models import Skill

    world = flow_world(100_000, 200_000, payout_at_start_percent=40)
    CourseSkill.objects.create(course=world["offering"].course, skill=Skill.objects.filter(labels__language="nl").first())
    services.confirm_start(world["enrolment"], user=world["staff"], key="start")  # the start is tested above
    dates(world["offering"], today() - DAY, today() + DAY)
    attendance = MIN_ATTENDANCE_FOR_CREDENTIAL_PERCENT + 10

    log_in(page, "opleider@roc.nl")
    page.goto(page.base + "/ontwikkelfonds/opleider/")
    page.get_by_label("Aanwezigheid van Sanne Visser (procent)", exact=True).fill(str(attendance))
    page.get_by_role("button", name="Afronding bevestigen").click()
    enrolment = world["enrolment"]
    page.locator(f"#inschrijving-{enrolment.pk}").get_by_text("De opleiding eindigt pas op").wait_for()  # not before the end
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.STARTED and not IssuedCredential.objects.exists()
    assert serious_violations(page) == []

    dates(world["offering"], today() - DAY, today())
    page.goto(page.base + "/ontwikkelfonds/opleider/")
    page.get_by_label("Aanwezigheid van Sanne Visser (procent)", exact=True).fill(str(attendance))
    page.get_by_role("button", name="Afronding bevestigen").click()
    page.get_by_text("De afronding van “Monteur windturbines” is bevestigd.").wait_for()
    page.get_by_text("Er wacht niets op uw bevestiging.").wait_for()
    payouts = page.get_by_role("table", name="Betalingen van het fonds aan u").inner_text()
    # 40% (€ 400) at the start, then 90% of the other € 600 at completion; the € 60 left goes back to the person.
    assert "afronding" in payouts and "€ 540,00" in payouts and "Wacht op goedkeuring" not in payouts
    assert serious_violations(page) == []
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.attendance_percent == attendance
    assert credit_of(world) == 200_000 - 100_000 + 6_000
    assert services.check_ledger() == []
    credential = IssuedCredential.objects.get()
    assert credential.organisation == world["offering"].course.provider.organisation and credential.accepted_at

    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/ontwikkelfonds/")
    row = page.locator(f"#inschrijving-{enrolment.pk}").inner_text()
    assert "Afgerond" in row and f"aanwezig {attendance}%" in row
    assert "€ 1.060,00" in page.get_by_role("table", name="Beschikbaar, gereserveerd").inner_text()
    assert serious_violations(page) == []
    page.goto(page.base + "/verklaringen/mijn/")
    page.get_by_role("heading", name=credential.skill_label).wait_for()
    card = page.locator("li", has=page.get_by_role("heading", name=credential.skill_label))
    assert f"Verklaard door {credential.organisation.name}" in card.inner_text() and "In uw paspoort sinds" in card.inner_text()
    assert PassportSkill.objects.filter(passport=world["passport"], evidence="certificate").exists()
    assert serious_violations(page) == []


def test_a_person_cancels_a_reservation_and_gets_the_credit_back(page, flow_world):
    world = flow_world(75_000, 100_000)
    enrolment = world["enrolment"]
    assert credit_of(world) == 25_000

    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/ontwikkelfonds/")
    assert "Gereserveerd" in page.locator(f"#inschrijving-{enrolment.pk}").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Inschrijving voor Monteur windturbines annuleren").click()
    page.get_by_text("is geannuleerd; het bedrag staat weer op uw rekening.").wait_for()
    assert "Geannuleerd" in page.locator(f"#inschrijving-{enrolment.pk}").inner_text()
    assert page.get_by_role("button", name="Inschrijving voor Monteur windturbines annuleren").count() == 0
    balances = page.get_by_role("table", name="Beschikbaar, gereserveerd").inner_text()
    assert "€ 1.000,00" in balances and "€ 0,00" in balances  # all available again, nothing reserved
    assert serious_violations(page) == []
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    assert credit_of(world) == 100_000
    assert services.check_ledger() == []

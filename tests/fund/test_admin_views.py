"""The fund administrator's pages: what an administrator sees and can do, and what is refused (in Dutch, nothing changed)."""

import csv
import io
import uuid
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.services import allocation as allocation_service
from loket.fund.models import (
    AllocationRound, AuditLog, Budget, Funder, FunderKind, Payout, SignalReview, Transfer, TransferKind,
)  # fmt: skip

from .people import participant, user_with
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "fund:admin_overview", "fund:admin_budgets", "fund:admin_budget_create", "fund:admin_grants", "fund:admin_approvals",
    "fund:admin_providers", "fund:admin_signals", "fund:admin_reports", "fund:admin_audit",
]  # fmt: skip


@pytest.fixture
def admin(client):
    user = user_with(Role.FUND_ADMIN, email="beheer@fonds.nl")
    client.force_login(user)
    return user


def budget_post(funder, **overrides):
    today = date.today()
    data = {
        "funder": funder.pk, "name": "Techniek Talent", "amount": "1.234.567,89", "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=365)).isoformat(), "municipalities": ["GM0361"], "regions": [],
        "target_groups": ["job_seeker", "side_entrant"], "age_min": "18", "age_max": "67", "recognised_only": "on",
        "course_levels": ["secondary vocational education 3"], "max_price": "5000", "offering_cap": "", "provider_cap": "",
        "yearly_cap": "2.500,00", "co_payment_percent": "10", "payout_at_start_percent": "40", "refund_rule": "pro_rata_attendance",
        "priority_1": "low_educated", "priority_2": "job_seeker", "priority_3": "",
    }  # fmt: skip
    data.update(overrides)
    return data


# --- Access ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_anonymous_visitors_go_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_other_roles_get_a_403(client, name):
    client.force_login(user_with(Role.COACH))
    assert client.get(reverse(name)).status_code == 403


def test_a_post_by_another_role_changes_nothing(client):
    provider = make_offering(approved=False).course.provider
    client.force_login(user_with(Role.PROVIDER))
    response = client.post(reverse("fund:admin_provider_approval", args=[provider.pk]), {"approved": "1"})
    assert response.status_code == 403
    provider.refresh_from_db()
    assert provider.approved is False


def test_posts_need_the_csrf_token(admin):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    response = strict.post(reverse("fund:admin_funder_create"), {"name": "Gemeente Alkmaar", "kind": "municipality"})
    assert response.status_code == 403
    assert not Funder.objects.exists()


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_every_page_opens_for_a_fund_admin(client, admin, name):
    make_budget()
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Ontwikkelfonds beheren" in response.content.decode()  # the admin navigation


def test_the_menu_shows_the_fund_for_a_fund_admin(client, admin):
    page = client.get(reverse("home")).content.decode() if _has_home() else client.get(reverse("fund:admin_overview")).content.decode()
    assert reverse("fund:admin_overview") in page


def _has_home():
    from django.urls import NoReverseMatch

    try:
        reverse("home")
        return True
    except NoReverseMatch:
        return False


def test_unknown_or_absurd_ids_are_404(client, admin):
    for raw in ("999999", "99999999999999999999999", "abc"):
        assert client.get(reverse("fund:admin_budget", args=[raw])).status_code == 404


# --- Overview ----------------------------------------------------------------------


def test_overview_shows_money_per_budget_and_the_ledger_in_order(client, admin):
    budget = make_budget()
    services.deposit(budget, 500_000, key="dep")
    passport = make_passport()
    services.grant(budget, passport, 120_000, key="grant")
    page = client.get(reverse("fund:admin_overview")).content.decode()
    assert budget.name in page
    assert "€ 5.000,00" in page  # deposited, and available (pool + credit) is the same
    assert "Het grootboek is in orde." in page
    assert "0 uitbetalingen wachten op goedkeuring" in page


def test_overview_names_ledger_problems(client, admin):
    from django.db import connection

    budget = make_budget()
    transfer = services.deposit(budget, 500_000, key="dep")
    with connection.cursor() as cursor:  # a broken ledger, as only a bug or a hand in the database could make it
        cursor.execute("UPDATE fund_entry SET amount_cents = amount_cents + 1 WHERE transfer_id = %s AND amount_cents > 0", [transfer.pk])
    page = client.get(reverse("fund:admin_overview")).content.decode()
    assert "Het grootboek klopt niet" in page and "niet in balans" in page


# --- Funders and budgets -----------------------------------------------------------


def test_create_a_funder_and_refuse_an_empty_one(client, admin):
    response = client.post(reverse("fund:admin_funder_create"), {"name": "", "kind": "municipality"})
    assert response.status_code == 400 and "Dit veld is verplicht." in response.content.decode()
    assert not Funder.objects.exists()
    client.post(reverse("fund:admin_funder_create"), {"name": "Gemeente Den Helder", "kind": "municipality"})
    funder = Funder.objects.get()
    assert funder.name == "Gemeente Den Helder"
    assert AuditLog.objects.filter(action="funder_created", object_id=funder.pk, user=admin).exists()


def test_create_a_budget_with_every_rule_in_euros(client, admin):
    funder = Funder.objects.create(name="Provincie Noord-Holland", kind=FunderKind.PROVINCE)
    response = client.post(reverse("fund:admin_budget_create"), budget_post(funder))
    budget = Budget.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("fund:admin_budget", args=[budget.pk])
    assert budget.amount_cents == 123_456_789
    assert budget.yearly_cap_cents == 250_000 and budget.max_price_cents == 500_000 and budget.offering_cap_cents is None
    assert budget.municipalities == ["GM0361"] and budget.target_groups == ["job_seeker", "side_entrant"]
    assert budget.priority_rules == ["low_educated", "job_seeker"]
    assert budget.course_levels == ["secondary vocational education 3"]
    assert (budget.age_min, budget.age_max, budget.co_payment_percent, budget.payout_at_start_percent) == (18, 67, 10, 40)
    assert budget.refund_rule == "pro_rata_attendance" and budget.recognised_only and not budget.revolving
    assert AuditLog.objects.filter(action="budget_created", object_id=budget.pk).exists()


@pytest.mark.parametrize(("typed", "cents"), [("1234.56", 123_456), ("20.000", 2_000_000), ("€ 1.234.567", 123_456_700), ("12,5", 1_250)])
def test_amounts_are_read_as_a_dutch_or_english_reader_means_them(client, admin, typed, cents):
    funder = Funder.objects.create(name="Provincie", kind=FunderKind.PROVINCE)
    client.post(reverse("fund:admin_budget_create"), budget_post(funder, amount=typed))
    assert Budget.objects.get().amount_cents == cents


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "twaalf"}, "Geen bedrag in euro"),
        ({"amount": "0"}, "Vul een bedrag groter dan nul in."),
        ({"amount": "12,345"}, "hoogstens twee decimalen"),
        ({"valid_until": "2000-01-01"}, "De einddatum ligt vóór de begindatum."),
        ({"age_min": "60", "age_max": "20"}, "De maximumleeftijd is lager dan de minimumleeftijd."),
        ({"priority_2": "low_educated"}, "Deze voorrangsregel staat er al."),
        ({"municipalities": ["GM9999"]}, "Selecteer een geldige keuze"),
        ({"co_payment_percent": "150"}, "Zorg ervoor dat deze waarde hoogstens 100 is."),
    ],
)
def test_an_invalid_budget_is_refused_in_dutch_and_nothing_is_saved(client, admin, overrides, message):
    funder = Funder.objects.create(name="Provincie", kind=FunderKind.PROVINCE)
    response = client.post(reverse("fund:admin_budget_create"), budget_post(funder, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Er is niets opgeslagen" in page
    assert not Budget.objects.exists()


def test_edit_a_budget_and_the_committed_amount_cannot_drop_below_the_deposits(client, admin):
    budget = make_budget(amount_cents=1_000_000)
    services.deposit(budget, 600_000, key="dep")
    url = reverse("fund:admin_budget_edit", args=[budget.pk])
    form = client.get(url).content.decode()
    assert "10000,00" in form  # the amount shown back in euros
    response = client.post(url, budget_post(budget.funder, name=budget.name, amount="5.000,00"))
    assert response.status_code == 400 and "Er is al 6000,00 euro gestort" in response.content.decode()
    budget.refresh_from_db()
    assert budget.amount_cents == 1_000_000
    response = client.post(url, budget_post(budget.funder, name="Nieuwe naam", amount="20.000", revolving="on"))
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.name, budget.amount_cents, budget.revolving) == ("Nieuwe naam", 2_000_000, True)
    changed = AuditLog.objects.get(action="budget_changed", object_id=budget.pk).data["fields"]
    assert {"name", "amount", "revolving"} <= set(changed)


# --- Deposits and repayments ---------------------------------------------------------


def test_deposit_form_carries_a_fresh_key_and_a_double_submit_books_once(client, admin):
    budget = make_budget(amount_cents=1_000_000)
    page = client.get(reverse("fund:admin_budget", args=[budget.pk])).content.decode()
    assert 'name="storting-key"' in page and 'type="hidden"' in page
    key = str(uuid.uuid4())
    for _attempt in range(2):
        response = client.post(reverse("fund:admin_deposit", args=[budget.pk]), {"storting-amount": "2.500,50", "storting-key": key})
        assert response.status_code == 302
    deposits = Transfer.objects.filter(budget=budget, kind=TransferKind.DEPOSIT)
    assert [t.amount_cents for t in deposits] == [250_050]
    assert deposits.get().created_by == admin


def test_a_deposit_beyond_the_committed_amount_is_refused(client, admin):
    budget = make_budget(amount_cents=100_000)
    response = client.post(reverse("fund:admin_deposit", args=[budget.pk]), {"storting-amount": "1000,01", "storting-key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "boven het toegezegde bedrag" in response.content.decode()
    assert not Transfer.objects.exists()


def test_a_deposit_without_a_valid_key_is_refused(client, admin):
    budget = make_budget()
    response = client.post(reverse("fund:admin_deposit", args=[budget.pk]), {"storting-amount": "10", "storting-key": "x"})
    assert response.status_code == 400 and "Het formulier is verlopen" in response.content.decode()
    assert not Transfer.objects.exists()


def test_repayment_only_into_a_revolving_budget(client, admin):
    fixed = make_budget()
    response = client.post(reverse("fund:admin_repayment", args=[fixed.pk]), {"terugbetaling-amount": "100", "terugbetaling-key": str(uuid.uuid4())})
    assert response.status_code == 400 and "niet revolverend" in response.content.decode()
    revolving = make_budget(revolving=True)
    response = client.post(reverse("fund:admin_repayment", args=[revolving.pk]), {"terugbetaling-amount": "100", "terugbetaling-key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Transfer.objects.get(kind=TransferKind.REPAYMENT).amount_cents == 10_000


# --- Grants ------------------------------------------------------------------------


def test_grant_to_one_person_by_email(client, admin):
    budget = make_budget()
    services.deposit(budget, 500_000, key="dep")
    person = participant(make_passport())
    data = {"persoon-email": person.passport.user.email.upper(), "persoon-budget": budget.pk, "persoon-amount": "750", "persoon-key": str(uuid.uuid4())}
    response = client.post(reverse("fund:admin_grant_one"), data)
    assert response.status_code == 302
    grant = Transfer.objects.get(kind=TransferKind.GRANT)
    assert grant.amount_cents == 75_000 and grant.credit_account.passport == person.passport


def test_grant_to_an_unknown_person_or_beyond_the_pool_is_refused(client, admin):
    budget = make_budget()
    services.deposit(budget, 10_000, key="dep")
    response = client.post(reverse("fund:admin_grant_one"), {"persoon-email": "niemand@example.nl", "persoon-budget": budget.pk, "persoon-amount": "50", "persoon-key": str(uuid.uuid4())})
    assert response.status_code == 400 and "Er is geen deelnemer met dit e-mailadres" in response.content.decode()
    person = participant(make_passport())
    data = {"persoon-email": person.passport.user.email, "persoon-budget": budget.pk, "persoon-amount": "100,01", "persoon-key": str(uuid.uuid4())}
    response = client.post(reverse("fund:admin_grant_one"), data)
    assert response.status_code == 400 and "niet genoeg geld" in response.content.decode()
    assert not Transfer.objects.filter(kind=TransferKind.GRANT).exists()


@pytest.mark.django_db(transaction=True)
def test_bulk_grant_preview_then_carry_out(client, admin):
    budget = make_budget(priority_rules=["job_seeker"])
    services.deposit(budget, 250_000, key="dep")  # enough for two of three
    seekers = [participant(make_passport(), target_groups=["job_seeker"]) for _ in range(2)]
    other = participant(make_passport(), target_groups=["in_technology"])
    response = client.post(reverse("fund:admin_allocation_preview"), {"regel-budget": budget.pk, "regel-amount": "1.000,00"})
    allocation = AllocationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("fund:admin_allocation", args=[allocation.pk])
    assert not Transfer.objects.filter(kind=TransferKind.GRANT).exists()  # a preview books nothing
    page = client.get(response["Location"]).content.decode()
    assert "Het budget is niet genoeg voor iedereen: 1 persoon krijgt niets." in page
    assert f"Deelnemer {other.pk}" in page and "Werkzoekend" in page
    assert other.passport.user.email not in page and other.passport.user.full_name not in page  # no more than needed
    response = client.post(reverse("fund:admin_allocation_carry_out", args=[allocation.pk]))
    assert response.status_code == 302
    allocation_service.wait(allocation.pk, timeout=60)
    page = client.get(response["Location"]).content.decode()
    assert "De toekenningsronde wordt uitgevoerd. De voortgang staat hieronder." in page
    assert "De toekenningsronde is uitgevoerd: 2 personen kregen tegoed." in page
    granted = {t.credit_account.passport_id for t in Transfer.objects.filter(kind=TransferKind.GRANT)}
    assert granted == {p.passport_id for p in seekers}
    again = client.post(reverse("fund:admin_allocation_carry_out", args=[allocation.pk]))
    assert again.status_code == 400 and "al uitgevoerd" in again.content.decode()
    assert Transfer.objects.filter(kind=TransferKind.GRANT).count() == 2


def test_bulk_grant_with_a_bad_rule_is_refused(client, admin):
    budget = make_budget()
    response = client.post(reverse("fund:admin_allocation_preview"), {"regel-budget": budget.pk, "regel-amount": "-5", "regel-age_min": "50", "regel-age_max": "20"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "De maximumleeftijd is lager dan de minimumleeftijd." in page
    assert not AllocationRound.objects.exists()


# --- Four eyes ---------------------------------------------------------------------


def waiting_payout(amount=300_000):
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    services.grant(budget, passport, 500_000, key="grant")
    offering = make_offering(price_cents=400_000)
    hold = services.hold(budget, passport, offering, key="hold")
    payout = services.request_payout(hold.enrolment, amount, "start", user=None, key="payout")
    assert payout.status == Payout.Status.WAITING
    return payout


def test_two_different_admins_must_approve_a_large_payout(client, admin):
    payout = waiting_payout()
    page = client.get(reverse("fund:admin_approvals")).content.decode()
    assert "twee verschillende fondsbeheerders" in page and "Eerste goedkeuring" in page
    client.post(reverse("fund:admin_payout_approve", args=[payout.pk]))
    payout.refresh_from_db()
    assert payout.first_approved_by == admin and payout.status == Payout.Status.WAITING
    page = client.get(reverse("fund:admin_approvals")).content.decode()
    assert "een andere beheerder moet de tweede goedkeuring geven" in page
    response = client.post(reverse("fund:admin_payout_approve", args=[payout.pk]))  # the same admin again
    assert response.status_code == 400
    assert "U heeft deze uitbetaling al goedgekeurd; een andere fondsbeheerder moet de tweede goedkeuring geven." in response.content.decode()
    payout.refresh_from_db()
    assert payout.status == Payout.Status.WAITING and payout.second_approved_by is None
    client.force_login(user_with(Role.FUND_ADMIN))
    client.post(reverse("fund:admin_payout_approve", args=[payout.pk]))
    payout.refresh_from_db()
    assert payout.status == Payout.Status.POSTED and payout.transfer is not None
    assert services.check_ledger() == []


def test_reject_a_payout_needs_a_reason(client, admin):
    payout = waiting_payout()
    response = client.post(reverse("fund:admin_payout_reject", args=[payout.pk]), {"reason": ""})
    assert response.status_code == 400 and "Dit veld is verplicht." in response.content.decode()
    payout.refresh_from_db()
    assert payout.status == Payout.Status.WAITING
    client.post(reverse("fund:admin_payout_reject", args=[payout.pk]), {"reason": "Geen bewijs van de start"})
    payout.refresh_from_db()
    assert payout.status == Payout.Status.REJECTED


# --- Providers, signals, audit -------------------------------------------------------


def test_approve_and_unapprove_a_provider_is_audited(client, admin):
    provider = make_offering(approved=False).course.provider
    page = client.get(reverse("fund:admin_providers")).content.decode()
    assert provider.organisation.name in page
    client.post(reverse("fund:admin_provider_approval", args=[provider.pk]), {"approved": "1"})
    provider.refresh_from_db()
    assert provider.approved
    client.post(reverse("fund:admin_provider_approval", args=[provider.pk]), {"approved": "0"})
    provider.refresh_from_db()
    assert not provider.approved
    actions = list(AuditLog.objects.filter(object_type="provider", object_id=provider.pk).values_list("action", flat=True))
    assert sorted(actions) == ["provider_approved", "provider_unapproved"]


def test_signal_review_records_a_verdict_and_refuses_a_missing_one(client, admin):
    budget = make_budget()
    subject = f"budget:{budget.pk}"
    response = client.post(reverse("fund:admin_signal_review"), {"code": "budget_near_ceiling", "subject": subject, "verdict": "", "note": ""})
    assert response.status_code == 400 and "Uw oordeel is niet vastgelegd." in response.content.decode()
    assert not SignalReview.objects.exists()
    response = client.post(
        reverse("fund:admin_signal_review"), {"code": "budget_near_ceiling", "subject": subject, "verdict": "fine", "note": "Bekend"}
    )
    assert response.status_code == 302
    review = SignalReview.objects.get()
    assert (review.verdict, review.note, review.reviewed_by) == ("fine", "Bekend", admin)
    page = client.get(reverse("fund:admin_signals")).content.decode()
    assert "Bekend" in page and "In orde" in page  # the history


def test_audit_log_filters_and_pages(client, admin):
    budget = make_budget()
    for number in range(55):
        services.deposit(budget, 100, key=f"dep-{number}", user=admin)
    services.audit.record(admin, "provider_approved", budget)
    page = client.get(reverse("fund:admin_audit")).content.decode()
    assert "56 regels" in page and "Pagina 1 van 2" in page
    page = client.get(reverse("fund:admin_audit"), {"action": "provider_approved"}).content.decode()
    assert "1 regel," in page
    page = client.get(reverse("fund:admin_audit"), {"user": "niemand"}).content.decode()
    assert "Geen regels gevonden." in page
    response = client.get(reverse("fund:admin_audit"), {"object_id": "nul"})
    assert response.status_code == 400 and "Voer een geheel getal in." in response.content.decode()


# --- Reports -----------------------------------------------------------------------


def spent_world():
    budget = make_budget()
    Budget.objects.filter(pk=budget.pk).update(name="Techniekbudget")
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    services.grant(budget, passport, 500_000, key="grant")
    offering = make_offering(price_cents=60_000)
    hold = services.hold(budget, passport, offering, key="hold")
    services.post(hold, key="post")
    return budget


@pytest.mark.parametrize("group_by", ["budget", "region", "target_group", "offering", "provider", "month"])
def test_report_page_per_grouping_has_chart_and_table(client, admin, group_by):
    spent_world()
    page = client.get(reverse("fund:admin_reports"), {"group_by": group_by}).content.decode()
    assert "vega-lite.min.js" in page and "besteding-spec" in page
    assert "€ 600,00" in page


def test_report_with_a_bad_period_is_refused(client, admin):
    response = client.get(reverse("fund:admin_reports"), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400 and "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_report_downloads_parse_as_csv_and_xlsx(client, admin):
    budget = spent_world()
    query = {"group_by": "budget", "budget": budget.pk}
    response = client.get(reverse("fund:admin_report_csv"), query)
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, first = rows[0], rows[1]
    assert first[0] == "Techniekbudget"
    assert first[header.index("Besteed (cent)")] == "60000" and first[header.index("Besteed (euro)")] == "600,00"
    response = client.get(reverse("fund:admin_report_xlsx"), query)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Techniekbudget" and values[1][list(values[0]).index("Besteed (cent)")] == 60000

"""Money operations: what a fund administrator, person or provider would notice."""

from datetime import date, timedelta

import pytest

from loket.fund import services
from loket.fund.models import Account, AccountKind, AuditLog, Enrolment, Entry, Transfer, TransferState
from loket.fund.services import FundError

from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db


def balance(kind, **owner):
    account = Account.objects.filter(kind=kind, **owner).first()
    return sum(Entry.objects.filter(account=account).values_list("amount_cents", flat=True)) if account else 0


@pytest.fixture
def funded():
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep-1")
    passport = make_passport()
    services.grant(budget, passport, 100_000, key="grant-1")
    return budget, passport


def test_deposit_grant_hold_post_moves_money_step_by_step(funded):
    budget, passport = funded
    offering = make_offering(price_cents=60_000)
    held = services.hold(budget, passport, offering, key="hold-1")
    assert held.state == TransferState.PENDING and held.amount_cents == 60_000
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 40_000
    services.post(held, 20_000, key="post-start")
    services.post(held, key="post-rest")
    provider = offering.course.provider
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=provider) == 60_000
    assert balance(AccountKind.PERSON_HOLD, passport=passport) == 0
    assert Transfer.objects.get(pk=held.pk).state == TransferState.POSTED
    assert Enrolment.objects.get().status == Enrolment.Status.STARTED
    assert services.check_ledger() == []


def test_repeating_an_idempotency_key_never_moves_money_twice(funded):
    budget, passport = funded
    again = services.grant(budget, passport, 100_000, key="grant-1")
    assert again == Transfer.objects.get(idempotency_key="grant-1")
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 100_000
    held = services.hold(budget, passport, make_offering(), key="h")
    services.post(held, key="p")
    services.post(held, key="p")
    assert Transfer.objects.filter(kind="post").count() == 1
    assert services.check_ledger() == []


def test_a_key_reused_for_another_operation_is_refused(funded):
    budget, passport = funded
    with pytest.raises(FundError, match="al gebruikt voor een andere handeling"):
        services.deposit(budget, 5, key="grant-1")


def test_void_returns_the_hold_and_cancels_the_enrolment(funded):
    budget, passport = funded
    held = services.hold(budget, passport, make_offering(price_cents=30_000), key="h")
    services.void(held, key="v")
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 100_000
    assert Transfer.objects.get(pk=held.pk).state == TransferState.VOIDED
    assert Enrolment.objects.get().status == Enrolment.Status.CANCELLED
    with pytest.raises(FundError, match="al volledig afgehandeld"):
        services.post(held, key="too-late")


def test_posting_more_than_is_held_is_refused_and_changes_nothing(funded):
    budget, passport = funded
    held = services.hold(budget, passport, make_offering(price_cents=30_000), key="h")
    before = Entry.objects.count()
    with pytest.raises(FundError, match="hoger dan wat nog gereserveerd is"):
        services.post(held, 30_001, key="p")
    assert Entry.objects.count() == before and not Transfer.objects.filter(idempotency_key="p").exists()


def test_hold_needs_enough_credit(funded):
    budget, passport = funded
    with pytest.raises(FundError, match="Onvoldoende tegoed: nodig 150000 cent, beschikbaar 100000 cent"):
        services.hold(budget, passport, make_offering(price_cents=150_000), key="h")
    assert not Enrolment.objects.exists()


def test_only_approved_providers_and_recognised_offerings_can_be_paid(funded):
    budget, passport = funded
    with pytest.raises(FundError, match="niet goedgekeurd"):
        services.hold(budget, passport, make_offering(approved=False), key="h1")
    with pytest.raises(FundError, match="niet erkend"):
        services.hold(budget, passport, make_offering(recognised=False), key="h2")
    assert not Transfer.objects.filter(kind="hold").exists()


def test_the_hold_is_the_catalogue_price_minus_the_co_payment():
    budget = make_budget(co_payment_percent=10)
    services.deposit(budget, 100_000, key="d")
    passport = make_passport()
    services.grant(budget, passport, 100_000, key="g")
    held = services.hold(budget, passport, make_offering(price_cents=45_005), key="h")
    assert held.amount_cents == 45_005 - 4_501
    assert Enrolment.objects.get().co_payment_cents == 4_501


def test_grant_checks_the_yearly_cap_and_the_pool():
    budget = make_budget(yearly_cap_cents=50_000)
    services.deposit(budget, 70_000, key="d")
    passport = make_passport()
    services.grant(budget, passport, 40_000, key="g1")
    with pytest.raises(FundError, match="maximum van 50000 cent per persoon per jaar"):
        services.grant(budget, passport, 10_001, key="g2")
    other = make_passport()
    with pytest.raises(FundError, match="niet genoeg geld"):
        services.grant(budget, other, 30_001, key="g3")
    assert balance(AccountKind.BUDGET_POOL, budget=budget) == 30_000


def test_grant_checks_residence_age_and_target_group():
    budget = make_budget(regions=["AM15"], age_min=18, age_max=67, target_groups=["job_seeker"])
    services.deposit(budget, 100_000, key="d")
    today = date.today()
    in_region, amsterdammer = make_passport("GM0361"), make_passport("GM0363")
    adult = today.replace(year=today.year - 30)
    with pytest.raises(FundError, match="arbeidsmarktregio"):
        services.grant(budget, amsterdammer, 100, key="a", birth_date=adult, target_groups=["job_seeker"])
    with pytest.raises(FundError, match="Jonger dan 18 jaar"):
        services.grant(budget, in_region, 100, key="b", birth_date=today - timedelta(days=365 * 17), target_groups=["job_seeker"])
    with pytest.raises(FundError, match="doelgroep"):
        services.grant(budget, in_region, 100, key="c", birth_date=adult, target_groups=["side_entrant"])
    services.grant(budget, in_region, 100, key="d2", birth_date=adult, target_groups=["job_seeker"])
    assert Transfer.objects.filter(kind="grant").count() == 1


def test_an_expired_budget_grants_nothing():
    budget = make_budget(valid_from=date(2020, 1, 1), valid_until=date(2020, 12, 31))
    services.deposit(budget, 100, key="d")
    with pytest.raises(FundError, match="niet geldig"):
        services.grant(budget, make_passport(), 100, key="g")


def test_deposits_stop_at_the_committed_amount():
    budget = make_budget(amount_cents=1_000)
    services.deposit(budget, 600, key="d1")
    with pytest.raises(FundError, match="boven het toegezegde bedrag"):
        services.deposit(budget, 401, key="d2")


def test_refund_returns_at_most_what_was_paid(funded):
    budget, passport = funded
    held = services.hold(budget, passport, make_offering(price_cents=30_000), key="h")
    paid = services.post(held, 10_000, key="p")
    services.refund(paid, 4_000, key="r1")
    with pytest.raises(FundError, match="niet meer worden teruggestort"):
        services.refund(paid, 6_001, key="r2")
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 74_000
    assert services.check_ledger() == []


def test_repayment_only_for_a_revolving_budget():
    plain, revolving = make_budget(), make_budget(revolving=True)
    with pytest.raises(FundError, match="niet revolverend"):
        services.repayment(plain, 100, key="r1")
    services.repayment(revolving, 100, key="r2")
    assert balance(AccountKind.BUDGET_POOL, budget=revolving) == 100
    assert services.check_ledger() == []


def test_amounts_must_be_positive_whole_cents(funded):
    budget, passport = funded
    for amount in (0, -5, 1.5):
        with pytest.raises(FundError, match="positief aantal centen"):
            services.grant(budget, passport, amount, key=f"bad-{amount}")


def test_entries_cannot_be_changed_or_deleted_and_every_operation_is_audited(funded):
    entry = Entry.objects.first()
    entry.amount_cents = 1
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        Entry.objects.filter(pk=entry.pk).update(amount_cents=1)
    with pytest.raises(TypeError):
        Entry.objects.all().delete()
    assert list(AuditLog.objects.order_by("id").values_list("action", flat=True)) == ["deposit", "grant"]

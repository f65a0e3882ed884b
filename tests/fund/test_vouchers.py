"""Vouchers: a coach issues, the person enrols with it, unused value, expiry and withdrawal go back to the budget."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from loket.accounts.roles import Role
from loket.catalog.models import CoursePurpose
from loket.fund import services
from loket.fund.models import Account, AccountKind, Enrolment, Transfer, Voucher
from loket.fund.services import FundError

from .people import participant, staff_of, user_with
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db


def pool(budget):
    return Account.objects.get(kind=AccountKind.BUDGET_POOL, budget=budget).balance_cents


def voucher_account(passport):
    account = Account.objects.filter(kind=AccountKind.VOUCHER, passport=passport).first()
    return account.balance_cents if account else 0


@pytest.fixture
def world():
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    participant(passport)
    return budget, passport, user_with(Role.COACH)


def issue(world, key="v1", **changes):
    budget, passport, coach = world
    facts = dict(kind="training", value_cents=60_000, expires_on=date.today() + timedelta(days=60), user=coach, note="Via ServicePunt Techniek", key=key)
    facts.update(changes)
    return services.issue_voucher(budget, passport, **facts)


def test_a_coach_issues_a_voucher_and_its_value_leaves_the_pool(world):
    budget, passport, coach = world
    voucher = issue(world)
    assert voucher.status == Voucher.Status.ISSUED and voucher.issued_by == coach
    assert pool(budget) == 940_000 and voucher_account(passport) == 60_000
    assert Transfer.objects.get(idempotency_key="v1").voucher == voucher
    assert issue(world) == voucher and Voucher.objects.count() == 1
    assert services.check_ledger() == []


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "holiday"}, "soort voucher"),
        ({"value_cents": 0}, "positief aantal centen"),
        ({"expires_on": date.today() - timedelta(days=1)}, "vandaag of later"),
        ({"expires_on": date.today() + timedelta(days=4000)}, "niet langer geldig zijn dan het budget"),
        ({"value_cents": 250_001}, "hoogstens € 2.500,00"),
    ],
)
def test_bad_vouchers_are_refused_and_nothing_moves(world, changes, message):
    with pytest.raises(FundError, match=message):
        issue(world, **changes)
    assert not Voucher.objects.exists() and voucher_account(world[1]) == 0


def test_only_coaches_issue(world):
    budget, passport, _coach = world
    with pytest.raises(FundError, match="loopbaancoach"):
        issue(world, user=user_with(Role.FUND_ADMIN))
    assert not Voucher.objects.exists()


def test_enrolling_with_a_voucher_reserves_from_it_and_returns_the_unused_value(world):
    budget, passport, coach = world
    voucher = issue(world)
    services.grant(budget, passport, 100_000, key="g", birth_date=date(1985, 3, 4), target_groups=["job_seeker"])
    offering = make_offering(price_cents=45_000)
    options = services.payment_options(passport, offering)
    assert options[0].voucher == voucher and options[0].chosen and not options[1].chosen
    enrolment = services.enrol(passport, offering, price_cents=45_000, key="e", user=passport.user)
    assert enrolment.voucher == voucher
    assert Voucher.objects.get().status == Voucher.Status.USED
    assert voucher_account(passport) == 0 and pool(budget) == 1_000_000 - 100_000 - 45_000
    assert Account.objects.get(kind=AccountKind.PERSON_CREDIT, passport=passport).balance_cents == 100_000
    services.confirm_start(enrolment, user=staff_of(offering), key="s")
    assert services.check_ledger() == []


def test_a_voucher_pays_only_for_its_own_kind(world):
    budget, passport, coach = world
    voucher = issue(world, kind="orientation")
    offering = make_offering(price_cents=10_000)
    assert offering.course.purpose == CoursePurpose.TRAINING
    with pytest.raises(FundError, match="andere soort"):
        services.enrol(passport, offering, price_cents=10_000, key="e", user=passport.user, voucher=voucher)
    assert not Enrolment.objects.exists()


def test_a_cancelled_voucher_enrolment_returns_the_money_to_the_budget_not_the_person(world):
    budget, passport, coach = world
    issue(world)
    offering = make_offering(price_cents=45_000)
    enrolment = services.enrol(passport, offering, price_cents=45_000, key="e", user=passport.user)
    services.cancel(enrolment, user=passport.user, key="c")
    assert pool(budget) == 1_000_000 and voucher_account(passport) == 0
    assert services.check_ledger() == []


def test_expiry_and_withdrawal_return_the_value(world):
    budget, passport, coach = world
    old = issue(world, key="old", expires_on=date.today())
    kept = issue(world, key="kept", expires_on=date.today() + timedelta(days=5))
    assert services.expire_vouchers(today=date.today() + timedelta(days=1)) == 1
    assert Voucher.objects.get(pk=old.pk).status == Voucher.Status.EXPIRED
    assert services.expire_vouchers(today=date.today() + timedelta(days=1)) == 0
    with pytest.raises(FundError, match="intrekken"):
        services.withdraw_voucher(kept, user=passport.user, key="w")
    services.withdraw_voucher(kept, user=coach, key="w")
    assert Voucher.objects.get(pk=kept.pk).status == Voucher.Status.WITHDRAWN
    with pytest.raises(FundError, match="niet is gebruikt of verlopen"):
        services.withdraw_voucher(Voucher.objects.get(pk=old.pk), user=coach, key="w2")
    assert pool(budget) == 1_000_000 and voucher_account(passport) == 0
    assert services.check_ledger() == []


def test_the_expire_vouchers_command(world, capsys):
    issue(world, expires_on=date.today())
    call_command("expire_vouchers", today=(date.today() + timedelta(days=1)).isoformat())
    assert "1 voucher(s) verlopen" in capsys.readouterr().out
    assert Voucher.objects.get().status == Voucher.Status.EXPIRED


def test_a_grant_counts_vouchers_already_issued_this_year_towards_the_yearly_cap():
    from loket.fund.services import ledger_ops

    budget = make_budget(yearly_cap_cents=100_000)
    services.deposit(budget, 1_000_000, key="cap-deposit")
    passport = make_passport()
    voucher = Voucher.objects.create(
        budget=budget, passport=passport, kind="training", value_cents=80_000,
        expires_on=budget.valid_until, issued_by=passport.user,
    )  # fmt: skip
    ledger_ops.voucher_issue(voucher, key="cap-voucher")
    with pytest.raises(FundError, match="maximum van 100000 cent per persoon per jaar"):
        services.grant(budget, passport, 30_000, key="cap-grant")
    services.grant(budget, passport, 20_000, key="cap-grant-fits")
    assert services.check_ledger() == []

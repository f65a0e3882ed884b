"""Enrolling, the provider's confirmations, payouts with four eyes, stopping: what a person, provider and fund admin notice."""

from datetime import date, timedelta

import pytest

from loket.accounts.roles import Role
from loket.catalog.models import CourseSkill
from loket.credentials.models import IssuedCredential, IssuerKey
from loket.fund import services
from loket.fund.models import Account, AccountKind, Budget, Enrolment, Payout, RefundRule, Transfer, TransferKind
from loket.fund.services import FundError
from loket.passport.models import PassportSkill

from .people import participant, staff_of, user_with
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db


def balance(kind, **owner):
    account = Account.objects.filter(kind=kind, **owner).first()
    return account.balance_cents if account else 0


def funded(budget_rules=None, credit=100_000, passport=None):
    """A budget with credit for the person; the rules apply from after the grant (as when a budget's rules change)."""
    budget_rules = dict(budget_rules or {})
    validity = {name: budget_rules.pop(name) for name in ("valid_until",) if name in budget_rules}
    budget = make_budget(**validity)
    services.deposit(budget, 5_000_000, key=f"dep-{budget.pk}")
    passport = passport or make_passport()
    if not hasattr(passport, "fund_participant"):
        participant(passport)
    services.grant(budget, passport, credit, key=f"grant-{budget.pk}-{passport.pk}")
    Budget.objects.filter(pk=budget.pk).update(**budget_rules)
    budget.refresh_from_db()
    return budget, passport


def enrol(passport, offering, key="enrol-1", **extra):
    return services.enrol(passport, offering, price_cents=offering.price_cents, key=key, user=passport.user, **extra)


@pytest.fixture
def admins():
    return user_with(Role.FUND_ADMIN), user_with(Role.FUND_ADMIN)


def test_options_follow_the_fixed_order_and_enrol_uses_the_first_payable():
    late, passport = funded({"valid_until": date.today() + timedelta(days=400)})
    soon, _ = funded({"valid_until": date.today() + timedelta(days=100), "co_payment_percent": 10}, passport=passport)
    tiny, _ = funded({"valid_until": date.today() + timedelta(days=50)}, credit=1_000, passport=passport)
    offering = make_offering(price_cents=40_000)
    options = services.payment_options(passport, offering)
    assert [o.budget for o in options] == [tiny, soon, late]
    assert [o.payable for o in options] == [False, True, True]
    assert [o.chosen for o in options] == [False, True, False]
    assert "Onvoldoende tegoed" in options[0].reason
    assert options[1].amount_cents == 36_000 and options[1].co_payment_cents == 4_000
    enrolment = enrol(passport, offering)
    assert enrolment.budget == soon and enrolment.co_payment_cents == 4_000
    assert enrolment.payment_reason.startswith("Dit betaalt als eerste.")
    assert balance(AccountKind.PERSON_CREDIT, budget=soon, passport=passport) == 64_000
    assert balance(AccountKind.PERSON_HOLD, budget=soon, passport=passport) == 36_000
    assert enrol(passport, offering) == enrolment  # same key: nothing moves twice
    assert Enrolment.objects.count() == 1
    assert services.check_ledger() == []


@pytest.mark.parametrize(
    "budget_rules, offering_args, message",
    [
        ({}, {"approved": False}, "niet goedgekeurd"),
        ({}, {"recognised": False}, "niet erkend"),
        ({"max_price_cents": 30_000}, {}, "hoger dan het maximum"),
        ({"course_levels": ["bachelor"]}, {}, "niveau"),
        ({"offering_cap_cents": 49_999}, {}, "Dit aanbod heeft het maximum bereikt"),
        ({"provider_cap_cents": 10_000}, {}, "Deze opleider heeft het maximum bereikt"),
        ({"age_max": 20}, {}, "Ouder dan 20 jaar"),
    ],
)
def test_enrolments_the_budget_may_not_pay_are_refused_and_nothing_moves(budget_rules, offering_args, message):
    budget, passport = funded(budget_rules)
    offering = make_offering(price_cents=50_000, **offering_args)
    before = Transfer.objects.count()
    with pytest.raises(FundError, match=message):
        enrol(passport, offering)
    assert Transfer.objects.count() == before and not Enrolment.objects.exists()
    assert services.check_ledger() == []


def test_a_changed_price_and_a_person_without_account_are_refused():
    budget, passport = funded()
    offering = make_offering(price_cents=50_000)
    with pytest.raises(FundError, match="prijs van dit aanbod is gewijzigd"):
        services.enrol(passport, offering, price_cents=40_000, key="k", user=passport.user)
    stranger = make_passport()
    with pytest.raises(FundError, match="geen tegoed"):
        enrol(stranger, offering)
    assert not Enrolment.objects.exists()


def test_caps_count_holds_of_others_at_the_same_offering():
    budget, first = funded({"offering_cap_cents": 80_000})
    second = make_passport()
    participant(second)
    services.grant(budget, second, 100_000, key="grant-second")
    offering = make_offering(price_cents=50_000)
    enrol(first, offering, key="a")
    with pytest.raises(FundError, match="maximum bereikt"):
        services.enrol(second, offering, price_cents=50_000, key="b", user=second.user, voucher=None)
    services.cancel(Enrolment.objects.get(), user=first.user, key="cancel-a")
    assert services.enrol(second, offering, price_cents=50_000, key="b", user=second.user).budget == budget


def test_start_and_completion_pay_in_parts_and_the_rest_goes_back(sample_taxonomy):
    budget, passport = funded({"payout_at_start_percent": 30})
    offering = make_offering(price_cents=10_001)
    from loket.taxonomy.models import Skill

    skill = Skill.objects.filter(labels__language="nl").first()
    CourseSkill.objects.create(course=offering.course, skill=skill)
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    with pytest.raises(FundError, match="Alleen iemand van deze opleider"):
        services.confirm_start(enrolment, user=passport.user, key="start")
    started = services.confirm_start(enrolment, user=staff, key="start")
    provider = offering.course.provider
    assert started.status == Enrolment.Status.STARTED
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=provider) == 3_000
    assert services.confirm_start(enrolment, user=staff, key="start").status == Enrolment.Status.STARTED
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=provider) == 3_000
    with pytest.raises(FundError, match="percentage"):
        services.confirm_completion(enrolment, attendance_percent=101, user=staff, key="done", base_url="https://loket.example")
    done = services.confirm_completion(enrolment, attendance_percent=80, user=staff, key="done", base_url="https://loket.example")
    assert done.status == Enrolment.Status.COMPLETED and done.attendance_percent == 80
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=provider) == 3_000 + 5_600  # floor(7001 * 0.8)
    assert balance(AccountKind.PERSON_HOLD, passport=passport) == 0
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 100_000 - 10_001 + 1_401
    credential = IssuedCredential.objects.get()
    assert done.credentials == [credential] and done.credential_errors == []
    assert credential.organisation == provider.organisation and credential.accepted_at is not None
    assert credential.evidence == "certificate" and "Afgerond: Monteur windturbines" in credential.note
    assert PassportSkill.objects.filter(passport=passport, skill=skill, evidence="certificate").exists()
    assert services.check_ledger() == []
    overview = services.account_overview(passport)
    assert overview[0]["spent_cents"] == 8_600 and overview[0]["reserved_cents"] == 0
    assert {t.kind for t in services.history(passport)} >= {TransferKind.GRANT, TransferKind.HOLD, TransferKind.VOID}


def test_completion_money_moves_even_when_the_issuer_key_cannot_be_read(sample_taxonomy):
    budget, passport = funded({"payout_at_start_percent": 0})
    offering = make_offering(price_cents=20_000)
    from loket.credentials.services import issuer_key_for
    from loket.taxonomy.models import Skill

    CourseSkill.objects.create(course=offering.course, skill=Skill.objects.filter(labels__language="nl").first())
    issuer_key_for(offering.course.provider.organisation)
    IssuerKey.objects.update(encrypted_private_key="not-a-fernet-token")
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="s")
    done = services.confirm_completion(enrolment, attendance_percent=100, user=staff, key="d", base_url="https://loket.example")
    assert done.status == Enrolment.Status.COMPLETED
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 20_000
    assert len(done.credential_errors) == 1 and "sleutel" in done.credential_errors[0]
    assert not IssuedCredential.objects.exists()
    assert services.check_ledger() == []


def test_four_eyes_above_the_threshold(settings, admins):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 10_000
    first, second = admins
    budget, passport = funded()
    offering = make_offering(price_cents=50_000)
    enrolment = enrol(passport, offering)
    services.confirm_start(enrolment, user=staff_of(offering), key="start")
    payout = Payout.objects.get()
    assert payout.status == Payout.Status.WAITING and payout.amount_cents == 50_000
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 0
    with pytest.raises(FundError, match="Alleen een fondsbeheerder"):
        services.approve_payout(payout, user=passport.user)
    services.approve_payout(payout, user=first)
    with pytest.raises(FundError, match="andere fondsbeheerder"):
        services.approve_payout(payout, user=first)
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 0
    approved = services.approve_payout(payout, user=second)
    assert approved.status == Payout.Status.POSTED and approved.transfer.idempotency_key == f"payout-{payout.pk}"
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 50_000
    assert Enrolment.objects.get().status == Enrolment.Status.STARTED
    with pytest.raises(FundError, match="wacht niet"):
        services.approve_payout(payout, user=second)
    assert services.check_ledger() == []


def test_a_rejected_payout_goes_back_to_the_person(settings, admins):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 10_000
    budget, passport = funded({"payout_at_start_percent": 40})
    offering = make_offering(price_cents=50_000)
    enrolment = enrol(passport, offering)
    services.confirm_start(enrolment, user=staff_of(offering), key="start")
    payout = Payout.objects.get()
    with pytest.raises(FundError, match="reden"):
        services.reject_payout(payout, user=admins[0], reason=" ")
    services.reject_payout(payout, user=admins[0], reason="Geen presentielijst")
    assert Payout.objects.get().status == Payout.Status.REJECTED
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 50_000 + 20_000
    assert balance(AccountKind.PERSON_HOLD, passport=passport) == 30_000
    assert services.check_ledger() == []


def test_cancel_before_start_returns_everything():
    budget, passport = funded()
    offering = make_offering(price_cents=30_000)
    enrolment = enrol(passport, offering)
    with pytest.raises(FundError, match="niet annuleren"):
        services.cancel(enrolment, user=make_passport().user, key="c")
    cancelled = services.cancel(enrolment, user=passport.user, key="c")
    assert cancelled.status == Enrolment.Status.CANCELLED
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 100_000
    assert services.cancel(enrolment, user=passport.user, key="c").status == Enrolment.Status.CANCELLED
    assert services.check_ledger() == []


def test_stop_after_start_keep_start_part():
    budget, passport = funded({"payout_at_start_percent": 30, "refund_rule": RefundRule.KEEP_START_PART})
    offering = make_offering(price_cents=10_000)
    enrolment = enrol(passport, offering)
    services.confirm_start(enrolment, user=staff_of(offering), key="s")
    stopped = services.cancel(enrolment, user=passport.user, key="stop")
    assert stopped.status == Enrolment.Status.STOPPED
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 3_000
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 97_000
    assert services.check_ledger() == []


@pytest.mark.parametrize("attendance, provider_gets", [(10, 1_000), (50, 5_000)])
def test_stop_after_start_pro_rata_refunds_or_pays_the_difference(attendance, provider_gets):
    budget, passport = funded({"payout_at_start_percent": 30, "refund_rule": RefundRule.PRO_RATA_ATTENDANCE})
    offering = make_offering(price_cents=10_000)
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="s")
    with pytest.raises(FundError, match="aanwezigheid"):
        services.cancel(enrolment, user=staff, key="stop")
    assert Enrolment.objects.get().status == Enrolment.Status.STARTED
    services.cancel(enrolment, user=staff, key="stop", attendance_percent=attendance)
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == provider_gets
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 100_000 - provider_gets
    assert Enrolment.objects.get().status == Enrolment.Status.STOPPED
    assert services.check_ledger() == []


def test_the_provider_sees_what_to_confirm():
    budget, passport = funded()
    offering = make_offering(price_cents=10_000)
    enrolment = enrol(passport, offering)
    assert list(services.enrolments_to_confirm(offering.course.provider)) == [enrolment]
    services.cancel(enrolment, user=passport.user, key="c")
    assert not services.enrolments_to_confirm(offering.course.provider).exists()


def test_which_budgets_credit_pays_is_the_fixed_order_not_the_persons_choice():
    """A person may keep a voucher and pay from credit, but cannot pick a later budget over the one that expires first."""
    from datetime import timedelta

    from django.utils import timezone

    from loket.fund.services import enrol as enrol_service

    soon, passport = funded({"valid_until": timezone.localdate() + timedelta(days=60)})
    later = make_budget(valid_until=timezone.localdate() + timedelta(days=600))
    services.deposit(later, 1_000_000, key="deposit-later")
    services.grant(later, passport, 100_000, key="grant-later")
    offering = make_offering(price_cents=30_000)
    before = Transfer.objects.count()
    with pytest.raises(FundError, match=f"Uit tegoed betaalt eerst {soon.name}"):
        enrol_service(passport, offering, price_cents=30_000, key="pick-later", user=passport.user, budget=later)
    assert Transfer.objects.count() == before and not Enrolment.objects.exists()
    enrolment = enrol_service(passport, offering, price_cents=30_000, key="pick-soon", user=passport.user, budget=soon)
    assert enrolment.budget == soon

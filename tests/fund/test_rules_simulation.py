"""A seeded simulation of the fund's rules on top of the ledger (hypothesis stateful testing).

Random sequences of enrolments (credit or voucher), confirmed starts and completions, cancellations, four-eyes
approvals and rejections, voucher issue, withdrawal and expiry run against the real services. After every step:
the ledger's invariants hold, no enrolment settles more than it held, a finished enrolment holds nothing unless a
payout still waits, the provider never keeps more than the enrolment's net price, and the voucher accounts hold
exactly the value of the vouchers still issued. Deterministic (``derandomize=True``), like test_simulation.py;
``LOKET_RULES_SIM_EXAMPLES`` / ``LOKET_RULES_SIM_STEPS`` for longer runs.
"""

import itertools
import os
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import Account, AccountKind, Enrolment, Payout, RefundRule, Transfer, TransferKind, Voucher
from loket.fund.services import FundError

from .people import participant, staff_of, user_with
from .world import make_budget, make_offering, make_passport

EXAMPLES = int(os.environ.get("LOKET_RULES_SIM_EXAMPLES", "25"))
STEPS = int(os.environ.get("LOKET_RULES_SIM_STEPS", "40"))
PRICES = (15_000, 60_000)
PEOPLE = 2


def total(queryset):
    return queryset.aggregate(total=Sum("amount_cents"))["total"] or 0


class RulesSimulation(RuleBasedStateMachine):
    enrolments = Bundle("enrolments")
    vouchers = Bundle("vouchers")

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.settings = override_settings(LOKET_FUND_APPROVAL_THRESHOLD_CENTS=10_000)
        self.settings.enable()
        self.keys = itertools.count(1)
        self.budgets = [
            make_budget(payout_at_start_percent=30, refund_rule=RefundRule.PRO_RATA_ATTENDANCE, co_payment_percent=10),
            make_budget(payout_at_start_percent=100, refund_rule=RefundRule.KEEP_START_PART),
        ]
        self.people = [make_passport() for _ in range(PEOPLE)]
        for person in self.people:
            participant(person)
        for budget in self.budgets:
            services.deposit(budget, 400_000, key=f"sim-dep-{budget.pk}")
            for person in self.people:
                services.grant(budget, person, 70_000, key=f"sim-grant-{budget.pk}-{person.pk}", birth_date=date(1985, 3, 4), target_groups=["job_seeker"])
        self.offerings = [make_offering(price_cents=price) for price in PRICES]
        self.staff = {offering.pk: staff_of(offering) for offering in self.offerings}
        self.coach = user_with(Role.COACH)
        self.admins = [user_with(Role.FUND_ADMIN), user_with(Role.FUND_ADMIN)]

    def teardown(self):
        self.settings.disable()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def key(self):
        return f"sim-{next(self.keys)}"

    @rule(target=vouchers, person=st.integers(0, PEOPLE - 1), value=st.sampled_from([10_000, 20_000, 70_000]), days=st.integers(0, 3))
    def issue_voucher(self, person, value, days):
        pool = Account.objects.get(kind=AccountKind.BUDGET_POOL, budget=self.budgets[1]).balance_cents
        try:
            return services.issue_voucher(
                self.budgets[1], self.people[person], kind="training", value_cents=value,
                expires_on=date.today() + timedelta(days=days), user=self.coach, key=self.key(),
            )  # fmt: skip
        except FundError:
            assert pool < value
            return None

    @rule(target=enrolments, person=st.integers(0, PEOPLE - 1), which=st.integers(0, len(PRICES) - 1))
    def enrol(self, person, which):
        passport, offering = self.people[person], self.offerings[which]
        payable = [option for option in services.payment_options(passport, offering) if option.payable]
        try:
            enrolment = services.enrol(passport, offering, price_cents=offering.price_cents, key=self.key(), user=passport.user)
        except FundError:
            assert not payable
            return None
        assert payable and enrolment.budget == payable[0].budget and enrolment.voucher == payable[0].voucher
        return enrolment

    @rule(enrolment=enrolments)
    def confirm_start(self, enrolment):
        if enrolment is None:
            return
        try:
            services.confirm_start(enrolment, user=self.staff[enrolment.offering_id], key=self.key())
        except FundError:
            assert Enrolment.objects.get(pk=enrolment.pk).status != Enrolment.Status.HELD

    @rule(enrolment=enrolments, attendance=st.sampled_from([0, 33, 80, 100]))
    def confirm_completion(self, enrolment, attendance):
        if enrolment is None:
            return
        before = Enrolment.objects.get(pk=enrolment.pk).status
        try:
            services.confirm_completion(
                enrolment, attendance_percent=attendance, user=self.staff[enrolment.offering_id], key=self.key(), base_url="https://loket.example"
            )
        except FundError:
            assert before != Enrolment.Status.STARTED
            return
        assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.COMPLETED

    @rule(enrolment=enrolments, attendance=st.sampled_from([None, 0, 50, 100]), by_person=st.booleans())
    def cancel(self, enrolment, attendance, by_person):
        if enrolment is None:
            return
        user = enrolment.passport.user if by_person else self.staff[enrolment.offering_id]
        try:
            services.cancel(enrolment, user=user, key=self.key(), attendance_percent=attendance)
        except FundError:
            current = Enrolment.objects.get(pk=enrolment.pk)
            assert current.status in (Enrolment.Status.STARTED, Enrolment.Status.COMPLETED)

    @rule(admin=st.integers(0, 1))
    def approve(self, admin):
        payout = Payout.objects.filter(status=Payout.Status.WAITING).first()
        if payout is None:
            return
        try:
            services.approve_payout(payout, user=self.admins[admin])
        except FundError:
            assert payout.first_approved_by_id == self.admins[admin].pk

    @rule()
    def reject(self):
        payout = Payout.objects.filter(status=Payout.Status.WAITING).last()
        if payout is not None:
            services.reject_payout(payout, user=self.admins[1], reason="Geen bewijs van aanwezigheid")

    @rule(voucher=vouchers)
    def withdraw(self, voucher):
        if voucher is None:
            return
        try:
            services.withdraw_voucher(voucher, user=self.coach, key=self.key())
        except FundError:
            assert Voucher.objects.get(pk=voucher.pk).status in (Voucher.Status.USED, Voucher.Status.EXPIRED)

    @rule(days=st.integers(1, 5))
    def expire(self, days):
        services.expire_vouchers(today=date.today() + timedelta(days=days))

    @invariant()
    def the_ledger_and_the_rules_agree(self):
        assert services.check_ledger() == []
        for enrolment in Enrolment.objects.all():
            hold = Transfer.objects.get(enrolment=enrolment, kind=TransferKind.HOLD)
            settled = total(Transfer.objects.filter(hold=hold))
            assert settled <= hold.amount_cents
            provider_keeps = total(Transfer.objects.filter(enrolment=enrolment, kind=TransferKind.POST)) - total(
                Transfer.objects.filter(enrolment=enrolment, kind=TransferKind.REFUND)
            )
            assert 0 <= provider_keeps <= hold.amount_cents
            waiting = total(Payout.objects.filter(enrolment=enrolment, status=Payout.Status.WAITING))
            if enrolment.status in (Enrolment.Status.COMPLETED, Enrolment.Status.STOPPED, Enrolment.Status.CANCELLED):
                assert hold.amount_cents - settled == waiting
            if enrolment.status == Enrolment.Status.CANCELLED:
                assert provider_keeps == 0
        for person in self.people:
            on_account = Account.objects.filter(kind=AccountKind.VOUCHER, passport=person).aggregate(total=Sum("balance_cents"))["total"] or 0
            issued = Voucher.objects.filter(passport=person, status=Voucher.Status.ISSUED).aggregate(total=Sum("value_cents"))["total"] or 0
            assert on_account == issued


@pytest.mark.django_db
def test_random_sequences_of_enrolments_vouchers_and_approvals_keep_the_rules():
    run_state_machine_as_test(
        RulesSimulation,
        settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, derandomize=True, deadline=None, print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),  # fmt: skip
    )

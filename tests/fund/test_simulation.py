"""A deterministic, seeded simulation of the fund (hypothesis stateful testing).

Random sequences of grants, holds, posts (in parts), voids, refunds, repayments and
retries with an already used idempotency key run against the real services; after every
step the ledger's invariants must hold and every balance must equal a simple model's.

Deterministic: ``derandomize=True`` derives the examples from the test itself, so CI runs
the same sequences every time and a failure reappears on a plain re-run. Hypothesis
prints the failing steps as code and a ``@reproduce_failure(...)`` line: paste that line
above ``class FundSimulation`` to replay exactly that sequence. Longer runs:
``LOKET_LEDGER_SIM_EXAMPLES=2000 pytest tests/fund/test_simulation.py`` (and
``LOKET_LEDGER_SIM_STEPS`` for longer sequences).
"""

import itertools
import os
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from loket.fund import services
from loket.fund.models import Account, AccountKind
from loket.fund.services import FundError

from .world import make_budget, make_offering, make_passport

EXAMPLES = int(os.environ.get("LOKET_LEDGER_SIM_EXAMPLES", "25"))
STEPS = int(os.environ.get("LOKET_LEDGER_SIM_STEPS", "30"))
PRICES = (25_000, 40_000, 90_000)
PEOPLE = 3
# An amount is either absolute, or ("edge", d): the limit that applies at that moment plus d,
# so the boundaries (exactly all, one cent too much) are hit often, not by luck.
AMOUNTS = st.one_of(st.integers(1, 100_000), st.tuples(st.just("edge"), st.integers(-2, 2)))


def resolve(amount, limit):
    return limit + amount[1] if isinstance(amount, tuple) else amount


class FundSimulation(RuleBasedStateMachine):
    holds = Bundle("holds")
    payments = Bundle("payments")
    done = Bundle("done")  # (operation, args, key, transfer id) of every successful operation, for retries

    def __init__(self):
        super().__init__()
        # Every example runs in a savepoint that is rolled back afterwards, so examples never see each other.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.keys = itertools.count(1)
        self.budget = make_budget(amount_cents=10_000_000, yearly_cap_cents=150_000, revolving=True)
        services.deposit(self.budget, 300_000, key="sim-deposit")
        self.people = [make_passport() for _ in range(PEOPLE)]
        self.offerings = [make_offering(price_cents=price) for price in PRICES]
        # The model: what every balance should be.
        self.pool = 300_000
        self.credit = [0] * PEOPLE
        self.granted = [0] * PEOPLE
        self.held = [0] * PEOPLE
        self.payable = 0
        self.remaining = {}  # hold id -> cents still held
        self.posted = defaultdict(int)  # enrolment id -> cents paid minus refunded

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def key(self):
        return f"sim-{next(self.keys)}"

    @rule(target=done, person=st.integers(0, PEOPLE - 1), amount=AMOUNTS)
    def grant(self, person, amount):
        key = self.key()
        amount = resolve(amount, min(self.pool, 150_000 - self.granted[person]))
        fits = 0 < amount <= self.pool and self.granted[person] + amount <= 150_000
        try:
            transfer = services.grant(self.budget, self.people[person], amount, key=key)
        except FundError:
            assert not fits
            return ("none", (), key, None)
        assert fits
        self.pool -= amount
        self.credit[person] += amount
        self.granted[person] += amount
        return ("grant", (self.budget, self.people[person], amount), key, transfer.pk)

    @rule(target=holds, person=st.integers(0, PEOPLE - 1), which=st.integers(0, len(PRICES) - 1))
    def hold(self, person, which):
        price = PRICES[which]
        key = self.key()
        try:
            transfer = services.hold(self.budget, self.people[person], self.offerings[which], key=key)
        except FundError:
            assert self.credit[person] < price
            return None
        assert transfer.amount_cents == price <= self.credit[person] + price
        self.credit[person] -= price
        self.held[person] += price
        self.remaining[transfer.pk] = price
        return (transfer, person, key)

    def _settle(self, held, amount, operation):
        if held is None:
            return None
        transfer, person, _key = held
        left = self.remaining[transfer.pk]
        amount = resolve(amount, left)
        key = self.key()
        try:
            result = operation(transfer, amount, key=key)
        except FundError:
            assert left == 0 or (amount is not None and not 0 < amount <= left)
            return None
        part = left if amount is None else amount
        assert 0 < part <= left and result.amount_cents == part
        self.remaining[transfer.pk] -= part
        self.held[person] -= part
        return result, person, part

    @rule(target=payments, held=holds, amount=st.one_of(st.none(), AMOUNTS))
    def post(self, held, amount):
        settled = self._settle(held, amount, services.post)
        if settled is None:
            return None
        result, person, part = settled
        self.payable += part
        self.posted[result.enrolment_id] += part
        return (result, person)

    @rule(held=holds, amount=st.one_of(st.none(), AMOUNTS))
    def void(self, held, amount):
        settled = self._settle(held, amount, services.void)
        if settled is not None:
            _result, person, part = settled
            self.credit[person] += part

    @rule(payment=payments, amount=AMOUNTS)
    def refund(self, payment, amount):
        if payment is None:
            return
        paid, person = payment
        amount = resolve(amount, self.posted[paid.enrolment_id])
        try:
            services.refund(paid, amount, key=self.key())
        except FundError:
            assert not 0 < amount <= self.posted[paid.enrolment_id]
            return
        assert 0 < amount <= self.posted[paid.enrolment_id]
        self.posted[paid.enrolment_id] -= amount
        self.payable -= amount
        self.credit[person] += amount

    @rule(amount=st.integers(1, 50_000))
    def repay(self, amount):
        services.repayment(self.budget, amount, key=self.key())
        self.pool += amount

    @rule(previous=consumes(done))
    def retry_with_the_same_key(self, previous):
        operation, args, key, transfer_id = previous
        if operation != "grant":
            return
        again = services.grant(*args, key=key)  # would fail the cap or the pool if it moved money again
        assert again.pk == transfer_id

    @rule(held=holds)
    def retry_a_hold(self, held):
        if held is None:
            return
        transfer, _person, key = held
        assert services.hold(self.budget, transfer.enrolment.passport, transfer.offering, key=key).pk == transfer.pk

    @invariant()
    def ledger_is_sound_and_matches_the_model(self):
        assert services.check_ledger() == []
        balances = {
            (account.kind, account.passport_id): account.balance_cents
            for account in Account.objects.filter(budget=self.budget).exclude(kind=AccountKind.PROVIDER_PAYABLE)
        }
        assert balances.get((AccountKind.BUDGET_POOL, None), 0) == self.pool
        for index, person in enumerate(self.people):
            assert balances.get((AccountKind.PERSON_CREDIT, person.pk), 0) == self.credit[index]
            assert balances.get((AccountKind.PERSON_HOLD, person.pk), 0) == self.held[index]
        payables = Account.objects.filter(budget=self.budget, kind=AccountKind.PROVIDER_PAYABLE)
        assert sum(account.balance_cents for account in payables) == self.payable


@pytest.mark.django_db
def test_random_sequences_of_money_operations_keep_the_ledger_sound():
    run_state_machine_as_test(
        FundSimulation,
        settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, derandomize=True, deadline=None, print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),  # fmt: skip
    )

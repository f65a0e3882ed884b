"""Allocation rounds: preview, priority then lottery, carry out once."""

from datetime import date

import pytest

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import Account, AccountKind, AllocationRound, Transfer, TransferKind
from loket.fund.services import FundError
from loket.passport.models import Education

from .people import participant, user_with
from .world import make_budget, make_passport

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return user_with(Role.FUND_ADMIN)


def people(count, **facts):
    return [participant(make_passport(), **facts) for _ in range(count)]


def test_preview_then_carry_out_serves_priority_first(admin):
    budget = make_budget(priority_rules=["job_seeker"])
    services.deposit(budget, 30_000, key="dep")
    seekers = people(2, target_groups=["job_seeker"])
    others = people(3, target_groups=["in_technology"])
    round_ = services.preview_allocation(budget, amount_cents=10_000, rule={}, user=admin)
    assert (round_.status, round_.eligible_count, round_.served_count, round_.total_cents) == ("previewed", 5, 3, 30_000)
    assert not Transfer.objects.filter(kind=TransferKind.GRANT).exists()
    rows = services.allocation_preview_rows(round_)
    assert {row["participant"] for row in rows[:2]} == set(seekers)
    assert rows[0]["priority reasons"] == ["Werkzoekend"] and rows[4]["priority reasons"] == []
    assert [row["served"] for row in rows] == [True, True, True, False, False]
    done = services.carry_out_allocation(round_, user=admin)
    assert done.status == AllocationRound.Status.CARRIED_OUT and done.served_count == 3
    credited = set(Account.objects.filter(kind=AccountKind.PERSON_CREDIT, balance_cents=10_000).values_list("passport_id", flat=True))
    assert {p.passport_id for p in seekers} <= credited and len(credited & {p.passport_id for p in others}) == 1
    with pytest.raises(FundError, match="al uitgevoerd"):
        services.carry_out_allocation(round_, user=admin)
    assert Transfer.objects.filter(kind=TransferKind.GRANT).count() == 3
    assert services.check_ledger() == []


def test_low_educated_means_no_education_or_at_most_level_2(admin):
    budget = make_budget(priority_rules=["low_educated"])
    services.deposit(budget, 10_000, key="dep")
    high, low = people(2, target_groups=["in_technology"])
    Education.objects.create(passport=high.passport, title="Bachelor", nlqf_level=6)
    Education.objects.create(passport=low.passport, title="Entree", nlqf_level=1)
    round_ = services.preview_allocation(budget, amount_cents=10_000, rule={}, user=admin)
    rows = services.allocation_preview_rows(round_)
    assert rows[0]["participant"] == low and rows[0]["served"]


def test_the_round_rule_narrows_the_budget(admin):
    budget = make_budget()
    services.deposit(budget, 100_000, key="dep")
    young = participant(make_passport(), birth_date=date(2002, 1, 1))
    participant(make_passport("GM0363"), birth_date=date(2002, 1, 1))
    participant(make_passport(), birth_date=date(1950, 1, 1))
    round_ = services.preview_allocation(budget, amount_cents=1_000, rule={"municipalities": ["GM0361"], "age_max": 30}, user=admin)
    assert round_.eligible_count == 1
    assert [row["participant"] for row in services.allocation_preview_rows(round_)] == [young]


@pytest.mark.parametrize(
    "amount, rule, message",
    [
        (0, {}, "positief aantal centen"),
        (100, {"colour": "blue"}, "Onbekende regel: colour"),
        (100, {"age_min": 40, "age_max": 30}, "minimumleeftijd"),
        (100, {"regions": "AM15"}, "lijst van codes"),
    ],
)
def test_bad_rounds_are_refused(admin, amount, rule, message):
    budget = make_budget()
    with pytest.raises(FundError, match=message):
        services.preview_allocation(budget, amount_cents=amount, rule=rule, user=admin)
    assert not AllocationRound.objects.exists()


def test_only_fund_admins_allocate():
    with pytest.raises(FundError, match="fondsbeheerder"):
        services.preview_allocation(make_budget(), amount_cents=100, rule={}, user=user_with(Role.COACH))


def test_grant_to_participant_keeps_the_yearly_cap(admin):
    budget = make_budget(yearly_cap_cents=15_000)
    services.deposit(budget, 100_000, key="dep")
    (person,) = people(1)
    services.grant_to_participant(budget, person, 10_000, user=admin, key="a")
    with pytest.raises(FundError, match="maximum van 15000 cent per persoon per jaar"):
        services.grant_to_participant(budget, person, 10_000, user=admin, key="b")
    assert services.check_ledger() == []

"""Spending reports: the figures a fund administrator sees add up to the ledger, per budget, region, target group,
offering, provider and month, and small numbers of persons are not shown."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from loket.fund import ledger, reports, services
from loket.fund.models import Participant, Transfer
from loket.fund.services import FundError
from loket.fund.services import reports as report_service

from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db
GROUPS = ("budget", "region", "offering", "provider", "month")


def participant(passport, target_groups):
    Participant.objects.create(
        passport=passport, birth_date=date(1980, 1, 1), target_groups=target_groups, address_key=f"1811AB-{passport.pk}", consent_at=timezone.now()
    )


@pytest.fixture
def world():
    """Two budgets; persons in Alkmaar (Noord-Holland Noord) and Amsterdam (Groot Amsterdam); holds that are paid,
    partly paid, released, refunded and still open."""
    first, second = make_budget(), make_budget()
    services.deposit(first, 2_000_000, key="dep-1")
    services.deposit(second, 1_000_000, key="dep-2")
    cheap, dear = make_offering(price_cents=30_000), make_offering(price_cents=80_000)
    alkmaar = [make_passport("GM0361") for _ in range(3)]
    amsterdam = [make_passport("GM0363") for _ in range(2)]
    participant(alkmaar[0], ["job_seeker", "side_entrant"])
    participant(alkmaar[1], ["job_seeker"])
    participant(amsterdam[0], [])
    # alkmaar[2] and amsterdam[1] never applied: no target groups known.
    people = alkmaar + amsterdam
    for number, passport in enumerate(people):
        services.grant(first, passport, 100_000, key=f"g1-{number}")
    services.grant(second, amsterdam[0], 90_000, key="g2-0")
    paid = services.hold(first, alkmaar[0], dear, key="h-paid")
    services.post(paid, key="p-paid")
    services.refund(Transfer.objects.get(idempotency_key="p-paid"), 10_000, key="r-paid")
    part = services.hold(first, alkmaar[1], cheap, key="h-part")
    services.post(part, 12_000, key="p-part")  # 18,000 still reserved
    released = services.hold(first, amsterdam[1], cheap, key="h-released")
    services.void(released, key="v-released")
    services.hold(second, amsterdam[0], dear, key="h-open")  # 80,000 reserved
    services.hold(first, alkmaar[2], cheap, key="h-open-2")  # 30,000 reserved
    return {"budgets": (first, second), "offerings": (cheap, dear), "alkmaar": alkmaar, "amsterdam": amsterdam}


def ledger_totals():
    accounts, _transfers, entries = services.load_ledger()[:3]
    return ledger.budget_totals(accounts, entries)


def summed(rows, name):
    return sum(row[name] for row in rows)


def test_per_budget_reserved_and_spent_equal_the_ledger(world):
    first, second = world["budgets"]
    rows = {row["key"]: row for row in report_service.spending("budget")}
    expected = ledger_totals()
    for budget in (first, second):
        assert rows[budget.pk]["reserved_cents"] == expected[budget.pk]["reserved"]
        assert rows[budget.pk]["spent_cents"] == expected[budget.pk]["spent"]
        assert rows[budget.pk]["label"] == budget.name
    assert rows[first.pk]["granted_cents"] == 500_000 and rows[second.pk]["granted_cents"] == 90_000
    assert rows[first.pk]["spent_cents"] == 80_000 + 12_000 - 10_000 and rows[first.pk]["refunded_cents"] == 10_000
    assert rows[first.pk]["reserved_cents"] == 18_000 + 30_000 and rows[second.pk]["reserved_cents"] == 80_000
    assert rows[first.pk]["enrolments"] == 4 and rows[first.pk]["persons"] == 5 and rows[second.pk]["persons"] == 1


@pytest.mark.parametrize("group_by", GROUPS)
def test_every_grouping_adds_up_to_the_totals(world, group_by):
    rows = report_service.spending(group_by)
    total = report_service.totals()
    for name in reports.MONEY + ("enrolments",):
        assert summed(rows, name) == total[name], name
    assert total["granted_cents"] == 590_000 and total["persons"] == 5 and total["enrolments"] == 5


def test_by_region_uses_the_home_municipalitys_labour_market_region(world):
    rows = {row["label"]: row for row in report_service.spending("region")}
    assert set(rows) == {"Noord-Holland Noord", "Groot Amsterdam"}
    assert rows["Noord-Holland Noord"]["granted_cents"] == 300_000 and rows["Noord-Holland Noord"]["persons"] == 3
    assert rows["Groot Amsterdam"]["granted_cents"] == 290_000 and rows["Groot Amsterdam"]["reserved_cents"] == 80_000


def test_by_provider_and_offering_grants_sit_in_their_own_row(world):
    cheap, dear = world["offerings"]
    rows = {row["key"]: row for row in report_service.spending("provider")}
    assert rows[None]["granted_cents"] == 590_000 and rows[None]["label"] == "Geen opleider (toekenningen)"
    assert rows[dear.course.provider_id]["spent_cents"] == 70_000 and rows[dear.course.provider_id]["enrolments"] == 2
    offering_rows = {row["key"]: row for row in report_service.spending("offering")}
    assert offering_rows[cheap.pk]["reserved_cents"] == 48_000 and offering_rows[cheap.pk]["enrolments"] == 3
    assert offering_rows[cheap.pk]["label"].startswith("Monteur windturbines (")


def test_by_target_group_a_person_in_two_groups_counts_in_both_and_the_unknown_under_geen(world):
    rows = {row["key"]: row for row in report_service.spending("target_group")}
    assert set(rows) == {"job_seeker", "side_entrant", "geen"}
    assert rows["job_seeker"]["persons"] == 2 and rows["side_entrant"]["persons"] == 1 and rows["geen"]["persons"] == 3
    assert rows["job_seeker"]["granted_cents"] == 200_000 and rows["side_entrant"]["spent_cents"] == 70_000
    assert rows["geen"]["label"] == "Geen doelgroep" and rows["job_seeker"]["label"] == "Werkzoekende"
    # More than the total: alkmaar[0] is in two groups.
    assert summed(rows.values(), "granted_cents") == report_service.totals()["granted_cents"] + 100_000


def test_by_month_and_a_period_filter(world):
    first, _second = world["budgets"]
    last_month = timezone.make_aware(datetime(2026, 1, 15, 12))
    Transfer.objects.filter(idempotency_key__in=["g1-0", "g1-1"]).update(created_at=last_month)
    rows = {row["key"]: row for row in report_service.spending("month")}
    this_month = timezone.localdate().strftime("%Y-%m")
    assert rows["2026-01"]["granted_cents"] == 200_000 and rows[this_month]["granted_cents"] == 390_000
    assert list(rows) == sorted(rows)
    january = report_service.totals(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    assert january["granted_cents"] == 200_000 and january["spent_cents"] == 0 and january["persons"] == 2
    recent = report_service.spending("budget", date_from=timezone.localdate() - timedelta(days=1), budget=first)
    assert [row["key"] for row in recent] == [first.pk] and recent[0]["granted_cents"] == 300_000


def test_bad_grouping_or_period_is_refused_in_dutch(world):
    with pytest.raises(FundError, match="Onbekende indeling"):
        report_service.spending("person")
    with pytest.raises(FundError, match="begindatum ligt na de einddatum"):
        report_service.spending("budget", date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))


def test_small_numbers_of_persons_are_not_shown(world):
    assert [reports.suppress(n) for n in (0, 1, 9, 10, 250)] == [0, "< 10", "< 10", 10, 250]
    rows = report_service.spending("budget")
    assert {row["persons_shown"] for row in rows} == {"< 10"}

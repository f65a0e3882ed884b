"""The KPIs about people: skills passports in use, coverage of the inhabitants, findable, consent given; and the
development fund (persons with credit, granted, reserved, spent, vouchers), which must agree with the fund's own
spending reports."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from loket.fund import services as fund
from loket.fund.models import Transfer
from loket.fund.services import reports as fund_reports
from loket.generator.data import POPULATION
from loket.geography.models import Region
from loket.monitor.kpis import KPIS
from loket.passport.models import Consent

from ..fund.people import participant, user_with
from ..fund.world import make_budget, make_offering, make_passport
from .kpi_world import ALKMAAR, AMSTERDAM, GROOT_AMSTERDAM, HAARLEM, NOORD, cell, employer, passport, today, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def passports():
    made = [passport(ALKMAAR, findable=True), passport(ALKMAAR), passport(AMSTERDAM, findable=True), passport(None)]
    passport(HAARLEM, skills=0, findable=True)  # an empty passport is not in use, but it is findable
    return made


def test_passports_in_use(passports):
    rows = KPIS["passports_in_use"].collect(today())
    assert value(rows) == 4 and cell(rows)["persons"] == 4
    assert value(rows, "region", NOORD) == 2 and value(rows, "municipality", AMSTERDAM) == 1
    assert value(rows, "municipality", HAARLEM) == 0


def test_passport_coverage_of_the_inhabitants(passports):
    rows = KPIS["passport_coverage"].collect(today())
    total = cell(rows)
    assert total["numerator"] == 4 and total["denominator"] == sum(POPULATION.values())
    assert value(rows, "municipality", ALKMAAR) == pytest.approx(2 / POPULATION[ALKMAAR])
    # The people behind the share are the passport holders, not the inhabitants.
    assert cell(rows, "municipality", ALKMAAR)["persons"] == 2


def test_persons_findable(passports):
    rows = KPIS["persons_findable"].collect(today())
    assert value(rows) == 3 and value(rows, "region", NOORD) == 1 and value(rows, "municipality", HAARLEM) == 1


def test_persons_with_an_active_consent(passports):
    organisation = employer()
    alkmaar, alkmaar_2, amsterdam, _nowhere = passports
    Consent.objects.create(passport=alkmaar, organisation=organisation, purpose="coaching", sections=["skills"])
    Consent.objects.create(passport=alkmaar, organisation=employer(), purpose="coaching", sections=["skills"])  # same person twice
    Consent.objects.create(passport=alkmaar_2, organisation=organisation, purpose="coaching", sections=["skills"], revoked_at=timezone.now())
    Consent.objects.create(
        passport=amsterdam, organisation=organisation, purpose="coaching", sections=["skills"], expires_at=timezone.now() - timedelta(days=1)
    )
    rows = KPIS["persons_with_consent"].collect(today())
    assert value(rows) == 1 and value(rows, "municipality", ALKMAAR) == 1 and value(rows, "region", GROOT_AMSTERDAM) == 0


@pytest.fixture
def ledger():
    """Two budgets; five persons in Alkmaar and Amsterdam, some applied with target groups; holds paid, partly paid,
    released, refunded and open; vouchers issued and one used (the fund's own report test world, plus vouchers)."""
    first, second = make_budget(), make_budget()
    fund.deposit(first, 2_000_000, key="dep-1")
    fund.deposit(second, 1_000_000, key="dep-2")
    cheap, dear = make_offering(price_cents=30_000), make_offering(price_cents=80_000)
    alkmaar = [make_passport(ALKMAAR) for _ in range(3)]
    amsterdam = [make_passport(AMSTERDAM) for _ in range(2)]
    participant(alkmaar[0], target_groups=["job_seeker", "side_entrant"])
    participant(alkmaar[1], target_groups=["job_seeker"])
    participant(amsterdam[0], target_groups=[])
    for number, person in enumerate(alkmaar + amsterdam):
        fund.grant(first, person, 100_000, key=f"g1-{number}")
    fund.grant(second, amsterdam[0], 90_000, key="g2-0")
    paid = fund.hold(first, alkmaar[0], dear, key="h-paid")
    fund.post(paid, key="p-paid")
    fund.refund(Transfer.objects.get(idempotency_key="p-paid"), 10_000, key="r-paid")
    part = fund.hold(first, alkmaar[1], cheap, key="h-part")
    fund.post(part, 12_000, key="p-part")
    released = fund.hold(first, amsterdam[1], cheap, key="h-released")
    fund.void(released, key="v-released")
    fund.hold(second, amsterdam[0], dear, key="h-open")
    fund.hold(first, alkmaar[2], cheap, key="h-open-2")
    coach = user_with("coach")
    expires = date.today() + timedelta(days=60)
    fund.issue_voucher(first, alkmaar[1], kind="training", value_cents=20_000, expires_on=expires, user=coach, key="v-1")
    fund.issue_voucher(first, amsterdam[0], kind="training", value_cents=25_000, expires_on=expires, user=coach, key="v-2")
    withdrawn = fund.issue_voucher(second, amsterdam[0], kind="guidance", value_cents=5_000, expires_on=expires, user=coach, key="v-3")
    fund.withdraw_voucher(withdrawn, user=coach, key="w-3")  # its value goes back: granted minus 5,000
    offering = make_offering(price_cents=15_000)
    fund.enrol(alkmaar[1], offering, price_cents=15_000, key="e-voucher", user=alkmaar[1].user)  # pays with voucher v-1
    return {"budgets": (first, second), "alkmaar": alkmaar, "amsterdam": amsterdam}


def euros(cents):
    return cents / 100


def test_fund_money_equals_the_funds_own_report(ledger):
    report = fund_reports.totals()
    assert value(KPIS["fund_granted"].collect(today())) == euros(report["granted_cents"])
    assert value(KPIS["fund_reserved"].collect(today())) == euros(report["reserved_cents"])
    assert value(KPIS["fund_spent"].collect(today())) == euros(report["spent_cents"])
    assert cell(KPIS["fund_granted"].collect(today()))["persons"] == report["persons"]


@pytest.mark.parametrize("group_by, dimension", [("budget", "budget"), ("region", "region"), ("target_group", "target_group")])
def test_fund_breakdowns_equal_the_funds_own_report(ledger, group_by, dimension):
    granted, reserved, spent = (KPIS[code].collect(today()) for code in ("fund_granted", "fund_reserved", "fund_spent"))
    for row in fund_reports.spending(group_by):
        if row["key"] is None:
            continue
        # The fund's report keys regions by id, the monitor by CBS code.
        key = Region.objects.get(pk=row["key"]).code if dimension == "region" else str(row["key"])
        assert value(granted, dimension, key) == euros(row["granted_cents"]), key
        assert value(reserved, dimension, key) == euros(row["reserved_cents"]), key
        assert value(spent, dimension, key) == euros(row["spent_cents"]), key
        assert cell(granted, dimension, key)["persons"] == row["persons"], key


def test_fund_figures_by_hand(ledger):
    first, second = ledger["budgets"]
    granted = KPIS["fund_granted"].collect(today())
    # Credit 5 × 1,000 + 900; vouchers 200 + 250 + 50: the withdrawn one's 50 went back, and so did the 50 the
    # 150 course left unused of the 200 voucher.
    assert value(granted) == 5_000 + 900 + 200 + 250 + 50 - 50 - 50
    assert value(granted, "budget", str(second.pk)) == 900
    assert value(granted, "target_group", "side_entrant") == 1_000
    assert value(granted, "target_group", "geen") == 1_000 + 1_000 + 900 + 1_000 + 250  # amsterdam[0] applied without groups
    spent = KPIS["fund_spent"].collect(today())
    assert value(spent) == 800 - 100 + 120
    accounts = KPIS["fund_accounts"].collect(today())
    assert value(accounts) == 5 and value(accounts, "region", NOORD) == 3 and value(accounts, "budget", str(second.pk)) == 1
    assert value(accounts, "target_group", "job_seeker") == 2


def test_vouchers_issued_and_used(ledger):
    first, second = ledger["budgets"]
    issued = KPIS["vouchers_issued"].collect(today())
    assert value(issued) == 3 and cell(issued)["persons"] == 2
    assert value(issued, "budget", str(second.pk)) == 1 and value(issued, "region", NOORD) == 1
    used = KPIS["vouchers_used"].collect(today())
    assert value(used) == 1 and value(used, "target_group", "job_seeker") == 1 and value(used, "region", GROOT_AMSTERDAM) == 0

"""Fraud signals: each fires on its planted pattern, explains it with the figures, and stays quiet on a normal pattern.
The last tests load a small fund world from the database and review signals as a fund administrator would."""

import itertools
from datetime import date, timedelta

import pytest

from loket.fund import fraud

TODAY = date(2026, 11, 20)
PROVIDERS = {1: "Snelcursus BV", 2: "ROC Kennemerland", 3: "Techniek Academie"}
BUDGETS = {10: {"name": "STAP-achtig budget", "max_price_cents": None}, 11: {"name": "Regiobudget", "max_price_cents": 200_000}}
_ids = itertools.count(1)


def enrolment(provider_id=2, price_cents=60_000, *, days_ago=30, budget_id=10, person=None, address=None, offering_id=None,
              status="started", attendance=None):  # fmt: skip
    number = next(_ids)
    return {
        "id": number, "passport_id": person or number, "address_key": address or f"1011AB-{number}",
        "offering_id": offering_id or 1000 + provider_id, "provider_id": provider_id, "budget_id": budget_id,
        "price_cents": price_cents, "status": status, "attendance_percent": attendance, "enrolled_on": TODAY - timedelta(days=days_ago),
    }  # fmt: skip


def offering(offering_id, provider_id, price_cents, hours=100, skills=(1, 2, 3), title="Lassen MIG/MAG"):
    return {
        "id": offering_id, "provider_id": provider_id, "title": title, "price_cents": price_cents, "study_hours": hours,
        "skills": frozenset(skills), "cancelled": False,
    }  # fmt: skip


def normal_enrolments():
    """Three providers with prices spread out and a steady few enrolments a week."""
    prices = [35_000, 42_000, 55_000, 61_000, 70_000, 78_000, 84_000, 90_000]
    rows = []
    for provider_id in (2, 3):
        for week in range(12):
            for k in range(2):
                price = prices[(week + k) % len(prices)]
                rows.append(enrolment(provider_id, price, days_ago=week * 7 + k, offering_id=provider_id * 1_000_000 + price))
    return rows


def detect(enrolments=(), offerings=(), today=TODAY):
    return fraud.detect(list(enrolments), list(offerings), PROVIDERS, BUDGETS, today=today)


def codes(signals):
    return {(signal.code, signal.subject) for signal in signals}


def test_a_normal_fund_gives_no_signals():
    offerings = [offering(1, 1, 80_000), offering(2, 2, 95_000), offering(3, 3, 110_000), offering(4, 3, 70_000, hours=115)]
    assert detect(normal_enrolments(), offerings) == []


def test_prices_clustering_just_under_the_stap_ceiling_name_the_provider_the_band_and_the_budget():
    planted = [enrolment(1, price, days_ago=day * 3) for day, price in enumerate([99_900, 99_500, 98_000, 97_500, 99_000, 95_000, 60_000])]
    signals = [s for s in detect(normal_enrolments() + planted) if s.code == "price_near_ceiling"]
    assert [s.subject for s in signals] == ["provider:1"]
    signal = signals[0]
    assert signal.figures["near"] == 6 and signal.figures["total"] == 7
    assert "6 van 7 inschrijvingen bij opleider Snelcursus BV liggen tussen" in signal.explanation
    assert "950,00" in signal.explanation and "1.000,00" in signal.explanation and "STAP-achtig budget" in signal.explanation
    assert signal.severity == fraud.HIGH  # 86 % in the band


def test_the_budgets_own_ceiling_counts_and_few_near_it_is_not_a_signal():
    # Just under €1,000 is nothing special for a budget whose ceiling is €2,000 ...
    under_stap = [enrolment(1, 99_500, budget_id=11, days_ago=d * 5) for d in range(6)]
    assert "price_near_ceiling" not in {s.code for s in detect(normal_enrolments() + under_stap)}
    # ... but €1,900–€2,000 is.
    under_own = [enrolment(1, 199_000, budget_id=11, days_ago=d * 5) for d in range(6)]
    signal = next(s for s in detect(normal_enrolments() + under_own) if s.code == "price_near_ceiling")
    assert "1.900,00" in signal.explanation and "2.000,00" in signal.explanation and "Regiobudget" in signal.explanation
    # Four near the ceiling stay under the minimum count of five.
    few = [enrolment(1, 99_500, days_ago=d * 5) for d in range(4)]
    assert "price_near_ceiling" not in {s.code for s in detect(normal_enrolments() + few)}


def test_a_whole_budget_clustering_under_its_ceiling_is_a_signal_even_when_every_provider_does_it():
    rows = [enrolment(provider_id, 99_000, days_ago=d * 4) for provider_id in (1, 2, 3) for d in range(5)]
    signals = detect(rows)
    assert ("budget_near_ceiling", "budget:10") in codes(signals)
    # Every provider is at the ceiling, so none stands out against the others.
    assert not any(s.code == "price_near_ceiling" for s in signals)


def test_one_provider_enrolling_many_people_in_a_week_against_its_own_usual_weeks():
    burst = [enrolment(3, 60_000, days_ago=d % 7) for d in range(14)]
    signals = [s for s in detect(normal_enrolments() + burst) if s.code == "enrolment_burst"]
    assert [s.subject for s in signals] == ["provider:3"]
    assert signals[0].figures["count"] == 16 and signals[0].figures["median"] == 2
    assert "16 mensen" in signals[0].explanation and "2 inschrijvingen" in signals[0].explanation


def test_a_busy_week_that_is_usual_for_a_big_provider_or_a_small_rise_is_no_burst():
    steady_big = [enrolment(1, 60_000, days_ago=d) for d in range(0, 84) for _k in range(3)]  # ~21 a week, every week
    small_rise = [enrolment(2, 60_000, days_ago=d) for d in range(6)]
    assert not any(s.code == "enrolment_burst" for s in detect(steady_big + small_rise))


def test_many_persons_enrolling_from_one_address():
    planted = [enrolment(1, 60_000, days_ago=d * 10, address="1011AB-12") for d in range(5)]
    signals = [s for s in detect(normal_enrolments() + planted) if s.code == "many_per_address"]
    assert [s.subject for s in signals] == ["address:1011AB-12"]
    assert "5 personen" in signals[0].explanation and "1 opleider(s)" in signals[0].explanation
    assert signals[0].severity == fraud.HIGH  # all at one provider


def test_a_family_of_three_or_an_old_address_cluster_is_not_flagged():
    family = [enrolment(2, 60_000, days_ago=d, address="2000AA-1") for d in range(3)]
    long_ago = [enrolment(2, 60_000, days_ago=200 + d, address="2000AA-2") for d in range(8)]
    assert not any(s.code == "many_per_address" for s in detect(family + long_ago))


def test_an_offering_priced_far_above_others_teaching_the_same_skills_in_the_same_hours():
    offerings = [
        offering(1, 1, 400_000, hours=100), offering(2, 2, 90_000, hours=110), offering(3, 3, 100_000, hours=90),
        offering(4, 3, 300_000, hours=300),  # other hours: not a peer
        offering(5, 2, 95_000, hours=100, skills=(1, 2)),  # other skills: not a peer
    ]  # fmt: skip
    signals = [s for s in detect(offerings=offerings) if s.code == "price_outlier"]
    assert [s.subject for s in signals] == ["offering:1"]
    assert "4.000,00" in signals[0].explanation and "1.000,00" in signals[0].explanation
    assert signals[0].figures["peers"] == 2


def test_same_hours_means_within_twenty_percent_either_way():
    inside = [offering(1, 1, 400_000, hours=100), offering(2, 2, 90_000, hours=120), offering(3, 3, 90_000, hours=80)]
    outside = [offering(1, 1, 400_000, hours=100), offering(2, 2, 90_000, hours=121), offering(3, 3, 90_000, hours=79)]
    assert [s.subject for s in detect(offerings=inside) if s.code == "price_outlier"] == ["offering:1"]
    assert not any(s.code == "price_outlier" for s in detect(offerings=outside))


def test_no_outlier_without_enough_peers_or_below_twice_the_median():
    too_few = [offering(1, 1, 400_000), offering(2, 2, 90_000)]
    own_repeats = [offering(1, 1, 400_000), offering(2, 1, 400_000), offering(3, 2, 90_000)]  # the provider's own copies are no peers
    modest = [offering(1, 1, 190_000), offering(2, 2, 100_000), offering(3, 3, 100_000)]
    for offerings in (too_few, own_repeats, modest):
        assert not any(s.code == "price_outlier" for s in detect(offerings=offerings))


def test_completions_without_attendance_per_provider():
    planted = [
        enrolment(1, status="completed", attendance=None), enrolment(1, status="completed", attendance=5),
        enrolment(1, status="completed", attendance=90), enrolment(2, status="completed", attendance=10),
        enrolment(3, status="completed", attendance=85), enrolment(3, status="completed", attendance=20),
    ]  # fmt: skip
    signals = [s for s in detect(planted) if s.code == "completion_without_attendance"]
    assert [s.subject for s in signals] == ["provider:1"]  # provider 2 has one (a typo?), provider 3 has 20 % and 85 %
    assert "2 van 3 afgeronde inschrijvingen bij opleider Snelcursus BV" in signals[0].explanation


def test_a_price_raised_after_people_enrolled_at_the_old_price():
    rows = [enrolment(1, 60_000, days_ago=30, offering_id=7), enrolment(1, 60_000, days_ago=25, offering_id=7)]
    rows += [enrolment(1, 85_000, days_ago=10, offering_id=7)]
    rows += [enrolment(2, 60_000, days_ago=d, offering_id=8) for d in (30, 20)]
    offerings = [offering(7, 1, 95_000, skills=()), offering(8, 2, 63_000, skills=())]  # 8: +5 %, under the 10 % minimum
    signals = [s for s in detect(rows, offerings) if s.code == "price_raised"]
    assert [s.subject for s in signals] == ["offering:7"]
    assert "600,00" in signals[0].explanation and "950,00" in signals[0].explanation and "+58 %" in signals[0].explanation


# --- the ORM loader and reviews, on a small fund world --------------------------------------------------------------

from loket.accounts.roles import Role  # noqa: E402
from loket.catalog.models import Provider  # noqa: E402
from loket.fund import services  # noqa: E402
from loket.fund.models import AuditLog, Enrolment, Participant, SignalReview  # noqa: E402
from loket.fund.services import FundError, signals  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from .world import make_budget, make_offering, make_passport  # noqa: E402


@pytest.fixture
def fund_world(db):
    """Six persons at one address enrol with one provider at €990 each; one completes without attendance."""
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    near = make_offering(price_cents=99_000)
    normal = make_offering(price_cents=40_000)
    holds = []
    for number in range(6):
        passport = make_passport()
        Participant.objects.create(passport=passport, birth_date=date(1990, 1, 1), address_key="1011AB-12", consent_at=timezone.now())
        services.grant(budget, passport, 150_000, key=f"grant-{number}")
        holds.append(services.hold(budget, passport, near, key=f"hold-{number}"))
        services.hold(budget, passport, normal, key=f"hold-normal-{number}")
    for number, held in enumerate(holds[:3]):
        services.post(held, key=f"post-{number}")
    Enrolment.objects.filter(pk__in=[holds[0].enrolment_id, holds[1].enrolment_id]).update(status="completed", attendance_percent=0)
    return near.course.provider, budget


def test_current_signals_load_the_world_in_a_few_queries_and_attach_the_latest_review(fund_world, make_user):
    provider, _budget = fund_world
    with CaptureQueriesContext(connection) as queries:
        found = signals.current_signals()
    assert len(queries) <= 6
    found_codes = codes(found)
    assert ("many_per_address", "address:1011AB-12") in found_codes
    assert ("completion_without_attendance", f"provider:{provider.pk}") in found_codes
    assert ("price_near_ceiling", f"provider:{provider.pk}") in found_codes
    assert all(signal.review is None for signal in found)
    admin = make_user(role=Role.FUND_ADMIN, email="beheer@example.nl")
    signals.review_signal("many_per_address", "address:1011AB-12", verdict="investigate", note="Bellen", user=admin)
    later = signals.review_signal("many_per_address", "address:1011AB-12", verdict="fine", note="Studentenhuis", user=admin)
    again = {(s.code, s.subject): s for s in signals.current_signals()}
    assert again[("many_per_address", "address:1011AB-12")].review == later
    assert again[("price_near_ceiling", f"provider:{provider.pk}")].review is None


def test_blocking_a_provider_withdraws_its_approval_audited_and_it_can_no_longer_be_paid(fund_world, make_user):
    provider, budget = fund_world
    admin = make_user(role=Role.FUND_ADMIN, email="beheer@example.nl")
    review = signals.review_signal("price_near_ceiling", f"provider:{provider.pk}", verdict="blocked", note="STAP-patroon", user=admin)
    assert review.reviewed_by == admin and review.verdict == SignalReview.Verdict.BLOCKED
    assert Provider.objects.get(pk=provider.pk).approved is False
    actions = set(AuditLog.objects.filter(user=admin).values_list("action", flat=True))
    assert actions == {"signal_review", "provider_blocked"}
    offering = provider.courses.get().offerings.get()
    with pytest.raises(FundError, match="niet goedgekeurd"):
        services.hold(budget, make_passport(), offering, key="after-block")


@pytest.mark.parametrize(
    "code, subject, verdict, message",
    [
        ("made_up", "provider:1", "fine", "Onbekend signaal"),
        ("price_near_ceiling", "iemand", "fine", "Onbekend onderwerp"),
        ("price_near_ceiling", "provider:1", "maybe", "Kies een oordeel"),
        ("many_per_address", "address:1011AB-12", "blocked", "Alleen een opleider"),
        ("price_near_ceiling", "provider:999999", "blocked", "Alleen een opleider"),
    ],
)
def test_bad_reviews_are_refused_in_dutch_and_change_nothing(fund_world, make_user, code, subject, verdict, message):
    provider, _budget = fund_world
    admin = make_user(role=Role.FUND_ADMIN, email="beheer@example.nl")
    audit_before = AuditLog.objects.count()
    with pytest.raises(FundError, match=message):
        signals.review_signal(code, subject, verdict=verdict, note="", user=admin)
    assert SignalReview.objects.count() == 0 and AuditLog.objects.count() == audit_before
    assert Provider.objects.get(pk=provider.pk).approved is True


def test_only_a_fund_administrator_reviews_signals(fund_world, make_user):
    provider, _budget = fund_world
    coach = make_user(role=Role.COACH, email="coach@example.nl")
    with pytest.raises(FundError, match="Alleen een fondsbeheerder"):
        signals.review_signal("price_near_ceiling", f"provider:{provider.pk}", verdict="blocked", note="", user=coach)
    assert Provider.objects.get(pk=provider.pk).approved is True and SignalReview.objects.count() == 0

"""Fraud signals for the fund's administrators, on plain data (no ORM): the STAP-budget's lessons.

The STAP budget (2022–2023) was stopped after misuse by providers: prices raised to just under the
€1,000 ceiling, many people enrolled at once, courses "completed" without anyone attending. Each
signal here looks for one such pattern and explains itself in a Dutch sentence with the figures that
triggered it. A signal is a reason to look, never a verdict: a fund administrator reviews it
(``services.signals.review_signal``).

Inputs, as ``services.signals.load`` builds them in bulk:

- enrolment: ``{"id", "passport_id", "address_key" (or None), "offering_id", "provider_id", "budget_id",
  "price_cents" (the catalogue price at enrolment), "status", "attendance_percent" (or None),
  "enrolled_on" (a date)}``
- offering: ``{"id", "provider_id", "title", "price_cents" (now), "study_hours", "skills" (frozenset of
  skill ids), "cancelled"}``
- providers: ``{provider_id: name}``; budgets: ``{budget_id: {"name", "max_price_cents" (or None)}}``
"""

import statistics
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from loket.catalog.templatetags.catalog import euros

HIGH = "high"
MEDIUM = "medium"

# STAP paid at most €1,000 per person per year; a budget without its own ceiling is watched against that.
STAP_CEILING_CENTS = 100_000
# "Just under" the ceiling: STAP prices crept to €950–€999, i.e. within 5 % below it.
NEAR_CEILING_PERCENT = 5
# A handful of enrolments in that band is normal; only a pattern of at least this many is worth a look.
NEAR_CEILING_MIN_COUNT = 5
# At least half of the provider's enrolments in the band, and ...
NEAR_CEILING_MIN_SHARE = 0.5
# ... at least three times the share the other providers have there (never less than the band's own
# width: evenly spread prices put 5 % of enrolments in a 5 % band).
NEAR_CEILING_RATIO = 3
# For a whole budget there is nobody to compare with: a quarter of all enrolments in a 5 % band is five
# times what evenly spread prices give, and about what STAP saw at €999.
BUDGET_NEAR_CEILING_MIN_COUNT = 10
BUDGET_NEAR_CEILING_MIN_SHARE = 0.25

# Enrolments per provider per week, against the median of its own previous weeks.
BURST_WINDOW_DAYS = 7
BURST_BASELINE_WEEKS = 8  # two months of history: long enough for a median, short enough to follow growth
BURST_LOOKBACK_WEEKS = 4  # bursts older than this have been seen (or paid) already
BURST_MIN_COUNT = 10  # a small provider going from 1 to 4 a week is not a campaign
BURST_FACTOR = 3  # three times its usual week; a new provider's usual week counts as 1

# Many persons enrolling from one address: an average Dutch household has ~2.1 persons.
ADDRESS_WINDOW_DAYS = 90
ADDRESS_MIN_PERSONS = 4
ADDRESS_MIN_ENROLMENTS = 6

# Offerings teaching the same skills in about the same hours.
OUTLIER_HOURS_TOLERANCE = 0.20
OUTLIER_MIN_GROUP = 3  # a median of two prices says little
OUTLIER_FACTOR = 2

# Completions with (almost) nobody there: attendance unknown or below this, per provider.
LOW_ATTENDANCE_PERCENT = 20
LOW_ATTENDANCE_MIN_COUNT = 2  # one may be a typing error; two is a habit

# A price raised once people had enrolled: enrolment proves what the catalogue price was then.
PRICE_RAISE_MIN_PERCENT = 10


@dataclass
class Signal:
    code: str
    subject: str  # "provider:<id>", "offering:<id>", "address:<key>", "budget:<id>"
    title: str
    explanation: str
    figures: dict
    severity: str  # HIGH or MEDIUM
    review: object = field(default=None, compare=False)  # the latest SignalReview, attached by the service


def detect(enrolments, offerings, providers, budgets, today=None):
    """Every signal in the data, high severity first, then by code and subject."""
    today = today or date.today()
    offerings_by_id = {offering["id"]: offering for offering in offerings}
    signals = [
        *price_near_ceiling(enrolments, providers, budgets),
        *budget_near_ceiling(enrolments, budgets),
        *enrolment_burst(enrolments, providers, today),
        *many_per_address(enrolments, providers, today),
        *price_outliers(offerings, providers),
        *completions_without_attendance(enrolments, providers),
        *price_raised(enrolments, offerings_by_id, providers),
    ]
    return sorted(signals, key=lambda signal: (signal.severity != HIGH, signal.code, signal.subject))


def ceiling_of(budget):
    return budget.get("max_price_cents") or STAP_CEILING_CENTS


def near_ceiling(price_cents, ceiling_cents):
    return ceiling_cents * (100 - NEAR_CEILING_PERCENT) <= price_cents * 100 <= ceiling_cents * 100


def _band(budget):
    ceiling = ceiling_of(budget)
    return euros(ceiling * (100 - NEAR_CEILING_PERCENT) // 100), euros(ceiling)


def _percent(share):
    return round(share * 100)


def price_near_ceiling(enrolments, providers, budgets):
    total, near = Counter(), Counter()
    near_by_budget = defaultdict(Counter)
    for enrolment in enrolments:
        budget = budgets.get(enrolment["budget_id"], {})
        total[enrolment["provider_id"]] += 1
        if near_ceiling(enrolment["price_cents"], ceiling_of(budget)):
            near[enrolment["provider_id"]] += 1
            near_by_budget[enrolment["provider_id"]][enrolment["budget_id"]] += 1
    all_total, all_near = sum(total.values()), sum(near.values())
    for provider_id, count in sorted(near.items()):
        share = count / total[provider_id]
        others_total = all_total - total[provider_id]
        others_share = (all_near - count) / others_total if others_total else 0.0
        expected = max(others_share, NEAR_CEILING_PERCENT / 100)
        if count < NEAR_CEILING_MIN_COUNT or share < NEAR_CEILING_MIN_SHARE or share < NEAR_CEILING_RATIO * expected:
            continue
        budget_id, _count = near_by_budget[provider_id].most_common(1)[0]
        budget = budgets.get(budget_id, {"name": str(budget_id)})
        low, high = _band(budget)
        figures = {
            "near": count, "total": total[provider_id], "share_percent": _percent(share),
            "others_share_percent": _percent(others_share), "band_low": low, "ceiling": high,
            "budget": budget["name"], "provider": providers.get(provider_id, str(provider_id)),
            "near_by_budget": {str(key): value for key, value in near_by_budget[provider_id].items()},
        }  # fmt: skip
        yield Signal(
            code="price_near_ceiling",
            subject=f"provider:{provider_id}",
            title=_("Prijzen net onder het plafond"),
            explanation=_(
                "%(near)s van %(total)s inschrijvingen bij opleider %(provider)s liggen tussen %(band_low)s en %(ceiling)s, "
                "het plafond van budget %(budget)s (%(share_percent)s %%; bij de andere opleiders %(others_share_percent)s %%)."
            ) % figures,
            figures=figures,
            severity=HIGH if share >= 0.8 else MEDIUM,
        )


def budget_near_ceiling(enrolments, budgets):
    total, near = Counter(), Counter()
    for enrolment in enrolments:
        budget = budgets.get(enrolment["budget_id"], {})
        total[enrolment["budget_id"]] += 1
        if near_ceiling(enrolment["price_cents"], ceiling_of(budget)):
            near[enrolment["budget_id"]] += 1
    for budget_id, count in sorted(near.items()):
        share = count / total[budget_id]
        if count < BUDGET_NEAR_CEILING_MIN_COUNT or share < BUDGET_NEAR_CEILING_MIN_SHARE:
            continue
        budget = budgets.get(budget_id, {"name": str(budget_id)})
        low, high = _band(budget)
        figures = {
            "near": count, "total": total[budget_id], "share_percent": _percent(share), "band_low": low, "ceiling": high,
            "budget": budget["name"], "expected_percent": NEAR_CEILING_PERCENT,
        }  # fmt: skip
        yield Signal(
            code="budget_near_ceiling",
            subject=f"budget:{budget_id}",
            title=_("Veel inschrijvingen net onder het plafond van een budget"),
            explanation=_(
                "%(near)s van %(total)s inschrijvingen op budget %(budget)s liggen tussen %(band_low)s en %(ceiling)s, "
                "het plafond (%(share_percent)s %%; bij gelijk verdeelde prijzen zou dat ongeveer %(expected_percent)s %% zijn)."
            ) % figures,
            figures=figures,
            severity=MEDIUM,
        )


def enrolment_burst(enrolments, providers, today):
    """Per provider, each of the last weeks against the median of the weeks before it."""
    weekly = defaultdict(Counter)  # provider -> weeks ago (0 = the last 7 days) -> enrolments
    horizon = BURST_LOOKBACK_WEEKS + BURST_BASELINE_WEEKS
    for enrolment in enrolments:
        weeks_ago = (today - enrolment["enrolled_on"]).days // BURST_WINDOW_DAYS
        if 0 <= weeks_ago < horizon:
            weekly[enrolment["provider_id"]][weeks_ago] += 1
    for provider_id, counts in sorted(weekly.items()):
        worst = None
        for week in range(BURST_LOOKBACK_WEEKS):
            count = counts.get(week, 0)
            median = statistics.median(counts.get(week + 1 + back, 0) for back in range(BURST_BASELINE_WEEKS))
            if count >= BURST_MIN_COUNT and count >= BURST_FACTOR * max(median, 1):
                if worst is None or count / max(median, 1) > worst[1] / max(worst[2], 1):
                    worst = (week, count, median)
        if worst is None:
            continue
        week, count, median = worst
        figures = {
            "count": count, "median": int(median) if median == int(median) else number_format(median, decimal_pos=1), "weeks": BURST_BASELINE_WEEKS, "days": BURST_WINDOW_DAYS,
            "weeks_ago": week, "provider": providers.get(provider_id, str(provider_id)),
        }  # fmt: skip
        yield Signal(
            code="enrolment_burst",
            subject=f"provider:{provider_id}",
            title=_("Ongewoon veel inschrijvingen in korte tijd"),
            explanation=_(
                "Opleider %(provider)s schreef in %(days)s dagen %(count)s mensen in (%(weeks_ago)s weken geleden; 0 is de "
                "afgelopen week), terwijl een gewone week in de %(weeks)s weken daarvoor %(median)s inschrijvingen had (mediaan)."
            ) % figures,
            figures=figures,
            severity=HIGH if count >= 2 * BURST_FACTOR * max(median, 1) else MEDIUM,
        )


def many_per_address(enrolments, providers, today):
    persons, count, provider_ids = defaultdict(set), Counter(), defaultdict(Counter)
    for enrolment in enrolments:
        key = enrolment.get("address_key")
        if key and 0 <= (today - enrolment["enrolled_on"]).days < ADDRESS_WINDOW_DAYS:
            persons[key].add(enrolment["passport_id"])
            count[key] += 1
            provider_ids[key][enrolment["provider_id"]] += 1
    for key in sorted(count):
        if len(persons[key]) < ADDRESS_MIN_PERSONS and count[key] < ADDRESS_MIN_ENROLMENTS:
            continue
        top_provider, top_count = provider_ids[key].most_common(1)[0]
        figures = {
            "address": key, "persons": len(persons[key]), "enrolments": count[key], "days": ADDRESS_WINDOW_DAYS,
            "providers": len(provider_ids[key]), "top_provider": providers.get(top_provider, str(top_provider)), "top_count": top_count,
        }  # fmt: skip
        yield Signal(
            code="many_per_address",
            subject=f"address:{key}",
            title=_("Veel inschrijvingen vanaf één adres"),
            explanation=_(
                "Vanaf adres %(address)s schreven %(persons)s personen zich in de afgelopen %(days)s dagen %(enrolments)s keer in, "
                "bij %(providers)s opleider(s); %(top_count)s keer bij %(top_provider)s."
            ) % figures,
            figures=figures,
            # All at one provider looks arranged by that provider rather than a family that likes learning.
            severity=HIGH if top_count == count[key] and len(persons[key]) >= ADDRESS_MIN_PERSONS else MEDIUM,
        )


def price_outliers(offerings, providers):
    """Offerings costing more than twice the median of offerings teaching the same skills in about the same hours.

    The peers are the offering itself and other providers' offerings (a provider's own repeats would hide its price).
    """
    by_skills = defaultdict(list)
    for offering in offerings:
        if offering["skills"] and not offering.get("cancelled"):
            by_skills[frozenset(offering["skills"])].append(offering)
    for group in by_skills.values():
        if len(group) < OUTLIER_MIN_GROUP:
            continue
        # Sorted by hours, so each offering's peers are one slice (a large catalogue has big groups).
        group.sort(key=lambda offering: offering["study_hours"])
        hours_sorted = [offering["study_hours"] for offering in group]
        for offering in group:
            hours = offering["study_hours"]
            low = bisect_left(hours_sorted, hours * (1 - OUTLIER_HOURS_TOLERANCE))
            high = bisect_right(hours_sorted, hours * (1 + OUTLIER_HOURS_TOLERANCE))
            peers = [offering] + [other for other in group[low:high] if other["provider_id"] != offering["provider_id"]]
            if len(peers) < OUTLIER_MIN_GROUP:
                continue
            median = statistics.median(peer["price_cents"] for peer in peers)
            if offering["price_cents"] <= OUTLIER_FACTOR * median:
                continue
            figures = {
                "title": offering["title"], "provider": providers.get(offering["provider_id"], str(offering["provider_id"])),
                "price": euros(offering["price_cents"]), "median": euros(round(median)), "peers": len(peers) - 1,
                "hours": hours, "skills": len(offering["skills"]), "factor": round(offering["price_cents"] / median, 1) if median else None,
            }  # fmt: skip
            yield Signal(
                code="price_outlier",
                subject=f"offering:{offering['id']}",
                title=_("Veel duurder dan vergelijkbaar aanbod"),
                explanation=_(
                    "%(title)s van %(provider)s kost %(price)s; %(peers)s aanbiedingen van andere opleiders die dezelfde "
                    "%(skills)s vaardigheden leren in ongeveer %(hours)s uur kosten in de mediaan %(median)s."
                ) % figures,
                figures=figures,
                severity=HIGH if offering["price_cents"] > 2 * OUTLIER_FACTOR * median else MEDIUM,
            )


def completions_without_attendance(enrolments, providers):
    completed, absent = Counter(), Counter()
    for enrolment in enrolments:
        if enrolment["status"] != "completed":
            continue
        completed[enrolment["provider_id"]] += 1
        attendance = enrolment.get("attendance_percent")
        if attendance is None or attendance < LOW_ATTENDANCE_PERCENT:
            absent[enrolment["provider_id"]] += 1
    for provider_id, count in sorted(absent.items()):
        if count < LOW_ATTENDANCE_MIN_COUNT:
            continue
        figures = {
            "count": count, "completed": completed[provider_id], "percent": LOW_ATTENDANCE_PERCENT,
            "provider": providers.get(provider_id, str(provider_id)),
        }  # fmt: skip
        yield Signal(
            code="completion_without_attendance",
            subject=f"provider:{provider_id}",
            title=_("Afgerond zonder aanwezigheid"),
            explanation=_(
                "%(count)s van %(completed)s afgeronde inschrijvingen bij opleider %(provider)s hebben geen aanwezigheid of "
                "minder dan %(percent)s %% aanwezigheid, terwijl er een verklaring voor de vaardigheden is uitgegeven."
            ) % figures,
            figures=figures,
            severity=HIGH if count * 2 >= completed[provider_id] else MEDIUM,
        )


def price_raised(enrolments, offerings_by_id, providers):
    """An offering whose price went up by at least PRICE_RAISE_MIN_PERCENT after people enrolled at the old price."""
    by_offering = defaultdict(list)
    for enrolment in enrolments:
        by_offering[enrolment["offering_id"]].append(enrolment)
    for offering_id, rows in sorted(by_offering.items()):
        rows.sort(key=lambda row: (row["enrolled_on"], row["id"]))
        first = rows[0]
        offering = offerings_by_id.get(offering_id)
        prices = [row["price_cents"] for row in rows] + ([offering["price_cents"]] if offering else [])
        highest = max(prices)
        if highest * 100 < first["price_cents"] * (100 + PRICE_RAISE_MIN_PERCENT):
            continue
        at_old = sum(1 for row in rows if row["price_cents"] == first["price_cents"])
        at_new = sum(1 for row in rows if row["price_cents"] == highest)
        title = offering["title"] if offering else str(offering_id)
        provider_id = first["provider_id"]
        figures = {
            "title": title, "provider": providers.get(provider_id, str(provider_id)), "old_price": euros(first["price_cents"]),
            "new_price": euros(highest), "at_old": at_old, "at_new": at_new,
            "raise_percent": round((highest - first["price_cents"]) * 100 / first["price_cents"]),
        }  # fmt: skip
        yield Signal(
            code="price_raised",
            subject=f"offering:{offering_id}",
            title=_("Prijs verhoogd nadat inschrijvingen begonnen"),
            explanation=_(
                "%(title)s van %(provider)s ging van %(old_price)s naar %(new_price)s (+%(raise_percent)s %%) nadat "
                "%(at_old)s mensen zich voor de oude prijs hadden ingeschreven; %(at_new)s inschrijvingen tegen de nieuwe prijs."
            ) % figures,
            figures=figures,
            severity=MEDIUM,
        )

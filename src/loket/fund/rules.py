"""The fund's rules on plain data (no ORM): payment order, priority, eligibility, payout parts, refunds and caps.

The services (fund/services/*.py) load the facts, ask these functions and move the money through ledger_ops.
Everything here is integer cents and plain values, so it can be tested on its own.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

# -- eligibility ---------------------------------------------------------------

LOW_EDUCATED_MAX_LEVEL = 2  # hoogstens mbo 2 / NLQF 2


@dataclass(frozen=True)
class Person:
    """What the fund knows of a participant when deciding; codes are CBS codes (GM0363, AM15)."""

    id: int = 0
    birth_date: date | None = None
    target_groups: tuple = ()
    municipality_code: str | None = None
    region_code: str | None = None
    education_level: int | None = None
    shrinking_sector: bool = False

    @property
    def low_educated(self):
        return self.education_level is None or self.education_level <= LOW_EDUCATED_MAX_LEVEL


def age_on(birth_date, today):
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


ELIGIBILITY_FIELDS = ("municipalities", "regions", "target_groups", "age_min", "age_max")


def budget_rule(budget):
    """A budget's eligibility rule as the plain dict ``ineligibility`` reads (any object with those attributes)."""
    return {name: getattr(budget, name) for name in ELIGIBILITY_FIELDS}


def ineligibility(rule, person, today):
    """Why ``person`` does not meet ``rule`` (a budget's or a round's: municipalities, regions, target_groups,
    age_min, age_max; empty means no restriction), or None when they do."""
    municipalities = rule.get("municipalities") or []
    regions = rule.get("regions") or []
    target_groups = rule.get("target_groups") or []
    age_min, age_max = rule.get("age_min"), rule.get("age_max")
    if municipalities and person.municipality_code not in municipalities:
        return _("Alleen voor inwoners van bepaalde gemeenten.")
    if regions and person.region_code not in regions:
        return _("Alleen voor inwoners van bepaalde arbeidsmarktregio's.")
    if target_groups and not set(person.target_groups) & set(target_groups):
        return _("Niet in een doelgroep van dit budget.")
    if age_min is not None or age_max is not None:
        if person.birth_date is None:
            return _("Hiervoor is de geboortedatum nodig.")
        age = age_on(person.birth_date, today)
        if age_min is not None and age < age_min:
            return _("Jonger dan %(age)s jaar, de ondergrens van dit budget.") % {"age": age_min}
        if age_max is not None and age > age_max:
            return _("Ouder dan %(age)s jaar, de bovengrens van dit budget.") % {"age": age_max}
    return None


def is_eligible(rule, person, today):
    return ineligibility(rule, person, today) is None


# -- payment order -------------------------------------------------------------


def payment_sort_key(*, is_voucher, expires_on, co_payment_percent, budget_id):
    """The fixed order in which money pays for an enrolment: vouchers of the right kind first (soonest expiring),
    then budget credit whose validity ends soonest, then the lowest co-payment, then the budget's id."""
    return (0 if is_voucher else 1, expires_on, co_payment_percent, budget_id)


def payment_explanation(*, is_voucher, budget_name, expires_on, co_payment_percent, first):
    """The sentence that tells the person why this money pays (or would pay) for the enrolment."""
    if is_voucher:
        reason = _("Een voucher gaat voor ander tegoed; deze verloopt op %(date)s.")
    else:
        reason = _("Tegoed van %(budget)s, geldig tot en met %(date)s: tegoed dat het eerst vervalt, wordt het eerst gebruikt.")
    text = reason % {"budget": budget_name, "date": expires_on.strftime("%d-%m-%Y")}
    if co_payment_percent:
        text += " " + _("Eigen bijdrage: %(percent)s%%.") % {"percent": co_payment_percent}
    if first:
        text = _("Dit betaalt als eerste.") + " " + text
    return text


def co_payment_cents(price_cents, percent):
    """The person's share, rounded up to whole cents so the fund never pays more than its share."""
    return -(-price_cents * percent // 100)


# -- priority ------------------------------------------------------------------


def lottery_seed(budget_id, rule, amount_cents):
    """The seed of a round's lottery: its budget, rule and amount, not the round's id, so previewing the same
    round again draws the same people (an administrator cannot re-preview until the draw suits them).
    Lists in the rule count as sets: the order codes were typed in does not change the draw."""
    normal = {name: sorted(value) if isinstance(value, list) else value for name, value in sorted((rule or {}).items())}
    return f"{budget_id}:{json.dumps(normal, sort_keys=True, separators=(',', ':'))}:{amount_cents}"


def lottery_number(seed, participant_id):
    """A seeded draw that anyone can recompute; it never depends on who applied or clicked first."""
    return hashlib.sha256(f"{seed}:{participant_id}".encode()).hexdigest()


def priority_matches(person, priority_rules):
    """The budget's priority rules (in its order) that this person meets."""
    tests = {
        "low_educated": person.low_educated,
        "job_seeker": "job_seeker" in person.target_groups,
        "shrinking_sector": person.shrinking_sector,
    }
    return [rule for rule in priority_rules if tests.get(rule)]


def priority_key(person, priority_rules, seed):
    met = set(priority_matches(person, priority_rules))
    return (tuple(0 if rule in met else 1 for rule in priority_rules), lottery_number(seed, person.id))


def rank(people, priority_rules, seed):
    """People in the order they are served: the budget's priority rules in its order, then the seeded lottery."""
    return sorted(people, key=lambda person: priority_key(person, priority_rules, seed))


def served(people, priority_rules, seed, *, amount_cents, available_cents):
    """(ranked people, ids of those the available money serves at ``amount_cents`` each)."""
    ranked = rank(people, priority_rules, seed)
    count = min(len(ranked), available_cents // amount_cents) if amount_cents > 0 else 0
    return ranked, {person.id for person in ranked[:count]}


# -- payout parts --------------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """How held money (``net``) splits: paid to the provider at start and at completion, and voided back."""

    start: int
    completion: int
    voided: int

    @property
    def total(self):
        return self.start + self.completion + self.voided


# A signed credential says the person completed the course; employers read it as such. Someone who attended
# less than this did not complete it, even when the provider is paid pro rata for the part they did attend.
MIN_ATTENDANCE_FOR_CREDENTIAL_PERCENT = 80


def start_share(net_cents, payout_at_start_percent):
    return net_cents * payout_at_start_percent // 100


def payout_parts(net_cents, payout_at_start_percent, attendance_percent):
    start = start_share(net_cents, payout_at_start_percent)
    rest = net_cents - start
    completion = rest * attendance_percent // 100
    return Parts(start=start, completion=completion, voided=rest - completion)


@dataclass(frozen=True)
class StopSplit:
    """What happens when an enrolment stops after its start: post to the provider, void back to the person
    from the hold, and refund from what the provider was already paid."""

    post: int = 0
    void: int = 0
    refund: int = 0
    notes: list = field(default_factory=list)


def stop_split(refund_rule, *, net_cents, paid_cents, held_cents, attendance_percent=None):
    """``paid_cents`` was paid to the provider (posted minus refunded), ``held_cents`` is still held."""
    if refund_rule == "keep_start_part":
        return StopSplit(void=held_cents)
    if attendance_percent is None:
        raise ValueError("attendance_percent is required for pro_rata_attendance")
    due = net_cents * attendance_percent // 100
    if paid_cents > due:
        return StopSplit(void=held_cents, refund=paid_cents - due)
    post = min(due - paid_cents, held_cents)
    return StopSplit(post=post, void=held_cents - post)


# -- caps ----------------------------------------------------------------------


def within_cap(cap_cents, committed_cents, amount_cents):
    """A cap of None means no cap; committed counts holds, payments and refunds already made."""
    return cap_cents is None or committed_cents + amount_cents <= cap_cents

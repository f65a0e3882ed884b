"""The monitor's arithmetic on plain data (no ORM): which work is technical, which placement is work-to-work or
side entry, shares and medians, and how a KPI stands against its baseline and its target.

``collect`` reads the database into the plain values these functions take, grouped as far as SQL can, so each rule
is written once, here, and tested alone (tests/monitor/test_formulas.py). docs/monitor.md says the same in words.
"""

import datetime

from loket.generator.catalogue import TECHNICAL_ISCO
from loket.generator.profiles import isco_unit_group

# "In 2030 staan technische en technologische functies niet langer dan 3 maanden open" (manifest, Van werk naar werk).
LONG_OPEN_MONTHS = 3
# Shares, medians and flows of placements look back this far from the snapshot's day; stocks are counted on the day.
WINDOW_MONTHS = 12
# SBI section D, Energievoorziening: with climate-transition work, what the manifest calls energy-related employers.
ENERGY_SECTOR = "D"

EMPLOYED = "employed"
JOB_SEEKER = "job_seeker"
STUDENT = "student"


def months_before(day, months):
    """The same day ``months`` calendar months earlier, or that month's last day when it is shorter (31 May → 28 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return datetime.date(year, month, min(day.day, (next_month - datetime.timedelta(days=1)).day))


# --- Technical work ----------------------------------------------------------------------------------------------


def unit_group(isco_group_code, occupation_code):
    """The four-digit ISCO unit group of an occupation: its linked ISCO group's code, else the head of ESCO's code."""
    return isco_unit_group(isco_group_code, occupation_code)


def sub_major_group(isco):
    """The two-digit ISCO sub-major group ("7411" → "74"); "" when the code has fewer than two digits."""
    isco = isco or ""
    return isco[:2] if len(isco) >= 2 and isco[:2].isdigit() else ""


def is_technical(isco):
    """Technical work, the Techniekpact's sense: the ISCO groups of ``TECHNICAL_ISCO`` (the generator's list, so the
    synthetic population, the catalogue and the dashboard agree): science and engineering professionals (21) and
    associate professionals (31), building, metal and electrical trades (71, 72, 74), plant and machine operators
    (81, 82)."""
    return any((isco or "").startswith(prefix) for prefix in TECHNICAL_ISCO)


# --- Placements ----------------------------------------------------------------------------------------------------


def came_from_work(previous_situation, from_outflow):
    """Working when they moved: recorded as employed, or placed from an employer's announced outflow (people are
    announced while they still work there)."""
    return previous_situation == EMPLOYED or bool(from_outflow)


def is_work_to_work(previous_situation, from_outflow, previous_isco, previous_sector, new_isco, new_sector):
    """A placement is work-to-work when the person came from work (``came_from_work``), their previous occupation is
    known, and it lies in another SBI sector or in another ISCO sub-major group (two digits) than the new one.

    A comparison needs both sides: an unknown previous sector leaves only the ISCO test, and the other way round.
    Moving to the same kind of work in the same sector (another employer) is not work-to-work; nor is anything
    without a known previous occupation (``previous_isco`` None), whatever the sectors say.
    """
    if not came_from_work(previous_situation, from_outflow) or previous_isco is None:
        return False
    other_sector = bool(previous_sector) and bool(new_sector) and previous_sector != new_sector
    previous_group, new_group = sub_major_group(previous_isco), sub_major_group(new_isco)
    other_group = bool(previous_group) and bool(new_group) and previous_group != new_group
    return other_sector or other_group


def is_side_entry_technical(previous_situation, previous_isco, new_isco):
    """Side entry (zij-instroom) into technical work: a placement in technical work of someone who did other work
    before, or none, and does not come from school.

    - the new occupation must be technical;
    - a student or pupil is inflow from education, not side entry;
    - a known previous occupation counts when it is not technical;
    - without one it counts for a job seeker or someone from another situation, not for someone recorded as employed
      (they had an occupation; we do not know which).
    """
    if not is_technical(new_isco) or previous_situation == STUDENT:
        return False
    if previous_isco is not None:
        return not is_technical(previous_isco)
    return previous_situation != EMPLOYED


def is_job_seeker_into_technical(previous_situation, new_isco):
    """The Techniekpact's "werkzoekenden maken overstap naar technische sector": a job seeker placed in technical work."""
    return previous_situation == JOB_SEEKER and is_technical(new_isco)


def is_energy_related(sector, climate_transition):
    """A vacancy at an energy-related employer: in SBI section D or work for the climate transition."""
    return sector == ENERGY_SECTOR or bool(climate_transition)


# --- Figures -------------------------------------------------------------------------------------------------------


def share(numerator, denominator):
    """``numerator / denominator`` as a fraction, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return numerator / denominator


def median_from_counts(counts):
    """The median of values given as {value: how often}; the mean of the middle two when the number is even; None
    for no values. Lets SQL count per value (GROUP BY), whatever the number of rows behind it."""
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, n in ordered:
        if low is None and seen + n > low_rank:
            low = value
        if seen + n > high_rank:
            high = value
            break
        seen += n
    return (low + high) / 2


def mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


# --- Against the baseline and the target ---------------------------------------------------------------------------


def change(value, baseline_value):
    """The change since the baseline, or None when either is unknown."""
    if value is None or baseline_value is None:
        return None
    return value - baseline_value


def reached(value, target, direction):
    if value is None or target is None or direction is None:
        return None
    return value <= target if direction == "at_most" else value >= target


def distance_to_target(value, target, direction):
    """How far the value still is from the target, never negative: 0 once it is reached; None without a target."""
    if value is None or target is None or direction is None:
        return None
    if direction == "at_most":
        return max(value - target, 0)
    return max(target - value, 0)


def target_applies(unit, is_total):
    """Whether the KPI's target may be set beside a part (a region): shares, days and scores are the same norm for
    any part; a count or an amount is a target for the whole, which no region has to reach alone."""
    return is_total or unit in ("share", "days", "score")


def on_track(value, baseline_value, target, direction, target_year, baseline_day, day):
    """True when the target is reached, or when the value is at least where a straight line from the baseline to the
    target at the end of the target year says it should be on ``day``; False when it is behind that line or the
    target year is over without reaching it; None when it cannot be told (no target or value, or no baseline to
    draw the line from and the target not reached).
    """
    is_reached = reached(value, target, direction)
    if is_reached is None:
        return None
    if is_reached:
        return True
    if target_year is None:
        return None
    deadline = datetime.date(target_year, 12, 31)
    if day >= deadline:
        return False
    if baseline_value is None or baseline_day is None or baseline_day >= day:
        return None
    span = (deadline - baseline_day).days
    expected = baseline_value + (target - baseline_value) * (day - baseline_day).days / span if span > 0 else target
    return value <= expected if direction == "at_most" else value >= expected

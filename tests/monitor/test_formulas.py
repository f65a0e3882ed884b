"""The monitor's rules on plain data: technical work, work-to-work, side entry, medians and shares, and how a KPI
stands against its baseline and target."""

from datetime import date

import pytest

from loket.monitor import formulas

ELECTRICIAN, ENGINEER, PLUMBER = "7411", "2151", "7126"
NURSE, COOK, CLERK = "2221", "5120", "4110"
AIRCRAFT_MECHANIC = "7232"


# --- Technical work --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("isco", [ELECTRICIAN, ENGINEER, PLUMBER, AIRCRAFT_MECHANIC, "3113", "8111", "8211", "3119"])
def test_technical_groups_are_technical(isco):
    assert formulas.is_technical(isco)


@pytest.mark.parametrize("isco", [NURSE, COOK, CLERK, "2511", "", None])
def test_other_work_and_unknown_codes_are_not_technical(isco):
    assert not formulas.is_technical(isco)


def test_unit_group_comes_from_the_isco_group_else_from_the_esco_code():
    assert formulas.unit_group("7411", "7411.1.2") == "7411"
    assert formulas.unit_group("", "7126.3") == "7126"
    assert formulas.unit_group(None, "") == ""
    assert formulas.sub_major_group("7411") == "74" and formulas.sub_major_group("7") == "" and formulas.sub_major_group("") == ""


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert formulas.months_before(date(2026, 6, 15), 3) == date(2026, 3, 15)
    assert formulas.months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert formulas.months_before(date(2026, 2, 10), 3) == date(2025, 11, 10)
    assert formulas.months_before(date(2026, 12, 31), 12) == date(2025, 12, 31)


# --- Work-to-work ------------------------------------------------------------------------------------------------------


def w2w(situation="employed", from_outflow=False, previous=NURSE, previous_sector="Q", new=ELECTRICIAN, new_sector="F"):
    return formulas.is_work_to_work(situation, from_outflow, previous, previous_sector, new, new_sector)


def test_another_sector_and_another_occupation_group_is_work_to_work():
    # A nurse in care becomes an electrician in construction.
    assert w2w()


def test_another_sector_alone_is_work_to_work():
    # An electrician in industry (C) becomes an electrician in construction (F): same ISCO group, intersectoral move.
    assert w2w(previous=ELECTRICIAN, previous_sector="C", new=ELECTRICIAN, new_sector="F")


def test_another_occupation_group_in_the_same_sector_is_work_to_work():
    # An aircraft mechanic (72) becomes an electrician (74), both in transport (H).
    assert w2w(previous=AIRCRAFT_MECHANIC, previous_sector="H", new=ELECTRICIAN, new_sector="H")


def test_same_sub_major_group_is_the_same_group_even_with_another_unit_group():
    # 7411 and 7412 are both sub-major group 74: in the same sector that is not work-to-work.
    assert not w2w(previous="7412", previous_sector="F", new="7411", new_sector="F")


def test_same_group_and_same_sector_is_not_work_to_work():
    assert not w2w(previous=ELECTRICIAN, previous_sector="F", new=ELECTRICIAN, new_sector="F")


def test_no_previous_occupation_is_not_work_to_work_even_across_sectors():
    assert not w2w(previous=None, previous_sector="Q", new_sector="F")


def test_a_job_seeker_or_student_is_not_work_to_work():
    assert not w2w(situation="job_seeker")
    assert not w2w(situation="student")
    assert not w2w(situation="other")


def test_placed_from_announced_outflow_counts_as_coming_from_work():
    # The announcement is made while people still work; the recorder may have put another situation.
    assert w2w(situation="other", from_outflow=True)


def test_an_unknown_previous_sector_leaves_the_isco_test():
    assert w2w(previous=NURSE, previous_sector="", new=ELECTRICIAN, new_sector="F")
    assert not w2w(previous=ELECTRICIAN, previous_sector="", new=ELECTRICIAN, new_sector="F")


def test_an_occupation_without_isco_code_leaves_the_sector_test():
    assert w2w(previous="", previous_sector="Q", new=ELECTRICIAN, new_sector="F")
    assert not w2w(previous="", previous_sector="F", new=ELECTRICIAN, new_sector="F")
    assert not w2w(previous="", previous_sector="", new=ELECTRICIAN, new_sector="F")


# --- Side entry and job seekers ------------------------------------------------------------------------------------------


def test_side_entry_from_other_work_into_technical_work():
    assert formulas.is_side_entry_technical("employed", NURSE, ELECTRICIAN)


def test_side_entry_of_a_job_seeker_without_occupation():
    assert formulas.is_side_entry_technical("job_seeker", None, ELECTRICIAN)
    assert formulas.is_side_entry_technical("other", None, ELECTRICIAN)


def test_not_side_entry_from_technical_work():
    assert not formulas.is_side_entry_technical("employed", AIRCRAFT_MECHANIC, ELECTRICIAN)
    assert not formulas.is_side_entry_technical("job_seeker", PLUMBER, ELECTRICIAN)


def test_not_side_entry_into_other_work():
    assert not formulas.is_side_entry_technical("job_seeker", None, NURSE)


def test_not_side_entry_from_school_or_from_unrecorded_work():
    assert not formulas.is_side_entry_technical("student", None, ELECTRICIAN)
    assert not formulas.is_side_entry_technical("student", COOK, ELECTRICIAN)
    # Employed, but which occupation is not known: it may have been technical.
    assert not formulas.is_side_entry_technical("employed", None, ELECTRICIAN)


def test_job_seekers_into_technical_work():
    assert formulas.is_job_seeker_into_technical("job_seeker", ELECTRICIAN)
    assert not formulas.is_job_seeker_into_technical("job_seeker", NURSE)
    assert not formulas.is_job_seeker_into_technical("employed", ELECTRICIAN)


def test_energy_related_is_the_energy_sector_or_climate_work():
    assert formulas.is_energy_related("D", False)
    assert formulas.is_energy_related("F", True)
    assert not formulas.is_energy_related("F", False)


# --- Figures -------------------------------------------------------------------------------------------------------------


def test_share_of_nothing_is_no_figure():
    assert formulas.share(3, 4) == 0.75
    assert formulas.share(0, 0) is None


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({10: 1}, 10),
        ({10: 1, 20: 1}, 15),
        ({10: 2, 20: 1}, 10),
        ({5: 1, 10: 1, 90: 1, 200: 1}, 50),
        ({30: 3, 100: 3}, 65),
        ({1: 0, 7: 2}, 7),
        ({}, None),
    ],
)
def test_median_from_counts(counts, expected):
    assert formulas.median_from_counts(counts) == expected


def test_median_from_counts_equals_the_median_of_the_values():
    import statistics

    values = [3, 3, 8, 12, 12, 12, 40, 95, 95, 200]
    assert formulas.median_from_counts({v: values.count(v) for v in set(values)}) == statistics.median(values)
    assert formulas.median_from_counts({v: values[:-1].count(v) for v in set(values)}) == statistics.median(values[:-1])


# --- Baseline and target ---------------------------------------------------------------------------------------------------


def test_change_and_distance_to_target():
    assert formulas.change(120, 100) == 20 and formulas.change(None, 100) is None
    assert formulas.distance_to_target(40, 0, "at_most") == 40
    assert formulas.distance_to_target(0.6, 0.75, "at_least") == pytest.approx(0.15)
    assert formulas.distance_to_target(0.8, 0.75, "at_least") == 0
    assert formulas.distance_to_target(5, None, None) is None


def test_a_regional_part_gets_the_target_only_for_shares_days_and_scores():
    assert formulas.target_applies("share", is_total=False)
    assert formulas.target_applies("score", is_total=False)
    assert not formulas.target_applies("count", is_total=False)
    assert formulas.target_applies("count", is_total=True)


BASE, NOW = date(2026, 1, 1), date(2028, 1, 1)


def test_on_track_when_reached():
    assert formulas.on_track(0.8, 0.5, 0.75, "at_least", 2030, BASE, NOW) is True
    assert formulas.on_track(0, 40, 0, "at_most", 2030, BASE, NOW) is True


def test_on_track_along_the_line_from_baseline_to_target():
    # From 40 long-open vacancies on 1 January 2026 to 0 at the end of 2030: on 1 January 2028 about 24 is on the line.
    assert formulas.on_track(20, 40, 0, "at_most", 2030, BASE, NOW) is True
    assert formulas.on_track(30, 40, 0, "at_most", 2030, BASE, NOW) is False
    assert formulas.on_track(0.65, 0.5, 0.75, "at_least", 2030, BASE, NOW) is True
    assert formulas.on_track(0.55, 0.5, 0.75, "at_least", 2030, BASE, NOW) is False


def test_on_track_after_the_target_year_only_when_reached():
    assert formulas.on_track(80, 10, 100, "at_least", 2023, date(2021, 1, 1), date(2024, 2, 1)) is False


def test_on_track_cannot_be_told_without_target_baseline_or_year():
    assert formulas.on_track(5, 3, None, None, None, BASE, NOW) is None
    assert formulas.on_track(20, None, 0, "at_most", 2030, None, NOW) is None
    assert formulas.on_track(20, 40, 0, "at_most", 2030, NOW, NOW) is None
    assert formulas.on_track(500, 100, 10_000, "at_least", None, BASE, NOW) is None
    assert formulas.on_track(None, 100, 10_000, "at_least", None, BASE, NOW) is None

"""The placement KPIs on hand-made placements: work-to-work (all, into technical work, at energy-related employers),
side entry and job seekers into technical work, internships filled, job seekers at work, and announced outflow."""

import pytest

from loket.monitor.kpis import KPIS

from .kpi_world import ALKMAAR, AMSTERDAM, DAY, GROOT_AMSTERDAM, HAARLEM, KENNEMERLAND, NOORD, cell, employer, occupation, outflow, placement, today, vacancy, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    return {
        "electrician": occupation("7411.1"),
        "electrician_2": occupation("7412.1"),  # same sub-major group 74
        "aircraft_mechanic": occupation("7232.1"),
        "nurse": occupation("2221.1"),
        "cook": occupation("5120.1"),
    }


@pytest.fixture
def placements(work):
    """Eight placements, each one branch of the rules (see the comments)."""
    electrician_f_alkmaar = vacancy(work["electrician"], place=ALKMAAR, sector="F", climate=True)
    electrician_d_amsterdam = vacancy(work["electrician"], place=AMSTERDAM, sector="D", kind="bbl")
    cook_i_haarlem = vacancy(work["cook"], place=HAARLEM, sector="I", kind="internship")
    made = {
        # 1. nurse in care -> electrician in construction: work-to-work, side entry, energy-related (climate)
        "nurse": placement(electrician_f_alkmaar, previous=work["nurse"], previous_sector="Q"),
        # 2. electrician in industry -> electrician in construction: work-to-work (sector), not side entry
        "sector_only": placement(electrician_f_alkmaar, previous=work["electrician"], previous_sector="C"),
        # 3. same sub-major group, same sector: not work-to-work
        "same": placement(electrician_f_alkmaar, previous=work["electrician_2"], previous_sector="F"),
        # 4. job seeker without occupation -> electrician at an energy company: side entry, job seeker into technical
        "job_seeker": placement(electrician_d_amsterdam, situation="job_seeker"),
        # 5. aircraft mechanic from announced outflow -> electrician at an energy company: work-to-work, energy
        "outflow": placement(electrician_d_amsterdam, situation="other", outflow=outflow(work["aircraft_mechanic"], 40)),
        # 6. student into technical BBL: not side entry
        "student": placement(electrician_d_amsterdam, situation="student"),
        # 7. employed, occupation not recorded, other sector: not work-to-work (no previous occupation)
        "unknown": placement(electrician_d_amsterdam, previous_sector="Q"),
        # 8. nurse -> cook internship: work-to-work into other work, not technical
        "to_cook": placement(cook_i_haarlem, previous=work["nurse"], previous_sector="Q"),
    }
    # Not counted anywhere: a placement that starts after the day of the snapshot.
    placement(electrician_f_alkmaar, previous=work["nurse"], previous_sector="Q", started=-5)
    return made


def test_work_to_work_placements(placements):
    rows = KPIS["w2w_placements"].collect(DAY)
    assert value(rows) == 4  # nurse, sector_only, outflow, to_cook
    assert value(rows, "region", NOORD) == 2 and value(rows, "region", GROOT_AMSTERDAM) == 1 and value(rows, "region", KENNEMERLAND) == 1
    assert value(rows, "sector", "F") == 2 and value(rows, "vacancy_kind", "internship") == 1
    assert cell(rows)["persons"] == 4


def test_work_to_work_into_technical_work(placements):
    rows = KPIS["w2w_technical"].collect(DAY)
    assert value(rows) == 3  # not the cook
    assert value(rows, "municipality", HAARLEM) == 0 and value(rows, "municipality", AMSTERDAM) == 1


def test_share_filled_through_work_to_work_at_energy_related_employers(placements):
    rows = KPIS["energy_w2w_share"].collect(DAY)
    total = cell(rows)
    # Energy-related: the climate vacancy in Alkmaar (3 placements) and the energy company in Amsterdam (4).
    assert (total["numerator"], total["denominator"]) == (3, 7)
    # Suppression looks at the smaller side: 3 filled through work-to-work, 4 not.
    assert total["persons"] == 3
    assert value(rows, "region", NOORD) == pytest.approx(2 / 3)
    assert value(rows, "sector", "D") == pytest.approx(1 / 4)
    assert value(rows, "region", KENNEMERLAND) is None  # the cook's internship is not energy-related


def test_the_share_looks_back_twelve_months(work):
    energy = vacancy(work["electrician"], sector="D")
    placement(energy, previous=work["nurse"], previous_sector="Q", started=400)
    placement(energy, previous=work["electrician"], previous_sector="D", started=20)
    rows = KPIS["energy_w2w_share"].collect(DAY)
    assert (cell(rows)["numerator"], cell(rows)["denominator"]) == (0, 1)
    # Counts of placements are since the start: the old one still counts.
    assert value(KPIS["w2w_placements"].collect(DAY)) == 1


def test_side_entry_into_technical_work(placements):
    rows = KPIS["side_entry_technical"].collect(DAY)
    assert value(rows) == 2  # nurse, job seeker
    assert value(rows, "target_group", "employed") == 1 and value(rows, "target_group", "job_seeker") == 1
    assert value(rows, "target_group", "student") == 0
    assert value(rows, "region", GROOT_AMSTERDAM) == 1


def test_job_seekers_into_technical_work(placements, work):
    placement(vacancy(work["cook"]), situation="job_seeker")  # into other work: not counted
    rows = KPIS["job_seekers_into_technical"].collect(DAY)
    assert value(rows) == 1 and value(rows, "sector", "D") == 1 and value(rows, "sector", "I") == 0


def test_internships_filled_and_job_seekers_at_work(placements, work):
    placement(vacancy(work["cook"], kind="internship"), situation="student", started=500)  # over a year ago
    placement(vacancy(work["cook"], place=ALKMAAR), situation="job_seeker", started=30)
    internships = KPIS["internships_filled"].collect(DAY)
    # Four placements in the BBL place in Amsterdam, one in the internship in Haarlem; the old one is outside the year.
    assert value(internships) == 5
    assert value(internships, "vacancy_kind", "bbl") == 4 and value(internships, "vacancy_kind", "internship") == 1
    assert value(internships, "vacancy_kind", "job") == 0
    job_seekers = KPIS["job_seeker_placements"].collect(DAY)
    assert value(job_seekers) == 2 and value(job_seekers, "region", NOORD) == 1 and value(job_seekers, "vacancy_kind", "bbl") == 1


def test_placements_keep_counting_after_the_person_is_deleted(work):
    from .kpi_world import person

    someone = person()
    placement(vacancy(work["electrician"], sector="F"), previous=work["nurse"], previous_sector="Q", person=someone)
    someone.delete()
    assert value(KPIS["w2w_placements"].collect(DAY)) == 1


def test_announced_outflow_with_at_least_three_employers(work):
    a, b, c = employer(), employer(), employer()
    first = outflow(work["aircraft_mechanic"], 40, by=a, region_code=GROOT_AMSTERDAM)
    outflow(work["aircraft_mechanic"], 12, by=b, region_code=GROOT_AMSTERDAM)
    outflow(work["nurse"], 8, by=c, region_code=GROOT_AMSTERDAM)
    lone = outflow(work["cook"], 25, by=a, region_code=NOORD)
    outflow(work["cook"], 30, by=b, region_code=NOORD, closed=5)  # closed: no longer announced, still in the share
    for _ in range(3):
        placement(vacancy(work["electrician"], sector="D"), situation="employed", outflow=first)
    placement(vacancy(work["cook"], sector="I"), outflow=lone)
    announced = KPIS["outflow_announced"].collect(today())
    assert value(announced) == 85 and cell(announced)["persons"] == 85
    assert value(announced, "region", GROOT_AMSTERDAM) == 60
    # One employer behind Noord-Holland Noord: its plans are its own, so the cell stays empty.
    assert value(announced, "region", NOORD) is None and cell(announced, "region", NOORD)["persons"] is None
    assert value(announced, "region", KENNEMERLAND) == 0
    placed = KPIS["outflow_placed"].collect(today())
    # Two employers' placements in total (a and a): fewer than three, so even the total is empty.
    assert value(placed) is None
    share = KPIS["outflow_placed_share"].collect(today())
    assert (cell(share)["numerator"], cell(share)["denominator"]) == (4, 115)
    assert value(share, "region", GROOT_AMSTERDAM) == pytest.approx(3 / 60)
    assert value(share, "region", NOORD) is None


def test_a_share_of_people_is_as_small_as_its_smaller_side():
    from loket.monitor.collect import share_of

    make = share_of("num", "den", persons="den")
    assert make({"num": 3, "den": 20})[3] == 3  # "3 of 20" names three people
    assert make({"num": 17, "den": 20})[3] == 3  # and so does "17 of 20", for the other three
    assert make({"num": 0, "den": 20})[3] == 20  # nobody: nothing to name
    assert make({"num": 20, "den": 20})[3] == 20
    assert make({"num": 0, "den": 0})[3] == 0

"""The action agenda's status rules (loket.ecosystem.agenda) on plain data, each at its boundary dates."""

import datetime

import pytest

from loket.ecosystem import agenda
from loket.ecosystem.agenda import MilestoneFact, UpdateFact

TODAY = datetime.date(2026, 3, 15)


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def milestone(title="Purpose Case", due=0, done=None, label=""):
    return MilestoneFact(title, day(due) if isinstance(due, int) else due, label, None if done is None else day(done))


def update(offset, status, sequence=0):
    return UpdateFact(day(offset), status, f"bericht {offset}", "Anne de Vries", sequence)


def status(milestones=(), updates=(), lifecycle="running", today=TODAY):
    return agenda.assess(list(milestones), list(updates), lifecycle, today)


# --- Milestones ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "due, done, expected",
    [
        (-1, None, "late"),  # due yesterday: passed
        (0, None, "due_soon"),  # due today: not passed yet
        (30, None, "due_soon"),  # the last day of the 30
        (31, None, "planned"),
        (-100, -120, "done"),  # reached, even though long ago
        (10, 0, "done"),  # reached today, before its date
        (-1, 1, "late"),  # "reached" tomorrow: not yet today
    ],
)
def test_milestone_status_at_its_boundaries(due, done, expected):
    assert agenda.milestone_status(milestone(due=due, done=done), TODAY) == expected


def test_timeline_is_in_date_order_with_each_status():
    states = agenda.timeline([milestone("Start", 40), milestone("Purpose Case", -5), milestone("Beschikking", 3, done=-1)], TODAY)
    assert [(s.milestone.title, s.status) for s in states] == [("Purpose Case", "late"), ("Beschikking", "done"), ("Start", "planned")]
    assert states[0].status_label == "Verlopen"


# --- Coalitions ------------------------------------------------------------------------------------------------


def test_no_milestones_and_no_updates_is_no_information_not_on_track():
    result = status()
    assert result.status == "no_information" and result.status_label == "Geen informatie"
    assert result.reasons == ["Er zijn geen mijlpalen en geen voortgangsberichten bekend."]


def test_all_milestones_reached_is_done_with_the_last_date():
    result = status([milestone(due=-60, done=-70), milestone("Start", due=-10, done=-12)], [update(-1, "late")])
    assert result.status == "done"  # reaching every milestone outweighs a worried last update
    assert result.reasons == [f"Alle 2 mijlpalen zijn gehaald, de laatste op {agenda.format_date(day(-12))}."]


def test_durable_or_stopped_with_a_final_done_update_is_done_even_with_open_milestones():
    milestones, updates = [milestone(due=-30)], [update(-40, "late", 1), update(-2, "done", 2)]
    for lifecycle in ("durable", "stopped"):
        result = status(milestones, updates, lifecycle)
        assert result.status == "done"
        assert result.reason == f"Laatste voortgangsbericht ({agenda.format_date(day(-2))}) meldt: klaar."
    # Still running: "done" in an update does not finish it; the passed milestone makes it late.
    assert status(milestones, updates, "running").status == "late"
    # A stopped coalition whose last word was not "done" is judged like any other.
    assert status(milestones, [update(-2, "on_track")], "stopped").status == "late"


def test_a_passed_milestone_makes_it_late_with_the_reason_from_the_manifest():
    purpose_case = MilestoneFact("Purpose Case", datetime.date(2021, 6, 30), "Q2 2021")
    result = agenda.assess([purpose_case], [], "running", datetime.date(2021, 7, 1))
    assert result.status == "late" and result.status_label == "Achter op schema"
    assert result.reasons == ["Mijlpaal 'Purpose Case' (Q2 2021) is verlopen op 30-06-2021"]
    # On its own due date it has not passed yet.
    assert agenda.assess([purpose_case], [], "running", datetime.date(2021, 6, 30)).status == "at_risk"


def test_a_late_latest_update_makes_it_late_and_only_the_latest_counts():
    assert status([milestone(due=100)], [update(-10, "late")]).status == "late"
    assert status([milestone(due=100)], [update(-20, "late"), update(-10, "on_track")]).status == "on_track"
    # Two updates on one day: the one entered last is the latest.
    assert status([], [update(-3, "on_track", sequence=2), update(-3, "late", sequence=1)]).status == "on_track"
    assert status([], [update(-3, "on_track", sequence=1), update(-3, "late", sequence=2)]).status == "late"


def test_late_reasons_name_every_passed_milestone_after_the_update():
    result = status([milestone("A", -3, label="Q1"), milestone("B", -1)], [update(-2, "late")])
    assert result.reasons == [
        f"Laatste voortgangsbericht ({agenda.format_date(day(-2))}) meldt: achter op schema",
        f"Mijlpaal 'A' (Q1) is verlopen op {agenda.format_date(day(-3))}",
        f"Mijlpaal 'B' is verlopen op {agenda.format_date(day(-1))}",
    ]


def test_an_at_risk_latest_update_makes_it_at_risk_but_late_wins():
    assert status([milestone(due=100)], [update(-1, "at_risk")]).status == "at_risk"
    assert status([milestone(due=-1)], [update(0, "at_risk")]).status == "late"


def test_a_milestone_due_soon_without_an_update_in_the_last_60_days_is_at_risk():
    due_soon = milestone(due=30)
    assert status([due_soon], []).status == "at_risk"
    assert status([due_soon], [update(-61, "on_track")]).status == "at_risk"
    assert status([due_soon], [update(-60, "on_track")]).status == "on_track"  # 60 days ago is still "the last 60 days"
    assert status([milestone(due=31)], []).status == "on_track"  # not due soon yet
    result = status([milestone("Pilot", 30, label="Q2 2026")], [update(-61, "on_track")])
    assert result.reasons == [
        f"Mijlpaal 'Pilot' (Q2 2026) moet uiterlijk {agenda.format_date(day(30))} gehaald zijn en er is geen voortgangsbericht van de laatste 60 dagen"
    ]


def test_on_track_says_what_comes_next():
    result = status([milestone("Start", 45, label="Q2 2026"), milestone("Purpose Case", -10, done=-11)], [update(-5, "on_track")])
    assert result.status == "on_track" and result.status_label == "Op schema"
    assert result.reasons == [
        f"Volgende mijlpaal: 'Start' (Q2 2026), uiterlijk {agenda.format_date(day(45))}",
        f"Laatste voortgangsbericht ({agenda.format_date(day(-5))}) meldt: op schema",
    ]
    assert result.next_milestone.milestone.title == "Start" and result.latest_update.date == day(-5)


def test_only_updates_is_on_track_by_the_update():
    assert status([], [update(-400, "on_track")]).status == "on_track"


def test_facts_after_today_do_not_count_yet():
    # An update written after ``today`` and a milestone reached after it are not known on ``today``.
    assert status([], [update(1, "late")]).status == "no_information"
    assert status([milestone(due=-5, done=2)]).status == "late"
    assert status([milestone(due=-5, done=2)], today=day(2)).status == "done"


def test_count_by_status_has_every_status_in_order():
    counts = agenda.count_by_status(["late", "late", "done"])
    assert list(counts) == ["on_track", "at_risk", "late", "done", "no_information"]
    assert counts == {"on_track": 0, "at_risk": 0, "late": 2, "done": 1, "no_information": 0}


# --- Ordering and grouping ----------------------------------------------------------------------------------


def test_manifest_numbers_sort_naturally():
    numbers = ["10", "", "5b", "2", "11", "5a", "1", "x"]
    assert sorted(numbers, key=agenda.number_key) == ["1", "2", "5a", "5b", "10", "11", "", "x"]


def test_a_coalition_is_listed_under_each_of_its_themes_and_unthemed_ones_last():
    entries = {"a": ["work_to_work", "inflow"], "b": ["inflow"], "c": [], "d": ["unknown"]}
    groups = agenda.group_by_theme(list(entries), ["innovation", "inflow", "work_to_work"], lambda key: entries[key])
    assert groups == [("inflow", ["a", "b"]), ("work_to_work", ["a"]), ("", ["c", "d"])]


# --- Periods -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date, part",
    [((2021, 1, 1), 1), ((2021, 4, 30), 1), ((2021, 5, 1), 2), ((2021, 8, 31), 2), ((2021, 9, 1), 3), ((2021, 12, 31), 3)],
)
def test_the_commission_meets_over_three_periods_of_four_months(date, part):
    period = agenda.period_of(agenda.COMMISSIE, datetime.date(*date))
    assert (period.year, period.part) == (2021, part)


def test_period_bounds_labels_and_neighbours():
    second = agenda.third_period(2024, 2)
    assert (second.start, second.end, second.code, second.label) == (
        datetime.date(2024, 5, 1), datetime.date(2024, 8, 31), "2024-2", "mei–augustus 2024",
    )  # fmt: skip
    assert agenda.third_period(2024, 1).end == datetime.date(2024, 4, 30)
    assert agenda.third_period(2024, 1).previous() == agenda.third_period(2023, 3)
    assert agenda.third_period(2024, 3).next() == agenda.third_period(2025, 1)
    year = agenda.period_of(agenda.REGIEGROEP, datetime.date(2021, 7, 4))
    assert (year.start, year.end, year.code, year.label) == (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), "2021", "2021")
    assert year.next() == agenda.year_period(2022)


def test_a_period_has_no_neighbour_outside_the_years_an_overview_takes():
    # An overview can be asked for 2000 up to 2100; its "Vorige"/"Volgende" links do not lead outside them.
    assert agenda.year_period(2000).previous() is None and agenda.year_period(2100).next() is None
    assert agenda.third_period(2000, 1).previous() is None and agenda.third_period(2100, 3).next() is None
    assert agenda.third_period(2000, 2).previous() == agenda.third_period(2000, 1)


def test_reading_a_period_says_which_part_is_wrong():
    assert agenda.parse_period_code("commissie", "2021-2") == agenda.third_period(2021, 2)
    assert agenda.parse_period_code("regiegroep", "2022") == agenda.year_period(2022)
    for kind, code, field in [
        ("bestuur", "2021", "for"), ("regiegroep", "twintig", "year"), ("regiegroep", "1999", "year"),
        ("regiegroep", "2021-2", "period"), ("commissie", "2021", "period"), ("commissie", "2021-4", "period"),
    ]:  # fmt: skip
        with pytest.raises(agenda.PeriodError) as error:
            agenda.parse_period_code(kind, code)
        assert error.value.field == field and str(error.value)


def test_a_period_summary_counts_due_reached_and_written_within_it_and_judges_at_its_end():
    milestones = [
        MilestoneFact("Purpose Case", datetime.date(2021, 4, 30), "Q2", datetime.date(2021, 5, 3)),
        MilestoneFact("Beschikking", datetime.date(2021, 5, 1)),
        MilestoneFact("Start", datetime.date(2021, 9, 30)),
    ]
    updates = [UpdateFact(datetime.date(2021, 4, 2), "on_track"), UpdateFact(datetime.date(2021, 6, 1), "late")]
    today = datetime.date(2026, 1, 1)
    first = agenda.summarise_period(milestones, updates, "running", agenda.third_period(2021, 1), today)
    assert first.as_of == datetime.date(2021, 4, 30)
    assert [(s.milestone.title, s.status) for s in first.due] == [("Purpose Case", "due_soon")]  # reached only on 3 May
    assert first.reached == [] and [u.date for u in first.updates] == [datetime.date(2021, 4, 2)]
    assert first.assessment.status == "on_track"  # due that day, an update 28 days before, the May one not written yet
    second = agenda.summarise_period(milestones, updates, "running", agenda.third_period(2021, 2), today)
    assert [(s.milestone.title, s.status) for s in second.due] == [("Beschikking", "late")]
    assert [m.title for m in second.reached] == ["Purpose Case"]
    assert [u.status for u in second.updates] == ["late"] and second.assessment.status == "late"


def test_a_period_not_ended_yet_is_judged_today():
    summary = agenda.summarise_period([milestone(due=-5)], [], "running", agenda.year_period(TODAY.year), TODAY)
    assert summary.as_of == TODAY and summary.assessment.status == "late"

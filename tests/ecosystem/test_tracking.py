"""The volgsysteem's definitions and arithmetic on plain data (loket.ecosystem.tracking), without a database."""

import datetime
from decimal import Decimal

from loket.ecosystem import tracking
from loket.ecosystem.tracking import NATIONAL, TARGETS, Rating

TODAY = datetime.date(2026, 12, 4)
HTSM_RATED, HTSM_NEW = TARGETS[1], TARGETS[2]


def community(id=1, kind="fieldlab", lifecycle="running", started=2020, stopped=None, region="AM18", topsectors=(), challenges=(),
              surveys=()):  # fmt: skip
    return {
        "id": id, "slug": f"lc-{id}", "name": f"LC {id}", "kind": kind, "lifecycle": lifecycle, "started_year": started,
        "stopped_year": stopped, "region": region, "topsectors": list(topsectors), "challenges": list(challenges),
        "surveys": list(surveys),
    }  # fmt: skip


def closed_survey(scores, days_ago=10):
    return {"closes_on": TODAY - datetime.timedelta(days=days_ago), "scores": list(scores)}


def value(target, communities):
    return tracking.overview(communities, [], TODAY)["targets"][TARGETS.index(target)]["value"]


# --- The targets -------------------------------------------------------------------------------------------------


def test_the_targets_say_where_they_come_from():
    assert [(t.number, t.year) for t in TARGETS] == [(100, 2023), (20, 2023), (10, 2023)]
    assert "Roadmap Human Capital" in str(NATIONAL.source) and "2018" in str(NATIONAL.name)
    assert "HTSM" in str(HTSM_RATED.source) and "7,5" in str(HTSM_RATED.name) and HTSM_RATED.min_rating == Decimal("7.5")
    assert all(str(t.reference) and str(t.quote) and str(t.scope) for t in TARGETS)


def test_extra_since_2018_starts_counting_with_2019():
    started_2018, started_2019 = community(1, started=2018), community(2, started=2019)
    assert not tracking.is_extra(started_2018, 2018, 2023)
    assert tracking.is_extra(started_2019, 2018, 2023)
    assert value(NATIONAL, [started_2018, started_2019]) == 1


def test_stopped_before_the_target_year_does_not_count_stopped_in_it_does():
    stopped_2022 = community(1, started=2019, stopped=2022, lifecycle="stopped")
    stopped_2023 = community(2, started=2019, stopped=2023, lifecycle="stopped")
    stopped_without_year = community(3, started=2019, lifecycle="stopped")
    assert value(NATIONAL, [stopped_2022, stopped_2023, stopped_without_year]) == 1
    assert tracking.is_extra(stopped_2023, 2018, 2023) and not tracking.is_extra(stopped_without_year, 2018, 2023)


def test_started_after_the_target_year_or_without_a_year_is_not_extra_for_it():
    assert value(NATIONAL, [community(1, started=2024), community(2, started=None), community(3, started=2023)]) == 1


def test_only_learning_community_kinds_count():
    kinds = ["fieldlab", "skillslab", "living_lab", "coe", "civ", "technohub", "learning_community", "campus", "startcoalitie", "pps"]
    counted = tracking.overview([community(i, kind=kind) for i, kind in enumerate(kinds)], [], TODAY)
    assert counted["total"] == 7 and counted["targets"][0]["value"] == 7


def test_htsm_new_counts_htsm_communities_started_from_2020():
    communities = [
        community(1, started=2019, topsectors=["htsm"]),
        community(2, started=2020, topsectors=["htsm", "energie"]),
        community(3, started=2021, topsectors=["energie"]),
    ]
    assert value(HTSM_NEW, communities) == 1
    assert value(NATIONAL, communities) == 3


def test_htsm_durable_rated_needs_htsm_durable_and_a_rating_of_at_least_7_5_from_ten_answers():
    ten_at_7_5 = [8, 7] * 5  # mean 7.5
    communities = [
        community(1, lifecycle="durable", started=2010, topsectors=["htsm"], surveys=[closed_survey(ten_at_7_5)]),
        community(2, lifecycle="running", topsectors=["htsm"], surveys=[closed_survey(ten_at_7_5)]),  # not durable
        community(3, lifecycle="durable", topsectors=["energie"], surveys=[closed_survey(ten_at_7_5)]),  # not HTSM
        community(4, lifecycle="durable", topsectors=["htsm"], surveys=[closed_survey([9] * 9)]),  # too few answers
        community(5, lifecycle="durable", topsectors=["htsm"], surveys=[closed_survey([7] * 9 + [8])]),  # 7.1
    ]
    status = tracking.overview(communities, [], TODAY)["targets"][1]
    assert status["value"] == 1 and [c["id"] for c in status["counted"]] == [1]
    assert status["steps"] == {"in_scope": 4, "durable": 3, "rated": 2}
    assert status["distance"] == 19 and not status["reached"]


def test_progress_tells_the_real_value_but_the_bar_stops_at_full():
    assert tracking.progress(120, 100) == {"value": 120, "number": 100, "bar": 100, "percent": 120, "distance": 0, "reached": True}
    assert tracking.progress(7, 20)["percent"] == 35 and tracking.progress(7, 20)["distance"] == 13


# --- Ratings -------------------------------------------------------------------------------------------------------


def test_a_rating_needs_ten_answers():
    assert tracking.rate([closed_survey([8] * 9)], TODAY) == Rating(None, 9, tracking.TOO_FEW_ANSWERS)
    assert tracking.rate([closed_survey([8] * 10)], TODAY) == Rating(Decimal("8.0"), 10, None)
    assert str(tracking.rate([closed_survey([8] * 9)], TODAY).reason_label) == "te weinig antwoorden"


def test_the_rating_is_the_latest_closed_survey_and_an_open_one_does_not_count():
    older = closed_survey([9] * 12, days_ago=400)
    latest = closed_survey([6] * 11, days_ago=20)
    still_open = {"closes_on": TODAY, "scores": [10] * 30}
    assert tracking.rate([older, latest, still_open], TODAY).value == Decimal("6.0")
    assert tracking.rate([still_open], TODAY) == Rating(None, 0, tracking.NO_SURVEY)
    # The latest closed survey decides, even when an older one had enough answers.
    assert tracking.rate([older, closed_survey([9] * 3, days_ago=5)], TODAY).reason == tracking.TOO_FEW_ANSWERS


def test_the_mean_is_rounded_as_a_report_mark():
    assert tracking.mean_score([7, 8]) == Decimal("7.5")
    assert tracking.mean_score([7] * 11 + [8] * 9) == Decimal("7.5")  # 7.45 rounds up
    assert tracking.mean_score([7] * 3) == Decimal("7.0")


# --- Breakdowns ----------------------------------------------------------------------------------------------------


def test_two_topsectors_count_in_both_rows_and_once_in_the_total():
    communities = [
        community(1, topsectors=["htsm", "energie"]),
        community(2, topsectors=["htsm"]),
        community(3, topsectors=[], started=2015),
    ]
    groups = tracking.overview(communities, [], TODAY)["by_topsector"]
    rows = {row["key"]: row for row in groups["rows"]}
    assert (rows["htsm"]["active"], rows["energie"]["active"], rows["chemie"]["active"]) == (2, 1, 0)
    assert (rows["htsm"]["extra"], rows["energie"]["extra"], rows[None]["extra"]) == (2, 1, 0)
    assert str(rows[None]["label"]) == "Geen topsector" and rows[None]["active"] == 1
    assert groups["total"]["active"] == 3 and groups["total"]["extra"] == 2
    assert sum(row["active"] for row in groups["rows"]) == 4 and groups["rows_add_up_to_more"]
    assert rows["htsm"]["progress"]["value"] == 2 and rows["htsm"]["progress"]["number"] == 100


def test_rows_that_add_up_are_not_flagged():
    groups = tracking.overview([community(1, region="AM18"), community(2, region="AM15")], [("AM15", "NHN"), ("AM18", "GA")], TODAY)
    assert [(row["label"], row["active"]) for row in groups["by_region"]["rows"]] == [("NHN", 1), ("GA", 1)]
    assert not groups["by_region"]["rows_add_up_to_more"]


def test_active_now_leaves_out_stopped_communities_and_the_lifecycle_table_keeps_them():
    communities = [community(1), community(2, lifecycle="stopped", stopped=2025), community(3, lifecycle="durable")]
    overview = tracking.overview(communities, [("AM18", "Groot Amsterdam")], TODAY)
    assert overview["by_region"]["rows"][0]["active"] == 2
    counts = {row["key"]: row["count"] for row in overview["by_lifecycle"]}
    assert counts == {"idea": 0, "starting": 0, "running": 1, "durable": 1, "stopped": 1}


def test_per_year_started_stopped_and_extra_in_that_year():
    communities = [
        community(1, started=2017),
        community(2, started=2019),
        community(3, started=2020, stopped=2021, lifecycle="stopped"),
        community(4, started=2022),
    ]
    rows = {row["year"]: row for row in tracking.overview(communities, [], TODAY)["by_year"]}
    assert min(rows) == 2017 and max(rows) == 2026
    assert (rows[2017]["started"], rows[2018]["extra"], rows[2019]["extra"]) == (1, 0, 1)
    assert (rows[2020]["extra"], rows[2021]["extra"], rows[2021]["stopped"]) == (2, 2, 1)  # there during 2021
    assert (rows[2022]["extra"], rows[2026]["extra"]) == (2, 2)


# --- Surveys -------------------------------------------------------------------------------------------------------


def test_the_survey_window_includes_both_dates():
    opens, closes = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    assert tracking.survey_window(opens, closes, datetime.date(2026, 2, 28)) == "upcoming"
    assert tracking.survey_window(opens, closes, opens) == "open"
    assert tracking.survey_window(opens, closes, closes) == "open"
    assert tracking.survey_window(opens, closes, datetime.date(2026, 4, 1)) == "closed"


def test_results_below_ten_answers_show_nothing_but_that():
    results = tracking.survey_results([8] * 9, [["Fijn"]] * 9, ["Wat werkt?"])
    assert results == {"shown": False, "answers": "< 10", "mean": None, "distribution": None, "open_answers": None}
    assert tracking.survey_results([], [], ["Wat werkt?"])["answers"] == 0


def test_results_from_ten_answers_suppress_small_cells():
    scores = [8] * 10 + [3]
    answers = [["zeer goed"]] * 2 + [["Alles"], [""], ["  "]] + [[]] * 6
    results = tracking.survey_results(scores, answers, ["Wat werkt?", "Wat kan beter?"])
    assert results["shown"] and results["answers"] == 11 and results["mean"] == Decimal("7.5")
    cells = {row["score"]: row["count"] for row in results["distribution"]}
    assert cells[8] == 10 and cells[3] == "< 10" and cells[1] == 0 and len(cells) == 10
    assert results["open_answers"] == [
        {"question": "Wat werkt?", "answers": ["Alles", "zeer goed", "zeer goed"]},
        {"question": "Wat kan beter?", "answers": []},
    ]


def test_a_new_survey_needs_a_title_and_sensible_dates():
    day = datetime.date
    assert tracking.survey_problems("Waardering", ["Wat werkt?"], day(2026, 12, 4), day(2026, 12, 4), TODAY) == []
    fields = lambda *args: [field for field, _message in tracking.survey_problems(*args, TODAY)]  # noqa: E731
    assert fields("Waardering", [], day(2026, 12, 10), day(2026, 12, 9)) == ["closes_on"]
    assert fields("Waardering", [], day(2026, 11, 1), day(2026, 12, 3)) == ["closes_on"]  # already over
    assert fields(" ", [], day(2026, 12, 4), day(2026, 12, 5)) == ["title"]
    assert fields("Waardering", ["?"] * 11, day(2026, 12, 4), day(2026, 12, 5)) == ["questions"]
    message = dict(tracking.survey_problems("Waardering", [], day(2026, 12, 10), day(2026, 12, 9), TODAY))["closes_on"]
    assert str(message) == "De einddatum moet op of na de begindatum liggen."


def test_a_score_is_a_whole_number_from_1_to_10():
    assert all(tracking.score_problem(score) is None for score in range(1, 11))
    for bad in (0, 11, -1, 7.5, "8", None, True):
        assert str(tracking.score_problem(bad)) == "Kies een rapportcijfer van 1 tot en met 10."
    assert [f for f, _m in tracking.answer_problems(8, ["a", "b"], ["Eén vraag"])] == ["answers"]
    assert [f for f, _m in tracking.answer_problems(8, ["x" * 2001], ["Eén vraag"])] == ["answers"]

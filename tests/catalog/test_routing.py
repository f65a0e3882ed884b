"""The route optimiser alone: plain data in and out."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from loket.catalog.routing import EXACT, GREEDY, Candidate, exact, greedy, harmonic, plan, prune, quality, weights_for


def offer(id, price_euros, hours, skills, group=None, start=0):
    return Candidate(id=id, price_cents=price_euros * 100, hours=hours, skills=frozenset(skills), start=start, group=group)


def brute_force(candidates, weights, budget_cents=None):
    """Every subset, for the small instances the hand-made cases use."""
    best = None
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            price = sum(c.price_cents for c in subset)
            if budget_cents is not None and price > budget_cents:
                continue
            covered = set().union(*(c.skills for c in subset)) & weights.keys()
            key = (sum(weights[s] for s in covered), -price, -sum(c.hours for c in subset))
            best = key if best is None or key > best else best
    return best


def test_a_cheaper_combination_beats_one_expensive_course():
    candidates = [offer(1, 3000, 300, "abc"), offer(2, 800, 80, "ab"), offer(3, 700, 60, "c")]
    route = plan(candidates, ["a", "b", "c"])
    assert route.method == EXACT
    assert set(route.chosen) == {2, 3}
    assert route.price_cents == 150_000 and route.hours == 140
    assert route.uncovered == ()


def test_a_budget_too_small_covers_part_and_lists_the_rest():
    candidates = [offer(1, 800, 80, "ab"), offer(2, 700, 60, "c"), offer(3, 100, 10, "d")]
    route = plan(candidates, ["a", "b", "c"], ["d"], budget_cents=90_000)
    # Both essential skills a, b (weight 4) beat c plus optional d (weight 3).
    assert set(route.chosen) == {1, 3}
    assert route.price_cents <= 90_000
    assert set(route.uncovered) == {"c"}


def test_a_skill_nobody_teaches_stays_uncovered():
    route = plan([offer(1, 100, 10, "a")], ["a", "z"])
    assert route.chosen == (1,)
    assert route.uncovered == ("z",)
    assert route.covered_weight == 2 and route.total_weight == 4


def test_an_empty_gap_gives_an_empty_route():
    route = plan([offer(1, 100, 10, "a")], [], [])
    assert route.chosen == () and route.price_cents == 0 and route.uncovered == ()


def test_no_course_for_an_optional_skill_when_an_essential_one_fits_the_budget():
    candidates = [offer(1, 500, 40, "a"), offer(2, 500, 40, "o")]
    route = plan(candidates, ["a"], ["o"], budget_cents=50_000)
    assert route.chosen == (1,) and route.uncovered == ("o",)


def test_the_route_is_in_start_order():
    candidates = [offer(1, 100, 10, "a", start=30), offer(2, 100, 10, "b", start=10)]
    assert plan(candidates, ["a", "b"]).chosen == (2, 1)


def test_pruning_keeps_the_cheapest_offering_of_a_course_and_drops_dominated_ones():
    candidates = [
        offer(1, 900, 80, "ab", group="course-1"),
        offer(2, 700, 80, "ab", group="course-1"),
        offer(3, 800, 90, "a", group="course-2"),  # a subset of offering 2, dearer and longer
        offer(4, 100, 10, "x"),  # teaches nothing of the gap
        offer(5, 600, 100, "a", group="course-3"),  # cheaper than 2 though longer: kept
    ]
    kept = {c.id for c in prune(candidates, weights_for(["a", "b"], []))}
    assert kept == {2, 5}


def test_greedy_without_budget_covers_everything_coverable_within_its_bound():
    candidates = [offer(1, 1000, 10, "abcd"), offer(2, 300, 10, "ab"), offer(3, 300, 10, "cd"), offer(4, 50, 1, "e")]
    weights = weights_for("abcde", [])
    route = greedy(candidates, weights)
    assert route.method == GREEDY and route.uncovered == ()
    assert route.k == 4 and route.bound == harmonic(4)
    optimum = exact(candidates, weights)
    assert route.price_cents <= route.bound * optimum.price_cents


def test_the_exact_route_matches_brute_force_on_a_hand_made_instance():
    candidates = [offer(1, 400, 20, "ab"), offer(2, 300, 30, "bc"), offer(3, 350, 10, "ac"), offer(4, 200, 5, "d"), offer(5, 650, 40, "abcd")]
    weights = weights_for("abc", "d")
    for budget in (None, 20_000, 50_000, 70_000, 100_000):
        assert quality(exact(candidates, weights, budget)) == brute_force(candidates, weights, budget)


skills = st.sampled_from("abcdefghijkl")
# Courses (skills taught, study hours); offerings of a course share both and differ in price and start.
courses = st.lists(st.tuples(st.frozensets(skills, min_size=1, max_size=5), st.integers(1, 400)), min_size=1, max_size=10)
offerings = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 2000), st.integers(0, 90)), max_size=14)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(courses, offerings, st.frozensets(skills, max_size=8), st.frozensets(skills, max_size=5), st.one_of(st.none(), st.integers(0, 4000)))
def test_the_exact_route_is_never_worse_than_the_greedy_one_and_both_keep_the_budget(courses, offerings, essential, optional, budget_euros):
    candidates = []
    for i, (course, price, start) in enumerate(offerings):
        taught, hours = courses[course % len(courses)]
        candidates.append(Candidate(id=i, price_cents=price * 100, hours=hours, skills=taught, start=start, group=course % len(courses)))
    budget = None if budget_euros is None else budget_euros * 100
    weights = weights_for(essential, optional)
    pruned = prune(candidates, weights, budget)
    optimum, approximation = exact(pruned, weights, budget, time_limit=5), greedy(pruned, weights, budget)
    assert optimum is not None
    assert quality(optimum) >= quality(approximation)
    for route in (optimum, approximation):
        assert budget is None or route.price_cents <= budget
        assert set(route.covered) | set(route.uncovered) == weights.keys()
    # Pruning never costs quality: the optimum over all candidates is the same.
    assert quality(exact(candidates, weights, budget, time_limit=5)) == quality(optimum)
    if len(candidates) <= 9:
        assert quality(optimum) == brute_force(candidates, weights, budget)


def test_above_the_size_limit_the_planner_falls_back_to_greedy_with_its_bound():
    candidates = [offer(1, 3000, 300, "abc"), offer(2, 800, 80, "ab"), offer(3, 700, 60, "c")]
    route = plan(candidates, ["a", "b", "c"], max_exact=2)
    assert route.method == GREEDY and route.pruned == 3
    assert route.uncovered == () and route.k == 3 and route.bound == harmonic(3)

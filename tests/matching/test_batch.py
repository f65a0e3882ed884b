"""The nightly batch: every person against every open vacancy, equal to the one-person engine."""

import numpy as np

from loket.matching import engine


def test_ties_at_the_cut_go_to_the_nearest_vacancy():
    # Sixty vacancies score the same; the person should get the twenty nearest, not any twenty.
    n = 60
    scores = np.full(n, 0.5)
    distance = np.arange(n, dtype=float)[::-1].copy()
    ranked = engine._top(scores, distance, np.ones(n, dtype=bool), np.arange(n), 20)
    assert ranked.positions.tolist() == list(range(59, 39, -1))


def test_scores_equal_after_rounding_tie_on_distance_then_position():
    scores = np.array([0.3, 0.7, 0.7 + 1e-12, 0.7, 0.1])
    distance = np.array([1.0, 5.0, 5.0, 2.0, np.nan])
    ranked = engine._top(scores, distance, np.ones(5, dtype=bool), np.arange(5), 2)
    assert ranked.positions.tolist() == [3, 1]

"""The transition engine on small hand-made taxonomies."""

import numpy as np
import pytest

from loket.matching.engine import build_skill_space
from loket.transitions import engine

# Skills 0..6. Skill 3 and skill 5 are related in ESCO (a skill-to-skill relation).
N_SKILLS = 7
ESSENTIAL = {0: [0, 1], 1: [0, 1, 2, 3], 2: [4], 3: [3], 4: [6]}
OPTIONAL = {0: [2], 2: [3], 4: [3]}
GROUPS = {0: [0], 1: [0], 2: [1], 3: [1], 4: [2], 5: [1], 6: [2]}  # skill -> level-2 groups


def _pairs(table):
    return (
        np.array([o for o, skills in table.items() for _ in skills]),
        np.array([s for skills in table.values() for s in skills]),
    )


def make_space(related=((3, 5),), essential=ESSENTIAL, optional=OPTIONAL):
    demand = np.zeros(N_SKILLS)
    for table in (essential, optional):
        for skills in table.values():
            demand[skills] += 1
    skill_space = build_skill_space(demand, 5, broader_pairs=(), related_pairs=related)
    skill_groups = _pairs(GROUPS)
    return engine.build_transition_space(skill_space, 5, _pairs(essential), _pairs(optional), skill_groups, 3)


def test_the_score_is_asymmetric_a_broad_profile_covers_a_narrow_one_not_the_reverse():
    scores = engine.full_matrix(make_space())
    assert scores.coverage[1, 0] == pytest.approx(1.0)  # occupation 1 has all of 0's essentials
    assert scores.coverage[0, 1] < 1.0
    assert scores.score[1, 0] > scores.score[0, 1]
    assert scores.activity[0, 1] == pytest.approx(scores.activity[1, 0])  # the activity part is symmetric


def test_an_optional_skill_counts_less_than_an_essential_one():
    scores = engine.full_matrix(make_space())
    # Destination 3 needs only skill 3: occupation 1 holds it as essential, 2 and 4 only as optional.
    assert scores.coverage[1, 3] == pytest.approx(1.0)
    assert 0 < scores.coverage[2, 3] < scores.coverage[1, 3]
    assert scores.coverage[2, 3] == pytest.approx(engine.OPTIONAL_HELD)


def test_a_related_skill_earns_partial_credit():
    space = make_space()
    with_related = engine.scores_from_skills(space, [5]).coverage[3]
    with_skill = engine.scores_from_skills(space, [3]).coverage[3]
    without = engine.scores_from_skills(make_space(related=()), [5]).coverage[3]
    assert without == 0
    assert 0 < with_related < with_skill


def test_adding_a_skill_never_lowers_coverage():
    space = make_space()
    rng = np.random.default_rng(7)
    for _ in range(20):
        held = []
        previous = engine.scores_from_skills(space, held).coverage
        for skill in rng.permutation(N_SKILLS):
            held.append(int(skill))
            current = engine.scores_from_skills(space, held).coverage
            assert np.all(current >= previous - 1e-12)
            previous = current


def test_one_row_equals_the_full_matrix_row():
    space = make_space()
    scores = engine.full_matrix(space)
    for origin in range(5):
        row = engine.scores_from_occupation(space, origin)
        np.testing.assert_allclose(row.score, scores.score[origin])
        np.testing.assert_allclose(row.coverage, scores.coverage[origin])


def test_the_score_combines_coverage_and_activity_and_stays_within_zero_and_one():
    scores = engine.full_matrix(make_space())
    np.testing.assert_allclose(scores.score, engine.COVERAGE_WEIGHT * scores.coverage + engine.ACTIVITY_WEIGHT * scores.activity)
    assert scores.score.min() >= 0 and scores.score.max() <= 1 + 1e-9
    assert scores.score[2, 4] > scores.score[0, 4]  # 2 shares activity group 2 and the optional skill with 4


def test_calibration_takes_its_thresholds_from_pairs_in_the_same_unit_group():
    rng = np.random.default_rng(1)
    n = 40
    groups = np.repeat(np.arange(8), 5)
    score = rng.uniform(0, 0.2, (n, n))
    same = groups[:, None] == groups[None, :]
    score[same] = rng.uniform(0.4, 0.9, same.sum())
    thresholds, statistics = engine.calibrate(score, groups)
    pairs = score[same & ~np.eye(n, dtype=bool)]
    assert thresholds.viable == pytest.approx(np.percentile(pairs, engine.VIABLE_PERCENTILE))
    assert thresholds.highly_viable == pytest.approx(np.median(pairs))
    assert statistics["method"] == "same_unit_group"
    assert statistics["same_group_share_viable"] == pytest.approx(0.75, abs=0.02)
    assert statistics["share_viable"] < 0.2  # cross-group pairs mostly fall below


def test_a_taxonomy_without_sibling_occupations_falls_back_to_the_top_of_all_pairs():
    score = np.arange(16, dtype=float).reshape(4, 4) / 16
    thresholds, statistics = engine.calibrate(score, np.arange(4))
    assert statistics["method"] == "all_pairs_fallback"
    assert thresholds.viable < thresholds.highly_viable


def test_classification_follows_the_thresholds():
    thresholds = engine.Thresholds(viable=0.3, highly_viable=0.5)
    assert list(engine.classify([0.1, 0.3, 0.49, 0.5, 0.9], thresholds)) == ["", "viable", "viable", "highly_viable", "highly_viable"]
    assert engine.classify(0.2, thresholds) == ""


def test_top_destinations_rank_by_score_and_skip_the_origin_and_masked_ones():
    scores = engine.Scores(score=np.array([0.9, 0.5, 0.7, 0.7, 0.1]), coverage=np.zeros(5), activity=np.zeros(5))
    assert engine.top_destinations(scores, 3, exclude=0).tolist() == [2, 3, 1]
    assert engine.top_destinations(scores, 10, mask=[True, True, False, False, True]).tolist() == [0, 1, 4]


def test_upper_groups_walk_through_broader_skills_to_level_two_groups():
    edges = [("skill-a", "skill-b"), ("skill-b", "S1.2.3"), ("S1.2.3", "S1.2"), ("S1.2", "S1"), ("skill-c", "071")]
    reach = engine.upper_groups(edges, ["skill-a", "skill-c", "skill-d"], engine.is_level_2)
    assert reach == {"skill-a": {"S1.2"}, "skill-c": {"071"}, "skill-d": set()}
    assert engine.is_level_2("T1.1") and not engine.is_level_2("S1") and not engine.is_level_2("0713")

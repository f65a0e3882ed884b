"""Work-to-work transition scores between occupations (plain NumPy/SciPy, no ORM).

The score of a move from origin A to destination B has two components:

* **coverage** — the share of B's essential skills that A already has, each
  skill weighted by its rarity (``matching.engine.SkillSpace.weight``). A skill
  A holds as essential counts fully, one A lists only as optional counts
  ``OPTIONAL_HELD`` (an optional skill is not practised by everyone in the
  occupation). A skill A lacks still earns ``RELATED_CREDIT`` of its weight
  through A's closely related skills, exactly as in matching (the skill
  space's credit clusters). Per destination skill *t*::

      earned(t) = (1 - RELATED_CREDIT) * held(t) + RELATED_CREDIT * Σ_k credit[t, k] * touched(k)

  with ``held`` 1 / OPTIONAL_HELD / 0 and ``touched(k)`` the highest ``held``
  over the members of cluster *k*. A skill always lies in its own credit
  clusters, so a held skill earns its whole weight; adding a skill to A never
  lowers coverage. Coverage reads only B's essential skills (what an employer
  of B cannot do without); a destination without essential skills is read on
  its optional ones.

* **activity** — the cosine of both occupations' profiles over the upper level
  of the ESCO skills hierarchy (level-2 groups: "S1.2", "T1.1", ISCED-F
  3-digit fields like "071"). A skill adds ``ESSENTIAL_ACTIVITY`` (essential)
  or 1 (optional) to the groups above it, split over them. This tells that a
  technician moves more easily to other technical maintenance work than to a
  desk job even when few skills are literally shared. It is symmetric.

``score = COVERAGE_WEIGHT * coverage + ACTIVITY_WEIGHT * activity``, in [0, 1];
asymmetric through coverage: an electrician covers much of a wind-farm
technician's essentials, not the other way round.

Everything is sparse matrix algebra, so the full matrix for all ESCO
occupations is a few products (seconds), and one origin or one person against
every destination is one sparse row times a matrix (milliseconds).
"""

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from loket.matching.engine import RELATED_CREDIT

OPTIONAL_HELD = 0.5
ESSENTIAL_ACTIVITY = 2.0
COVERAGE_WEIGHT = 2.0 / 3.0
ACTIVITY_WEIGHT = 1.0 / 3.0

HIGHLY_VIABLE = "highly_viable"
VIABLE = "viable"

# The upper level of the skills hierarchy the activity profile is read on.
LEVEL_2_CODE = re.compile(r"^(?:[A-Z]\d+\.\d+|\d{3})$")


def is_level_2(code):
    return bool(LEVEL_2_CODE.match(code or ""))


def upper_groups(broader_edges, start_nodes, is_target):
    """For each start node, the set of target nodes reachable upwards through ``broader_edges``.

    ``broader_edges``: (narrower key, broader key) pairs; the walk stops at a target
    (a level-2 group is not also counted through its own parents).
    """
    up = defaultdict(list)
    for narrower, broader in broader_edges:
        up[narrower].append(broader)
    memo = {}

    def reach(node, visiting):
        if node in memo:
            return memo[node]
        found = set()
        for parent in up.get(node, ()):
            if parent in visiting:
                continue
            if is_target(parent):
                found.add(parent)
            else:
                found |= reach(parent, visiting | {parent})
        memo[node] = found
        return found

    return {node: reach(node, {node}) for node in start_nodes}


@dataclass(frozen=True)
class TransitionSpace:
    """Every occupation as sparse rows over skills, clusters and activity groups."""

    held: sparse.csr_matrix  # (O, S) 1 essential, OPTIONAL_HELD optional
    touched: sparse.csr_matrix  # (O, K) highest held level among each cluster's members
    need: sparse.csc_matrix  # (S, O) destination's normalised weights on its essential skills
    need_related: sparse.csc_matrix  # (K, O) credit.T @ need
    activity_profile: np.ndarray  # (O, G) unit-length rows
    membership: sparse.csr_matrix  # (S, K) from the skill space
    skill_activity: sparse.csr_matrix  # (S, G) a skill's share in each level-2 group

    @property
    def n_occupations(self):
        return self.held.shape[0]


def build_transition_space(skill_space, n_occupations, essential_pairs, optional_pairs, skill_groups=None, n_groups=0):
    """``essential_pairs`` / ``optional_pairs``: (occupation positions, skill positions) arrays.

    ``skill_groups``: (skill positions, level-2 group positions) arrays, each pair a
    skill under a group (a skill under several groups splits its weight).
    """
    n_skills = skill_space.n_skills
    ess_o, ess_s = (np.asarray(a, dtype=np.int64) for a in essential_pairs)
    opt_o, opt_s = (np.asarray(a, dtype=np.int64) for a in optional_pairs)
    essential = _binary((ess_o, ess_s), (n_occupations, n_skills))
    optional = _binary((opt_o, opt_s), (n_occupations, n_skills))
    optional = optional - optional.multiply(essential)  # listed as both: essential
    optional.eliminate_zeros()

    held = (essential + OPTIONAL_HELD * optional).tocsr()
    touched = _touched(held, essential, optional, skill_space.membership)

    # Destination weights: rarity over the essential skills, summing to 1 per destination.
    has_essential = np.asarray(essential.sum(axis=1)).ravel() > 0
    base = essential + sparse.diags((~has_essential).astype(np.float64)) @ optional
    base = (base.tocsr() > 0).astype(np.float64)
    raw = base @ sparse.diags(skill_space.weight)
    totals = np.asarray(raw.sum(axis=1)).ravel()
    need = (sparse.diags(np.where(totals > 0, 1.0 / np.where(totals > 0, totals, 1.0), 0.0)) @ raw).T.tocsc()
    need_related = (skill_space.credit.T @ need).tocsc()

    if skill_groups is None or n_groups == 0:
        skill_activity = sparse.csr_matrix((n_skills, max(n_groups, 1)))
    else:
        g_s, g_g = (np.asarray(a, dtype=np.int64) for a in skill_groups)
        skill_activity = _binary((g_s, g_g), (n_skills, n_groups))
        per_skill = np.asarray(skill_activity.sum(axis=1)).ravel()
        skill_activity = (sparse.diags(np.where(per_skill > 0, 1.0 / np.maximum(per_skill, 1), 0.0)) @ skill_activity).tocsr()
    profile = ((ESSENTIAL_ACTIVITY * essential + optional) @ skill_activity).toarray()
    return TransitionSpace(
        held=held,
        touched=touched,
        need=need,
        need_related=need_related,
        activity_profile=_unit_rows(profile),
        membership=skill_space.membership.tocsr(),
        skill_activity=skill_activity,
    )


def _binary(pairs, shape):
    rows, cols = pairs
    matrix = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _unit_rows(matrix):
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _touched(held, essential, optional, membership):
    """(rows, K): 1 where an essential skill lies in the cluster, else OPTIONAL_HELD where an optional one does."""
    by_essential = (essential @ membership).tocsr()
    by_essential.data[:] = 1.0
    by_optional = (optional @ membership).tocsr()
    by_optional.data[:] = OPTIONAL_HELD
    return by_essential.maximum(by_optional).tocsr()


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Scores:
    score: np.ndarray
    coverage: np.ndarray
    activity: np.ndarray


def combine(coverage, activity):
    return COVERAGE_WEIGHT * coverage + ACTIVITY_WEIGHT * activity


def full_matrix(space):
    """Scores for every origin (rows) to every destination (columns), diagonal included."""
    direct = (space.held @ space.need).toarray()
    related = (space.touched @ space.need_related).toarray()
    coverage = (1.0 - RELATED_CREDIT) * direct + RELATED_CREDIT * related
    activity = space.activity_profile @ space.activity_profile.T
    return Scores(score=combine(coverage, activity), coverage=coverage, activity=activity)


def scores_from_occupation(space, origin):
    """One origin occupation against every destination."""
    return _row_scores(space, space.held[origin], space.touched[origin], space.activity_profile[origin])


def scores_from_skills(space, skill_positions):
    """A person's skills (each held fully) against every destination occupation."""
    skill_positions = np.unique(np.asarray(skill_positions, dtype=np.int64))
    n_skills = space.membership.shape[0]
    held = sparse.csr_matrix(
        (np.ones(skill_positions.size), (np.zeros(skill_positions.size, dtype=np.int64), skill_positions)), shape=(1, n_skills)
    )
    touched = (held @ space.membership).tocsr()
    touched.data[:] = 1.0
    profile = (ESSENTIAL_ACTIVITY * held @ space.skill_activity).toarray()
    return _row_scores(space, held, touched, _unit_rows(profile)[0])


def _row_scores(space, held_row, touched_row, profile):
    direct = np.asarray((held_row @ space.need).todense()).ravel()
    related = np.asarray((touched_row @ space.need_related).todense()).ravel()
    coverage = (1.0 - RELATED_CREDIT) * direct + RELATED_CREDIT * related
    activity = space.activity_profile @ np.asarray(profile).ravel()
    return Scores(score=combine(coverage, activity), coverage=coverage, activity=activity)


# --------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Thresholds:
    viable: float
    highly_viable: float


# A move counts as viable when it scores at least as well as the weaker quarter of
# moves between occupations in one ISCO unit group (VIABLE_PERCENTILE), and as
# highly viable when it scores like a typical such move (their median): sibling
# occupations are the moves the classification itself says are near.
VIABLE_PERCENTILE = 25.0
HIGHLY_VIABLE_PERCENTILE = 50.0
# Below this many same-group pairs (a tiny taxonomy) the thresholds come from
# the top of all pairs instead.
MIN_GROUP_PAIRS = 10
FALLBACK_PERCENTILES = (90.0, 97.0)


def calibrate(scores, unit_group):
    """Thresholds and statistics from the score matrix and each occupation's ISCO unit group (equal keys = same group).

    Returns (Thresholds, statistics dict).
    """
    score = np.asarray(scores, dtype=np.float64)
    n = score.shape[0]
    groups = np.asarray(unit_group)
    same = groups[:, None] == groups[None, :]
    off_diagonal = ~np.eye(n, dtype=bool)
    same_pairs = score[same & off_diagonal]
    all_pairs = score[off_diagonal]
    if same_pairs.size >= MIN_GROUP_PAIRS:
        viable = float(np.percentile(same_pairs, VIABLE_PERCENTILE))
        highly = float(np.percentile(same_pairs, HIGHLY_VIABLE_PERCENTILE))
        method = "same_unit_group"
    else:
        viable, highly = (float(np.percentile(all_pairs, p)) if all_pairs.size else 1.0 for p in FALLBACK_PERCENTILES)
        method = "all_pairs_fallback"
    percentiles = [5, 25, 50, 75, 95, 99]

    def summary(values):
        if not values.size:
            return {"pairs": 0}
        return {"pairs": int(values.size), "mean": float(values.mean()), **{f"p{p}": float(np.percentile(values, p)) for p in percentiles}}

    statistics = {
        "method": method,
        "occupations": int(n),
        "same_unit_group": summary(same_pairs),
        "all_pairs": summary(all_pairs),
        "share_viable": float((all_pairs >= viable).mean()) if all_pairs.size else 0.0,
        "share_highly_viable": float((all_pairs >= highly).mean()) if all_pairs.size else 0.0,
        "same_group_share_viable": float((same_pairs >= viable).mean()) if same_pairs.size else 0.0,
    }
    return Thresholds(viable=viable, highly_viable=highly), statistics


def classify(score, thresholds):
    """"highly_viable", "viable" or "" for one score or an array of scores."""
    score = np.asarray(score, dtype=np.float64)
    labels = np.where(score >= thresholds.highly_viable, HIGHLY_VIABLE, np.where(score >= thresholds.viable, VIABLE, ""))
    return str(labels) if labels.ndim == 0 else labels


def top_destinations(scores, limit, mask=None, exclude=None):
    """Positions of the best destinations by score (ties by position), optionally masked and excluding one."""
    keep = np.ones(scores.score.shape[0], dtype=bool) if mask is None else np.asarray(mask, dtype=bool).copy()
    if exclude is not None:
        keep[exclude] = False
    candidates = np.flatnonzero(keep)
    if candidates.size == 0 or limit <= 0:
        return candidates[:0]
    values = scores.score[candidates]
    if candidates.size > limit:
        part = np.argpartition(-values, limit - 1)[:limit]
        candidates, values = candidates[part], values[part]
    order = np.lexsort((candidates, -values))
    return candidates[order]

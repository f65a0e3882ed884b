"""Learning routes as weighted set cover with a budget (plain data, NumPy/SciPy, no ORM).

A route picks offerings that teach the skills a person misses for a goal.
The objective is lexicographic:

1. cover as much of the gap as possible, by weight (an essential skill weighs
   ``ESSENTIAL_WEIGHT``, an optional one ``OPTIONAL_WEIGHT``);
2. among those routes, the least total price;
3. among those, the least total study hours.

``quality(route)`` is that order as a tuple, so routes compare with ``>``.

Exact: ``scipy.optimize.milp`` (HiGHS). First the cheapest cover of every
coverable skill, minimising ``price * H + hours`` (H = one more than the
largest possible hours, so price always comes first); without a budget, or
when it fits the budget, that is the optimum. Otherwise two stages under the
budget: the largest coverable weight, then the least ``price * H + hours``
with that weight held. Each solve with ``mip_rel_gap=0`` and a time limit. Used when the instance after pruning has at
most ``EXACT_MAX_OFFERINGS`` offerings; otherwise, or when HiGHS does not prove
optimality in time, the greedy below.

Greedy: weighted set cover by the best ratio of newly covered skills to price.
Without a budget every coverable skill gets covered (as in the exact route) and
the price is at most H(k) = 1 + 1/2 + ... + 1/k times the optimum, k the most
missing skills one offering teaches (Chvatal 1979). With a budget it is budgeted
maximum coverage: the better of the greedy route and the best single affordable
offering covers at least (1 - 1/e)/2 of the optimal weight (Khuller, Moss and
Naor 1999).
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

ESSENTIAL_WEIGHT = 2
OPTIONAL_WEIGHT = 1
# HiGHS solves covering problems of this size in milliseconds; larger pruned
# instances are rare (pruning leaves the Pareto front per skill set) and go greedy.
EXACT_MAX_OFFERINGS = 300
EXACT_TIME_LIMIT_S = 0.08  # per stage; a route is planned while the person waits

EXACT = "exact"
GREEDY = "greedy"


@dataclass(frozen=True)
class Candidate:
    """One offering as the optimiser sees it: ``skills`` are the missing skills it teaches."""

    id: int
    price_cents: int
    hours: int
    skills: frozenset
    start: int = 0  # date ordinal; orders the route and breaks ties (earlier first)
    group: object = None  # the course: only the best offering of a course is a candidate


@dataclass(frozen=True)
class Route:
    chosen: tuple  # candidate ids, in start order
    covered: tuple  # skill ids
    uncovered: tuple
    covered_weight: int
    total_weight: int
    price_cents: int
    hours: int
    method: str
    bound: float | None = None  # H(k) for a greedy route without budget
    k: int = 0
    candidates: int = 0  # offered to the optimiser
    pruned: int = 0  # left after pruning
    timings: dict = field(default_factory=dict, compare=False)


def quality(route):
    """Larger is better: covered weight, then lower price, then fewer hours."""
    return (route.covered_weight, -route.price_cents, -route.hours)


def harmonic(k):
    return sum(1 / i for i in range(1, k + 1))


def weights_for(missing_essential, missing_optional):
    """Skill id -> weight; a skill both essential and optional counts as essential."""
    weights = {skill: OPTIONAL_WEIGHT for skill in missing_optional}
    weights.update({skill: ESSENTIAL_WEIGHT for skill in missing_essential})
    return weights


def _order(candidate):
    return (candidate.price_cents, candidate.hours, candidate.start, candidate.id)


def prune(candidates, weights, budget_cents=None):
    """Drop what no best route needs.

    - skills outside the gap, and offerings teaching none of the gap;
    - offerings above the budget;
    - per course (``group``) all but the cheapest, then shortest, then earliest offering;
    - dominated offerings: another teaches a superset for no more price and no more hours.
    """
    useful = []
    for candidate in candidates:
        skills = frozenset(candidate.skills) & weights.keys()
        if not skills or (budget_cents is not None and candidate.price_cents > budget_cents):
            continue
        useful.append(candidate if skills == candidate.skills else _with_skills(candidate, skills))
    best_of_group = {}
    for candidate in sorted(useful, key=_order):
        key = candidate.group if candidate.group is not None else ("offering", candidate.id)
        best_of_group.setdefault(key, candidate)
    ordered = sorted(best_of_group.values(), key=_order)
    if not ordered:
        return []
    skill_index = {skill: i for i, skill in enumerate(sorted(weights, key=str))}
    matrix = np.zeros((len(ordered), len(skill_index)), dtype=bool)
    for row, candidate in enumerate(ordered):
        matrix[row, [skill_index[s] for s in candidate.skills]] = True
    packed = np.packbits(matrix, axis=1)
    hours = np.array([c.hours for c in ordered])
    kept = []  # rows; candidates come cheapest first, so a dominator is always earlier
    for row in range(len(ordered)):
        if kept:
            kept_rows = np.array(kept)
            superset = np.all((packed[kept_rows] & packed[row]) == packed[row], axis=1)
            if np.any(superset & (hours[kept_rows] <= hours[row])):
                continue
        kept.append(row)
    return [ordered[row] for row in kept]


def _with_skills(candidate, skills):
    return Candidate(candidate.id, candidate.price_cents, candidate.hours, skills, candidate.start, candidate.group)


def _route(chosen, weights, method, **extra):
    covered = set().union(*(c.skills for c in chosen)) & weights.keys() if chosen else set()
    chosen = sorted(chosen, key=lambda c: (c.start, c.id))
    return Route(
        chosen=tuple(c.id for c in chosen),
        covered=tuple(sorted(covered, key=str)),
        uncovered=tuple(sorted(weights.keys() - covered, key=str)),
        covered_weight=sum(weights[s] for s in covered),
        total_weight=sum(weights.values()),
        price_cents=sum(c.price_cents for c in chosen),
        hours=sum(c.hours for c in chosen),
        method=method,
        **extra,
    )


def greedy(candidates, weights, budget_cents=None):
    """Greedy weighted set cover (see the module docstring for its bounds)."""
    k = max((len(frozenset(c.skills) & weights.keys()) for c in candidates), default=0)
    affordable = [c for c in candidates if budget_cents is None or c.price_cents <= budget_cents]
    chosen, covered, spent = [], set(), 0
    left = list(affordable)
    while True:
        best, best_key = None, None
        for candidate in left:
            if budget_cents is not None and spent + candidate.price_cents > budget_cents:
                continue
            new = candidate.skills - covered
            if not new:
                continue
            # Without a budget all coverable skills get covered, so count skills
            # (Chvatal's ratio, H(k)); with one, weight decides what fits.
            gain = sum(weights[s] for s in new) if budget_cents is not None else len(new)
            ratio = math.inf if candidate.price_cents == 0 else gain / candidate.price_cents
            key = (ratio, gain, -candidate.hours, -candidate.start, -candidate.id)
            if best_key is None or key > best_key:
                best, best_key = candidate, key
        if best is None:
            break
        chosen.append(best)
        covered |= best.skills
        spent += best.price_cents
        left.remove(best)
    chosen = _drop_redundant(chosen)
    route = _route(chosen, weights, GREEDY, k=k, bound=harmonic(k) if budget_cents is None else None)
    if budget_cents is not None and affordable:
        single = max(affordable, key=lambda c: (sum(weights[s] for s in c.skills), -c.price_cents, -c.hours))
        single_route = _route([single], weights, GREEDY, k=k)
        if quality(single_route) > quality(route):
            route = single_route
    return route


def _drop_redundant(chosen):
    """Leave out, dearest first, an offering whose skills the others cover anyway."""
    chosen = list(chosen)
    for candidate in sorted(chosen, key=lambda c: (-c.price_cents, -c.hours)):
        others = [c for c in chosen if c is not candidate]
        if candidate.skills <= set().union(*(c.skills for c in others)):
            chosen = others
    return chosen


def exact(candidates, weights, budget_cents=None, time_limit=EXACT_TIME_LIMIT_S):
    """The lexicographic optimum by MILP, or None when HiGHS does not prove it in time.

    First the cheapest route covering every coverable skill (a plain set cover,
    one MILP): it is the answer without a budget, and with one it fits. Only when
    it does not fit, two stages under the budget: the most weight, then the
    least price and hours at that weight.
    """
    candidates = [c for c in candidates if budget_cents is None or c.price_cents <= budget_cents]
    skills = sorted(set().union(*(c.skills for c in candidates)) & weights.keys(), key=str) if candidates else []
    if not skills:
        return _route([], weights, EXACT)
    n, m = len(candidates), len(skills)
    index = {skill: i for i, skill in enumerate(skills)}
    rows, cols = [], []
    for j, candidate in enumerate(candidates):
        for skill in candidate.skills & weights.keys():
            rows.append(index[skill])
            cols.append(j)
    teaches = csr_array((np.ones(len(rows)), (rows, cols)), shape=(m, n))
    price = np.array([c.price_cents for c in candidates], dtype=float)
    hours = np.array([c.hours for c in candidates], dtype=float)
    # Price first, hours only between equal prices: hours.sum() + 1 hours never outweigh one cent.
    cost = price * float(hours.sum() + 1) + hours
    options = {"time_limit": time_limit, "mip_rel_gap": 0}

    cover_all = milp(cost, constraints=[LinearConstraint(teaches, 1, np.inf)], integrality=np.ones(n), bounds=Bounds(0, 1), options=options)
    if cover_all.status != 0:
        return None
    chosen = [candidates[j] for j in range(n) if cover_all.x[j] > 0.5]
    if budget_cents is None or sum(c.price_cents for c in chosen) <= budget_cents:
        return _route(chosen, weights, EXACT)

    weight = np.array([weights[s] for s in skills], dtype=float)
    # Variables: x (n offerings chosen), then y (m skills covered), y_i <= sum of the x teaching i.
    constraints = [
        LinearConstraint(_hstack(-teaches, np.eye(m)), -np.inf, 0),
        LinearConstraint(np.concatenate([price, np.zeros(m)])[None, :], -np.inf, budget_cents),
    ]
    integrality, bounds = np.ones(n + m), Bounds(0, 1)
    most = milp(np.concatenate([np.zeros(n), -weight]), constraints=constraints, integrality=integrality, bounds=bounds, options=options)
    if most.status != 0:
        return None
    held = LinearConstraint(np.concatenate([np.zeros(n), weight])[None, :], round(-most.fun) - 0.5, np.inf)
    cheapest = milp(
        np.concatenate([cost, np.zeros(m)]), constraints=[*constraints, held], integrality=integrality, bounds=bounds, options=options
    )
    if cheapest.status != 0:
        return None
    return _route([candidates[j] for j in range(n) if cheapest.x[j] > 0.5], weights, EXACT)


def _hstack(left, right):
    from scipy.sparse import hstack

    return hstack([left, csr_array(right)]).tocsr()


def plan(candidates, missing_essential, missing_optional=(), budget_cents=None, *, max_exact=EXACT_MAX_OFFERINGS, use_pruning=True):
    """The best route for a gap: exact when the pruned instance is small enough, else greedy."""
    started = time.perf_counter()
    weights = weights_for(missing_essential, missing_optional)
    candidates = list(candidates)
    pruned = prune(candidates, weights, budget_cents) if use_pruning else [
        _with_skills(c, frozenset(c.skills) & weights.keys()) for c in candidates if frozenset(c.skills) & weights.keys()
    ]
    pruned_at = time.perf_counter()
    route = exact(pruned, weights, budget_cents) if len(pruned) <= max_exact else None
    if route is None:
        route = greedy(pruned, weights, budget_cents)
    done = time.perf_counter()
    return Route(
        **{name: getattr(route, name) for name in ("chosen", "covered", "uncovered", "covered_weight", "total_weight", "price_cents", "hours", "method", "bound", "k")},
        candidates=len(candidates),
        pruned=len(pruned),
        timings={"prune_ms": (pruned_at - started) * 1000, "solve_ms": (done - pruned_at) * 1000},
    )

"""Skills-based matching between people and vacancies, both ways (plain NumPy/SciPy, no ORM).

The score of person *i* for vacancy *j* is the share of the vacancy's required
skills the person covers, each required skill weighted by

* its importance: essential counts ``ESSENTIAL_WEIGHT`` times an optional one;
* its rarity: ``1 + log((1 + occupations) / (1 + occupations requiring it))``,
  so a skill every occupation asks for (teamwork) weighs less than a specialist one.

A skill the person does not have still earns ``RELATED_CREDIT`` of its weight
through a closely related skill the person does have. "Closely related" is
taken from ESCO: skills under the same small broader concept (a group of at
most ``MAX_CLUSTER_SIZE``), and ESCO's own skill-to-skill relations. Each
required skill *t* has its *credit clusters*; it earns the related credit in
proportion to how many of them the person touches. Because a skill always
belongs to its own credit clusters, the score is linear in two sparse
vectors per person (skills held, clusters touched)::

    score = (1 - RELATED_CREDIT) * skills · w  +  RELATED_CREDIT * clusters · (w @ credit)

which is what makes both directions sparse dot products, and why adding a skill
to a person can never lower a score.

Open-hiring vacancies ask for no skills; they rank by how well they fit the
person's wishes (distance, hours) only.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numba
import numpy as np
from scipy import sparse

ESSENTIAL_WEIGHT = 2.0
OPTIONAL_WEIGHT = 1.0
RELATED_CREDIT = 0.5
MAX_CLUSTER_SIZE = 40
# A vacancy may ask one NLQF level more than a person's highest diploma: skills
# count for more than papers, but a master's post is not offered to MBO 2.
LEVEL_SLACK = 1

KINDS = ("job", "internship", "bbl", "open_hiring")
KIND_INDEX = {kind: index for index, kind in enumerate(KINDS)}
OPEN_HIRING = KIND_INDEX["open_hiring"]
ALL_KINDS_MASK = (1 << len(KINDS)) - 1
NO_PLACE = -1


# --------------------------------------------------------------------------- skills


@dataclass(frozen=True)
class SkillSpace:
    """The skills of a taxonomy as positions 0..S-1, their rarity weights and closeness clusters."""

    weight: np.ndarray  # (S,) rarity weight
    membership: sparse.csr_matrix  # (S, K) 1 where skill s lies in cluster k
    credit: sparse.csr_matrix  # (S, K) skill t's credit clusters, each 1/|clusters of t|

    @property
    def n_skills(self):
        return self.weight.shape[0]

    @property
    def n_clusters(self):
        return self.membership.shape[1]

    def clusters_of(self, skills):
        """Positions of the clusters touched by a set of skill positions."""
        skills = np.asarray(skills, dtype=np.int64)
        if skills.size == 0:
            return np.empty(0, dtype=np.int64)
        rows = self.membership[skills]
        return np.unique(rows.indices).astype(np.int64)


def rarity_weights(demand_counts, n_profiles):
    demand_counts = np.asarray(demand_counts, dtype=np.float64)
    return 1.0 + np.log((1.0 + n_profiles) / (1.0 + demand_counts))


def build_skill_space(demand_counts, n_profiles, broader_pairs=(), related_pairs=(), max_cluster_size=MAX_CLUSTER_SIZE):
    """Build the skill space.

    ``demand_counts[s]``: in how many of the ``n_profiles`` occupation profiles skill *s* appears.
    ``broader_pairs``: (skill position, broader concept key) — a skill's direct broader concepts.
    ``related_pairs``: (skill position, skill position) — ESCO skill-to-skill relations, either direction.
    """
    weight = rarity_weights(demand_counts, n_profiles)
    n_skills = weight.shape[0]

    groups = defaultdict(set)
    for skill, key in broader_pairs:
        groups[key].add(int(skill))
    neighbours = defaultdict(set)
    for a, b in related_pairs:
        if a != b:
            neighbours[int(a)].add(int(b))
            neighbours[int(b)].add(int(a))

    member_rows, member_cols, credit_rows, credit_cols = [], [], [], []
    cluster = 0
    for key in sorted(groups, key=str):
        members = groups[key]
        if 2 <= len(members) <= max_cluster_size:
            for skill in members:
                member_rows.append(skill)
                member_cols.append(cluster)
                credit_rows.append(skill)
                credit_cols.append(cluster)
            cluster += 1
    for skill in sorted(neighbours):
        # Credit for *skill* through its own neighbours only, never through a neighbour's neighbours.
        for member in neighbours[skill] | {skill}:
            member_rows.append(member)
            member_cols.append(cluster)
        credit_rows.append(skill)
        credit_cols.append(cluster)
        cluster += 1
    has_credit = np.zeros(n_skills, dtype=bool)
    has_credit[np.asarray(credit_rows, dtype=np.int64)] = True
    for skill in np.flatnonzero(~has_credit):
        member_rows.append(int(skill))
        member_cols.append(cluster)
        credit_rows.append(int(skill))
        credit_cols.append(cluster)
        cluster += 1

    membership = sparse.csr_matrix(
        (np.ones(len(member_rows)), (member_rows, member_cols)), shape=(n_skills, cluster), dtype=np.float64
    )
    membership.data[:] = 1.0  # a skill listed twice in one cluster is still one member
    credit = sparse.csr_matrix((np.ones(len(credit_rows)), (credit_rows, credit_cols)), shape=(n_skills, cluster))
    credit.data[:] = 1.0
    per_skill = np.asarray(credit.sum(axis=1)).ravel()
    credit = sparse.diags(1.0 / per_skill) @ credit
    return SkillSpace(weight=weight, membership=membership, credit=credit.tocsr())


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Places:
    """Municipalities as positions, their region positions and the distances between them."""

    region: np.ndarray  # (M,) region position per municipality
    distance_km: np.ndarray  # (M, M)

    def region_bit(self, municipality):
        return 1 << int(self.region[municipality])


# --------------------------------------------------------------------------- the two sides


@dataclass(frozen=True)
class PersonProfile:
    """One person as the engine sees them: skill positions and wishes."""

    skills: np.ndarray  # skill positions held
    municipality: int = NO_PLACE
    max_km: float = 25.0
    region_mask: int = 0  # regions (bit per region position) where the person also wants to work
    hours_min: int = 0
    hours_max: int = 40
    level: int = 0  # highest NLQF level, 0 unknown
    kinds_mask: int = ALL_KINDS_MASK  # vacancy kinds the person is open to
    sector_mask: int = 0  # wished sectors as bits, 0 for any


@dataclass(frozen=True)
class VacancyProfile:
    """One vacancy as the engine sees it."""

    skills: np.ndarray  # required skill positions
    essential: np.ndarray  # bool per required skill
    kind: int = 0
    municipality: int = NO_PLACE
    level: int = 0
    hours_min: int = 0
    hours_max: int = 40
    sector: int = -1


def vacancy_weights(space, skills, essential):
    """Normalised weights of a vacancy's required skills (they sum to 1)."""
    skills = np.asarray(skills, dtype=np.int64)
    essential = np.asarray(essential, dtype=bool)
    if skills.size == 0:
        return np.empty(0)
    raw = space.weight[skills] * np.where(essential, ESSENTIAL_WEIGHT, OPTIONAL_WEIGHT)
    return raw / raw.sum()


@dataclass
class People:
    """Every person in the index, column-wise for vacancy → people queries."""

    ids: np.ndarray  # (n,) external ids (passport ids)
    by_skill: sparse.csr_matrix  # (S, n) 1 where person holds skill
    by_cluster: sparse.csr_matrix  # (K, n) 1 where person touches cluster
    municipality: np.ndarray  # int32, NO_PLACE if unknown
    max_km: np.ndarray  # float32
    region_mask: np.ndarray  # int32
    hours_min: np.ndarray  # int16
    hours_max: np.ndarray
    level: np.ndarray  # int8
    kinds_mask: np.ndarray  # int8
    sector_mask: np.ndarray  # int32
    findable: np.ndarray  # bool
    position: dict = field(default_factory=dict)  # external id → position

    def __len__(self):
        return self.ids.shape[0]

    def profile(self, index):
        """The engine's view of the person at position *index* (for explanations and batch checks)."""
        column = self.by_skill[:, index]
        return PersonProfile(
            skills=column.nonzero()[0].astype(np.int64),
            municipality=int(self.municipality[index]),
            max_km=float(self.max_km[index]),
            region_mask=int(self.region_mask[index]),
            hours_min=int(self.hours_min[index]),
            hours_max=int(self.hours_max[index]),
            level=int(self.level[index]),
            kinds_mask=int(self.kinds_mask[index]),
            sector_mask=int(self.sector_mask[index]),
        )


@dataclass
class Vacancies:
    """Every open vacancy in the index, column-wise for person → vacancies queries."""

    ids: np.ndarray
    by_skill: sparse.csr_matrix  # (S, m) normalised weight of skill in vacancy
    by_cluster: sparse.csr_matrix  # (K, m) weight earned through cluster
    kind: np.ndarray  # int8
    municipality: np.ndarray  # int32
    level: np.ndarray  # int8
    hours_min: np.ndarray
    hours_max: np.ndarray
    sector: np.ndarray  # int8, -1 unknown
    position: dict = field(default_factory=dict)

    def __len__(self):
        return self.ids.shape[0]


def build_people(space, ids, skill_person_pairs, **wishes):
    """``skill_person_pairs``: (skill positions, person positions) arrays; ``wishes``: the People arrays."""
    n = len(ids)
    skills, persons = (np.asarray(a, dtype=np.int64) for a in skill_person_pairs)
    by_skill = sparse.csr_matrix((np.ones(skills.size, dtype=np.float32), (skills, persons)), shape=(space.n_skills, n))
    by_skill.sum_duplicates()
    by_skill.data[:] = 1.0
    by_cluster = (space.membership.T.astype(np.float32) @ by_skill).tocsr()
    by_cluster.data[:] = 1.0
    ids = np.asarray(ids, dtype=np.int64)
    return People(
        ids=ids,
        by_skill=by_skill,
        by_cluster=by_cluster,
        position={int(value): index for index, value in enumerate(ids)},
        **_as_arrays(
            wishes,
            n,
            municipality=(np.int32, NO_PLACE),
            max_km=(np.float32, 25.0),
            region_mask=(np.int32, 0),
            hours_min=(np.int16, 0),
            hours_max=(np.int16, 40),
            level=(np.int8, 0),
            kinds_mask=(np.int8, ALL_KINDS_MASK),
            sector_mask=(np.int32, 0),
            findable=(bool, False),
        ),
    )


def build_vacancies(space, ids, skill_vacancy_essential, **facts):
    """``skill_vacancy_essential``: (skill positions, vacancy positions, essential flags) arrays."""
    m = len(ids)
    skills, vacancies, essential = (np.asarray(a) for a in skill_vacancy_essential)
    skills = skills.astype(np.int64)
    vacancies = vacancies.astype(np.int64)
    raw = space.weight[skills] * np.where(essential.astype(bool), ESSENTIAL_WEIGHT, OPTIONAL_WEIGHT)
    totals = np.bincount(vacancies, weights=raw, minlength=m)
    normalised = raw / np.where(totals[vacancies] > 0, totals[vacancies], 1.0)
    by_skill = sparse.csr_matrix((normalised.astype(np.float32), (skills, vacancies)), shape=(space.n_skills, m))
    by_cluster = (space.credit.T.astype(np.float32) @ by_skill).tocsr()
    ids = np.asarray(ids, dtype=np.int64)
    return Vacancies(
        ids=ids,
        by_skill=by_skill,
        by_cluster=by_cluster,
        position={int(value): index for index, value in enumerate(ids)},
        **_as_arrays(
            facts,
            m,
            kind=(np.int8, 0),
            municipality=(np.int32, NO_PLACE),
            level=(np.int8, 0),
            hours_min=(np.int16, 0),
            hours_max=(np.int16, 40),
            sector=(np.int8, -1),
        ),
    )


def _as_arrays(given, n, **spec):
    unknown = set(given) - set(spec)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    arrays = {}
    for name, (dtype, default) in spec.items():
        value = given.get(name)
        arrays[name] = np.full(n, default, dtype=dtype) if value is None else np.asarray(value, dtype=dtype)
        if arrays[name].shape != (n,):
            raise ValueError(f"{name} has shape {arrays[name].shape}, expected ({n},)")
    return arrays


# --------------------------------------------------------------------------- scoring


@numba.njit(cache=True, nogil=True)
def _add_rows(indptr, indices, data, rows, row_weights, out):
    for r in range(rows.shape[0]):
        weight = row_weights[r]
        for k in range(indptr[rows[r]], indptr[rows[r] + 1]):
            out[indices[k]] += np.float64(data[k]) * weight


def _weighted_row_sum(matrix, rows, row_weights, length):
    """Σ_r row_weights[r] · matrix[rows[r]] as a dense vector, touching only those rows.

    A compiled loop adds straight into the result, in row order; gathering the
    rows for np.bincount first cost more than the sums (a vacancy's clusters
    reach millions of people at provincial scale).
    """
    out = np.zeros(length)
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size:
        _add_rows(matrix.indptr, matrix.indices, matrix.data, rows, np.asarray(row_weights, dtype=np.float64), out)
    return out


def skill_scores_for_person(space, vacancies, person_skills):
    """Skill score of one person for every vacancy in the index."""
    person_skills = np.unique(np.asarray(person_skills, dtype=np.int64))
    clusters = space.clusters_of(person_skills)
    m = len(vacancies)
    direct = _weighted_row_sum(vacancies.by_skill, person_skills, np.ones(person_skills.size), m)
    related = _weighted_row_sum(vacancies.by_cluster, clusters, np.ones(clusters.size), m)
    return (1.0 - RELATED_CREDIT) * direct + RELATED_CREDIT * related


def skill_scores_for_vacancy(space, people, skills, essential):
    """Skill score of every person in the index for one vacancy's requirements."""
    skills = np.asarray(skills, dtype=np.int64)
    weights = vacancy_weights(space, skills, essential)
    n = len(people)
    direct = _weighted_row_sum(people.by_skill, skills, weights, n)
    cluster_weights = space.credit[skills].T @ weights if skills.size else np.empty(0)
    clusters = np.flatnonzero(cluster_weights)
    related = _weighted_row_sum(people.by_cluster, clusters, cluster_weights[clusters], n)
    return (1.0 - RELATED_CREDIT) * direct + RELATED_CREDIT * related


def skill_score(space, person_skills, skills, essential):
    """The skill score of one person for one vacancy, computed directly (the reference for the fast paths)."""
    skills = np.asarray(skills, dtype=np.int64)
    if skills.size == 0:
        return 0.0
    weights = vacancy_weights(space, skills, essential)
    held = np.isin(skills, np.asarray(person_skills, dtype=np.int64))
    touched = np.zeros(space.n_clusters)
    touched[space.clusters_of(person_skills)] = 1.0
    related_share = space.credit[skills] @ touched
    credit = (1.0 - RELATED_CREDIT) * held + RELATED_CREDIT * related_share
    return float(weights @ credit)


# --------------------------------------------------------------------------- wishes and hard filters


def _distance(places, origin, destinations):
    """Distance from one municipality to many; NaN where either is unknown."""
    destinations = np.asarray(destinations)
    result = np.full(destinations.shape, np.nan)
    if origin == NO_PLACE:
        return result
    known = destinations != NO_PLACE
    result[known] = places.distance_km[origin, destinations[known]]
    return result


def place_fit(distance, max_km, region_ok):
    """1 at the doorstep, falling to 0 at the person's maximum distance; 0.5 for a wished region further away."""
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = 1.0 - distance / np.maximum(max_km, 1.0)
    fit = np.where(np.isnan(fit), 0.5, np.clip(fit, 0.0, 1.0))
    return np.where((fit <= 0) & region_ok, 0.5, fit)


def hours_fit(person_min, person_max, vacancy_min, vacancy_max):
    """The share of the vacancy's hours range inside the person's range (1 when it fits entirely)."""
    overlap = np.minimum(person_max, vacancy_max) - np.maximum(person_min, vacancy_min)
    span = np.maximum(np.asarray(vacancy_max, dtype=np.float64) - vacancy_min, 1.0)
    return np.clip((overlap + (overlap >= 0)) / (span + 1.0), 0.0, 1.0)


def acceptable(places, person, vacancy_kind, vacancy_municipality, vacancy_level, vacancy_hours_min, vacancy_hours_max, vacancy_sector, distance):
    """Hard filters, vectorised over either side: the pair is shown only where this is True.

    *person* holds arrays or scalars with the PersonProfile fields; the vacancy
    arguments likewise. Place: within the person's maximum distance, or in a
    region they named; no home municipality and no regions means anywhere.
    """
    kind_ok = (np.left_shift(1, vacancy_kind.astype(np.int64)) & person["kinds_mask"]) != 0
    vacancy_region_bit = np.where(
        vacancy_municipality == NO_PLACE, 0, np.left_shift(1, places.region[np.maximum(vacancy_municipality, 0)].astype(np.int64))
    )
    region_ok = (vacancy_region_bit & person["region_mask"]) != 0
    no_place_wish = (person["municipality"] == NO_PLACE) & (person["region_mask"] == 0)
    within = np.where(np.isnan(distance), vacancy_municipality == NO_PLACE, distance <= person["max_km"])
    place_ok = no_place_wish | within | region_ok
    hours_ok = (vacancy_hours_min <= person["hours_max"]) & (vacancy_hours_max >= person["hours_min"])
    level_ok = (vacancy_level == 0) | (person["level"] == 0) | (vacancy_level <= person["level"] + LEVEL_SLACK)
    sector_ok = (person["sector_mask"] == 0) | (vacancy_sector < 0) | (
        (np.left_shift(1, np.maximum(vacancy_sector, 0).astype(np.int64)) & person["sector_mask"]) != 0
    )
    return kind_ok & place_ok & hours_ok & level_ok & sector_ok, region_ok


@dataclass(frozen=True)
class Ranked:
    """A ranked list: index positions, external ids, scores, distances (NaN unknown)."""

    positions: np.ndarray
    ids: np.ndarray
    scores: np.ndarray
    distance_km: np.ndarray

    def __len__(self):
        return self.positions.shape[0]

    def __iter__(self):
        return iter(zip(self.ids.tolist(), self.scores.tolist(), self.distance_km.tolist()))


def _best_first(candidates, scores, limit, accepts):
    """The candidates that can still reach the top *limit*: the best-scoring ones, widened until the list is settled.

    Checking wishes costs more than scoring, so they are checked on the best
    scores first. Whoever is left out scores at most the lowest score taken,
    which is below the limit-th accepted score (with room for the rounding in
    _top), so cannot enter the list.
    """
    take = 4 * limit
    while take < candidates.size:
        part = candidates[np.argpartition(-scores[candidates], take - 1)[:take]]
        accepted = part[accepts(part)]
        if accepted.size >= limit:
            kth = -np.partition(-scores[accepted], limit - 1)[limit - 1]
            if scores[part].min() < kth - 2e-9:
                return part
        take *= 4
    return candidates


def _top(scores, distance, eligible, ids, limit):
    """The *limit* best eligible positions by score, nearer first among equals."""
    candidates = np.flatnonzero(eligible & (scores > 0))
    if candidates.size > limit:
        # argpartition keeps the work linear. Everything level with the cut stays in
        # (2e-9 covers the rounding below), so the sort decides which of the tied get in.
        cut = -np.partition(-scores[candidates], limit - 1)[limit - 1]
        candidates = candidates[scores[candidates] >= cut - 2e-9]
    near = np.where(np.isnan(distance[candidates]), np.inf, distance[candidates])
    order = np.lexsort((candidates, near, -np.round(scores[candidates], 9)))[:limit]
    chosen = candidates[order]
    return Ranked(chosen, ids[chosen], scores[chosen], distance[chosen])


def _person_fields(profile):
    return {
        "kinds_mask": profile.kinds_mask,
        "region_mask": profile.region_mask,
        "municipality": profile.municipality,
        "max_km": profile.max_km,
        "hours_min": profile.hours_min,
        "hours_max": profile.hours_max,
        "level": profile.level,
        "sector_mask": profile.sector_mask,
    }


def vacancies_for_person(space, vacancies, places, person, limit=20, kinds_mask=ALL_KINDS_MASK, exclude=None):
    """Rank the open vacancies for one person: skills for ordinary vacancies, wishes for open hiring.

    *kinds_mask* narrows the kinds further than the person's own wishes (a page filter).
    """
    distance = _distance(places, person.municipality, vacancies.municipality)
    wishes = _person_fields(person)
    wishes["kinds_mask"] = person.kinds_mask & kinds_mask
    eligible, region_ok = acceptable(
        places, wishes, vacancies.kind, vacancies.municipality, vacancies.level, vacancies.hours_min, vacancies.hours_max, vacancies.sector, distance
    )
    if exclude is not None:
        eligible &= ~exclude
    scores = skill_scores_for_person(space, vacancies, person.skills)
    open_hiring = vacancies.kind == OPEN_HIRING
    if open_hiring.any():
        fit = 0.5 * place_fit(distance[open_hiring], person.max_km, region_ok[open_hiring]) + 0.5 * hours_fit(
            person.hours_min, person.hours_max, vacancies.hours_min[open_hiring], vacancies.hours_max[open_hiring]
        )
        scores[open_hiring] = fit
    return _top(scores, distance, eligible, vacancies.ids, limit)


def people_for_vacancy(space, people, places, vacancy, limit=50, allowed=None, respect_level=True, exclude=None):
    """Rank the people for one vacancy, among those who may be shown.

    Only findable people are candidates, plus the positions in *allowed*
    (people who accepted contact for this vacancy): consent is part of the
    query, not a filter applied afterwards. Positions in *exclude* are left
    out (for example because the caller lists them apart).
    """
    n = len(people)
    if vacancy.kind == OPEN_HIRING:
        scores = np.ones(n)
    else:
        scores = skill_scores_for_vacancy(space, people, vacancy.skills, vacancy.essential)
    shown = people.findable.copy()
    if allowed is not None and len(allowed):
        shown[np.asarray(allowed, dtype=np.int64)] = True
    if exclude is not None and len(exclude):
        shown[np.asarray(exclude, dtype=np.int64)] = False
    candidates = np.flatnonzero(shown & (scores > 0))

    def distance_and_filters(rows):
        distance = np.full(rows.size, np.nan)
        if vacancy.municipality != NO_PLACE:
            known = people.municipality[rows] != NO_PLACE
            distance[known] = places.distance_km[vacancy.municipality, people.municipality[rows[known]]]
        wishes = {
            "kinds_mask": people.kinds_mask[rows],
            "region_mask": people.region_mask[rows],
            "municipality": people.municipality[rows],
            "max_km": people.max_km[rows],
            "hours_min": people.hours_min[rows],
            "hours_max": people.hours_max[rows],
            "level": people.level[rows] if respect_level else np.zeros(rows.size, dtype=np.int8),
            "sector_mask": people.sector_mask[rows],
        }
        eligible_rows, region_ok = acceptable(
            places,
            wishes,
            np.int64(vacancy.kind),
            np.int64(vacancy.municipality),
            vacancy.level,
            vacancy.hours_min,
            vacancy.hours_max,
            np.int64(vacancy.sector),
            distance,
        )
        return distance, wishes, eligible_rows, region_ok

    if vacancy.kind != OPEN_HIRING:
        candidates = _best_first(candidates, scores, limit, lambda rows: distance_and_filters(rows)[2])
    distance, wishes, eligible_subset, region_ok = distance_and_filters(candidates)
    distance_all = np.full(n, np.nan)
    distance_all[candidates] = distance
    if vacancy.kind == OPEN_HIRING:
        scores[candidates] = 0.5 * place_fit(distance, wishes["max_km"], region_ok) + 0.5 * hours_fit(
            wishes["hours_min"], wishes["hours_max"], vacancy.hours_min, vacancy.hours_max
        )
    eligible = np.zeros(n, dtype=bool)
    eligible[candidates[eligible_subset]] = True
    return _top(scores, distance_all, eligible, people.ids, limit)


# --------------------------------------------------------------------------- explanation


@dataclass(frozen=True)
class Explanation:
    """Why a person scores what they score for a vacancy, skill by skill (positions, not labels)."""

    score: float
    matched_essential: list
    matched_optional: list
    related: list  # (required skill, [person skills through which it counts], credit share 0..1)
    missing_essential: list
    missing_optional: list

    @property
    def essential_coverage(self):
        total = len(self.matched_essential) + len(self.missing_essential) + sum(1 for r in self.related if r[3])
        return len(self.matched_essential) / total if total else 1.0


def explain(space, person_skills, skills, essential):
    """Skill-by-skill explanation of :func:`skill_score` for one person and one vacancy's requirements."""
    person_skills = np.unique(np.asarray(person_skills, dtype=np.int64))
    held = set(person_skills.tolist())
    touched = set(space.clusters_of(person_skills).tolist())
    members = space.membership.T.tocsr()
    matched_essential, matched_optional, related, missing_essential, missing_optional = [], [], [], [], []
    for skill, is_essential in zip(np.asarray(skills, dtype=np.int64).tolist(), np.asarray(essential, dtype=bool).tolist()):
        if skill in held:
            (matched_essential if is_essential else matched_optional).append(skill)
            continue
        credit_row = space.credit[skill]
        through, share = set(), 0.0
        for cluster, part in zip(credit_row.indices.tolist(), credit_row.data.tolist()):
            if cluster in touched:
                share += part
                through.update(s for s in members[cluster].indices.tolist() if s in held)
        if through:
            related.append((skill, sorted(through), share, is_essential))
        else:
            (missing_essential if is_essential else missing_optional).append(skill)
    return Explanation(
        score=skill_score(space, person_skills, skills, essential),
        matched_essential=matched_essential,
        matched_optional=matched_optional,
        related=related,
        missing_essential=missing_essential,
        missing_optional=missing_optional,
    )

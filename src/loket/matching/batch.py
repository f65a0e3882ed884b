"""The nightly batch: every person against every open vacancy, on Dask (no ORM here).

The work is split into blocks of people. For a block, the skill scores are the
sparse products of the engine's module docstring, row by row::

    scores = (1 - RELATED_CREDIT) * P_block @ Vw  +  RELATED_CREDIT * C_block @ VK

with ``P`` the people's skill rows (``people.by_skill.T``), ``C`` the clusters
they touch, ``Vw`` and ``VK`` the vacancies' weights by skill and by cluster.
Each person's row is filtered by their wishes exactly as
:func:`engine.acceptable` does, open-hiring vacancies are scored by wishes as
in :func:`engine.vacancies_for_person`, and only the best ``limit`` are kept,
in the engine's order (score rounded to 1e-9 descending, nearer first, then
the vacancy's position). The answer equals :func:`engine.vacancies_for_person`
for every person, bit for bit.

Why a compiled loop and not ``scipy.sparse`` matrix products: at provincial
scale a third of all (person, vacancy) pairs share a skill or a cluster, so a
block's product is a third dense. SciPy's sparse-times-sparse spends about
3 ms per person building that sparse result, which makes 1.5 million people
take over an hour on two cores. The loop below does the same multiply-adds
into one dense row per person, filters and keeps the top of that row while it
is in cache, and takes about a tenth of that.

The arrays go to each worker once (``Client.scatter(..., broadcast=True)``);
tasks only carry a range of people.
"""

import logging
import math
import os
import time
from dataclasses import dataclass, fields

import numba
import numpy as np

from . import engine

DEFAULT_LIMIT = 20
DEFAULT_BLOCK_SIZE = 5000
# "A good match" for the summary on a run.
GOOD_MATCH = 0.5


# --------------------------------------------------------------------------- the arrays every worker needs


@dataclass(frozen=True)
class BatchData:
    """People row-wise, vacancies column-wise and the map, as plain arrays."""

    person_ids: np.ndarray
    skill_ptr: np.ndarray  # person i's skill positions: skill_idx[skill_ptr[i]:skill_ptr[i + 1]], ascending
    skill_idx: np.ndarray
    cluster_ptr: np.ndarray  # likewise the clusters person i touches
    cluster_idx: np.ndarray
    municipality: np.ndarray
    max_km: np.ndarray
    region_mask: np.ndarray
    hours_min: np.ndarray
    hours_max: np.ndarray
    level: np.ndarray
    kinds_mask: np.ndarray
    sector_mask: np.ndarray
    vacancy_ids: np.ndarray
    weight_ptr: np.ndarray  # Vw: skill s's weight in each vacancy, CSR by skill
    weight_idx: np.ndarray
    weight_data: np.ndarray
    credit_ptr: np.ndarray  # VK: the weight earned through cluster k in each vacancy, CSR by cluster
    credit_idx: np.ndarray
    credit_data: np.ndarray
    vacancy_kind: np.ndarray
    vacancy_place: np.ndarray  # municipality position, len(distance_km) when unknown
    vacancy_level: np.ndarray
    vacancy_hours_min: np.ndarray
    vacancy_hours_max: np.ndarray
    vacancy_sector: np.ndarray
    open_hiring: np.ndarray  # positions of the open-hiring vacancies, by place
    open_hiring_ptr: np.ndarray  # open_hiring[open_hiring_ptr[p]:open_hiring_ptr[p + 1]] are at place p
    region: np.ndarray  # region position per municipality
    distance_km: np.ndarray

    @property
    def n_people(self):
        return self.person_ids.shape[0]

    @property
    def n_vacancies(self):
        return self.vacancy_ids.shape[0]

    @property
    def nbytes(self):
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def _rows(matrix_by_column):
    """CSR rows of the transpose of a (features × items) matrix: per item its feature positions, ascending."""
    rows = matrix_by_column.T.tocsr()
    rows.sort_indices()
    return rows.indptr.astype(np.int64), rows.indices.astype(np.int32)


def _csr(matrix):
    matrix = matrix.tocsr()
    return matrix.indptr.astype(np.int64), matrix.indices.astype(np.int32), matrix.data.astype(np.float32)


def batch_data(people, vacancies, places):
    """The batch's arrays from the engine's People, Vacancies and Places."""
    skill_ptr, skill_idx = _rows(people.by_skill)
    cluster_ptr, cluster_idx = _rows(people.by_cluster)
    weight_ptr, weight_idx, weight_data = _csr(vacancies.by_skill)
    credit_ptr, credit_idx, credit_data = _csr(vacancies.by_cluster)
    n_places = len(places.region)
    vacancy_place = np.where(vacancies.municipality == engine.NO_PLACE, n_places, vacancies.municipality).astype(np.int64)
    open_hiring = np.flatnonzero(vacancies.kind == engine.OPEN_HIRING)
    open_hiring = open_hiring[np.argsort(vacancy_place[open_hiring], kind="stable")].astype(np.int64)
    open_hiring_ptr = np.zeros(n_places + 2, dtype=np.int64)
    np.cumsum(np.bincount(vacancy_place[open_hiring], minlength=n_places + 1), out=open_hiring_ptr[1:])
    return BatchData(
        person_ids=np.asarray(people.ids, dtype=np.int64),
        skill_ptr=skill_ptr,
        skill_idx=skill_idx,
        cluster_ptr=cluster_ptr,
        cluster_idx=cluster_idx,
        municipality=people.municipality.astype(np.int32),
        max_km=people.max_km.astype(np.float32),
        region_mask=people.region_mask.astype(np.int64),
        hours_min=people.hours_min.astype(np.int64),
        hours_max=people.hours_max.astype(np.int64),
        level=people.level.astype(np.int64),
        kinds_mask=people.kinds_mask.astype(np.int64),
        sector_mask=people.sector_mask.astype(np.int64),
        vacancy_ids=np.asarray(vacancies.ids, dtype=np.int64),
        weight_ptr=weight_ptr,
        weight_idx=weight_idx,
        weight_data=weight_data,
        credit_ptr=credit_ptr,
        credit_idx=credit_idx,
        credit_data=credit_data,
        vacancy_kind=vacancies.kind.astype(np.int64),
        vacancy_place=vacancy_place,
        vacancy_level=vacancies.level.astype(np.int64),
        vacancy_hours_min=vacancies.hours_min.astype(np.int64),
        vacancy_hours_max=vacancies.hours_max.astype(np.int64),
        vacancy_sector=vacancies.sector.astype(np.int64),
        open_hiring=open_hiring,
        open_hiring_ptr=open_hiring_ptr,
        region=np.asarray(places.region, dtype=np.int64),
        distance_km=np.ascontiguousarray(places.distance_km, dtype=np.float64),
    )


# --------------------------------------------------------------------------- one block of people


@numba.njit(cache=True, nogil=True, inline="always")
def _round9(value):
    # np.round(x, 9) is rint(x * 1e9) / 1e9; the ranking compares scores rounded this way.
    return np.rint(value * 1e9) / 1e9


@numba.njit(cache=True, nogil=True, inline="always")
def _place_acceptable(places_region, distance, region_mask, municipality, max_km, v_municipality):
    """engine.acceptable's place filter for one destination: (within reach, in a region the person named)."""
    region_bit = 0 if v_municipality == engine.NO_PLACE else 1 << places_region[v_municipality]
    region_ok = (region_bit & region_mask) != 0
    no_place_wish = municipality == engine.NO_PLACE and region_mask == 0
    within = v_municipality == engine.NO_PLACE if np.isnan(distance) else distance <= max_km
    return no_place_wish or within or region_ok, region_ok


@numba.njit(cache=True, nogil=True, inline="always")
def _other_filters(kinds_mask, hours_min, hours_max, level, sector_mask, kind, v_level, v_hours_min, v_hours_max, v_sector):
    """engine.acceptable's filters on kind, hours, level and sector for one pair."""
    return (
        ((1 << kind) & kinds_mask) != 0
        and v_hours_min <= hours_max
        and v_hours_max >= hours_min
        and (v_level == 0 or level == 0 or v_level <= level + engine.LEVEL_SLACK)
        and (sector_mask == 0 or v_sector < 0 or ((1 << max(v_sector, 0)) & sector_mask) != 0)
    )


@numba.njit(cache=True, nogil=True, inline="always")
def _insert(count, limit, rounded, near, position, score, distance, top_rounded, top_near, top_position, top_score, top_distance):
    """Put a candidate into the sorted top list (best first); returns the new count."""
    slot = count
    while slot > 0:
        above = slot - 1
        better = rounded > top_rounded[above] or (
            rounded == top_rounded[above]
            and (near < top_near[above] or (near == top_near[above] and position < top_position[above]))
        )
        if not better:
            break
        slot = above
    if slot >= limit:
        return count
    last = min(count, limit - 1)
    for moving in range(last, slot, -1):
        top_rounded[moving] = top_rounded[moving - 1]
        top_near[moving] = top_near[moving - 1]
        top_position[moving] = top_position[moving - 1]
        top_score[moving] = top_score[moving - 1]
        top_distance[moving] = top_distance[moving - 1]
    top_rounded[slot] = rounded
    top_near[slot] = near
    top_position[slot] = position
    top_score[slot] = score
    top_distance[slot] = distance
    return min(count + 1, limit)


@numba.njit(cache=True, nogil=True)
def _match_rows(start, stop, limit,
                skill_ptr, skill_idx, cluster_ptr, cluster_idx,
                municipality, max_km, region_mask, hours_min, hours_max, level, kinds_mask, sector_mask,
                weight_ptr, weight_idx, weight_data, credit_ptr, credit_idx, credit_data,
                vacancy_kind, vacancy_place, vacancy_level, vacancy_hours_min, vacancy_hours_max, vacancy_sector,
                open_hiring, open_hiring_ptr, places_region, distance_km,
                out_position, out_score, out_distance):  # fmt: skip
    m = vacancy_kind.shape[0]
    direct = np.zeros(m)
    related = np.zeros(m)
    top_rounded = np.empty(limit)
    top_near = np.empty(limit)
    top_position = np.empty(limit, np.int64)
    top_score = np.empty(limit)
    top_distance = np.empty(limit)
    keep = 1.0 - engine.RELATED_CREDIT
    n_places = distance_km.shape[0]
    # Per destination municipality, the last slot for "unknown": distance, place filter, wished region.
    place_distance = np.empty(n_places + 1)
    place_ok = np.empty(n_places + 1, np.bool_)
    place_region_ok = np.empty(n_places + 1, np.bool_)
    for person in range(start, stop):
        # The sums run in the engine's order (skills, then clusters, ascending), so every score is the engine's to the bit.
        for a in range(skill_ptr[person], skill_ptr[person + 1]):
            skill = skill_idx[a]
            for b in range(weight_ptr[skill], weight_ptr[skill + 1]):
                direct[weight_idx[b]] += np.float64(weight_data[b])
        for a in range(cluster_ptr[person], cluster_ptr[person + 1]):
            cluster = cluster_idx[a]
            for b in range(credit_ptr[cluster], credit_ptr[cluster + 1]):
                related[credit_idx[b]] += np.float64(credit_data[b])
        home = municipality[person]
        person_max_km = np.float64(max_km[person])
        wished_regions = region_mask[person]
        person_hours_min = hours_min[person]
        person_hours_max = hours_max[person]
        person_level = level[person]
        person_kinds = kinds_mask[person]
        person_sectors = sector_mask[person]
        # Where a vacancy is decides distance and the place filter, so work them out once per municipality.
        for place in range(n_places + 1):
            destination = engine.NO_PLACE if place == n_places else place
            distance = np.nan if home == engine.NO_PLACE or destination == engine.NO_PLACE else distance_km[home, destination]
            place_distance[place] = distance
            place_ok[place], place_region_ok[place] = _place_acceptable(
                places_region, distance, wished_regions, home, person_max_km, destination
            )
        count = 0
        bar = 0.0  # below this a score cannot enter the top list
        for j in range(m):
            score = keep * direct[j] + engine.RELATED_CREDIT * related[j]
            if score <= bar or vacancy_kind[j] == engine.OPEN_HIRING:
                continue  # open hiring is scored by wishes below, whatever skills it lists
            place = vacancy_place[j]
            if not place_ok[place] or not _other_filters(
                person_kinds, person_hours_min, person_hours_max, person_level, person_sectors,
                vacancy_kind[j], vacancy_level[j], vacancy_hours_min[j], vacancy_hours_max[j], vacancy_sector[j],
            ):  # fmt: skip
                continue
            distance = place_distance[place]
            near = np.inf if np.isnan(distance) else distance
            count = _insert(count, limit, _round9(score), near, j, score, distance,
                            top_rounded, top_near, top_position, top_score, top_distance)  # fmt: skip
            if count == limit:
                bar = max(0.0, top_rounded[limit - 1] - 2e-9)
        direct[:] = 0.0
        related[:] = 0.0
        for place in range(n_places + 1):
            if not place_ok[place]:
                continue
            distance = place_distance[place]
            # engine.place_fit for this municipality
            if np.isnan(distance):
                place_fit = 0.5
            else:
                place_fit = min(max(1.0 - distance / max(person_max_km, 1.0), 0.0), 1.0)
                if place_fit <= 0.0 and place_region_ok[place]:
                    place_fit = 0.5
            near = np.inf if np.isnan(distance) else distance
            for o in range(open_hiring_ptr[place], open_hiring_ptr[place + 1]):
                j = open_hiring[o]
                if not _other_filters(
                    person_kinds, person_hours_min, person_hours_max, person_level, person_sectors,
                    vacancy_kind[j], vacancy_level[j], vacancy_hours_min[j], vacancy_hours_max[j], vacancy_sector[j],
                ):  # fmt: skip
                    continue
                # engine.hours_fit for one pair
                overlap = min(person_hours_max, vacancy_hours_max[j]) - max(person_hours_min, vacancy_hours_min[j])
                span = max(np.float64(vacancy_hours_max[j]) - vacancy_hours_min[j], 1.0)
                hours = min(max((overlap + (1 if overlap >= 0 else 0)) / (span + 1.0), 0.0), 1.0)
                score = 0.5 * place_fit + 0.5 * hours
                if score <= 0.0:
                    continue
                count = _insert(count, limit, _round9(score), near, j, score, distance,
                                top_rounded, top_near, top_position, top_score, top_distance)  # fmt: skip
        row = person - start
        for slot in range(count):
            out_position[row, slot] = top_position[slot]
            out_score[row, slot] = top_score[slot]
            out_distance[row, slot] = top_distance[slot]


def match_block(data, start, stop, limit=DEFAULT_LIMIT):
    """The top *limit* vacancies of people start..stop-1: (start, positions, scores, distances), -1/NaN padded."""
    size = stop - start
    positions = np.full((size, limit), -1, dtype=np.int32)
    scores = np.full((size, limit), np.nan)
    distances = np.full((size, limit), np.nan)
    _match_rows(
        start, stop, limit,
        data.skill_ptr, data.skill_idx, data.cluster_ptr, data.cluster_idx,
        data.municipality, data.max_km, data.region_mask, data.hours_min, data.hours_max, data.level, data.kinds_mask, data.sector_mask,
        data.weight_ptr, data.weight_idx, data.weight_data, data.credit_ptr, data.credit_idx, data.credit_data,
        data.vacancy_kind, data.vacancy_place, data.vacancy_level, data.vacancy_hours_min, data.vacancy_hours_max, data.vacancy_sector,
        data.open_hiring, data.open_hiring_ptr, data.region, data.distance_km,
        positions, scores, distances,
    )  # fmt: skip
    return start, positions, scores, distances


# --------------------------------------------------------------------------- the result


@dataclass
class BatchResult:
    """Every person's top vacancies: row i belongs to person_ids[i]; positions index vacancy_ids, -1 is empty."""

    person_ids: np.ndarray
    vacancy_ids: np.ndarray
    positions: np.ndarray  # (n, limit) int32
    scores: np.ndarray  # (n, limit), NaN where empty
    distance_km: np.ndarray  # (n, limit), NaN where empty or unknown
    workers: int = 0
    seconds: float = 0.0

    @property
    def limit(self):
        return self.positions.shape[1]

    def people_with_a_good_match(self, threshold=GOOD_MATCH):
        best = self.scores[:, 0] if self.limit else np.empty(0)
        return int(np.count_nonzero(np.nan_to_num(best, nan=0.0) >= threshold))

    def vacancies_in_a_top_list(self):
        return int(np.unique(self.positions[self.positions >= 0]).size)

    def for_person(self, person_id):
        """[(vacancy id, score, distance or NaN)] for one person, best first."""
        row = int(np.searchsorted(self.person_ids, person_id))
        if row >= len(self.person_ids) or self.person_ids[row] != person_id:
            raise KeyError(person_id)
        filled = self.positions[row] >= 0
        return list(
            zip(
                self.vacancy_ids[self.positions[row][filled]].tolist(),
                self.scores[row][filled].tolist(),
                self.distance_km[row][filled].tolist(),
            )
        )

    def same_as(self, other):
        """Equal lists and equal scores (to the bit in memory; to float32 once stored)."""
        if not (np.array_equal(self.person_ids, other.person_ids) and np.array_equal(self.positions, other.positions)):
            return False
        if not np.array_equal(self.vacancy_ids, other.vacancy_ids):
            return False
        if self.scores.dtype == np.float64 and other.scores.dtype == np.float64:
            return np.array_equal(self.scores, other.scores, equal_nan=True)
        return np.allclose(self.scores, other.scores, rtol=1e-6, atol=0, equal_nan=True)

    def save(self, path):
        """A compact .npz: ids once, positions as int32, scores and distances as float32."""
        path = os.fspath(path)
        with open(path, "wb") as file:
            np.savez(
                file,
                person_ids=self.person_ids,
                vacancy_ids=self.vacancy_ids,
                positions=self.positions.astype(np.int32),
                scores=self.scores.astype(np.float32),
                distance_km=self.distance_km.astype(np.float32),
            )
        return path

    @classmethod
    def load(cls, path):
        with np.load(path) as stored:
            return cls(**{name: stored[name] for name in ("person_ids", "vacancy_ids", "positions", "scores", "distance_km")})


# --------------------------------------------------------------------------- running on Dask


def blocks(n_people, workers, block_size=None):
    """Ranges of people: about DEFAULT_BLOCK_SIZE each, at least four per worker so the work spreads and progress moves."""
    if n_people == 0:
        return []
    size = block_size or min(DEFAULT_BLOCK_SIZE, math.ceil(n_people / (4 * max(workers, 1))))
    size = max(1, size)
    return [(start, min(start + size, n_people)) for start in range(0, n_people, size)]


def open_client(workers=None, scheduler="", connect_timeout=30):
    """A Dask client: on the scheduler at *scheduler* if given, else on a local cluster of worker processes.

    Returns (client, cluster); close both (cluster is None for a remote scheduler).
    """
    from distributed import Client, LocalCluster

    # Dask narrates every worker and connection at INFO; a nightly run only needs to hear about trouble.
    quiet = logging.getLogger("distributed")
    if quiet.getEffectiveLevel() < logging.WARNING:
        quiet.setLevel(logging.WARNING)
    if scheduler:
        return Client(scheduler, timeout=connect_timeout), None
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: two clusters on one machine must not fight over 8787
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def run(data, workers=None, scheduler="", limit=DEFAULT_LIMIT, block_size=None, progress=None, client=None):
    """Match everyone in *data*; returns a BatchResult.

    *progress*: anything with ``start(label, total, unit)``, ``advance(n)`` and
    ``finish()`` (``loket.progress.ConsoleProgress``, or the run's recorder).
    *client*: an open Dask client to use instead of opening one.
    """
    from distributed import as_completed

    started = time.perf_counter()
    if data.n_people == 0:  # nothing to spread over workers
        return BatchResult(
            data.person_ids, data.vacancy_ids, np.empty((0, limit), np.int32), np.empty((0, limit)), np.empty((0, limit))
        )
    own_client = client is None
    cluster = None
    if own_client:
        client, cluster = open_client(workers, scheduler)
    try:
        n_workers = len(client.scheduler_info(n_workers=-1)["workers"]) or 1
        ranges = blocks(data.n_people, n_workers, block_size)
        positions = np.full((data.n_people, limit), -1, dtype=np.int32)
        scores = np.full((data.n_people, limit), np.nan)
        distances = np.full((data.n_people, limit), np.nan)
        if progress:
            progress.start("matching", data.n_people, "personen")
        shared = client.scatter(data, broadcast=True, hash=False)
        futures = [client.submit(match_block, shared, start, stop, limit, pure=False) for start, stop in ranges]
        for future in as_completed(futures):
            start, block_positions, block_scores, block_distances = future.result()
            stop = start + block_positions.shape[0]
            positions[start:stop] = block_positions
            scores[start:stop] = block_scores
            distances[start:stop] = block_distances
            future.release()
            if progress:
                progress.advance(stop - start)
        client.cancel(shared)
        if progress:
            progress.finish()
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    return BatchResult(
        person_ids=data.person_ids,
        vacancy_ids=data.vacancy_ids,
        positions=positions,
        scores=scores,
        distance_km=distances,
        workers=n_workers,
        seconds=time.perf_counter() - started,
    )


def single_process(space, people, vacancies, places, rows, limit=DEFAULT_LIMIT):
    """The engine's own answer for the people at *rows*, in the batch's layout (the reference in tests and benchmarks)."""
    rows = np.asarray(rows, dtype=np.int64)
    positions = np.full((rows.size, limit), -1, dtype=np.int32)
    scores = np.full((rows.size, limit), np.nan)
    distances = np.full((rows.size, limit), np.nan)
    for out, profile in enumerate(person_profiles(people, rows)):
        ranked = engine.vacancies_for_person(space, vacancies, places, profile, limit=limit)
        positions[out, : len(ranked)] = ranked.positions
        scores[out, : len(ranked)] = ranked.scores
        distances[out, : len(ranked)] = ranked.distance_km
    return BatchResult(people.ids[rows], vacancies.ids, positions, scores, distances)


def person_profiles(people, rows):
    """``people.profile(row)`` for many rows at once (one transpose instead of a column scan per person)."""
    by_person = people.by_skill.T.tocsr()
    by_person.sort_indices()
    for row in np.asarray(rows, dtype=np.int64).tolist():
        yield engine.PersonProfile(
            skills=by_person.indices[by_person.indptr[row] : by_person.indptr[row + 1]].astype(np.int64),
            municipality=int(people.municipality[row]),
            max_km=float(people.max_km[row]),
            region_mask=int(people.region_mask[row]),
            hours_min=int(people.hours_min[row]),
            hours_max=int(people.hours_max[row]),
            level=int(people.level[row]),
            kinds_mask=int(people.kinds_mask[row]),
            sector_mask=int(people.sector_mask[row]),
        )

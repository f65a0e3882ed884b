"""The matching index: the loket's people and open vacancies as engine arrays, read from the database.

Reading is done with plain SQL in bulk (PostgreSQL streams with COPY), because
at provincial scale there are tens of millions of passport skills and the ORM
would spend minutes creating objects nobody looks at.

A process keeps one index. Saving a passport or vacancy in this process marks
it stale; other processes pick changes up after ``LOKET_MATCH_INDEX_MAX_AGE``
seconds. The side a query starts from (the person, the vacancy) is always read
fresh, so a person who adds a skill sees its effect at once.
"""

import itertools
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from loket.geography.distance import distance_matrix_km
from loket.geography.models import Municipality, Region
from loket.passport.models import Education, Passport, PassportSkill
from loket.taxonomy.models import Broader, Concept, ConceptKind, OccupationSkill, SkillRelation
from loket.taxonomy.sectors import Sector
from loket.vacancies.models import Importance, Vacancy, VacancySkill

from . import engine

SECTOR_INDEX = {sector.value: index for index, sector in enumerate(Sector)}


@dataclass
class MatchIndex:
    space: engine.SkillSpace
    places: engine.Places
    people: engine.People
    vacancies: engine.Vacancies
    skill_ids: np.ndarray  # sorted concept ids; position = skill position
    municipality_ids: np.ndarray  # sorted municipality ids; position = place position
    region_ids: np.ndarray
    built_at: float
    seconds: float

    def skill_positions(self, concept_ids, keep_unknown=False):
        """Positions of the given skill concept ids; ids that are not skills are dropped."""
        concept_ids = np.asarray(concept_ids, dtype=np.int64)
        positions = np.searchsorted(self.skill_ids, concept_ids)
        positions = np.minimum(positions, max(len(self.skill_ids) - 1, 0))
        known = self.skill_ids[positions] == concept_ids if len(self.skill_ids) else np.zeros(concept_ids.size, bool)
        return (positions, known) if keep_unknown else positions[known]

    def place(self, municipality_id):
        if municipality_id is None:
            return engine.NO_PLACE
        position = int(np.searchsorted(self.municipality_ids, municipality_id))
        if position < len(self.municipality_ids) and self.municipality_ids[position] == municipality_id:
            return position
        return engine.NO_PLACE

    def region_bit(self, region_id):
        position = int(np.searchsorted(self.region_ids, region_id))
        if position < len(self.region_ids) and self.region_ids[position] == region_id:
            return 1 << position
        return 0


# --------------------------------------------------------------------------- bulk reading


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field):
    return connection.ops.quote_name(model._meta.get_field(field).column)


# Range of first-column values whose rows PostgreSQL packs into one bytea (see read_int_columns).
PACK_RANGE = 50_000


def read_int_columns(sql, params=(), columns=2, ordered=False):
    """Run *sql* and return its integer result columns as NumPy arrays, without a Python object per row.

    On PostgreSQL the server packs the rows: each becomes 8-byte integers
    (NULL as -1), concatenated per range of PACK_RANGE values of the first
    column, so tens of millions of passport skills arrive as a few hundred
    bytea values. (COPY hands over every row as a message of its own, which
    psycopg wraps in a Python object: minutes at provincial scale.) The
    packing loses the query's row order; *ordered* sorts the rows by the
    first column.
    """
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        names = ", ".join(f"c{c}" for c in range(columns))
        packed = " || ".join(f"int8send(COALESCE(c{c}, -1)::int8)" for c in range(columns))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) AS packed_rows({names}) GROUP BY c0 / {PACK_RANGE}",
                params or None,
            )
            data = b"".join(bytes(row[0]) for row in cursor.fetchall())
        flat = np.frombuffer(data, dtype=">i8").astype(np.int64)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            flat = np.fromiter(
                (-1 if value is None else value for value in itertools.chain.from_iterable(cursor)), dtype=np.int64
            )
    flat = flat.reshape(-1, columns)
    if ordered:
        flat = flat[np.argsort(flat[:, 0], kind="stable")]
    return tuple(flat[:, c].copy() for c in range(columns))


# --------------------------------------------------------------------------- building


def build_skill_space():
    skill_ids = np.array(
        sorted(Concept.objects.filter(kind=ConceptKind.SKILL).values_list("id", flat=True)), dtype=np.int64
    )
    position = {int(concept_id): index for index, concept_id in enumerate(skill_ids)}
    occupation_skill, occupation = read_int_columns(
        f"SELECT {_column(OccupationSkill, 'skill')}, {_column(OccupationSkill, 'occupation')} FROM {_table(OccupationSkill)}"
    )
    demand = np.zeros(len(skill_ids))
    if occupation_skill.size:
        pairs = np.unique(np.stack([occupation_skill, occupation], axis=1), axis=0)
        positions = np.searchsorted(skill_ids, pairs[:, 0])
        positions = np.minimum(positions, len(skill_ids) - 1)
        known = skill_ids[positions] == pairs[:, 0]
        demand = np.bincount(positions[known], minlength=len(skill_ids)).astype(np.float64)
    n_profiles = int(np.unique(occupation).size) if occupation.size else 0
    broader = [
        (position[narrower], key)
        for narrower, key in Broader.objects.filter(narrower__kind=ConceptKind.SKILL).values_list("narrower_id", "broader_id")
        if narrower in position
    ]
    related = [
        (position[a], position[b])
        for a, b in SkillRelation.objects.values_list("skill_id", "related_id")
        if a in position and b in position
    ]
    return skill_ids, engine.build_skill_space(demand, n_profiles, broader, related)


def build_places():
    municipalities = list(Municipality.objects.order_by("id").values_list("id", "region_id", "latitude", "longitude"))
    region_ids = np.array(sorted(Region.objects.values_list("id", flat=True)), dtype=np.int64)
    municipality_ids = np.array([m[0] for m in municipalities], dtype=np.int64)
    regions = np.searchsorted(region_ids, [m[1] for m in municipalities]).astype(np.int64)
    distances = distance_matrix_km([m[2] for m in municipalities], [m[3] for m in municipalities]) if municipalities else np.zeros((0, 0))
    return municipality_ids, region_ids, engine.Places(region=regions, distance_km=distances)


def positions_in(sorted_ids, values, missing=engine.NO_PLACE):
    values = np.asarray(values, dtype=np.int64)
    if not len(sorted_ids):
        return np.full(values.shape, missing, dtype=np.int64)
    positions = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return np.where(sorted_ids[positions] == values, positions, missing)


def kinds_mask(open_to_internship, open_to_bbl):
    mask = (1 << engine.KIND_INDEX["job"]) | (1 << engine.OPEN_HIRING)
    mask = mask | np.where(open_to_internship, 1 << engine.KIND_INDEX["internship"], 0)
    return mask | np.where(open_to_bbl, 1 << engine.KIND_INDEX["bbl"], 0)


def sector_mask(sectors):
    mask = 0
    for letter in sectors or ():
        if letter in SECTOR_INDEX:
            mask |= 1 << SECTOR_INDEX[letter]
    return mask


def build_people(space, skill_ids, municipality_ids, region_ids):
    passport = Passport
    ids, municipality, max_km, hours_min, hours_max, internship, bbl, findable = read_int_columns(
        f"SELECT id, COALESCE({_column(passport, 'home_municipality')}, -1), {_column(passport, 'max_travel_km')}, "
        f"{_column(passport, 'hours_min')}, {_column(passport, 'hours_max')}, "
        f"CASE WHEN {_column(passport, 'open_to_internship')} THEN 1 ELSE 0 END, "
        f"CASE WHEN {_column(passport, 'open_to_bbl')} THEN 1 ELSE 0 END, "
        f"CASE WHEN {_column(passport, 'findable')} THEN 1 ELSE 0 END "
        f"FROM {_table(passport)}",
        columns=8,
        ordered=True,
    )
    n = ids.size
    person_of, skill = read_int_columns(
        f"SELECT {_column(PassportSkill, 'passport')}, {_column(PassportSkill, 'skill')} FROM {_table(PassportSkill)}"
    )
    rows = np.searchsorted(ids, person_of)
    skill_positions = positions_in(skill_ids, skill)
    keep = skill_positions != engine.NO_PLACE
    level = np.zeros(n, dtype=np.int8)
    education_of, education_level = read_int_columns(
        f"SELECT {_column(Education, 'passport')}, MAX({_column(Education, 'nlqf_level')}) FROM {_table(Education)} "
        f"GROUP BY {_column(Education, 'passport')}"
    )
    level[np.searchsorted(ids, education_of)] = education_level
    region_mask = np.zeros(n, dtype=np.int32)
    through = Passport.regions.through
    wished_by, wished_region = read_int_columns(f"SELECT passport_id, region_id FROM {_table(through)}")
    if wished_by.size:
        np.bitwise_or.at(region_mask, np.searchsorted(ids, wished_by), np.left_shift(1, positions_in(region_ids, wished_region)))
    sectors = np.zeros(n, dtype=np.int32)
    wishing = list(Passport.objects.exclude(sectors=[]).values_list("id", "sectors").iterator(chunk_size=20000))
    if wishing:  # one searchsorted for all, not one per passport
        sectors[np.searchsorted(ids, [passport_id for passport_id, _ in wishing])] = [sector_mask(wished) for _, wished in wishing]
    return engine.build_people(
        space,
        ids,
        (skill_positions[keep], rows[keep]),
        municipality=positions_in(municipality_ids, municipality),
        max_km=max_km,
        region_mask=region_mask,
        hours_min=hours_min,
        hours_max=hours_max,
        level=level,
        kinds_mask=kinds_mask(internship.astype(bool), bbl.astype(bool)),
        sector_mask=sectors,
        findable=findable.astype(bool),
    )


def build_vacancies(space, skill_ids, municipality_ids, on=None):
    on = on or timezone.localdate()
    open_vacancies = Vacancy.objects.open(on)
    rows = list(
        open_vacancies.order_by("id").values_list("id", "kind", "municipality_id", "nlqf_level", "hours_min", "hours_max", "sector")
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vacancy_of, skill, essential = read_int_columns(
        f"SELECT vs.{_column(VacancySkill, 'vacancy')}, vs.{_column(VacancySkill, 'skill')}, "
        f"CASE WHEN vs.{_column(VacancySkill, 'importance')} = %s THEN 1 ELSE 0 END "
        f"FROM {_table(VacancySkill)} vs JOIN {_table(Vacancy)} v ON v.id = vs.{_column(VacancySkill, 'vacancy')} "
        f"WHERE v.{_column(Vacancy, 'filled_on')} IS NULL AND v.{_column(Vacancy, 'closed_on')} IS NULL "
        f"AND v.{_column(Vacancy, 'opened_on')} <= %s",
        (Importance.ESSENTIAL.value, on.isoformat()),
        columns=3,
    )
    positions = positions_in(ids, vacancy_of)
    skill_positions = positions_in(skill_ids, skill)
    keep = (positions != engine.NO_PLACE) & (skill_positions != engine.NO_PLACE)
    return engine.build_vacancies(
        space,
        ids,
        (skill_positions[keep], positions[keep], essential[keep]),
        kind=[engine.KIND_INDEX[r[1]] for r in rows],
        municipality=positions_in(municipality_ids, [r[2] for r in rows]),
        level=[r[3] or 0 for r in rows],
        hours_min=[r[4] for r in rows],
        hours_max=[r[5] for r in rows],
        sector=[SECTOR_INDEX.get(r[6], -1) for r in rows],
    )


def build_index(progress=None):
    started = time.perf_counter()
    steps = [("skills", None), ("places", None), ("people", None), ("vacancies", None)]
    if progress:
        progress.start("matching-index", len(steps), "stap")
    skill_ids, space = build_skill_space()
    if progress:
        progress.advance(1)
    municipality_ids, region_ids, places = build_places()
    if progress:
        progress.advance(1)
    people = build_people(space, skill_ids, municipality_ids, region_ids)
    if progress:
        progress.advance(1)
    vacancies = build_vacancies(space, skill_ids, municipality_ids)
    if progress:
        progress.advance(1)
        progress.finish()
    return MatchIndex(
        space=space,
        places=places,
        people=people,
        vacancies=vacancies,
        skill_ids=skill_ids,
        municipality_ids=municipality_ids,
        region_ids=region_ids,
        built_at=time.time(),
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- the process's index

_lock = threading.Lock()
_state = {"index": None, "generation": 0, "built_generation": -1}


def invalidate(*args, **kwargs):
    """Mark this process's index stale (connected to saves of the models it reads)."""
    _state["generation"] += 1


def current_index():
    max_age = getattr(settings, "LOKET_MATCH_INDEX_MAX_AGE", 300)
    with _lock:
        index = _state["index"]
        fresh = (
            index is not None
            and _state["built_generation"] == _state["generation"]
            and time.time() - index.built_at <= max_age
        )
        if not fresh:
            generation = _state["generation"]
            index = build_index()
            _state.update(index=index, built_generation=generation)
        return index

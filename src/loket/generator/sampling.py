"""Drawing people, employers and vacancies: NumPy only, no database.

Everything comes out as columns (arrays, or lists of str) indexed within the
batch; ``services`` turns batch indexes into ids and writes them. The same
seed, taxonomy and batch sizes give the same population.
"""

import json
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from . import data
from .columns import Categorical
from .profiles import SECTORS, occupation_weights

DAY = np.timedelta64(1, "D")
YEAR_DAYS = 365.25

# Person wishes.
TRAVEL_KM = np.array([10, 15, 20, 25, 30, 40, 50])
TRAVEL_P = np.array([0.12, 0.16, 0.2, 0.2, 0.14, 0.1, 0.08])
PERSON_HOURS = np.array([(32, 40), (24, 32), (36, 40), (16, 24), (0, 40), (20, 36)])
PERSON_HOURS_P = np.array([0.35, 0.2, 0.15, 0.1, 0.1, 0.1])
FINDABLE_SHARE = 0.4
WORK_TO_WORK_SHARE = 0.8
JOB_SEEKER_SHARE = 0.07
PREVIOUS_OCCUPATION_SHARE = 0.55
SAME_MAJOR_GROUP_SHARE = 0.6

# Skills drawn from an occupation's profile: (chance for an essential skill, for an optional one).
CURRENT_SKILL_P = (0.75, 0.25)
PREVIOUS_SKILL_P = (0.45, 0.1)
OCCUPATION_SKILLS = (14, 30)  # fewest and most skills from occupations, as far as they have them
MAX_LANGUAGES, MAX_TRANSVERSAL = 3, 2
# The most rows one person can add per table (for reserving ids).
MOST_PER_PERSON = {"skills": OCCUPATION_SKILLS[1] + MAX_LANGUAGES + MAX_TRANSVERSAL, "work": 2, "education": 2, "regions": 2}
EVIDENCE = ("self", "diploma", "certificate", "work_experience", "assessment", "endorsement")
EVIDENCE_P_OCCUPATION = np.array([0.2, 0.17, 0.1, 0.45, 0.05, 0.03])
EVIDENCE_P_EXTRA = np.array([0.6, 0.3, 0.1, 0.0, 0.0, 0.0])
SOURCES = ("manual", "occupation", "cv")
SOURCE_P_OCCUPATION = np.array([0.2, 0.7, 0.1])
SOURCE_P_EXTRA = np.array([0.7, 0.0, 0.3])
PROFICIENCY_P = np.array([0.15, 0.4, 0.33, 0.12])

# Vacancies.
KINDS = ("job", "internship", "bbl", "open_hiring")
KIND_P = np.array([0.85, 0.07, 0.05, 0.03])
KIND_MAX_LEVEL = {"bbl": 4, "open_hiring": 3}  # BBL is MBO; open hiring asks for no diploma
KIND_TITLE_SUFFIX = {"job": "", "internship": " (stage)", "bbl": " (BBL)", "open_hiring": " (open hiring)"}
KIND_HOURS = {
    "job": (np.array([(32, 40), (36, 40), (24, 32), (16, 24), (38, 40)]), np.array([0.4, 0.25, 0.2, 0.1, 0.05])),
    "internship": (np.array([(32, 40), (24, 36)]), np.array([0.8, 0.2])),
    "bbl": (np.array([(24, 32), (32, 38)]), np.array([0.6, 0.4])),
    "open_hiring": (np.array([(24, 40), (32, 40), (16, 24)]), np.array([0.5, 0.3, 0.2])),
}
VACANCY_ESSENTIAL_P = {"open_hiring": 0.5}
VACANCY_ESSENTIAL_DEFAULT_P = 0.85
VACANCY_OPTIONAL_P = 0.2
VACANCY_SKILLS = (3, 30)  # fewest essential skills, most skills in all
OPEN_DAYS_MEAN, OPEN_DAYS_MAX = 75, 270  # open vacancies: mostly recent, none older than 9 months
HISTORY_DAYS = (270, 730)
FILLED_SHARE = 0.75
VACANCIES_PER_EMPLOYER = 6


def capitalised(text):
    return text[:1].upper() + text[1:]


def _choice_cdf(rng, cdf, size):
    """Indexes drawn from a cumulative distribution (faster than choice for repeated use)."""
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _cdf(weights):
    weights = np.asarray(weights, dtype=np.float64)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _rank_within(rng, owner, priority=None):
    """Order rows by owner, then priority (small ints), then at random.

    Returns (order, rank of each ordered row within its owner). One int64 sort
    key instead of a lexsort: several times faster on millions of rows.
    """
    priority = np.zeros(len(owner), dtype=np.int64) if priority is None else np.asarray(priority, dtype=np.int64)
    key = (owner.astype(np.int64) << 24) | (priority << 20) | rng.integers(0, 1 << 20, len(owner))
    order = np.argsort(key, kind="stable")
    owners = owner[order]
    starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1]))) if len(owners) else np.zeros(0, np.int64)
    first = np.repeat(starts, np.diff(np.concatenate((starts, [len(owners)]))))
    return order, np.arange(len(owners)) - first


def _unique_pairs(owner, value, priority):
    """Keep one row per (owner, value): the one with the lowest priority (< 8). Returns kept row indexes."""
    if not len(owner):
        return np.zeros(0, dtype=np.int64)
    if value.max() < (1 << 32) and owner.max() < (1 << 28):
        order = np.argsort((owner.astype(np.int64) << 35) | (value.astype(np.int64) << 3) | priority.astype(np.int64))
    else:
        order = np.lexsort((priority, value, owner))
    o, v = owner[order], value[order]
    first = np.concatenate(([True], (o[1:] != o[:-1]) | (v[1:] != v[:-1])))
    return order[first]


@dataclass
class People:
    """A batch of people; row-level tables point at a person by ``person`` (index in the batch)."""

    count: int
    full_name: list
    name_slug: list
    joined: np.ndarray
    municipality: np.ndarray  # index into Geography
    passport: dict
    regions: dict = field(default_factory=dict)
    work: dict = field(default_factory=dict)
    education: dict = field(default_factory=dict)
    skills: dict = field(default_factory=dict)
    occupation: np.ndarray = None  # current occupation per person (index into Taxonomy)
    previous: np.ndarray = None  # previous occupation or -1


@dataclass
class Vacancies:
    count: int
    columns: dict  # vacancy columns, employer as an index into ``employers``
    occupation: np.ndarray
    kind: np.ndarray
    employers: dict  # name, municipality (index), sector


class Sampler:
    """Draws from one taxonomy and map with one random generator."""

    def __init__(self, taxonomy, geography, rng, today, now=None):
        if not len(taxonomy):
            raise ValueError("no occupation with essential skills")
        self.taxonomy, self.geography, self.rng = taxonomy, geography, rng
        self.today = np.datetime64(today, "D")
        self.now = np.datetime64(now, "us") if now is not None else self.today.astype("datetime64[us]") + np.timedelta64(9, "h")
        self.population_cdf = _cdf(geography.population)
        self.jobs_cdf = _cdf(geography.jobs)
        self.person_cdf = [_cdf(occupation_weights(taxonomy, code)) for code in geography.region_codes]
        self.demand_weights = [occupation_weights(taxonomy, code, demand=True) for code in geography.region_codes]
        majors = np.array(taxonomy.major)
        self.major_members = {major: np.flatnonzero(majors == major) for major in set(taxonomy.major)}
        language_weights = taxonomy.language_weights
        self.language_cdf = _cdf(language_weights) if len(language_weights) else None
        self.surname_slug = [_slug(name) for name in data.SURNAMES]
        self.first_slug = [_slug(name) for name in data.FIRST_NAMES]

    # --- people ------------------------------------------------------------

    def people(self, count):
        rng, taxonomy, geography = self.rng, self.taxonomy, self.geography
        municipality = _choice_cdf(rng, self.population_cdf, count)
        region = geography.region_of[municipality]
        age = np.clip(rng.normal(41, 12.5, count), 18, 67).astype(np.int64)

        occupation = np.empty(count, dtype=np.int64)
        for index in range(len(geography.region_codes)):
            rows = np.flatnonzero(region == index)
            occupation[rows] = _choice_cdf(rng, self.person_cdf[index], len(rows))
        previous = self._previous_occupations(occupation, region, age)

        level = taxonomy.nlqf[occupation]
        start_age = np.select([level <= 2, level <= 4, level <= 6], [18, 20, 22], 24) + rng.integers(0, 3, count)
        years_working = np.maximum(age - start_age, 0.5)
        career_start = self.today - (years_working * YEAR_DAYS).astype(np.int64) * DAY

        first = rng.integers(0, len(data.FIRST_NAMES), count)
        surname = rng.integers(0, len(data.SURNAMES), count)
        full_name = [f"{data.FIRST_NAMES[f]} {data.SURNAMES[s]}" for f, s in zip(first.tolist(), surname.tolist())]
        name_slug = [f"{self.first_slug[f]}.{self.surname_slug[s]}" for f, s in zip(first.tolist(), surname.tolist())]
        joined = self.now - (rng.random(count) * 730 * 86400e6).astype(np.int64) * np.timedelta64(1, "us")

        work = self._work_history(occupation, previous, years_working)
        current_sector = work["sector_index"][:count]
        passport = self._passport(count, municipality, occupation, current_sector, age, joined)
        people = People(
            count=count,
            full_name=full_name,
            name_slug=name_slug,
            joined=joined,
            municipality=municipality,
            passport=passport,
            occupation=occupation,
            previous=previous,
        )
        people.regions = self._extra_regions(region)
        people.work = {key: value for key, value in work.items() if key != "sector_index"}
        people.education = self._education(occupation, previous, region, career_start, age)
        people.skills = self._person_skills(occupation, previous, years_working, joined)
        return people

    def _previous_occupations(self, occupation, region, age):
        rng, count = self.rng, len(occupation)
        previous = np.full(count, -1, dtype=np.int64)
        has_previous = (age >= 25) & (rng.random(count) < PREVIOUS_OCCUPATION_SHARE)
        same_major = has_previous & (rng.random(count) < SAME_MAJOR_GROUP_SHARE)
        majors = np.array(self.taxonomy.major)[occupation]
        for major in sorted(self.major_members):
            rows = np.flatnonzero(same_major & (majors == major))
            members = self.major_members[major]
            previous[rows] = members[rng.integers(0, len(members), len(rows))]
        for index in range(len(self.geography.region_codes)):
            rows = np.flatnonzero(has_previous & ~same_major & (region == index))
            previous[rows] = _choice_cdf(rng, self.person_cdf[index], len(rows))
        previous[previous == occupation] = -1
        return previous

    def _sectors(self, occupations):
        cdf = self.taxonomy.sector_cdf[occupations]
        return np.minimum((cdf < self.rng.random(len(occupations))[:, None]).sum(axis=1), len(SECTORS) - 1)

    def employer_names(self, sector_index):
        """Synthetic company names that sound like their trade: "Visser Installatietechniek B.V."."""
        rng, count = self.rng, len(sector_index)
        surname = rng.integers(0, len(data.SURNAMES), count).tolist()
        word_pick = rng.random(count).tolist()
        legal = rng.integers(0, len(data.LEGAL_FORMS), count).tolist()
        trade_first = (rng.random(count) < 0.35).tolist()
        names = []
        for s, sector, pick, form, before in zip(surname, sector_index.tolist(), word_pick, legal, trade_first):
            words = data.TRADE_WORDS[SECTORS[sector]]
            trade = words[int(pick * len(words))]
            base = f"{trade} {data.SURNAMES[s]}" if before else f"{data.SURNAMES[s]} {trade}"
            names.append(base + data.LEGAL_FORMS[form])
        return names

    def _work_history(self, occupation, previous, years_working):
        rng, count, today = self.rng, len(occupation), self.today
        years_in_job = np.minimum(years_working, 0.1 + rng.exponential(6.0, count))
        started = today - (years_in_job * YEAR_DAYS).astype(np.int64) * DAY
        ended = np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")
        seeker = rng.random(count) < JOB_SEEKER_SHARE
        stopped = np.maximum(today - rng.integers(14, 365, count) * DAY, started + 90 * DAY)
        ended[seeker] = np.minimum(stopped, today - DAY)[seeker]

        rows = np.flatnonzero(previous >= 0)
        career_start = today - (years_working[rows] * YEAR_DAYS).astype(np.int64) * DAY
        previous_ended = started[rows] - rng.integers(0, 120, len(rows)) * DAY
        previous_started = np.maximum(previous_ended - (rng.uniform(1, 10, len(rows)) * YEAR_DAYS).astype(np.int64) * DAY, career_start)
        previous_started = np.minimum(previous_started, previous_ended - 180 * DAY)

        occupations = np.concatenate((occupation, previous[rows]))
        sector_index = self._sectors(occupations)
        return {
            "person": np.concatenate((np.arange(count), rows)),
            "occupation": occupations,
            "employer_name": self.employer_names(sector_index),
            "sector": Categorical(sector_index, SECTORS),
            "sector_index": sector_index,
            "started_on": np.concatenate((started, previous_started)),
            "ended_on": np.concatenate((ended, previous_ended)),
        }

    def _passport(self, count, municipality, occupation, sector_index, age, joined):
        rng, taxonomy = self.rng, self.taxonomy
        hours = PERSON_HOURS[rng.choice(len(PERSON_HOURS), count, p=PERSON_HOURS_P)]
        internship_p = np.select([age < 25, age < 35], [0.5, 0.1], 0.02)
        bbl_p = np.select([age < 27, age < 45], [0.35, 0.08], 0.03)
        headline = rng.random(count) < 0.5
        sector_wish = rng.random(count) < 0.15
        return {
            "headline": [capitalised(taxonomy.labels[o]) if h else "" for o, h in zip(occupation.tolist(), headline.tolist())],
            "municipality": municipality,
            "max_travel_km": TRAVEL_KM[rng.choice(len(TRAVEL_KM), count, p=TRAVEL_P)],
            "hours_min": hours[:, 0],
            "hours_max": hours[:, 1],
            "sectors": [json.dumps([SECTORS[s]]) if w else "[]" for s, w in zip(sector_index.tolist(), sector_wish.tolist())],
            "open_to_work_to_work": rng.random(count) < WORK_TO_WORK_SHARE,
            "open_to_internship": rng.random(count) < internship_p,
            "open_to_bbl": rng.random(count) < bbl_p,
            "findable": rng.random(count) < FINDABLE_SHARE,
            "created_at": joined,
        }

    def _extra_regions(self, region):
        """A few people name their own region and a neighbouring one to work in; most leave it to the distance."""
        rng, count, regions = self.rng, len(region), len(self.geography.region_codes)
        rows = np.flatnonzero(rng.random(count) < 0.08)
        if regions < 2:
            return {"person": rows, "region": region[rows]}
        other = (region[rows] + rng.integers(1, regions, len(rows))) % regions
        person = np.repeat(rows, 2)
        chosen = np.column_stack((region[rows], other)).ravel()
        return {"person": person, "region": chosen}

    def _education(self, occupation, previous, region, career_start, age):
        rng, taxonomy, count = self.rng, self.taxonomy, len(occupation)
        level = np.clip(taxonomy.nlqf[occupation] + rng.choice([-1, 0, 1], count, p=[0.15, 0.65, 0.2]), 1, 8)
        level = np.where(age < 21, np.minimum(level, 4), level)
        second = np.flatnonzero((level >= 3) & (rng.random(count) < 0.25))
        second_level = np.maximum(level[second] - rng.integers(1, 3, len(second)), 1)
        second_occupation = np.where(previous[second] >= 0, previous[second], occupation[second])
        person = np.concatenate((np.arange(count), second))
        levels = np.concatenate((level, second_level))
        occupations = np.concatenate((occupation, second_occupation))
        completed = np.concatenate((career_start, career_start[second] - rng.integers(1, 4, len(second)) * 365 * DAY))
        regions = region[person]
        school_pick = rng.random(len(person)).tolist()
        institutions = []
        for lvl, reg, pick in zip(levels.tolist(), regions.tolist(), school_pick):
            schools = (
                data.MBO_SCHOOLS.get(self.geography.region_codes[reg], data.MBO_SCHOOLS["AM18"])
                if lvl <= 4
                else data.HBO_SCHOOLS
                if lvl <= 6
                else data.WO_SCHOOLS
            )
            institutions.append(schools[int(pick * len(schools))])
        titles = [f"{data.EDUCATION_TITLE_PREFIX[lvl]} {taxonomy.labels[o]}" for lvl, o in zip(levels.tolist(), occupations.tolist())]
        return {"person": person, "title": titles, "institution": institutions, "nlqf_level": levels, "completed_on": completed}

    def _person_skills(self, occupation, previous, years_working, joined):
        rng, taxonomy, count = self.rng, self.taxonomy, len(occupation)
        # Tier 0: the person has the skill; tier 1 and 2 (previous occupation) fill up to the minimum.
        owners, skills, tiers = [], [], []
        for csr, chance, fallback_tier, rows in (
            (taxonomy.essential, CURRENT_SKILL_P[0], 1, np.arange(count)),
            (taxonomy.optional, CURRENT_SKILL_P[1], 1, np.arange(count)),
            (taxonomy.essential, PREVIOUS_SKILL_P[0], 2, np.flatnonzero(previous >= 0)),
            (taxonomy.optional, PREVIOUS_SKILL_P[1], 2, np.flatnonzero(previous >= 0)),
        ):
            occupations = occupation[rows] if fallback_tier == 1 else previous[rows]
            owner, skill = csr.expand(occupations)
            owners.append(rows[owner])
            skills.append(skill)
            tiers.append(np.where(rng.random(len(skill)) < chance, 0, fallback_tier))
        owner, skill, tier = np.concatenate(owners), np.concatenate(skills), np.concatenate(tiers)
        keep = _unique_pairs(owner, skill, tier)
        owner, skill, tier = owner[keep], skill[keep], tier[keep]

        chosen = np.bincount(owner[tier == 0], minlength=count)
        available = np.bincount(owner, minlength=count)
        target = np.minimum(np.clip(chosen, *OCCUPATION_SKILLS), available)
        order, rank = _rank_within(rng, owner, tier)
        owner, skill = owner[order], skill[order]
        kept = rank < target[owner]
        owner, skill = owner[kept], skill[kept]
        from_occupation = np.ones(len(owner), dtype=bool)

        extra_owner, extra_skill = self._extra_skills(count)
        owner = np.concatenate((owner, extra_owner))
        skill = np.concatenate((skill, extra_skill))
        from_occupation = np.concatenate((from_occupation, np.zeros(len(extra_owner), dtype=bool)))
        keep = _unique_pairs(owner, skill, (~from_occupation).astype(np.int64))
        keep = keep[np.argsort(owner[keep], kind="stable")]
        owner, skill, from_occupation = owner[keep], skill[keep], from_occupation[keep]
        return self._skill_details(owner, skill, from_occupation, years_working, joined)

    def _extra_skills(self, count):
        """One to three languages and up to two transversal skills per person."""
        rng, taxonomy = self.rng, self.taxonomy
        owners, skills = [], []
        if self.language_cdf is not None:
            number = rng.integers(1, MAX_LANGUAGES + 1, count)
            draws = taxonomy.language_ids[_choice_cdf(rng, self.language_cdf, (count, MAX_LANGUAGES))]
            mask = np.arange(MAX_LANGUAGES) < number[:, None]
            owners.append(np.nonzero(mask)[0])
            skills.append(draws[mask])
        if len(taxonomy.transversal_ids):
            number = rng.integers(0, MAX_TRANSVERSAL + 1, count)
            draws = taxonomy.transversal_ids[rng.integers(0, len(taxonomy.transversal_ids), (count, MAX_TRANSVERSAL))]
            mask = np.arange(MAX_TRANSVERSAL) < number[:, None]
            owners.append(np.nonzero(mask)[0])
            skills.append(draws[mask])
        if not owners:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(owners), np.concatenate(skills)

    def _skill_details(self, owner, skill, from_occupation, years_working, joined):
        rng, rows = self.rng, len(owner)
        proficiency = rng.choice(4, rows, p=PROFICIENCY_P) + 1
        experienced = years_working[owner] > 10
        proficiency = np.minimum(proficiency + (experienced & (rng.random(rows) < 0.25)), 4)
        evidence = np.where(
            from_occupation, rng.choice(len(EVIDENCE), rows, p=EVIDENCE_P_OCCUPATION), rng.choice(len(EVIDENCE), rows, p=EVIDENCE_P_EXTRA)
        )
        source = np.where(
            from_occupation, rng.choice(len(SOURCES), rows, p=SOURCE_P_OCCUPATION), rng.choice(len(SOURCES), rows, p=SOURCE_P_EXTRA)
        )
        span_days = np.maximum(years_working[owner] * YEAR_DAYS, 60).astype(np.int64)
        evidence_date = self.today - (rng.random(rows) * span_days).astype(np.int64) * DAY
        evidence_date[evidence == 0] = np.datetime64("NaT")
        joined_at = joined[owner]
        added = joined_at + (rng.random(rows) * (self.now - joined_at).astype(np.int64)).astype(np.int64) * np.timedelta64(1, "us")
        return {
            "person": owner,
            "skill_id": skill,
            "proficiency": proficiency,
            "evidence": Categorical(evidence, EVIDENCE),
            "evidence_date": evidence_date,
            "evidence_note": Categorical(np.zeros(rows, dtype=np.int64), [""]),
            "source": Categorical(source, SOURCES),
            "added_at": added,
        }

    # --- vacancies -----------------------------------------------------------

    def vacancies(self, open_count, history_count=0):
        """``open_count`` open vacancies and ``history_count`` filled or closed ones, with their employers."""
        rng, taxonomy, geography, today = self.rng, self.taxonomy, self.geography, self.today
        count = open_count + history_count
        municipality = _choice_cdf(rng, self.jobs_cdf, count)
        region = geography.region_of[municipality]
        kind = rng.choice(len(KINDS), count, p=KIND_P)
        occupation = np.empty(count, dtype=np.int64)
        for region_index in range(len(geography.region_codes)):
            for kind_index, kind_name in enumerate(KINDS):
                rows = np.flatnonzero((region == region_index) & (kind == kind_index))
                weights = self.demand_weights[region_index].copy()
                if kind_name in KIND_MAX_LEVEL and (taxonomy.nlqf <= KIND_MAX_LEVEL[kind_name]).any():
                    weights[taxonomy.nlqf > KIND_MAX_LEVEL[kind_name]] = 0
                occupation[rows] = _choice_cdf(rng, _cdf(weights), len(rows))
        sector = self._sectors(occupation)

        hours = np.empty((count, 2), dtype=np.int64)
        for kind_index, kind_name in enumerate(KINDS):
            rows = np.flatnonzero(kind == kind_index)
            options, p = KIND_HOURS[kind_name]
            hours[rows] = options[rng.choice(len(options), len(rows), p=p)]

        opened = np.empty(count, dtype="datetime64[D]")
        age_days = np.minimum(rng.exponential(OPEN_DAYS_MEAN, open_count).astype(np.int64), OPEN_DAYS_MAX)
        opened[:open_count] = today - age_days * DAY
        opened[open_count:] = today - rng.integers(*HISTORY_DAYS, history_count) * DAY
        filled = np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")
        closed = filled.copy()
        history = np.arange(open_count, count)
        is_filled = rng.random(history_count) < FILLED_SHARE
        ends = np.minimum(opened[history] + rng.integers(14, 180, history_count) * DAY, today - DAY)
        filled[history[is_filled]] = ends[is_filled]
        closed[history[~is_filled]] = ends[~is_filled]

        employer, employers = self._employers(municipality, sector)
        open_hiring = kind == KINDS.index("open_hiring")
        level = np.where(open_hiring, -1, taxonomy.nlqf[occupation])
        kind_names = np.array(KINDS, dtype=object)[kind].tolist()
        titles = [capitalised(taxonomy.labels[o]) + KIND_TITLE_SUFFIX[k] for o, k in zip(occupation.tolist(), kind_names)]
        descriptions = [
            f"{employers['name'][e]} zoekt in {geography.names[m]} een {taxonomy.labels[o]} voor {lo} tot {hi} uur per week."
            for e, m, o, lo, hi in zip(employer.tolist(), municipality.tolist(), occupation.tolist(), hours[:, 0].tolist(), hours[:, 1].tolist())
        ]
        opened_at = opened.astype("datetime64[us]") + np.timedelta64(8, "h")
        columns = {
            "employer": employer,
            "title": titles,
            "description": descriptions,
            "kind": Categorical(kind, KINDS),
            "occupation": occupation,
            "nlqf_level": level,
            "hours_min": hours[:, 0],
            "hours_max": hours[:, 1],
            "municipality": municipality,
            "sector": Categorical(sector, SECTORS),
            "climate_transition": taxonomy.green[occupation],
            "opened_on": opened,
            "filled_on": filled,
            "closed_on": closed,
            "created_at": opened_at,
        }
        return Vacancies(count=count, columns=columns, occupation=occupation, kind=kind, employers=employers)

    def _employers(self, municipality, sector):
        """Employers per (municipality, sector): about six vacancies each, a few big ones with many."""
        rng = self.rng
        cell = municipality * len(SECTORS) + sector
        cells, inverse, sizes = np.unique(cell, return_inverse=True, return_counts=True)
        per_cell = np.ceil(sizes / VACANCIES_PER_EMPLOYER).astype(np.int64)
        offsets = np.concatenate(([0], np.cumsum(per_cell)[:-1]))
        # Zipf-like: the first employer of a cell is the biggest.
        rank = np.floor(per_cell[inverse] * rng.random(len(cell)) ** 2).astype(np.int64)
        employer = offsets[inverse] + rank
        # Keep only employers that drew a vacancy.
        used, employer = np.unique(employer, return_inverse=True)
        cell_of_employer = np.repeat(cells, per_cell)[used]
        employer_sector = cell_of_employer % len(SECTORS)
        employers = {
            "name": self.employer_names(employer_sector),
            "municipality": cell_of_employer // len(SECTORS),
            "sector": employer_sector,
        }
        return employer, employers

    def vacancy_skills(self, occupation, kind):
        """Required skills per vacancy: most essential skills of the occupation, some optional ones."""
        rng, taxonomy = self.rng, self.taxonomy
        owner_e, skill_e = taxonomy.essential.expand(occupation)
        owner_o, skill_o = taxonomy.optional.expand(occupation)
        chance = np.full(len(occupation), VACANCY_ESSENTIAL_DEFAULT_P)
        for kind_name, p in VACANCY_ESSENTIAL_P.items():
            chance[kind == KINDS.index(kind_name)] = p
        order, rank = _rank_within(rng, owner_e)
        owner_e, skill_e = owner_e[order], skill_e[order]
        keep_e = (rng.random(len(owner_e)) < chance[owner_e]) | (rank < VACANCY_SKILLS[0])
        keep_o = rng.random(len(owner_o)) < VACANCY_OPTIONAL_P
        owner = np.concatenate((owner_e[keep_e], owner_o[keep_o]))
        skill = np.concatenate((skill_e[keep_e], skill_o[keep_o]))
        essential = np.concatenate((np.ones(keep_e.sum(), dtype=bool), np.zeros(keep_o.sum(), dtype=bool)))
        order, rank = _rank_within(rng, owner, ~essential)
        kept = order[rank < VACANCY_SKILLS[1]]
        kept = kept[np.argsort(owner[kept], kind="stable")]
        return {
            "vacancy": owner[kept],
            "skill_id": skill[kept],
            "importance": Categorical(np.where(essential[kept], 0, 1), ("essential", "optional")),
        }


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())

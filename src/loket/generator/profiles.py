"""The taxonomy and the map as plain arrays, the form the sampler draws from.

Built from plain rows (see ``services.load_taxonomy`` and
``services.load_geography`` for the ORM side), so tests can make their own.
"""

import re
from dataclasses import dataclass

import numpy as np

from loket.transitions import climate

from . import data

SECTORS = tuple("ABCDEFGHIJKLMNOPQRSTU")
SECTOR_INDEX = {letter: index for index, letter in enumerate(SECTORS)}


@dataclass(frozen=True)
class Csr:
    """Per row a list of ints: ``values[indptr[i]:indptr[i + 1]]``."""

    indptr: np.ndarray
    values: np.ndarray

    @classmethod
    def from_lists(cls, lists):
        lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        values = np.fromiter((value for items in lists for value in items), dtype=np.int64, count=int(indptr[-1]))
        return cls(indptr, values)

    def lengths(self, rows):
        return self.indptr[rows + 1] - self.indptr[rows]

    def expand(self, rows):
        """For each of ``rows``, its values: (position in ``rows`` per value, values)."""
        lengths = self.lengths(rows)
        owner = np.repeat(np.arange(len(rows)), lengths)
        first = np.repeat(self.indptr[rows] - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return owner, self.values[first + np.arange(len(owner))]


@dataclass(frozen=True)
class Taxonomy:
    occupation_ids: np.ndarray  # concept ids
    labels: list  # the Dutch label, else the English one
    isco: list  # ISCO-08 unit group code, "" when unknown
    major: list  # first digit of ``isco``
    nlqf: np.ndarray  # usual NLQF level, 1-8
    green: np.ndarray  # climate-transition work: green essential skills (GREEN_SKILLS_MIN) or CLIMATE_ISCO_GROUPS
    essential: Csr  # skill concept ids per occupation
    optional: Csr
    sector_cdf: np.ndarray  # occupations × 21, cumulative probability of each SBI section
    language_ids: np.ndarray  # language skills people name, with their weights
    language_weights: np.ndarray
    transversal_ids: np.ndarray  # other skills anyone may have

    @property
    def extra_skill_ids(self):
        """Skills a person may have beside those of their occupations."""
        return np.union1d(self.language_ids, self.transversal_ids)

    def __len__(self):
        return len(self.occupation_ids)


@dataclass(frozen=True)
class Geography:
    municipality_ids: np.ndarray
    codes: list
    names: list
    region_of: np.ndarray  # index into region_codes per municipality
    region_ids: np.ndarray
    region_codes: list
    population: np.ndarray  # weights for where people live
    jobs: np.ndarray  # weights for where employers and vacancies are


def isco_unit_group(isco_group_code, occupation_code):
    """The four-digit ISCO code: the linked group's, else the head of ESCO's own code (e.g. 7232.5)."""
    for code in (isco_group_code, occupation_code):
        match = re.match(r"\d{1,4}", code or "")
        if match:
            return match.group(0)
    return ""


def _by_prefix(table, code, default):
    for length in range(len(code), 0, -1):
        if code[:length] in table:
            return table[code[:length]]
    return default


def occupation_level(isco):
    return _by_prefix(data.NLQF_BY_ISCO, isco, 3)


def sector_weights(isco):
    return _by_prefix(data.SECTOR_BY_ISCO, isco, data.DEFAULT_SECTORS)


def language_weight(english_label):
    for language, weight in data.LANGUAGE_WEIGHTS.items():
        if re.search(rf"\b{language}\b", english_label or ""):
            return weight
    return data.OTHER_LANGUAGE_WEIGHT


def build_taxonomy(occupations, links, green_skills=(), language_skills=(), transversal_skills=(), climate_groups=None):
    """Arrays for the sampler.

    ``occupations``: (id, isco_group_code, occupation_code, label, nlqf or None);
    ``links``: (occupation_id, skill_id, "essential" | "optional");
    ``language_skills``: (skill_id, English label); ``transversal_skills``: skill ids.
    Occupations without an essential skill are left out: nobody could be drawn from them.
    """
    climate_groups = climate.CLIMATE_ISCO_GROUPS if climate_groups is None else tuple(climate_groups)
    essential, optional = {}, {}
    for occupation_id, skill_id, relation in links:
        (essential if relation == "essential" else optional).setdefault(occupation_id, []).append(skill_id)
    kept = sorted((row for row in occupations if essential.get(row[0])), key=lambda row: row[0])
    green_skills = set(green_skills)
    ids, labels, isco, nlqf, green, cdf = [], [], [], [], [], []
    essential_lists, optional_lists = [], []
    for occupation_id, isco_code, code, label, level in kept:
        unit = isco_unit_group(isco_code, code)
        ess = sorted(set(essential[occupation_id]))
        opt = sorted(set(optional.get(occupation_id, ())) - set(ess))
        ids.append(occupation_id)
        labels.append(label)
        isco.append(unit)
        nlqf.append(level or occupation_level(unit))
        green.append(climate.is_climate_work(unit, ess, green_skills, climate_groups))
        weights = np.zeros(len(SECTORS))
        for letter, weight in sector_weights(unit):
            weights[SECTOR_INDEX[letter]] += weight
        cdf.append(np.cumsum(weights / weights.sum()))
        essential_lists.append(ess)
        optional_lists.append(opt)
    languages = sorted(language_skills)
    language_ids = np.array([skill_id for skill_id, _label in languages], dtype=np.int64)
    language_weights = np.array([language_weight(label) for _id, label in languages], dtype=np.float64)
    transversal = np.setdiff1d(np.array(sorted(set(transversal_skills)), dtype=np.int64), language_ids)
    return Taxonomy(
        occupation_ids=np.array(ids, dtype=np.int64),
        labels=labels,
        isco=isco,
        major=[code[:1] for code in isco],
        nlqf=np.clip(np.array(nlqf, dtype=np.int64), 1, 8),
        green=np.array(green, dtype=bool),
        essential=Csr.from_lists(essential_lists),
        optional=Csr.from_lists(optional_lists),
        sector_cdf=np.array(cdf, dtype=np.float64).reshape(len(ids), len(SECTORS)),
        language_ids=language_ids,
        language_weights=language_weights,
        transversal_ids=transversal,
    )


def build_geography(municipalities, regions):
    """``municipalities``: (id, code, name, region_id); ``regions``: (id, code).

    A municipality missing from the population table (a future merger) weighs
    as an average one rather than not at all.
    """
    municipalities = sorted(municipalities, key=lambda row: row[1])
    regions = sorted(regions, key=lambda row: row[1])
    region_index = {region_id: index for index, (region_id, _code) in enumerate(regions)}
    average_population = np.mean(list(data.POPULATION.values()))
    average_jobs = np.mean(list(data.JOBS_THOUSANDS.values()))
    return Geography(
        municipality_ids=np.array([row[0] for row in municipalities], dtype=np.int64),
        codes=[row[1] for row in municipalities],
        names=[row[2] for row in municipalities],
        region_of=np.array([region_index[row[3]] for row in municipalities], dtype=np.int64),
        region_ids=np.array([row[0] for row in regions], dtype=np.int64),
        region_codes=[row[1] for row in regions],
        population=np.array([data.POPULATION.get(row[1], average_population) for row in municipalities], dtype=np.float64),
        jobs=np.array([data.JOBS_THOUSANDS.get(row[1], average_jobs) for row in municipalities], dtype=np.float64),
    )


def occupation_weights(taxonomy, region_code, demand=False):
    """How likely each occupation is for a person (or, with ``demand``, a vacancy) in a region.

    Each ISCO major group gets its share of the employed, tilted for the
    region, split evenly over the occupations in that group.
    """
    tilt = data.REGION_ISCO_TILT.get(region_code, {})
    majors = np.array(taxonomy.major)
    weights = np.zeros(len(taxonomy))
    for major in set(taxonomy.major):
        members = majors == major
        share = data.ISCO_MAJOR_SHARE.get(major, 1.0) * tilt.get(major, 1.0)
        weights[members] = share / members.sum()
    if demand:
        weights *= np.array([_by_prefix(data.DEMAND_TILT, code[:2], 1.0) if code else 1.0 for code in taxonomy.isco])
    return weights / weights.sum()

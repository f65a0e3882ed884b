"""The sampler and the COPY encoder on their own: plain arrays in, no database."""

import datetime
import json

import numpy as np
import pytest

from loket.generator.bulk import _encode_grouped, encode_copy_binary
from loket.generator.columns import Categorical
from loket.generator.profiles import build_geography, build_taxonomy, occupation_weights
from loket.generator.sampling import KINDS, Sampler

TODAY = datetime.date(2026, 11, 22)
REGIONS = [(1, "AM12"), (2, "AM15"), (3, "AM17"), (4, "AM18"), (5, "AM37")]
MUNICIPALITIES = [
    (10, "GM0363", "Amsterdam", 4),
    (11, "GM0394", "Haarlemmermeer", 4),
    (12, "GM0392", "Haarlem", 5),
    (13, "GM0479", "Zaanstad", 3),
    (14, "GM0361", "Alkmaar", 2),
    (15, "GM0402", "Hilversum", 1),
]
# (id, ISCO group code, ESCO code, label, NLQF level or None)
OCCUPATIONS = [
    (100, "7232", "7232.5", "onderhoudstechnicus vliegtuigen", 4),
    (101, "2512", "2512.4", "softwareontwikkelaar", None),
    (102, "", "7411.1", "elektricien", None),
    (103, "9112", "9112.1", "schoonmaker", None),
    (104, "6111", "6111.1", "akkerbouwer", None),
    (105, "5223", "5223.1", "verkoper", None),
    (106, "3313", "3313.1", "boekhouder", None),
    (107, "1120", "1120.1", "directeur", None),
]
GREEN = 8_888


def links():
    rows = []
    for index, (occupation, *_rest) in enumerate(OCCUPATIONS):
        rows += [(occupation, 1_000 + index * 40 + k, "essential") for k in range(22)]
        rows += [(occupation, 1_000 + index * 40 + 22 + k, "optional") for k in range(15)]
    rows.append((102, GREEN, "essential"))  # the electrician's profile has a green skill
    return rows


@pytest.fixture
def taxonomy():
    languages = [(9_001, "Dutch"), (9_002, "English"), (9_003, "Hungarian")]
    return build_taxonomy(OCCUPATIONS, links(), green_skills=[GREEN], language_skills=languages, transversal_skills=[9_100, 9_101])


@pytest.fixture
def geography():
    return build_geography(MUNICIPALITIES, REGIONS)


def sampler(taxonomy, geography, seed=1):
    return Sampler(taxonomy, geography, np.random.default_rng(seed), today=TODAY)


def test_people_are_drawn_the_same_from_the_same_seed(taxonomy, geography):
    first, second = sampler(taxonomy, geography, 5).people(500), sampler(taxonomy, geography, 5).people(500)
    other = sampler(taxonomy, geography, 6).people(500)
    assert first.full_name == second.full_name and first.full_name != other.full_name
    assert (first.skills["skill_id"] == second.skills["skill_id"]).all()
    assert first.work["employer_name"] == second.work["employer_name"]


def test_skills_come_from_the_occupations_of_the_person_and_a_few_extras(taxonomy, geography):
    people = sampler(taxonomy, geography).people(2_000)
    profile = {}
    for occupation, skill, _relation in links():
        profile.setdefault(occupation, set()).add(skill)
    allowed = {person: set() for person in range(people.count)}
    for person, occupation in zip(people.work["person"].tolist(), people.work["occupation"].tolist()):
        allowed[person] |= profile[int(taxonomy.occupation_ids[occupation])]
    extras = set(taxonomy.extra_skill_ids.tolist())
    counts = np.bincount(people.skills["person"], minlength=people.count)
    for person, skill in zip(people.skills["person"].tolist(), people.skills["skill_id"].tolist()):
        assert skill in allowed[person] or skill in extras
    assert 15 <= counts.min() and counts.max() <= 35 and 18 <= counts.mean() <= 30
    pairs = people.skills["person"] * 100_000 + people.skills["skill_id"]
    assert len(np.unique(pairs)) == len(pairs), "a skill appears once per person"
    languages = np.isin(people.skills["skill_id"], taxonomy.language_ids)
    assert np.bincount(people.skills["person"][languages], minlength=people.count).min() >= 1, "everyone speaks a language"


def test_people_live_where_noord_holland_lives(taxonomy, geography):
    people = sampler(taxonomy, geography).people(20_000)
    share = np.bincount(people.municipality, minlength=len(geography.codes)) / people.count
    by_code = dict(zip(geography.codes, share))
    assert by_code["GM0363"] > 0.5  # Amsterdam dwarfs the others in this small map
    assert by_code["GM0392"] > by_code["GM0402"]  # Haarlem has more inhabitants than Hilversum
    findable = people.passport["findable"].mean()
    assert 0.37 < findable < 0.43
    assert 10 <= people.passport["max_travel_km"].min() and people.passport["max_travel_km"].max() <= 50


def test_the_young_are_more_open_to_internships_and_bbl(taxonomy, geography):
    people = sampler(taxonomy, geography).people(20_000)
    internship = people.passport["open_to_internship"]
    assert people.passport["open_to_work_to_work"].mean() > 0.75
    assert 0.03 < internship.mean() < 0.3 and people.passport["open_to_bbl"].mean() < 0.3


def test_climate_work_needs_several_green_skills_or_a_climate_isco_group():
    green = [1_000, 1_001, 1_002, 1_040]  # three of the aircraft technician's skills, one of the developer's
    taxonomy = build_taxonomy(OCCUPATIONS, links(), green_skills=green)
    flagged = dict(zip(taxonomy.occupation_ids.tolist(), taxonomy.green.tolist()))
    assert flagged[100] and not flagged[101]
    assert flagged[102]  # the electrician, by ISCO group 7411
    assert build_taxonomy(OCCUPATIONS, links(), climate_groups=["2512"]).green.tolist()[1]


def test_the_occupation_mix_follows_the_region(taxonomy, geography):
    amsterdam = occupation_weights(taxonomy, "AM18")
    north = occupation_weights(taxonomy, "AM15")
    farmer = taxonomy.occupation_ids.tolist().index(104)
    developer = taxonomy.occupation_ids.tolist().index(101)
    assert north[farmer] > 3 * amsterdam[farmer]
    assert amsterdam[developer] > north[developer]


def test_vacancies_mix_kinds_and_respect_what_each_kind_means(taxonomy, geography):
    vacancies = sampler(taxonomy, geography).vacancies(20_000, 2_000)
    columns, open_rows = vacancies.columns, slice(0, 20_000)
    share = np.bincount(vacancies.kind[open_rows], minlength=len(KINDS)) / 20_000
    assert abs(share[0] - 0.85) < 0.02 and abs(share[1] - 0.07) < 0.01
    assert abs(share[2] - 0.05) < 0.01 and abs(share[3] - 0.03) < 0.01
    level = taxonomy.nlqf[vacancies.occupation]
    assert (level[vacancies.kind == KINDS.index("bbl")] <= 4).all()
    assert (columns["nlqf_level"][vacancies.kind == KINDS.index("open_hiring")] == -1).all()
    today = np.datetime64(TODAY)
    opened = columns["opened_on"][open_rows]
    assert (opened <= today).all() and (opened >= today - np.timedelta64(270, "D")).all()
    assert np.isnat(columns["filled_on"][open_rows]).all() and np.isnat(columns["closed_on"][open_rows]).all()
    history = slice(20_000, None)
    ended = ~np.isnat(columns["filled_on"][history]) | ~np.isnat(columns["closed_on"][history])
    assert ended.all()
    electrician = taxonomy.occupation_ids.tolist().index(102)
    assert columns["climate_transition"][vacancies.occupation == electrician].all()
    assert not columns["climate_transition"][vacancies.occupation != electrician].any()


def test_vacancy_skills_are_mostly_the_essential_ones(taxonomy, geography):
    draw = sampler(taxonomy, geography)
    vacancies = draw.vacancies(2_000)
    skills = draw.vacancy_skills(vacancies.occupation, vacancies.kind)
    importance = np.array(skills["importance"].tolist())
    essential_per_vacancy = np.bincount(skills["vacancy"][importance == "essential"], minlength=2_000)
    assert essential_per_vacancy.min() >= 3
    assert (importance == "essential").mean() > 0.75
    assert np.bincount(skills["vacancy"], minlength=2_000).max() <= 30


def test_employers_have_vacancies_and_names_that_sound_like_their_trade(taxonomy, geography):
    vacancies = sampler(taxonomy, geography).vacancies(3_000)
    employers = vacancies.employers
    used = np.unique(vacancies.columns["employer"])
    assert len(used) == len(employers["name"])
    assert 3_000 / len(used) > 2
    assert all(name.strip() for name in employers["name"])


def rows_of(stream):
    """Parse a binary COPY stream back into a sorted list of rows of raw fields."""
    data, position, rows = bytes(stream), 19, []
    while True:
        fields = int.from_bytes(data[position : position + 2], "big", signed=True)
        position += 2
        if fields == -1:
            return sorted(rows, key=repr)
        row = []
        for _ in range(fields):
            length = int.from_bytes(data[position : position + 4], "big", signed=True)
            position += 4
            row.append(None if length < 0 else data[position : position + length])
            position += max(length, 0)
        rows.append(tuple(row))


def test_the_copy_encoder_writes_the_same_rows_however_it_groups_them():
    rng = np.random.default_rng(3)
    count = 3_000
    dates = np.datetime64("2020-01-01") + rng.integers(0, 2_000, count).astype("timedelta64[D]")
    dates[rng.random(count) < 0.3] = np.datetime64("NaT")
    level = np.ma.masked_array(rng.integers(1, 9, count), mask=rng.random(count) < 0.2)
    kinds = ["int8", "int2", "date", "text", "json", "bool", "timestamp", "int2"]
    columns = [
        np.arange(count),
        rng.integers(1, 5, count),
        dates,
        Categorical(rng.integers(0, 3, count), ["self", "diploma", ""]),
        Categorical(rng.integers(0, 2, count), ["[]", '["C"]']),
        rng.random(count) < 0.4,
        np.datetime64("2026-01-01T00:00:00", "us") + rng.integers(0, 10**12, count).astype("timedelta64[us]"),
        level,
    ]
    grouped = _encode_grouped(kinds, columns)
    assert grouped is not None
    free_text = kinds[:3] + ["text"] + kinds[4:]
    texts = columns[:3] + [columns[3].tolist()] + columns[4:]
    assert rows_of(grouped) == rows_of(encode_copy_binary(free_text, texts))
    row = rows_of(encode_copy_binary(["text", "json", "int2"], [["Zaanse Schans café"], ['["A"]'], np.ma.masked_array([3], mask=[True])]))[0]
    assert row[0].decode() == "Zaanse Schans café" and json.loads(row[1][1:]) == ["A"] and row[2] is None

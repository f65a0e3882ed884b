"""The matching engine's promises, on small hand-made data (no database)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loket.matching import engine

N_SKILLS = 12
# Skills 0-3 share a broader group, 4-6 another; 7 and 8 are related in ESCO; 9-11 stand alone.
BROADER = [(s, "g1") for s in range(4)] + [(s, "g2") for s in range(4, 7)]
RELATED = [(7, 8)]
# Skill 0 is asked by every occupation profile (common), skill 11 by one (rare).
DEMAND = [10, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1]


@pytest.fixture(scope="module")
def space():
    return engine.build_skill_space(DEMAND, n_profiles=10, broader_pairs=BROADER, related_pairs=RELATED)


@pytest.fixture(scope="module")
def places():
    # Three municipalities on a line, 10 km apart; the first two in region 0, the last in region 1.
    coordinates = np.array([0.0, 10.0, 20.0])
    return engine.Places(region=np.array([0, 0, 1]), distance_km=np.abs(coordinates[:, None] - coordinates[None, :]))


def vacancy(skills, essential, **facts):
    return engine.VacancyProfile(skills=np.array(skills), essential=np.array(essential, dtype=bool), **facts)


def make_vacancies(space, specs):
    skills, rows, essential = [], [], []
    facts = {key: [] for key in ("kind", "municipality", "level", "hours_min", "hours_max", "sector")}
    for row, spec in enumerate(specs):
        for skill, is_essential in zip(spec.skills, spec.essential):
            skills.append(skill)
            rows.append(row)
            essential.append(is_essential)
        for key in facts:
            facts[key].append(getattr(spec, key))
    return engine.build_vacancies(space, np.arange(100, 100 + len(specs)), (skills, rows, essential), **facts)


def make_people(space, profiles, findable=None):
    skills, rows = [], []
    for row, profile in enumerate(profiles):
        skills += list(profile.skills)
        rows += [row] * len(profile.skills)
    fields = ("municipality", "max_km", "region_mask", "hours_min", "hours_max", "level", "kinds_mask", "sector_mask")
    wishes = {key: [getattr(p, key) for p in profiles] for key in fields}
    return engine.build_people(
        space, np.arange(1, 1 + len(profiles)), (skills, rows), findable=findable or [True] * len(profiles), **wishes
    )


skill_sets = st.sets(st.integers(0, N_SKILLS - 1), max_size=N_SKILLS)
requirements = st.lists(st.tuples(st.integers(0, N_SKILLS - 1), st.booleans()), min_size=1, max_size=8, unique_by=lambda t: t[0])


@settings(max_examples=200, deadline=None)
@given(person=skill_sets, required=requirements, added=st.integers(0, N_SKILLS - 1))
def test_adding_a_skill_to_a_person_never_lowers_a_score(space, person, required, added):
    skills, essential = zip(*required)
    before = engine.skill_score(space, sorted(person), skills, essential)
    after = engine.skill_score(space, sorted(person | {added}), skills, essential)
    assert after >= before - 1e-12
    if added in skills and added not in person:
        assert after > before


@settings(max_examples=200, deadline=None)
@given(optional_held=skill_sets, required=requirements, dropped=st.integers(0, 7))
def test_a_person_with_every_essential_skill_outranks_one_missing_some(space, optional_held, required, dropped):
    skills, essential = zip(*required)
    essentials = [s for s, e in required if e]
    if not essentials:
        return
    optional = {s for s, e in required if not e}
    other = (optional_held & optional) | (optional_held - set(skills))
    complete = other | set(essentials)
    missing = essentials[dropped % len(essentials)]
    incomplete = complete - {missing}
    assert engine.skill_score(space, sorted(complete), skills, essential) > engine.skill_score(
        space, sorted(incomplete), skills, essential
    )


@settings(max_examples=100, deadline=None)
@given(people=st.lists(skill_sets, min_size=1, max_size=6), required=requirements)
def test_both_fast_directions_agree_with_the_direct_score(space, people, required):
    skills, essential = zip(*required)
    profiles = [engine.PersonProfile(skills=np.array(sorted(p), dtype=np.int64)) for p in people]
    index = make_people(space, profiles)
    by_vacancy = engine.skill_scores_for_vacancy(space, index, skills, essential)
    vacancies = make_vacancies(space, [vacancy(skills, essential)])
    for row, person in enumerate(people):
        direct = engine.skill_score(space, sorted(person), skills, essential)
        assert 0.0 <= direct <= 1.0 + 1e-9
        assert by_vacancy[row] == pytest.approx(direct, abs=1e-6)
        assert engine.skill_scores_for_person(space, vacancies, sorted(person))[0] == pytest.approx(direct, abs=1e-6)


def test_scores_reward_essential_rare_and_related_skills(space):
    assert engine.skill_score(space, [9, 10], [9, 10], [True, True]) == pytest.approx(1.0)
    # Essential counts double: covering only the essential one beats covering only the optional one.
    assert engine.skill_score(space, [9], [9, 10], [True, False]) > engine.skill_score(space, [10], [9, 10], [True, False])
    # Rare beats common: skill 0 is in every profile, skill 11 in one.
    assert engine.skill_score(space, [11], [0, 11], [True, True]) > engine.skill_score(space, [0], [0, 11], [True, True])
    # A sibling in the same small broader group counts partly; an unrelated skill does not.
    sibling = engine.skill_score(space, [2], [1], [True])
    assert 0 < sibling < 1
    assert engine.skill_score(space, [10], [1], [True]) == 0
    # ESCO's skill relations count partly too, and only one step away.
    assert 0 < engine.skill_score(space, [8], [7], [True]) < 1


def test_the_explanation_accounts_for_every_required_skill(space):
    explanation = engine.explain(space, [1, 7, 9], [1, 2, 8, 10, 11], [True, True, False, True, False])
    assert explanation.matched_essential == [1]
    assert [r[0] for r in explanation.related] == [2, 8]
    assert explanation.related[0][1] == [1]  # skill 2 counts through skill 1
    assert explanation.related[1][1] == [7]
    assert explanation.missing_essential == [10]
    assert explanation.missing_optional == [11]
    assert explanation.score == pytest.approx(engine.skill_score(space, [1, 7, 9], [1, 2, 8, 10, 11], [True, True, False, True, False]))


def test_person_to_vacancies_respects_kind_place_hours_and_level(space, places):
    specs = [
        vacancy([9], [True], municipality=0),  # fits
        vacancy([9], [True], municipality=2),  # 20 km: too far
        vacancy([9], [True], municipality=0, kind=engine.KIND_INDEX["internship"]),  # person not open to internships
        vacancy([9], [True], municipality=0, hours_min=38, hours_max=40),  # more hours than wished
        vacancy([9], [True], municipality=0, level=6),  # asks two levels above the person's diploma
        vacancy([10], [True], municipality=1),  # fits, but no skill in common
    ]
    vacancies = make_vacancies(space, specs)
    person = engine.PersonProfile(
        skills=np.array([9]), municipality=0, max_km=15, hours_min=16, hours_max=32, level=4,
        kinds_mask=(1 << engine.KIND_INDEX["job"]) | (1 << engine.OPEN_HIRING),
    )
    ranked = engine.vacancies_for_person(space, vacancies, places, person)
    assert ranked.ids.tolist() == [100]
    # A region the person names counts even beyond their maximum distance.
    wider = engine.PersonProfile(**{**person.__dict__, "region_mask": 1 << 1})
    assert engine.vacancies_for_person(space, vacancies, places, wider).ids.tolist() == [100, 101]


def test_open_hiring_ranks_by_wishes_only(space, places):
    specs = [
        vacancy([], [], kind=engine.OPEN_HIRING, municipality=1),
        vacancy([], [], kind=engine.OPEN_HIRING, municipality=0),
    ]
    vacancies = make_vacancies(space, specs)
    person = engine.PersonProfile(skills=np.array([], dtype=np.int64), municipality=0, max_km=30)
    ranked = engine.vacancies_for_person(space, vacancies, places, person)
    assert ranked.ids.tolist() == [101, 100]  # nearer first, though the person lists no skills at all


def test_vacancy_to_people_shows_only_findable_people_and_those_who_accepted(space, places):
    profiles = [engine.PersonProfile(skills=np.array([9, 10]), municipality=0) for _ in range(3)]
    people = make_people(space, profiles, findable=[True, False, False])
    wanted = vacancy([9, 10], [True, True], municipality=0)
    assert engine.people_for_vacancy(space, people, places, wanted).ids.tolist() == [1]
    assert engine.people_for_vacancy(space, people, places, wanted, allowed=[2]).ids.tolist() == [1, 3]


def test_vacancy_to_people_respects_the_persons_wishes(space, places):
    profiles = [
        engine.PersonProfile(skills=np.array([9]), municipality=0, max_km=5),  # lives 20 km away, wants 5
        engine.PersonProfile(skills=np.array([9]), municipality=2, max_km=25),
        engine.PersonProfile(skills=np.array([9]), municipality=2, max_km=25, kinds_mask=1 << engine.KIND_INDEX["job"]),
    ]
    people = make_people(space, profiles)
    internship = vacancy([9], [True], municipality=2, kind=engine.KIND_INDEX["internship"])
    job = vacancy([9], [True], municipality=2)
    assert engine.people_for_vacancy(space, people, places, internship).ids.tolist() == [2]
    assert sorted(engine.people_for_vacancy(space, people, places, job).ids.tolist()) == [2, 3]


def test_ranking_is_by_score_then_distance(space, places):
    profiles = [
        engine.PersonProfile(skills=np.array([9]), municipality=1, max_km=50),
        engine.PersonProfile(skills=np.array([9, 10]), municipality=2, max_km=50),
        engine.PersonProfile(skills=np.array([9]), municipality=0, max_km=50),
    ]
    people = make_people(space, profiles)
    ranked = engine.people_for_vacancy(space, people, places, vacancy([9, 10], [True, True], municipality=0))
    assert ranked.ids.tolist() == [2, 3, 1]
    assert ranked.scores[0] == pytest.approx(1.0)

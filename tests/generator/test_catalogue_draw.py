"""Drawing the catalogue on its own: plain arrays in, no database."""

import numpy as np

from loket.catalog.models import CourseLevel
from loket.generator.catalogue import SkillFacts, draw_catalogue, isced_field

from .test_sampling import OCCUPATIONS, TODAY, geography, links, taxonomy  # noqa: F401 (fixtures)


def facts(taxonomy, asked=None):  # noqa: F811
    skills = {skill for _occupation, skill, _relation in links()}
    return SkillFacts(
        label_nl={s: f"vaardigheid {s}" for s in skills},
        label_en={s: f"skill {s}" for s in skills},
        # Skills come in groups of five: a course's skills should mostly share the anchor's group.
        group={s: 50_000 + s // 5 for s in skills},
        parent={50_000 + s // 5: 60_000 + s // 25 for s in skills},
        occupation_label_en=[f"occupation {i}" for i in range(len(taxonomy))],
        vacancy_skill_demand=asked or {},
    )


def draw(taxonomy, geography, seed=1, offerings=600, asked=None):  # noqa: F811
    return draw_catalogue(taxonomy, facts(taxonomy, asked), geography, np.random.default_rng(seed), offerings, np.datetime64(TODAY))


def test_same_seed_same_catalogue_and_the_size_asked(taxonomy, geography):  # noqa: F811
    first, second, other = draw(taxonomy, geography), draw(taxonomy, geography), draw(taxonomy, geography, seed=2)
    assert len(first.offerings["course"]) == 600
    assert first.courses["title_nl"] == second.courses["title_nl"]
    assert np.array_equal(first.offerings["start_date"], second.offerings["start_date"])
    assert first.courses["title_nl"] != other.courses["title_nl"]


def test_courses_are_coherent_handfuls_of_one_occupation(taxonomy, geography):  # noqa: F811
    drawn = draw(taxonomy, geography)
    skills, course = drawn.course_skills["skill_id"], drawn.course_skills["course"]
    same_group = 0
    for index, occupation in enumerate(drawn.courses["occupation"].tolist()):
        taught = skills[course == index]
        start, end = taxonomy.essential.indptr[occupation], taxonomy.essential.indptr[occupation + 1]
        profile = set(taxonomy.essential.values[start:end].tolist()) | set(
            taxonomy.optional.values[taxonomy.optional.indptr[occupation] : taxonomy.optional.indptr[occupation + 1]].tolist()
        )
        assert 2 <= len(taught) <= 8 and set(taught.tolist()) <= profile
        assert not set(taught.tolist()) & set(drawn.untaught.tolist())
        same_group += len({s // 5 for s in taught.tolist()}) <= 2
    assert same_group > 0.8 * len(drawn.courses["occupation"])


def test_level_decides_the_provider(taxonomy, geography):  # noqa: F811
    drawn = draw(taxonomy, geography, offerings=1500)
    kinds = [drawn.providers.kind[p] for p in drawn.courses["provider"].tolist()]
    for level, kind, full in zip(drawn.courses["level"], kinds, drawn.courses["full"].tolist()):
        if full and level.startswith("secondary"):
            assert kind == "roc"
        if full and level in (CourseLevel.BACHELOR, CourseLevel.MASTER):
            assert kind in ("hogeschool", "university")
        if kind in ("private", "campus", "fieldlab"):
            assert not full
    # The cleaner's and the farmer's courses are at entry level / mbo 2, the manager's at bachelor.
    by_occupation = dict(zip(drawn.courses["occupation"].tolist(), drawn.courses["level"]))
    assert by_occupation[3] == CourseLevel.MBO1 and by_occupation[7] == CourseLevel.BACHELOR


def test_skills_vacancies_ask_for_are_taught_more(taxonomy, geography):  # noqa: F811
    plain = draw(taxonomy, geography, offerings=1500)
    developer = taxonomy.essential.values[taxonomy.essential.indptr[1] : taxonomy.essential.indptr[2]].tolist()
    asked_skill = next(skill for skill in developer if skill not in set(plain.untaught.tolist()))
    asked = draw(taxonomy, geography, offerings=1500, asked={asked_skill: 500})
    assert asked_skill not in set(asked.untaught.tolist())  # the same seed leaves the same skills untaught
    assert (asked.course_skills["skill_id"] == asked_skill).sum() > 2 * (plain.course_skills["skill_id"] == asked_skill).sum()


def test_isced_field_by_isco():
    assert isced_field("7411") == "0713"  # electricians: electricity and energy
    assert isced_field("7232") == "0716"  # aircraft mechanics: motor vehicles, ships and aircraft
    assert isced_field("2512") == "0613"
    assert isced_field("") == "9999"

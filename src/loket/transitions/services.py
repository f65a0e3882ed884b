"""Transitions over the ORM: goals' skill profiles and the gap of a person to a goal."""

from loket.taxonomy.models import OccupationSkill, Relation
from loket.vacancies.models import Importance

from .gap import skill_gap


def occupation_skills(occupation):
    """(essential ids, optional ids) of an ESCO occupation, released skills only."""
    links = OccupationSkill.objects.filter(occupation=occupation, skill__status="released").values_list("skill_id", "relation")
    essential = {skill for skill, relation in links if relation == Relation.ESSENTIAL}
    optional = {skill for skill, relation in links if relation == Relation.OPTIONAL} - essential
    return essential, optional


def vacancy_skills(vacancy):
    """(essential ids, optional ids) the employer asks for."""
    links = list(vacancy.skills.values_list("skill_id", "importance"))
    essential = {skill for skill, importance in links if importance == Importance.ESSENTIAL}
    return essential, {skill for skill, importance in links if importance != Importance.ESSENTIAL} - essential


def held_skills(passport):
    return set(passport.skills.values_list("skill_id", flat=True))


def gap_for_person(passport, *, vacancy=None, occupation=None):
    """The person's gap to a vacancy or to an occupation (exactly one of them)."""
    if (vacancy is None) == (occupation is None):
        raise ValueError("gap_for_person needs a vacancy or an occupation")
    essential, optional = vacancy_skills(vacancy) if vacancy is not None else occupation_skills(occupation)
    return skill_gap(held_skills(passport), essential, optional)

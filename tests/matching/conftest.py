import datetime

import pytest

from loket.accounts.models import Membership, Organisation
from loket.geography.models import Municipality
from loket.matching import index as match_index
from loket.passport.models import Education, Passport, PassportSkill
from loket.taxonomy.models import Concept, ConceptKind, OccupationSkill, Relation
from loket.vacancies.models import Importance, Vacancy, VacancySkill


@pytest.fixture(autouse=True)
def fresh_index():
    # Rolled-back test data fires no signals; start every test from a clean index.
    match_index.invalidate()
    yield
    match_index.invalidate()


def occupation(label):
    return Concept.objects.get(kind=ConceptKind.OCCUPATION, labels__language="en", labels__kind="preferred", labels__text=label)


def profile(occupation_concept, relation=Relation.ESSENTIAL):
    return list(
        OccupationSkill.objects.filter(occupation=occupation_concept, relation=relation).order_by("skill_id").values_list("skill_id", flat=True)
    )


class World:
    """A small Noord-Holland: an employer at Schiphol, vacancies from real sample profiles, and people."""

    def __init__(self, make_user):
        self.make_user = make_user
        self.employer = Organisation.objects.create(name="Schiphol Techniek BV", kind=Organisation.Kind.EMPLOYER)
        self.recruiter = make_user(role="employer", email="recruiter@schiphol.example", full_name="Rik Recruiter")
        Membership.objects.create(user=self.recruiter, organisation=self.employer, is_manager=True)
        self.haarlemmermeer = Municipality.objects.get(code="GM0394")
        self.den_helder = Municipality.objects.get(code="GM0400")
        self.mechanic = occupation("aircraft maintenance technician")
        self.electrician = occupation("electrician")

    def vacancy(self, occupation_concept, title, municipality=None, kind="job", essential=None, optional=(), **extra):
        vacancy = Vacancy.objects.create(
            employer=self.employer,
            title=title,
            kind=kind,
            occupation=occupation_concept,
            municipality=municipality or self.haarlemmermeer,
            sector=extra.pop("sector", "C"),
            opened_on=extra.pop("opened_on", datetime.date(2026, 1, 1)),
            **extra,
        )
        essential = profile(occupation_concept) if essential is None else essential
        VacancySkill.objects.bulk_create(
            [VacancySkill(vacancy=vacancy, skill_id=s, importance=Importance.ESSENTIAL) for s in essential]
            + [VacancySkill(vacancy=vacancy, skill_id=s, importance=Importance.OPTIONAL) for s in optional]
        )
        return vacancy

    def person(self, email, skills, municipality=None, findable=True, level=None, **wishes):
        user = self.make_user(role="person", email=email, full_name=email.split("@")[0].title())
        passport = Passport.objects.create(
            user=user, home_municipality=municipality or self.haarlemmermeer, findable=findable, **wishes
        )
        PassportSkill.objects.bulk_create([PassportSkill(passport=passport, skill_id=s) for s in skills])
        if level:
            Education.objects.create(passport=passport, title="Opleiding", nlqf_level=level)
        match_index.invalidate()
        return passport


@pytest.fixture
def world(sample_taxonomy, make_user):
    return World(make_user)

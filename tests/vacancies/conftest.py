import datetime

import pytest

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role
from loket.geography.models import Municipality
from loket.taxonomy.models import Concept, ConceptKind


def concept(label, kind=ConceptKind.OCCUPATION):
    return Concept.objects.get(kind=kind, labels__language="en", labels__kind="preferred", labels__text=label)


@pytest.fixture
def employer_org(db):
    return Organisation.objects.create(name="Scheepswerf Den Helder", kind=Organisation.Kind.EMPLOYER, kvk_number="12345678")


@pytest.fixture
def employer(make_user, employer_org):
    user = make_user(role=Role.EMPLOYER, email="hr@werf.nl", full_name="Martijn Bakker")
    Membership.objects.create(user=user, organisation=employer_org, is_manager=True)
    return user


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(name="Luchtvaarttechniek Schiphol", kind=Organisation.Kind.EMPLOYER)


@pytest.fixture
def other_employer(make_user, other_org):
    user = make_user(role=Role.EMPLOYER, email="hr@schiphol.nl", full_name="Anouk Visser")
    Membership.objects.create(user=user, organisation=other_org)
    return user


@pytest.fixture
def coach_org(db):
    return Organisation.objects.create(name="Mobiliteitsteam Noord-Holland Noord", kind=Organisation.Kind.GOVERNMENT)


@pytest.fixture
def coach(make_user, coach_org):
    user = make_user(role=Role.COACH, email="coach@wsp.nl", full_name="Peter de Coach")
    Membership.objects.create(user=user, organisation=coach_org)
    return user


@pytest.fixture
def electrician(sample_taxonomy):
    return concept("electrician")


@pytest.fixture
def alkmaar(db):
    return Municipality.objects.get(code="GM0361")


def vacancy_data(occupation, municipality, **extra):
    return {
        "title": "Elektromonteur utiliteit",
        "description": "Je legt installaties aan in nieuwbouw.",
        "kind": "job",
        "occupation": occupation,
        "nlqf_level": 3,
        "hours_min": 32,
        "hours_max": 40,
        "municipality": municipality,
        "sector": "F",
        "climate_transition": True,
        "opened_on": datetime.date(2026, 11, 1),
    } | extra


@pytest.fixture
def make_vacancy(employer, employer_org, electrician, alkmaar):
    from loket.vacancies import services

    def make(organisation=None, user=None, skills=None, **extra):
        skills = skills if skills is not None else [(s.pk, imp) for s, imp in services.propose_skills(electrician)[:5]]
        return services.save_vacancy(
            organisation or employer_org, vacancy_data(electrician, alkmaar, **extra), skills, user=user or employer
        )

    return make

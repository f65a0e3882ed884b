import datetime

import pytest

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role


def skill_named(label, language="nl"):
    from loket.taxonomy.models import Skill

    return Skill.objects.get(labels__language=language, labels__kind="preferred", labels__text=label)


@pytest.fixture
def heat_pumps(sample_taxonomy):
    return skill_named("warmtepompen installeren")


@pytest.fixture
def another_skill(sample_taxonomy, heat_pumps):
    from loket.taxonomy.models import Skill

    return Skill.objects.exclude(pk=heat_pumps.pk).filter(labels__language="nl").first()


def member_of(make_user, organisation, role, email, name):
    user = make_user(role=role, email=email, full_name=name)
    Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def school(db):
    return Organisation.objects.create(name="ROC Kop van Noord-Holland", kind=Organisation.Kind.PROVIDER, website="https://roc.example")


@pytest.fixture
def teacher(make_user, school):
    return member_of(make_user, school, Role.PROVIDER, "docent@roc.example", "Ingrid Visser")


@pytest.fixture
def employer(db):
    return Organisation.objects.create(name="Installatiebedrijf Alkmaar", kind=Organisation.Kind.EMPLOYER)


@pytest.fixture
def boss(make_user, employer):
    return member_of(make_user, employer, Role.EMPLOYER, "baas@installatie.example", "Martijn Bakker")


@pytest.fixture
def person(make_user):
    return make_user(role=Role.PERSON, email="sanne@example.nl", full_name="Sanne de Vries")


@pytest.fixture
def issue_request(school, heat_pumps):
    from loket.credentials.services import IssueRequest

    def make(**changes):
        values = dict(
            organisation=school,
            email="sanne@example.nl",
            skill=heat_pumps,
            evidence="diploma",
            evidence_date=datetime.date(2026, 6, 30),
            valid_until=None,
            note="MBO Monteur duurzame energie",
        )
        values.update(changes)
        return IssueRequest(**values)

    return make


@pytest.fixture
def issued(teacher, person, issue_request):
    from loket.credentials import services

    return services.issue(teacher, issue_request(), "https://loket.example")

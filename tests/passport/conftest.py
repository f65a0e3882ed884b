import pytest

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role
from loket.taxonomy.models import Concept, ConceptKind, Label, Relation

PASSWORD = "een-lang-wachtwoord-42"


def concept(kind, english_label):
    """A concept of the sample taxonomy by its English preferred label."""
    return Concept.objects.get(kind=kind, labels__language="en", labels__kind=Label.Kind.PREFERRED, labels__text=english_label)


def skill(english_label):
    return concept(ConceptKind.SKILL, english_label)


def occupation(english_label):
    return concept(ConceptKind.OCCUPATION, english_label)


def essential_skills(occupation_concept):
    return list(
        Concept.objects.filter(occupation_links__occupation=occupation_concept, occupation_links__relation=Relation.ESSENTIAL)
    )


@pytest.fixture
def person(make_user):
    return make_user(role=Role.PERSON, email="sanne@example.nl", full_name="Sanne de Vries")


@pytest.fixture
def other_person(make_user):
    return make_user(role=Role.PERSON, email="piet@example.nl", full_name="Piet Jansen")


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def employer_org(db):
    return Organisation.objects.create(name="Damen Den Helder", kind=Organisation.Kind.EMPLOYER)


@pytest.fixture
def recruiter(make_user, employer_org):
    user = make_user(role=Role.EMPLOYER, email="hr@damen.nl", full_name="Martijn Bakker")
    Membership.objects.create(user=user, organisation=employer_org)
    return user


@pytest.fixture
def coach_org(db):
    return Organisation.objects.create(name="UWV Noord-Holland Noord", kind=Organisation.Kind.GOVERNMENT)


@pytest.fixture
def coach(make_user, coach_org):
    user = make_user(role=Role.COACH, email="coach@uwv.nl", full_name="Peter Coach")
    Membership.objects.create(user=user, organisation=coach_org)
    return user


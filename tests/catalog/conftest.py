"""Shared catalogue fixtures: a provider with courses and offerings on the sample taxonomy.

Dates are relative to today so that "bookable" stays true whenever the tests run.
"""

import datetime

import pytest
from django.utils import timezone

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role
from loket.catalog.models import Course, CourseLevel, CourseSkill, Modality, Offering, Provider, ProviderKind
from loket.geography.models import Municipality
from loket.taxonomy.models import Concept, ConceptKind


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def provider_user(make_user):
    return make_user(Role.PROVIDER, email="opleider@example.nl")


@pytest.fixture
def provider(provider_user):
    organisation = Organisation.objects.create(name="ROC Kust", kind=Organisation.Kind.PROVIDER)
    Membership.objects.create(user=provider_user, organisation=organisation, is_manager=True)
    return Provider.objects.create(organisation=organisation, kind=ProviderKind.ROC, recognitions=["ocw"], brin="25AB")


@pytest.fixture
def other_provider(make_user):
    user = make_user(Role.PROVIDER, email="ander@example.nl")
    organisation = Organisation.objects.create(name="Windacademie", kind=Organisation.Kind.PROVIDER)
    Membership.objects.create(user=user, organisation=organisation)
    return Provider.objects.create(organisation=organisation, kind=ProviderKind.PRIVATE)


@pytest.fixture
def skills(sample_taxonomy):
    """Three sample skills, in a fixed order (by URI)."""
    return list(Concept.objects.filter(kind=ConceptKind.SKILL).order_by("uri")[:3])


@pytest.fixture
def municipalities(db):
    return {m.code: m for m in Municipality.objects.filter(code__in=["GM0363", "GM0361", "GM0392"])}


@pytest.fixture
def course(provider, skills):
    course = Course.objects.create(
        provider=provider, code="WIND-3", title_nl="Monteur windturbines", title_en="Wind turbine technician",
        level=CourseLevel.MBO3, nlqf_level=3, crebo="25191", isced_f="0713", study_hours=400, recognised=True,
        recognised_by="OCW",
    )  # fmt: skip
    CourseSkill.objects.bulk_create([CourseSkill(course=course, skill=skill) for skill in skills[:2]])
    return course


@pytest.fixture
def second_course(provider, skills):
    course = Course.objects.create(
        provider=provider, code="ZON-B", title_nl="Zonnepanelen ontwerpen", level=CourseLevel.BACHELOR, nlqf_level=6,
        study_hours=120,
    )  # fmt: skip
    CourseSkill.objects.create(course=course, skill=skills[2])
    return course


@pytest.fixture
def offerings(course, second_course, municipalities):
    """Amsterdam on site (Groot Amsterdam), Alkmaar hybrid (Noord-Holland Noord), online, and two not bookable."""
    make = Offering.objects.create
    return {
        "amsterdam": make(course=course, code="A1", start_date=in_days(30), end_date=in_days(120), enrol_end=in_days(20),
                          price_cents=150000, modality=Modality.ON_SITE, municipality=municipalities["GM0363"], location="Campus Noord"),
        "alkmaar": make(course=course, code="A2", start_date=in_days(60), end_date=in_days(150), price_cents=90000,
                        modality=Modality.HYBRID, municipality=municipalities["GM0361"]),
        "online": make(course=second_course, code="O1", start_date=in_days(45), end_date=in_days(90), price_cents=40000,
                       modality=Modality.ONLINE),
        "cancelled": make(course=second_course, code="O2", start_date=in_days(50), end_date=in_days(90), price_cents=40000,
                          modality=Modality.ONLINE, cancelled=True),
        "started": make(course=course, code="A0", start_date=in_days(-10), end_date=in_days(80), price_cents=150000,
                        modality=Modality.ON_SITE, municipality=municipalities["GM0392"]),
    }  # fmt: skip

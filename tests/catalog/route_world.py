"""A small world for learning-route tests: a person, a goal from the sample taxonomy, and courses that teach its skills."""

import datetime

from django.utils import timezone

from loket.accounts.models import Organisation
from loket.accounts.roles import Role
from loket.catalog.models import Course, CourseSkill, Modality, Offering, Provider, ProviderKind
from loket.geography.models import Municipality
from loket.passport.models import Passport, PassportSkill
from loket.taxonomy.models import Concept, ConceptKind, OccupationSkill, Relation


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def occupation(label):
    return Concept.objects.get(kind=ConceptKind.OCCUPATION, labels__language="en", labels__kind="preferred", labels__text=label)


def profile(concept, relation=Relation.ESSENTIAL):
    return list(OccupationSkill.objects.filter(occupation=concept, relation=relation, skill__status="released").order_by("skill_id").values_list("skill_id", flat=True))


class RouteWorld:
    def __init__(self, make_user):
        self.make_user = make_user
        self.haarlemmermeer = Municipality.objects.get(code="GM0394")
        self.amsterdam = Municipality.objects.get(code="GM0363")
        self.den_helder = Municipality.objects.get(code="GM0400")
        self.electrician = occupation("electrician")
        self.essential = profile(self.electrician)
        self.optional = profile(self.electrician, Relation.OPTIONAL)
        organisation = Organisation.objects.create(name="ROC Techniek", kind=Organisation.Kind.PROVIDER)
        self.provider = Provider.objects.create(organisation=organisation, kind=ProviderKind.ROC)

    def person(self, email="persoon@example.nl", skills=(), municipality=None, **extra):
        user = self.make_user(role=Role.PERSON, email=email, full_name=email.split("@")[0].title())
        passport = Passport.objects.create(user=user, home_municipality=municipality or self.haarlemmermeer, **extra)
        PassportSkill.objects.bulk_create([PassportSkill(passport=passport, skill_id=s) for s in skills])
        return passport

    def course(self, title, skills, hours=100):
        course = Course.objects.create(provider=self.provider, title_nl=title, study_hours=hours)
        CourseSkill.objects.bulk_create([CourseSkill(course=course, skill_id=s) for s in skills])
        return course

    def offering(self, course, euros, *, modality=Modality.ON_SITE, municipality=None, start_in_days=30, **extra):
        return Offering.objects.create(
            course=course, start_date=in_days(start_in_days), end_date=in_days(start_in_days + 60), price_cents=euros * 100,
            modality=modality, municipality=None if modality == Modality.ONLINE else (municipality or self.amsterdam), **extra,
        )  # fmt: skip

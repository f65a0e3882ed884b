"""loket demo: Sanne's passport, KLM's places, an outflow, a coach and a small population, once."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from loket.accounts.models import Organisation, User
from loket.catalog.models import Course, CourseSkill, Offering, Provider
from loket.generator import services
from loket.passport.models import Consent, Passport
from loket.taxonomy.models import Occupation, OccupationSkill
from loket.transitions.gap import skill_gap
from loket.vacancies.models import OutflowAnnouncement, Vacancy

pytestmark = pytest.mark.django_db


def counts():
    return {
        "users": User.objects.count(),
        "passports": Passport.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "organisations": Organisation.objects.count(),
        "outflow": OutflowAnnouncement.objects.count(),
        "consents": Consent.objects.count(),
        "skills": Passport.objects.get(user__email="inwoner@demo.loket.nl").skills.count(),
        "providers": Provider.objects.count(),
        "courses": Course.objects.count(),
        "offerings": Offering.objects.count(),
    }


def test_demo_makes_its_data_once(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    first = counts()
    output = io.StringIO()
    call_command("demo", stdout=output, stderr=io.StringIO())
    assert counts() == first
    assert "Synthetische bevolking al aanwezig." in output.getvalue()

    sanne = Passport.objects.get(user__email="inwoner@demo.loket.nl")
    assert sanne.home_municipality.name == "Haarlemmermeer" and sanne.findable and sanne.open_to_work_to_work
    assert sanne.skills.count() == 12
    assert sanne.work_history.get().occupation.label("en") == "aircraft maintenance technician"
    assert sanne.education.get().nlqf_level == 4
    consent = Consent.objects.active().get(passport=sanne)
    assert consent.organisation.name == "ServicePunt Techniek Noord-Holland" and consent.purpose == "coaching"

    klm = Vacancy.objects.filter(employer__name="KLM Engineering & Maintenance")
    assert sorted(klm.values_list("kind", flat=True)) == ["bbl", "internship", "job", "job", "open_hiring"]
    assert klm.filter(climate_transition=True).count() == 1
    assert not klm.filter(skills__isnull=True).exists()
    outflow = OutflowAnnouncement.objects.get()
    assert (outflow.people, outflow.region.code, outflow.occupation.label("en")) == (40, "AM18", "aircraft maintenance technician")

    assert services.synthetic_people().count() == 300
    assert Vacancy.objects.filter(external_id__startswith=services.SYNTHETIC_EXTERNAL_ID).open().count() == 150


def missing_for(passport, label):
    occupation = Occupation.objects.get(labels__language="en", labels__kind="preferred", labels__text=label)
    essential = OccupationSkill.objects.filter(occupation=occupation, relation="essential").values_list("skill_id", flat=True)
    return skill_gap(passport.skills.values_list("skill_id", flat=True), essential).missing_essential


def test_demo_catalogue_offers_routes_for_sanne_with_a_gap_left(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    sanne = Passport.objects.get(user__email="inwoner@demo.loket.nl")
    today = timezone.localdate()
    bookable = Offering.objects.bookable(today)
    taught = set(CourseSkill.objects.filter(course__offerings__in=bookable).values_list("skill_id", flat=True))

    wind = missing_for(sanne, "onshore wind farm technician")
    assert len(wind) > 20
    untaught = [skill for skill in wind if skill not in taught]
    assert len(untaught) == 1  # "ensure compliance with noise standards": nobody teaches it here
    solar = missing_for(sanne, "solar energy technician")
    assert len([skill for skill in solar if skill not in taught]) == 1
    assert all(skill in taught for skill in missing_for(sanne, "electrician"))

    # Real choices: a skill taught by several providers, at different prices and in different forms.
    for_wind = Offering.objects.filter(course__course_skills__skill_id__in=wind).distinct()
    assert for_wind.values("course__provider").distinct().count() >= 4
    assert {"online", "hybrid", "on_site"} <= set(for_wind.values_list("modality", flat=True))
    prices = for_wind.values_list("price_cents", flat=True)
    assert min(prices) < 500_00 < max(prices)
    assert not for_wind.exclude(modality="online").filter(municipality=None).exists()

    # The provider's demo account works for a provider with courses.
    nova = Provider.objects.get(organisation__name="ROC Nova College")
    assert nova.organisation.memberships.filter(user__email="opleider@demo.loket.nl").exists()
    assert nova.courses.count() >= 5

"""loket demo: Sanne's passport, KLM's places, an outflow, a coach and a small population, once."""

import io

import pytest
from django.core.management import call_command

from loket.accounts.models import Organisation, User
from loket.generator import services
from loket.passport.models import Consent, Passport
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

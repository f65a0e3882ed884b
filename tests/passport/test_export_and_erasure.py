"""The person downloads everything the loket holds on them, and can delete it for good."""

import datetime
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from loket.accounts.models import User
from loket.credentials import services as credentials
from loket.credentials.models import IssuedCredential
from loket.geography.models import Municipality
from loket.matching.models import ContactRequest, Trajectory, TrajectoryNote
from loket.passport import services
from loket.passport.models import AccessLogEntry, Consent, Education, ErasureRecord, Passport, PassportSkill, WorkExperience
from loket.vacancies.models import Placement, Vacancy

from .conftest import PASSWORD, occupation, skill

pytestmark = pytest.mark.django_db
ESCO = "http://data.europa.eu/esco/"


@pytest.fixture
def full_passport(person, recruiter, employer_org, coach, coach_org, sample_taxonomy):
    """A person with something in every table that holds personal data."""
    passport = services.passport_for(person)
    services.add_skills(passport, [skill("install heat pump").pk, skill("splice cable").pk], source="manual")
    WorkExperience.objects.create(passport=passport, occupation=occupation("electrician"), employer_name="Smit Installatie", sector="F",
                                  started_on=datetime.date(2015, 3, 1))
    Education.objects.create(passport=passport, title="Monteur", institution="ROC Kop van Noord-Holland", nlqf_level=3)
    passport.findable = True
    passport.home_municipality = Municipality.objects.get(code="GM0400")
    passport.save()
    vacancy = Vacancy.objects.create(employer=employer_org, title="Elektromonteur", occupation=occupation("electrician"),
                                     municipality=passport.home_municipality, sector="C")
    consent = Consent.objects.create(passport=passport, organisation=coach_org, purpose="coaching", sections=["skills", "contact"])
    services.view_passport(coach, passport, organisation=coach_org, purpose="coaching")
    ContactRequest.objects.create(vacancy=vacancy, passport=passport, requested_by=recruiter, message="Wilt u komen praten?")
    trajectory = Trajectory.objects.create(passport=passport, organisation=coach_org, coach=coach, next_step="Proefdag bij Damen")
    TrajectoryNote.objects.create(trajectory=trajectory, author=coach, text="Sanne wil graag de energiesector in.")
    Placement.objects.create(vacancy=vacancy, person=person, previous_occupation=occupation("electrician"), previous_sector="F",
                             started_on=datetime.date(2026, 9, 1), recorded_by=recruiter)
    credentials.issue(
        recruiter,
        credentials.IssueRequest(organisation=employer_org, email="sanne@example.nl", skill=skill("install heat pump"),
                                 evidence="work_experience", evidence_date=datetime.date(2025, 1, 15)),
        "https://loket.example",
    )
    return {"passport": passport, "vacancy": vacancy, "consent": consent}


def test_the_export_holds_everything_with_esco_uris(person_client, person, full_passport):
    response = person_client.get(reverse("passport:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="loket-mijn-gegevens-')
    data = json.loads(response.content)
    assert data["format"] == "loket-passport-export"
    assert data["account"]["email"] == "sanne@example.nl" and data["account"]["roles"] == ["person"]
    assert len(data["skills"]) == 2 and all(s["skill"]["uri"].startswith(ESCO + "skill/") for s in data["skills"])
    assert data["work_history"][0]["occupation"]["uri"].startswith(ESCO + "occupation/")
    assert data["work_history"][0]["employer_name"] == "Smit Installatie"
    assert data["education"][0]["institution"] == "ROC Kop van Noord-Holland"
    assert data["wishes"]["home_municipality"]["code"] == "GM0400" and data["passport"]["findable"] is True
    assert data["consents"][0]["organisation"]["name"] == "UWV Noord-Holland Noord"
    assert data["access_log"][0]["viewer"] == "Peter Coach"
    assert data["contact_requests"][0]["message"] == "Wilt u komen praten?"
    assert data["trajectories"][0]["notes"][0]["text"] == "Sanne wil graag de energiesector in."
    assert data["placements"][0]["previous_occupation"]["uri"].startswith(ESCO + "occupation/")
    [credential] = data["credentials"]
    assert credential["type"] == "issuedcredential" and credential["organisation"] == "Damen Den Helder"
    assert credential["skill"]["uri"] == skill("install heat pump").uri
    assert "OpenBadgeCredential" in credential["document"]["type"] and credential["jwt"]
    assert person_client.get("/api/v1/passport/export").json()["skills"] == data["skills"]


def test_every_esco_reference_in_the_export_carries_its_uri(person_client, full_passport):
    data = person_client.get(reverse("passport:export")).json()

    def concepts(node):
        if isinstance(node, dict):
            if "label_language" in node:
                yield node
            for value in node.values():
                yield from concepts(value)
        elif isinstance(node, list):
            for value in node:
                yield from concepts(value)

    found = list(concepts(data))
    assert len(found) == 5 and all(c["uri"].startswith(ESCO) for c in found)


def personal_rows(email, name):
    """Rows anywhere in the database whose text fields mention the person."""
    hits = []
    for model in apps.get_models():
        if model is ErasureRecord:
            continue
        text_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        query = models.Q()
        for field in text_fields:
            query |= models.Q(**{f"{field}__icontains": email}) | models.Q(**{f"{field}__icontains": name})
        if text_fields and model._default_manager.filter(query).exists():
            hits.append(model.__name__)
    return hits


def test_deleting_the_account_needs_the_password(person_client, person, full_passport):
    response = person_client.post(reverse("passport:delete_account"), {"password": "fout"})
    assert response.status_code == 400 and "Dit wachtwoord klopt niet. Er is niets verwijderd." in response.text
    assert User.objects.filter(pk=person.pk).exists() and PassportSkill.objects.count() == 2
    assert not ErasureRecord.objects.exists()


def test_deleting_removes_every_personal_row_and_keeps_anonymous_counts(person_client, person, full_passport):
    assert personal_rows("sanne@example.nl", "Sanne de Vries") != []
    response = person_client.post(reverse("passport:delete_account"), {"password": PASSWORD}, follow=True)
    assert "Uw account en al uw gegevens zijn verwijderd." in response.text

    assert not User.objects.filter(pk=person.pk).exists()
    for model in (Passport, PassportSkill, WorkExperience, Education, Consent, AccessLogEntry, ContactRequest, Trajectory, TrajectoryNote):
        assert not model.objects.exists(), model.__name__
    assert personal_rows("sanne@example.nl", "Sanne de Vries") == []
    assert personal_rows("sanne@example.nl", "Sanne") == []

    record = ErasureRecord.objects.get()
    assert (record.had_passport, record.was_findable, record.skill_count) == (True, True, 2)
    credential = IssuedCredential.objects.get()  # the issuer's record that it signed something stays, without the person
    assert (credential.subject, credential.subject_name, credential.document, credential.jwt) == (None, "", {}, "")
    placement = Placement.objects.get()
    assert placement.person is None and placement.previous_sector == "F" and placement.vacancy == full_passport["vacancy"]
    assert placement.previous_occupation == occupation("electrician")
    # Signed out: the passport asks to log in again.
    assert person_client.get(reverse("passport:home")).status_code == 302


def test_deleting_a_person_without_a_passport_counts_that_too(make_user):
    user = make_user(role="person", email="leeg@example.nl")
    services.delete_person(user)
    record = ErasureRecord.objects.get()
    assert (record.had_passport, record.was_findable, record.skill_count) == (False, False, 0)
    assert not User.objects.filter(email="leeg@example.nl").exists()


def test_other_peoples_data_stays(person_client, person, other_person, full_passport):
    services.add_skills(services.passport_for(other_person), [skill("install heat pump").pk], source="cv")
    person_client.post(reverse("passport:delete_account"), {"password": PASSWORD})
    assert PassportSkill.objects.filter(passport__user=other_person).count() == 1
    assert User.objects.filter(email__in=["hr@damen.nl", "coach@uwv.nl", "piet@example.nl"]).count() == 3

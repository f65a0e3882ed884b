"""The person owns the passport: nobody sees it without a consent for a named
organisation and purpose; every view is logged; revoking works at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from loket.accounts.models import Membership
from loket.geography.models import Municipality
from loket.passport import services
from loket.passport.models import AccessLogEntry, Consent, Education, Evidence, Passport, SkillSource, WorkExperience
from loket.vacancies.models import Vacancy

from .conftest import occupation, skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport(person, sample_taxonomy):
    passport = services.passport_for(person)
    services.add_skills(
        passport, [skill("install heat pump").pk], source=SkillSource.MANUAL, evidence=Evidence.CERTIFICATE,
        evidence_date=datetime.date(2023, 4, 2), evidence_note="F-gassen bij Techniek College Den Helder",
    )
    WorkExperience.objects.create(
        passport=passport, occupation=occupation("electrician"), employer_name="Installatiebedrijf Smit", sector="F",
        started_on=datetime.date(2015, 3, 1), ended_on=datetime.date(2021, 6, 30),
    )
    Education.objects.create(passport=passport, title="Monteur", institution="ROC Kop van Noord-Holland", nlqf_level=3)
    passport.home_municipality = Municipality.objects.get(code="GM0400")
    passport.save()
    return passport


@pytest.fixture
def vacancy(employer_org, sample_taxonomy):
    return Vacancy.objects.create(
        employer=employer_org, title="Elektromonteur scheepsbouw", occupation=occupation("electrician"),
        municipality=Municipality.objects.get(code="GM0400"), sector="C",
    )


def under_heading(html, heading):
    """The part of a page from an h2 to the next h2."""
    return html.split(f'<h2 class="utrecht-heading-2">{heading}</h2>', 1)[1].split("<h2", 1)[0]


def consent(passport, organisation, purpose=Consent.Purpose.VACANCY, **fields):
    fields.setdefault("sections", ["skills", "work_history"])
    return Consent.objects.create(passport=passport, organisation=organisation, purpose=purpose, **fields)


def test_passport_for_makes_one_passport_per_person(person):
    assert services.passport_for(person) == services.passport_for(person)
    assert Passport.objects.count() == 1


def test_without_consent_an_employer_is_refused_and_nothing_is_logged(passport, recruiter, employer_org):
    with pytest.raises(PermissionDenied, match="geen \\(geldige\\) toestemming"):
        services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    assert not AccessLogEntry.objects.exists()


def test_with_consent_only_the_consented_sections_are_shown_and_the_view_is_logged(
    passport, recruiter, employer_org, person_client
):
    given = consent(passport, employer_org)
    data = services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    assert data["sections"] == ["skills", "work_history"]
    assert set(data) == {"sections", "skills", "work_history"}
    assert data["skills"][0]["skill"]["uri"].startswith("http://data.europa.eu/esco/skill/")
    assert data["skills"][0]["evidence"] == "certificate"
    assert data["work_history"][0]["employer_name"] == "Installatiebedrijf Smit"
    assert "Sanne" not in str(data) and "sanne@example.nl" not in str(data)

    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.viewer_name, entry.organisation_name, entry.purpose, entry.consent) == (
        recruiter, "Martijn Bakker", "Damen Den Helder", "vacancy", given)
    assert entry.sections == ["skills", "work_history"]

    log = person_client.get(reverse("passport:access_log"))
    assert "Martijn Bakker" in log.text and "Damen Den Helder" in log.text
    assert "Sollicitatie op een vacature" in log.text and "Skills, Werkervaring" in log.text


def test_contact_is_shown_only_when_consented(passport, coach, coach_org):
    consent(passport, coach_org, Consent.Purpose.COACHING, sections=["contact", "wishes"])
    data = services.view_passport(coach, passport, organisation=coach_org, purpose=Consent.Purpose.COACHING)
    assert data["contact"] == {"name": "Sanne de Vries", "email": "sanne@example.nl"}
    assert data["wishes"]["home_municipality"]["name"] == "Den Helder"
    assert "skills" not in data


def test_a_consent_for_one_purpose_does_not_open_another(passport, recruiter, employer_org):
    consent(passport, employer_org, Consent.Purpose.COACHING)
    with pytest.raises(PermissionDenied):
        services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    assert not AccessLogEntry.objects.exists()


def test_expired_consent_is_refused(passport, recruiter, employer_org):
    consent(passport, employer_org, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY) is None
    with pytest.raises(PermissionDenied):
        services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    assert not AccessLogEntry.objects.exists()


def test_revoking_refuses_the_very_next_view(passport, recruiter, employer_org, person_client):
    given = consent(passport, employer_org)
    services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    person_client.post(reverse("passport:consent_revoke", args=[given.pk]))
    with pytest.raises(PermissionDenied):
        services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    assert AccessLogEntry.objects.count() == 1


def test_a_viewer_outside_the_consented_organisation_is_refused(passport, employer_org, coach, make_user):
    consent(passport, employer_org)
    outsider = make_user(role="employer", email="ander@bedrijf.nl")
    for viewer in (outsider, coach):
        with pytest.raises(PermissionDenied, match="geen lid van Damen Den Helder"):
            services.view_passport(viewer, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    assert not AccessLogEntry.objects.exists()


def test_a_former_member_is_refused(passport, recruiter, employer_org):
    consent(passport, employer_org)
    Membership.objects.filter(user=recruiter).delete()
    with pytest.raises(PermissionDenied):
        services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)


def test_a_vacancy_consent_covers_that_vacancy_or_all_of_the_organisations(passport, employer_org, vacancy, sample_taxonomy):
    other_vacancy = Vacancy.objects.create(
        employer=employer_org, title="Lasser", occupation=occupation("welder"), municipality=vacancy.municipality, sector="C"
    )
    specific = consent(passport, employer_org, vacancy=vacancy)
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY, vacancy) == specific
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY, other_vacancy) is None
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY) is None
    general = consent(passport, employer_org)
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY, other_vacancy) == general
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY, vacancy) == specific


def test_findable_profile_has_no_name_contact_or_employer(passport):
    assert services.findable_profile(passport) is None
    passport.findable = True
    passport.findable_sections = ["skills", "work_history", "education", "contact"]
    passport.save()
    profile = services.findable_profile(passport)
    assert profile["sections"] == ["skills", "work_history", "education"]
    text = str(profile)
    for private in ("Sanne", "sanne@example.nl", "Installatiebedrijf Smit", "ROC Kop van Noord-Holland", "F-gassen"):
        assert private not in text
    assert profile["work_history"] == [
        {"occupation": profile["work_history"][0]["occupation"], "sector": "F", "sector_label": "Bouwnijverheid", "started_year": 2015, "ended_year": 2021}
    ]
    assert profile["work_history"][0]["occupation"]["uri"] == occupation("electrician").uri
    assert profile["skills"][0]["evidence_year"] == 2023 and "wishes" not in profile


def test_consent_page_grants_lists_and_revokes(person_client, person, passport, employer_org, coach_org):
    page = person_client.get(reverse("passport:consent_add"))
    assert "Damen Den Helder" in page.text and "UWV Noord-Holland Noord" in page.text
    response = person_client.post(
        reverse("passport:consent_add"),
        {"organisation_id": coach_org.pk, "purpose": "coaching", "sections": ["skills", "contact"], "expires_on": ""},
    )
    assert response.status_code == 302
    given = Consent.objects.get()
    assert (given.organisation, given.purpose, given.sections, given.expires_at) == (coach_org, "coaching", ["skills", "contact"], None)
    listing = person_client.get(reverse("passport:consents"))
    assert "UWV Noord-Holland Noord" in listing.text and "Intrekken" in listing.text
    person_client.post(reverse("passport:consent_revoke", args=[given.pk]))
    given.refresh_from_db()
    assert given.revoked_at is not None and not given.is_active()
    listing = person_client.get(reverse("passport:consents"))
    assert "Geen enkele organisatie mag uw paspoort nu inzien." in listing.text
    assert "UWV Noord-Holland Noord" in under_heading(listing.text, "Ingetrokken")


def test_a_consent_until_a_date_lasts_to_the_end_of_that_day_and_then_shows_as_expired(person_client, passport, employer_org):
    today = timezone.localdate()
    person_client.post(
        reverse("passport:consent_add"),
        {"organisation_id": employer_org.pk, "purpose": "vacancy", "sections": ["skills"], "expires_on": today.isoformat()},
    )
    given = Consent.objects.get()
    assert timezone.localtime(given.expires_at).date() == today + datetime.timedelta(days=1)
    assert given.is_active()
    Consent.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    listing = person_client.get(reverse("passport:consents"))
    assert "Damen Den Helder" in under_heading(listing.text, "Verlopen")
    assert "Damen Den Helder" not in under_heading(listing.text, "Geldig")


def test_a_consent_from_a_vacancy_is_for_that_vacancy(person_client, passport, employer_org, vacancy):
    page = person_client.get(reverse("passport:consent_add"), {"vacature": vacancy.pk})
    assert "Elektromonteur scheepsbouw" in page.text
    person_client.post(
        reverse("passport:consent_add"),
        {"organisation_id": employer_org.pk, "purpose": "vacancy", "vacancy_id": vacancy.pk, "sections": ["skills"]},
    )
    assert Consent.objects.get().vacancy == vacancy


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"organisation_id": ""}, "Kies de organisatie die toestemming krijgt."),
        ({"organisation_id": 99999}, "Kies een organisatie uit de lijst."),
        ({"purpose": "marketing"}, "Kies een doel uit de lijst."),
        ({"sections": []}, "Kies minstens één onderdeel dat de organisatie mag zien."),
        ({"expires_on": "2020-01-01"}, "Deze datum is al voorbij."),
        ({"purpose": "coaching", "vacancy": True}, "Een vacature hoort alleen bij toestemming voor een sollicitatie."),
        ({"other_organisation_vacancy": True}, "Deze vacature is niet van de gekozen organisatie."),
    ],
)
def test_a_bad_consent_gets_a_dutch_message_and_grants_nothing(person_client, passport, employer_org, coach_org, vacancy, fields, message):
    data = {"organisation_id": employer_org.pk, "purpose": "vacancy", "sections": ["skills"]}
    if fields.pop("vacancy", False):
        data["vacancy_id"] = vacancy.pk
    if fields.pop("other_organisation_vacancy", False):
        data |= {"vacancy_id": vacancy.pk, "organisation_id": coach_org.pk}
    response = person_client.post(reverse("passport:consent_add"), data | fields)
    assert response.status_code == 400 and message in response.text
    assert not Consent.objects.exists()


def test_an_anonymous_look_in_a_candidate_list_reads_plainly_in_the_log(passport, recruiter, employer_org, person_client):
    AccessLogEntry.objects.create(
        passport=passport, viewer=recruiter, viewer_name="Martijn Bakker", organisation=employer_org,
        organisation_name="Damen Den Helder", purpose="candidate_list", sections=["skills"],
    )
    log = person_client.get(reverse("passport:access_log"))
    assert "Anoniem, in de kandidaten voor een vacature" in log.text and "candidate_list" not in log.text


def test_deleting_a_vacancy_ends_its_consent_instead_of_opening_all_the_organisations_vacancies(
    passport, recruiter, employer_org, vacancy, person_client
):
    other_vacancy = Vacancy.objects.create(
        employer=employer_org, title="Lasser", occupation=occupation("welder"), municipality=vacancy.municipality, sector="C"
    )
    given = services.grant_consent(passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY, sections=["skills"], vacancy=vacancy)
    services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY, vacancy=vacancy)

    vacancy.delete()

    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY, other_vacancy) is None
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY) is None
    assert not Consent.objects.active().exists()
    with pytest.raises(PermissionDenied):
        services.view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY, vacancy=other_vacancy)
    # The person's history keeps the consent, which vacancy it was for, and who looked.
    given.refresh_from_db()
    assert given.revoked_at is not None and not given.is_active()
    assert AccessLogEntry.objects.get().consent == given
    listing = person_client.get(reverse("passport:consents"))
    ended = under_heading(listing.text, "Ingetrokken")
    assert "Elektromonteur scheepsbouw" in ended and "de werkgever heeft de vacature verwijderd" in ended
    assert "Damen Den Helder" not in under_heading(listing.text, "Geldig")
    exported = person_client.get(reverse("passport:export")).json()["consents"][0]
    assert exported["vacancy"] == {"id": None, "title": "Elektromonteur scheepsbouw"} and exported["state"] == "revoked"
    [listed] = person_client.get("/api/v1/passport/consents").json()
    assert listed["vacancy"] == exported["vacancy"] and listed["state"] == "revoked"


def test_a_vacancy_removed_without_signals_still_does_not_open_the_organisations_other_vacancies(passport, employer_org, vacancy):
    """Bulk removal in SQL (as ``loket generate --clear`` does) clears the key without telling anyone."""
    other_vacancy = Vacancy.objects.create(
        employer=employer_org, title="Lasser", occupation=occupation("welder"), municipality=vacancy.municipality, sector="C"
    )
    services.grant_consent(passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY, sections=["skills"], vacancy=vacancy)
    Consent.objects.update(vacancy=None)
    assert services.active_consent(passport, employer_org, Consent.Purpose.VACANCY, other_vacancy) is None
    assert not Consent.objects.active().exists() and not Consent.objects.get().is_active()


def test_a_consent_end_reads_as_the_last_day_it_is_valid(person_client, passport, employer_org, coach_org):
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    person_client.post(
        reverse("passport:consent_add"),
        {"organisation_id": employer_org.pk, "purpose": "vacancy", "sections": ["skills"], "expires_on": last_day.isoformat()},
    )
    given = Consent.objects.get()
    assert given.last_day == last_day
    listing = person_client.get(reverse("passport:consents")).text
    assert f"geldig tot en met {date_format(last_day, 'j F Y')}" in under_heading(listing, "Geldig")
    assert date_format(last_day + datetime.timedelta(days=1), "j F Y") not in listing
    assert person_client.get("/api/v1/passport/consents").json()[0]["last_day"] == last_day.isoformat()

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Consent.objects.update(expires_at=services.end_of_day(yesterday))
    listing = person_client.get(reverse("passport:consents")).text
    assert f"gold tot en met {date_format(yesterday, 'j F Y')}" in under_heading(listing, "Verlopen")
    assert "verlopen op" not in listing

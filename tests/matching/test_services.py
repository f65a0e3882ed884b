"""Matching through the database: fresh profiles, consent inside the query, explanations with labels."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.matching import services
from loket.matching.models import ContactRequest
from loket.passport.models import AccessLogEntry, Consent

from .conftest import profile


def test_a_mechanic_finds_the_mechanic_vacancy_first_with_an_explanation(world):
    mechanic_job = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    world.vacancy(world.electrician, "Elektricien")
    skills = profile(world.mechanic)
    passport = world.person("sanne@example.nl", skills[:-1])

    matches = services.matches_for_person(passport)

    assert matches[0].vacancy == mechanic_job
    assert 0.5 < matches[0].score < 1.0
    lines = matches[0].explanation.lines
    assert {line.skill.pk for line in lines if line.status == "matched"} == set(skills[:-1])
    missing_or_related = [line for line in lines if line.status != "matched"]
    assert [line.skill.pk for line in missing_or_related] == [skills[-1]]
    assert matches[0].explanation.coverage["essential"]["matched"] == len(skills) - 1


def test_a_person_sees_a_new_skill_count_at_once(world):
    world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    skills = profile(world.mechanic)
    passport = world.person("sanne@example.nl", skills[:3])
    before = services.matches_for_person(passport)[0].score
    passport.skills.create(skill_id=skills[3])
    assert services.matches_for_person(passport)[0].score > before


def test_wishes_filter_vacancies_out(world):
    world.vacancy(world.mechanic, "Monteur in Den Helder", municipality=world.den_helder)
    world.vacancy(world.mechanic, "Stage vliegtuigonderhoud", kind="internship")
    passport = world.person("sanne@example.nl", profile(world.mechanic), max_travel_km=20)
    assert services.matches_for_person(passport) == []
    passport.open_to_internship = True
    passport.save()
    assert [m.vacancy.title for m in services.matches_for_person(passport)] == ["Stage vliegtuigonderhoud"]


def test_an_employer_sees_findable_people_without_their_name_and_the_person_sees_the_log(world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    findable = world.person("sanne@example.nl", profile(world.mechanic))
    world.person("verborgen@example.nl", profile(world.mechanic), findable=False)

    candidates = services.candidates_for_vacancy(vacancy, world.recruiter)

    assert len(candidates) == 1
    candidate = candidates[0]
    assert candidate.name == "" and candidate.pseudonym.startswith("Kandidaat ")
    assert "sanne" not in str(candidate.profile).lower()
    entry = AccessLogEntry.objects.get(passport=findable)
    assert entry.organisation == world.employer and entry.viewer == world.recruiter


def test_contact_accepted_reveals_the_name_for_that_vacancy_only(world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    other = world.vacancy(world.mechanic, "Tweede vacature")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    token = services.candidates_for_vacancy(vacancy, world.recruiter)[0].token

    contact = services.request_contact(vacancy, token, world.recruiter, "Wij zoeken u!")
    with pytest.raises(ValidationError):
        services.request_contact(vacancy, token, world.recruiter)
    with pytest.raises(ValidationError):
        services.request_contact(other, token, world.recruiter)  # a token is bound to its vacancy
    services.answer_contact(contact, passport.user, accept=True)

    shown = services.candidates_for_vacancy(vacancy, world.recruiter)[0]
    assert shown.name == "Sanne" and shown.contact_status == ContactRequest.Status.ACCEPTED
    assert services.candidates_for_vacancy(other, world.recruiter)[0].name == ""

    # Revoking the consent hides the name again at once.
    Consent.objects.filter(passport=passport).update(revoked_at="2026-01-01T00:00:00Z")
    assert services.candidates_for_vacancy(vacancy, world.recruiter)[0].name == ""


def test_someone_else_cannot_answer_or_list(world, make_user):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    world.person("sanne@example.nl", profile(world.mechanic))
    outsider = make_user(role="employer", email="ander@example.nl")
    with pytest.raises(PermissionDenied):
        services.candidates_for_vacancy(vacancy, outsider)
    token = services.candidates_for_vacancy(vacancy, world.recruiter)[0].token
    contact = services.request_contact(vacancy, token, world.recruiter)
    with pytest.raises(PermissionDenied):
        services.answer_contact(contact, outsider, accept=True)
    with pytest.raises(ValidationError):
        services.request_contact(vacancy, "vervalst", world.recruiter)


def test_an_outflow_group_finds_receiving_vacancies_at_other_employers(world):
    from loket.accounts.models import Organisation
    from loket.geography.models import Region
    from loket.vacancies.models import OutflowAnnouncement

    own = world.vacancy(world.mechanic, "Eigen vacature")
    other_employer = Organisation.objects.create(name="Energiebedrijf", kind=Organisation.Kind.EMPLOYER)
    receiving = world.vacancy(world.mechanic, "Monteur windturbines")
    receiving.employer = other_employer
    receiving.save()
    outflow = OutflowAnnouncement.objects.create(
        employer=world.employer, occupation=world.mechanic, people=40, expected_on="2027-03-01",
        region=Region.objects.get(code="AM18"),
    )
    titles = [m.vacancy.title for m in services.vacancies_for_outflow(outflow)]
    assert titles == ["Monteur windturbines"]
    assert own.title not in titles


def test_the_name_needs_the_contact_section_and_skills_need_the_skills_section(world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic), findable=False)
    Consent.objects.create(passport=passport, organisation=world.employer, purpose="vacancy", vacancy=vacancy, sections=["wishes"])
    candidate = services.candidates_for_vacancy(vacancy, world.recruiter)[0]
    assert candidate.shared and candidate.name == ""
    assert candidate.explanation.skills_hidden and candidate.explanation.lines == []
    assert candidate.distance_km is not None  # wishes were shared

    findable = world.person("kim@example.nl", profile(world.mechanic), findable_sections=["work_history"])
    anonymous = [c for c in services.candidates_for_vacancy(vacancy, world.recruiter) if not c.shared][0]
    assert anonymous.explanation.skills_hidden and anonymous.distance_km is None
    assert AccessLogEntry.objects.filter(passport=findable).latest("at").sections == ["work_history"]


def test_people_who_shared_their_passport_are_listed_whatever_their_wishes(world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud", hours_min=36, hours_max=40)
    passport = world.person("sanne@example.nl", [], findable=False, hours_min=4, hours_max=12)
    # A consent for all the organisation's vacancies counts too.
    Consent.objects.create(passport=passport, organisation=world.employer, purpose="vacancy", sections=["skills", "contact"])
    candidates = services.candidates_for_vacancy(vacancy, world.recruiter)
    assert [c.name for c in candidates] == ["Sanne"] and candidates[0].shared


def test_a_candidate_token_does_not_give_away_the_passport(world):
    import base64

    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    token = services.candidates_for_vacancy(vacancy, world.recruiter)[0].token
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert f"[{passport.pk}, {vacancy.pk}]".encode() not in decoded and f"[{passport.pk},{vacancy.pk}]".encode() not in decoded
    assert services.passport_from_token(token, vacancy) == passport


def test_a_closed_vacancy_shows_no_candidates(world):
    import datetime

    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud", closed_on=datetime.date(2026, 6, 1))
    world.person("sanne@example.nl", profile(world.mechanic))
    with pytest.raises(ValidationError):
        services.candidates_for_vacancy(vacancy, world.recruiter)
    assert not AccessLogEntry.objects.exists()

"""The rules every way in (pages, API, import, other apps) goes through."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from loket.accounts.models import Membership, Organisation
from loket.passport.models import Consent, Passport
from loket.taxonomy.models import ConceptKind, OccupationSkill, Relation
from loket.vacancies import services
from loket.vacancies.models import OutflowAnnouncement, Placement, Vacancy, VacancySkill

from .conftest import concept, vacancy_data

pytestmark = pytest.mark.django_db


def messages_of(error):
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


def test_employer_organisations_are_the_employers_the_user_belongs_to(employer, employer_org, other_org, coach_org):
    Membership.objects.create(user=employer, organisation=coach_org)
    assert list(services.employer_organisations(employer)) == [employer_org]


def test_proposed_skills_are_the_occupation_profile_essential_first(electrician):
    proposal = services.propose_skills(electrician)
    essential = set(OccupationSkill.objects.filter(occupation=electrician, relation=Relation.ESSENTIAL).values_list("skill_id", flat=True))
    optional = set(OccupationSkill.objects.filter(occupation=electrician, relation=Relation.OPTIONAL).values_list("skill_id", flat=True)) - essential
    importances = [importance for _skill, importance in proposal]
    assert importances == sorted(importances)  # "essential" < "optional": essential first
    assert {s.pk for s, i in proposal if i == "essential"} == essential
    assert {s.pk for s, i in proposal if i == "optional"} == optional
    assert all(skill.kind == ConceptKind.SKILL for skill, _i in proposal)


def test_save_vacancy_saves_the_vacancy_and_its_skills(make_vacancy, electrician, employer):
    vacancy = make_vacancy()
    assert vacancy.occupation == electrician and vacancy.region.code == "AM15" and vacancy.created_by == employer
    assert vacancy.skills.count() == 5
    assert vacancy in Vacancy.objects.open()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title": "  "}, "title", "Vul een titel in."),
        ({"hours_min": 40, "hours_max": 32}, "hours_min", "Het minimum aantal uren is groter dan het maximum."),
        ({"hours_max": 61}, "hours_max", "Maximaal 60 uur per week."),
        ({"hours_min": "veel"}, "hours_min", "Vul een geheel aantal uren per week in."),
        ({"nlqf_level": 9}, "nlqf_level", "Kies een niveau van NLQF 1 tot en met 8."),
        ({"kind": "freelance"}, "kind", "Kies een soort"),
        ({"sector": "Z"}, "sector", "Onbekende sector"),
        ({"municipality": "GM9999"}, "municipality", "Onbekende gemeente"),
        ({"occupation": None}, "occupation", "Kies een beroep."),
        ({"filled_on": datetime.date(2026, 10, 1)}, "filled_on", "niet vervuld zijn vóór ze openging"),
        ({"closed_on": datetime.date(2026, 10, 31)}, "closed_on", "niet gesloten zijn vóór ze openging"),
        ({"valid_through": "2026-10-01"}, "valid_through", "Reageren kan niet eindigen"),
        ({"opened_on": "1 november"}, "opened_on", "Geen geldige datum"),
    ],
)
def test_invalid_vacancies_get_a_dutch_message_and_nothing_is_saved(employer, employer_org, electrician, alkmaar, change, field, message):
    skills = [(s.pk, i) for s, i in services.propose_skills(electrician)[:2]]
    with pytest.raises(ValidationError) as error:
        services.save_vacancy(employer_org, vacancy_data(electrician, alkmaar) | change, skills, user=employer)
    assert message in messages_of(error)[field]
    assert not Vacancy.objects.exists() and not VacancySkill.objects.exists()


def test_the_occupation_must_be_an_occupation_and_skills_must_be_skills(employer, employer_org, electrician, alkmaar):
    skill = services.propose_skills(electrician)[0][0]
    with pytest.raises(ValidationError) as error:
        services.save_vacancy(employer_org, vacancy_data(skill, alkmaar), [(electrician.pk, "essential"), (skill.pk, "must")], user=employer)
    found = messages_of(error)
    assert "is geen beroep" in found["occupation"]
    assert f"“{electrician.label()}” is geen vaardigheid." in found["skills"]
    assert "moet noodzakelijk of gewenst zijn" in found["skills"]
    assert not Vacancy.objects.exists()


def test_a_vacancy_needs_a_skill_unless_it_is_open_hiring(employer, employer_org, electrician, alkmaar):
    with pytest.raises(ValidationError) as error:
        services.save_vacancy(employer_org, vacancy_data(electrician, alkmaar), [], user=employer)
    assert "Kies minstens één skill" in messages_of(error)["skills"]
    vacancy = services.save_vacancy(employer_org, vacancy_data(electrician, alkmaar, kind="open_hiring"), [], user=employer)
    assert vacancy.kind == "open_hiring" and not vacancy.skills.exists()


def test_editing_replaces_the_skills_in_one_go_and_a_failed_edit_keeps_the_old(make_vacancy, employer, employer_org, electrician):
    vacancy = make_vacancy()
    first, second = services.propose_skills(electrician)[:2]
    services.save_vacancy(employer_org, {"title": "Nieuwe titel"}, [(first[0].pk, "optional")], user=employer, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.title == "Nieuwe titel" and vacancy.hours_max == 40
    assert list(vacancy.skills.values_list("skill_id", "importance")) == [(first[0].pk, "optional")]
    with pytest.raises(ValidationError):
        services.save_vacancy(employer_org, {"title": "Kapot", "hours_max": 99}, [(second[0].pk, "essential")], user=employer, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.title == "Nieuwe titel"
    assert list(vacancy.skills.values_list("skill_id", flat=True)) == [first[0].pk]


def test_a_vacancy_does_not_move_to_another_employer(make_vacancy, employer, other_org):
    vacancy = make_vacancy()
    with pytest.raises(ValidationError) as error:
        services.save_vacancy(other_org, {}, [(vs.skill_id, vs.importance) for vs in vacancy.skills.all()], user=employer, vacancy=vacancy)
    assert "verhuizen" in messages_of(error)["employer"]


def test_fill_close_and_reopen_with_dates(make_vacancy):
    vacancy = make_vacancy()
    with pytest.raises(ValidationError) as error:
        services.mark_filled(vacancy, datetime.date(2026, 10, 1))
    assert "vóór de datum waarop de vacature openging" in messages_of(error)["filled_on"]
    services.mark_filled(vacancy, datetime.date(2026, 11, 20))
    assert vacancy.status == "filled" and vacancy not in Vacancy.objects.open()
    with pytest.raises(ValidationError):
        services.close_vacancy(vacancy)
    services.reopen_vacancy(vacancy)
    services.close_vacancy(vacancy, "2026-11-21")
    vacancy.refresh_from_db()
    assert vacancy.closed_on == datetime.date(2026, 11, 21) and vacancy.status == "closed"


def test_a_vacancy_is_not_filled_or_closed_in_the_future(make_vacancy, employer, employer_org):
    vacancy = make_vacancy()
    today = timezone.localdate()
    for change, field_name in ((services.mark_filled, "filled_on"), (services.close_vacancy, "closed_on")):
        for day in ("9999-12-31", today + datetime.timedelta(days=1)):
            with pytest.raises(ValidationError) as error:
                change(vacancy, day)
            assert "in de toekomst" in messages_of(error)[field_name]
    vacancy.refresh_from_db()
    assert vacancy.filled_on is None and vacancy.closed_on is None and vacancy.is_open
    skills = [(vs.skill_id, vs.importance) for vs in vacancy.skills.all()]
    with pytest.raises(ValidationError) as error:  # nor through an edit or an import
        services.save_vacancy(employer_org, {"closed_on": datetime.date(2099, 1, 1)}, skills, user=employer, vacancy=vacancy)
    assert "in de toekomst" in messages_of(error)["closed_on"]
    assert services.mark_filled(vacancy, today).filled_on == today


def test_a_vacancy_past_its_last_day_to_apply_is_no_longer_open(make_vacancy):
    vacancy = make_vacancy(valid_through=datetime.date(2026, 11, 10))
    assert vacancy.status == "expired" and vacancy not in Vacancy.objects.open()


# --- Placements -------------------------------------------------------------


def place(vacancy, by, person=None, **extra):
    arguments = {
        "person": person,
        "previous_situation": "employed",
        "previous_occupation": concept("aircraft maintenance technician"),
        "previous_sector": "H",
        "started_on": datetime.date(2026, 12, 1),
        "recorded_by": by,
    } | extra
    return services.record_placement(vacancy, **arguments)


NOT_LINKED = "Wij kunnen deze persoon niet aan de plaatsing koppelen."


def consent(person, organisation, purpose=Consent.Purpose.VACANCY, **extra):
    passport, _created = Passport.objects.get_or_create(user=person)
    return Consent.objects.create(passport=passport, organisation=organisation, purpose=purpose, **extra)


def test_the_employer_records_a_placement_and_the_vacancy_is_filled_on_the_start_date(make_vacancy, employer, employer_org, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="sanne@example.nl")
    consent(person, employer_org, vacancy=vacancy)
    placement = place(vacancy, employer, person)
    vacancy.refresh_from_db()
    assert placement.person == person and placement.previous_sector == "H"
    assert vacancy.filled_on == datetime.date(2026, 12, 1)


def test_more_positions_remain_open_when_asked(make_vacancy, employer):
    vacancy = make_vacancy()
    place(vacancy, employer, keep_open=True)
    place(vacancy, employer, keep_open=True)
    vacancy.refresh_from_db()
    assert vacancy.filled_on is None and vacancy.placements.count() == 2


def announce(organisation, user, **extra):
    data = {"occupation": concept("aircraft maintenance technician"), "people": 12, "expected_on": "2027-03-01", "region": "AM18"}
    return services.save_outflow(organisation, data | extra, user=user)


def test_a_placement_from_an_announced_outflow(make_vacancy, employer, employer_org):
    outflow = announce(employer_org, employer)
    placement = place(make_vacancy(), employer, outflow=outflow)
    assert list(outflow.placements.all()) == [placement]


def test_an_employer_chooses_only_its_own_outflow_and_a_coach_any_open_one(make_vacancy, employer, employer_org, other_employer, other_org, coach):
    vacancy = make_vacancy()
    theirs = announce(other_org, other_employer)
    closed = announce(other_org, other_employer)
    services.close_outflow(closed)
    own = announce(employer_org, employer)
    assert list(services.choosable_outflow(employer)) == [own]
    assert set(services.choosable_outflow(coach)) == {theirs, own}
    for outflow in (theirs, theirs.pk, str(theirs.pk), 999999):
        with pytest.raises(ValidationError) as error:
            place(vacancy, employer, outflow=outflow, keep_open=True)
        assert "Kies een aangekondigde uitstroom van uw eigen organisatie" in messages_of(error)["outflow"]
    with pytest.raises(ValidationError) as error:
        place(vacancy, coach, outflow=closed, keep_open=True)
    assert "nog niet is afgesloten" in messages_of(error)["outflow"]
    assert not Placement.objects.exists()
    assert place(vacancy, coach, outflow=theirs.pk, keep_open=True).outflow == theirs
    assert place(vacancy, employer, outflow=own, keep_open=True).outflow == own


def test_an_employer_links_only_a_person_who_gave_it_consent_for_this_vacancy(make_vacancy, employer, employer_org, other_org, coach_org, make_user):
    vacancy = make_vacancy()
    other_vacancy = make_vacancy(title="Andere vacature")
    person = make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    refusals = []
    for email in ("niemand@example.nl", "sanne@example.nl", "hr@schiphol.nl"):
        with pytest.raises(ValidationError) as error:
            place(vacancy, employer, person_email=email)
        refusals.append(messages_of(error))
    consent(person, other_org)
    consent(person, employer_org, purpose=Consent.Purpose.COACHING)
    consent(person, employer_org, vacancy=other_vacancy)
    revoked = consent(person, employer_org, vacancy=vacancy)
    revoked.revoked_at = revoked.granted_at
    revoked.save()
    for linked in (person, "sanne@example.nl"):
        with pytest.raises(ValidationError) as error:
            place(vacancy, employer, **({"person": linked} if linked is person else {"person_email": linked}))
        refusals.append(messages_of(error))
    # Unknown address, no consent, wrong consent: one answer, so nobody learns who has an account.
    assert all(found == refusals[0] for found in refusals) and NOT_LINKED in refusals[0]["person"]
    assert not Placement.objects.exists()
    consent(person, employer_org)  # for all the organisation's vacancies
    assert place(vacancy, employer, person_email="SANNE@example.nl").person == person


def test_an_employer_cannot_link_someone_who_is_not_a_person(make_vacancy, employer, employer_org, make_user):
    colleague = make_user(role="employer", email="collega@werf.nl")
    consent(colleague, employer_org)
    with pytest.raises(ValidationError) as error:
        place(make_vacancy(), employer, colleague)
    assert NOT_LINKED in messages_of(error)["person"] and not Placement.objects.exists()


def test_the_person_is_shown_only_with_consent_to_their_contact_details(make_vacancy, employer, employer_org, coach, coach_org, make_user):
    vacancy = make_vacancy()
    shown = make_user(role="person", email="sanne@example.nl")
    hidden = make_user(role="person", email="jan@example.nl")
    consent(shown, employer_org, vacancy=vacancy, sections=["skills", "contact"])
    consent(hidden, employer_org, vacancy=vacancy, sections=["skills"])
    consent(hidden, coach_org, purpose=Consent.Purpose.COACHING, sections=["contact"])
    place(vacancy, employer, shown, keep_open=True)
    place(vacancy, coach, hidden, keep_open=True)
    place(vacancy, employer, None, keep_open=True)
    seen = {p.person_id: p.person_shown for p in services.visible_placements(employer, vacancy)}
    assert seen == {shown.pk: shown, hidden.pk: None, None: None}
    assert [(p.person_id, p.person_shown) for p in services.visible_placements(coach, vacancy)] == [(hidden.pk, hidden)]


def test_a_coach_places_only_people_who_gave_their_organisation_coaching_consent(make_vacancy, coach, coach_org, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="jan@example.nl")
    passport = Passport.objects.create(user=person)
    with pytest.raises(ValidationError) as error:
        place(vacancy, coach, person)
    assert NOT_LINKED in messages_of(error)["person"]
    other = Organisation.objects.create(name="Ander team", kind=Organisation.Kind.GOVERNMENT)
    Consent.objects.create(passport=passport, organisation=other, purpose=Consent.Purpose.COACHING)
    Consent.objects.create(passport=passport, organisation=coach_org, purpose=Consent.Purpose.VACANCY)
    revoked = Consent.objects.create(passport=passport, organisation=coach_org, purpose=Consent.Purpose.COACHING)
    revoked.revoked_at = revoked.granted_at
    revoked.save()
    with pytest.raises(ValidationError):
        place(vacancy, coach, person)
    assert not Placement.objects.exists()
    Consent.objects.create(passport=passport, organisation=coach_org, purpose=Consent.Purpose.COACHING)
    assert place(vacancy, coach, person).recorded_by == coach


def test_a_coach_may_record_someone_outside_the_loket(make_vacancy, coach):
    placement = place(make_vacancy(), coach, None, previous_situation="job_seeker", previous_occupation=None, previous_sector="")
    assert placement.person is None and placement.vacancy.filled_on == datetime.date(2026, 12, 1)


def test_others_may_not_record_placements(make_vacancy, other_employer, make_user):
    vacancy = make_vacancy()
    with pytest.raises(PermissionDenied):
        place(vacancy, other_employer)
    with pytest.raises(PermissionDenied):
        place(vacancy, make_user(role="person", email="p@example.nl"))


def test_a_placement_starts_at_most_a_year_ahead_and_not_before_the_vacancy_opened(make_vacancy, employer):
    vacancy = make_vacancy()
    today = timezone.localdate()
    for day, message in (
        (datetime.date(2099, 1, 1), "meer dan een jaar vooruit"),
        (today + datetime.timedelta(days=366), "meer dan een jaar vooruit"),
        (vacancy.opened_on - datetime.timedelta(days=1), "vóór de datum waarop de vacature openging"),
    ):
        with pytest.raises(ValidationError) as error:
            place(vacancy, employer, started_on=day)
        assert message in messages_of(error)["started_on"]
    vacancy.refresh_from_db()
    assert vacancy.filled_on is None and not Placement.objects.exists()
    assert place(vacancy, employer, started_on=today + datetime.timedelta(days=365)).started_on == today + datetime.timedelta(days=365)


def test_bad_placements_are_refused_with_messages(make_vacancy, employer, electrician):
    vacancy = make_vacancy()
    skill = services.propose_skills(electrician)[0][0]
    with pytest.raises(ValidationError) as error:
        place(vacancy, employer, previous_situation="retired", previous_occupation=skill, previous_sector="Z", started_on=datetime.date(2026, 1, 1))
    found = messages_of(error)
    assert set(found) == {"previous_situation", "previous_occupation", "previous_sector", "started_on"}
    assert "vóór de datum waarop de vacature openging" in found["started_on"]
    services.close_vacancy(vacancy)
    with pytest.raises(ValidationError) as error:
        place(vacancy, employer)
    assert "gesloten" in messages_of(error)["__all__"]
    assert not Placement.objects.exists()


# --- Outflow ----------------------------------------------------------------


def test_outflow_is_expected_from_today_up_to_five_years_ahead(employer, employer_org, electrician):
    today = timezone.localdate()
    data = {"occupation": electrician, "people": 4, "region": "AM15"}
    for day, message in (("2020-01-01", "in het verleden"), (today - datetime.timedelta(days=1), "in het verleden"),
                         (today.replace(year=today.year + 5) + datetime.timedelta(days=1), "meer dan vijf jaar vooruit")):
        with pytest.raises(ValidationError) as error:
            services.save_outflow(employer_org, data | {"expected_on": day}, user=employer)
        assert message in messages_of(error)["expected_on"]
    assert not OutflowAnnouncement.objects.exists()
    assert services.save_outflow(employer_org, data | {"expected_on": today.replace(year=today.year + 5)}, user=employer)
    outflow = services.save_outflow(employer_org, data | {"expected_on": today}, user=employer)
    # Once the day has passed, the announcement can still be changed.
    OutflowAnnouncement.objects.filter(pk=outflow.pk).update(expected_on=today - datetime.timedelta(days=30))
    outflow.refresh_from_db()
    changed = services.save_outflow(employer_org, data | {"expected_on": outflow.expected_on, "people": 6}, user=employer, outflow=outflow)
    assert changed.people == 6


def test_an_outflow_is_not_closed_in_the_future(employer, employer_org, electrician):
    outflow = services.save_outflow(employer_org, {"occupation": electrician, "people": 4, "region": "AM15", "expected_on": "2027-01-31"}, user=employer)
    with pytest.raises(ValidationError) as error:
        services.close_outflow(outflow, "2099-01-01")
    assert "in de toekomst" in messages_of(error)["closed_on"]
    outflow.refresh_from_db()
    assert outflow.closed_on is None


def test_outflow_is_registered_validated_and_closed(employer, employer_org, electrician):
    with pytest.raises(ValidationError) as error:
        services.save_outflow(employer_org, {"occupation": services.propose_skills(electrician)[0][0], "people": 0, "expected_on": "morgen", "region": "AM99"}, user=employer)
    found = messages_of(error)
    assert set(found) == {"occupation", "people", "expected_on", "region"}
    assert not OutflowAnnouncement.objects.exists()
    outflow = services.save_outflow(employer_org, {"occupation": electrician.pk, "people": 8, "expected_on": "2027-01-31", "region": "AM15", "note": "Reorganisatie"}, user=employer)
    assert outflow.region.code == "AM15" and outflow.people == 8
    services.close_outflow(outflow)
    with pytest.raises(ValidationError):
        services.close_outflow(outflow)

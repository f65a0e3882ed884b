"""The person edits their own passport on its pages: skills, work history,
education and wishes, with clear Dutch messages and nothing saved on a mistake."""

import datetime

import pytest
from django.urls import reverse

from loket.accounts.roles import Role
from loket.geography.models import Municipality, Region
from loket.passport.models import Education, Passport, PassportSkill, SkillSource, WorkExperience

from .conftest import occupation, skill

pytestmark = pytest.mark.django_db


def test_the_passport_is_for_people_only(client, make_user):
    assert client.get(reverse("passport:home")).status_code == 302  # to the log-in page
    client.force_login(make_user(role=Role.EMPLOYER))
    response = client.get(reverse("passport:home"))
    assert response.status_code == 403 and "alleen voor: Inwoner" in response.text


def test_an_empty_passport_invites_a_quick_start(person_client, sample_taxonomy):
    page = person_client.get(reverse("passport:home"))
    assert page.status_code == 200
    assert "Er staan nog geen vaardigheden in uw paspoort" in page.text
    assert reverse("passport:quick_start") in page.text


def test_skill_autocomplete_offers_only_skills_and_marks_those_present(person_client, person, sample_taxonomy):
    heat_pumps = skill("install heat pump")
    Passport.objects.create(user=person).skills.create(skill=heat_pumps)
    partial = person_client.get(reverse("passport:search"), {"q": "warmtepomp", "soort": "skill"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert 'name="skill_id"' in partial.text and "warmtepompen installeren" in partial.text
    assert "staat al in uw paspoort" in partial.text
    occupations = person_client.get(reverse("passport:search"), {"q": "elektricien", "soort": "skill"})
    assert "monteur elektrische installaties" not in occupations.text


def test_search_without_javascript_shows_the_choices_on_the_page(person_client, sample_taxonomy):
    page = person_client.get(reverse("passport:skill_add"), {"q": "warmtepomp"})
    assert page.status_code == 200 and "<html" in page.text
    assert "warmtepompen installeren" in page.text and 'type="radio"' in page.text


def test_add_edit_and_remove_a_skill(person_client, person, sample_taxonomy):
    heat_pumps = skill("install heat pump")
    response = person_client.post(
        reverse("passport:skill_add"),
        {"skill_id": heat_pumps.pk, "proficiency": 3, "evidence": "certificate", "evidence_date": "2024-05-01", "evidence_note": "F-gassen"},
    )
    assert response.status_code == 302
    row = PassportSkill.objects.get(passport__user=person)
    assert (row.skill, row.proficiency, row.evidence, row.source) == (heat_pumps, 3, "certificate", SkillSource.MANUAL)
    assert row.evidence_date == datetime.date(2024, 5, 1) and row.evidence_note == "F-gassen"

    home = person_client.get(reverse("passport:home"))
    assert "warmtepompen installeren" in home.text and "Gevorderd" in home.text and "Certificaat" in home.text

    person_client.post(reverse("passport:skill_edit", args=[row.pk]), {"proficiency": 4, "evidence": "diploma", "evidence_note": ""})
    row.refresh_from_db()
    assert (row.proficiency, row.evidence, row.evidence_date) == (4, "diploma", None)

    person_client.post(reverse("passport:skill_delete", args=[row.pk]))
    assert not PassportSkill.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"skill_id": ""}, "Kies een vaardigheid."),
        ({"proficiency": 9}, "Kies een niveau uit de lijst."),
        ({"evidence": "gerucht"}, "Kies een soort bewijs uit de lijst."),
        ({"evidence_date": "2099-01-01"}, "De datum van het bewijs ligt in de toekomst."),
        ({"evidence_date": "31-02-2024"}, "Vul een geldige datum in."),
    ],
)
def test_a_bad_skill_gets_a_dutch_message_and_adds_nothing(person_client, sample_taxonomy, fields, message):
    data = {"skill_id": skill("install heat pump").pk, "proficiency": 2, "evidence": "self"} | fields
    response = person_client.post(reverse("passport:skill_add"), data)
    assert response.status_code == 400
    assert message in response.text and "Er is niets opgeslagen." in response.text
    assert not PassportSkill.objects.exists()


def test_an_occupation_is_not_a_skill_and_a_skill_is_added_once(person_client, person, sample_taxonomy):
    response = person_client.post(reverse("passport:skill_add"), {"skill_id": occupation("electrician").pk, "proficiency": 2, "evidence": "self"})
    assert response.status_code == 400 and "Dit is geen vaardigheid uit de skills-taal (ESCO)" in response.text
    heat_pumps = skill("install heat pump").pk
    person_client.post(reverse("passport:skill_add"), {"skill_id": heat_pumps, "proficiency": 2, "evidence": "self"})
    again = person_client.post(reverse("passport:skill_add"), {"skill_id": heat_pumps, "proficiency": 3, "evidence": "self"})
    assert again.status_code == 400 and "staat al in uw paspoort" in again.text
    assert PassportSkill.objects.get().proficiency == 2


def test_work_history_with_an_esco_occupation(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    search = person_client.get(reverse("passport:search"), {"q": "elektricien", "soort": "occupation"})
    assert 'name="occupation_id"' in search.text and f'value="{electrician.pk}"' in search.text
    response = person_client.post(
        reverse("passport:work_add"),
        {"occupation_id": electrician.pk, "employer_name": "Installatiebedrijf Smit", "sector": "F", "started_on": "2015-03-01", "ended_on": "2021-06-30"},
    )
    assert response.status_code == 302
    work = WorkExperience.objects.get(passport__user=person)
    assert (work.occupation, work.employer_name, work.sector) == (electrician, "Installatiebedrijf Smit", "F")
    home = person_client.get(reverse("passport:home"))
    assert "monteur elektrische installaties" in home.text and "Installatiebedrijf Smit" in home.text

    edit = person_client.get(reverse("passport:work_edit", args=[work.pk]))
    assert f'value="{electrician.pk}" checked' in edit.text and 'value="2015-03-01"' in edit.text
    person_client.post(reverse("passport:work_edit", args=[work.pk]), {"occupation_id": electrician.pk, "employer_name": "Smit", "sector": "F", "started_on": "2015-03-01"})
    work.refresh_from_db()
    assert work.employer_name == "Smit" and work.ended_on is None
    person_client.post(reverse("passport:work_delete", args=[work.pk]))
    assert not WorkExperience.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"ended_on": "2014-12-31"}, "De einddatum ligt vóór de begindatum."),
        ({"started_on": "2099-01-01", "ended_on": ""}, "De begindatum ligt in de toekomst."),
        ({"occupation_id": ""}, "Kies een beroep."),
        ({"sector": "Z"}, "Kies een sector uit de lijst."),
    ],
)
def test_a_bad_work_period_gets_a_dutch_message_and_saves_nothing(person_client, sample_taxonomy, fields, message):
    data = {"occupation_id": occupation("electrician").pk, "employer_name": "Smit", "sector": "F", "started_on": "2015-03-01", "ended_on": "2020-01-01"} | fields
    response = person_client.post(reverse("passport:work_add"), data)
    assert response.status_code == 400 and message in response.text
    assert not WorkExperience.objects.exists()


def test_a_skill_as_occupation_is_refused(person_client, sample_taxonomy):
    response = person_client.post(reverse("passport:work_add"), {"occupation_id": skill("install heat pump").pk})
    assert response.status_code == 400 and "Dit is geen beroep uit de skills-taal (ESCO)" in response.text


def test_education_add_edit_remove(person_client, person, sample_taxonomy):
    response = person_client.post(
        reverse("passport:education_add"), {"title": "Eerste Monteur Elektrotechnische Installaties", "institution": "ROC Kop van Noord-Holland", "nlqf_level": 3, "completed_on": "2014-07-01"}
    )
    assert response.status_code == 302
    row = Education.objects.get(passport__user=person)
    assert row.nlqf_level == 3 and row.passport.education_level == 3
    assert "ROC Kop van Noord-Holland" in person_client.get(reverse("passport:home")).text
    person_client.post(reverse("passport:education_edit", args=[row.pk]), {"title": "Monteur", "nlqf_level": 4})
    row.refresh_from_db()
    assert (row.title, row.nlqf_level, row.institution) == ("Monteur", 4, "")
    bad = person_client.post(reverse("passport:education_edit", args=[row.pk]), {"title": "", "nlqf_level": 9})
    assert bad.status_code == 400
    assert "Vul de naam van de opleiding in." in bad.text and "Kies een niveau van 1 tot en met 8." in bad.text
    row.refresh_from_db()
    assert row.title == "Monteur"
    person_client.post(reverse("passport:education_delete", args=[row.pk]))
    assert not Education.objects.exists()


def wishes_data(**fields):
    return {
        "home_municipality": "GM0400",  # Den Helder
        "max_travel_km": 40,
        "regions": ["AM15"],
        "hours_min": 24,
        "hours_max": 36,
        "sectors": ["D", "F"],
        "open_to_work_to_work": "on",
        "open_to_bbl": "on",
        "findable": "on",
        "findable_sections": ["skills", "work_history"],
    } | fields


def test_wishes_offer_the_44_municipalities_and_are_saved(person_client, person, sample_taxonomy):
    page = person_client.get(reverse("passport:wishes"))
    assert page.text.count('<option value="GM') == Municipality.objects.current().count() == 44
    response = person_client.post(reverse("passport:wishes"), wishes_data())
    assert response.status_code == 302
    passport = Passport.objects.get(user=person)
    assert passport.home_municipality.name == "Den Helder" and passport.max_travel_km == 40
    assert list(passport.regions.values_list("code", flat=True)) == ["AM15"]
    assert (passport.hours_min, passport.hours_max, passport.sectors) == (24, 36, ["D", "F"])
    assert passport.open_to_work_to_work and passport.open_to_bbl and not passport.open_to_internship
    assert passport.findable and passport.findable_sections == ["skills", "work_history"]
    home = person_client.get(reverse("passport:home"))
    assert "Den Helder" in home.text and "Energievoorziening" in home.text


@pytest.mark.parametrize(
    "fields, field_message",
    [
        ({"hours_min": 40, "hours_max": 32}, "Het minimum aantal uur is groter dan het maximum."),
        ({"hours_max": 61}, "Meer dan 60 uur per week kan niet."),
        ({"home_municipality": "GM0363x"}, "Kies een gemeente in Noord-Holland uit de lijst."),
        ({"regions": ["AM99"]}, "Onbekende arbeidsmarktregio: AM99."),
        ({"max_travel_km": -1}, "Een reisafstand kan niet negatief zijn."),
        ({"findable_sections": ["contact"]}, "Dit onderdeel kan niet zichtbaar zijn zolang u vindbaar bent"),
        ({"findable_sections": []}, "Kies minstens één onderdeel dat werkgevers mogen zien"),
        ({"sectors": ["Z"]}, "Onbekende sector: Z."),
    ],
)
def test_bad_wishes_get_a_dutch_message_and_change_nothing(person_client, person, sample_taxonomy, fields, field_message):
    response = person_client.post(reverse("passport:wishes"), wishes_data(**fields))
    assert response.status_code == 400 and field_message in response.text
    passport = Passport.objects.get(user=person)
    assert passport.home_municipality is None and passport.hours_max == 40 and not passport.findable
    assert not passport.regions.exists() and Region.objects.count() == 5

"""Quick start: an occupation or a CV proposes skills; nothing is stored until
the person ticks them and confirms."""

import pytest
from django.urls import reverse

from loket.passport.models import Passport, PassportSkill, SkillSource, WorkExperience

from .conftest import essential_skills, occupation, skill

pytestmark = pytest.mark.django_db
CV = "Zes jaar monteur. Ik installeer warmtepompen en programmeer in Python."


def test_an_occupation_proposes_its_essential_skills_and_stores_nothing(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    expected = essential_skills(electrician)
    page = person_client.get(reverse("passport:quick_start_occupation"), {"occupation_id": electrician.pk})
    assert page.status_code == 200
    assert page.text.count('name="skill_ids"') == len(expected) == 21
    assert 'checked' not in page.text.split('name="skill_ids"', 1)[1].split(">", 1)[0]  # nothing ticked for the person
    assert "stopcontacten installeren" in page.text
    assert not PassportSkill.objects.exists() and not WorkExperience.objects.exists()


def test_confirming_adds_only_the_ticked_skills_with_source_occupation(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    first, second, *rest = essential_skills(electrician)
    response = person_client.post(
        reverse("passport:quick_start_confirm"),
        {"skill_ids": [first.pk, second.pk], "source": "occupation", "occupation_id": electrician.pk, "add_to_work_history": "on",
         "proposed": [s.pk for s in (first, second, *rest)]},
        follow=True,
    )
    assert "2 vaardigheden toegevoegd aan uw paspoort." in response.text
    rows = PassportSkill.objects.filter(passport__user=person)
    assert {row.skill for row in rows} == {first, second}
    assert {row.source for row in rows} == {SkillSource.OCCUPATION}
    assert WorkExperience.objects.get(passport__user=person).occupation == electrician


def test_skills_already_present_are_shown_as_such_and_not_offered_again(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    present = essential_skills(electrician)[0]
    Passport.objects.create(user=person).skills.create(skill=present)
    page = person_client.get(reverse("passport:quick_start_occupation"), {"occupation_id": electrician.pk})
    assert page.text.count('name="skill_ids"') == 20
    assert "Staan al in uw paspoort" in page.text and present.label("nl") in page.text.split("Staan al in uw paspoort")[1]


def test_the_work_history_is_left_alone_unless_asked(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    skill_id = essential_skills(electrician)[0].pk
    person_client.post(reverse("passport:quick_start_confirm"), {"skill_ids": [skill_id], "source": "occupation", "occupation_id": electrician.pk})
    assert PassportSkill.objects.count() == 1 and not WorkExperience.objects.exists()


def test_confirming_nothing_adds_nothing_and_shows_the_proposals_again(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    proposed = [s.pk for s in essential_skills(electrician)]
    response = person_client.post(
        reverse("passport:quick_start_confirm"), {"source": "occupation", "occupation_id": electrician.pk, "proposed": proposed}
    )
    assert response.status_code == 400
    assert "Vink minstens één vaardigheid aan" in response.text and "Er is niets toegevoegd." in response.text
    assert response.text.count('name="skill_ids"') == len(proposed)
    assert not PassportSkill.objects.exists() and not WorkExperience.objects.exists()


def test_choosing_no_occupation_says_so(person_client, sample_taxonomy):
    response = person_client.get(reverse("passport:quick_start_occupation"))
    assert response.status_code == 400 and "Kies een beroep." in response.text
    response = person_client.get(reverse("passport:quick_start_occupation"), {"occupation_id": skill("install heat pump").pk})
    assert response.status_code == 400 and "Dit is geen beroep" in response.text


def test_a_cv_proposes_the_skills_recognised_in_it_and_stores_nothing(person_client, person, sample_taxonomy):
    response = person_client.post(reverse("passport:quick_start_cv"), {"text": CV})
    assert response.status_code == 200
    assert "warmtepompen installeren" in response.text and "in uw cv als “installeer warmtepompen”" in response.text
    assert response.text.count('name="skill_ids"') >= 2
    assert 'name="source" value="cv"' in response.text
    assert not PassportSkill.objects.exists()
    assert CV not in response.text  # the text is used once and not carried along


def test_confirming_cv_proposals_adds_them_with_source_cv(person_client, person, sample_taxonomy):
    heat_pumps = skill("install heat pump")
    person_client.post(reverse("passport:quick_start_confirm"), {"skill_ids": [heat_pumps.pk], "source": "cv"})
    row = PassportSkill.objects.get(passport__user=person)
    assert (row.skill, row.source) == (heat_pumps, SkillSource.CV)


def test_an_empty_or_too_long_cv_gets_a_dutch_message(person_client, sample_taxonomy):
    empty = person_client.post(reverse("passport:quick_start_cv"), {"text": "  "})
    assert empty.status_code == 400 and "Plak eerst de tekst van uw cv." in empty.text
    long = person_client.post(reverse("passport:quick_start_cv"), {"text": "a" * 20001})
    assert long.status_code == 400 and "De tekst is te lang" in long.text
    assert not PassportSkill.objects.exists()


def test_confirming_an_occupation_as_a_skill_adds_nothing(person_client, sample_taxonomy):
    response = person_client.post(
        reverse("passport:quick_start_confirm"), {"skill_ids": [occupation("welder").pk], "source": "cv"}
    )
    assert response.status_code == 400 and "Dit is geen vaardigheid uit de skills-taal (ESCO)." in response.text
    assert not PassportSkill.objects.exists()

"""Everything the passport pages do, over the API; bad input is a 422 with a
Dutch message per field and changes nothing."""

import pytest

from loket.accounts.roles import Role
from loket.passport.models import AccessLogEntry, Consent, Education, Passport, PassportSkill, SkillSource, WorkExperience
from loket.passport.services import view_passport

from .conftest import PASSWORD, essential_skills, occupation, skill

pytestmark = pytest.mark.django_db
API = "/api/v1/passport"


def post(client, path, data):
    return client.post(API + path, data, content_type="application/json")


def put(client, path, data):
    return client.put(API + path, data, content_type="application/json")


def errors_of(response):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    return {error["field"]: error["message"] for error in body["errors"]}


def test_the_api_is_for_signed_in_people(client, make_user, sample_taxonomy):
    assert client.get(API + "/").status_code == 401
    client.force_login(make_user(role=Role.EMPLOYER))
    response = client.get(API + "/skills")
    assert response.status_code == 403 and response.json()["detail"] == "Dit is alleen voor: Inwoner."


def test_skills_crud(person_client, person, sample_taxonomy):
    heat_pumps = skill("install heat pump")
    created = post(person_client, "/skills", {"skill_id": heat_pumps.pk, "proficiency": 3, "evidence": "diploma", "evidence_date": "2020-06-01"})
    assert created.status_code == 201
    body = created.json()
    assert body["skill"]["uri"] == heat_pumps.uri and body["skill"]["label"] == "warmtepompen installeren"
    assert (body["proficiency"], body["proficiency_label"], body["evidence"], body["source"]) == (3, "Gevorderd", "diploma", "manual")
    row_id = body["id"]
    assert [s["id"] for s in person_client.get(API + "/skills").json()] == [row_id]
    updated = put(person_client, f"/skills/{row_id}", {"proficiency": 4})
    assert updated.json()["proficiency"] == 4 and updated.json()["evidence"] == "diploma"
    assert person_client.get(f"{API}/skills/{row_id}").json()["proficiency"] == 4
    assert person_client.delete(f"{API}/skills/{row_id}").status_code == 204
    assert not PassportSkill.objects.exists()


@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({"skill_id": 0}, "skill_id", "Dit is geen vaardigheid uit de skills-taal (ESCO)"),
        ({"proficiency": 7}, "proficiency", "Kies een niveau uit de lijst."),
        ({"evidence": "gerucht"}, "evidence", "Kies een soort bewijs uit de lijst."),
        ({"evidence_date": "2099-01-01"}, "evidence_date", "De datum van het bewijs ligt in de toekomst."),
        ({"evidence_date": "gisteren"}, "evidence_date", ""),
        ({"evidence_note": "x" * 301}, "evidence_note", "niet meer dan 300 tekens"),
    ],
)
def test_bad_skills_are_refused_per_field(person_client, sample_taxonomy, payload, field, message):
    data = {"skill_id": skill("install heat pump").pk} | payload
    errors = errors_of(post(person_client, "/skills", data))
    assert message in errors[field]
    assert not PassportSkill.objects.exists()


def test_work_history_crud_and_period_rule(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    created = post(person_client, "/work", {"occupation_id": electrician.pk, "employer_name": "Smit", "sector": "F", "started_on": "2015-03-01"})
    assert created.status_code == 201
    work = created.json()
    assert work["occupation"]["uri"] == electrician.uri and work["ended_on"] is None
    errors = errors_of(put(person_client, f"/work/{work['id']}", {"ended_on": "2014-01-01"}))
    assert errors == {"ended_on": "De einddatum ligt vóór de begindatum."}
    assert WorkExperience.objects.get().ended_on is None
    updated = put(person_client, f"/work/{work['id']}", {"ended_on": "2021-06-30"}).json()
    assert (updated["employer_name"], updated["ended_on"]) == ("Smit", "2021-06-30")
    assert person_client.get(f"{API}/work/{work['id']}").status_code == 200
    errors = errors_of(post(person_client, "/work", {"occupation_id": skill("install heat pump").pk}))
    assert "Dit is geen beroep" in errors["occupation_id"]
    assert person_client.delete(f"{API}/work/{work['id']}").status_code == 204
    assert not WorkExperience.objects.exists()


def test_education_crud(person_client, sample_taxonomy):
    created = post(person_client, "/education", {"title": "Monteur", "nlqf_level": 3, "completed_on": "2014-07-01"})
    assert created.status_code == 201
    item = created.json()
    assert put(person_client, f"/education/{item['id']}", {"nlqf_level": 4}).json()["nlqf_level"] == 4
    errors = errors_of(put(person_client, f"/education/{item['id']}", {"nlqf_level": 9, "title": ""}))
    assert errors == {"title": "Vul de naam van de opleiding in.", "nlqf_level": "Kies een niveau van 1 tot en met 8."}
    assert Education.objects.get().nlqf_level == 4
    assert [e["title"] for e in person_client.get(API + "/education").json()] == ["Monteur"]
    assert person_client.delete(f"{API}/education/{item['id']}").status_code == 204


def test_wishes_get_and_partial_update(person_client, person, sample_taxonomy):
    wishes = person_client.get(API + "/wishes").json()
    assert wishes["home_municipality"] is None and wishes["hours_max"] == 40 and wishes["findable"] is False
    updated = put(person_client, "/wishes", {"home_municipality": "GM0361", "regions": ["AM15", "AM12"], "hours_min": 32, "findable": True})
    assert updated.status_code == 200, updated.content
    body = updated.json()
    assert body["home_municipality"] == {"code": "GM0361", "name": "Alkmaar", "region": "AM15"}
    assert [r["code"] for r in body["regions"]] == ["AM12", "AM15"]
    assert (body["hours_min"], body["hours_max"], body["max_travel_km"]) == (32, 40, 25)
    assert body["findable"] and body["findable_sections"] == ["skills", "work_history", "education", "wishes"]


def test_bad_wishes_are_refused_per_field_and_change_nothing(person_client, person, sample_taxonomy):
    errors = errors_of(put(person_client, "/wishes", {"hours_min": 50, "hours_max": 70, "home_municipality": "GM9999", "findable_sections": ["contact"]}))
    assert errors == {
        "hours_max": "Meer dan 60 uur per week kan niet.",
        "home_municipality": "Kies een gemeente in Noord-Holland uit de lijst.",
        "findable_sections": "Dit onderdeel kan niet zichtbaar zijn zolang u vindbaar bent: contact.",
    }
    errors = errors_of(put(person_client, "/wishes", {"hours_min": 38, "hours_max": 32}))
    assert errors == {"hours_min": "Het minimum aantal uur is groter dan het maximum."}
    errors = errors_of(put(person_client, "/wishes", {"hours_min": "veel"}))
    assert errors == {"hours_min": "moet een geheel getal zijn"}
    passport = Passport.objects.get(user=person)
    assert (passport.hours_min, passport.hours_max, passport.home_municipality) == (0, 40, None)


def test_null_in_wishes_is_refused_instead_of_clearing(person_client, person, sample_taxonomy):
    put(person_client, "/wishes", {"home_municipality": "GM0361", "regions": ["AM15"], "sectors": ["C", "F"], "findable": True})
    errors = errors_of(put(person_client, "/wishes", {"sectors": None, "regions": None, "findable": None, "hours_max": None, "hours_min": 20}))
    assert errors == {
        "sectors": "Geef een lijst, eventueel leeg ([]), of laat het veld weg om het te laten zoals het is; null kan hier niet.",
        "regions": "Geef een lijst, eventueel leeg ([]), of laat het veld weg om het te laten zoals het is; null kan hier niet.",
        "findable": "Geef true of false, of laat het veld weg om het te laten zoals het is; null kan hier niet.",
        "hours_max": "Geef een getal, of laat het veld weg om het te laten zoals het is; null kan hier niet.",
    }
    passport = Passport.objects.get(user=person)
    assert (passport.sectors, passport.findable, passport.hours_min) == (["C", "F"], True, 0)
    assert [r.code for r in passport.regions.all()] == ["AM15"]
    # Leaving a field out keeps it; an empty list empties it; null empties only the home municipality.
    body = put(person_client, "/wishes", {"sectors": [], "home_municipality": None}).json()
    assert (body["sectors"], body["home_municipality"], [r["code"] for r in body["regions"]]) == ([], None, ["AM15"])


def test_quick_start_proposals_store_nothing_until_confirmed(person_client, person, sample_taxonomy):
    electrician = occupation("electrician")
    proposals = post(person_client, "/quick-start/occupation", {"occupation_id": electrician.pk}).json()
    assert proposals["source"] == "occupation" and proposals["occupation"]["uri"] == electrician.uri
    assert len(proposals["proposals"]) == len(essential_skills(electrician))
    assert all(p["uri"].startswith("http://data.europa.eu/esco/skill/") and not p["present"] for p in proposals["proposals"])
    cv = post(person_client, "/quick-start/cv", {"text": "Ik installeer warmtepompen."}).json()
    assert cv["source"] == "cv" and cv["proposals"][0]["found_as"] == "installeer warmtepompen"
    assert not PassportSkill.objects.exists() and not WorkExperience.objects.exists()

    chosen = [p["id"] for p in proposals["proposals"][:3]]
    confirmed = post(person_client, "/quick-start/confirm", {"skill_ids": chosen, "source": "occupation", "occupation_id": electrician.pk, "add_to_work_history": True})
    body = confirmed.json()
    assert len(body["added"]) == 3 and body["work_experience"]["occupation"]["uri"] == electrician.uri
    assert set(PassportSkill.objects.values_list("source", flat=True)) == {SkillSource.OCCUPATION}
    again = post(person_client, "/quick-start/occupation", {"occupation_id": electrician.pk}).json()
    assert sum(p["present"] for p in again["proposals"]) == 3


def test_quick_start_bad_input(person_client, sample_taxonomy):
    assert "Dit is geen beroep" in errors_of(post(person_client, "/quick-start/occupation", {"occupation_id": 0}))["occupation_id"]
    assert errors_of(post(person_client, "/quick-start/cv", {"text": ""})) == {"text": "Plak eerst de tekst van uw cv."}
    errors = errors_of(post(person_client, "/quick-start/confirm", {"skill_ids": [], "source": "occupation"}))
    assert errors == {
        "skill_ids": "Vink minstens één vaardigheid aan die u wilt toevoegen.",
        "occupation_id": "Kies het beroep waar deze vaardigheden bij horen.",
    }
    errors = errors_of(post(person_client, "/quick-start/confirm", {"skill_ids": [occupation("welder").pk], "source": "cv"}))
    assert "Dit is geen vaardigheid" in errors["skill_ids"]
    assert errors_of(post(person_client, "/quick-start/confirm", {"skill_ids": [1], "source": "gok"})) == {"source": "geen toegestane waarde"}
    assert not PassportSkill.objects.exists()


def test_consents_grant_list_revoke_and_access_log(person_client, person, recruiter, employer_org, sample_taxonomy):
    organisations = person_client.get(API + "/consents/organisations").json()
    assert {"id": employer_org.pk, "name": "Damen Den Helder", "kind": "employer"} in organisations
    granted = post(person_client, "/consents", {"organisation_id": employer_org.pk, "purpose": "vacancy", "sections": ["skills", "contact"], "expires_on": "2099-12-31"})
    assert granted.status_code == 201, granted.content
    consent = granted.json()
    assert consent["state"] == "active" and consent["organisation"]["name"] == "Damen Den Helder"
    assert consent["expires_at"].startswith("2100-01-01")  # the end of 31 December, local time

    passport = Passport.objects.get(user=person)
    view_passport(recruiter, passport, organisation=employer_org, purpose=Consent.Purpose.VACANCY)
    log = person_client.get(API + "/access-log").json()
    assert log[0]["viewer"] == "Martijn Bakker" and log[0]["organisation"] == "Damen Den Helder"
    assert log[0]["sections"] == ["skills", "contact"] and log[0]["purpose_label"] == "Sollicitatie op een vacature"

    revoked = post(person_client, f"/consents/{consent['id']}/revoke", {}).json()
    assert revoked["state"] == "revoked" and revoked["revoked_at"]
    assert person_client.get(API + "/consents").json()[0]["state"] == "revoked"


def test_bad_consents_are_refused_per_field(person_client, employer_org, sample_taxonomy):
    errors = errors_of(post(person_client, "/consents", {"organisation_id": 0, "purpose": "reclame", "sections": [], "expires_on": "2001-01-01"}))
    assert errors == {
        "organisation_id": "Kies een organisatie uit de lijst.",
        "purpose": "Kies een doel uit de lijst.",
        "sections": "Kies minstens één onderdeel dat de organisatie mag zien.",
        "expires_on": "Deze datum is al voorbij. Kies vandaag of later, of laat het veld leeg.",
    }
    errors = errors_of(post(person_client, "/consents", {"organisation_id": employer_org.pk, "purpose": "coaching", "sections": ["geheimen"]}))
    assert errors == {"sections": "Onbekend onderdeel: geheimen."}
    assert not Consent.objects.exists() and not AccessLogEntry.objects.exists()


def test_delete_account_needs_the_password(person_client, person, sample_taxonomy):
    errors = errors_of(post(person_client, "/delete-account", {"password": "fout"}))
    assert errors == {"password": "Dit wachtwoord klopt niet. Er is niets verwijderd."}
    assert Passport.objects.filter(user=person).exists() or person.__class__.objects.filter(pk=person.pk).exists()
    response = post(person_client, "/delete-account", {"password": PASSWORD})
    assert response.status_code == 200 and response.json()["detail"] == "Uw account en al uw gegevens zijn verwijderd."
    assert not person.__class__.objects.filter(pk=person.pk).exists()
    assert person_client.get(API + "/").status_code == 401

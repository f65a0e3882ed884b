"""The vacancies API: what an employer's system, a coach's tool and the public can do."""

import datetime
import json

import pytest
from django.utils import timezone

from loket.passport.models import Consent, Passport
from loket.vacancies import services
from loket.vacancies.models import OutflowAnnouncement, Placement, Vacancy, VacancySkill

from .conftest import concept

pytestmark = pytest.mark.django_db
API = "/api/v1/vacancies"


def post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def body(electrician, **extra):
    skills = services.propose_skills(electrician)
    return {
        "title": "Elektromonteur",
        "kind": "job",
        "occupation": electrician.uri,
        "skills": [{"skill": skills[0][0].uri, "importance": "essential"}, {"skill": skills[-1][0].pk, "importance": "optional"}],
        "nlqf_level": 3,
        "hours_min": 24,
        "hours_max": 36,
        "municipality": "GM0361",
        "sector": "F",
        "climate_transition": True,
        "opened_on": "2026-11-01",
    } | extra


def test_create_read_update_and_delete_a_vacancy(client, employer, electrician):
    client.force_login(employer)
    created = post(client, f"{API}/", body(electrician))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["occupation"]["uri"] == electrician.uri and data["region"] == {"code": "AM15", "name": "Noord-Holland Noord"}
    assert [s["importance"] for s in data["skills"]] == ["essential", "optional"] and data["status"] == "open"
    vacancy_id = data["id"]
    assert client.get(f"{API}/{vacancy_id}").json()["title"] == "Elektromonteur"
    patched = post(client, f"{API}/{vacancy_id}", {"title": "Elektromonteur B", "hours_max": 40}, method="patch").json()
    assert patched["title"] == "Elektromonteur B" and patched["hours_max"] == 40 and len(patched["skills"]) == 2
    replaced = post(client, f"{API}/{vacancy_id}", body(electrician, kind="open_hiring", skills=[]), method="put")
    assert replaced.status_code == 200 and replaced.json()["skills"] == [] and replaced.json()["kind"] == "open_hiring"
    assert [v["id"] for v in client.get(f"{API}/mine").json()] == [vacancy_id]
    assert client.delete(f"{API}/{vacancy_id}").status_code == 204
    assert not Vacancy.objects.exists()


def test_bad_input_is_a_422_with_a_dutch_message_per_field_and_nothing_saved(client, employer, electrician):
    client.force_login(employer)
    skill = services.propose_skills(electrician)[0][0]
    response = post(client, f"{API}/", body(electrician, occupation=skill.uri, hours_min=50, hours_max=70, skills=[{"skill": electrician.pk}],
                                            opened_on="volgende week", climate_transition="misschien"))
    assert response.status_code == 422
    errors = {(e["field"], e["message"]) for e in response.json()["errors"]}
    assert ("climate_transition", "Kies true of false.") in errors
    assert ("hours_max", "Maximaal 60 uur per week.") in errors  # the schema's and the rules' messages come together
    unknown = post(client, f"{API}/", body(electrician, skills=[{"skill": "http://data.europa.eu/esco/skill/onbekend"}]))
    assert unknown.json()["errors"] == [{"field": "skills", "message": "Onbekende ESCO-URI: http://data.europa.eu/esco/skill/onbekend."}]
    assert response.json()["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    response = post(client, f"{API}/", body(electrician, occupation=skill.uri, hours_min=50, hours_max=70, skills=[{"skill": electrician.pk}], opened_on="volgende week"))
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["occupation"] == f"“{skill.label()}” is geen beroep. Kies een beroep."
    assert fields["hours_max"] == "Maximaal 60 uur per week."
    assert fields["skills"] == f"“{electrician.label()}” is geen vaardigheid."
    assert fields["opened_on"] == "Geen geldige datum; schrijf de datum als JJJJ-MM-DD."
    missing = post(client, f"{API}/", {"title": "x"})
    assert missing.status_code == 422 and {e["field"] for e in missing.json()["errors"]} >= {"occupation", "municipality", "sector"}
    assert all(e["message"] == "dit veld is verplicht" for e in missing.json()["errors"])
    assert not Vacancy.objects.exists() and not VacancySkill.objects.exists()


def test_a_failed_update_changes_nothing(client, employer, make_vacancy):
    vacancy = make_vacancy()
    client.force_login(employer)
    response = post(client, f"{API}/{vacancy.pk}", {"title": "Anders", "skills": [], "closed_on": "2026-01-01"}, method="patch")
    assert response.status_code == 422
    vacancy.refresh_from_db()
    assert vacancy.title == "Elektromonteur utiliteit" and vacancy.skills.count() == 5


def test_another_organisations_vacancies_are_not_found(client, make_vacancy, other_employer):
    vacancy = make_vacancy()
    filled = make_vacancy(title="Vervuld")
    services.mark_filled(filled, datetime.date(2026, 11, 5))
    client.force_login(other_employer)
    assert client.get(f"{API}/mine").json() == []
    assert post(client, f"{API}/{vacancy.pk}", {"title": "Overgenomen"}, method="patch").status_code == 404
    assert client.delete(f"{API}/{vacancy.pk}").status_code == 404
    assert post(client, f"{API}/{vacancy.pk}/close", {}).status_code == 404
    assert client.get(f"{API}/{filled.pk}").status_code == 404
    assert client.get(f"{API}/{filled.pk}").json() == {"detail": "Niet gevonden."}
    assert client.get(f"{API}/{vacancy.pk}/placements").json() == []
    vacancy.refresh_from_db()
    assert vacancy.title == "Elektromonteur utiliteit" and vacancy.closed_on is None


def test_open_vacancies_are_public_but_not_their_placements(client, make_vacancy, employer, make_user):
    vacancy = make_vacancy()
    closed = make_vacancy(title="Dicht")
    services.close_vacancy(closed)
    person = make_user(role="person", email="s@example.nl")
    Consent.objects.create(passport=Passport.objects.create(user=person), organisation=vacancy.employer, purpose=Consent.Purpose.VACANCY,
                           sections=["contact"])
    services.record_placement(vacancy, person=person, previous_situation="employed",
                              previous_occupation=None, previous_sector="", started_on=datetime.date(2026, 12, 1), recorded_by=employer, keep_open=True)
    listing = client.get(f"{API}/", {"region": "AM15"}).json()
    assert [v["id"] for v in listing] == [vacancy.pk]
    assert "placements" not in listing[0] and "s@example.nl" not in json.dumps(listing)
    assert client.get(f"{API}/{vacancy.pk}").status_code == 200
    assert client.get(f"{API}/{vacancy.pk}/placements").status_code == 401
    assert client.get(f"{API}/", {"region": "AM18"}).json() == []
    assert client.get(f"{API}/mine").status_code == 401


def test_a_new_vacancy_without_dates_opens_today(client, employer, electrician):
    client.force_login(employer)
    fields = body(electrician)
    del fields["opened_on"]
    created = post(client, f"{API}/", fields | {"valid_through": None, "nlqf_level": None})
    assert created.status_code == 201, created.json()
    assert created.json()["opened_on"] == datetime.date.today().isoformat() and created.json()["status"] == "open"
    assert created.json()["valid_through"] is None and created.json()["nlqf_level"] is None


def test_a_person_cannot_create_vacancies(client, make_user, electrician):
    client.force_login(make_user(role="person", email="p@example.nl"))
    response = post(client, f"{API}/", body(electrician))
    assert response.status_code == 403 and response.json()["detail"] == "Dit is alleen voor: Werkgever."


def test_fill_close_and_reopen(client, employer, make_vacancy):
    vacancy = make_vacancy()
    client.force_login(employer)
    early = post(client, f"{API}/{vacancy.pk}/fill", {"on": "2026-01-01"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "filled_on"
    assert post(client, f"{API}/{vacancy.pk}/fill", {"on": "2026-11-15"}).json()["status"] == "filled"
    assert post(client, f"{API}/{vacancy.pk}/reopen", {}).json()["status"] == "open"
    assert post(client, f"{API}/{vacancy.pk}/close", {}).json()["closed_on"] == datetime.date.today().isoformat()


def test_a_date_in_the_future_does_not_fill_or_close_a_vacancy(client, employer, make_vacancy, electrician):
    vacancy = make_vacancy()
    client.force_login(employer)
    for action, field_name in (("fill", "filled_on"), ("close", "closed_on")):
        refused = post(client, f"{API}/{vacancy.pk}/{action}", {"on": "9999-12-31"})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field_name
        assert "in de toekomst" in refused.json()["errors"][0]["message"]
    vacancy.refresh_from_db()
    assert vacancy.is_open
    far = post(client, f"{API}/{vacancy.pk}/placements", {"started_on": "2099-01-01"})
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "started_on"
    vacancy.refresh_from_db()
    assert vacancy.filled_on is None
    past = post(client, f"{API}/outflow", {"occupation": electrician.pk, "people": 3, "expected_on": "2020-01-01", "region": "AM15"})
    assert past.status_code == 422 and "in het verleden" in past.json()["errors"][0]["message"]
    assert not OutflowAnnouncement.objects.exists()


def test_proposed_skills_for_an_occupation(client, electrician, sample_taxonomy):
    proposal = client.get(f"{API}/proposed-skills", {"occupation": electrician.uri}).json()
    assert [p["id"] for p in proposal] == [s.pk for s, _i in services.propose_skills(electrician)]
    assert client.get(f"{API}/proposed-skills", {"occupation": "999999"}).status_code == 404


# --- Outflow and placements -------------------------------------------------


def test_outflow_announcements(client, employer, other_employer, electrician):
    client.force_login(employer)
    bad = post(client, f"{API}/outflow", {"occupation": electrician.pk, "people": 0, "expected_on": "2027-13-01", "region": "XX"})
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"people", "expected_on", "region"}
    assert not OutflowAnnouncement.objects.exists()
    created = post(client, f"{API}/outflow", {"occupation": electrician.uri, "people": 9, "expected_on": "2027-03-01", "region": "AM37"})
    assert created.status_code == 201 and created.json()["region"]["code"] == "AM37"
    outflow_id = created.json()["id"]
    assert [o["id"] for o in client.get(f"{API}/outflow").json()] == [outflow_id]
    client.force_login(other_employer)
    assert client.get(f"{API}/outflow/{outflow_id}").status_code == 404
    assert post(client, f"{API}/outflow/{outflow_id}/close", {}).status_code == 404
    client.force_login(employer)
    today = timezone.localdate().isoformat()  # the day it was announced: it cannot close before that
    assert post(client, f"{API}/outflow/{outflow_id}/close", {"on": today}).json()["closed_on"] == today
    assert client.get(f"{API}/outflow").json() == []


def test_placements_by_the_employer_and_by_a_coach(client, employer, coach, coach_org, make_vacancy, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="jan@example.nl", full_name="Jan Smit")
    url = f"{API}/{vacancy.pk}/placements"
    client.force_login(coach)
    placement = {"person_email": "jan@example.nl", "previous_situation": "job_seeker", "previous_occupation": concept("welder").uri,
                 "previous_sector": "C", "started_on": "2026-12-01", "keep_open": True}
    refused = post(client, url, placement)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "person_email"
    assert "toestemming" in refused.json()["errors"][0]["message"] and not Placement.objects.exists()
    Consent.objects.create(passport=Passport.objects.create(user=person), organisation=coach_org, purpose=Consent.Purpose.COACHING,
                           sections=["skills", "contact"])
    recorded = post(client, url, placement)
    assert recorded.status_code == 201 and recorded.json()["person"]["full_name"] == "Jan Smit"
    assert post(client, url, placement | {"person_email": None, "keep_open": False}).status_code == 201
    assert len(client.get(url).json()) == 2
    client.force_login(employer)
    seen = client.get(url).json()
    assert [p["previous_sector"] for p in seen] == ["C", "C"]
    # Jan let the coach's team see his name, not the employer.
    assert sorted((p["person"], p["person_in_loket"]) for p in seen) == [(None, False), (None, True)]
    assert "Jan" not in json.dumps(seen) and "jan@example.nl" not in json.dumps(seen)
    vacancy.refresh_from_db()
    assert vacancy.filled_on == datetime.date(2026, 12, 1)


def test_an_employer_cannot_place_or_find_out_about_someone_without_their_consent(client, employer, employer_org, make_vacancy, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    url = f"{API}/{vacancy.pk}/placements"
    client.force_login(employer)
    unknown = post(client, url, {"person_email": "niemand@example.nl", "started_on": "2026-12-01"})
    existing = post(client, url, {"person_email": "sanne@example.nl", "started_on": "2026-12-01"})
    assert unknown.status_code == existing.status_code == 422
    assert unknown.json() == existing.json()
    assert existing.json()["errors"] == [{"field": "person_email", "message": (
        "Wij kunnen deze persoon niet aan de plaatsing koppelen. Dat kan alleen als de persoon uw organisatie "
        "toestemming heeft gegeven; laat het veld anders leeg.")}]
    assert not Placement.objects.exists()
    vacancy.refresh_from_db()
    assert vacancy.filled_on is None

    # After accepting a contact request the person's consent has no contact details here: placed, not named.
    Consent.objects.create(passport=Passport.objects.create(user=person), organisation=employer_org, purpose=Consent.Purpose.VACANCY,
                           vacancy=vacancy, sections=["skills"])
    recorded = post(client, url, {"person_email": "sanne@example.nl", "started_on": "2026-12-01", "keep_open": True})
    assert recorded.status_code == 201 and recorded.json()["person"] is None and recorded.json()["person_in_loket"] is True
    assert "Sanne" not in recorded.text and "sanne@example.nl" not in client.get(url).text
    Consent.objects.filter(passport__user=person).update(sections=["skills", "contact"])
    assert client.get(url).json()[0]["person"] == {"email": "sanne@example.nl", "full_name": "Sanne de Vries"}


def test_an_employer_cannot_use_another_employers_outflow(client, employer, other_employer, other_org, make_vacancy, electrician):
    vacancy = make_vacancy()
    theirs = services.save_outflow(other_org, {"occupation": electrician, "people": 4, "expected_on": "2027-01-01", "region": "AM15"}, user=other_employer)
    client.force_login(employer)
    refused = post(client, f"{API}/{vacancy.pk}/placements", {"started_on": "2026-12-01", "outflow": theirs.pk})
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == ["outflow"]
    assert "eigen organisatie" in refused.json()["errors"][0]["message"] and not Placement.objects.exists()


def test_a_placement_with_bad_input_or_by_someone_else(client, other_employer, make_vacancy, employer):
    vacancy = make_vacancy()
    client.force_login(employer)
    bad = post(client, f"{API}/{vacancy.pk}/placements", {"started_on": "2020-01-01", "previous_sector": "Z", "outflow": 999})
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"started_on", "previous_sector", "outflow"}
    client.force_login(other_employer)
    assert post(client, f"{API}/{vacancy.pk}/placements", {"started_on": "2026-12-01"}).status_code == 403
    assert not Placement.objects.exists()


# --- JobPosting -------------------------------------------------------------


def test_jobposting_export_and_import_over_the_api(client, employer, make_vacancy, other_employer):
    vacancy = make_vacancy(external_id="E-1")
    one = client.get(f"{API}/{vacancy.pk}/jobposting")
    assert one["Content-Type"] == "application/ld+json" and one.json()["@type"] == "JobPosting"
    client.force_login(employer)
    document = client.get(f"{API}/jobpostings", {"open": "true"}).json()
    assert document["numberOfItems"] == 1
    client.force_login(other_employer)
    assert client.get(f"{API}/jobpostings").json()["numberOfItems"] == 0
    document["itemListElement"].append(json.loads(json.dumps(document["itemListElement"][0])))
    document["itemListElement"][1]["item"]["identifier"]["value"] = "E-2"
    document["itemListElement"][1]["item"]["validThrough"] = "2026-02-30"
    refused = client.post(f"{API}/jobpostings/import", json.dumps(document), content_type="application/ld+json")
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"index": 1, "path": "$.itemListElement[1].item.validThrough", "field": "valid_through",
                                         "message": "Geen geldige datum: “2026-02-30”. Schrijf de datum als JJJJ-MM-DD."}]
    assert Vacancy.objects.count() == 1
    del document["itemListElement"][1]["item"]["validThrough"]
    imported = client.post(f"{API}/jobpostings/import", json.dumps(document), content_type="application/ld+json")
    assert imported.status_code == 200 and len(imported.json()["created"]) == 2
    again = client.post(f"{API}/jobpostings/import", json.dumps(document), content_type="application/ld+json")
    assert again.json() == {"created": [], "updated": imported.json()["created"]}
    not_json = client.post(f"{API}/jobpostings/import", "{kapot", content_type="application/ld+json")
    assert not_json.status_code == 422 and not_json.json()["errors"][0]["message"].startswith("Geen geldige JSON")

"""The matching API does what the pages do, with the same consent rules."""

from loket.matching.models import ContactRequest, Trajectory
from loket.passport.models import AccessLogEntry, Consent

from .conftest import profile


def test_person_gets_ranked_vacancies_with_explanations(client, world):
    world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    world.vacancy(world.electrician, "Elektricien")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    client.force_login(passport.user)
    body = client.get("/api/v1/matching/me/vacancies").json()
    assert body[0]["vacancy"]["title"] == "Monteur vliegtuigonderhoud"
    assert body[0]["score"] == 1.0
    assert {s["status"] for s in body[0]["explanation"]["skills"]} == {"matched"}
    assert all(s["uri"].startswith("http://data.europa.eu/esco/skill/") for s in body[0]["explanation"]["skills"])
    only_internships = client.get("/api/v1/matching/me/vacancies?kind=internship").json()
    assert only_internships == []


def test_contact_flow_through_the_api(client, world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    client.force_login(world.recruiter)
    candidates = client.get(f"/api/v1/matching/vacancies/{vacancy.pk}/candidates").json()
    assert candidates[0]["name"] == "" and "sanne" not in str(candidates[0]).lower()
    response = client.post(
        f"/api/v1/matching/vacancies/{vacancy.pk}/contact-requests", {"token": candidates[0]["token"]}, content_type="application/json"
    )
    assert response.status_code == 201
    again = client.post(
        f"/api/v1/matching/vacancies/{vacancy.pk}/contact-requests", {"token": candidates[0]["token"]}, content_type="application/json"
    )
    assert again.status_code == 422 and "al om contact gevraagd" in again.json()["detail"]

    client.force_login(passport.user)
    contact_id = client.get("/api/v1/matching/me/contact-requests").json()[0]["id"]
    assert client.post(f"/api/v1/matching/me/contact-requests/{contact_id}", {"accept": True}, content_type="application/json").json()["status"] == "accepted"
    assert client.post(f"/api/v1/matching/me/contact-requests/{contact_id}", {"accept": False}, content_type="application/json").status_code == 409
    assert ContactRequest.objects.get().status == "accepted"

    client.force_login(world.recruiter)
    assert client.get(f"/api/v1/matching/vacancies/{vacancy.pk}/candidates").json()[0]["name"] == "Sanne"


def test_roles_and_membership_are_enforced(client, world, make_user):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    assert client.get("/api/v1/matching/me/vacancies").status_code == 401
    client.force_login(passport.user)
    assert client.get(f"/api/v1/matching/vacancies/{vacancy.pk}/candidates").status_code == 403
    client.force_login(make_user(role="employer", email="ander@example.nl"))
    response = client.get(f"/api/v1/matching/vacancies/{vacancy.pk}/candidates")
    assert response.status_code == 403 and "geen lid" in response.json()["detail"]
    assert not AccessLogEntry.objects.exists()


def test_coach_api_reads_and_updates_the_trajectory_only_with_consent(client, world, make_user):
    from loket.accounts.models import Membership, Organisation

    passport = world.person("sanne@example.nl", profile(world.mechanic))
    servicepunt = Organisation.objects.create(name="ServicePunt Techniek", kind=Organisation.Kind.GOVERNMENT)
    coach = make_user(role="coach", email="coach@example.nl")
    Membership.objects.create(user=coach, organisation=servicepunt)
    client.force_login(coach)
    assert client.get(f"/api/v1/matching/coach/people/{passport.pk}").status_code == 403
    consent = Consent.objects.create(passport=passport, organisation=servicepunt, purpose=Consent.Purpose.COACHING, sections=["skills"])
    # Without contact details in the consent the coach works with a pseudonym.
    assert [p["name"][:8] for p in client.get("/api/v1/matching/coach/people").json()] == ["Persoon "]
    consent.sections = ["skills", "contact"]
    consent.save()
    assert [p["name"] for p in client.get("/api/v1/matching/coach/people").json()] == ["Sanne"]
    body = client.get(f"/api/v1/matching/coach/people/{passport.pk}").json()
    assert set(body["passport"]) >= {"skills"} and "work_history" not in body["passport"]
    bad = client.patch(f"/api/v1/matching/coach/people/{passport.pk}/trajectory", {"status": "placed"}, content_type="application/json")
    assert bad.status_code == 422
    ok = client.patch(
        f"/api/v1/matching/coach/people/{passport.pk}/trajectory",
        {"status": "training", "next_step": "Start BBL", "note": "Gesprek gehad"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["notes"][0]["text"] == "Gesprek gehad"
    assert Trajectory.objects.get().status == "training"

"""The learning-route API: plan, save, list, get and delete the person's own routes."""

import json

import pytest

from loket.catalog.models import LearningRoute, Modality

from .route_world import RouteWorld


@pytest.fixture
def world(sample_taxonomy, make_user):
    return RouteWorld(make_user)


@pytest.fixture
def person(client, world):
    passport = world.person()
    client.force_login(passport.user)
    return passport


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def test_plan_returns_the_route_without_saving_it(client, world, person):
    cheap = world.offering(world.course("Basis", world.essential[:1], hours=40), 200, modality=Modality.ONLINE)
    response = post(client, "/api/v1/routes/plan", {"occupation": world.electrician.pk, "budget_cents": 30_000})
    assert response.status_code == 200
    body = response.json()
    assert [step["offering"]["id"] for step in body["steps"]] == [cheap.pk]
    assert body["total_price_cents"] == 20_000 and body["total_hours"] == 40 and body["method"] == "exact"
    assert {s["id"] for s in body["uncovered"] if s["essential"]} == set(world.essential[1:])
    assert not LearningRoute.objects.exists()


def test_optional_skills_are_listed_as_left_out_unless_asked_for(client, world, person):
    world.offering(world.course("Gewenst", world.optional[:1], hours=40), 300, modality=Modality.ONLINE)
    default = post(client, "/api/v1/routes/plan", {"occupation": world.electrician.pk}).json()
    assert default["steps"] == []  # nothing teaches an essential skill, and the optional one is not planned
    assert {s["id"] for s in default["optional_left_out"]} == set(world.optional)
    asked = post(client, "/api/v1/routes/plan", {"occupation": world.electrician.pk, "include_optional": True}).json()
    assert world.optional[0] in {skill["id"] for step in asked["steps"] for skill in step["skills"]}
    assert asked["optional_left_out"] == []


def test_bad_input_is_a_422_in_dutch_and_saves_nothing(client, world, person):
    cases = [
        ({"occupation": world.electrician.pk, "budget_cents": -5}, "negatief"),
        ({}, "Kies een doel"),
        ({"occupation": 999_999}, "beroep kennen we niet"),
        ({"occupation": world.electrician.pk, "regions": ["XX99"]}, "Onbekende arbeidsmarktregio"),
        ({"occupation": world.electrician.pk, "start_within_months": 99}, "maanden"),
    ]
    for data, message in cases:
        for path in ("/api/v1/routes/plan", "/api/v1/routes/"):
            response = post(client, path, data)
            assert response.status_code == 422, data
            assert message in json.dumps(response.json(), ensure_ascii=False)
    assert not LearningRoute.objects.exists()


def test_saved_routes_belong_to_their_person(client, world, person, make_user):
    world.offering(world.course("Basis", world.essential[:1]), 200)
    created = post(client, "/api/v1/routes/", {"occupation": world.electrician.pk, "regions": ["AM18"]})
    assert created.status_code == 201
    route_id = created.json()["id"]
    assert [r["id"] for r in client.get("/api/v1/routes/").json()] == [route_id]
    assert client.get(f"/api/v1/routes/{route_id}").json()["goal"] == created.json()["goal"]

    other = world.person(email="ander@example.nl")
    client.force_login(other.user)
    assert client.get("/api/v1/routes/").json() == []
    assert client.get(f"/api/v1/routes/{route_id}").status_code == 404
    assert client.delete(f"/api/v1/routes/{route_id}").status_code == 404

    client.force_login(person.user)
    assert client.delete(f"/api/v1/routes/{route_id}").status_code == 204
    assert not LearningRoute.objects.exists()


def test_only_signed_in_persons_plan(client, world, make_user):
    assert post(client, "/api/v1/routes/plan", {"occupation": world.electrician.pk}).status_code == 401
    client.force_login(make_user(role="employer", email="werkgever@example.nl"))
    assert post(client, "/api/v1/routes/plan", {"occupation": world.electrician.pk}).status_code == 403


def test_errors_name_the_fields_the_client_sent(client, world, person):
    cases = [
        ({"occupation": world.electrician.pk, "budget_cents": -5}, {"budget_cents"}),
        ({"occupation": world.electrician.pk, "modalities": []}, {"modalities"}),
        ({"occupation": world.electrician.pk, "start_within_months": 0}, {"start_within_months"}),
        ({"occupation": world.electrician.pk, "regions": ["XX99"]}, {"regions"}),
        ({"occupation": 999_999}, {"occupation"}),
        ({"vacancy": 999_999}, {"vacancy"}),
        ({}, {"vacancy", "occupation"}),
    ]
    for data, fields in cases:
        response = post(client, "/api/v1/routes/plan", data)
        assert response.status_code == 422, data
        assert {error["field"] for error in response.json()["errors"]} == fields, data

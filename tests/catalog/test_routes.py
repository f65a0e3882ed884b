"""Planning, saving and deleting learning routes through the services (sample taxonomy)."""

import json

import pytest
from django.core.exceptions import ValidationError

from loket.catalog import routes
from loket.catalog.models import LearningRoute, Modality
from loket.passport import services as passports

from .route_world import RouteWorld


@pytest.fixture
def world(sample_taxonomy, make_user):
    return RouteWorld(make_user)


def test_the_route_covers_the_gap_with_the_cheaper_pair_of_courses(world):
    first, rest = world.essential[:2], world.essential[2:]
    passport = world.person(skills=rest)
    everything = world.course("Alles-in-een elektrotechniek", first, hours=600)
    world.offering(everything, 3000)
    world.offering(world.course("Basis A", first[:1], hours=80), 400)
    world.offering(world.course("Basis B", first[1:], hours=80), 500, modality=Modality.ONLINE)
    planned = routes.plan_route(passport, occupation=world.electrician)
    assert planned.method == "exact"
    assert sorted(o.course.title_nl for o in planned.offerings) == ["Basis A", "Basis B"]
    assert planned.price_cents == 90_000 and planned.hours == 160
    assert {c.id for c in planned.covered} >= set(first)
    assert not planned.uncovered_essential


def test_skills_no_offering_teaches_are_listed_as_uncovered(world):
    passport = world.person()
    world.offering(world.course("Een deel", world.essential[:1]), 200)
    planned = routes.plan_route(passport, occupation=world.electrician)
    assert [o.course.title_nl for o in planned.offerings] == ["Een deel"]
    assert planned.uncovered_essential == set(world.essential[1:])
    assert {c.id for c in planned.uncovered} == set(world.essential[1:])
    assert {c.id for c in planned.optional_left_out} == set(world.optional)


def test_optional_skills_are_planned_only_when_the_person_asks(world):
    passport = world.person(skills=world.essential)
    world.offering(world.course("Gewenst erbij", world.optional[:1], hours=400), 2500)
    essential_only = routes.plan_route(passport, occupation=world.electrician)
    assert essential_only.offerings == [] and essential_only.uncovered == []
    assert {c.id for c in essential_only.optional_left_out} == set(world.optional)
    with_optional = routes.plan_route(passport, occupation=world.electrician, include_optional=True)
    assert [o.course.title_nl for o in with_optional.offerings] == ["Gewenst erbij"]
    assert {c.id for c in with_optional.uncovered} == set(world.optional[1:])
    assert with_optional.optional_left_out == () and with_optional.wishes["include_optional"]


def test_wishes_leave_out_other_regions_late_starts_and_unwanted_modalities(world):
    passport = world.person(municipality=world.haarlemmermeer)  # Groot Amsterdam
    skill = world.essential[:1]
    far = world.offering(world.course("Ver weg", skill), 100, municipality=world.den_helder)
    late = world.offering(world.course("Te laat", skill), 100, start_in_days=300)
    online = world.offering(world.course("Online", skill), 900, modality=Modality.ONLINE)
    near = world.offering(world.course("Dichtbij", skill), 500, municipality=world.amsterdam)
    assert routes.plan_route(passport, occupation=world.electrician).offerings == [near]
    assert routes.plan_route(passport, occupation=world.electrician, modalities=["online"]).offerings == [online]
    assert routes.plan_route(passport, occupation=world.electrician, start_within_months=12).offerings == [late]
    assert routes.plan_route(passport, occupation=world.electrician, region_ids=[world.den_helder.region_id]).offerings == [far]


def test_a_budget_too_small_leaves_skills_uncovered_and_stays_within_it(world):
    passport = world.person()
    world.offering(world.course("Duur", world.essential[:2]), 2000)
    planned = routes.plan_route(passport, occupation=world.electrician, budget_cents=100_000)
    assert planned.offerings == [] and planned.price_cents == 0
    assert planned.uncovered_essential == set(world.essential)


def test_a_person_with_every_skill_gets_an_empty_route(world):
    passport = world.person(skills=world.essential + world.optional)
    world.offering(world.course("Overbodig", world.essential[:1]), 100)
    planned = routes.plan_route(passport, occupation=world.electrician)
    assert planned.offerings == [] and planned.uncovered == []


def test_bad_wishes_are_refused_in_dutch(world):
    passport = world.person()
    with pytest.raises(ValidationError) as error:
        routes.plan_route(passport, occupation=world.electrician, budget_cents=-1, modalities=["per post"], start_within_months=0)
    messages = error.value.message_dict
    assert "negatief" in messages["budget"][0]
    assert "vorm" in messages["modalities"][0]
    assert "maanden" in messages["start_within_months"][0]


def test_a_goal_must_be_one_open_vacancy_or_a_known_occupation(world):
    with pytest.raises(ValidationError, match="Kies een doel"):
        routes.resolve_goal()
    with pytest.raises(ValidationError, match="niet allebei"):
        routes.resolve_goal(vacancy_id=1, occupation_id=world.electrician.pk)
    with pytest.raises(ValidationError, match="vacature bestaat niet"):
        routes.resolve_goal(vacancy_id=999_999)
    with pytest.raises(ValidationError, match="beroep kennen we niet"):
        routes.resolve_goal(occupation_id=world.essential[0])  # a skill, not an occupation
    assert routes.resolve_goal(occupation_id=str(world.electrician.pk)) == (None, world.electrician)


def test_a_saved_route_is_the_persons_own_and_goes_with_export_and_deletion(world):
    passport = world.person()
    offering = world.offering(world.course("Basis", world.essential[:1]), 300)
    saved = routes.save_route(passport, routes.plan_route(passport, occupation=world.electrician, budget_cents=50_000))
    assert list(saved.offerings.all()) == [offering]
    assert saved.budget_cents == 50_000 and saved.goal_occupation == world.electrician
    other = world.person(email="ander@example.nl")
    with pytest.raises(LearningRoute.DoesNotExist):
        routes.delete_route(other, saved.pk)
    assert LearningRoute.objects.filter(pk=saved.pk).exists()
    exported = passports.export_person(passport.user)
    assert [route["id"] for route in exported["learning_routes"]] == [saved.pk]
    passports.delete_person(passport.user)  # the route cascades with the passport
    assert not LearningRoute.objects.filter(pk=saved.pk).exists()


def test_a_saved_route_keeps_what_was_chosen_and_marks_offerings_that_changed_since(world):
    first, second, third = world.essential[:3]
    passport = world.person(skills=world.essential[3:])
    kept = world.offering(world.course("Blijft", [first], hours=40), 200, start_in_days=10)
    cancelled = world.offering(world.course("Wordt afgelast", [second], hours=50), 300, start_in_days=20)
    dearer = world.offering(world.course("Wordt duurder", [third], hours=60), 400, start_in_days=30, municipality=world.haarlemmermeer)
    saved = routes.save_route(passport, routes.plan_route(passport, occupation=world.electrician))
    assert saved.total_price_cents == 90_000
    assert routes.saved_state(saved).current_total_cents == 90_000 and not routes.saved_state(saved).changed

    cancelled.cancelled = True
    cancelled.save()
    dearer.price_cents = 45_000
    dearer.save()
    dearer.course.title_nl = "Andere titel"
    dearer.course.save()
    removed_id = kept.pk
    kept.delete()

    state = routes.saved_state(routes.route_of(passport, saved.pk))
    assert [(o.id, o.course_title["nl"], o.price_cents, o.change) for o in state.offerings] == [
        (removed_id, "Blijft", 20_000, "removed"),
        (cancelled.pk, "Wordt afgelast", 30_000, "cancelled"),
        (dearer.pk, "Wordt duurder", 40_000, "price_changed"),
    ]
    assert state.offerings[2].current_price_cents == 45_000 and state.offerings[2].municipality == "Haarlemmermeer"
    assert state.current_total_cents == 45_000  # only what one can still follow, at today's price
    assert routes.route_of(passport, saved.pk).offerings.count() == 2  # the link to what still exists stays

    exported = json.loads(json.dumps(passports.export_person(passport.user)))  # the export is plain JSON
    (route,) = exported["learning_routes"]
    assert [o["change"] for o in route["saved_offerings"]] == ["removed", "cancelled", "price_changed"]
    assert route["saved_offerings"][0]["course_title"]["nl"] == "Blijft" and route["saved_offerings"][0]["start_date"]
    assert route["total_price_cents"] == 90_000 and route["current_total_price_cents"] == 45_000

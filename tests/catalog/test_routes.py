"""Planning, saving and deleting learning routes through the services (sample taxonomy)."""

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

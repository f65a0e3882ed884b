"""Shortages: skills a region's vacancies and transitions ask for that no bookable offering there teaches."""

import csv
import io

import pytest
from django.urls import reverse

from loket.accounts.models import Organisation
from loket.catalog import routes
from loket.catalog.models import Modality
from loket.transitions import services as transitions
from loket.vacancies.models import Importance, OutflowAnnouncement, Vacancy, VacancySkill

from .route_world import RouteWorld, in_days, occupation


@pytest.fixture
def world(sample_taxonomy, make_user):
    world = RouteWorld(make_user)
    world.employer = Organisation.objects.create(name="Netbeheer NH", kind=Organisation.Kind.EMPLOYER)
    return world


def vacancy(world, municipality, skills, **extra):
    made = Vacancy.objects.create(employer=world.employer, title="Monteur", occupation=world.electrician, municipality=municipality,
                                  sector="D", opened_on=in_days(-5), **extra)  # fmt: skip
    VacancySkill.objects.bulk_create([VacancySkill(vacancy=made, skill_id=s, importance=Importance.ESSENTIAL) for s in skills])
    return made


def by_key(rows):
    return {(row.region.code, row.skill_id): row for row in rows}


def test_a_skill_counts_as_shortage_only_where_nobody_teaches_it(world):
    first, second, third = world.essential[:3]
    vacancy(world, world.amsterdam, [first, second, third])  # Groot Amsterdam (AM18)
    vacancy(world, world.haarlemmermeer, [second])  # AM18 too
    vacancy(world, world.den_helder, [second])  # Noord-Holland Noord (AM15)
    vacancy(world, world.amsterdam, [third], closed_on=in_days(-1))  # closed: asks nothing
    world.offering(world.course("Online", [first]), 100, modality=Modality.ONLINE)  # teaches everywhere
    world.offering(world.course("In Den Helder", [second]), 100, municipality=world.den_helder)
    world.offering(world.course("Afgelast", [third]), 100, municipality=world.amsterdam, cancelled=True)
    rows = by_key(routes.shortages())
    assert ("AM18", first) not in rows
    assert rows[("AM18", second)].vacancies == 2
    assert rows[("AM18", third)].vacancies == 1
    assert ("AM15", second) not in rows
    ordered = [row.demand for row in routes.shortages()]
    assert ordered == sorted(ordered, reverse=True)
    assert set(by_key(routes.shortages(region_ids=[world.den_helder.region_id]))) == set()


def test_announced_outflow_adds_the_skills_its_viable_transitions_miss(world):
    mechanic = occupation("aircraft maintenance technician")
    destinations = transitions.destinations_for_occupation(mechanic, viable_only=True)
    missing = {skill for d in destinations for skill in d.gap.missing_essential}
    if not missing:
        pytest.skip("The sample taxonomy gives this occupation no viable destination with a gap.")
    OutflowAnnouncement.objects.create(employer=world.employer, occupation=mechanic, people=40, expected_on=in_days(90),
                                       region=world.haarlemmermeer.region)  # fmt: skip
    rows = by_key(routes.shortages())
    skill = next(iter(missing))
    expected = sum(skill in d.gap.missing_essential for d in destinations)
    assert rows[("AM18", skill)].transitions == expected
    world.offering(world.course("Alles online", sorted(missing)), 100, modality=Modality.ONLINE)
    assert not any(row.transitions for row in routes.shortages())


def test_the_page_and_csv_and_api_are_public_and_hold_no_personal_data(client, world):
    vacancy(world, world.amsterdam, world.essential[:2])
    world.person(email="geheim.persoon@example.nl")
    page = client.get(reverse("catalog:shortages")).content.decode()
    assert "Groot Amsterdam" in page and "geheim" not in page.lower()
    response = client.get(reverse("catalog:shortages"), {"formaat": "csv"})
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert {line["region_code"] for line in lines} == {"AM18"} and len(lines) == 2
    api = client.get("/api/v1/routes/shortages", {"region": "AM18"})
    assert api.status_code == 200 and len(api.json()) == 2
    assert client.get("/api/v1/routes/shortages", {"region": "AM15"}).json() == []
    assert client.get("/api/v1/routes/shortages", {"region": "XX"}).status_code == 422
    assert "Geen tekorten" in client.get(reverse("catalog:shortages"), {"regio": world.den_helder.region_id}).content.decode()

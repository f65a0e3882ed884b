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

from loket.taxonomy.models import Relation

from .route_world import RouteWorld, in_days, occupation, profile


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


def announce(employer_name, occupation_concept, people, municipality):
    employer, _created = Organisation.objects.get_or_create(name=employer_name, kind=Organisation.Kind.EMPLOYER)
    return OutflowAnnouncement.objects.create(employer=employer, occupation=occupation_concept, people=people, expected_on=in_days(90),
                                              region=municipality.region)  # fmt: skip


def test_announced_outflow_from_three_employers_adds_people_times_the_transitions_missing_a_skill(world):
    mechanic = occupation("aircraft maintenance technician")
    # In the sample taxonomy the viable destinations of this occupation are these two (see
    # test_services); computed by hand from the profiles: what each one needs that a mechanic lacks.
    destinations = [occupation("aircraft engine specialist"), occupation("electricity distribution technician")]
    assert {d.occupation_id for d in transitions.destinations_for_occupation(mechanic, viable_only=True)} == {d.pk for d in destinations}
    held = set(profile(mechanic)) | set(profile(mechanic, Relation.OPTIONAL))
    engine_specialist_misses = set(profile(destinations[0])) - held
    grid_misses = set(profile(destinations[1])) - held
    assert engine_specialist_misses and grid_misses
    only_engine = min(engine_specialist_misses - grid_misses)
    for name, people in (("Luchtvaart A", 40), ("Luchtvaart B", 10), ("Luchtvaart C", 5)):
        announce(name, mechanic, people, world.haarlemmermeer)
    rows = by_key(routes.shortages())
    assert rows[("AM18", only_engine)].transitions == (40 + 10 + 5) * 1  # 55 people, one destination misses it
    assert rows[("AM18", only_engine)].demand == 55
    for skill in grid_misses - engine_specialist_misses:
        assert rows[("AM18", skill)].transitions == 55
    world.offering(world.course("Alles online", sorted(engine_specialist_misses | grid_misses)), 100, modality=Modality.ONLINE)
    assert not any(row.transitions for row in routes.shortages())


def test_outflow_of_fewer_than_three_employers_is_not_shown_so_nobody_learns_one_employers_plans(client, world):
    mechanic = occupation("aircraft maintenance technician")
    skill = world.essential[0]
    vacancy(world, world.amsterdam, [skill])  # a public shortage in the region, with a transitions column
    announce("Luchtvaart A", mechanic, 40, world.haarlemmermeer)
    announce("Luchtvaart A", mechanic, 12, world.haarlemmermeer)  # one employer twice is still one employer
    rows = routes.shortages(region_ids=[world.haarlemmermeer.region_id])
    assert [(row.skill_id, row.vacancies, row.transitions) for row in rows] == [(skill, 1, None)]
    page = client.get(reverse("catalog:shortages"), {"regio": world.haarlemmermeer.region_id}).content.decode()
    assert "minstens 3 werkgevers" in page and "–" in page
    response = client.get(reverse("catalog:shortages"), {"regio": world.haarlemmermeer.region_id, "formaat": "csv"})
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(line["vacancies"], line["transitions"]) for line in lines] == [("1", "")]
    assert [row["transitions"] for row in client.get("/api/v1/routes/shortages", {"region": "AM18"}).json()] == [None]
    announce("Luchtvaart B", mechanic, 3, world.haarlemmermeer)
    assert [row.transitions for row in routes.shortages(region_ids=[world.haarlemmermeer.region_id])] == [None]  # two employers
    announce("Luchtvaart C", mechanic, 5, world.haarlemmermeer)  # a third employer: now the figures show
    rows = routes.shortages(region_ids=[world.haarlemmermeer.region_id])
    assert len(rows) > 1 and all(row.transitions for row in rows if row.skill_id != skill)


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

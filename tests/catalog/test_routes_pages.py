"""The route planner and the shortages pages as a person (or anybody) uses them."""

import pytest
from django.urls import reverse

from loket.catalog.models import LearningRoute, Modality
from loket.vacancies.models import Importance, Vacancy, VacancySkill

from .route_world import RouteWorld, in_days

PLANNER = reverse("catalog:route_planner")


@pytest.fixture
def world(sample_taxonomy, make_user):
    return RouteWorld(make_user)


@pytest.fixture
def signed_in(client, world):
    passport = world.person(skills=world.essential[2:])
    client.force_login(passport.user)
    return passport


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(PLANNER, {"occupation": world.electrician.pk})
    assert response.status_code == 302 and "inloggen" in response.url


def test_a_person_plans_a_route_to_an_occupation_and_sees_offerings_and_what_stays_uncovered(client, world, signed_in):
    world.offering(world.course("Installeren voor beginners", world.essential[:1], hours=80), 450, location="Campus West")
    world.offering(world.course("Zonnepanelen online", [], hours=10), 50, modality=Modality.ONLINE)  # teaches nothing missing
    page = client.get(PLANNER, {"occupation": world.electrician.pk}).content.decode()
    assert "Installeren voor beginners" in page and "Campus West" in page and "ROC Techniek" in page
    assert "€ 450,00" in page
    assert "Zonnepanelen online" not in page
    assert "Skills die deze route niet dekt" in page and "noodzakelijk" in page
    assert "exacte optimalisatie" in page
    assert "Bewaar deze route" in page


def test_a_vacancy_is_a_goal_too(client, world, signed_in):
    from loket.accounts.models import Organisation

    employer = Organisation.objects.create(name="Netbeheer NH", kind=Organisation.Kind.EMPLOYER)
    vacancy = Vacancy.objects.create(employer=employer, title="Monteur netwerken", occupation=world.electrician,
                                     municipality=world.amsterdam, sector="D", opened_on=in_days(-5))  # fmt: skip
    VacancySkill.objects.create(vacancy=vacancy, skill_id=world.essential[0], importance=Importance.ESSENTIAL)
    world.offering(world.course("Netwerktechniek", world.essential[:1]), 300)
    page = client.get(PLANNER, {"vacancy": vacancy.pk}).content.decode()
    assert "Uw route naar Monteur netwerken" in page and "Netwerktechniek" in page
    vacancy.closed_on = in_days(-1)
    vacancy.save()
    assert "niet meer open" in client.get(PLANNER, {"vacancy": vacancy.pk}).content.decode()


def test_saving_and_deleting_a_route(client, world, signed_in):
    offering = world.offering(world.course("Basis elektra", world.essential[:1]), 300)
    response = client.post(reverse("catalog:route_save"), {"occupation": world.electrician.pk, "budget": "500", "modality": ["on_site"], "months": "6"})
    assert response.status_code == 302
    route = LearningRoute.objects.get(passport=signed_in)
    assert list(route.offerings.all()) == [offering] and route.budget_cents == 50_000
    page = client.get(PLANNER).content.decode()
    assert "Mijn bewaarde routes" in page and "Basis elektra" in page
    client.post(reverse("catalog:route_delete", args=[route.pk]))
    assert not LearningRoute.objects.exists()


def test_bad_input_saves_nothing_and_says_why_in_dutch(client, world, signed_in):
    world.offering(world.course("Basis elektra", world.essential[:1]), 300)
    page = client.get(PLANNER, {"occupation": world.electrician.pk, "budget": "-10"}).content.decode()
    assert "Het budget kan niet negatief zijn." in page and "Bewaar deze route" not in page
    assert "Dit beroep kennen we niet." in client.get(PLANNER, {"occupation": "999999"}).content.decode()
    for data in ({"occupation": world.electrician.pk, "budget": "-10"}, {"occupation": "999999"}, {}):
        response = client.post(reverse("catalog:route_save"), data, follow=True)
        assert "niet" in response.content.decode()
    assert not LearningRoute.objects.exists()


def test_a_person_cannot_delete_another_persons_route(client, world, signed_in):
    from loket.catalog import routes

    other = world.person(email="ander@example.nl")
    route = routes.save_route(other, routes.plan_route(other, occupation=world.electrician))
    response = client.post(reverse("catalog:route_delete", args=[route.pk]), follow=True)
    assert "bestaat niet" in response.content.decode()
    assert LearningRoute.objects.filter(pk=route.pk).exists()


def test_an_occupation_is_found_by_name(client, world, signed_in):
    page = client.get(PLANNER, {"q": "electrician"}).content.decode()
    assert f"?occupation={world.electrician.pk}" in page


def test_when_the_exact_solver_gives_up_the_page_says_the_route_is_approximate(client, world, signed_in, monkeypatch):
    from loket.catalog import routing

    monkeypatch.setattr(routing, "exact", lambda *args, **kwargs: None)  # as when HiGHS hits its time limit
    world.offering(world.course("Basis elektra", world.essential[:1]), 300)
    page = client.get(PLANNER, {"occupation": world.electrician.pk}).content.decode()
    assert "Benaderd (greedy)" in page and "H(1)" in page and "Basis elektra" in page
    page = client.get(PLANNER, {"occupation": world.electrician.pk, "budget": "100"}).content.decode()
    assert "binnen uw budget" in page and "32%" in page


def test_a_start_period_of_zero_months_is_refused_not_turned_into_six(client, world, signed_in):
    world.offering(world.course("Basis elektra", world.essential[:1]), 300)
    response = client.get(PLANNER, {"occupation": world.electrician.pk, "months": "0"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kies een start binnen 1 tot 36 maanden." in page and "Basis elektra" not in page
    response = client.post(reverse("catalog:route_save"), {"occupation": world.electrician.pk, "months": "0"}, follow=True)
    assert "niet bewaard" in response.content.decode() and not LearningRoute.objects.exists()
    empty = client.get(PLANNER, {"occupation": world.electrician.pk, "months": ""})  # an empty field is the default
    assert empty.status_code == 200 and "Basis elektra" in empty.content.decode()


def test_invalid_wishes_and_unknown_goals_answer_400(client, world, signed_in):
    assert client.get(PLANNER, {"occupation": world.electrician.pk, "budget": "-10"}).status_code == 400
    assert client.get(PLANNER, {"occupation": "999999"}).status_code == 400
    assert client.get(PLANNER).status_code == 200


def test_the_saved_routes_list_shows_what_was_saved_and_what_changed_since(client, world, signed_in):
    offering = world.offering(world.course("Basis elektra", world.essential[:1]), 300)
    client.post(reverse("catalog:route_save"), {"occupation": world.electrician.pk, "months": "6"})
    offering.price_cents = 35_000
    offering.save()
    page = client.get(PLANNER).content.decode()
    assert "Basis elektra" in page and "€ 300,00" in page and "prijs nu € 350,00" in page and "nu € 350,00" in page
    offering.cancelled = True
    offering.save()
    page = client.get(PLANNER).content.decode()
    assert "geannuleerd" in page and "nu € 0,00" in page
    offering.delete()
    page = client.get(PLANNER).content.decode()
    assert "Basis elektra" in page and "niet meer in het aanbod" in page


def test_the_planner_points_to_the_persons_vacancies_by_their_menu_name(client, world, signed_in):
    page = client.get(PLANNER).content.decode()
    assert f'href="{reverse("matching:person_matches")}">Vacatures voor mij</a>' in page
    assert f'href="{reverse("transitions:explorer")}"' in page


def test_a_person_reaches_the_planner_from_a_vacancy_and_from_its_match_detail(client, world, signed_in, make_user):
    from loket.accounts.models import Organisation
    from loket.accounts.roles import Role

    employer = Organisation.objects.create(name="Netbeheer NH", kind=Organisation.Kind.EMPLOYER)
    vacancy = Vacancy.objects.create(employer=employer, title="Monteur netwerken", occupation=world.electrician,
                                     municipality=world.amsterdam, sector="D", opened_on=in_days(-5))  # fmt: skip
    link = f'href="{PLANNER}?vacancy={vacancy.pk}"'
    for page in (reverse("matching:match_detail", args=[vacancy.pk]), reverse("vacancies:detail", args=[vacancy.pk])):
        html = client.get(page).content.decode()
        assert link in html and "Plan een leerroute" in html, page
    client.logout()
    assert link not in client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()  # no passport to plan from
    client.force_login(make_user(role=Role.EMPLOYER, email="werkgever@example.nl"))
    assert link not in client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()

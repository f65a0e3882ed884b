"""A person plans a learning route to an occupation, sees the offerings and what stays uncovered, saves it;
anybody reads the shortages. Every page free of serious axe violations."""

import pytest

from loket.catalog.models import LearningRoute, Modality

from ..catalog.route_world import RouteWorld
from .conftest import no_serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def world(live_taxonomy, django_user_model):
    def make_user(role=None, email=None, **extra):
        user = django_user_model.objects.create_user(email=email, full_name=extra.pop("full_name", "Sanne de Vries"), password=PASSWORD)
        user.grant_role(role)
        return user

    world = RouteWorld(make_user)
    world.passport = world.person(email="sanne@example.nl", skills=world.essential[2:])
    world.first = world.offering(world.course("Elektrotechniek basis", world.essential[:1], hours=80), 450, location="Campus West")
    world.second = world.offering(world.course("Meten aan installaties", world.essential[1:2], hours=40), 300, modality=Modality.ONLINE)
    return world


def test_plan_and_save_a_route(page, world):
    page.goto(f"{page.base}/account/inloggen/?next=/opleidingen/route/")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Leerroute plannen").wait_for()
    no_serious_violations(page)

    page.get_by_label("Zoek een beroep").fill("electrician")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.locator("#beroep-resultaten a").first.click()
    page.get_by_label("Budget in euro").fill("1000")
    page.get_by_role("button", name="Route berekenen").click()
    table = page.locator("#route-opleidingen")
    table.wait_for()
    assert "Elektrotechniek basis" in table.inner_text() and "Meten aan installaties" in table.inner_text()
    assert "750,00" in page.locator("#route-totalen").inner_text()
    uncovered = page.locator("#niet-gedekte-skills")
    assert uncovered.count() == 0 or "noodzakelijk" not in uncovered.inner_text()  # both essential gaps are taught
    assert "exacte optimalisatie" in page.locator("#route-methode").inner_text()
    no_serious_violations(page)

    page.get_by_role("button", name="Bewaar deze route").click()
    page.get_by_text("is bewaard").wait_for()
    saved = page.get_by_role("region", name="Mijn bewaarde routes")
    assert "Elektrotechniek basis" in saved.inner_text()
    no_serious_violations(page)
    assert LearningRoute.objects.filter(passport=world.passport, budget_cents=100_000).count() == 1

    # Later the provider raises a price and cancels the other offering: the saved route still says what was chosen.
    world.first.price_cents = 50_000
    world.first.save()
    world.second.cancelled = True
    world.second.save()
    page.reload()
    saved = page.get_by_role("region", name="Mijn bewaarde routes")
    assert "prijs nu € 500,00" in saved.inner_text() and "geannuleerd" in saved.inner_text()
    assert "Meten aan installaties" in saved.inner_text() and "nu € 500,00" in saved.inner_text()
    no_serious_violations(page)


def test_a_person_plans_from_a_vacancy_page(page, world):
    from loket.accounts.models import Organisation
    from loket.vacancies.models import Importance, Vacancy, VacancySkill

    from ..catalog.route_world import in_days

    employer = Organisation.objects.create(name="Netbeheer NH", kind=Organisation.Kind.EMPLOYER)
    vacancy = Vacancy.objects.create(employer=employer, title="Monteur netwerken", occupation=world.electrician,
                                     municipality=world.amsterdam, sector="D", opened_on=in_days(-5))  # fmt: skip
    VacancySkill.objects.create(vacancy=vacancy, skill_id=world.essential[0], importance=Importance.ESSENTIAL)
    page.goto(f"{page.base}/account/inloggen/?next=/vacatures/{vacancy.pk}/")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Monteur netwerken").wait_for()
    no_serious_violations(page)
    page.get_by_role("link", name="Plan een leerroute").click()
    page.locator("#route-opleidingen").wait_for()
    assert "Elektrotechniek basis" in page.locator("#route-opleidingen").inner_text()
    no_serious_violations(page)


def test_a_too_small_budget_leaves_essential_skills_uncovered(page, world):
    page.goto(f"{page.base}/account/inloggen/?next=/opleidingen/route/%3Foccupation%3D{world.electrician.pk}%26budget%3D350")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    uncovered = page.locator("#niet-gedekte-skills")
    uncovered.wait_for()
    assert "noodzakelijk" in uncovered.inner_text()
    assert "Meten aan installaties" in page.locator("#route-opleidingen").inner_text()
    no_serious_violations(page)


def test_the_shortages_are_public(page, world):
    page.goto(f"{page.base}/opleidingen/tekorten/")
    page.get_by_role("heading", name="Tekorten in het opleidingsaanbod").wait_for()
    no_serious_violations(page)

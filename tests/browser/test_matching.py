"""Matching in a real browser: a person's matches, an employer's candidates and contact, a coach's trajectory."""

import datetime

import pytest

from loket.accounts.models import Membership, Organisation
from loket.geography.models import Municipality
from loket.passport.models import Consent, Passport, PassportSkill
from loket.taxonomy.models import Concept, OccupationSkill
from loket.vacancies.models import Vacancy, VacancySkill

from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


def log_out(page):
    page.context.clear_cookies()


@pytest.fixture
def scene(live_taxonomy, make_user):
    mechanic = Concept.objects.get(labels__text="aircraft maintenance technician", labels__language="en", labels__kind="preferred")
    skills = list(OccupationSkill.objects.filter(occupation=mechanic, relation="essential").values_list("skill_id", flat=True))
    employer = Organisation.objects.create(name="Schiphol Techniek BV", kind=Organisation.Kind.EMPLOYER)
    recruiter = make_user(role="employer", email="recruiter@example.nl", full_name="Rik Recruiter")
    Membership.objects.create(user=recruiter, organisation=employer)
    municipality = Municipality.objects.get(code="GM0394")
    vacancy = Vacancy.objects.create(
        employer=employer, title="Monteur vliegtuigonderhoud", occupation=mechanic, municipality=municipality, sector="H",
        opened_on=datetime.date(2026, 1, 1),
    )
    VacancySkill.objects.bulk_create([VacancySkill(vacancy=vacancy, skill_id=s) for s in skills])
    person = make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    passport = Passport.objects.create(user=person, home_municipality=municipality, findable=True)
    PassportSkill.objects.bulk_create([PassportSkill(passport=passport, skill_id=s) for s in skills[:-2]])
    return {"vacancy": vacancy, "passport": passport, "employer": employer}


def test_person_employer_and_coach_flows(page, scene, make_user):
    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/matching/")
    assert page.locator("h3", has_text="Monteur vliegtuigonderhoud").is_visible()
    assert page.locator(".loket-coverage__text").first.inner_text().startswith(str(len(scene["vacancy"].skills.all()) - 2))
    assert serious_violations(page) == []
    page.click("text=Monteur vliegtuigonderhoud")
    assert page.locator("h4", has_text="Ontbreekt").is_visible()
    assert serious_violations(page) == []

    log_out(page)
    log_in(page, "recruiter@example.nl")
    page.goto(page.base + f"/matching/vacature/{scene['vacancy'].pk}/kandidaten/")
    heading = page.locator("main h2").first.inner_text()
    assert heading.startswith("Kandidaat ") and "Sanne" not in page.content()
    assert serious_violations(page) == []
    page.fill("textarea[name=bericht]", "Wij zoeken een monteur, komt u kennismaken?")
    page.click("text=Contact aanvragen")
    assert page.locator(".utrecht-alert").first.is_visible()

    log_out(page)
    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/matching/")
    assert page.locator("text=komt u kennismaken?").is_visible()
    page.click("text=Accepteren en mijn paspoort tonen")
    assert page.locator(".utrecht-alert", has_text="Schiphol Techniek BV").is_visible()

    log_out(page)
    log_in(page, "recruiter@example.nl")
    page.goto(page.base + f"/matching/vacature/{scene['vacancy'].pk}/kandidaten/")
    assert page.locator("main h2", has_text="Sanne de Vries").is_visible()

    servicepunt = Organisation.objects.create(name="ServicePunt Techniek", kind=Organisation.Kind.GOVERNMENT)
    coach = make_user(role="coach", email="coach@example.nl")
    Membership.objects.create(user=coach, organisation=servicepunt)
    Consent.objects.create(passport=scene["passport"], organisation=servicepunt, purpose="coaching", sections=["skills", "work_history", "contact"])
    log_out(page)
    log_in(page, "coach@example.nl")
    page.goto(page.base + "/matching/coach/")
    page.click("text=Sanne de Vries")
    page.select_option("select[name=status]", "orientation")
    page.fill("input[name=next_step]", "Kennismaken bij Schiphol Techniek")
    page.click("text=Traject opslaan")
    assert page.locator(".utrecht-alert", has_text="Traject bijgewerkt").is_visible()
    assert serious_violations(page) == []

import pytest

from loket.accounts.roles import Role

from .conftest import serious_violations

pytestmark = pytest.mark.browser


def test_start_page_is_dutch_accessible_and_fits_a_phone(page, live_taxonomy):
    page.goto(page.base + "/")
    assert page.locator("h1").inner_text() == "Eén loket voor werken en leren in Noord-Holland"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []


def test_search_as_you_type_then_open_an_occupation(page, live_taxonomy):
    page.goto(page.base + "/taxonomie/")
    page.get_by_label("Zoekterm").press_sequentially("elektrcien", delay=30)
    result = page.locator("#resultaten a", has_text="monteur elektrische installaties")
    result.first.wait_for()
    assert "elektrcien" in page.url  # the address follows the search, so it can be shared
    assert serious_violations(page) == []
    result.first.click()
    page.get_by_role("heading", name="Essentiële vaardigheden").wait_for()
    assert page.locator("nav[aria-label='Plaats in de hiërarchie'] li").count() >= 3
    assert serious_violations(page) == []
    page.locator("#essentieel ~ ul a").first.click()
    page.get_by_role("heading", name="Verwante vaardigheden").wait_for()
    assert serious_violations(page) == []


def test_recognise_skills_in_a_pasted_vacancy(page, live_taxonomy):
    page.goto(page.base + "/taxonomie/herkennen/")
    page.get_by_label("Tekst").fill("Voor onze klanten in Alkmaar installeer je warmtepompen en pers je koelcircuits af.")
    page.get_by_role("button", name="Herken vaardigheden").click()
    page.locator("mark").first.wait_for()
    assert page.locator("table tbody tr").count() >= 1
    assert serious_violations(page) == []


def test_switching_to_english_and_back(page, live_taxonomy):
    page.goto(page.base + "/taxonomie/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Occupations and skills").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert serious_violations(page) == []
    page.get_by_role("button", name="Nederlands").click()
    page.get_by_role("heading", name="Beroepen en vaardigheden").wait_for()


def test_register_shows_errors_then_signs_in(page, live_taxonomy):
    page.goto(page.base + "/account/registreren/?rol=employer")
    page.get_by_label("Naam", exact=True).fill("Martijn Bakker")
    page.get_by_label("E-mailadres").fill("martijn@werf.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("een-lang-wachtwoord-42")
    page.get_by_label("Herhaal het wachtwoord").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_text("Vul de naam van uw organisatie in.").wait_for()
    assert serious_violations(page) == []
    page.get_by_label("Naam van uw organisatie").fill("Scheepswerf Den Helder")
    page.get_by_label("Wachtwoord", exact=True).fill("een-lang-wachtwoord-42")
    page.get_by_label("Herhaal het wachtwoord").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_role("heading", name="Mijn account").wait_for()
    assert "Scheepswerf Den Helder" in page.content()
    assert serious_violations(page) == []


def test_log_in_page_and_a_wrong_password(page, live_taxonomy, django_user_model):
    user = django_user_model.objects.create_user(email="coach@example.nl", full_name="Peter", password="een-lang-wachtwoord-42")
    user.grant_role(Role.COACH)
    page.goto(page.base + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("coach@example.nl")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Het e-mailadres of het wachtwoord klopt niet").wait_for()
    assert serious_violations(page) == []
    page.get_by_label("Wachtwoord").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Welkom terug, Peter").wait_for()
    assert serious_violations(page) == []


def test_the_accessibility_check_catches_a_real_violation(page, live_taxonomy):
    page.goto(page.base + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<button></button><input type=text>')")
    found = {violation_id for violation_id, _impact, _nodes in serious_violations(page)}
    assert {"button-name", "label"} <= found

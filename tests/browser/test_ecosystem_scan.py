"""The Actiescan and the good-practice library in a real browser, on a phone."""

import datetime
import importlib

import pytest

from loket.ecosystem import actiescan
from loket.ecosystem.models import ActionScan, Classification, GoodPractice, Initiative, Source
from loket.ecosystem.vocabulary import InitiativeKind

from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser

FITS_THE_PHONE = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def community(transactional_db, make_user):
    initiative = Initiative.objects.create(
        slug="lc-energie-ijmond", name="Learning community Energie IJmond", kind=InitiativeKind.LEARNING_COMMUNITY,
        description_nl="Samen leren voor de energietransitie.",
    )  # fmt: skip
    initiative.editors.add(make_user(email="redacteur@example.nl"))
    earlier = {s.code: 2 for d in actiescan.questionnaire() for s in d.statements}
    ActionScan.objects.create(initiative=initiative, taken_on=datetime.date(2026, 3, 16), version=actiescan.VERSION, answers=earlier,
                              scores=actiescan.score(earlier))  # fmt: skip
    return initiative


def test_an_editor_fills_in_the_scan_and_sees_chart_table_and_advice(page, community):
    log_in(page, "redacteur@example.nl")
    page.goto(page.base + "/ecosysteem/initiatieven/lc-energie-ijmond/actiescan/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Nieuwe actiescan invullen").click()
    page.get_by_role("heading", name="Actiescan invullen").wait_for()
    assert page.evaluate(FITS_THE_PHONE)
    assert serious_violations(page) == []

    # Half filled in: the missing statements are named and nothing is saved.
    page.get_by_role("group", name="A1. De partners hebben een gezamenlijke ambitie").get_by_label("4 grotendeels").check()
    page.get_by_role("button", name="Scan opslaan en uitkomst bekijken").click()
    page.get_by_text("Er is niets opgeslagen").wait_for()
    assert "deze zijn nog open: A2, A3" in page.get_by_role("alert").inner_text()
    assert page.locator("#id_A1_3").is_checked()
    assert ActionScan.objects.count() == 1
    assert serious_violations(page) == []

    weak = {"F1", "F2", "F3", "F4", "F5", "I2"}
    for dimension in actiescan.questionnaire():
        for statement in dimension.statements:
            page.locator(f"#id_{statement.code}_{0 if statement.code in weak else 3}").check()
    page.get_by_role("button", name="Scan opslaan en uitkomst bekijken").click()
    page.get_by_text("De actiescan is opgeslagen").wait_for()
    assert ActionScan.objects.count() == 2

    chart = page.locator("svg[role=img]")
    assert chart.is_visible() and chart.locator("polygon.radar-latest").count() == 1 and chart.locator("polygon.radar-previous").count() == 1
    table = page.locator("#scores")
    assert "Financiering" in table.inner_text() and "75" in table.inner_text() and "+50" in table.inner_text()
    page.get_by_role("heading", name="Financiering: 0 van 100").wait_for()
    advice = page.locator("section", has=page.get_by_role("heading", name="Financiering: 0 van 100")).inner_text()
    assert "Maak nu een plan voor na de subsidie" in advice
    assert page.get_by_role("heading", name="Gedeelde ambitie: 75 van 100").count() == 0
    history = page.locator("#history tbody tr")
    assert history.count() == 2 and "16 maart 2026" in history.nth(1).inner_text()
    assert page.evaluate(FITS_THE_PHONE)
    assert serious_violations(page) == []


def test_anyone_filters_the_good_practices_by_theme(page, community):
    importlib.import_module("loket.ecosystem.migrations.0004_good_practices").load_good_practices(GoodPractice, Source, Classification)
    page.goto(page.base + "/ecosysteem/goede-voorbeelden/")
    assert "PPS-analyse Noord-Holland" in page.content()
    assert serious_violations(page) == []
    page.get_by_label("Thema").select_option(label="Instroom, doorstroom & techniekpromotie")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("heading", name="1 goed voorbeeld").wait_for()
    page.get_by_role("link", name="Technetkringen: bedrijven rond scholen").wait_for()
    assert "PPS-analyse Noord-Holland" not in page.content()
    assert page.evaluate(FITS_THE_PHONE)
    assert serious_violations(page) == []
    page.get_by_role("link", name="Technetkringen: bedrijven rond scholen").click()
    page.get_by_role("heading", name="Wat niet werkt").wait_for()
    assert "Techniekpact Noordvleugel" in page.content()
    assert page.evaluate(FITS_THE_PHONE)
    assert serious_violations(page) == []

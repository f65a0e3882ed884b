"""The action agenda in a real browser on a phone: the agenda per theme, a coalition, an editor's update and milestone."""

import pytest

from tests.ecosystem.agenda_world import in_days, world  # noqa: F401

from .conftest import log_in, no_serious_violations

pytestmark = pytest.mark.browser


def test_agenda_to_a_coalition_where_an_editor_posts_an_update(page, world):
    page.goto(page.base + "/ecosysteem/agenda/")
    assert page.locator("h1").inner_text() == "Actieagenda van de coalities"
    totals = page.locator("tfoot tr")
    assert totals.locator("[data-status=late]").inner_text() == "1"
    assert totals.locator("[data-status=no_information]").inner_text() == "1"
    late_coalition = page.get_by_role("link", name="2. Intersectoraal werk-naar-werk")
    assert not late_coalition.first.is_visible()  # the themes open on request
    page.get_by_text("De 2 coalities bij Van werk naar werk tonen").click()
    assert late_coalition.first.is_visible()
    no_serious_violations(page)

    page.get_by_label("Status", exact=True).select_option("late")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**status=late**")
    assert page.get_by_role("link", name="2. Intersectoraal werk-naar-werk").first.is_visible()  # filtered: open
    assert page.get_by_role("link", name="1. ServicePunt Techniek NH").count() == 0

    page.goto(page.base + "/ecosysteem/agenda/servicepunt-techniek/")
    assert "Op schema" in page.locator("#status").inner_text()
    assert page.get_by_role("heading", name="Nieuw voortgangsbericht").count() == 0  # a visitor cannot write
    no_serious_violations(page)

    log_in(page, world["editor"].email)
    page.goto(page.base + "/ecosysteem/agenda/servicepunt-techniek/")
    page.get_by_label("Bericht", exact=True).fill("")
    page.get_by_role("button", name="Bericht plaatsen").click()
    assert page.get_by_text("Er is niets opgeslagen.").is_visible()  # an empty message is refused, in Dutch
    no_serious_violations(page)

    page.get_by_label("Datum", exact=True).fill(in_days(0).isoformat())
    page.get_by_label("Stand van zaken", exact=True).select_option("late")
    page.get_by_label("Bericht", exact=True).fill("De vouchers komen later dan gepland.")
    page.get_by_role("button", name="Bericht plaatsen").click()
    page.get_by_text("Het voortgangsbericht is geplaatst.").wait_for()
    assert "Achter op schema" in page.locator("#status").inner_text()
    assert page.get_by_text("De vouchers komen later dan gepland.").is_visible()
    assert page.get_by_text("Rob Redacteur").first.is_visible()
    no_serious_violations(page)

    page.get_by_role("button", name="“Start” is gehaald").click()
    page.get_by_text("Mijlpaal “Start” staat als gehaald.").wait_for()
    assert "Klaar" in page.locator("#status").inner_text()  # every milestone reached
    no_serious_violations(page)

    page.get_by_role("link", name="Mijlpaal toevoegen").click()
    no_serious_violations(page)
    page.get_by_label("Mijlpaal", exact=True).fill("Evaluatie")
    page.get_by_label("Uiterlijk op", exact=True).fill(in_days(200).isoformat())
    page.get_by_role("button", name="Mijlpaal opslaan").click()
    page.get_by_text("Mijlpaal “Evaluatie” is opgeslagen.").wait_for()
    assert "Achter op schema" in page.locator("#status").inner_text()  # open again, and the last update said late


def test_the_overview_for_the_commission(page, world):
    page.goto(page.base + "/ecosysteem/agenda/overzicht/?voor=commissie&periode=2021-2")
    assert page.locator("h1").inner_text() == "Voortgang van de actieagenda, mei–augustus 2021"
    assert page.get_by_role("link", name="Downloaden voor Excel (CSV)").is_visible()
    no_serious_violations(page)

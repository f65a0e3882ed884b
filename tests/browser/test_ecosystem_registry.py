"""The ecosystem's registry in a real browser: a visitor searches and filters the list (htmx, the filters kept in
the address), opens an initiative, and one of its editors changes it."""

import pytest

from loket.ecosystem.models import Initiative

from ..ecosystem.registry_world import build_world
from .conftest import log_in, no_serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db, make_user):
    world = build_world()
    world.tech_connect.editors.add(make_user(email="redacteur@example.nl", full_name="Rosa Redacteur"))
    return world


def test_a_visitor_finds_an_initiative_and_an_editor_changes_it(page, live_world):
    page.goto(page.base + "/ecosysteem/")
    results = page.locator("#resultaten-kop")
    assert results.inner_text() == "3 initiatieven"
    no_serious_violations(page)

    page.get_by_label("Zoekwoorden").press_sequentially("tech", delay=30)
    page.wait_for_function("document.querySelector('#resultaten-kop').innerText === '2 initiatieven'")  # htmx, while typing
    page.get_by_label("Arbeidsmarktregio").select_option("AM18")
    page.wait_for_function("document.querySelector('#resultaten-kop').innerText === '1 initiatief'")
    assert "q=tech" in page.url and "region=AM18" in page.url  # the address keeps the filters
    assert page.locator("#resultaten li").count() == 1
    no_serious_violations(page)

    # a value the list does not know is explained, and the rest still filters
    page.goto(page.base + "/ecosysteem/?q=tech&sdg=99")
    page.get_by_text("Onbekend duurzaam ontwikkelingsdoel (SDG): “99”.").wait_for()
    assert results.inner_text() == "2 initiatieven"
    no_serious_violations(page)

    page.goto(page.base + "/ecosysteem/?q=tech&region=AM18")
    page.get_by_role("link", name="Tech@Connect").click()
    page.wait_for_url("**/initiatieven/tech-connect/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tech@Connect"
    assert page.get_by_role("link", name="ROC Kop van Noord-Holland").count() == 2  # aanjager in the facts and in the partners
    assert page.get_by_role("link", name="Bewerken").count() == 0
    no_serious_violations(page)

    log_in(page, "redacteur@example.nl")
    page.goto(page.base + "/ecosysteem/initiatieven/tech-connect/")
    page.get_by_role("link", name="Bewerken").click()
    page.wait_for_url("**/bewerken/")
    no_serious_violations(page)
    page.get_by_label("Naam", exact=True).fill("")
    page.get_by_role("button", name="Initiatief opslaan").click()
    page.get_by_text("Er is niets opgeslagen.").wait_for()
    assert Initiative.objects.get(slug="tech-connect").name == "Tech@Connect"
    no_serious_violations(page)

    page.get_by_label("Naam", exact=True).fill("Tech@Connect Amsterdam")
    page.get_by_label("Levensfase").select_option("durable")
    page.get_by_label("Inclusiviteit").check()
    page.locator("#id_partners-2-organisation").select_option(label="Tata Steel Nederland")
    page.get_by_role("button", name="Initiatief opslaan").click()
    page.get_by_text("“Tech@Connect Amsterdam” is opgeslagen.").wait_for()
    saved = Initiative.objects.get(slug="tech-connect")
    assert saved.lifecycle == "durable" and saved.codes("theme") == ["inclusion", "inflow"]
    assert sorted(saved.partner_roles.values_list("organisation__slug", flat=True)) == ["oom", "roc-kop", "tata-steel"]
    assert page.get_by_text("Duurzaam verankerd").first.is_visible()
    no_serious_violations(page)

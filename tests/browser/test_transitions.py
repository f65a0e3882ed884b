"""A visitor finds where aircraft maintenance work can lead: explorer → destinations → one transition with its chart."""

import pytest

from .conftest import no_serious_violations

pytestmark = pytest.mark.browser


def occupation_id(label):
    from loket.taxonomy.models import Concept

    return Concept.objects.get(kind="occupation", labels__language="en", labels__kind="preferred", labels__text=label).pk


def test_explorer_to_a_transition_with_its_chart_and_table(page, live_taxonomy):
    aircraft, wind = occupation_id("aircraft maintenance technician"), occupation_id("onshore wind farm technician")
    page.goto(page.base + "/overstappen/")
    no_serious_violations(page)
    page.locator("#q").fill("aircraft maintenance")
    result = page.locator(f"#beroep-resultaten a[href='?beroep={aircraft}']")
    result.wait_for()  # the search-as-you-type list (HTMX)
    result.click()

    destinations = page.locator("table.utrecht-table tbody tr")
    destinations.first.wait_for()
    assert destinations.count() == 14
    page.locator("#klimaat").check()
    page.locator("form button[type=submit].utrecht-button--primary-action").click()
    page.wait_for_url("**klimaat=1**")
    climate_rows = page.locator("table.utrecht-table tbody tr")
    assert 0 < climate_rows.count() < 14
    no_serious_violations(page)

    climate_rows.locator(f"a[href='/overstappen/{aircraft}/naar/{wind}/?klimaat=1']").click()
    page.locator("#overstap-grafiek svg").first.wait_for()  # Vega-Lite drew the chart from the served files
    assert page.locator("#overstap-grafiek svg .mark-rect path").count() > 0
    assert page.locator("h1").inner_text().strip()
    assert page.locator("table.utrecht-table th[scope=row]").count() == 5
    assert page.locator("a[href*='occupation=']").count() == 0  # a visitor has no passport to plan a route from
    assert page.get_by_role("heading", name="Skills die u al heeft").count() == 0
    no_serious_violations(page)

    page.get_by_role("link", name="Terug naar de bestemmingen").click()
    page.wait_for_url("**klimaat=1**")
    assert page.locator("#klimaat").is_checked()  # back to the same filtered list
    assert page.locator("table.utrecht-table tbody tr").count() == climate_rows.count()


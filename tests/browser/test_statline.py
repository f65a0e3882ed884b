"""A visitor reads the open statistics: the list of CBS tables, one table, filtered; accessible on a phone."""

import pytest

from .conftest import no_serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def imported(transactional_db):
    from loket.monitor import statistics_services, statline

    from ..monitor.statline_world import ODATA3, ODATA4_CSV

    statistics_services.save_table(statline.read_file(ODATA3, "99901NED", statline.Selection()))
    statistics_services.save_table(statline.read_file(ODATA4_CSV, "99902NED", statline.Selection()))


def test_from_the_list_to_one_table_filtered(page, imported):
    page.goto(page.base + "/dashboard/statistieken/")
    assert page.locator("h1").inner_text() == "Open statistieken"
    no_serious_violations(page)

    page.get_by_role("link", name="Arbeidsdeelname; regionale indeling (testtabel)").click()
    page.wait_for_url("**/dashboard/statistieken/99901NED/")
    assert page.locator("#waarnemingen tbody tr").count() == 36
    no_serious_violations(page)

    page.get_by_label("Onderwerp").select_option("Werkloosheidspercentage_3")
    page.get_by_label("Regio").select_option("AM18")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**regio=AM18**")
    rows = page.locator("#waarnemingen tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).inner_text().split("\t")[-3:] == ["2024*", "4,5", "%"]
    assert page.get_by_text("Bron: Centraal Bureau voor de Statistiek (CBS), StatLine, tabel 99901NED.").is_visible()
    no_serious_violations(page)

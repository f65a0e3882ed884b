"""The ecosystem map in a real browser with every request off the loket blocked: it still draws, a region opens
its panel, a theme filter leaves fewer markers, and the region list does the same for a keyboard."""

import pytest

from loket.ecosystem.models import Initiative
from tests.ecosystem.test_map_api import make_ecosystem

from .conftest import no_serious_violations, offline

pytestmark = pytest.mark.browser

INITIATIVE_MARKERS = "#kaart path.loket-map-marker--initiative"
ORGANISATION_MARKERS = "#kaart path.loket-map-marker--organisation"


def point_inside(page, selector):
    """Page coordinates of a point where a click lands on the SVG path itself (not on a marker or beside it)."""
    page.locator(selector).scroll_into_view_if_needed()
    point = page.evaluate(
        """(selector) => {
            const path = document.querySelector(selector);
            const box = path.getBoundingClientRect();
            for (let step = 8; step >= 1; step /= 2) {
                for (let y = box.top + 2; y < box.bottom; y += step) {
                    for (let x = box.left + 2; x < box.right; x += step) {
                        if (document.elementFromPoint(x, y) === path) return [x, y];
                    }
                }
            }
            return null;
        }""",
        selector,
    )
    assert point, f"no visible point of {selector}"
    return point


def test_the_map_works_offline(page):
    make_ecosystem()
    blocked = offline(page)
    page.goto(page.base + "/ecosysteem/kaart/")

    # Leaflet, from the loket's own static files, drew the regions as SVG paths and the initiatives as markers.
    page.locator("#kaart .leaflet-overlay-pane svg path.loket-map-region--AM18").wait_for()
    assert page.locator("#kaart .leaflet-overlay-pane svg path.loket-map-region").count() == 5
    assert page.locator("#kaart .leaflet-overlay-pane svg path.loket-map-municipality").count() == 44
    assert page.locator(INITIATIVE_MARKERS).count() == 5  # the sixth works province-wide, listed beside the map
    assert page.locator("#kaart .leaflet-tile").count() == 0
    assert "Heel Noord Holland" in page.locator("#provinciebreed").inner_text()
    no_serious_violations(page)

    # A click on a region opens its panel, with its figures and initiatives.
    x, y = point_inside(page, "#kaart path.loket-map-region--AM18")
    page.mouse.click(x, y)
    panel = page.locator("#regio-paneel")
    panel.get_by_role("heading", name="Groot Amsterdam").wait_for()
    assert panel.locator("table th[scope=row]", has_text="Open vacatures").count() == 1
    assert "Fieldlab Amsterdam" in panel.inner_text()
    no_serious_violations(page)

    # A marker tells what it is.
    page.locator(INITIATIVE_MARKERS).first.click(force=True)
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Sluiten"

    # Organisations are a switch on the map, no reload needed.
    assert page.locator(ORGANISATION_MARKERS).count() == 0
    page.get_by_label("Toon ook organisaties").check()
    assert page.locator(ORGANISATION_MARKERS).count() == 2

    # Filter by theme: fewer markers, and the table below says the same.
    page.get_by_label("Thema").select_option("innovation")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**theme=innovation**")
    page.locator("#kaart path.loket-map-region--AM18").wait_for()
    assert page.locator(INITIATIVE_MARKERS).count() == 2
    assert page.locator("#initiatieventabel tbody tr").count() == 3  # with the province-wide one
    assert page.locator(ORGANISATION_MARKERS).count() == 1  # the school in the campus on innovation
    no_serious_violations(page)

    assert blocked == []


def test_a_keyboard_gets_the_same_from_the_region_list(page):
    make_ecosystem()
    offline(page)
    page.goto(page.base + "/ecosysteem/kaart/")
    page.locator("#kaart path.loket-map-region").first.wait_for()
    link = page.locator("#regiolijst").get_by_role("link", name="Zaanstreek/Waterland")
    link.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#regio-paneel")
    panel.get_by_role("heading", name="Zaanstreek/Waterland").wait_for()
    assert "Lc Zaanstad" in panel.inner_text()
    assert page.url.endswith("/ecosysteem/kaart/")  # the panel was loaded in place
    assert page.locator("#kaart path.loket-map-region--AM17").get_attribute("stroke-width") == "4"  # and marked on the map
    no_serious_violations(page)

    # On the map itself, Tab reaches the regions and Enter opens one, as a click does.
    page.locator("#kaart").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.getAttribute('role'), document.activeElement.getAttribute('aria-label')]")
    assert focused == ["button", "Gooi en Vechtstreek: initiatieven en cijfers tonen"]
    page.keyboard.press("Enter")
    panel.get_by_role("heading", name="Gooi en Vechtstreek").wait_for()
    assert "Coalitie Gooi" in panel.inner_text()
    # A marker opens its popup from the keyboard too.
    page.locator("#kaart path.loket-map-marker--initiative").first.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()


def test_a_region_page_on_its_own(page):
    make_ecosystem()
    offline(page)
    page.goto(page.base + "/ecosysteem/kaart/regio/AM15/")
    assert page.get_by_role("heading", level=1).inner_text() == "Het ecosysteem in Noord-Holland Noord"
    assert "Tech Campus Alkmaar" in page.locator("main").inner_text()
    no_serious_violations(page)


def test_real_boundaries_are_drawn_offline_with_their_attribution(page):
    from django.core.management import call_command

    from tests.conftest import SHARED_DIR

    files = [SHARED_DIR / "geo" / "gemeente_2025.geojson", SHARED_DIR / "geo" / "arbeidsmarktregio_2025.geojson"]
    if not all(path.exists() for path in files):
        pytest.skip(f"the CBS boundaries of 2025 are not in {SHARED_DIR / 'geo'}")
    call_command("import_boundaries", *map(str, files), verbosity=0)
    make_ecosystem()
    blocked = offline(page)
    page.goto(page.base + "/ecosysteem/kaart/")
    page.locator("#kaart path.loket-map-region--AM15").wait_for()
    assert page.locator("#kaart path.loket-map-region").count() == 5
    assert page.locator("#kaart path.loket-map-municipality").count() == 44
    assert "CBS" in page.locator("#kaart .leaflet-control-attribution").inner_text()
    assert page.get_by_text("Dit is een schematische kaart").count() == 0
    x, y = point_inside(page, "#kaart path.loket-map-region--AM15")
    page.mouse.click(x, y)
    page.locator("#regio-paneel").get_by_role("heading", name="Noord-Holland Noord").wait_for()
    no_serious_violations(page)
    assert blocked == []


def test_without_javascript_the_form_filters_the_table(browser, live_server):
    make_ecosystem()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/ecosysteem/kaart/")
    notice = page.locator("#kaart p")  # inside <noscript>, which Playwright's text search skips
    assert notice.is_visible() and notice.inner_text().startswith("De kaart heeft JavaScript nodig.")
    assert page.locator("#kaart").bounding_box()["height"] < 200  # no empty map-sized box
    assert page.locator("#initiatieventabel tbody tr").count() == 6
    page.get_by_label("Thema").select_option("innovation")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**theme=innovation**")
    assert page.locator("#initiatieventabel tbody tr").count() == 3
    page.locator("#regiolijst").get_by_role("link", name="Noord-Holland Noord").click()
    page.get_by_role("heading", level=1, name="Het ecosysteem in Noord-Holland Noord").wait_for()
    context.close()


def test_a_name_is_shown_as_text_in_the_tooltips_never_run(page):
    """Anyone signed in may register an initiative: its name in a marker's or a region's tooltip is text."""
    from loket.geography.models import Region

    made = make_ecosystem()
    payload = '<img src=x onerror="document.title=\'gehackt\'">Fieldlab'
    Initiative.objects.filter(pk=made["fieldlab-amsterdam"].pk).update(name=payload)
    Region.objects.filter(code="AM18").update(name='<img src=x onerror="document.title=\'gehackt\'">Groot Amsterdam')
    offline(page)
    page.goto(page.base + "/ecosysteem/kaart/?kind=fieldlab")
    page.locator(INITIATIVE_MARKERS).first.wait_for()
    for marker in page.locator(INITIATIVE_MARKERS).all():
        marker.hover(force=True)
        marker.focus()
    tooltip = page.locator(".leaflet-tooltip", has_text="Fieldlab")
    tooltip.wait_for()
    assert tooltip.inner_text() == payload
    x, y = point_inside(page, "#kaart path.loket-map-region--AM18")
    page.mouse.move(x, y)
    page.locator(".leaflet-tooltip", has_text="Groot Amsterdam").wait_for()
    assert page.locator(".leaflet-tooltip img").count() == 0
    assert page.title() != "gehackt"

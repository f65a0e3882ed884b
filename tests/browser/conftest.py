"""Pages in a real browser: Debian's chromium driven by Playwright (it never
downloads a browser of its own), with axe-core from npm for accessibility."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LOKET_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The machine has no internet: keep chromium from trying to reach it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# The password tests give their users (tests/conftest.py make_user's default).
PASSWORD = "een-lang-wachtwoord-42"


def log_in(page, email, password=PASSWORD):
    """Sign in through the login page as ``email``, after signing out whoever was signed in."""
    page.context.clear_cookies()
    page.goto(page.base + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Welkom terug").wait_for()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium).")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it with npm ci.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")  # a phone, an English browser
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def live_taxonomy(transactional_db):
    from loket.taxonomy.services.importer import import_release
    from loket.taxonomy.services.sample import SAMPLE_PATHS, SAMPLE_VERSION

    return import_release(SAMPLE_PATHS, version=SAMPLE_VERSION)


def serious_violations(page):
    """axe-core's WCAG 2.1 A/AA rules; returns the serious and critical ones."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def no_serious_violations(page):
    """axe-core finds nothing serious or critical, and the page fits the phone the ``page`` fixture is."""
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def offline(page):
    """Abort every request that does not go to the live server (the loket works without internet); returns the
    list of what was blocked."""
    blocked = []

    def route(route):
        if route.request.url.startswith(page.base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return blocked

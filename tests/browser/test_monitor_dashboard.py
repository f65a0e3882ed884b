"""The dashboard in a real browser without internet: overview → a theme → a KPI, charts drawn by the served vega files,
axe-core clean, fitting a 390 px phone; and an analyst's snapshot button with its progress."""

import pytest

from tests.monitor.dashboard_world import two_snapshots

from .conftest import log_in, offline, serious_violations

pytestmark = pytest.mark.browser


def looks_right(page):
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits the phone


def test_overview_to_a_theme_to_a_kpi_with_its_charts_offline(page, transactional_db):
    two_snapshots()
    blocked = offline(page)
    page.goto(page.base + "/dashboard/")
    assert page.locator("h1").inner_text().startswith("Dashboard")
    assert page.locator(".loket-theme-card").count() == 6
    assert page.get_by_role("button", name="Neem een momentopname").count() == 0  # a visitor
    looks_right(page)

    page.locator(".loket-theme-card h3 a", has_text="Van werk naar werk").click()
    page.wait_for_url("**/dashboard/work_to_work/")
    page.locator("#grafiek-tech_vacancies_open_long-reeks-line svg").wait_for()
    page.locator("#grafiek-tech_vacancies_open_long-region-map svg").wait_for()
    assert page.locator("#grafiek-tech_vacancies_open_long-region-map svg path").count() >= 5  # the regions, drawn
    assert page.locator("#grafiek-w2w_placements-region-bars svg .mark-rect path").count() == 2  # 9 persons: no bar
    assert page.locator("[data-failed]").count() == 0
    page.get_by_text("Tabel: Werk-naar-werkplaatsingen per arbeidsmarktregio").click()
    assert page.get_by_role("row", name="Groot Amsterdam < 10").is_visible()
    looks_right(page)

    page.get_by_role("link", name="Alle uitsplitsingen van Technische vacatures langer dan 3 maanden open").click()
    page.wait_for_url("**/dashboard/work_to_work/tech_vacancies_open_long/")
    for chart in ("reeks-line", "region-map", "region-bars", "municipality-map", "municipality-bars", "sector-bars"):
        page.locator(f"#grafiek-tech_vacancies_open_long-{chart} svg").wait_for()
    assert page.locator("[data-value]").inner_text() == "25"

    page.locator("#id_region").select_option("AM18")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**region=AM18**")
    page.locator("#grafiek-tech_vacancies_open_long-municipality-map svg").wait_for()
    assert page.locator("[data-value]").inner_text() == "18"
    looks_right(page)
    assert blocked == []


def test_an_analyst_takes_a_snapshot_and_sees_its_progress(page, transactional_db, make_user, monkeypatch):
    import threading

    from loket.accounts.roles import Role
    from loket.monitor import services
    from loket.monitor.models import Snapshot

    # Hold the snapshot's thread until the page has shown it running (on an empty database it takes under a second).
    go_on = threading.Event()
    compute = services._tasks.execute
    monkeypatch.setattr(services._tasks, "execute", lambda pk: (go_on.wait(60), compute(pk)))
    make_user(Role.ANALYST, email="analist@example.nl")
    offline(page)
    log_in(page, "analist@example.nl")
    page.goto(page.base + "/dashboard/")
    assert "Er is nog geen momentopname." in page.locator("#geen-momentopname").inner_text()
    page.get_by_label("Omschrijving").fill("Eerste meting")
    page.get_by_role("button", name="Neem een momentopname").click()
    page.get_by_text("De momentopname is gestart.").wait_for()
    assert page.locator("#momentopname-voortgang").is_visible()
    assert page.get_by_role("button", name="Neem een momentopname").is_disabled()
    looks_right(page)
    go_on.set()
    services.wait(Snapshot.objects.get().pk, timeout=120)
    page.get_by_text("De momentopname is klaar.").wait_for(timeout=15_000)  # htmx polled every 2 s and noticed
    page.goto(page.base + "/dashboard/")
    assert page.get_by_role("row", name="Eerste meting").is_visible()
    assert page.locator("#geen-momentopname").count() == 0

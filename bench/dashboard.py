"""How long the dashboard's pages take at provincial scale, read from snapshots, against computing the figures live.

Renders the overview, every theme page and every KPI page (and the theme API) with the Django test client, DEBUG
off, on a database filled by ``loket generate --persons 1500000 --vacancies 100000`` with at least one finished
snapshot (``loket snapshot``), and prints per page the median of 5 renders and the worst (after one warm-up).
Target: at most 1 s per page.

The alternative a user would pick is a dashboard that computes its figures when the page is asked for, not from a
snapshot. That is measured in the same run with the KPIs' own collectors (the formulas the snapshot stores): a
KPI page live costs at least its collector, a theme page at least all of its KPIs' collectors (the rendering on top
is left out, so the live figures are a lower bound).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench .venv/bin/python bench/dashboard.py
    ... --live-repeats 0      # pages only, no live comparison
Prints human figures, then a JSON line last.
"""

import argparse
import json
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--repeats", type=int, default=5, help="timed renders per page (after one warm-up)")
parser.add_argument("--live-repeats", type=int, default=1, help="runs of each KPI's collector for the live comparison; 0: skip")
parser.add_argument("--target", type=float, default=1.0, help="seconds a page may take")
args = parser.parse_args()

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-7d41e2")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from loket.ecosystem.vocabulary import Theme  # noqa: E402
from loket.monitor import services  # noqa: E402
from loket.monitor.kpis import KPIS, kpis_for_theme  # noqa: E402
from loket.monitor.models import Snapshot, SnapshotStatus  # noqa: E402


def timed(call, repeats):
    call()  # warm-up: imports, the first connection, template loading
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def page(client, url):
    def get():
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    return get


def main():
    latest = services.latest()
    if latest is None:
        print(
            "No finished snapshot in this database: take one first (loket snapshot), then run this again.\n"
            f"Database: {settings.DATABASES['default']['NAME']}",
            file=sys.stderr,
        )
        raise SystemExit(2)
    from loket.passport.models import Passport
    from loket.vacancies.models import Vacancy

    scale = {"persons": Passport.objects.count(), "vacancies": Vacancy.objects.count()}
    snapshots = Snapshot.objects.filter(status=SnapshotStatus.DONE)
    print(f"Database {connection.vendor} {settings.DATABASES['default']['NAME']}: {scale['persons']:,} passports, {scale['vacancies']:,} vacancies")
    print(f"{snapshots.count()} finished snapshot(s); latest {timezone.localtime(latest.taken_at):%Y-%m-%d %H:%M}, DEBUG={settings.DEBUG}")

    setup_test_environment()  # lets the test client's host in; nothing else of a test run
    client = Client()
    urls = [("overview", "/dashboard/")]
    for theme in Theme:
        urls.append((f"theme {theme.value}", f"/dashboard/{theme.value}/"))
        urls.append((f"api {theme.value}", f"/api/v1/monitor/dashboard/{theme.value}"))
        urls += [(f"kpi {kpi.code}", f"/dashboard/{theme.value}/{kpi.code}/") for kpi in kpis_for_theme(theme.value)]
    urls.append(("kpi csv region", "/dashboard/work_to_work/w2w_placements/tabel/region/?format=csv"))
    urls.append(("kpi xlsx municipality", "/dashboard/work_to_work/tech_vacancies_open_long/tabel/municipality/?format=xlsx"))
    urls.append(("theme work_to_work, region AM18", "/dashboard/work_to_work/?region=AM18"))

    # The manifest storage needs `collectstatic` first; the plain one writes the same URLs minus the hash, at no cost.
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        pages = {}
        for name, url in urls:
            median, worst = timed(page(client, url), args.repeats)
            pages[name] = {"url": url, "median_s": round(median, 4), "worst_s": round(worst, 4)}
            flag = "" if worst <= args.target else "   > target"
            print(f"  {name:<45} median {median * 1000:7.0f} ms   worst {worst * 1000:7.0f} ms{flag}")

    live = {}
    if args.live_repeats:
        print("\nLive instead of from the snapshot: each KPI's collector, as a page would have to run it")
        day = timezone.localdate()
        for kpi in KPIS.values():
            times = []
            for _ in range(args.live_repeats):
                start = time.perf_counter()
                kpi.collect(day)
                times.append(time.perf_counter() - start)
            live[kpi.code] = round(statistics.median(times), 3)
            print(f"  {kpi.code:<45} {live[kpi.code] * 1000:9.0f} ms")
        print("\nPer page: from the snapshot (median) against live (at least the collectors)")
        for theme in Theme:
            codes = [kpi.code for kpi in kpis_for_theme(theme.value)]
            snap = pages[f"theme {theme.value}"]["median_s"]
            print(f"  theme {theme.value:<39} snapshot {snap * 1000:7.0f} ms   live >= {sum(live[c] for c in codes) * 1000:9.0f} ms")
        overview_live = sum(live.values())
        print(f"  {'overview':<45} snapshot {pages['overview']['median_s'] * 1000:7.0f} ms   live >= {overview_live * 1000:9.0f} ms (every KPI)")

    worst_page = max(pages.items(), key=lambda item: item[1]["worst_s"])
    within = all(entry["worst_s"] <= args.target for entry in pages.values())
    print(f"\nSlowest page: {worst_page[0]} ({worst_page[1]['worst_s'] * 1000:.0f} ms worst). "
          f"All pages within {args.target:g} s: {'yes' if within else 'NO'}")  # fmt: skip
    print(json.dumps({
        "bench": "dashboard", "database": connection.vendor, **scale, "snapshots": snapshots.count(), "repeats": args.repeats,
        "pages": pages, "live_collect_s": live, "all_within_target": within, "target_s": args.target,
    }))  # fmt: skip


if __name__ == "__main__":
    main()

"""Benchmark: a full snapshot of every KPI with every breakdown at provincial scale, time and peak memory per KPI.

Reads the database in DATABASE_URL, filled by the generator (docs/generator.md):

    loket generate --persons 1500000 --vacancies 100000 --history 20000 --seed 2026

The generator records no placements, so the placement KPIs would have nothing to do: this script first adds
``--placements`` of them (default 20,000: one per filled vacancy of the history, the rest in open vacancies, started
in the last two years), each with a previous situation, and a previous occupation and sector taken from a random
work-history row, and a few hundred from outflow announcements. Everything the script writes (those rows and the
snapshot) is rolled back at the end, so the database stays as the generator left it; ``--keep-snapshot`` takes one
more snapshot afterwards, without the added placements, and keeps it (for the dashboard's benchmark).

Prints per KPI the seconds (collect and store) and the process's peak resident memory after it, the snapshot's total
wall time and peak, the number of values, and how long reading every tile and breakdown back takes. Last line: JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench .venv/bin/python bench/snapshot.py
"""

import argparse
import json
import os
import random
import resource
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--placements", type=int, default=20_000, help="placements to add for the run (rolled back)")
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--keep-snapshot", action="store_true", help="afterwards take and keep a snapshot of the database as it is")
args = parser.parse_args()

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to the database to benchmark (e.g. postgres://postgres@127.0.0.1:5432/loket_bench).")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from loket.geography.models import Region  # noqa: E402
from loket.monitor import services  # noqa: E402
from loket.monitor.kpis import KPIS  # noqa: E402
from loket.monitor.models import SnapshotStatus  # noqa: E402
from loket.passport.models import WorkExperience  # noqa: E402
from loket.vacancies.models import OutflowAnnouncement, Placement, Vacancy  # noqa: E402


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Rollback(Exception):
    pass


def add_placements(count, rng):
    """``count`` placements: filled vacancies first (started on their filling day), then open ones."""
    today = timezone.localdate()
    filled = list(Vacancy.objects.filter(filled_on__isnull=False).values_list("id", "filled_on", "employer_id")[:count])
    rest = count - len(filled)
    open_ones = list(Vacancy.objects.open(today).values_list("id", "opened_on", "employer_id")[: max(rest, 0)])
    targets = filled + [(pk, max(opened, today - timedelta(days=rng.randrange(0, 200))), employer) for pk, opened, employer in open_ones]
    top = WorkExperience.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sample = rng.sample(range(1, top + 1), min(len(targets) * 2, top)) if top else []
    history = list(WorkExperience.objects.filter(pk__in=sample).values_list("occupation_id", "sector")[: len(targets)])
    employers = {employer for _pk, _day, employer in targets[:300]}
    occupation = history[0][0] if history else None
    regions = list(Region.objects.all())
    outflows = [
        OutflowAnnouncement.objects.create(employer_id=employer, occupation_id=occupation, people=rng.randrange(5, 60),
                                           expected_on=today + timedelta(days=90), region=regions[index % len(regions)])
        for index, employer in enumerate(list(employers)[:60]) if occupation
    ]  # fmt: skip
    situations = ["employed"] * 6 + ["job_seeker"] * 2 + ["student", "other"]
    rows = []
    for index, (vacancy_id, day, _employer) in enumerate(targets):
        situation = rng.choice(situations)
        previous = history[index % len(history)] if history and situation in ("employed", "job_seeker") else (None, "")
        rows.append(Placement(
            vacancy_id=vacancy_id, previous_situation=situation, previous_occupation_id=previous[0], previous_sector=previous[1] or "",
            started_on=day, outflow=outflows[index % len(outflows)] if outflows and index % 40 == 0 else None,
        ))  # fmt: skip
    Placement.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


class Timer:
    """A progress object that times each KPI between advances."""

    def __init__(self):
        self.per_kpi, self.codes = [], list(KPIS)

    def start(self, label, total, unit="it"):
        self.last = time.perf_counter()

    def advance(self, amount=1):
        now = time.perf_counter()
        code = self.codes[len(self.per_kpi)]
        self.per_kpi.append({"kpi": code, "seconds": round(now - self.last, 3), "peak_rss_mb": peak_rss_mb()})
        self.last = now

    def finish(self):
        pass


def read_back(snapshot):
    started = time.perf_counter()
    cells = 0
    for code, kpi in KPIS.items():
        services.tile(code, snapshot)
        for dimension in ("", *kpi.breakdowns):
            cells += len(services.cells(snapshot, code, dimension))
    return round(time.perf_counter() - started, 2), cells


def main():
    rng = random.Random(args.seed)
    figures = {
        "database": connection.vendor, "cores": os.cpu_count(), "load_average": round(os.getloadavg()[0], 2),
        "rss_mb_at_start": peak_rss_mb(),
        "persons": None, "open_vacancies": Vacancy.objects.open().count(),
    }  # fmt: skip
    from loket.passport.models import Passport

    figures["persons"] = Passport.objects.count()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            figures["placements_added"] = add_placements(args.placements, rng)
            figures["placements_add_s"] = round(time.perf_counter() - started, 1)
            rss_before = peak_rss_mb()
            timer = Timer()
            started = time.perf_counter()
            snapshot = services.take_snapshot("Benchmark", progress=timer)
            figures["snapshot_s"] = round(time.perf_counter() - started, 2)
            if snapshot.status != SnapshotStatus.DONE:
                sys.exit(f"The snapshot failed: {snapshot.error}")
            figures["peak_rss_mb_before"] = rss_before
            figures["peak_rss_mb"] = peak_rss_mb()
            figures["values"] = snapshot.values.count()
            figures["read_back_s"], figures["cells_read"] = read_back(snapshot)
            figures["per_kpi"] = timer.per_kpi
            raise Rollback
    except Rollback:
        pass
    print(f"{'KPI':34} {'s':>8} {'peak MB':>9}")
    for row in figures["per_kpi"]:
        print(f"{row['kpi']:34} {row['seconds']:8.3f} {row['peak_rss_mb']:9.1f}")
    for name, value in figures.items():
        if name != "per_kpi":
            print(f"{name}: {value}")
    if args.keep_snapshot:
        kept = services.take_snapshot("Benchmark (bewaard)")
        print(f"kept snapshot {kept.pk}: {kept.status}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

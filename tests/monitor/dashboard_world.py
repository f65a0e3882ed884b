"""Hand-made snapshots for the dashboard tests: Snapshot and SnapshotValue rows written straight in the tables, so
each test says exactly which figures there are and what the dashboard must make of them."""

from datetime import datetime
from zoneinfo import ZoneInfo

from loket.monitor.kpis import KPIS
from loket.monitor.models import Snapshot, SnapshotStatus, SnapshotValue

AMSTERDAM_TZ = ZoneInfo("Europe/Amsterdam")
GROOT_AMSTERDAM, NOORD, KENNEMERLAND = "AM18", "AM15", "AM37"


def moment(day, hour=12):
    """A snapshot moment: "2025-01-01" at noon in Amsterdam."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=AMSTERDAM_TZ)


def snapshot(day, values, *, label="", baseline=False, status=SnapshotStatus.DONE):
    """A finished snapshot taken on ``day`` with ``values``: {(kpi, dimension, key): value or (value, persons)}."""
    taken = Snapshot.objects.create(taken_at=moment(day), label=label, status=SnapshotStatus.RUNNING, steps_total=len(KPIS))
    rows = []
    for (kpi, dimension, key), figure in values.items():
        value, persons = figure if isinstance(figure, tuple) else (figure, None)
        rows.append(SnapshotValue(snapshot=taken, kpi=kpi, version=KPIS[kpi].version, dimension=dimension, key=key, value=value, persons=persons))
    SnapshotValue.objects.bulk_create(rows)
    if status != SnapshotStatus.RUNNING:
        Snapshot.objects.filter(pk=taken.pk).update(status=status, steps_done=len(KPIS), finished_at=moment(day, 13), is_baseline=baseline)
    taken.refresh_from_db()
    return taken


def two_snapshots():
    """A baseline on 1 January 2025 and a later snapshot on 1 January 2026, with figures for a few KPIs:

    - tech_vacancies_open_long (count, target at most 0 in 2030): 40 → 25 in total; by region and sector;
    - energy_w2w_share (share, target at least 75 % in 2030): 0.5 → 0.6;
    - w2w_placements (count of persons): 30 → 45; AM18 9 persons (suppressed), AM15 10, AM37 26;
    - passports_in_use (count of persons): a total behind 9 persons at the baseline, 15 now.
    """
    baseline = snapshot("2025-01-01", {
        ("tech_vacancies_open_long", "", ""): 40,
        ("tech_vacancies_open_long", "region", GROOT_AMSTERDAM): 30,
        ("tech_vacancies_open_long", "region", NOORD): 10,
        ("tech_vacancies_open_long", "sector", "F"): 12,
        ("energy_w2w_share", "", ""): (0.5, 40),
        ("w2w_placements", "", ""): (30, 30),
        ("passports_in_use", "", ""): (9, 9),
    }, label="0-meting", baseline=True)  # fmt: skip
    latest = snapshot("2026-01-01", {
        ("tech_vacancies_open_long", "", ""): 25,
        ("tech_vacancies_open_long", "region", GROOT_AMSTERDAM): 18,
        ("tech_vacancies_open_long", "region", NOORD): 7,
        ("tech_vacancies_open_long", "sector", "F"): 5,
        ("tech_vacancies_open_long", "municipality", "GM0363"): 18,
        ("tech_vacancies_open_long", "municipality", "GM0361"): 7,
        ("energy_w2w_share", "", ""): (0.6, 50),
        ("w2w_placements", "", ""): (45, 45),
        ("w2w_placements", "region", GROOT_AMSTERDAM): (9, 9),
        ("w2w_placements", "region", NOORD): (10, 10),
        ("w2w_placements", "region", KENNEMERLAND): (26, 26),
        ("passports_in_use", "", ""): (15, 15),
    }, label="Stand januari 2026")  # fmt: skip
    return baseline, latest

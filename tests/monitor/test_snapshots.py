"""Snapshots: every KPI stored with its breakdowns, the first finished one the baseline (0-meting), finished ones
immutable, a changed formula without a new version refused, failures leaving nothing half; and reading them back:
cells with 1–9 persons suppressed, series over time, tiles against baseline and target; and ``loket snapshot``."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from loket.accounts.roles import Role
from loket.ecosystem import tracking_queries
from loket.monitor import collect, formulas, services
from loket.monitor.kpis import KPIS
from loket.monitor.models import FinishedSnapshotError, KpiVersion, Snapshot, SnapshotStatus, SnapshotValue

from .kpi_world import ALKMAAR, AMSTERDAM, HAARLEM, NOORD, occupation, passport, vacancy

pytestmark = pytest.mark.django_db


class Recorder:
    def __init__(self):
        self.calls = []

    def start(self, label, total, unit="it"):
        self.calls.append(("start", total))

    def advance(self, amount=1):
        self.calls.append(("advance", amount))

    def finish(self):
        self.calls.append(("finish",))


def test_a_snapshot_stores_every_kpi_and_the_first_is_the_baseline():
    electrician = occupation("7411.1")
    vacancy(electrician, place=ALKMAAR)
    progress = Recorder()
    snapshot = services.take_snapshot("Eerste meting", progress=progress)
    assert snapshot.status == SnapshotStatus.DONE and snapshot.is_baseline and snapshot.baseline_marked_at
    assert snapshot.steps_done == snapshot.steps_total == len(KPIS)
    assert progress.calls[0] == ("start", len(KPIS)) and progress.calls.count(("advance", 1)) == len(KPIS) and progress.calls[-1] == ("finish",)
    totals = SnapshotValue.objects.filter(snapshot=snapshot, dimension="", key="")
    assert sorted(totals.values_list("kpi", flat=True)) == sorted(KPIS)
    assert SnapshotValue.objects.get(snapshot=snapshot, kpi="open_vacancies", dimension="region", key=NOORD).value == 1
    assert set(KpiVersion.objects.values_list("code", flat=True)) == set(KPIS)
    second = services.take_snapshot()
    assert not second.is_baseline and services.baseline() == snapshot and services.latest() == second


def test_an_analyst_marks_another_baseline(make_user):
    first, second = services.take_snapshot(), services.take_snapshot()
    analyst = make_user(Role.ANALYST)
    services.mark_baseline(second, analyst)
    first.refresh_from_db()
    assert second.is_baseline and not first.is_baseline
    assert second.baseline_marked_by == analyst and second.baseline_marked_at is not None
    assert services.baseline() == second


def test_only_analysts_and_administrators_mark_a_baseline_and_only_a_finished_one(make_user):
    first = services.take_snapshot()
    with pytest.raises(PermissionDenied, match="analist of beheerder"):
        services.mark_baseline(first, make_user(Role.PERSON))
    running = services.create_snapshot()
    with pytest.raises(services.SnapshotRefused, match="afgeronde"):
        services.mark_baseline(running, make_user(Role.ADMIN))
    assert services.baseline() == first


def test_finished_snapshots_never_change(make_user):
    snapshot = services.take_snapshot("Eerste")
    value = SnapshotValue.objects.filter(snapshot=snapshot).first()
    value.value = 123456
    with pytest.raises(FinishedSnapshotError):
        value.save()
    with pytest.raises(FinishedSnapshotError):
        value.delete()
    with pytest.raises(FinishedSnapshotError):
        SnapshotValue.objects.filter(snapshot=snapshot).update(value=0)
    with pytest.raises(FinishedSnapshotError):
        SnapshotValue.objects.filter(snapshot=snapshot).delete()
    with pytest.raises(FinishedSnapshotError):
        SnapshotValue.objects.create(snapshot=snapshot, kpi="open_vacancies", version=1, dimension="region", key="XX", value=1)
    snapshot.label = "Anders"
    with pytest.raises(FinishedSnapshotError):
        snapshot.save()
    with pytest.raises(FinishedSnapshotError):
        snapshot.delete()
    with pytest.raises(FinishedSnapshotError):
        Snapshot.objects.filter(pk=snapshot.pk).update(taken_at=timezone.now())
    snapshot.refresh_from_db()
    assert snapshot.label == "Eerste" and SnapshotValue.objects.filter(snapshot=snapshot, value=123456).count() == 0
    # Which snapshot is the baseline may change.
    services.mark_baseline(services.take_snapshot(), make_user(Role.ANALYST))


def test_a_finished_snapshot_takes_no_cells_in_bulk():
    snapshot = services.take_snapshot("Eerste")
    stored = SnapshotValue.objects.filter(snapshot=snapshot).count()
    extra = SnapshotValue(snapshot=snapshot, kpi="open_vacancies", version=1, dimension="region", key="XX", value=1)
    with pytest.raises(FinishedSnapshotError):
        SnapshotValue.objects.bulk_create([extra])
    assert SnapshotValue.objects.filter(snapshot=snapshot).count() == stored


def test_a_snapshot_closed_as_stale_while_it_runs_never_becomes_done(monkeypatch):
    """A run that outlives STALE_AFTER is marked FAILED by the next request; when it does finish after all, it must
    neither turn DONE (with only its later KPIs) nor become the baseline."""
    snapshot = services.create_snapshot("Traag")

    class TakenForDeadAfterTheFirstKpi(Recorder):
        def advance(self, amount=1):
            if Snapshot.objects.get(pk=snapshot.pk).status == SnapshotStatus.RUNNING:
                services.fail(snapshot, "Afgebroken: te lang bezig.")

    finished = services.execute(snapshot, TakenForDeadAfterTheFirstKpi())
    assert finished.status == SnapshotStatus.FAILED and finished.error == "Afgebroken: te lang bezig."
    assert finished.steps_done == 1
    assert not SnapshotValue.objects.filter(snapshot=snapshot).exists()
    assert services.latest() is None and services.baseline() is None


class Broken:
    """Stands in for a model or module a collector reads: any use fails (the formulas stay as they are)."""

    def __getattr__(self, name):
        raise ZeroDivisionError("kapot")


def test_a_failing_kpi_fails_the_snapshot_and_leaves_nothing_visible(monkeypatch):
    good = services.take_snapshot()
    monkeypatch.setattr(tracking_queries, "Initiative", Broken())
    failed = services.take_snapshot()
    assert failed.status == SnapshotStatus.FAILED and not failed.is_baseline
    assert "KPI lc_extra" in failed.error and "kapot" in failed.error and "mislukt" in failed.error
    assert not SnapshotValue.objects.filter(snapshot=failed).exists()
    assert services.latest() == good and services.baseline() == good
    assert services.cells(failed, "open_vacancies") == []


def test_no_baseline_from_a_failed_first_snapshot(monkeypatch):
    monkeypatch.setattr(collect, "Vacancy", Broken())
    assert services.take_snapshot().status == SnapshotStatus.FAILED
    monkeypatch.undo()
    assert services.baseline() is None
    assert services.take_snapshot().is_baseline


def test_a_changed_formula_without_a_new_version_is_refused(monkeypatch):
    services.take_snapshot()

    def only_intersectoral(previous_situation, from_outflow, previous_isco, previous_sector, new_isco, new_sector):
        return previous_sector != new_sector

    monkeypatch.setattr(formulas, "is_work_to_work", only_intersectoral)
    with pytest.raises(services.SnapshotRefused) as refused:
        services.take_snapshot()
    message = str(refused.value)
    assert "De formule van KPI w2w_placements" in message and "is gewijzigd zonder nieuw versienummer" in message
    assert "KPI open_vacancies" not in message
    assert Snapshot.objects.count() == 1


def test_a_changed_formula_with_a_new_version_is_taken(monkeypatch):
    services.take_snapshot()
    monkeypatch.setattr(formulas, "is_work_to_work", lambda *facts: False)
    for code in ("w2w_placements", "w2w_technical", "energy_w2w_share"):
        monkeypatch.setitem(KPIS, code, KPIS[code].__class__(**{**KPIS[code].__dict__, "version": 2}))
    snapshot = services.take_snapshot()
    assert snapshot.status == SnapshotStatus.DONE
    assert set(KpiVersion.objects.filter(code="w2w_placements").values_list("version", flat=True)) == {1, 2}
    assert SnapshotValue.objects.filter(snapshot=snapshot, kpi="w2w_placements").first().version == 2


def test_one_snapshot_at_a_time_and_a_stale_one_is_closed():
    running = services.create_snapshot()
    with pytest.raises(services.SnapshotRefused, match="loopt al"):
        services.create_snapshot()
    Snapshot.objects.filter(pk=running.pk).update(taken_at=timezone.now() - timedelta(hours=7))
    services.create_snapshot()
    running.refresh_from_db()
    assert running.status == SnapshotStatus.FAILED and "Afgebroken" in running.error


def test_a_label_longer_than_200_characters_is_refused():
    with pytest.raises(services.SnapshotRefused, match="200 tekens"):
        services.create_snapshot("x" * 201)
    assert not Snapshot.objects.exists()


# --- Reading -------------------------------------------------------------------------------------------------------


def test_cells_with_9_persons_are_suppressed_and_with_10_are_shown():
    for _ in range(9):
        passport(ALKMAAR)
    for _ in range(10):
        passport(AMSTERDAM)
    electrician = occupation("7411.1")
    for _ in range(3):
        vacancy(electrician, place=HAARLEM)
    snapshot = services.take_snapshot()
    with translation.override("nl"):
        by_place = {cell["key"]: cell for cell in services.cells(snapshot, "passports_in_use", "municipality")}
    alkmaar, amsterdam, haarlem = by_place[ALKMAAR], by_place[AMSTERDAM], by_place[HAARLEM]
    assert alkmaar["suppressed"] and alkmaar["shown"] == "< 10" and alkmaar["value"] is None and alkmaar["persons"] is None
    assert alkmaar["label"] == "Alkmaar"
    assert not amsterdam["suppressed"] and amsterdam["shown"] == "10" and amsterdam["value"] == 10 and amsterdam["persons"] == 10
    assert not haarlem["suppressed"] and haarlem["shown"] == "0"
    [total] = services.cells(snapshot, "passports_in_use")
    assert total["shown"] == "19" and total["label"] == "Totaal"
    # Vacancies are not people: three are three.
    [vacancies] = [cell for cell in services.cells(snapshot, "open_vacancies", "municipality") if cell["key"] == HAARLEM]
    assert vacancies["shown"] == "3" and not vacancies["suppressed"]


def test_cells_sort_regions_by_name_and_label_in_the_language():
    snapshot = services.take_snapshot()
    with translation.override("nl"):
        names = [cell["label"] for cell in services.cells(snapshot, "open_vacancies", "region")]
        kinds = [cell["label"] for cell in services.cells(snapshot, "open_vacancies", "vacancy_kind")]
    assert names == sorted(names, key=str.lower) and names[0] == "Gooi en Vechtstreek"
    assert kinds[:2] == ["Baan", "Stage"]


def test_unknown_kpis_and_breakdowns_get_a_dutch_message():
    snapshot = services.take_snapshot()
    with translation.override("nl"):
        with pytest.raises(services.MonitorError, match="Onbekende KPI"):
            services.cells(snapshot, "geluk")
        with pytest.raises(services.MonitorError, match="niet uit te splitsen naar Budget"):
            services.cells(snapshot, "open_vacancies", "budget")
        with pytest.raises(services.MonitorError, match="Onbekende uitsplitsing"):
            services.cells(snapshot, "open_vacancies", "kleur")


def test_values_are_written_in_the_language():
    with translation.override("nl"):
        assert services.format_value(0.425, "share") == "42,5 %"
        assert services.format_value(12345, "count") == "12.345"
        assert services.format_value(1234.5, "euro") == "€ 1.234,50"
        assert services.format_value(7.25, "score") == "7,2" and services.format_value(7.0, "score") == "7,0"
        assert services.format_value(45, "days") == "45 dagen"
        assert services.format_value(None, "count") == "–"
    with translation.override("en"):
        assert services.format_value(0.425, "share") == "42.5 %"
        assert services.format_value(12345, "count") == "12,345"


def test_series_oldest_first_with_the_baseline_marked():
    electrician = occupation("7411.1")
    vacancy(electrician, place=ALKMAAR, opened=100)
    first = services.take_snapshot(now=timezone.now() - timedelta(days=60))
    vacancy(electrician, place=ALKMAAR, opened=10)
    second = services.take_snapshot()
    points = services.series("open_vacancies")
    assert [point["value"] for point in points] == [1, 2]
    assert [point["is_baseline"] for point in points] == [True, False]
    assert [point["taken_at"] for point in points] == [first.taken_at, second.taken_at]
    assert [point["value"] for point in services.series("open_vacancies", "region", NOORD)] == [1, 2]
    assert len(services.series("open_vacancies", since=timezone.localdate() - timedelta(days=30))) == 1
    assert len(services.series("open_vacancies", until=timezone.localdate() - timedelta(days=30))) == 1


def test_tiles_against_baseline_and_target():
    electrician = occupation("7411.1")
    for _ in range(4):
        vacancy(electrician, place=ALKMAAR, opened=150)  # at the baseline, 100 days ago, open for 50 days
    services.take_snapshot(now=timezone.now() - timedelta(days=100))
    for _ in range(2):
        vacancy(electrician, place=ALKMAAR, opened=1)
    services.take_snapshot()
    tile = services.tile("tech_vacancies_open_long")
    assert tile["kpi"] is KPIS["tech_vacancies_open_long"] and tile["value"] == 4 and tile["baseline_value"] == 0
    assert tile["change"] == 4 and tile["target"] == 0 and tile["distance_to_target"] == 4 and tile["on_track"] is False
    share = services.tile("tech_vacancies_open_long_share")
    assert share["value"] == pytest.approx(4 / 6) and share["baseline_value"] == 0.0
    assert share["change"] == pytest.approx(4 / 6) and share["distance_to_target"] == pytest.approx(4 / 6)
    # A region gets the target of a share, not that of a count.
    assert services.tile("tech_vacancies_open_long_share", region=NOORD)["target"] == 0
    assert services.tile("tech_vacancies_open_long", region=NOORD)["target"] is None
    assert services.tile("tech_vacancies_open_long", region=NOORD)["value"] == 4
    with translation.override("nl"):
        assert services.format_change(share["change"], "share") == "+66,7 procentpunt"
        assert services.format_change(-2, "count") == "−2"
    with pytest.raises(services.MonitorError):
        services.tile("campus_regions_share", region=NOORD)


def test_a_tile_without_any_snapshot():
    tile = services.tile("w2w_technical")
    assert tile["value"] is None and tile["shown"] == "–" and tile["on_track"] is None and tile["target"] == 30_000


# --- The command -----------------------------------------------------------------------------------------------------


def test_the_command_takes_a_snapshot(capsys):
    call_command("snapshot", "--label", "Kwartaal 1")
    out = capsys.readouterr().out
    snapshot = services.latest()
    assert snapshot.label == "Kwartaal 1" and f"Momentopname {snapshot.pk} klaar" in out and "0-meting" in out


def test_the_command_does_nothing_when_a_recent_snapshot_exists(capsys):
    services.take_snapshot(now=timezone.now() - timedelta(days=10))
    call_command("snapshot", "--if-older-than", "30")
    assert "niets gedaan" in capsys.readouterr().out and Snapshot.objects.count() == 1
    call_command("snapshot", "--if-older-than", "7")
    assert Snapshot.objects.count() == 2


def test_the_command_refuses_a_changed_formula(monkeypatch):
    services.take_snapshot()
    monkeypatch.setattr(formulas, "share", lambda numerator, denominator: 0.5)
    with pytest.raises(CommandError, match="gewijzigd zonder nieuw versienummer"):
        call_command("snapshot")
    assert Snapshot.objects.count() == 1


def test_the_command_rejects_a_negative_number_of_days():
    with pytest.raises(CommandError, match="0 of meer"):
        call_command("snapshot", "--if-older-than", "-3")

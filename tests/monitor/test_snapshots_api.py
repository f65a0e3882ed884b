"""The monitor's API: KPI definitions in the request's language, snapshots and their values (public, suppressed),
taking a snapshot in the background and choosing the baseline (analysts and administrators only)."""

import pytest

from loket.accounts.roles import Role
from loket.monitor import services
from loket.monitor.kpis import KPIS
from loket.monitor.models import Snapshot, SnapshotStatus

from .kpi_world import ALKMAAR, AMSTERDAM, NOORD, occupation, passport, vacancy

pytestmark = pytest.mark.django_db

API = "/api/v1/monitor"


@pytest.fixture
def in_this_thread(monkeypatch):
    """Compute a snapshot the API starts right away (a test's transaction is not visible to another thread)."""
    monkeypatch.setattr(services, "start_in_background", lambda snapshot: services.execute(Snapshot.objects.get(pk=snapshot.pk)))


def test_kpi_definitions_in_the_request_language(client):
    dutch = client.get(f"{API}/kpis").json()
    assert [kpi["code"] for kpi in dutch] == list(KPIS)
    w2w = next(kpi for kpi in dutch if kpi["code"] == "w2w_technical")
    assert w2w["name"] == "Werk-naar-werkplaatsingen in technisch werk" and w2w["target"] == 30000
    assert w2w["target_direction"] == "at_least" and "Techniekpact" in w2w["target_source"] and w2w["counts_persons"] is True
    assert {"code": "region", "label": "Arbeidsmarktregio"} in w2w["breakdowns"]
    assert w2w["theme"] == "work_to_work" and w2w["theme_label"] == "Van werk naar werk"
    english = client.get(f"{API}/kpis", headers={"Cookie": "django_language=en"}).json()
    assert len(english) == len(dutch)


def test_anonymous_visitors_may_not_take_a_snapshot(client):
    response = client.post(f"{API}/snapshots", {}, content_type="application/json")
    assert response.status_code == 401 and response.json()["detail"] == "Log eerst in."
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("role", [Role.PERSON, Role.EMPLOYER, Role.COACH, Role.FUND_ADMIN])
def test_other_roles_may_not_take_a_snapshot_or_choose_the_baseline(client, make_user, role):
    first = services.take_snapshot()
    client.force_login(make_user(role))
    response = client.post(f"{API}/snapshots", {"label": "Stiekem"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == "Dit is alleen voor: Analist, Beheerder."
    response = client.post(f"{API}/snapshots/{first.pk}/baseline")
    assert response.status_code == 403
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_analysts_and_administrators_take_a_snapshot(client, make_user, role, in_this_thread):
    vacancy(occupation("7411.1"), place=ALKMAAR)
    client.force_login(make_user(role))
    response = client.post(f"{API}/snapshots", {"label": "Stand juni"}, content_type="application/json")
    assert response.status_code == 202
    started = response.json()
    assert started["status"] == "running" and started["steps_total"] == len(KPIS) and started["label"] == "Stand juni"
    finished = client.get(f"{API}/snapshots/{started['id']}").json()
    assert finished["status"] == "done" and finished["percent"] == 100.0 and finished["is_baseline"] is True
    assert client.get(f"{API}/snapshots").json()[0]["id"] == started["id"]


def test_bad_input_changes_nothing(client, make_user):
    client.force_login(make_user(Role.ANALYST))
    response = client.post(f"{API}/snapshots", {"label": "x" * 201}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"] == [{"field": "label", "message": "te lang"}]
    services.create_snapshot()
    response = client.post(f"{API}/snapshots", {}, content_type="application/json")
    assert response.status_code == 409 and response.json()["detail"] == "Er loopt al een momentopname. Wacht tot die klaar is."
    assert Snapshot.objects.count() == 1


def test_a_changed_formula_is_refused_over_the_api(client, make_user, monkeypatch):
    from loket.monitor import formulas

    services.take_snapshot()
    monkeypatch.setattr(formulas, "median_from_counts", lambda counts: 0)
    client.force_login(make_user(Role.ADMIN))
    response = client.post(f"{API}/snapshots", {}, content_type="application/json")
    assert response.status_code == 409
    assert "De formule van KPI tech_time_to_fill" in response.json()["detail"]
    assert Snapshot.objects.count() == 1


def test_values_are_public_and_suppressed(client):
    for _ in range(9):
        passport(ALKMAAR)
    for _ in range(12):
        passport(AMSTERDAM)
    snapshot = services.take_snapshot()
    rows = client.get(f"{API}/snapshots/{snapshot.pk}/values", {"kpi": "passports_in_use", "dimension": "region"}).json()
    by_region = {row["key"]: row for row in rows}
    assert by_region[NOORD] == {
        "kpi": "passports_in_use", "dimension": "region", "key": NOORD, "label": "Noord-Holland Noord", "value": None,
        "shown": "< 10", "suppressed": True, "persons": None, "numerator": None, "denominator": None,
    }  # fmt: skip
    assert by_region["AM18"]["value"] == 12 and by_region["AM18"]["shown"] == "12"
    totals = client.get(f"{API}/snapshots/{snapshot.pk}/values").json()
    assert [row["kpi"] for row in totals] == list(KPIS) and all(row["dimension"] == "" for row in totals)


def test_values_of_unknown_or_unfinished_snapshots_and_bad_questions(client):
    snapshot = services.take_snapshot()
    values = f"{API}/snapshots/{snapshot.pk}/values"
    response = client.get(values, {"kpi": "geluk"})
    assert response.status_code == 422 and response.json()["detail"] == "Onbekende KPI: geluk."
    response = client.get(values, {"kpi": "open_vacancies", "dimension": "budget"})
    assert response.status_code == 422 and "niet uit te splitsen" in response.json()["detail"]
    assert client.get(values, {"dimension": "region"}).status_code == 422
    assert client.get(f"{API}/snapshots/999999").status_code == 404
    running = services.create_snapshot()
    response = client.get(f"{API}/snapshots/{running.pk}/values")
    assert response.status_code == 409 and "niet afgerond" in response.json()["detail"]


def test_an_analyst_chooses_the_baseline(client, make_user):
    first, second = services.take_snapshot(), services.take_snapshot()
    client.force_login(make_user(Role.ANALYST))
    response = client.post(f"{API}/snapshots/{second.pk}/baseline")
    assert response.status_code == 200 and response.json()["is_baseline"] is True
    first.refresh_from_db()
    assert not first.is_baseline and services.baseline() == second
    failed = Snapshot.objects.create(taken_at=second.taken_at, status=SnapshotStatus.FAILED, error="kapot")
    response = client.post(f"{API}/snapshots/{failed.pk}/baseline")
    assert response.status_code == 409 and response.json()["detail"] == "Alleen een afgeronde momentopname kan de 0-meting worden."
    assert services.baseline() == second


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_runs_in_the_background_with_visible_progress(client, make_user):
    client.force_login(make_user(Role.ANALYST))
    response = client.post(f"{API}/snapshots", {}, content_type="application/json")
    assert response.status_code == 202
    snapshot_id = response.json()["id"]
    services.wait(snapshot_id, timeout=120)
    done = client.get(f"{API}/snapshots/{snapshot_id}").json()
    assert done["status"] == "done" and done["steps_done"] == done["steps_total"] == len(KPIS)

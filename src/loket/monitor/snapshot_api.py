"""The monitor over the API: KPI definitions and snapshots.

Reading is public, like the dashboard's figures: definitions, finished snapshots and their values, with every cell
behind 1–9 persons shown as "< 10" and without its number. Taking a snapshot and choosing the baseline (0-meting) are
for analysts and administrators; a snapshot is computed in the background and its progress read from
GET /snapshots/{id}.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role

from . import services
from .kpis import KPIS
from .models import Snapshot, SnapshotStatus

router = Router(tags=["monitor"])


class BreakdownOut(Schema):
    code: str
    label: str


class KpiOut(Schema):
    code: str
    version: int
    name: str
    explanation: str
    unit: str = Field(description="count, share (een fractie: 0,42 is 42 %), days, euro of score")
    theme: str = Field(description="Thema van het manifest (loket.ecosystem.vocabulary.Theme)")
    theme_label: str
    breakdowns: list[BreakdownOut]
    target: float | None
    target_year: int | None
    target_direction: str | None = Field(description="at_most, at_least of leeg")
    target_source: str
    counts_persons: bool = Field(description="Telt personen: cellen met 1–9 personen tonen “< 10”")

    @staticmethod
    def of(kpi):
        return {
            **{name: getattr(kpi, name) for name in ("code", "version", "unit", "theme", "target", "target_year", "target_direction", "counts_persons")},
            "name": str(kpi.name), "explanation": str(kpi.explanation), "theme_label": str(kpi.theme_label),
            "target_source": str(kpi.target_source),
            "breakdowns": [{"code": code, "label": str(label)} for code, label in kpi.breakdown_labels()],
        }  # fmt: skip


class SnapshotOut(Schema):
    id: int
    taken_at: datetime
    label: str
    status: str = Field(description="running, done of failed")
    status_label: str
    steps_done: int = Field(description="KPI's berekend")
    steps_total: int
    percent: float
    error: str
    is_baseline: bool = Field(description="De 0-meting")
    baseline_marked_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def of(snapshot):
        return {
            **{name: getattr(snapshot, name) for name in SnapshotOut.model_fields if hasattr(snapshot, name)},
            "status_label": str(snapshot.get_status_display()),
            "percent": round(100 * snapshot.steps_done / snapshot.steps_total, 1) if snapshot.steps_total else 0.0,
        }


class SnapshotIn(Schema):
    label: str = Field("", max_length=services.MAX_LABEL, description="Omschrijving, bijvoorbeeld “Stand 1e kwartaal 2026”")


class ValueOut(Schema):
    kpi: str
    dimension: str = Field(description="Leeg voor het totaal")
    key: str = Field(description="CBS-code, SBI-letter, soort, thema, doelgroep of budget-id; leeg voor het totaal")
    label: str
    value: float | None = Field(description="Leeg als de cel minder dan 10 personen telt of er geen waarde is")
    shown: str = Field(description="Zoals het dashboard het toont, “< 10” bij minder dan 10 personen")
    suppressed: bool
    persons: int | None
    numerator: float | None
    denominator: float | None


class ValuesQuery(Schema):
    kpi: str | None = Field(None, description="Code van de KPI; leeg: het totaal van elke KPI")
    dimension: str = Field("", description="Uitsplitsing (region, municipality, sector, …); leeg: het totaal")


def _manager(request):
    require_role(request, Role.ANALYST, Role.ADMIN)


@router.get("/kpis", response=list[KpiOut], summary="De KPI's: definitie, eenheid, thema, uitsplitsingen en doel")
def kpi_definitions(request):
    return [KpiOut.of(kpi) for kpi in KPIS.values()]


@router.get("/snapshots", response=list[SnapshotOut], summary="De momentopnamen, nieuwste eerst (ook lopende en mislukte)")
def list_snapshots(request):
    return [SnapshotOut.of(snapshot) for snapshot in Snapshot.objects.order_by("-taken_at", "-pk")[:200]]


@router.get("/snapshots/{snapshot_id}", response=SnapshotOut, summary="Een momentopname, met de voortgang als die nog loopt")
def snapshot_detail(request, snapshot_id: int):
    return SnapshotOut.of(get_object_or_404(Snapshot, pk=snapshot_id))


@router.get("/snapshots/{snapshot_id}/values", response=list[ValueOut], summary="De waarden van een afgeronde momentopname")
def snapshot_values(request, snapshot_id: int, filters: Query[ValuesQuery]):
    snapshot = get_object_or_404(Snapshot, pk=snapshot_id)
    if snapshot.status != SnapshotStatus.DONE:
        raise HttpError(409, _("Deze momentopname is niet afgerond; er zijn geen waarden te zien."))
    codes = [filters.kpi] if filters.kpi else list(KPIS)
    if not filters.kpi and filters.dimension:
        raise HttpError(422, _("Kies een KPI om een uitsplitsing te zien."))
    answer = []
    try:
        for code in codes:
            for cell in services.cells(snapshot, code, filters.dimension):
                answer.append({**cell, "kpi": code, "dimension": filters.dimension, "label": str(cell["label"]), "shown": str(cell["shown"])})
    except services.MonitorError as error:
        raise HttpError(422, str(error)) from None
    return answer


@router.post("/snapshots", response={202: SnapshotOut}, auth=django_auth, summary="Neem een momentopname, op de achtergrond (analist, beheerder)")
def start_snapshot(request, payload: SnapshotIn = None):
    _manager(request)
    payload = payload or SnapshotIn()
    try:
        snapshot = services.create_snapshot(payload.label, request.user)
    except services.SnapshotRefused as error:
        raise HttpError(409, str(error)) from None
    services.start_in_background(snapshot)
    return Status(202, SnapshotOut.of(snapshot))


@router.post(
    "/snapshots/{snapshot_id}/baseline", response=SnapshotOut, auth=django_auth,
    summary="Maak deze momentopname de 0-meting (analist, beheerder)",
)  # fmt: skip
def make_baseline(request, snapshot_id: int):
    _manager(request)
    snapshot = get_object_or_404(Snapshot, pk=snapshot_id)
    try:
        services.mark_baseline(snapshot, request.user)
    except services.SnapshotRefused as error:
        raise HttpError(409, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return SnapshotOut.of(snapshot)

"""The action agenda over the API (docs/agenda.md).

Reading is public: the agenda with each coalition's status and reasons, one coalition, and the overviews for
the regiegroep and the leer- en adviescommissie. Writing (status updates, milestones) is for the coalition's
editors and administrators: 401 without a log-in, 403 for anyone else, 422 with a Dutch message per field for
invalid input, and then nothing is saved. Validation is the pages' forms, so both say the same.
"""

import datetime

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.api_schemas import Invalid

from . import agenda, agenda_queries
from .agenda_forms import MilestoneForm, StatusUpdateForm
from .models import Initiative, Milestone
from .permissions import can_edit_initiative
from .vocabulary import COALITION_KINDS, InitiativeKind, Lifecycle

router = Router(tags=["ecosystem"])


# --- Schemas -------------------------------------------------------------------------------------------------


class MilestoneOut(Schema):
    id: int
    title: str
    due_label: str
    due_date: datetime.date
    done_on: datetime.date | None
    status: str = Field(description="done, late, due_soon of planned")
    status_label: str


class UpdateOut(Schema):
    id: int
    date: datetime.date
    author_name: str
    status: str = Field(description="on_track, at_risk, late of done")
    status_label: str
    text: str


class CoalitionOut(Schema):
    slug: str
    number: str
    name: str
    kind: str
    kind_label: str
    lifecycle: str
    lifecycle_label: str
    themes: list[str]
    theme_labels: list[str]
    aanjagers: list[str]
    status: str = Field(description="on_track, at_risk, late, done of no_information")
    status_label: str
    reasons: list[str] = Field(description="Waarom de coalitie deze status heeft, in de taal van de gebruiker")
    next_milestone: MilestoneOut | None
    latest_update: UpdateOut | None
    url: str


class PartnerOut(Schema):
    name: str
    role: str
    role_label: str


class CoalitionDetail(CoalitionOut):
    goal: str
    intended_output: str
    intended_impact: str
    partners: list[PartnerOut]
    milestones: list[MilestoneOut]
    updates: list[UpdateOut]
    can_edit: bool = Field(description="Of u deze coalitie mag bijwerken")


class ThemeCounts(Schema):
    theme: str = Field(description="Themacode; leeg voor coalities zonder thema")
    theme_label: str
    counts: dict[str, int]


class AgendaOut(Schema):
    date: datetime.date = Field(description="De dag waarop de status bepaald is")
    count: int
    totals: dict[str, int] = Field(description="Aantal coalities per status, elke coalitie één keer")
    per_theme: list[ThemeCounts] = Field(description="Per thema; een coalitie met meer thema's telt bij elk thema mee")
    results: list[CoalitionOut]


class PeriodOut(Schema):
    kind: str
    code: str
    label: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date = Field(description="De dag waarop de stand bepaald is: het eind van de periode, of vandaag")


class OverviewCoalition(Schema):
    slug: str
    number: str
    name: str
    aanjagers: list[str]
    status: str
    status_label: str
    reasons: list[str]
    milestones_due: list[MilestoneOut] = Field(description="Mijlpalen met een uiterste datum in de periode, met hun stand")
    milestones_reached: list[MilestoneOut] = Field(description="Mijlpalen gehaald in de periode")
    updates: list[UpdateOut]


class OverviewOut(Schema):
    period: PeriodOut
    totals: dict[str, int]
    coalitions: list[OverviewCoalition]


class UpdateIn(Schema):
    date: datetime.date = Field(description="Datum als JJJJ-MM-DD, vandaag of eerder")
    status: str = Field(description="on_track, at_risk, late of done")
    text: str


class MilestoneIn(Schema):
    title: str
    due_label: str = Field("", description="Zoals in de bron, bijvoorbeeld Q2 2021")
    due_date: datetime.date
    done_on: datetime.date | None = None


class MilestonePatch(Schema):
    title: str | None = None
    due_label: str | None = None
    due_date: datetime.date | None = None
    done_on: datetime.date | None = Field(None, description="null: nog niet gehaald")


# --- Output ----------------------------------------------------------------------------------------------------


def milestone_out(state):
    m = state.milestone
    return {
        "id": m.id, "title": m.title, "due_label": m.due_label, "due_date": m.due_date, "done_on": m.done_on,
        "status": state.status, "status_label": state.status_label,
    }  # fmt: skip


def update_out(update):
    return {
        "id": update.id, "date": update.date, "author_name": update.author_name, "status": update.status,
        "status_label": update.status_label, "text": update.text,
    }  # fmt: skip


def coalition_out(request, entry):
    initiative, assessment = entry.initiative, entry.assessment
    return {
        "slug": initiative.slug, "number": initiative.number, "name": initiative.name, "kind": initiative.kind,
        "kind_label": str(InitiativeKind(initiative.kind).label), "lifecycle": initiative.lifecycle,
        "lifecycle_label": str(Lifecycle(initiative.lifecycle).label), "themes": entry.themes,
        "theme_labels": entry.theme_labels, "aanjagers": [o.name for o in entry.aanjagers], "status": assessment.status,
        "status_label": assessment.status_label, "reasons": list(assessment.reasons),
        "next_milestone": milestone_out(assessment.next_milestone) if assessment.next_milestone else None,
        "latest_update": update_out(assessment.latest_update) if assessment.latest_update else None,
        "url": request.build_absolute_uri(f"/ecosysteem/agenda/{initiative.slug}/"),
    }  # fmt: skip


def coalition_detail(request, entry):
    initiative = entry.initiative
    return coalition_out(request, entry) | {
        "goal": initiative.goal, "intended_output": initiative.intended_output, "intended_impact": initiative.intended_impact,
        "partners": [
            {"name": p.organisation.name, "role": p.role, "role_label": str(p.get_role_display())} for p in initiative.partner_roles.all()
        ],
        "milestones": [milestone_out(state) for state in entry.timeline()],
        "updates": [update_out(u) for u in sorted(entry.updates, key=lambda u: (u.date, u.sequence), reverse=True)],
        "can_edit": can_edit_initiative(request.user, initiative),
    }  # fmt: skip


def invalid(errors):
    """422 with a message per field; ``errors`` is a form's errors or [(field, message)]."""
    if isinstance(errors, dict):
        errors = [(name if name != "__all__" else "", message) for name, messages in errors.items() for message in messages]
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": str(m)} for f, m in errors]},
        status=422,
    )


# --- Reading ---------------------------------------------------------------------------------------------------


@router.get("/agenda", response={200: AgendaOut, 422: Invalid}, summary="De actieagenda: coalities met hun status (openbaar)")
def agenda_list(request, theme: str = "", status: str = "", kind: str = ""):
    """``theme``: a theme code (innovation, inflow, …); ``status``: on_track, at_risk, late, done or no_information;
    ``kind``: startcoalitie or ontwikkelcoalitie."""
    errors = agenda_queries.check_filters(theme, status, kind)
    if errors:
        return invalid(errors)
    today = timezone.localdate()
    page = agenda_queries.agenda_page(today, theme, status, kind)
    return {
        "date": today, "count": len(page.entries), "totals": page.totals,
        "per_theme": [{"theme": code, "theme_label": label, "counts": counts} for code, label, counts in page.counts],
        "results": [coalition_out(request, e) for e in page.entries],
    }  # fmt: skip


@router.get("/agenda/overview", response={200: OverviewOut, 422: Invalid}, summary="Overzicht voor de regiegroep of de commissie (openbaar)")
def agenda_overview(request, for_: str = Query(agenda.REGIEGROEP, alias="for"), year: int | None = None, period: int | None = None):
    """``for=regiegroep``: one calendar year (``year``). ``for=commissie``: one of three periods of four months
    (``period`` 1 = januari–april, 2 = mei–augustus, 3 = september–december). Without ``year`` (and ``period``):
    the current one."""
    today = timezone.localdate()
    try:
        if year is None and period is None and for_ in (agenda.REGIEGROEP, agenda.COMMISSIE):
            chosen = agenda.period_of(for_, today)
        else:
            chosen = agenda.parse_period(for_, today.year if year is None else year, period)
    except agenda.PeriodError as error:
        return invalid([(error.field, str(error))])
    rows = agenda_queries.overview(chosen, today)
    as_of = min(chosen.end, today)
    return {
        "period": {"kind": chosen.kind, "code": chosen.code, "label": chosen.label, "start": chosen.start, "end": chosen.end, "as_of": as_of},
        "totals": agenda.count_by_status(row.summary.assessment.status for row in rows),
        "coalitions": [
            {
                "slug": row.entry.initiative.slug, "number": row.entry.initiative.number, "name": row.entry.initiative.name,
                "aanjagers": [o.name for o in row.entry.aanjagers], "status": row.summary.assessment.status,
                "status_label": row.summary.assessment.status_label, "reasons": list(row.summary.assessment.reasons),
                "milestones_due": [milestone_out(state) for state in row.summary.due],
                "milestones_reached": [
                    milestone_out(agenda.MilestoneState(m, agenda.MilestoneStatus.DONE.value)) for m in row.summary.reached
                ],
                "updates": [update_out(u) for u in row.summary.updates],
            }
            for row in rows
        ],
    }  # fmt: skip


@router.get("/agenda/{slug}", response=CoalitionDetail, summary="Eén coalitie met mijlpalen en voortgangsberichten (openbaar)")
def agenda_coalition(request, slug: str):
    entry = agenda_queries.coalition(slug, timezone.localdate())
    if entry is None:
        raise Http404
    return coalition_detail(request, entry)


# --- Writing ---------------------------------------------------------------------------------------------------


def editable_coalition(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug, kind__in=COALITION_KINDS)
    if not can_edit_initiative(request.user, initiative):
        raise HttpError(403, _("Alleen de redacteuren van deze coalitie en beheerders kunnen de agenda bijwerken."))
    return initiative


def form_data(values):
    return {key: ("" if value is None else value.isoformat() if isinstance(value, datetime.date) else value) for key, value in values.items()}


@router.post(
    "/agenda/{slug}/updates", response={201: UpdateOut, 422: Invalid}, auth=django_auth, summary="Voortgangsbericht plaatsen (redacteuren)"
)
def create_update(request, slug: str, payload: UpdateIn):
    initiative = editable_coalition(request, slug)
    form = StatusUpdateForm(form_data(payload.dict()), today=timezone.localdate())
    if not form.is_valid():
        return invalid(form.errors)
    update = agenda_queries.post_update(initiative, request.user, **form.cleaned_data)
    return Status(201, update_out(agenda_queries.update_fact(update)))


@router.post(
    "/agenda/{slug}/milestones", response={201: MilestoneOut, 422: Invalid}, auth=django_auth, summary="Mijlpaal toevoegen (redacteuren)"
)
def create_milestone(request, slug: str, payload: MilestoneIn):
    initiative = editable_coalition(request, slug)
    today = timezone.localdate()
    form = MilestoneForm(form_data(payload.dict()), instance=Milestone(initiative=initiative), today=today)
    if not form.is_valid():
        return invalid(form.errors)
    milestone = form.save()
    fact = agenda_queries.milestone_fact(milestone)
    return Status(201, milestone_out(agenda.MilestoneState(fact, agenda.milestone_status(fact, today).value)))


@router.patch(
    "/agenda/{slug}/milestones/{milestone_id}", response={200: MilestoneOut, 422: Invalid}, auth=django_auth,
    summary="Mijlpaal wijzigen of als gehaald markeren (redacteuren)",
)  # fmt: skip
def update_milestone(request, slug: str, milestone_id: int, payload: MilestonePatch):
    """Only the fields sent change; ``{"done_on": "2021-06-28"}`` marks the milestone reached, ``{"done_on": null}`` undoes it."""
    initiative = editable_coalition(request, slug)
    milestone = get_object_or_404(Milestone, pk=milestone_id, initiative=initiative)
    today = timezone.localdate()
    values = {"title": milestone.title, "due_label": milestone.due_label, "due_date": milestone.due_date, "done_on": milestone.done_on}
    values |= payload.dict(exclude_unset=True)
    form = MilestoneForm(form_data(values), instance=milestone, today=today)
    if not form.is_valid():
        return invalid(form.errors)
    milestone = form.save()
    fact = agenda_queries.milestone_fact(milestone)
    return milestone_out(agenda.MilestoneState(fact, agenda.milestone_status(fact, today).value))

"""The development fund's API for fund administrators (/api/v1/fund/admin/).

Everything the administrator's pages do, with the same forms and services: invalid input is a 422 with a Dutch
message per field, a refused operation a 409 with the service's Dutch message, and nothing changes on either.
Amounts are integer cents. Money operations take an idempotency key in the body, so a retried request moves
money once.
"""

import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.catalog.models import Provider
from loket.ids import row_id

from . import admin_views as pages
from . import services as fund_services
from .admin_forms import (
    AllocationForm, AuditFilterForm, BudgetForm, FunderForm, GrantForm, MoneyForm, ReportForm, SignalReviewForm,
)  # fmt: skip
from .admin_forms import euros_initial as _euros
from .models import AllocationRound, Budget, Funder, Payout, SignalReview
from .services import FundError
from .services import allocation as allocation_service
from .services import signals as signal_service

router = Router(tags=["fund-admin"], auth=django_auth)


def _admin(request):
    require_role(request, Role.FUND_ADMIN)


def _get(queryset, raw):
    pk = row_id(raw)
    if pk is None:
        raise HttpError(404, _("Niet gevonden."))
    return get_object_or_404(queryset, pk=pk)


def _invalid(form):
    """A 422 with the form's Dutch messages per field."""
    errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    raise HttpError(422, "; ".join(f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages) for field, messages in errors.items()))


def _refused(error):
    raise HttpError(409, str(error))


# --- Schemas -----------------------------------------------------------------


class BudgetFiguresOut(Schema):
    id: int
    name: str
    funder: str
    committed_cents: int
    deposited_cents: int
    repaid_cents: int
    available_cents: int
    reserved_cents: int
    spent_cents: int


class OverviewOut(Schema):
    budgets: list[BudgetFiguresOut]
    waiting_approvals: int
    open_signals: int
    ledger_in_order: bool
    ledger_problems: list[str]


class FunderIn(Schema):
    name: str
    kind: str


class FunderOut(Schema):
    id: int
    name: str
    kind: str


class BudgetIn(Schema):
    funder: int
    name: str
    amount_cents: int = Field(..., description="Toegezegd bedrag in centen")
    valid_from: datetime.date
    valid_until: datetime.date
    municipalities: list[str] = Field(default_factory=list, description="CBS-codes, bijvoorbeeld GM0363")
    regions: list[str] = Field(default_factory=list, description="CBS-codes, bijvoorbeeld AM15")
    target_groups: list[str] = Field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    recognised_only: bool = True
    course_levels: list[str] = Field(default_factory=list)
    max_price_cents: int | None = None
    offering_cap_cents: int | None = None
    provider_cap_cents: int | None = None
    yearly_cap_cents: int | None = None
    co_payment_percent: int = 0
    payout_at_start_percent: int = 100
    refund_rule: str = "keep_start_part"
    priority_rules: list[str] = Field(default_factory=list, description="Waarden uit PriorityRule, in volgorde")
    revolving: bool = False


class BudgetOut(Schema):
    id: int
    funder: int = Field(..., alias="funder_id")
    name: str
    amount_cents: int
    valid_from: datetime.date
    valid_until: datetime.date
    municipalities: list[str]
    regions: list[str]
    target_groups: list[str]
    age_min: int | None
    age_max: int | None
    recognised_only: bool
    course_levels: list[str]
    max_price_cents: int | None
    offering_cap_cents: int | None
    provider_cap_cents: int | None
    yearly_cap_cents: int | None
    co_payment_percent: int
    payout_at_start_percent: int
    refund_rule: str
    priority_rules: list[str]
    revolving: bool


class MoneyIn(Schema):
    amount_cents: int
    key: str = Field(..., description="Idempotentiesleutel (UUID); dezelfde sleutel boekt nooit twee keer")


class TransferOut(Schema):
    id: int
    kind: str
    amount_cents: int
    budget: int = Field(..., alias="budget_id")
    idempotency_key: str


class GrantIn(Schema):
    email: str
    budget: int
    amount_cents: int
    key: str


class AllocationIn(Schema):
    budget: int
    amount_cents: int = Field(..., description="Bedrag per persoon in centen")
    municipalities: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    target_groups: list[str] = Field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None


class AllocationRowOut(Schema):
    participant: int
    served: bool
    reasons: list[str]


class AllocationSkippedOut(Schema):
    participant: int
    reason: str


class AllocationOut(Schema):
    id: int
    budget: int
    amount_cents: int
    rule: dict
    status: str
    eligible_count: int
    served_count: int
    total_cents: int
    rows: list[AllocationRowOut]
    to_do: int = Field(description="Deelnemers die de uitvoering bedient (vast vanaf de start)")
    granted_count: int = Field(description="Al toegekend")
    skipped_count: int = Field(description="Overgeslagen (zie skipped)")
    percent: float
    skipped: list[AllocationSkippedOut]
    started_at: datetime.datetime | None
    carried_out_at: datetime.datetime | None
    error: str


class PayoutOut(Schema):
    id: int
    enrolment: int
    provider: str
    budget: str
    amount_cents: int
    reason: str
    status: str
    first_approved_by: str | None
    second_approved_by: str | None


class RejectIn(Schema):
    reason: str


class ProviderOut(Schema):
    id: int
    name: str
    kind: str
    approved: bool
    courses: int


class ApprovalIn(Schema):
    approved: bool


class ReviewOut(Schema):
    code: str
    subject: str
    verdict: str
    note: str
    reviewed_by: str
    reviewed_at: datetime.datetime


class SignalOut(Schema):
    code: str
    subject: str
    title: str
    explanation: str
    figures: dict
    severity: str
    review: ReviewOut | None


class ReviewIn(Schema):
    code: str
    subject: str
    verdict: str
    note: str = ""


class SpendingRowOut(Schema):
    key: str
    label: str
    granted_cents: int
    reserved_cents: int
    spent_cents: int
    refunded_cents: int
    enrolments: int
    persons: int | str = Field(..., description="Aantal personen; 1 tot 9 wordt '< 10' (kleine aantallen verborgen)")


class AuditOut(Schema):
    id: int
    user: str | None
    action: str
    object_type: str
    object_id: int | None
    data: dict
    created_at: datetime.datetime


class AuditPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[AuditOut]


# --- Helpers -----------------------------------------------------------------


def _budget_form(payload, instance=None):
    data = payload.dict()
    form_data = {name: value for name, value in data.items() if not name.endswith("_cents") and name != "priority_rules"}
    form_data["amount"] = _euros(data["amount_cents"])
    for name in ("max_price", "offering_cap", "provider_cap", "yearly_cap"):
        form_data[name] = _euros(data[f"{name}_cents"])
    for slot, rule in enumerate(data["priority_rules"], start=1):
        form_data[f"priority_{slot}"] = rule
    if len(data["priority_rules"]) > 3:
        raise HttpError(422, _("Een budget heeft hoogstens drie voorrangsregels."))
    for name in ("age_min", "age_max"):
        if form_data[name] is None:
            form_data[name] = ""
    if not form_data["recognised_only"]:
        form_data.pop("recognised_only")
    if not form_data["revolving"]:
        form_data.pop("revolving")
    deposited = pages.inflow_per_budget()[instance.pk]["deposited"] if instance else 0
    return BudgetForm(form_data, instance=instance, deposited_cents=deposited)


def _money_data(payload):
    return {"amount": _euros(payload.amount_cents) if payload.amount_cents > 0 else "0", "key": payload.key}


def _allocation_out(allocation):
    return {
        "id": allocation.pk, "budget": allocation.budget_id, "amount_cents": allocation.amount_cents, "rule": allocation.rule,
        "status": allocation.status, "eligible_count": allocation.eligible_count, "served_count": allocation.served_count,
        "total_cents": allocation.total_cents,
        "rows": pages.allocation_rows(allocation),
        "to_do": allocation.to_do, "granted_count": allocation.granted_count, "skipped_count": allocation.skipped_count,
        "percent": allocation.percent, "skipped": allocation.skipped, "started_at": allocation.started_at,
        "carried_out_at": allocation.carried_out_at, "error": allocation.error,
    }  # fmt: skip


def _payout_out(payout):
    enrolment = payout.enrolment
    return {
        "id": payout.pk, "enrolment": enrolment.pk, "provider": enrolment.offering.course.provider.organisation.name,
        "budget": enrolment.budget.name, "amount_cents": payout.amount_cents, "reason": payout.reason, "status": payout.status,
        "first_approved_by": payout.first_approved_by.email if payout.first_approved_by else None,
        "second_approved_by": payout.second_approved_by.email if payout.second_approved_by else None,
    }  # fmt: skip


def _review_out(review):
    if review is None:
        return None
    return {"code": review.code, "subject": review.subject, "verdict": review.verdict, "note": review.note,
            "reviewed_by": review.reviewed_by.email, "reviewed_at": review.reviewed_at}  # fmt: skip


# --- Endpoints ---------------------------------------------------------------


@router.get("/overview", response=OverviewOut, summary="Overzicht: geld per budget, wachtende goedkeuringen, signalen, grootboekcontrole")
def overview(request):
    _admin(request)
    problems = pages.ledger_problems()
    budgets = [
        {"id": row["budget"].pk, "name": row["budget"].name, "funder": row["budget"].funder.name,
         **{key: value for key, value in row.items() if key.endswith("_cents")}}
        for row in pages.budget_figures()
    ]  # fmt: skip
    return {
        "budgets": budgets, "waiting_approvals": pages.waiting_payouts().count(), "open_signals": len(pages.open_signals()),
        "ledger_in_order": not problems, "ledger_problems": problems,
    }  # fmt: skip


@router.get("/funders", response=list[FunderOut], summary="Financiers")
def funders(request):
    _admin(request)
    return list(Funder.objects.all())


@router.post("/funders", response={201: FunderOut}, summary="Financier toevoegen")
def funder_create(request, payload: FunderIn):
    _admin(request)
    form = FunderForm(payload.dict())
    if not form.is_valid():
        _invalid(form)
    funder = form.save()
    fund_services.audit.record(request.user, "funder_created", funder, name=funder.name)
    return Status(201, funder)


@router.get("/budgets", response=list[BudgetOut], summary="Budgetten met al hun regels")
def budgets(request):
    _admin(request)
    return list(Budget.objects.all())


@router.post("/budgets", response={201: BudgetOut}, summary="Budget aanmaken")
def budget_create(request, payload: BudgetIn):
    _admin(request)
    form = _budget_form(payload)
    if not form.is_valid():
        _invalid(form)
    return Status(201, pages.save_budget(form, request.user))


@router.put("/budgets/{budget_id}", response=BudgetOut, summary="Regels van een budget wijzigen")
def budget_update(request, budget_id: str, payload: BudgetIn):
    _admin(request)
    budget = _get(Budget.objects.all(), budget_id)
    form = _budget_form(payload, instance=budget)
    if not form.is_valid():
        _invalid(form)
    return pages.save_budget(form, request.user)


def _money(request, budget_id, payload, kind):
    _admin(request)
    budget = _get(Budget.objects.select_related("funder"), budget_id)
    form = MoneyForm(_money_data(payload))
    if not form.is_valid():
        _invalid(form)
    operation = fund_services.deposit if kind == "deposit" else fund_services.repayment
    try:
        transfer = operation(budget, form.cleaned_data["amount"], key=f"admin-{kind}-{form.cleaned_data['key']}", user=request.user)
    except FundError as error:
        _refused(error)
    return Status(201, transfer)


@router.post("/budgets/{budget_id}/deposits", response={201: TransferOut}, summary="Storting van de financier boeken")
def deposit(request, budget_id: str, payload: MoneyIn):
    return _money(request, budget_id, payload, "deposit")


@router.post("/budgets/{budget_id}/repayments", response={201: TransferOut}, summary="Terugbetaling in een revolverend budget boeken")
def repayment(request, budget_id: str, payload: MoneyIn):
    return _money(request, budget_id, payload, "repayment")


@router.post("/grants", response={201: TransferOut}, summary="Tegoed toekennen aan één deelnemer (op e-mailadres)")
def grant(request, payload: GrantIn):
    _admin(request)
    form = GrantForm({"email": payload.email, "budget": payload.budget, "key": payload.key,
                      "amount": _euros(payload.amount_cents) if payload.amount_cents > 0 else "0"})  # fmt: skip
    if not form.is_valid():
        _invalid(form)
    data = form.cleaned_data
    try:
        transfer = fund_services.grant_to_participant(
            data["budget"], data["participant"], data["amount"], user=request.user, key=f"admin-grant-{data['key']}"
        )
    except FundError as error:
        _refused(error)
    return Status(201, transfer)


@router.post("/allocation-rounds", response={201: AllocationOut}, summary="Toekenning op regel: voorbeeld (boekt nog niets)")
def allocation_preview(request, payload: AllocationIn):
    _admin(request)
    data = payload.dict()
    data["amount"] = _euros(data.pop("amount_cents")) if payload.amount_cents > 0 else "0"
    data = {name: ("" if value is None else value) for name, value in data.items()}
    form = AllocationForm(data)
    if not form.is_valid():
        _invalid(form)
    try:
        allocation = fund_services.preview_allocation(
            form.cleaned_data["budget"], amount_cents=form.cleaned_data["amount"], rule=form.rule(), user=request.user
        )
    except FundError as error:
        _refused(error)
    return Status(201, _allocation_out(allocation))


@router.get("/allocation-rounds/{round_id}", response=AllocationOut, summary="Een toekenningsronde, met wie wel en wie niet, of de voortgang")
def allocation_detail(request, round_id: str):
    _admin(request)
    allocation_service.close_stale_rounds()
    return _allocation_out(_get(AllocationRound.objects.all(), round_id))


@router.post(
    "/allocation-rounds/{round_id}/carry-out", response={202: AllocationOut},
    summary="Toekenningsronde uitvoeren op de achtergrond (één keer; een onderbroken ronde hervatten)",
)  # fmt: skip
def allocation_carry_out(request, round_id: str):
    _admin(request)
    allocation = _get(AllocationRound.objects.select_related("budget"), round_id)
    try:
        allocation = fund_services.start_allocation(allocation, user=request.user)
    except FundError as error:
        _refused(error)
    allocation_service.start_in_background(allocation)
    return Status(202, _allocation_out(allocation))


PAYOUTS = Payout.objects.select_related(
    "enrolment__offering__course__provider__organisation", "enrolment__budget", "first_approved_by", "second_approved_by"
)


@router.get("/payouts", response=list[PayoutOut], summary="Uitbetalingen die op goedkeuring wachten")
def payouts(request):
    _admin(request)
    return [_payout_out(payout) for payout in PAYOUTS.filter(status=Payout.Status.WAITING)]


@router.post("/payouts/{payout_id}/approve", response=PayoutOut, summary="Uitbetaling goedkeuren (twee verschillende beheerders)")
def payout_approve(request, payout_id: str):
    _admin(request)
    payout = _get(PAYOUTS, payout_id)
    try:
        payout = fund_services.approve_payout(payout, user=request.user)
    except FundError as error:
        _refused(error)
    return _payout_out(PAYOUTS.get(pk=payout.pk))


@router.post("/payouts/{payout_id}/reject", response=PayoutOut, summary="Uitbetaling afwijzen")
def payout_reject(request, payout_id: str, payload: RejectIn):
    _admin(request)
    payout = _get(PAYOUTS, payout_id)
    if not payload.reason.strip():
        raise HttpError(422, _("Geef een reden voor de afwijzing."))
    try:
        payout = fund_services.reject_payout(payout, user=request.user, reason=payload.reason.strip()[:500])
    except FundError as error:
        _refused(error)
    return _payout_out(PAYOUTS.get(pk=payout.pk))


@router.get("/providers", response=list[ProviderOut], summary="Opleiders en hun goedkeuring voor het fonds")
def providers(request):
    _admin(request)
    queryset = Provider.objects.select_related("organisation").annotate(course_count=Count("courses")).order_by("organisation__name")
    return [
        {"id": p.pk, "name": p.organisation.name, "kind": p.kind, "approved": p.approved, "courses": p.course_count} for p in queryset
    ]


@router.put("/providers/{provider_id}/approval", response=ProviderOut, summary="Opleider goedkeuren of de goedkeuring intrekken")
def provider_approval(request, provider_id: str, payload: ApprovalIn):
    _admin(request)
    provider = _get(Provider.objects.select_related("organisation"), provider_id)
    pages.set_provider_approval(provider, payload.approved, request.user)
    return {"id": provider.pk, "name": provider.organisation.name, "kind": provider.kind, "approved": provider.approved,
            "courses": provider.courses.count()}  # fmt: skip


@router.get("/signals", response=list[SignalOut], summary="Huidige signalen met uitleg, cijfers en het laatste oordeel")
def signals(request):
    _admin(request)
    return [
        {"code": s.code, "subject": s.subject, "title": str(s.title), "explanation": str(s.explanation), "figures": s.figures,
         "severity": str(s.severity), "review": _review_out(s.review)}
        for s in signal_service.current_signals()
    ]  # fmt: skip


@router.post("/signals/reviews", response={201: ReviewOut}, summary="Oordeel over een signaal vastleggen")
def signal_review(request, payload: ReviewIn):
    _admin(request)
    form = SignalReviewForm(payload.dict())
    if not form.is_valid():
        _invalid(form)
    data = form.cleaned_data
    try:
        review = signal_service.review_signal(data["code"], data["subject"], verdict=data["verdict"], note=data["note"], user=request.user)
    except FundError as error:
        _refused(error)
    return Status(201, _review_out(review))


@router.get("/signals/reviews", response=list[ReviewOut], summary="Eerdere oordelen, nieuwste eerst")
def signal_reviews(request, page: int = 1):
    _admin(request)
    reviews = Paginator(SignalReview.objects.select_related("reviewed_by"), pages.PAGE_SIZE).get_page(page)
    return [_review_out(review) for review in reviews]


GroupBy = Literal["budget", "region", "target_group", "offering", "provider", "month"]


@router.get("/reports/spending", response=list[SpendingRowOut], summary="Besteding per budget, regio, doelgroep, aanbod, opleider of maand")
def spending(
    request, group_by: GroupBy = "budget", date_from: datetime.date | None = None, date_to: datetime.date | None = None,
    budget: int | None = None, format: Literal["json", "csv", "xlsx"] = "json",
):  # fmt: skip
    _admin(request)
    form = ReportForm({"group_by": group_by, "date_from": date_from or "", "date_to": date_to or "", "budget": budget or ""})
    if not form.is_valid():
        _invalid(form)
    rows = pages.report_rows(form.cleaned_data)
    if format != "json":
        return pages.report_file(rows, format, group_by)
    return [{**row, "key": "" if row["key"] is None else str(row["key"]), "label": str(row["label"]), "persons": row["persons_shown"]} for row in rows]


@router.get("/audit", response=AuditPageOut, summary="Auditlog: wie, wat, wanneer; te filteren op handeling, gebruiker en object")
def audit_log(
    request, action: str = "", user: str = "", object_type: str = "", object_id: int | None = None, page: int = 1
):  # fmt: skip
    _admin(request)
    form = AuditFilterForm(
        {"action": action, "user": user, "object_type": object_type, "object_id": object_id or ""}, actions=pages.audit_actions()
    )
    if not form.is_valid():
        _invalid(form)
    paginator = Paginator(pages.audit_entries(form.cleaned_data), pages.PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count, "page": current.number, "pages": paginator.num_pages,
        "results": [
            {"id": e.pk, "user": e.user.email if e.user else None, "action": e.action, "object_type": e.object_type,
             "object_id": e.object_id, "data": e.data, "created_at": e.created_at}
            for e in current
        ],
    }  # fmt: skip

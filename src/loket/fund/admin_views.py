"""The development fund's pages for fund administrators (/ontwikkelfonds/beheer/).

The pages only read input and call the fund's services; every rule and every refusal (a ``FundError`` with a
Dutch message) is in the services, and every action is in the audit log. Money forms carry an idempotency key
made when the form was shown, so a double submit moves money once. The API (admin_api.py) calls the same
functions below for its figures, so the pages and the API always agree.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.catalog.models import Provider
from loket.ids import row_id

from . import ledger
from . import services as fund_services
from .admin_forms import (
    AllocationForm, AuditFilterForm, BudgetForm, FunderForm, GrantForm, MoneyForm, RejectForm, ReportForm,
    SignalReviewForm,
)  # fmt: skip
from .models import AllocationRound, AuditLog, Budget, Payout, SignalReview, Transfer, TransferKind
from .services import FundError, audit
from .services import allocation as allocation_service

fund_admin = role_required(Role.FUND_ADMIN)
PAGE_SIZE = 50


def get_or_404(queryset, raw):
    pk = row_id(raw)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


# --- Figures shared with the API ---------------------------------------------------


def inflow_per_budget():
    """Budget id → {"deposited", "repaid"} in cents."""
    inflow = defaultdict(lambda: {"deposited": 0, "repaid": 0})
    rows = (
        Transfer.objects.filter(kind__in=[TransferKind.DEPOSIT, TransferKind.REPAYMENT])
        .values("budget_id", "kind")
        .annotate(total=Sum("amount_cents"))
    )
    for row in rows:
        inflow[row["budget_id"]]["deposited" if row["kind"] == TransferKind.DEPOSIT else "repaid"] += row["total"]
    return inflow


def budget_figures(budgets=None):
    """Per budget: committed, deposited, repaid, available (pool + person credit + vouchers), reserved, spent."""
    accounts, _transfers, entries = fund_services.load_ledger()
    totals = ledger.budget_totals(accounts, entries)
    inflow = inflow_per_budget()
    budgets = list(budgets if budgets is not None else Budget.objects.select_related("funder"))
    rows = []
    for budget in budgets:
        money = totals.get(budget.pk, {"available": 0, "reserved": 0, "spent": 0})
        rows.append(
            {
                "budget": budget,
                "committed_cents": budget.amount_cents,
                "deposited_cents": inflow[budget.pk]["deposited"],
                "repaid_cents": inflow[budget.pk]["repaid"],
                "available_cents": money["available"],
                "reserved_cents": money["reserved"],
                "spent_cents": money["spent"],
            }
        )
    return rows


def ledger_problems():
    """The ledger invariant check, each violation in words (empty: in order)."""
    from .management.commands.ledger_check import describe

    return [describe(code, params) for code, params in fund_services.check_ledger()]


def open_signals(today=None):
    """The current fraud signals nobody judged "in orde" yet."""
    from .services import signals as signal_service

    signals = signal_service.current_signals(today=today)
    return [signal for signal in signals if signal.review is None or signal.review.verdict != SignalReview.Verdict.FINE]


def waiting_payouts():
    return Payout.objects.filter(status=Payout.Status.WAITING).select_related(
        "enrolment__offering__course__provider__organisation", "enrolment__budget", "first_approved_by"
    )


def allocation_rows(allocation):
    """Who a previewed round serves and who not, with the priority rules each meets; participants by number only."""
    if allocation.status != AllocationRound.Status.PREVIEWED:
        return []
    return [
        {"participant": row["participant"].pk, "served": row["served"], "reasons": [str(reason) for reason in row.get("priority reasons", [])]}
        for row in fund_services.allocation_preview_rows(allocation)
    ]


def audit_entries(filters):
    entries = AuditLog.objects.select_related("user")
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("user"):
        entries = entries.filter(user__email__icontains=filters["user"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"])
    return entries


def audit_actions():
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def spending_chart(rows, group_by):
    """A Vega-Lite spec of the money spent per group (a line over the months, else bars)."""
    values = [{"label": str(row["label"]), "euro": row["spent_cents"] / 100} for row in rows]
    over_time = group_by == "month"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 240 if over_time else max(60, 24 * len(values)),
        "data": {"values": values},
        "mark": {"type": "line", "point": True} if over_time else {"type": "bar"},
        "encoding": (
            {"x": {"field": "label", "type": "ordinal", "title": _("Maand")},
             "y": {"field": "euro", "type": "quantitative", "title": _("Besteed (euro)")}}
            if over_time else
            {"y": {"field": "label", "type": "nominal", "title": None, "sort": "-x"},
             "x": {"field": "euro", "type": "quantitative", "title": _("Besteed (euro)")}}
        ),
    }  # fmt: skip


def report_rows(cleaned):
    from .services import reports

    return reports.spending(cleaned["group_by"], date_from=cleaned.get("date_from"), date_to=cleaned.get("date_to"), budget=cleaned.get("budget"))


def report_file(rows, file_format, group_by):
    """The report as a CSV or Excel download."""
    from . import exports, reports

    columns = [(key, str(title)) for key, title in reports.spending_columns(group_by)]
    plain = [{**row, "label": str(row["label"])} for row in rows]
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        response = HttpResponse(
            exports.rows_to_xlsx(columns, plain, _("Besteding")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="ontwikkelfonds-besteding-{group_by}-{stamp}.xlsx"'
        return response
    response = HttpResponse(exports.rows_to_csv(columns, plain), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ontwikkelfonds-besteding-{group_by}-{stamp}.csv"'
    return response


def save_budget(form, user):
    """Save a valid BudgetForm and audit what changed."""
    created = form.instance.pk is None
    with transaction.atomic():
        budget = form.save()
        changed = {"priority_rules" if name.startswith("priority_") else name for name in form.changed_data}
        audit.record(user, "budget_created" if created else "budget_changed", budget, fields=sorted(changed))
    return budget


def set_provider_approval(provider, approved, user):
    with transaction.atomic():
        provider.approved = approved
        provider.save(update_fields=["approved"])
        audit.record(user, "provider_approved" if approved else "provider_unapproved", provider)
    return provider


# --- Pages ------------------------------------------------------------------------


def _render(request, template, context, *, has_errors=False):
    return render(request, template, context, status=400 if has_errors else 200)


@require_GET
@fund_admin
def overview(request):
    signals = len(open_signals())
    return render(
        request,
        "fund/admin_overview.html",
        {"rows": budget_figures(), "waiting": waiting_payouts().count(), "signals": signals, "problems": ledger_problems()},
    )


@require_GET
@fund_admin
def budgets(request):
    return render(request, "fund/admin_budgets.html", {"rows": budget_figures(), "funder_form": FunderForm()})


@require_POST
@fund_admin
def funder_create(request):
    form = FunderForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            funder = form.save()
            audit.record(request.user, "funder_created", funder, name=funder.name)
        messages.success(request, _("Financier %(name)s is toegevoegd.") % {"name": funder.name})
        return redirect("fund:admin_budgets")
    return _render(request, "fund/admin_budgets.html", {"rows": budget_figures(), "funder_form": form}, has_errors=True)


@require_http_methods(["GET", "POST"])
@fund_admin
def budget_edit(request, pk=None):
    budget = get_or_404(Budget.objects.all(), pk) if pk is not None else None
    deposited = inflow_per_budget()[budget.pk]["deposited"] if budget else 0
    form = BudgetForm(request.POST or None, instance=budget, deposited_cents=deposited)
    if request.method == "POST" and form.is_valid():
        budget = save_budget(form, request.user)
        messages.success(request, _("Budget %(name)s is opgeslagen.") % {"name": budget.name})
        return redirect("fund:admin_budget", pk=budget.pk)
    return _render(request, "fund/admin_budget_edit.html", {"form": form, "budget": budget}, has_errors=form.is_bound)


def _budget_page(request, budget, deposit_form=None, repayment_form=None, has_errors=False):
    transfers = Transfer.objects.filter(budget=budget, kind__in=[TransferKind.DEPOSIT, TransferKind.REPAYMENT]).select_related("created_by")
    return _render(
        request,
        "fund/admin_budget.html",
        {
            "budget": budget, "figures": budget_figures([budget])[0], "deposit_form": deposit_form or MoneyForm(prefix="storting"),
            "repayment_form": repayment_form or MoneyForm(prefix="terugbetaling"), "transfers": transfers.order_by("-created_at")[:20],
        },
        has_errors=has_errors,
    )  # fmt: skip


@require_GET
@fund_admin
def budget_detail(request, pk):
    return _budget_page(request, get_or_404(Budget.objects.select_related("funder"), pk))


@require_POST
@fund_admin
def budget_money(request, pk, kind):
    budget = get_or_404(Budget.objects.select_related("funder"), pk)
    prefix = "storting" if kind == "deposit" else "terugbetaling"
    form = MoneyForm(request.POST, prefix=prefix)
    if form.is_valid():
        operation = fund_services.deposit if kind == "deposit" else fund_services.repayment
        try:
            operation(budget, form.cleaned_data["amount"], key=f"admin-{kind}-{form.cleaned_data['key']}", user=request.user)
        except FundError as error:
            form.add_error("amount", str(error))
        else:
            done = _("De storting is geboekt.") if kind == "deposit" else _("De terugbetaling is geboekt.")
            messages.success(request, done)
            return redirect("fund:admin_budget", pk=budget.pk)
    forms = {"deposit_form": form} if kind == "deposit" else {"repayment_form": form}
    return _budget_page(request, budget, has_errors=True, **forms)


def _grants_page(request, grant_form=None, allocation_form=None, has_errors=False):
    return _render(
        request,
        "fund/admin_grants.html",
        {
            "grant_form": grant_form or GrantForm(prefix="persoon"), "allocation_form": allocation_form or AllocationForm(prefix="regel"),
            "rounds": AllocationRound.objects.select_related("budget", "created_by", "carried_out_by")[:20],
        },
        has_errors=has_errors,
    )  # fmt: skip


@require_GET
@fund_admin
def grants(request):
    return _grants_page(request)


@require_POST
@fund_admin
def grant_one(request):
    form = GrantForm(request.POST, prefix="persoon")
    if form.is_valid():
        data = form.cleaned_data
        try:
            fund_services.grant_to_participant(
                data["budget"], data["participant"], data["amount"], user=request.user, key=f"admin-grant-{data['key']}"
            )
        except FundError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het tegoed is toegekend aan %(email)s.") % {"email": data["email"]})
            return redirect("fund:admin_grants")
    return _grants_page(request, grant_form=form, has_errors=True)


@require_POST
@fund_admin
def allocation_preview(request):
    form = AllocationForm(request.POST, prefix="regel")
    if form.is_valid():
        try:
            allocation = fund_services.preview_allocation(
                form.cleaned_data["budget"], amount_cents=form.cleaned_data["amount"], rule=form.rule(), user=request.user
            )
        except FundError as error:
            form.add_error(None, str(error))
        else:
            return redirect("fund:admin_allocation", pk=allocation.pk)
    return _grants_page(request, allocation_form=form, has_errors=True)


def _allocation_page(request, allocation, error=None):
    rows = allocation_rows(allocation)
    not_served = [row for row in rows if not row["served"]]
    context = {"allocation": allocation, "rows": rows, "not_served": not_served, "served": len(rows) - len(not_served), "error": error}
    if request.headers.get("HX-Request"):
        return render(request, "fund/_allocation_progress.html", context)
    return _render(request, "fund/admin_allocation.html", context, has_errors=error is not None)


@require_GET
@fund_admin
def allocation_detail(request, pk):
    """The round: its preview, or while it is carried out its progress (HTMX polls this page), then its outcome."""
    allocation_service.close_stale_rounds()
    return _allocation_page(request, get_or_404(AllocationRound.objects.select_related("budget", "carried_out_by"), pk))


@require_POST
@fund_admin
def allocation_carry_out(request, pk):
    """Start carrying out (or resume) the round in the background; the round's page shows the progress."""
    allocation = get_or_404(AllocationRound.objects.select_related("budget"), pk)
    resuming = allocation.status == AllocationRound.Status.FAILED
    try:
        allocation = fund_services.start_allocation(allocation, user=request.user)
    except FundError as error:
        return _allocation_page(request, allocation, error=str(error))
    allocation_service.start_in_background(allocation)
    messages.success(
        request,
        _("De toekenningsronde wordt hervat. De voortgang staat hieronder.") if resuming
        else _("De toekenningsronde wordt uitgevoerd. De voortgang staat hieronder."),
    )  # fmt: skip
    return redirect("fund:admin_allocation", pk=allocation.pk)


def _approvals_page(request, error=None, reject_form=None, rejecting=None):
    return _render(
        request,
        "fund/admin_approvals.html",
        {
            "payouts": waiting_payouts(), "error": error, "reject_form": reject_form or RejectForm(), "rejecting": rejecting,
            "recent": Payout.objects.exclude(status=Payout.Status.WAITING).select_related(
                "enrolment__offering__course__provider__organisation", "first_approved_by", "second_approved_by"
            ).order_by("-id")[:20],
        },
        has_errors=error is not None or (reject_form is not None and reject_form.errors),
    )  # fmt: skip


@require_GET
@fund_admin
def approvals(request):
    return _approvals_page(request)


@require_POST
@fund_admin
def payout_approve(request, pk):
    payout = get_or_404(Payout.objects.all(), pk)
    try:
        payout = fund_services.approve_payout(payout, user=request.user)
    except FundError as error:
        return _approvals_page(request, error=str(error))
    if payout.status == Payout.Status.POSTED:
        messages.success(request, _("Tweede goedkeuring gegeven: de uitbetaling is geboekt."))
    else:
        messages.success(request, _("Eerste goedkeuring gegeven. Een andere fondsbeheerder moet nog goedkeuren."))
    return redirect("fund:admin_approvals")


@require_POST
@fund_admin
def payout_reject(request, pk):
    payout = get_or_404(Payout.objects.all(), pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            fund_services.reject_payout(payout, user=request.user, reason=form.cleaned_data["reason"])
        except FundError as error:
            return _approvals_page(request, error=str(error))
        messages.success(request, _("De uitbetaling is afgewezen; het geld gaat terug naar het tegoed van de persoon."))
        return redirect("fund:admin_approvals")
    return _approvals_page(request, reject_form=form, rejecting=payout.pk)


@require_GET
@fund_admin
def providers(request):
    queryset = Provider.objects.select_related("organisation").annotate(course_count=Count("courses")).order_by("organisation__name")
    return render(request, "fund/admin_providers.html", {"providers": queryset})


@require_POST
@fund_admin
def provider_approval(request, pk):
    provider = get_or_404(Provider.objects.select_related("organisation"), pk)
    approved = request.POST.get("approved") == "1"
    set_provider_approval(provider, approved, request.user)
    if approved:
        messages.success(request, _("%(name)s is goedgekeurd voor het ontwikkelfonds.") % {"name": provider.organisation.name})
    else:
        messages.success(request, _("De goedkeuring van %(name)s is ingetrokken.") % {"name": provider.organisation.name})
    return redirect("fund:admin_providers")


# The figures of a signal (fund/fraud.py) under Dutch labels; some keys mean something else per signal.
FIGURE_LABELS = {
    "near": _lazy("Inschrijvingen net onder het plafond"),
    "total": _lazy("Inschrijvingen in totaal"),
    "share_percent": _lazy("Aandeel net onder het plafond"),
    "others_share_percent": _lazy("Aandeel bij de andere opleiders"),
    "expected_percent": _lazy("Aandeel bij gelijk verdeelde prijzen"),
    "band_low": _lazy("Ondergrens van de band"),
    "ceiling": _lazy("Plafond"),
    "budget": _lazy("Budget"),
    "provider": _lazy("Opleider"),
    "near_by_budget": _lazy("Net onder het plafond, per budget"),
    "count": _lazy("Aantal"),
    "median": _lazy("Mediaan"),
    "weeks": _lazy("Vergeleken weken"),
    "days": _lazy("Periode (dagen)"),
    "weeks_ago": _lazy("Weken geleden (0 is de afgelopen week)"),
    "address": _lazy("Adres (postcode en huisnummer)"),
    "persons": _lazy("Personen"),
    "enrolments": _lazy("Inschrijvingen"),
    "providers": _lazy("Opleiders"),
    "top_provider": _lazy("Opleider met de meeste inschrijvingen"),
    "top_count": _lazy("Inschrijvingen bij die opleider"),
    "title": _lazy("Opleiding"),
    "price": _lazy("Prijs"),
    "peers": _lazy("Vergelijkbare aanbiedingen van andere opleiders"),
    "hours": _lazy("Studie-uren"),
    "skills": _lazy("Vaardigheden"),
    "factor": _lazy("Keer de mediaanprijs"),
    "completed": _lazy("Afgeronde inschrijvingen"),
    "percent": _lazy("Grens voor aanwezigheid"),
    "old_price": _lazy("Oude prijs"),
    "new_price": _lazy("Nieuwe prijs"),
    "at_old": _lazy("Inschrijvingen tegen de oude prijs"),
    "at_new": _lazy("Inschrijvingen tegen de nieuwe prijs"),
    "raise_percent": _lazy("Verhoging"),
}
FIGURE_LABELS_BY_SIGNAL = {
    ("enrolment_burst", "count"): _lazy("Inschrijvingen in die periode"),
    ("enrolment_burst", "median"): _lazy("Mediaan per week in de weken daarvoor"),
    ("price_outlier", "median"): _lazy("Mediaanprijs van vergelijkbaar aanbod"),
    ("completion_without_attendance", "count"): _lazy("Afgerond met te weinig of geen aanwezigheid"),
}
SEVERITY_LABELS = {"high": _lazy("hoog"), "medium": _lazy("middel")}


def _figure_value(name, value, budget_names):
    if name == "near_by_budget" and isinstance(value, dict):
        return "; ".join(f"{budget_names.get(str(key), key)}: {count}" for key, count in value.items())
    if value is None:
        return "—"
    if name == "percent" or name.endswith("_percent"):
        return f"{value} %"
    return value


def signal_figures(signal, budget_names=None):
    """[(label, value)] for the signals page; a figure without a label keeps its key, so a new one is still shown."""
    budget_names = budget_names or {}
    return [
        (
            str(FIGURE_LABELS_BY_SIGNAL.get((signal.code, name)) or FIGURE_LABELS.get(name) or name.replace("_", " ").capitalize()),
            _figure_value(name, value, budget_names),
        )
        for name, value in signal.figures.items()
    ]


def _signals_page(request, form=None):
    from .services import signals as signal_service

    signals = signal_service.current_signals()
    ids = {key for signal in signals for key in (signal.figures.get("near_by_budget") or {})}
    budget_names = {str(pk): name for pk, name in Budget.objects.filter(pk__in=[row_id(i) for i in ids if row_id(i)]).values_list("pk", "name")}
    for signal in signals:
        signal.figure_rows = signal_figures(signal, budget_names)
        signal.severity_label = SEVERITY_LABELS.get(signal.severity, signal.severity)
    history = Paginator(SignalReview.objects.select_related("reviewed_by"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return _render(
        request, "fund/admin_signals.html", {"signals": signals, "history": history, "form": form, "verdicts": SignalReview.Verdict.choices},
        has_errors=form is not None,
    )  # fmt: skip


@require_GET
@fund_admin
def signals(request):
    return _signals_page(request)


@require_POST
@fund_admin
def signal_review(request):
    form = SignalReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            from .services import signals as signal_service

            signal_service.review_signal(data["code"], data["subject"], verdict=data["verdict"], note=data["note"], user=request.user)
        except FundError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uw oordeel is vastgelegd."))
            return redirect("fund:admin_signals")
    return _signals_page(request, form=form)


@require_GET
@fund_admin
def reports(request):
    form = ReportForm(request.GET or None)
    rows, chart = [], None
    valid = form.is_valid() if form.is_bound else True
    cleaned = form.cleaned_data if form.is_bound and valid else {"group_by": "budget"}
    if valid:
        rows = report_rows(cleaned)
        chart = spending_chart(rows, cleaned["group_by"])
    query = request.GET.urlencode()
    return _render(
        request, "fund/admin_reports.html",
        {"form": form, "rows": rows, "chart": chart, "query": query, "group_by": cleaned.get("group_by", "budget")},
        has_errors=not valid,
    )  # fmt: skip


@require_GET
@fund_admin
def report_download(request, file_format):
    form = ReportForm(request.GET)
    if not form.is_valid():
        return _render(request, "fund/admin_reports.html", {"form": form, "rows": [], "chart": None, "query": ""}, has_errors=True)
    return report_file(report_rows(form.cleaned_data), file_format, form.cleaned_data["group_by"])


@require_GET
@fund_admin
def audit_log(request):
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    valid = form.is_valid() if form.is_bound else True
    entries = audit_entries(form.cleaned_data if form.is_bound and valid else {})
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return _render(request, "fund/admin_audit.html", {"form": form, "page": page, "query": query.urlencode()}, has_errors=not valid)


urlpatterns = [
    path("beheer/", overview, name="admin_overview"),
    path("beheer/budgetten/", budgets, name="admin_budgets"),
    path("beheer/financiers/nieuw/", funder_create, name="admin_funder_create"),
    path("beheer/budgetten/nieuw/", budget_edit, name="admin_budget_create"),
    path("beheer/budgetten/<str:pk>/", budget_detail, name="admin_budget"),
    path("beheer/budgetten/<str:pk>/bewerken/", budget_edit, name="admin_budget_edit"),
    path("beheer/budgetten/<str:pk>/storten/", budget_money, {"kind": "deposit"}, name="admin_deposit"),
    path("beheer/budgetten/<str:pk>/terugbetaling/", budget_money, {"kind": "repayment"}, name="admin_repayment"),
    path("beheer/toekennen/", grants, name="admin_grants"),
    path("beheer/toekennen/persoon/", grant_one, name="admin_grant_one"),
    path("beheer/toekennen/regel/", allocation_preview, name="admin_allocation_preview"),
    path("beheer/toekenningsrondes/<str:pk>/", allocation_detail, name="admin_allocation"),
    path("beheer/toekenningsrondes/<str:pk>/uitvoeren/", allocation_carry_out, name="admin_allocation_carry_out"),
    path("beheer/goedkeuren/", approvals, name="admin_approvals"),
    path("beheer/goedkeuren/<str:pk>/goedkeuren/", payout_approve, name="admin_payout_approve"),
    path("beheer/goedkeuren/<str:pk>/afwijzen/", payout_reject, name="admin_payout_reject"),
    path("beheer/opleiders/", providers, name="admin_providers"),
    path("beheer/opleiders/<str:pk>/", provider_approval, name="admin_provider_approval"),
    path("beheer/signalen/", signals, name="admin_signals"),
    path("beheer/signalen/beoordelen/", signal_review, name="admin_signal_review"),
    path("beheer/rapportages/", reports, name="admin_reports"),
    path("beheer/rapportages/besteding.csv", report_download, {"file_format": "csv"}, name="admin_report_csv"),
    path("beheer/rapportages/besteding.xlsx", report_download, {"file_format": "xlsx"}, name="admin_report_xlsx"),
    path("beheer/auditlog/", audit_log, name="admin_audit"),
]

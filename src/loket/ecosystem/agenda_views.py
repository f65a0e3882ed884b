"""Pages of the action agenda: the agenda per theme, a coalition with its milestones and updates, and the
overviews for the regiegroep and the leer- en adviescommissie (docs/agenda.md).

Reading is public. Writing (a status update, a reached milestone, a new or changed milestone) is for the
coalition's editors and administrators (``permissions.can_edit_initiative``); others never see the forms.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import agenda, agenda_queries
from .agenda_forms import MilestoneDoneForm, MilestoneForm, StatusUpdateForm
from .models import Initiative, Milestone
from .permissions import can_edit_initiative
from .vocabulary import COALITION_KINDS, Theme


def agenda_view(request):
    today = timezone.localdate()
    chosen = {field: request.GET.get(name, "").strip() for field, name in (("theme", "thema"), ("status", "status"), ("kind", "soort"))}
    errors = agenda_queries.check_filters(**chosen)
    for field, _message in errors:
        chosen[field] = ""  # an unknown value is ignored, and said so, rather than showing an empty agenda
    theme, status, kind = chosen["theme"], chosen["status"], chosen["kind"]
    page = agenda_queries.agenda_page(today, theme, status, kind)

    def cells(counts, theme_code, linked=True):
        """(status, count, link to the coalitions behind the count) for one row of the counts table."""
        query = {"thema": theme_code, "soort": kind}
        return [
            (value, counts[value], ("?" + urlencode({k: v for k, v in (query | {"status": value}).items() if v})) if linked else "")
            for value in agenda.CoalitionStatus.values
        ]

    return render(
        request,
        "ecosystem/agenda.html",
        {
            "page": page,
            "groups": [(code, label, group, status_summary(group)) for code, label, group in page.groups],
            # Most coalitions serve several themes, so an unfiltered agenda lists each several times: it opens folded.
            "open_groups": bool(theme or status or kind),
            "count_rows": [(code, label, cells(counts, code, linked=bool(code))) for code, label, counts in page.counts],
            "total_cells": cells(page.totals, theme),
            "today": today,
            "filters": {"thema": theme, "status": status, "soort": kind},
            "errors": [message for _field, message in errors],
            "themes": Theme.choices,
            "statuses": agenda.CoalitionStatus.choices,
            "kinds": [(k.value, k.label) for k in COALITION_KINDS],
            "due_soon_days": agenda.DUE_SOON_DAYS,
            "recent_days": agenda.RECENT_UPDATE_DAYS,
        },
        status=400 if errors else 200,
    )


def status_summary(entries):
    """[(status label, count)] of the statuses present, for the line above a theme's coalitions."""
    counts = agenda.count_by_status(e.status for e in entries)
    return [(str(agenda.CoalitionStatus(value).label), n) for value, n in counts.items() if n]


def coalition_or_404(slug):
    return get_object_or_404(Initiative, slug=slug, kind__in=COALITION_KINDS)


def require_editor(request, initiative):
    """None when the user may edit; otherwise the response (log in, or a 403 saying who may)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_initiative(request.user, initiative):
        raise PermissionDenied(_("Alleen de redacteuren van deze coalitie en beheerders kunnen de agenda bijwerken."))
    return None


def render_coalition(request, slug, update_form=None, done_form=None, done_milestone=None, status=200):
    today = timezone.localdate()
    entry = agenda_queries.coalition(slug, today)
    if entry is None:
        raise Http404
    editor = can_edit_initiative(request.user, entry.initiative)
    rows = []
    for state in entry.timeline():
        form = None
        if editor and state.status != agenda.MilestoneStatus.DONE:
            form = done_form if state.milestone.id == done_milestone else MilestoneDoneForm(today=today, prefix=f"mijlpaal-{state.milestone.id}")
        rows.append((state, form))
    context = {
        "entry": entry, "initiative": entry.initiative, "today": today, "editor": editor, "milestone_rows": rows,
        "updates": sorted(entry.updates, key=lambda u: (u.date, u.sequence), reverse=True),
        "update_form": (update_form or StatusUpdateForm(today=today)) if editor else None,
    }  # fmt: skip
    return render(request, "ecosystem/agenda_coalition.html", context, status=status)


def coalition_view(request, slug):
    return render_coalition(request, slug)


@require_POST
def post_update(request, slug):
    initiative = coalition_or_404(slug)
    refused = require_editor(request, initiative)
    if refused:
        return refused
    form = StatusUpdateForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return render_coalition(request, slug, update_form=form, status=400)
    agenda_queries.post_update(initiative, request.user, **form.cleaned_data)
    messages.success(request, _("Het voortgangsbericht is geplaatst."))
    return redirect(reverse("ecosystem:coalition", args=[slug]) + "#berichten")


@require_POST
def milestone_done(request, slug, pk):
    initiative = coalition_or_404(slug)
    refused = require_editor(request, initiative)
    if refused:
        return refused
    milestone = get_object_or_404(Milestone, pk=pk, initiative=initiative)
    form = MilestoneDoneForm(request.POST, today=timezone.localdate(), prefix=f"mijlpaal-{milestone.pk}")
    if not form.is_valid():
        return render_coalition(request, slug, done_form=form, done_milestone=milestone.pk, status=400)
    agenda_queries.mark_done(milestone, form.cleaned_data["done_on"])
    messages.success(request, _("Mijlpaal “%(title)s” staat als gehaald.") % {"title": milestone.title})
    return redirect(reverse("ecosystem:coalition", args=[slug]) + "#mijlpalen")


@require_http_methods(["GET", "POST"])
def milestone_edit(request, slug, pk=None):
    initiative = coalition_or_404(slug)
    refused = require_editor(request, initiative)
    if refused:
        return refused
    milestone = get_object_or_404(Milestone, pk=pk, initiative=initiative) if pk else Milestone(initiative=initiative)
    form = MilestoneForm(request.POST or None, instance=milestone, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Mijlpaal “%(title)s” is opgeslagen.") % {"title": form.instance.title})
        return redirect(reverse("ecosystem:coalition", args=[slug]) + "#mijlpalen")
    return render(
        request, "ecosystem/agenda_milestone.html", {"form": form, "initiative": initiative, "milestone": milestone if pk else None},
        status=400 if form.errors else 200,
    )  # fmt: skip


def overview_view(request):
    today = timezone.localdate()
    kind = request.GET.get("voor", agenda.REGIEGROEP).strip()
    code = request.GET.get("periode", "").strip()
    errors = []
    if kind not in (agenda.REGIEGROEP, agenda.COMMISSIE):
        errors.append(_("Kies een overzicht voor de regiegroep of voor de commissie."))
        kind = agenda.REGIEGROEP
    period = agenda.period_of(kind, today)
    if code:
        try:
            period = agenda.parse_period_code(kind, code)
        except agenda.PeriodError as error:
            errors.append(str(error))
    rows = agenda_queries.overview(period, today)
    as_of = min(period.end, today)
    if request.GET.get("formaat") == "csv" and not errors:
        response = HttpResponse(agenda_queries.overview_csv(as_of, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="actieagenda-{kind}-{period.code}.csv"'
        return response
    years = agenda_queries.available_years(today)
    if kind == agenda.REGIEGROEP:
        periods = [agenda.year_period(year) for year in years]
    else:
        periods = [agenda.third_period(year, part) for year in years for part in (1, 2, 3)]
    if period not in periods:
        periods.append(period)
        periods.sort(key=lambda p: p.start)
    totals = agenda.count_by_status(row.summary.assessment.status for row in rows)
    return render(
        request,
        "ecosystem/agenda_overview.html",
        {
            "kind": kind,
            "period": period,
            "periods": periods,
            "rows": rows,
            "as_of": as_of,
            "today": today,
            "errors": errors,
            "totals": totals,
            "statuses": agenda.CoalitionStatus.choices,
            "due_total": sum(len(row.summary.due) for row in rows),
            "reached_total": sum(len(row.summary.reached) for row in rows),
            "update_total": sum(len(row.summary.updates) for row in rows),
        },
        status=400 if errors else 200,
    )


urlpatterns = [
    path("agenda/", agenda_view, name="agenda"),
    path("agenda/overzicht/", overview_view, name="agenda_overview"),
    path("agenda/<slug:slug>/", coalition_view, name="coalition"),
    path("agenda/<slug:slug>/bericht/", post_update, name="coalition_update"),
    path("agenda/<slug:slug>/mijlpalen/nieuw/", milestone_edit, name="milestone_add"),
    path("agenda/<slug:slug>/mijlpalen/<int:pk>/", milestone_edit, name="milestone_edit"),
    path("agenda/<slug:slug>/mijlpalen/<int:pk>/gehaald/", milestone_done, name="milestone_done"),
]

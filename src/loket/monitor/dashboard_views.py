"""Pages of the dashboard: the overview per theme of the manifest, a page per theme, a page per KPI, each chart's table
as CSV or Excel, and (for analysts and administrators) taking a snapshot and choosing the baseline.

The dashboard is public: it shows aggregates from finished snapshots only, with every cell behind 1–9 persons as
"< 10" (the manifest asks for transparency, and the regiegroep and the werkambassadeur have no account). Only taking a
snapshot and choosing the 0-meting need the analyst or administrator role. Filters are a GET form, so every filtered
view is a link and works without JavaScript; the charts are Vega-Lite specs the server writes, drawn by the vega
files the loket serves itself, and every chart has its table beside it.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, register_converter, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.accounts.permissions import has_any_role, role_required
from loket.ecosystem.vocabulary import Theme

from . import charts, dashboard_data, dashboard_exports, services
from .kpis import kpis_for_theme
from .models import Snapshot, SnapshotStatus


class ThemeConverter:
    """Only the manifest's themes, so /dashboard/<theme>/ leaves the monitor's other pages alone."""

    regex = "|".join(Theme.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(ThemeConverter, "monitor_theme")


def can_manage(user):
    return has_any_role(user, services.MANAGERS)


def _language():
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _download_urls(theme, kpi_code, chart, filters):
    url = reverse("monitor:kpi_download", kwargs={"theme": theme, "kpi": kpi_code, "chart": chart})
    query = filters.params()
    return {
        file_format: f"{url}?{urlencode({**query, 'format': file_format})}" for file_format in dashboard_exports.FORMATS
    }


def _chart(block_id, kind, spec, label):
    chart_id = f"{block_id}-{kind}"
    return {"id": chart_id, "script_id": f"spec-{chart_id}", "kind": kind, "spec": spec, "label": label}


def series_block(theme, figures, filters):
    """The series chart of a KPI with its table and downloads."""
    columns, rows = dashboard_exports.series_table(figures["series"], figures["unit"])
    tile = figures["tile"]
    block_id = f"{figures['code']}-reeks"
    drawable = any(charts.chart_value(point) is not None for point in figures["series"])
    spec = charts.series_chart(
        figures["series"], title=figures["name"], unit=figures["unit"], target=tile["target"], target_year=tile["target_year"],
        language=_language(),
    )  # fmt: skip
    label = _("Lijngrafiek van %(name)s over de momentopnamen, met de 0-meting gemarkeerd; dezelfde cijfers staan in de tabel.") % {
        "name": figures["name"]
    }
    return {
        "id": block_id,
        "kind": "series",
        "title": _("Verloop over de momentopnamen"),
        "charts": [_chart(block_id, "line", spec, label)] if drawable else [],
        "nothing_to_draw": bool(rows) and not drawable,
        "columns": columns,
        "rows": rows,
        "caption": _("%(name)s per momentopname") % {"name": figures["name"]},
        "downloads": _download_urls(theme, figures["code"], "series", filters),
        "empty": not rows,
    }


def breakdown_block(theme, figures, dimension, filters, base):
    """A breakdown as bars (and a map for regions and municipalities), with its table and downloads."""
    cells = figures["cells"][dimension]
    dimension_label = dashboard_data.dimension_label(dimension)
    columns, rows = dashboard_exports.breakdown_table(cells, figures["unit"], dimension_label)
    block_id = f"{figures['code']}-{dimension}"
    names = {"name": figures["name"], "dimension": dimension_label.lower()}
    block_charts = []
    map_note = ""
    drawable = any(charts.chart_value(cell) is not None for cell in cells)
    if drawable and dimension in dashboard_data.MAP_DIMENSIONS and base is not None:
        features = base.features(dimension, filters.region if dimension == "municipality" else "")
        if features:
            spec = charts.map_chart(
                cells, features, title=figures["name"], unit=figures["unit"],
                selected=filters.region if dimension == "region" else "", language=_language(),
            )  # fmt: skip
            label = _(
                "Kaart van %(name)s per %(dimension)s: donkerder is meer, grijs is geen cijfer of minder dan 10; "
                "dezelfde cijfers staan in de tabel."
            ) % names
            block_charts.append(_chart(block_id, "map", spec, label))
            map_note = base.note
    if drawable:
        spec = charts.bar_chart(cells, title=figures["name"], unit=figures["unit"], language=_language())
        label = _("Staafdiagram van %(name)s per %(dimension)s; dezelfde cijfers staan in de tabel.") % names
        block_charts.append(_chart(block_id, "bars", spec, label))
    return {
        "id": block_id,
        "kind": "breakdown",
        "dimension": dimension,
        "dimension_label": dimension_label,
        "title": _("Per %(dimension)s") % {"dimension": dimension_label.lower()},
        "charts": block_charts,
        "nothing_to_draw": bool(rows) and not drawable,
        "map_note": map_note,
        "columns": columns,
        "rows": rows,
        "caption": _("%(name)s per %(dimension)s") % names,
        "downloads": _download_urls(theme, figures["code"], dimension, filters),
        "empty": not rows,
    }


def _map_base(data):
    if data["snapshot"] is None:
        return None
    return dashboard_data.MapBase(data["snapshot"]["taken_at"])


def _common(request, form, filters, data):
    return {
        "form": form,
        "filters": filters,
        "filter_query": filters.query(),
        "has_errors": form.is_bound and bool(form.errors),
        "snapshot": data["snapshot"],
        "baseline": data["baseline"],
        "can_manage": can_manage(request.user),
        "themes": [{"code": theme.value, "label": theme.label} for theme in Theme],
    }


def _status(form):
    return 400 if form.is_bound and form.errors else 200


@require_GET
def dashboard(request):
    form, filters = dashboard_data.read_filters(request.GET)
    data = dashboard_data.overview(filters)
    context = {
        **_common(request, form, filters, data),
        "theme_cards": data["themes"],
        **snapshots_context(request),
    }
    return render(request, "monitor/dashboard.html", context, status=_status(form))


@require_GET
def theme_page(request, theme):
    form, filters = dashboard_data.read_filters(request.GET)
    data = dashboard_data.theme_figures(theme, filters, dimensions=("region",))
    base = _map_base(data)
    kpis = []
    for figures in data["kpis"]:
        kpis.append({
            "figures": figures,
            "series": series_block(theme, figures, filters),
            "breakdowns": [breakdown_block(theme, figures, "region", filters, base)] if "region" in figures["cells"] else [],
        })  # fmt: skip
    context = {
        **_common(request, form, filters, data),
        "theme": data["theme"],
        "kpis": kpis,
        "map_generated": base is not None and base.generated,
        "map_attribution": base.attribution if base is not None else "",
    }
    return render(request, "monitor/dashboard_theme.html", context, status=_status(form))


@require_GET
def kpi_page(request, theme, kpi):
    definition = dashboard_data.kpi_in_theme(theme, kpi)
    if definition is None:
        raise Http404
    form, filters = dashboard_data.read_filters(request.GET)
    snapshot = dashboard_data.current_snapshot(filters)
    figures = dashboard_data.kpi_figures(definition, snapshot, filters, definition.breakdowns)
    data = {"snapshot": dashboard_data.snapshot_summary(snapshot), "baseline": dashboard_data.snapshot_summary(services.baseline())}
    base = _map_base(data)
    context = {
        **_common(request, form, filters, data),
        "theme": {"code": theme, "label": dashboard_data.theme_label(theme)},
        "figures": figures,
        "series": series_block(theme, figures, filters),
        "breakdowns": [breakdown_block(theme, figures, dimension, filters, base) for dimension in definition.breakdowns],
        "siblings": [{"code": other.code, "name": other.name} for other in kpis_for_theme(theme) if other.code != definition.code],
        "map_generated": base is not None and base.generated,
        "map_attribution": base.attribution if base is not None else "",
    }
    return render(request, "monitor/dashboard_kpi.html", context, status=_status(form))


@require_GET
def kpi_download(request, theme, kpi, chart):
    """One chart's table as ?format=csv (default) or xlsx, under the same filters as the page."""
    definition = dashboard_data.kpi_in_theme(theme, kpi)
    if definition is None or (chart != "series" and chart not in definition.breakdowns):
        raise Http404
    file_format = request.GET.get("format") or "csv"
    if file_format not in dashboard_exports.FORMATS:
        return HttpResponse(_("Onbekend bestandsformaat; kies csv of xlsx."), status=400, content_type="text/plain; charset=utf-8")
    form, filters = dashboard_data.read_filters(request.GET)
    if form.is_bound and form.errors:
        problems = " ".join(error["message"] for error in form.errors_as_list())
        return HttpResponse(_("Ongeldig filter: %(problems)s") % {"problems": problems}, status=400, content_type="text/plain; charset=utf-8")
    snapshot = dashboard_data.current_snapshot(filters)
    dimensions = () if chart == "series" else (chart,)
    figures = dashboard_data.kpi_figures(definition, snapshot, filters, dimensions)
    if chart == "series":
        columns, rows = dashboard_exports.series_table(figures["series"], definition.unit)
        sheet = _("Verloop")
    else:
        label = dashboard_data.dimension_label(chart)
        columns, rows = dashboard_exports.breakdown_table(figures["cells"][chart], definition.unit, label)
        sheet = label
    stamp = timezone.localdate(snapshot.taken_at).isoformat() if snapshot else timezone.localdate().isoformat()
    return dashboard_exports.download(columns, rows, file_format, f"dashboard-{definition.code}-{chart}-{stamp}", sheet)


# --- Snapshots (taking one and the baseline are for analysts and administrators) --------------------------------------


def snapshots_context(request):
    manager = can_manage(request.user)
    services.close_stale_snapshots()
    shown = Snapshot.objects.select_related("created_by")
    if not manager:
        shown = shown.filter(status__in=(SnapshotStatus.DONE, SnapshotStatus.RUNNING))
    recent = list(shown.order_by("-taken_at", "-pk")[:20])
    running = next((snapshot for snapshot in recent if snapshot.status == SnapshotStatus.RUNNING), None)
    return {
        "snapshots": recent,
        "running": running,
        "running_percent": round(100 * running.steps_done / running.steps_total) if running and running.steps_total else 0,
        "can_manage": manager,
        "label_max": services.MAX_LABEL,
    }


@require_GET
def snapshot_list(request):
    """The snapshots with the progress of a running one: what htmx polls while a snapshot is being taken."""
    if request.headers.get("HX-Request") != "true":
        return redirect(reverse("monitor:dashboard") + "#momentopnamen")
    context = snapshots_context(request)
    context["polled"] = True
    response = render(request, "monitor/dashboard_snapshots.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(*services.MANAGERS)
@require_POST
def snapshot_start(request):
    try:
        snapshot = services.create_snapshot(request.POST.get("label", ""), request.user)
    except services.SnapshotRefused as error:
        messages.error(request, str(error))
    else:
        services.start_in_background(snapshot)
        messages.success(request, _("De momentopname is gestart. De voortgang staat hieronder; de pagina werkt zichzelf bij."))
    return redirect(reverse("monitor:dashboard") + "#momentopnamen")


@role_required(*services.MANAGERS)
@require_POST
def snapshot_baseline(request, pk):
    snapshot = get_object_or_404(Snapshot, pk=pk)
    try:
        services.mark_baseline(snapshot, request.user)
    except services.SnapshotRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("De momentopname van %(moment)s is nu de 0-meting.")
            % {"moment": timezone.localtime(snapshot.taken_at).strftime("%d-%m-%Y %H:%M")},
        )
    return redirect(reverse("monitor:dashboard") + "#momentopnamen")


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("momentopnamen/", snapshot_list, name="snapshots"),
    path("momentopnamen/nieuw/", snapshot_start, name="snapshot_start"),
    path("momentopnamen/<int:pk>/0-meting/", snapshot_baseline, name="snapshot_baseline"),
    path("<monitor_theme:theme>/", theme_page, name="theme"),
    path("<monitor_theme:theme>/<slug:kpi>/", kpi_page, name="kpi"),
    path("<monitor_theme:theme>/<slug:kpi>/tabel/<slug:chart>/", kpi_download, name="kpi_download"),
]

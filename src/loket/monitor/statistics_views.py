"""Pages of the monitor: the open statistics (CBS StatLine tables) the loket has imported, public."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from . import statistics_services as services

PAGE_SIZE = 100


def statistics(request):
    return render(request, "monitor/statistics.html", {"tables": services.tables()})


def statistics_table(request, identifier):
    table = services.find_table(identifier)
    if table is None:
        raise Http404
    info = services.overview(table)
    chosen = {
        "measure": request.GET.get("onderwerp", "").strip(), "region": request.GET.get("regio", "").strip(),
        "sector": request.GET.get("sector", "").strip(), "period_from": request.GET.get("van", "").strip(),
        "period_to": request.GET.get("tot", "").strip(),
    }  # fmt: skip
    errors = {}
    while True:
        try:
            observations = services.filtered(table, **chosen)
            break
        except services.InvalidFilter as invalid:
            # Show what the other filters give, and say which choice the table does not have.
            errors[invalid.field] = str(invalid)
            chosen[invalid.field] = ""
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    sectors = list(table.observations.exclude(sector_code="").values_list("sector_code", flat=True).distinct())
    sector_labels = services.sector_label
    context = {
        "info": info,
        "table": table,
        "chosen": chosen,
        "errors": errors,
        "page": page,
        "rows": services.observation_rows(table, page.object_list),
        "periods": [{"code": code, "label": services.period_label(table, code)} for code in info["periods"]],
        "sectors": sorted(({"code": code, "label": sector_labels(table, code)} for code in sectors), key=lambda s: s["label"]),
        "has_sectors": bool(sectors),
        "has_provisional": any(code in (table.metadata or {}).get("period_status", {}) for code in info["periods"]),
        "dimensions": (table.metadata or {}).get("dimensions", {}),
    }
    return render(request, "monitor/statistics_table.html", context)


urlpatterns = [
    path("statistieken/", statistics, name="statistics"),
    path("statistieken/<str:identifier>/", statistics_table, name="statistics_table"),
]

"""The monitor over the API: the imported open statistics (CBS StatLine), public and read-only.

A filter the table does not have (a topic, region or sector code, or a period that is no CBS code or date) is a 422
with a Dutch message, not an empty list, so a typo is not mistaken for "no figures".
"""

import datetime

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from . import statistics_services as services
from . import statline

router = Router(tags=["monitor"])

MAX_PAGE_SIZE = 5000


class RegionOut(Schema):
    code: str = Field(description="Zoals CBS hem geeft: AM15, GM0363, PV27, NL01")
    name: str
    in_loket: bool = Field(description="De code is een arbeidsmarktregio of gemeente van het loket (geography)")


class MeasureOut(Schema):
    key: str = Field(description="De code van het onderwerp bij CBS, zoals OpenstaandeVacatures_1 of M001234")
    title: str
    unit: str
    decimals: int | None = Field(None, description="Hoeveel decimalen het CBS toont")


class TableOut(Schema):
    identifier: str
    title: str
    publisher: str
    source_url: str
    licence: str = Field(description="CC BY 4.0: noem het CBS als bron")
    imported_at: datetime.datetime
    cbs_modified: str = Field(description="Wanneer het CBS de tabel voor het laatst wijzigde, zoals het CBS het zegt")
    imported_from: str = Field(description="Het adres of bestand waaruit de tabel is ingelezen")
    observations: int
    periods: list[str]
    regions: list[RegionOut]
    measures: list[MeasureOut]


class ObservationOut(Schema):
    measure: str
    measure_label: str
    unit: str
    period: str = Field(description="CBS-periodecode: 2024JJ00, 2024KW01, 2024MM03")
    period_start: datetime.date
    period_label: str
    provisional: bool
    region_code: str
    region_name: str
    sector_code: str
    sector_label: str
    value: float | None = Field(description="Leeg waar het CBS geen cijfer geeft (onbekend, onnauwkeurig of geheim)")


class TableWithObservations(TableOut):
    count: int
    page: int
    page_size: int
    results: list[ObservationOut]


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]


def table_out(info):
    return {
        "identifier": info["identifier"], "title": info["title"], "publisher": info["publisher"], "source_url": info["source_url"],
        "licence": statline.LICENCE, "imported_at": info["imported_at"], "cbs_modified": info["modified"],
        "imported_from": info["origin"], "observations": info["observations"], "periods": info["periods"],
        "regions": info["regions"], "measures": info["measures"],
    }  # fmt: skip


def invalid(errors):
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": str(m)} for f, m in errors]},
        status=422,
    )


@router.get("/statistics", response=list[TableOut], summary="Ingelezen open statistieken (CBS StatLine), openbaar")
def statistics(request):
    return [table_out(info) for info in services.tables()]


@router.get(
    "/statistics/{identifier}",
    response={200: TableWithObservations, 422: Invalid},
    summary="Eén ingelezen tabel met haar waarnemingen, te filteren (openbaar)",
)
def statistics_table(
    request,
    identifier: str,
    measure: str = "",
    region: str = "",
    sector: str = "",
    period_from: str = "",
    period_to: str = "",
    page: int = 1,
    page_size: int = 1000,
):
    """``period_from`` and ``period_to`` are CBS period codes (2024KW01) or dates (2024-01-01), both included."""
    table = services.find_table(identifier)
    if table is None:
        raise Http404
    errors = []
    if page < 1:
        errors.append(("page", _("Pagina's tellen vanaf 1.")))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        errors.append(("page_size", _("Kies 1 tot en met %(max)s per pagina.") % {"max": MAX_PAGE_SIZE}))
    chosen = {"measure": measure.strip(), "region": region.strip(), "sector": sector.strip(), "period_from": period_from, "period_to": period_to}
    observations = None
    while True:
        try:
            observations = services.filtered(table, **chosen)
            break
        except services.InvalidFilter as wrong:
            # Collect every wrong filter in one answer, not one per request.
            errors.append((wrong.field, str(wrong)))
            chosen[wrong.field] = ""
    if errors:
        return invalid(errors)
    count = observations.count()
    start = (page - 1) * page_size
    results = services.observation_rows(table, observations[start : start + page_size])
    return table_out(services.overview(table)) | {"count": count, "page": page, "page_size": page_size, "results": results}

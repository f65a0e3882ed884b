"""Every dashboard chart's table as rows, and those rows as a CSV or Excel download.

The files are written by the fund's export helpers (``loket.fund.exports``: ';' and a decimal comma for Dutch Excel,
a BOM, text that starts like a formula made harmless, real .xlsx), so the dashboard and the fund's reports read
the same in a spreadsheet. The rows are the table on the page: a suppressed cell is the text "< 10" there, here and
in the files alike, never its number.
"""

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.fund import exports

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_header(unit):
    return {
        "count": _("Waarde (aantal)"),
        "share": _("Waarde (%)"),
        "days": _("Waarde (dagen)"),
        "euro": _("Waarde (euro)"),
        "score": _("Waarde (score)"),
    }.get(unit, _("Waarde"))


def file_value(item, unit):
    """What a file holds for a point or cell: "< 10" when suppressed, else the number (a share as a percentage;
    whole numbers as integers, others with two decimals, which the export writes with a decimal comma)."""
    if item.get("suppressed"):
        return str(item["shown"])
    value = item.get("value")
    if value is None:
        return None
    if unit == "share":
        value = value * 100
    if float(value).is_integer():
        return int(value)
    return Decimal(str(round(float(value), 2)))


def moment_text(taken_at):
    """A snapshot's moment in the loket's time zone, as a spreadsheet sorts it."""
    if hasattr(taken_at, "strftime"):
        return (timezone.localtime(taken_at) if timezone.is_aware(taken_at) else taken_at).strftime("%Y-%m-%d %H:%M")
    return str(taken_at)


def series_table(points, unit):
    """(columns, rows) of a KPI's time series: one row per snapshot, oldest first."""
    columns = [("moment", _("Moment")), ("value", unit_header(unit)), ("baseline", _("0-meting"))]
    rows = [
        {
            "moment": moment_text(point["taken_at"]),
            "value": file_value(point, unit),
            "shown": str(point["shown"]),
            "baseline": _("ja") if point.get("is_baseline") else "",
            "suppressed": bool(point.get("suppressed")),
        }
        for point in points
    ]
    return columns, rows


def breakdown_table(cells, unit, dimension_label):
    """(columns, rows) of a breakdown: the key (a CBS code, SBI letter …), its name and the value."""
    columns = [("key", _("Code")), ("label", str(dimension_label)), ("value", unit_header(unit))]
    rows = [
        {
            "key": cell["key"],
            "label": str(cell["label"]),
            "value": file_value(cell, unit),
            "shown": str(cell["shown"]),
            "suppressed": bool(cell.get("suppressed")),
        }
        for cell in cells
    ]
    return columns, rows


def download(columns, rows, file_format, filename, sheet_title):
    """The table as an attachment: ``filename`` without extension, ``file_format`` one of FORMATS."""
    columns = [(key, str(header)) for key, header in columns]
    if file_format == "xlsx":
        response = HttpResponse(exports.rows_to_xlsx(columns, rows, sheet_title), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(exports.rows_to_csv(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response

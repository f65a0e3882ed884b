"""Exports for the accounting department: CSV that Dutch Excel opens as it is, and real Excel (.xlsx).

``columns`` is a list of ``(key, header)``; ``rows`` a list of dicts. A key ending in ``_cents`` becomes two
columns: "<header> (euro)" with two decimals, for reading, and "<header> (cent)" as an integer, for booking
without rounding. Everything else is written as it is (``reports.suppress`` has already made small person
counts "< 10").

CSV: semicolon-separated with a decimal comma, because Excel with Dutch regional settings splits on ';' and reads
'1234,56' as a number; UTF-8 with a byte-order mark so it shows "é" and "ë" right; CRLF line ends.
Text that starts with = + - @ (or a tab/CR) gets a leading apostrophe, so a provider named "=HYPERLINK(...)"
cannot become a formula in someone's spreadsheet (CSV injection). In the .xlsx such text is stored as text.
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _expanded(columns):
    for key, header in columns:
        if key.endswith("_cents"):
            yield key, "euro", _("%(header)s (euro)") % {"header": header}
            yield key, "cent", _("%(header)s (cent)") % {"header": header}
        else:
            yield key, None, str(header)


def _value(row, key, unit):
    value = row.get(key)
    if unit == "euro":
        return None if value is None else Decimal(value) / 100
    return value


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def rows_to_csv(columns, rows):
    """The rows as CSV text (see the module's docstring for the format)."""
    expanded = list(_expanded(columns))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _key, _unit, header in expanded])
    for row in rows:
        writer.writerow([_csv_text(_value(row, key, unit)) for key, unit, _header in expanded])
    return out.getvalue()


def rows_to_xlsx(columns, rows, sheet_title):
    """The rows as an .xlsx workbook (bytes): a bold header row, euros with two decimals, cents as whole numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    expanded = list(_expanded(columns))
    workbook = Workbook()
    sheet = workbook.active
    # Excel refuses sheet names over 31 characters or with []:*?/\ in them.
    sheet.title = "".join(ch for ch in str(sheet_title) if ch not in "[]:*?/\\")[:31] or "Blad1"
    for index, (_key, _unit, header) in enumerate(expanded, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(header) + 4))
    for row_number, row in enumerate(rows, start=2):
        for index, (key, unit, _header) in enumerate(expanded, start=1):
            value = _value(row, key, unit)
            if isinstance(value, Decimal):
                cell = sheet.cell(row=row_number, column=index, value=float(value))
                cell.number_format = "#,##0.00"
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell = sheet.cell(row=row_number, column=index, value=value)
                cell.number_format = "0"
            elif value is not None:
                cell = sheet.cell(row=row_number, column=index, value=str(value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

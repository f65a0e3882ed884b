"""The plain shape both import formats parse into, and the errors they report.

A parser (ooapi.py, csv_io.py) turns a file into ``CourseEntry`` objects with
typed values and the place each value came from; it never touches the
database. services.import_catalogue checks what needs the database (ESCO URIs,
municipalities, ids of other providers) and the models' rules, and stores all
or nothing.
"""

import datetime as _dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Course fields an import may set, in the order of the CSV header.
COURSE_FIELDS = (
    "title_nl", "title_en", "description_nl", "description_en", "teaching_language", "level", "nlqf_level",
    "crebo", "croho", "isced_f", "study_hours", "purpose", "recognised", "recognised_by", "funds",
)  # fmt: skip
OFFERING_FIELDS = (
    "start_date", "end_date", "enrol_start", "enrol_end", "price_cents", "modality", "location", "seats", "cancelled",
)  # fmt: skip


@dataclass
class ImportProblem:
    """One reason a file is refused: where (line or JSON path), which field, what is wrong (Dutch)."""

    where: str
    field: str
    message: str

    def as_dict(self):
        return {"where": self.where, "field": self.field, "message": str(self.message)}


@dataclass
class OfferingEntry:
    where: str
    values: dict
    # Model field -> the name in the file, for messages.
    names: dict
    ooapi_id: str | None = None
    code: str = ""
    municipality: str = ""  # CBS code, GM0363


@dataclass
class CourseEntry:
    where: str
    values: dict
    names: dict
    ooapi_id: str | None = None
    code: str = ""
    skills: list = field(default_factory=list)  # ESCO URIs
    offerings: list = field(default_factory=list)


class ImportFailed(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# --- Typed values from text, with Dutch complaints --------------------------
# Plain functions: the parsers call them and turn ValueError into an ImportProblem.


def as_date(raw):
    if raw in (None, ""):
        return None
    try:
        return _dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError(_("Geen datum: %(value)s (gebruik JJJJ-MM-DD).") % {"value": raw}) from None


def as_int(raw):
    if raw in (None, ""):
        return None
    if isinstance(raw, bool):
        raise ValueError(_("Geen geheel getal: %(value)s.") % {"value": raw})
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError(_("Geen geheel getal: %(value)s.") % {"value": raw})


def as_bool(raw):
    if isinstance(raw, bool):
        return raw
    text = str(raw or "").strip().lower()
    if text in ("", "0", "false", "nee", "no"):
        return False
    if text in ("1", "true", "ja", "yes"):
        return True
    raise ValueError(_("Kies ja of nee (true of false): %(value)s.") % {"value": raw})


# Dots between groups of three digits, no comma: a Dutch thousands separator ("20.000" is twenty thousand).
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def euros_to_cents(raw):
    """'1.234,50', '1234.50', '20.000', 1234.5 -> cents; negative or more than two decimals refused."""
    if raw in (None, ""):
        return None
    text = str(raw).strip().replace("€", "").replace(" ", "")
    if "," in text or (isinstance(raw, str) and THOUSANDS.match(text)):
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Geen bedrag in euro's: %(value)s.") % {"value": raw}) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Een bedrag is niet negatief en heeft hoogstens twee decimalen: %(value)s.") % {"value": raw})
    return int(amount * 100)


def cents_to_euros(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def as_uuid(raw):
    if raw in (None, ""):
        return None
    try:
        return str(uuid.UUID(str(raw).strip()))
    except ValueError:
        raise ValueError(_("Geen geldige id (UUID): %(value)s.") % {"value": raw}) from None

"""The catalogue as CSV: one row per offering, with its course's columns repeated.

Plain module: text in, ``CourseEntry`` objects and problems out (and back).
Rows of one course share ``course_id`` (or, without it, ``course_code``); a
course without offerings is a row with every offering column empty. Skills
and funds are lists separated by ``|``. See docs/catalog.md for the header.
"""

import csv
import io

from django.utils.translation import gettext as _

from .entries import (
    CourseEntry, ImportFailed, ImportProblem, OfferingEntry, as_bool, as_date, as_int, as_uuid, cents_to_euros, euros_to_cents,
)  # fmt: skip

COURSE_COLUMNS = (
    "course_id", "course_code", "title_nl", "title_en", "description_nl", "description_en", "teaching_language",
    "level", "nlqf_level", "crebo", "croho", "isced_f", "study_hours", "purpose", "recognised", "recognised_by", "funds",
    "skills",
)  # fmt: skip
OFFERING_COLUMNS = (
    "offering_id", "offering_code", "start_date", "end_date", "enrol_start", "enrol_end", "price_eur", "modality",
    "municipality", "location", "seats", "cancelled",
)  # fmt: skip
HEADER = COURSE_COLUMNS + OFFERING_COLUMNS
REQUIRED_COLUMNS = ("title_nl", "study_hours")

# Column -> (model field, converter). Text columns map to themselves.
COURSE_CONVERT = {"nlqf_level": as_int, "study_hours": as_int, "recognised": as_bool}
OFFERING_CONVERT = {
    "start_date": as_date, "end_date": as_date, "enrol_start": as_date, "enrol_end": as_date, "seats": as_int,
    "cancelled": as_bool,
}  # fmt: skip
COURSE_TEXT = ("title_nl", "title_en", "description_nl", "description_en", "teaching_language", "level", "crebo", "croho", "isced_f", "recognised_by")
OFFERING_TEXT = ("modality", "location")
SEPARATOR = "|"


def split_list(text):
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


def read(data):
    """CSV bytes or text -> [CourseEntry]; ImportFailed with every problem, line by line."""
    entries, problems = parse(data)
    if problems:
        raise ImportFailed(problems)
    return entries


def parse(data):
    """CSV bytes or text -> ([CourseEntry], [ImportProblem]); ImportFailed when the file as a whole is unreadable."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed([ImportProblem(_("het bestand"), "", _("Het bestand is geen UTF-8-tekst."))]) from None
    first_line = data.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportFailed([ImportProblem(_("het bestand"), "", _("Het bestand is leeg."))]) from None
    problems = []
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in HEADER]
    if missing:
        problems.append(ImportProblem(_("regel 1"), ", ".join(missing), _("Deze kolommen ontbreken.")))
    if unknown:
        problems.append(ImportProblem(_("regel 1"), ", ".join(unknown), _("Onbekende kolommen.")))
    if problems:
        raise ImportFailed(problems)

    courses = {}  # key -> (entry, course cells of its first row, line)
    entries = []
    rows = 0
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        where = _("regel %(line)s") % {"line": line}
        if len(cells) != len(header):
            problems.append(ImportProblem(where, "", _("%(found)s kolommen, de kop heeft er %(expected)s.") % {"found": len(cells), "expected": len(header)}))
            continue
        row = {name: cell.strip() for name, cell in zip(header, cells)}
        course_cells = {name: row.get(name, "") for name in COURSE_COLUMNS}
        try:
            course_id = as_uuid(row.get("course_id"))
        except ValueError as error:
            problems.append(ImportProblem(where, "course_id", str(error)))
            continue
        key = course_id or (("code", row["course_code"]) if row.get("course_code") else ("line", line))
        if key in courses:
            entry, first_cells, first_line = courses[key]
            for name, value in course_cells.items():
                # Later rows may leave the course columns empty, or repeat them exactly.
                if name in header and value and value != first_cells[name]:
                    problems.append(ImportProblem(where, name, _("Wijkt af van regel %(line)s van dezelfde opleiding.") % {"line": first_line}))
        else:
            entry = course_entry(row, header, where, course_id, problems)
            courses[key] = (entry, course_cells, line)
            entries.append(entry)
        if any(row.get(name) for name in OFFERING_COLUMNS):
            entry.offerings.append(offering_entry(row, header, where, problems))
    if not rows:
        raise ImportFailed([ImportProblem(_("het bestand"), "", _("Het bestand bevat geen regels na de kop."))])
    return entries, problems


def course_entry(row, header, where, course_id, problems):
    # An empty teaching language or level means the default, not an invalid choice.
    values = {name: row[name] for name in COURSE_TEXT if name in header and (row[name] or name not in ("teaching_language", "level"))}
    for name, convert in COURSE_CONVERT.items():
        if name in header:
            try:
                values[name] = convert(row[name])
            except ValueError as error:
                problems.append(ImportProblem(where, name, str(error)))
    if "recognised" in values and values["recognised"] is None:
        values["recognised"] = False
    if row.get("purpose"):
        # Optional: without the column or with an empty cell a new course is training and a stored one keeps its purpose.
        values["purpose"] = row["purpose"].lower()
    if "funds" in header:
        values["funds"] = split_list(row["funds"])
    names = {name: name for name in COURSE_COLUMNS} | {"ooapi_id": "course_id", "code": "course_code"}
    return CourseEntry(
        where=where, values=values, names=names, ooapi_id=course_id, code=row.get("course_code", ""),
        skills=split_list(row.get("skills")),
    )


def offering_entry(row, header, where, problems):
    values = {name: row[name] for name in OFFERING_TEXT if name in header}
    for name, convert in OFFERING_CONVERT.items():
        if name in header:
            try:
                values[name] = convert(row[name])
            except ValueError as error:
                problems.append(ImportProblem(where, name, str(error)))
    if values.get("cancelled") is None:
        values["cancelled"] = False
    try:
        values["price_cents"] = euros_to_cents(row.get("price_eur"))
    except ValueError as error:
        problems.append(ImportProblem(where, "price_eur", str(error)))
    try:
        offering_id = as_uuid(row.get("offering_id"))
    except ValueError as error:
        problems.append(ImportProblem(where, "offering_id", str(error)))
        offering_id = None
    names = {name: name for name in OFFERING_COLUMNS} | {
        "ooapi_id": "offering_id", "code": "offering_code", "price_cents": "price_eur",
    }  # fmt: skip
    return OfferingEntry(
        where=where, values=values, names=names, ooapi_id=offering_id, code=row.get("offering_code", ""),
        municipality=row.get("municipality", "").upper(),
    )


def write(courses):
    """Courses (with ``course_skills`` and ``offerings`` prefetched) -> CSV text with HEADER."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for course in courses:
        course_cells = [
            str(course.ooapi_id), course.code, course.title_nl, course.title_en, course.description_nl, course.description_en,
            course.teaching_language, course.level, "" if course.nlqf_level is None else course.nlqf_level, course.crebo,
            course.croho, course.isced_f, course.study_hours, course.purpose, "true" if course.recognised else "false", course.recognised_by,
            SEPARATOR.join(course.funds or []), SEPARATOR.join(link.skill.uri for link in course.course_skills.all()),
        ]  # fmt: skip
        offerings = list(course.offerings.all())
        if not offerings:
            writer.writerow(course_cells + [""] * len(OFFERING_COLUMNS))
        for offering in offerings:
            writer.writerow(course_cells + [
                str(offering.ooapi_id), offering.code, offering.start_date.isoformat(), offering.end_date.isoformat(),
                offering.enrol_start.isoformat() if offering.enrol_start else "",
                offering.enrol_end.isoformat() if offering.enrol_end else "", cents_to_euros(offering.price_cents),
                offering.modality, offering.municipality.code if offering.municipality else "", offering.location,
                "" if offering.seats is None else offering.seats, "true" if offering.cancelled else "false",
            ])  # fmt: skip
    return out.getvalue()

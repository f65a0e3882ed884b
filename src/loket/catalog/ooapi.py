"""The catalogue as Open Education API (OOAPI v5) JSON: courses with their offerings.

Plain module: a parsed JSON document in, ``CourseEntry`` objects and problems
out (and back). The document is an OOAPI list response ``{"items": [course,
...]}`` (a bare list or one course is accepted too); each course carries its
offerings in ``offerings`` as with ``expand=offerings``. What OOAPI has no
field for (ESCO skills, NLQF level, CREBO/CROHO separately, recognition,
funds, the course's purpose, municipality, cancellation) goes in ``ext``. docs/catalog.md has the
full mapping.
"""

import json

from django.utils.translation import gettext as _

from .entries import (
    CourseEntry, ImportFailed, ImportProblem, OfferingEntry, as_bool, as_date, as_int, as_uuid, cents_to_euros, euros_to_cents,
)  # fmt: skip
from .models import NLQF_OF_LEVEL, Modality

ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
# OOAPI v5 modeOfDelivery -> our modality; the first of each is what we write.
MODALITY_OF_MODE = {
    "online": Modality.ONLINE, "distance-learning": Modality.ONLINE, "hybrid": Modality.HYBRID,
    "on campus": Modality.ON_SITE, "situated learning": Modality.ON_SITE,
}  # fmt: skip
MODE_OF_MODALITY = {Modality.ONLINE: "online", Modality.HYBRID: "hybrid", Modality.ON_SITE: "on campus"}


def read(data):
    """JSON bytes/text or an already parsed document -> [CourseEntry]; ImportFailed with every problem by JSON path."""
    entries, problems = parse(data)
    if problems:
        raise ImportFailed(problems)
    return entries


def parse(data):
    """-> ([CourseEntry], [ImportProblem]); ImportFailed when the document as a whole is unusable."""
    if isinstance(data, (bytes, str)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            # The decoder's own message is English; its position is all a Dutch message needs.
            message = _("Geen geldige JSON: de fout zit op regel %(line)s, teken %(column)s.") % {"line": error.lineno, "column": error.colno}
            raise ImportFailed([ImportProblem("$", "", message)]) from None
        except UnicodeDecodeError:
            raise ImportFailed([ImportProblem("$", "", _("Geen geldige JSON: het bestand is geen UTF-8-tekst."))]) from None
        except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
            raise ImportFailed([ImportProblem("$", "", _("Geen bruikbare JSON: een getal heeft te veel cijfers."))]) from None
        except RecursionError:
            raise ImportFailed([ImportProblem("$", "", _("Geen bruikbare JSON: te diep genest."))]) from None
    if isinstance(data, dict) and "items" in data:
        items, root = data["items"], "$.items"
    elif isinstance(data, list):
        items, root = data, "$"
    elif isinstance(data, dict):
        items, root = [data], "$"
    else:
        items, root = None, "$"
    if not isinstance(items, list) or not items:
        raise ImportFailed([ImportProblem(root, "", _("Verwacht een lijst opleidingen (items) met ten minste één opleiding."))])
    problems = []
    entries = []
    for index, item in enumerate(items):
        where = root if root == "$" and isinstance(data, dict) else f"{root}[{index}]"
        if not isinstance(item, dict):
            problems.append(ImportProblem(where, "", _("Een opleiding is een JSON-object.")))
            continue
        entries.append(course_entry(item, where, problems))
    return entries, problems


def language_value(strings, language, where, field, problems):
    """The value for a language (nl or en) from OOAPI's [{language, value}]."""
    if strings in (None, ""):
        return ""
    if not isinstance(strings, list) or not all(isinstance(s, dict) for s in strings):
        problems.append(ImportProblem(where, field, _("Verwacht een lijst van {language, value}.")))
        return ""
    for item in strings:
        if str(item.get("language", "")).lower().split("-")[0] == language:
            return str(item.get("value") or "")
    return ""


def converted(convert, raw, where, field, problems, default=None):
    try:
        value = convert(raw)
    except ValueError as error:
        problems.append(ImportProblem(where, field, str(error)))
        return default
    return default if value is None else value


def course_entry(item, where, problems):
    ext = item.get("ext") or {}
    if not isinstance(ext, dict):
        problems.append(ImportProblem(where, "ext", _("ext is een JSON-object.")))
        ext = {}
    values = {
        "title_nl": language_value(item.get("name"), "nl", where, "name", problems),
        "title_en": language_value(item.get("name"), "en", where, "name", problems),
        "description_nl": language_value(item.get("description"), "nl", where, "description", problems),
        "description_en": language_value(item.get("description"), "en", where, "description", problems),
        "teaching_language": str(item.get("teachingLanguage") or "nld"),
        "level": str(item.get("level") or "undefined"),
        "isced_f": str(item.get("fieldsOfStudy") or ""),
        "recognised": converted(as_bool, ext.get("recognised", False), where, "ext.recognised", problems, False),
        "recognised_by": str(ext.get("recognisedBy") or ""),
        "funds": ext.get("funds") if isinstance(ext.get("funds"), list) else [],
    }
    if ext.get("purpose"):
        # OOAPI has no such field; like the other fund and recognition facts it travels in ext. Absent: unchanged/training.
        values["purpose"] = str(ext["purpose"]).lower()
    study_load = item.get("studyLoad") or {}
    if not isinstance(study_load, dict) or study_load.get("studyLoadUnit", "hour") != "hour":
        problems.append(ImportProblem(where, "studyLoad", _("Geef de studiebelasting als {\"studyLoadUnit\": \"hour\", \"value\": uren}.")))
    else:
        values["study_hours"] = converted(as_int, study_load.get("value"), where, "studyLoad.value", problems)
    values["nlqf_level"] = converted(as_int, ext.get("nlqfLevel"), where, "ext.nlqfLevel", problems)
    if values["nlqf_level"] is None:
        values["nlqf_level"] = NLQF_OF_LEVEL.get(values["level"])
    crebo, croho = str(ext.get("crebo") or ""), str(ext.get("croho") or "")
    if not (crebo or croho):
        for code in item.get("otherCodes") or []:
            if isinstance(code, dict) and code.get("codeType") == "crohoCreboCode":
                if values["level"].startswith("secondary vocational"):
                    crebo = str(code.get("code") or "")
                else:
                    croho = str(code.get("code") or "")
    values["crebo"], values["croho"] = crebo, croho

    skills = ext.get("escoSkills")
    if skills is None:  # fall back on learning outcomes given as ESCO URIs
        skills = [
            s.get("value") for outcome in item.get("learningOutcomes") or [] if isinstance(outcome, list)
            for s in outcome if isinstance(s, dict) and str(s.get("value", "")).startswith(ESCO_SKILL_PREFIX)
        ]  # fmt: skip
    if not isinstance(skills, list):
        problems.append(ImportProblem(where, "ext.escoSkills", _("Verwacht een lijst ESCO-URI's.")))
        skills = []
    primary = item.get("primaryCode") or {}
    names = {
        "title_nl": "name", "title_en": "name", "description_nl": "description", "description_en": "description",
        "teaching_language": "teachingLanguage", "level": "level", "isced_f": "fieldsOfStudy", "study_hours": "studyLoad.value",
        "nlqf_level": "ext.nlqfLevel", "crebo": "ext.crebo", "croho": "ext.croho", "recognised": "ext.recognised",
        "recognised_by": "ext.recognisedBy", "funds": "ext.funds", "skills": "ext.escoSkills", "ooapi_id": "courseId",
        "purpose": "ext.purpose",
        "code": "primaryCode.code",
    }  # fmt: skip
    course_id = converted(as_uuid, item.get("courseId"), where, "courseId", problems)
    code = str(primary.get("code") or "") if isinstance(primary, dict) else ""
    # write() puts the id in primaryCode (OOAPI requires one) when the course has no code of its own.
    if course_id and code.lower() == course_id:
        code = ""
    entry = CourseEntry(where=where, values=values, names=names, ooapi_id=course_id, code=code, skills=[str(s) for s in skills])
    offerings = item.get("offerings") or []
    if not isinstance(offerings, list):
        problems.append(ImportProblem(where, "offerings", _("Verwacht een lijst aanbod.")))
        offerings = []
    for index, offering in enumerate(offerings):
        place = f"{where}.offerings[{index}]"
        if not isinstance(offering, dict):
            problems.append(ImportProblem(place, "", _("Aanbod is een JSON-object.")))
            continue
        entry.offerings.append(offering_entry(offering, place, problems))
    return entry


def price_cents(prices, where, problems):
    if not isinstance(prices, list) or not prices or not isinstance(prices[0], dict):
        problems.append(ImportProblem(where, "priceInformation", _("Geef de prijs als [{costType, amount, displayAmount}].")))
        return None
    price = prices[0]
    if price.get("displayAmount") not in (None, ""):
        return converted(euros_to_cents, price["displayAmount"], where, "priceInformation[0].displayAmount", problems)
    amount = converted(euros_to_cents, price.get("amount"), where, "priceInformation[0].amount", problems)
    vat = converted(euros_to_cents, price.get("vatAmount"), where, "priceInformation[0].vatAmount", problems, 0)
    return None if amount is None else amount + vat


def offering_entry(item, where, problems):
    ext = item.get("ext") if isinstance(item.get("ext"), dict) else {}
    modes = item.get("modeOfDelivery") or []
    modes = [modes] if isinstance(modes, str) else modes
    modality = next((MODALITY_OF_MODE[m] for m in modes if m in MODALITY_OF_MODE), None)
    if modality is None:
        problems.append(ImportProblem(where, "modeOfDelivery", _("Kies online, hybrid of on campus.")))
    values = {
        "start_date": converted(as_date, item.get("startDate"), where, "startDate", problems),
        "end_date": converted(as_date, item.get("endDate"), where, "endDate", problems),
        "enrol_start": converted(as_date, item.get("enrollStartDate"), where, "enrollStartDate", problems),
        "enrol_end": converted(as_date, item.get("enrollEndDate"), where, "enrollEndDate", problems),
        "seats": converted(as_int, item.get("maxNumberStudents"), where, "maxNumberStudents", problems),
        "price_cents": price_cents(item.get("priceInformation"), where, problems),
        "modality": modality or "",
        "location": str(ext.get("location") or ""),
        "cancelled": converted(as_bool, ext.get("cancelled", False), where, "ext.cancelled", problems, False),
    }
    primary = item.get("primaryCode") or {}
    names = {
        "start_date": "startDate", "end_date": "endDate", "enrol_start": "enrollStartDate", "enrol_end": "enrollEndDate",
        "seats": "maxNumberStudents", "price_cents": "priceInformation", "modality": "modeOfDelivery",
        "location": "ext.location", "cancelled": "ext.cancelled", "municipality": "ext.municipalityCode",
        "ooapi_id": "offeringId", "code": "primaryCode.code",
    }  # fmt: skip
    return OfferingEntry(
        where=where, values=values, names=names,
        ooapi_id=converted(as_uuid, item.get("offeringId"), where, "offeringId", problems),
        code=str(primary.get("code") or "") if isinstance(primary, dict) else "",
        municipality=str(ext.get("municipalityCode") or "").upper(),
    )


def strings(nl, en):
    return [{"language": LANGUAGES[lang], "value": value} for lang, value in (("nl", nl), ("en", en)) if value]


def write(courses):
    """Courses (``course_skills__skill__labels`` and ``offerings__municipality`` prefetched) -> OOAPI document (dict)."""
    items = []
    for course in courses:
        skills = [link.skill for link in course.course_skills.all()]
        codes = [{"codeType": "crohoCreboCode", "code": c} for c in (course.crebo, course.croho) if c]
        item = {
            "courseId": str(course.ooapi_id),
            "primaryCode": {"codeType": "identifier", "code": course.code or str(course.ooapi_id)},
            "otherCodes": codes,
            "name": strings(course.title_nl, course.title_en),
            "description": strings(course.description_nl, course.description_en),
            "teachingLanguage": course.teaching_language,
            "level": course.level,
            "studyLoad": {"studyLoadUnit": "hour", "value": course.study_hours},
            "fieldsOfStudy": course.isced_f or None,
            "learningOutcomes": [
                [{"language": LANGUAGES[lang], "value": skill.label(lang)} for lang in ("nl", "en")] for skill in skills
            ],
            "ext": {
                "escoSkills": [skill.uri for skill in skills],
                "nlqfLevel": course.nlqf_level,
                "crebo": course.crebo,
                "croho": course.croho,
                "recognised": course.recognised,
                "recognisedBy": course.recognised_by,
                "funds": list(course.funds or []),
                "purpose": course.purpose,
            },
            "offerings": [offering_item(o) for o in course.offerings.all()],
        }
        if not course.code:
            item.pop("primaryCode")
        items.append(item)
    return {"pageSize": len(items), "pageNumber": 1, "hasPreviousPage": False, "hasNextPage": False, "items": items}


def offering_item(offering):
    euros = cents_to_euros(offering.price_cents)
    item = {
        "offeringId": str(offering.ooapi_id),
        "offeringType": "course",
        "startDate": offering.start_date.isoformat(),
        "endDate": offering.end_date.isoformat(),
        "enrollStartDate": offering.enrol_start.isoformat() if offering.enrol_start else None,
        "enrollEndDate": offering.enrol_end.isoformat() if offering.enrol_end else None,
        "maxNumberStudents": offering.seats,
        "priceInformation": [{"costType": "total costs", "amount": float(euros), "displayAmount": float(euros)}],
        "modeOfDelivery": [MODE_OF_MODALITY[offering.modality]],
        "addresses": [{"addressType": "teaching", "city": offering.municipality.name}] if offering.municipality else [],
        "ext": {
            "municipalityCode": offering.municipality.code if offering.municipality else None,
            "location": offering.location,
            "cancelled": offering.cancelled,
        },
    }
    if offering.code:
        item["primaryCode"] = {"codeType": "offeringCode", "code": offering.code}
    return item

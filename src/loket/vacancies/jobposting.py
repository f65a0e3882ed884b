"""Vacancies as schema.org JobPosting JSON-LD, both ways, on plain dicts (no ORM).

A *record* is a flat dict describing one vacancy with ESCO URIs and CBS codes
instead of database rows::

    {"title", "description", "kind", "occupation_uri", "occupation_label", "isco_code",
     "skills": [{"uri", "label", "importance"}], "nlqf_level", "hours_min", "hours_max",
     "municipality_code", "municipality_name", "region_code", "sector", "sector_name",
     "climate_transition", "opened_on", "valid_through", "filled_on", "closed_on",
     "external_id", "employer_name", "employer_kvk", "url"}

``to_jobposting``/``to_item_list`` write records as JSON-LD; ``read_documents``
reads one or many JSON-LD documents back into records, with every problem it
finds reported at its place (the posting's index and a JSON path) in words a
user understands. Whether a URI or municipality code exists is for the caller
to check against the database (``ParsedPosting.paths`` says where each field
came from, so those errors get a place too).

Mapping choices (see docs/vacancies.md):

* essential skills are ``skills`` (DefinedTerm with the ESCO URI as ``url`` and
  ``termCode``); optional skills are ``loket:optionalSkills``, so a consumer that
  knows only schema.org never mistakes a nice-to-have for a requirement;
* what schema.org cannot say lives in the ``loket:`` namespace: the kind
  (job, internship, BBL place, open hiring), the climate-transition flag, the
  hours as numbers, and the dates the vacancy was filled or closed.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

SCHEMA_ORG = "https://schema.org"
LOKET_NS = "https://loket.noord-holland.nl/ns/vacature#"
CONTEXT = [SCHEMA_ORG, {"loket": LOKET_NS}]
ESCO_OCCUPATIONS = "http://data.europa.eu/esco/concept-scheme/occupations"
ESCO_SKILLS = "http://data.europa.eu/esco/concept-scheme/skills"
ISCO_SCHEME = "http://data.europa.eu/esco/concept-scheme/isco"
ESCO_URI_PREFIX = "http://data.europa.eu/esco/"
CBS_MUNICIPALITY = "CBS-gemeentecode"
KVK = "KvK-nummer"
EMPLOYER_REFERENCE = "kenmerk"
SBI = "SBI 2008"
NLQF = "NLQF"
PROVINCE = "Noord-Holland"

KINDS = ("job", "internship", "bbl", "open_hiring")
IMPORTANCES = ("essential", "optional")
SECTORS = tuple("ABCDEFGHIJKLMNOPQRSTU")
FULL_TIME_HOURS = 36  # the usual Dutch full-time week in collective agreements
MAX_POSTINGS = 10000

# Where the fields of a record live in a JobPosting, for errors found later.
FIELD_PROPERTY = {
    "title": "title",
    "description": "description",
    "kind": "loket:kind",
    "occupation": "occupationalCategory",
    "skills": "skills",
    "nlqf_level": "educationRequirements",
    "hours_min": "workHours",
    "hours_max": "workHours",
    "municipality": "jobLocation",
    "sector": "industry",
    "climate_transition": "loket:climateTransition",
    "opened_on": "datePosted",
    "valid_through": "validThrough",
    "filled_on": "loket:filledOn",
    "closed_on": "loket:closedOn",
    "external_id": "identifier",
}


# --- Export ------------------------------------------------------------------


def employment_types(record):
    if record.get("kind") == "internship":
        return ["INTERN"]
    types = []
    if record["hours_max"] >= FULL_TIME_HOURS:
        types.append("FULL_TIME")
    if record["hours_min"] < FULL_TIME_HOURS:
        types.append("PART_TIME")
    return types


def defined_term(skill):
    return {
        "@type": "DefinedTerm",
        "name": skill.get("label") or skill["uri"],
        "url": skill["uri"],
        "termCode": skill["uri"],
        "inDefinedTermSet": ESCO_SKILLS,
    }


def to_jobposting(record, *, context=True):
    """One record as a JobPosting (with its @context unless it goes in a list)."""
    posting = {"@context": CONTEXT} if context else {}
    posting.update({"@type": "JobPosting", "title": record["title"]})
    if record.get("url"):
        posting["url"] = record["url"]
    if record.get("external_id"):
        posting["identifier"] = {"@type": "PropertyValue", "propertyID": EMPLOYER_REFERENCE, "value": record["external_id"]}
    posting["description"] = record.get("description") or ""
    posting["datePosted"] = record["opened_on"].isoformat()
    if record.get("valid_through"):
        posting["validThrough"] = record["valid_through"].isoformat()
    posting["employmentType"] = employment_types(record)
    organisation = {"@type": "Organization", "name": record.get("employer_name") or ""}
    if record.get("employer_kvk"):
        organisation["identifier"] = {"@type": "PropertyValue", "propertyID": KVK, "value": record["employer_kvk"]}
    posting["hiringOrganization"] = organisation
    posting["jobLocation"] = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": record.get("municipality_name") or "",
            "addressRegion": PROVINCE,
            "addressCountry": "NL",
        },
        "identifier": {"@type": "PropertyValue", "propertyID": CBS_MUNICIPALITY, "value": record["municipality_code"]},
    }
    category = {
        "@type": "CategoryCode",
        "name": record.get("occupation_label") or record["occupation_uri"],
        "url": record["occupation_uri"],
    }
    if record.get("isco_code"):
        category["codeValue"] = record["isco_code"]
        category["inCodeSet"] = {"@type": "CategoryCodeSet", "@id": ISCO_SCHEME, "name": "ISCO-08"}
    posting["occupationalCategory"] = category
    skills = record.get("skills") or []
    posting["skills"] = [defined_term(s) for s in skills if s["importance"] == "essential"]
    if record.get("nlqf_level"):
        level = record["nlqf_level"]
        posting["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "educationalLevel": {"@type": "DefinedTerm", "name": f"NLQF {level}", "termCode": str(level), "inDefinedTermSet": NLQF},
        }
    posting["workHours"] = _hours_text(record["hours_min"], record["hours_max"])
    posting["industry"] = {
        "@type": "DefinedTerm",
        "termCode": record["sector"],
        "name": record.get("sector_name") or record["sector"],
        "inDefinedTermSet": SBI,
    }
    posting["loket:kind"] = record.get("kind") or "job"
    posting["loket:climateTransition"] = bool(record.get("climate_transition"))
    posting["loket:hoursMin"] = record["hours_min"]
    posting["loket:hoursMax"] = record["hours_max"]
    posting["loket:optionalSkills"] = [defined_term(s) for s in skills if s["importance"] == "optional"]
    if record.get("region_code"):
        posting["loket:labourMarketRegion"] = record["region_code"]
    if record.get("filled_on"):
        posting["loket:filledOn"] = record["filled_on"].isoformat()
    if record.get("closed_on"):
        posting["loket:closedOn"] = record["closed_on"].isoformat()
    return posting


def _hours_text(hours_min, hours_max):
    # Language-neutral on purpose: the document is read by machines in any language.
    return f"{hours_min}-{hours_max} h/week" if hours_min != hours_max else f"{hours_max} h/week"


def to_item_list(records):
    """Many records as one document: a schema.org ItemList of JobPostings."""
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "numberOfItems": len(records),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": to_jobposting(record, context=False)}
            for position, record in enumerate(records, start=1)
        ],
    }


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2)


# --- Import ------------------------------------------------------------------


@dataclass
class PostingError:
    """One problem in an imported document. ``index`` is the posting's place
    in the document (0-based, None for the document as a whole)."""

    index: int | None
    path: str
    field: str
    message: str

    def as_dict(self):
        return {"index": self.index, "path": self.path, "field": self.field, "message": self.message}


@dataclass
class ParsedPosting:
    index: int
    path: str
    record: dict
    paths: dict = field(default_factory=dict)  # record field -> JSON path it was read from

    def path_of(self, field_name):
        return self.paths.get(field_name) or child(self.path, FIELD_PROPERTY.get(field_name, field_name))


class DocumentError(ValueError):
    """The document as a whole cannot be read (not JSON, not a JobPosting)."""

    def __init__(self, errors):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def child(path, key):
    if isinstance(key, int):
        return f"{path}[{key}]"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}"
    return f"{path}['{key}']"


def parse_json(text):
    """The document in ``text``; DocumentError with the line and column when it is not JSON."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError([PostingError(None, "$", "", _("Het bestand is geen UTF-8-tekst."))]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = _("Geen geldige JSON (regel %(line)s, kolom %(column)s).") % {"line": error.lineno, "column": error.colno}
        raise DocumentError([PostingError(None, "$", "", message)]) from None


def _types(node):
    value = node.get("@type") if isinstance(node, dict) else None
    values = value if isinstance(value, list) else [value]
    # Accept full IRIs and the schema: prefix as well as plain terms.
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v}


def _postings_in(document):
    """[(path, node)] for every JobPosting the document holds, and errors for what is not one."""
    if isinstance(document, list):
        items = [(child("$", i), node) for i, node in enumerate(document)]
    elif isinstance(document, dict) and "@graph" in document:
        graph = document["@graph"]
        if not isinstance(graph, list):
            graph = [graph]
        items = [(child(child("$", "@graph"), i), node) for i, node in enumerate(graph)]
    elif isinstance(document, dict) and "ItemList" in _types(document):
        elements = document.get("itemListElement")
        if not isinstance(elements, list):
            message = _("Een ItemList moet een lijst itemListElement hebben.")
            raise DocumentError([PostingError(None, "$.itemListElement", "itemListElement", message)])
        items = []
        for i, element in enumerate(elements):
            path = child(child("$", "itemListElement"), i)
            if isinstance(element, dict) and "ListItem" in _types(element) and "item" in element:
                items.append((child(path, "item"), element["item"]))
            else:
                items.append((path, element))
    elif isinstance(document, dict):
        items = [("$", document)]
    else:
        message = _("Het bestand bevat geen JobPosting, ItemList of @graph met vacatures.")
        raise DocumentError([PostingError(None, "$", "", message)])
    if not items:
        raise DocumentError([PostingError(None, "$", "", _("Het bestand bevat geen vacatures."))])
    if len(items) > MAX_POSTINGS:
        message = _("Te veel vacatures in één bestand: %(count)s (maximaal %(max)s).") % {"count": len(items), "max": MAX_POSTINGS}
        raise DocumentError([PostingError(None, "$", "", message)])
    return items


def read_documents(document):
    """(postings, errors) for a parsed JSON-LD document: one JobPosting, a list,
    an ItemList or an @graph. Raises DocumentError when there are no postings
    to read at all."""
    postings, errors = [], []
    for index, (path, node) in enumerate(_postings_in(document)):
        reader = _PostingReader(index, path, node)
        posting = reader.read()
        errors.extend(reader.errors)
        postings.append(posting)
    return postings, errors


def parse_date(value):
    """A date from "2026-11-22" or an ISO date-time; None when it is neither."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def _first_text(value):
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list) and len(value) == 1:
        return _first_text(value[0])
    return value


def _description_text(value):
    """JobPosting descriptions are often HTML; the loket keeps plain text with its paragraphs."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</h[1-6]>", "\n", value)
    text = strip_tags(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _PostingReader:
    def __init__(self, index, path, node):
        self.index, self.path, self.node = index, path, node
        self.errors = []
        self.record = {}
        self.paths = {}

    def error(self, field_name, path, message):
        self.errors.append(PostingError(self.index, path, field_name, message))

    def at(self, key):
        return child(self.path, key)

    def get(self, *keys):
        """The first of the keys that is present (schema.org terms may come prefixed), with its path."""
        for key in keys:
            for spelled in (key, f"schema:{key}", f"{SCHEMA_ORG}/{key}", f"http://schema.org/{key}"):
                if spelled in self.node:
                    return self.node[spelled], self.at(spelled)
        for key in keys:
            if key.startswith("loket:") and LOKET_NS + key[6:] in self.node:
                return self.node[LOKET_NS + key[6:]], self.at(LOKET_NS + key[6:])
        return None, self.at(keys[0])

    def read(self):
        posting = ParsedPosting(self.index, self.path, self.record, self.paths)
        if not isinstance(self.node, dict):
            self.error("", self.path, _("Dit is geen JobPosting maar een %(type)s.") % {"type": type(self.node).__name__})
            return posting
        if "JobPosting" not in _types(self.node):
            found = ", ".join(sorted(_types(self.node))) or _("geen @type")
            self.error("@type", self.at("@type"), _("Dit is geen JobPosting (@type is %(type)s).") % {"type": found})
            return posting
        for step in (
            self.read_title, self.read_description, self.read_identifier, self.read_dates, self.read_kind,
            self.read_occupation, self.read_skills, self.read_level, self.read_hours, self.read_location,
            self.read_sector, self.read_climate,
        ):
            step()
        return posting

    def read_title(self):
        value, path = self.get("title")
        value = _first_text(value)
        self.paths["title"] = path
        if not isinstance(value, str) or not value.strip():
            self.error("title", path, _("De titel ontbreekt."))
        else:
            self.record["title"] = value.strip()

    def read_description(self):
        value, path = self.get("description")
        value = _first_text(value)
        self.paths["description"] = path
        if value is None:
            self.record["description"] = ""
        elif not isinstance(value, str):
            self.error("description", path, _("De omschrijving moet tekst zijn."))
        else:
            self.record["description"] = _description_text(value)

    def read_identifier(self):
        value, path = self.get("identifier")
        self.paths["external_id"] = path
        if value is None:
            return
        values = value if isinstance(value, list) else [value]
        # Our own reference first; a foreign feed's identifier will do as well.
        ranked = sorted(values, key=lambda item: not (isinstance(item, dict) and item.get("propertyID") == EMPLOYER_REFERENCE))
        for item in ranked:
            reference = item.get("value") if isinstance(item, dict) else item
            if isinstance(reference, (str, int)) and not isinstance(reference, bool) and str(reference).strip():
                self.record["external_id"] = str(reference).strip()
                return
        self.error("external_id", path, _("Het kenmerk (identifier) moet een tekst of een PropertyValue met een value zijn."))

    def read_dates(self):
        for field_name, key, required in (
            ("opened_on", "datePosted", False),
            ("valid_through", "validThrough", False),
            ("filled_on", "loket:filledOn", False),
            ("closed_on", "loket:closedOn", False),
        ):
            value, path = self.get(key)
            self.paths[field_name] = path
            if value is None:
                continue
            date = parse_date(value)
            if date is None:
                self.error(field_name, path, _("Geen geldige datum: “%(value)s”. Schrijf de datum als JJJJ-MM-DD.") % {"value": value})
            else:
                self.record[field_name] = date

    def read_kind(self):
        value, path = self.get("loket:kind")
        self.paths["kind"] = path
        if value is not None:
            if value not in KINDS:
                self.error("kind", path, _("Onbekende soort vacature: “%(value)s”. Kies uit: %(kinds)s.") % {"value": value, "kinds": ", ".join(KINDS)})
            else:
                self.record["kind"] = value
            return
        types, types_path = self.get("employmentType")
        types = types if isinstance(types, list) else [types]
        self.record["kind"] = "internship" if "INTERN" in types else "job"
        self.paths["kind"] = types_path

    def read_occupation(self):
        value, path = self.get("occupationalCategory")
        self.paths["occupation"] = path
        if isinstance(value, list):
            if len(value) != 1:
                self.error("occupation", path, _("Geef precies één beroep (occupationalCategory)."))
                return
            value, path = value[0], child(path, 0)
            self.paths["occupation"] = path
        uri = None
        if isinstance(value, str):
            uri = value.strip()
        elif isinstance(value, dict):
            for key in ("url", "@id", "sameAs"):
                candidate = value.get(key)
                if isinstance(candidate, str) and candidate.startswith(ESCO_URI_PREFIX):
                    uri = candidate
                    break
            if isinstance(value.get("name"), str):
                self.record["occupation_label"] = value["name"]
        if value is None:
            self.error("occupation", path, _("Het beroep (occupationalCategory) ontbreekt; geef de ESCO-URI van het beroep."))
        elif not uri or not uri.startswith(ESCO_URI_PREFIX + "occupation/"):
            self.error("occupation", path, _("Het beroep moet een ESCO-beroep zijn: geef de ESCO-URI als url."))
        else:
            self.record["occupation_uri"] = uri

    def read_skills(self):
        skills, seen = [], {}
        for key, importance in (("skills", "essential"), ("loket:optionalSkills", "optional")):
            value, path = self.get(key)
            if value is None:
                continue
            values, paths = (value, [child(path, i) for i in range(len(value))]) if isinstance(value, list) else ([value], [path])
            for item, item_path in zip(values, paths, strict=True):
                uri = None
                if isinstance(item, str):
                    uri = item.strip()
                elif isinstance(item, dict):
                    for candidate in (item.get("url"), item.get("termCode"), item.get("@id")):
                        if isinstance(candidate, str) and candidate.startswith(ESCO_URI_PREFIX):
                            uri = candidate
                            break
                if not uri or not uri.startswith(ESCO_URI_PREFIX + "skill/"):
                    self.error("skills", item_path, _("Een skill moet een ESCO-vaardigheid zijn: geef de ESCO-URI als url of termCode."))
                    continue
                if uri in seen:
                    self.error("skills", item_path, _("Deze skill staat er al eerder in (%(path)s).") % {"path": seen[uri]})
                    continue
                seen[uri] = item_path
                label = item.get("name") if isinstance(item, dict) and isinstance(item.get("name"), str) else ""
                skills.append({"uri": uri, "label": label, "importance": importance, "path": item_path})
        self.record["skills"] = skills
        self.paths["skills"] = self.at("skills")

    def read_level(self):
        value, path = self.get("educationRequirements")
        self.paths["nlqf_level"] = path
        if value is None:
            self.record["nlqf_level"] = None
            return
        level = value
        if isinstance(level, dict):
            level = level.get("educationalLevel", level.get("credentialCategory"))
        if isinstance(level, dict):
            level = level.get("termCode", level.get("name"))
        match = re.fullmatch(r"\s*(?:(?:NLQF|EQF)[\s-]*)?([1-8])\s*", str(level), flags=re.IGNORECASE) if level is not None else None
        if isinstance(level, int) and 1 <= level <= 8:
            self.record["nlqf_level"] = level
        elif match:
            self.record["nlqf_level"] = int(match.group(1))
        else:
            self.error("nlqf_level", path, _("Onbekend niveau: gebruik NLQF 1 tot en met 8."))

    def read_hours(self):
        low, low_path = self.get("loket:hoursMin")
        high, high_path = self.get("loket:hoursMax")
        text, text_path = self.get("workHours")
        if low is not None or high is not None:
            for field_name, value, path in (("hours_min", low, low_path), ("hours_max", high, high_path)):
                self.paths[field_name] = path
                if isinstance(value, bool) or not isinstance(value, int):
                    self.error(field_name, path, _("Het aantal uren per week moet een geheel getal zijn."))
                else:
                    self.record[field_name] = value
            return
        self.paths["hours_min"] = self.paths["hours_max"] = text_path
        match = re.search(r"(\d{1,3})(?:\s*(?:-|–|tot|to)\s*(\d{1,3}))?", str(text)) if isinstance(text, (str, int)) else None
        if text is None:
            self.error("hours_min", text_path, _("Het aantal uren per week ontbreekt (workHours, bijvoorbeeld “32-40”)."))
        elif not match:
            self.error("hours_min", text_path, _("Het aantal uren per week is niet te lezen: “%(value)s” (bijvoorbeeld “32-40”).") % {"value": text})
        else:
            self.record["hours_min"] = int(match.group(1))
            self.record["hours_max"] = int(match.group(2) or match.group(1))

    def read_location(self):
        value, path = self.get("jobLocation")
        self.paths["municipality"] = path
        if isinstance(value, list):
            if len(value) != 1:
                self.error("municipality", path, _("Geef precies één werkplek (jobLocation)."))
                return
            value, path = value[0], child(path, 0)
        if not isinstance(value, dict):
            self.error("municipality", path, _("De werkplek (jobLocation) ontbreekt: geef de gemeente in Noord-Holland."))
            return
        identifiers = value.get("identifier")
        for item in identifiers if isinstance(identifiers, list) else [identifiers]:
            code = item.get("value") if isinstance(item, dict) else item
            if isinstance(code, str) and re.fullmatch(r"GM\d{4}", code.strip().upper()):
                self.record["municipality_code"] = code.strip().upper()
                self.paths["municipality"] = child(path, "identifier")
                return
        address = value.get("address")
        locality = address.get("addressLocality") if isinstance(address, dict) else None
        if isinstance(locality, str) and locality.strip():
            self.record["municipality_name"] = locality.strip()
            self.paths["municipality"] = child(child(path, "address"), "addressLocality")
        else:
            self.error("municipality", path, _("De gemeente ontbreekt: geef de CBS-gemeentecode (identifier) of de plaats (address.addressLocality)."))

    def read_sector(self):
        value, path = self.get("industry")
        self.paths["sector"] = path
        code = value
        if isinstance(code, dict):
            code = code.get("termCode", code.get("codeValue", code.get("name")))
        if value is None:
            self.error("sector", path, _("De sector (industry) ontbreekt: geef de SBI-letter, bijvoorbeeld “C” voor industrie."))
        elif isinstance(code, str) and code.strip().upper() in SECTORS:
            self.record["sector"] = code.strip().upper()
        else:
            self.error("sector", path, _("Onbekende sector: “%(value)s”. Gebruik een SBI-letter van A tot en met U.") % {"value": code})

    def read_climate(self):
        value, path = self.get("loket:climateTransition")
        self.paths["climate_transition"] = path
        if value is None:
            self.record["climate_transition"] = False
        elif isinstance(value, bool):
            self.record["climate_transition"] = value
        else:
            self.error("climate_transition", path, _("loket:climateTransition moet true of false zijn."))

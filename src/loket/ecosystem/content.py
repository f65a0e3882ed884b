"""The ecosystem's first content, taken from the documents themselves (``data/documents.json``).

``load_documents`` creates or updates the sources, organisations, initiatives, their classifications,
partners and milestones the file names, and nothing else: a re-run changes nothing, a re-run after editing
the file updates what changed, and whatever users added (other fields, extra partners and classifications,
their own milestones, a milestone's ``done_on``, status updates, editors) stays as it is. It never deletes.

The file is checked as a whole before anything is written (``check_documents``, plain data in and out), and
the writing is one transaction, so a bad file leaves the database as it was.

It takes ``apps`` so the data migration can pass its historical models (like ``geography.services``).
"""

import calendar
import datetime
import json
import re
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _

from .vocabulary import SCHEME_CHOICES, InitiativeKind, Lifecycle, OrganisationKind, PartnerRole, Scheme

DOCUMENTS = Path(__file__).parent / "data" / "documents.json"

# The file's list keys for each classification scheme.
SCHEME_KEYS = {
    "themes": Scheme.THEME,
    "programme_lines": Scheme.PROGRAMME_LINE,
    "topsectors": Scheme.TOPSECTOR,
    "challenges": Scheme.CHALLENGE,
    "sdgs": Scheme.SDG,
}
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
QUARTER = re.compile(r"^Q([1-4]) (\d{4})$")

SOURCE_FIELDS = ("title", "publisher", "published", "url")
ORGANISATION_FIELDS = ("name", "short_name", "kind", "description_nl", "description_en", "website", "source_reference")
INITIATIVE_FIELDS = (
    "name", "short_name", "number", "kind", "description_nl", "description_en", "goal", "intended_output",
    "intended_impact", "started_year", "website", "source_reference",
)  # fmt: skip
# Set when an initiative is created, then left to its members: they move it from "in opstart" to "loopt".
INITIATIVE_FIELDS_ON_CREATE = ("lifecycle",)


def scheme_names():
    return {
        "themes": _("de thema's"),
        "programme_lines": _("de programmalijnen"),
        "topsectors": _("de topsectoren"),
        "challenges": _("de maatschappelijke uitdagingen"),
        "sdgs": _("de SDG's"),
    }


class DocumentsError(ValueError):
    """The documents file is not valid; ``problems`` names every wrong entry, in Dutch."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def read_documents(path=DOCUMENTS):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise DocumentsError([_("Kan %(file)s niet lezen: %(error)s") % {"file": path, "error": error}]) from None
    except json.JSONDecodeError as error:
        raise DocumentsError(
            [_("%(file)s is geen geldige JSON (regel %(line)s): %(error)s") % {"file": path, "line": error.lineno, "error": error.msg}]
        ) from None


def quarter_end(label):
    """The last day of a quarter label such as "Q2 2021"; None for any other label."""
    match = QUARTER.match(label or "")
    if not match:
        return None
    year, month = int(match.group(2)), int(match.group(1)) * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def check_documents(data, region_codes, municipality_regions, max_lengths=None):
    """Every problem in the file, as Dutch sentences naming the entry; an empty list when it can be loaded.

    ``region_codes``: the labour-market region codes that exist; ``municipality_regions``: municipality code
    to its region code, for the municipalities that exist; ``max_lengths``: per kind ("sources",
    "organisations", "initiatives", "partners", "milestones") the longest text each field may hold.
    """
    problems = []
    max_lengths = max_lengths or {}

    def check_lengths(entry, label, kind):
        for field, limit in max_lengths.get(kind, {}).items():
            value = entry.get(field)
            if isinstance(value, str) and len(value) > limit:
                problems.append(
                    _("%(entry)s: '%(field)s' is %(length)s tekens lang, meer dan de %(limit)s die passen.")
                    % {"entry": label, "field": field, "length": len(value), "limit": limit}
                )
    if not isinstance(data, dict):
        return [_("Het bestand moet een JSON-object zijn met 'sources', 'organisations' en 'initiatives'.")]

    def entries(key, what):
        items = data.get(key, [])
        if not isinstance(items, list):
            problems.append(_("'%(key)s' moet een lijst zijn.") % {"key": key})
            return []
        good = []
        for index, item in enumerate(items, start=1):
            if isinstance(item, dict):
                good.append(item)
            else:
                problems.append(_("%(what)s nummer %(index)s is geen object.") % {"what": what, "index": index})
        return good

    def require(entry, label, fields):
        for field in fields:
            if not str(entry.get(field) or "").strip():
                problems.append(_("%(entry)s: '%(field)s' ontbreekt.") % {"entry": label, "field": field})

    def unique(items, key, what):
        seen = set()
        for item in items:
            value = item.get(key)
            if value in seen:
                problems.append(_("%(what)s '%(value)s' staat twee keer in het bestand.") % {"what": what, "value": value})
            seen.add(value)
        return seen

    def check_slug(entry, label, key):
        if not SLUG.match(str(entry.get(key) or "")):
            problems.append(
                _("%(entry)s: '%(value)s' is geen geldige korte naam (alleen letters, cijfers, - en _).")
                % {"entry": label, "value": entry.get(key)}
            )

    def check_choice(entry, label, field, choices, what):
        if entry.get(field) not in choices.values:
            problems.append(_("%(entry)s: onbekende %(what)s '%(value)s'.") % {"entry": label, "what": what, "value": entry.get(field)})

    def check_place(entry, label, region_key):
        region = entry.get(region_key) if region_key else None
        municipality = entry.get("municipality_code")
        if region is not None and region not in region_codes:
            problems.append(_("%(entry)s: onbekende arbeidsmarktregio '%(value)s'.") % {"entry": label, "value": region})
        if municipality is not None:
            if municipality not in municipality_regions:
                problems.append(_("%(entry)s: onbekende gemeente '%(value)s'.") % {"entry": label, "value": municipality})
            elif region is not None and municipality_regions[municipality] != region:
                problems.append(
                    _("%(entry)s: gemeente %(municipality)s ligt niet in arbeidsmarktregio %(region)s.")
                    % {"entry": label, "municipality": municipality, "region": region}
                )

    sources = entries("sources", _("Bron"))
    for source in sources:
        label = _("Bron '%(key)s'") % {"key": source.get("key")}
        check_slug(source, label, "key")
        require(source, label, ["title"])
        check_lengths(source, label, "sources")
        if source.get("published") is not None and parse_date(source["published"]) is None:
            problems.append(_("%(entry)s: '%(value)s' is geen datum (JJJJ-MM-DD).") % {"entry": label, "value": source["published"]})
    source_keys = unique(sources, "key", _("Bron"))

    def check_source(entry, label):
        if entry.get("source") not in source_keys:
            problems.append(_("%(entry)s: onbekende bron '%(value)s'.") % {"entry": label, "value": entry.get("source")})
        require(entry, label, ["source_reference"])

    organisations = entries("organisations", _("Organisatie"))
    for organisation in organisations:
        label = _("Organisatie '%(slug)s'") % {"slug": organisation.get("slug")}
        check_slug(organisation, label, "slug")
        require(organisation, label, ["name"])
        check_lengths(organisation, label, "organisations")
        check_choice(organisation, label, "kind", OrganisationKind, _("soort organisatie"))
        check_place(organisation, label, None)
        check_source(organisation, label)
    organisation_slugs = unique(organisations, "slug", _("Organisatie"))

    initiatives = entries("initiatives", _("Initiatief"))
    for initiative in initiatives:
        label = _("Initiatief '%(slug)s'") % {"slug": initiative.get("slug")}
        check_slug(initiative, label, "slug")
        require(initiative, label, ["name", "description_nl"])
        check_lengths(initiative, label, "initiatives")
        check_choice(initiative, label, "kind", InitiativeKind, _("soort initiatief"))
        check_choice(initiative, label, "lifecycle", Lifecycle, _("levensfase"))
        check_place(initiative, label, "region_code")
        check_source(initiative, label)
        year = initiative.get("started_year")
        if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
            problems.append(_("%(entry)s: '%(value)s' is geen jaartal.") % {"entry": label, "value": year})
        for key, scheme in SCHEME_KEYS.items():
            codes = initiative.get(key, [])
            if not isinstance(codes, list):
                problems.append(_("%(entry)s: '%(key)s' moet een lijst zijn.") % {"entry": label, "key": key})
                continue
            for code in codes:
                if code not in SCHEME_CHOICES[scheme].values:
                    problems.append(
                        _("%(entry)s: '%(code)s' is geen bekende code voor %(scheme)s.")
                        % {"entry": label, "code": code, "scheme": scheme_names()[key]}
                    )
        lead = initiative.get("aanjager")
        if lead is not None and lead not in organisation_slugs:
            problems.append(_("%(entry)s: onbekende aanjager '%(value)s'.") % {"entry": label, "value": lead})
        for partner in initiative.get("partners", []):
            if partner.get("organisation") not in organisation_slugs:
                problems.append(_("%(entry)s: onbekende partner '%(value)s'.") % {"entry": label, "value": partner.get("organisation")})
            if partner.get("role", PartnerRole.PARTNER) not in PartnerRole.values:
                problems.append(_("%(entry)s: onbekende rol '%(value)s'.") % {"entry": label, "value": partner.get("role")})
            elif partner.get("role") == PartnerRole.LEAD:
                problems.append(_("%(entry)s: geef de aanjager op als 'aanjager', niet als partner.") % {"entry": label})
            check_lengths(partner, label, "partners")
        titles = set()
        for milestone in initiative.get("milestones", []):
            title = str(milestone.get("title") or "").strip()
            due = parse_date(milestone.get("due_date"))
            if not title:
                problems.append(_("%(entry)s: een mijlpaal heeft geen titel.") % {"entry": label})
            elif title in titles:
                problems.append(_("%(entry)s: mijlpaal '%(title)s' staat er twee keer.") % {"entry": label, "title": title})
            titles.add(title)
            check_lengths(milestone, label, "milestones")
            if due is None:
                problems.append(
                    _("%(entry)s: mijlpaal '%(title)s' heeft geen geldige datum (JJJJ-MM-DD).") % {"entry": label, "title": title}
                )
            elif quarter_end(milestone.get("due_label")) not in (None, due):
                problems.append(
                    _("%(entry)s: mijlpaal '%(title)s' valt op %(date)s, niet aan het eind van %(label)s.")
                    % {"entry": label, "title": title, "date": due.isoformat(), "label": milestone.get("due_label")}
                )
    unique(initiatives, "slug", _("Initiatief"))
    numbered = [i for i in initiatives if i.get("number")]
    unique(numbered, "number", _("Startcoalitienummer"))
    return problems


class Tally:
    """How many rows of each kind the load created and updated."""

    def __init__(self):
        self.created, self.updated = {}, {}

    def count(self, what, created, changed):
        if created:
            self.created[what] = self.created.get(what, 0) + 1
        elif changed:
            self.updated[what] = self.updated.get(what, 0) + 1

    def as_dict(self):
        return {"created": dict(self.created), "updated": dict(self.updated)}


def _has_field(model, name):
    # A historical model (in a data migration) may predate a field the file names.
    try:
        model._meta.get_field(name)
        return True
    except FieldDoesNotExist:
        return False


def _upsert(model, lookup, values, on_create=None):
    """Create the row, or write only the values that differ. Returns (row, created, changed)."""
    values = {name: value for name, value in values.items() if _has_field(model, name.removesuffix("_id"))}
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model.objects.create(**lookup, **values, **(on_create or {}))
        return row, True, True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        if _has_field(model, "updated_at"):
            changed.append("updated_at")
        row.save(update_fields=[name.removesuffix("_id") for name in changed])
    return row, False, bool(changed)


def load_documents(apps=None, path=DOCUMENTS):
    """Load or update the documents' content; returns {"created": {...}, "updated": {...}} counts per kind.

    Raises ``DocumentsError`` (nothing written) when the file names an unknown code, slug, region or source.
    """
    if apps is None:
        from django.apps import apps
    Source, Organisation, Initiative = (apps.get_model("ecosystem", name) for name in ("Source", "Organisation", "Initiative"))
    Partner, Milestone, Classification = (apps.get_model("ecosystem", name) for name in ("Partner", "Milestone", "Classification"))
    Region, Municipality = apps.get_model("geography", "Region"), apps.get_model("geography", "Municipality")

    data = read_documents(path)
    regions = {region.code: region for region in Region.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.select_related("region")}
    kinds = {"sources": Source, "organisations": Organisation, "initiatives": Initiative, "partners": Partner, "milestones": Milestone}
    max_lengths = {
        kind: {f.name: f.max_length for f in kind_model._meta.get_fields() if not f.is_relation and getattr(f, "max_length", None)}
        for kind, kind_model in kinds.items()
    }
    problems = check_documents(data, set(regions), {code: m.region.code for code, m in municipalities.items()}, max_lengths)
    if problems:
        raise DocumentsError(problems)

    def municipality_id(code):
        return municipalities[code].pk if code else None

    tally = Tally()
    with transaction.atomic():
        sources = {}
        for entry in data.get("sources", []):
            values = {name: entry.get(name) or "" for name in SOURCE_FIELDS}
            values["published"] = parse_date(entry.get("published"))
            sources[entry["key"]], created, changed = _upsert(Source, {"key": entry["key"]}, values)
            tally.count("sources", created, changed)

        organisations = {}
        for entry in data.get("organisations", []):
            values = {name: entry.get(name) or "" for name in ORGANISATION_FIELDS}
            values["municipality_id"] = municipality_id(entry.get("municipality_code"))
            values["source_id"] = sources[entry["source"]].pk
            organisations[entry["slug"]], created, changed = _upsert(Organisation, {"slug": entry["slug"]}, values)
            tally.count("organisations", created, changed)

        classifications = {}
        for entry in data.get("initiatives", []):
            values = {name: entry.get(name) if name == "started_year" else entry.get(name) or "" for name in INITIATIVE_FIELDS}
            region = entry.get("region_code")
            values["region_id"] = regions[region].pk if region else None
            values["municipality_id"] = municipality_id(entry.get("municipality_code"))
            values["source_id"] = sources[entry["source"]].pk
            on_create = {name: entry[name] for name in INITIATIVE_FIELDS_ON_CREATE}
            initiative, created, changed = _upsert(Initiative, {"slug": entry["slug"]}, values, on_create)

            wanted = []
            for key, scheme in SCHEME_KEYS.items():
                for code in entry.get(key, []):
                    if (scheme.value, code) not in classifications:
                        # The rows come from migration 0002; made here too so a load never fails on a missing one.
                        classifications[scheme.value, code], _created = Classification.objects.get_or_create(scheme=scheme.value, code=code)
                    wanted.append(classifications[scheme.value, code])
            present = set(initiative.classifications.values_list("pk", flat=True))
            missing = [c for c in wanted if c.pk not in present]
            if missing:
                initiative.classifications.add(*missing)
            tally.count("initiatives", created, changed or bool(missing))

            partners = list(entry.get("partners", []))
            if entry.get("aanjager"):
                partners.insert(0, {"organisation": entry["aanjager"], "role": PartnerRole.LEAD.value})
            for partner in partners:
                lookup = {
                    "initiative_id": initiative.pk,
                    "organisation_id": organisations[partner["organisation"]].pk,
                    "role": partner.get("role", PartnerRole.PARTNER.value),
                }
                _row, created, changed = _upsert(Partner, lookup, {"note": partner.get("note", "")})
                tally.count("partners", created, changed)

            for order, milestone in enumerate(entry.get("milestones", [])):
                values = {"due_label": milestone.get("due_label", ""), "due_date": parse_date(milestone["due_date"]), "order": order}
                lookup = {"initiative_id": initiative.pk, "title": milestone["title"].strip()}
                _row, created, changed = _upsert(Milestone, lookup, values)
                tally.count("milestones", created, changed)
    return tally.as_dict()

"""The ecosystem registry as CSV and as schema.org JSON-LD, on plain dicts (no ORM).

An *initiative record*::

    {"slug", "name", "short_name", "number", "kind", "lifecycle",
     "description_nl", "description_en", "goal", "intended_output", "intended_impact",
     "region": {"code", "name"} | None,
     "municipality": {"code", "name", "latitude", "longitude", "region": {"code", "name"}} | None,
     "latitude", "longitude",             # the initiative's own spot; None: the municipality's centre
     "classifications": {scheme: [code, ...]},
     "started_year", "stopped_year",
     "partners": [{"slug", "name", "role", "note"}],
     "contact_name", "contact_email", "contact_phone", "website", "links": [{"label", "url"}],
     "source": {"title", "publisher", "published", "url"} | None, "source_reference",
     "updated_at", "url"}                 # url: the initiative's page in the loket

An *organisation record*::

    {"slug", "name", "short_name", "kind", "description_nl", "description_en",
     "municipality": {...as above} | None, "website",
     "initiatives": [{"slug", "name", "role"}],
     "source": {...} | None, "source_reference", "updated_at", "url"}   # url: its page in the loket

CSV goes through the fund's ``rows_to_csv``, so it has the loket's one spreadsheet format: ';'-separated,
UTF-8 with a byte-order mark, and text that would start a formula made harmless. Lists are joined with
``|``. Headers and labels are in the active language.

JSON-LD (docs/ecosystem-exports.md): one document with an ``@graph`` of Places (the province, labour-market
regions, municipalities), Organizations and Projects. The context is written out rather than referred to as
"https://schema.org", so the document expands anywhere without fetching anything; its terms are the
schema.org terms, and what schema.org cannot say lives in the ``loket:`` namespace.
"""

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.fund.exports import rows_to_csv

from .vocabulary import InitiativeKind, Lifecycle, OrganisationKind, PartnerRole, Scheme, label

LIST_SEPARATOR = "|"
SCHEMA_ORG = "https://schema.org/"
LOKET_NS = "https://loket.noord-holland.nl/ns/ecosysteem#"
CONTEXT = {
    "@vocab": SCHEMA_ORG,
    "schema": SCHEMA_ORG,
    "loket": LOKET_NS,
    # As in schema.org's own context: these are links, not text.
    "url": {"@type": "@id"},
    "sameAs": {"@type": "@id"},
    "inDefinedTermSet": {"@type": "@id"},
    "mainEntityOfPage": {"@type": "@id"},
}
PROVINCE = {"code": "PV27", "name": "Noord-Holland"}
CBS_REGION = "CBS-arbeidsmarktregiocode"
CBS_MUNICIPALITY = "CBS-gemeentecode"
CBS_PROVINCE = "CBS-provinciecode"
MANIFEST_NUMBER = "nummer in het manifest"

# The schemes in the order the columns and keywords list them, with the record's key for each.
SCHEME_COLUMNS = [
    (Scheme.THEME, "themes", _("Thema's")),
    (Scheme.PROGRAMME_LINE, "programme_lines", _("Programmalijnen")),
    (Scheme.TOPSECTOR, "topsectors", _("Topsectoren")),
    (Scheme.CHALLENGE, "challenges", _("Maatschappelijke uitdagingen")),
    (Scheme.SDG, "sdgs", _("SDG's")),
]

INITIATIVE_COLUMNS = [
    ("slug", _("Korte naam in adressen")),
    ("name", _("Naam")),
    ("short_name", _("Afkorting")),
    ("number", _("Nummer")),
    ("kind", _("Soort (code)")),
    ("kind_label", _("Soort")),
    ("lifecycle", _("Levensfase (code)")),
    ("lifecycle_label", _("Levensfase")),
    ("description_nl", _("Beschrijving (Nederlands)")),
    ("description_en", _("Beschrijving (Engels)")),
    ("goal", _("Doel")),
    ("intended_output", _("Beoogde output")),
    ("intended_impact", _("Beoogde impact")),
    ("region_code", _("Arbeidsmarktregio (code)")),
    ("region_name", _("Arbeidsmarktregio")),
    ("municipality_code", _("Gemeente (code)")),
    ("municipality_name", _("Gemeente")),
    ("latitude", _("Breedtegraad")),
    ("longitude", _("Lengtegraad")),
    *[(key, header) for _scheme, key, header in SCHEME_COLUMNS],
    ("started_year", _("Gestart in (jaar)")),
    ("stopped_year", _("Gestopt in (jaar)")),
    ("aanjagers", _("Aanjager(s)")),
    ("partners", _("Partners (rol)")),
    ("contact_name", _("Contactpersoon")),
    ("contact_email", _("E-mailadres contact")),
    ("contact_phone", _("Telefoon contact")),
    ("website", _("Website")),
    ("links", _("Meer links")),
    ("url", _("Pagina in het loket")),
    ("source_title", _("Bron")),
    ("source_url", _("Bron (adres)")),
    ("source_reference", _("Vindplaats in de bron")),
    ("updated_at", _("Laatst bijgewerkt")),
]

ORGANISATION_COLUMNS = [
    ("slug", _("Korte naam in adressen")),
    ("name", _("Naam")),
    ("short_name", _("Afkorting")),
    ("kind", _("Soort (code)")),
    ("kind_label", _("Soort")),
    ("description_nl", _("Beschrijving (Nederlands)")),
    ("description_en", _("Beschrijving (Engels)")),
    ("municipality_code", _("Gemeente (code)")),
    ("municipality_name", _("Gemeente")),
    ("region_code", _("Arbeidsmarktregio (code)")),
    ("region_name", _("Arbeidsmarktregio")),
    ("website", _("Website")),
    ("initiatives", _("Initiatieven (rol)")),
    ("url", _("Pagina in het loket")),
    ("source_title", _("Bron")),
    ("source_url", _("Bron (adres)")),
    ("source_reference", _("Vindplaats in de bron")),
    ("updated_at", _("Laatst bijgewerkt")),
]


def _choice_label(choices, code):
    try:
        return str(choices(code).label)
    except ValueError:
        return code or ""


def role_label(code):
    return _choice_label(PartnerRole, code)


def joined(values):
    return LIST_SEPARATOR.join(str(value) for value in values if value not in (None, ""))


def with_role(name, role):
    return f"{name} ({role_label(role)})"


def link_text(link):
    link_label, url = (link.get("label") or "").strip(), (link.get("url") or "").strip()
    return f"{link_label} ({url})" if link_label and url else link_label or url


def decimal_comma(number):
    """A coordinate as Dutch Excel reads a number: with a decimal comma."""
    return "" if number is None else f"{number:.6f}".rstrip("0").rstrip(",.").replace(".", ",")


def moment(value):
    """Local date and time that spreadsheets recognise ("2026-01-05 14:03")."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


def effective_region(record):
    """The initiative's region, or else its municipality's (an initiative may name only the municipality)."""
    municipality = record.get("municipality")
    return record.get("region") or (municipality or {}).get("region")


def _source_columns(record):
    source = record.get("source") or {}
    return {
        "source_title": source.get("title", ""),
        "source_url": source.get("url", ""),
        "source_reference": record.get("source_reference", ""),
    }


# --- CSV ----------------------------------------------------------------------------------------------------


def initiative_row(record):
    region = effective_region(record) or {}
    municipality = record.get("municipality") or {}
    partners = record.get("partners") or []
    classifications = record.get("classifications") or {}
    row = {
        "slug": record["slug"],
        "name": record["name"],
        "short_name": record.get("short_name", ""),
        "number": record.get("number", ""),
        "kind": record["kind"],
        "kind_label": _choice_label(InitiativeKind, record["kind"]),
        "lifecycle": record["lifecycle"],
        "lifecycle_label": _choice_label(Lifecycle, record["lifecycle"]),
        "description_nl": record.get("description_nl", ""),
        "description_en": record.get("description_en", ""),
        "goal": record.get("goal", ""),
        "intended_output": record.get("intended_output", ""),
        "intended_impact": record.get("intended_impact", ""),
        "region_code": region.get("code", ""),
        "region_name": region.get("name", ""),
        "municipality_code": municipality.get("code", ""),
        "municipality_name": municipality.get("name", ""),
        "latitude": decimal_comma(record.get("latitude")),
        "longitude": decimal_comma(record.get("longitude")),
        "started_year": record.get("started_year"),
        "stopped_year": record.get("stopped_year"),
        "aanjagers": joined(p["name"] for p in partners if p["role"] == PartnerRole.LEAD),
        "partners": joined(with_role(p["name"], p["role"]) for p in partners),
        "contact_name": record.get("contact_name", ""),
        "contact_email": record.get("contact_email", ""),
        "contact_phone": record.get("contact_phone", ""),
        "website": record.get("website", ""),
        "links": joined(link_text(link) for link in record.get("links") or []),
        "url": record.get("url", ""),
        "updated_at": moment(record.get("updated_at")),
        **_source_columns(record),
    }
    for scheme, key, _header in SCHEME_COLUMNS:
        row[key] = joined(classifications.get(scheme, []))
    return row


def organisation_row(record):
    municipality = record.get("municipality") or {}
    region = municipality.get("region") or {}
    return {
        "slug": record["slug"],
        "name": record["name"],
        "short_name": record.get("short_name", ""),
        "kind": record["kind"],
        "kind_label": _choice_label(OrganisationKind, record["kind"]),
        "description_nl": record.get("description_nl", ""),
        "description_en": record.get("description_en", ""),
        "municipality_code": municipality.get("code", ""),
        "municipality_name": municipality.get("name", ""),
        "region_code": region.get("code", ""),
        "region_name": region.get("name", ""),
        "website": record.get("website", ""),
        "initiatives": joined(with_role(i["name"], i["role"]) for i in record.get("initiatives") or []),
        "url": record.get("url", ""),
        "updated_at": moment(record.get("updated_at")),
        **_source_columns(record),
    }


def initiatives_csv(records):
    return rows_to_csv(INITIATIVE_COLUMNS, [initiative_row(record) for record in records])


def organisations_csv(records):
    return rows_to_csv(ORGANISATION_COLUMNS, [organisation_row(record) for record in records])


# --- JSON-LD ------------------------------------------------------------------------------------------------


class Identifiers:
    """The URIs the loket mints for what it describes, under its public address.

    Things get ``/ecosysteem/id/...``; their pages (the ``url`` of an initiative) are a separate address, so
    a page and the partnership it is about are never the same resource.
    """

    def __init__(self, base_url):
        self.base = f"{base_url.rstrip('/')}/ecosysteem/id"

    def province(self, code):
        return f"{self.base}/provincie/{code}"

    def region(self, code):
        return f"{self.base}/arbeidsmarktregio/{code}"

    def municipality(self, code):
        return f"{self.base}/gemeente/{code}"

    def organisation(self, slug):
        return f"{self.base}/organisatie/{slug}"

    def initiative(self, slug):
        return f"{self.base}/initiatief/{slug}"

    def scheme(self, scheme):
        return f"{self.base}/indeling/{scheme}"


def text_in(language, value):
    return {"@value": value, "@language": language}


def descriptions(record):
    return [text_in(language, record[key]) for language, key in (("nl", "description_nl"), ("en", "description_en")) if record.get(key)]


def property_value(property_id, value):
    return {"@type": "PropertyValue", "propertyID": property_id, "value": value}


def creative_work(record):
    source = record.get("source")
    if not source:
        return None
    work = {"@type": "CreativeWork", "name": source["title"]}
    if source.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    if source.get("published"):
        work["datePublished"] = source["published"].isoformat()
    if source.get("url"):
        work["url"] = source["url"]
    if record.get("source_reference"):
        work["loket:sourceReference"] = record["source_reference"]
    return work


class _Places:
    """The Place nodes the graph needs: every municipality and region something points at, and the province."""

    def __init__(self, ids):
        self.ids = ids
        self.regions = {}
        self.municipalities = {}
        self.province_used = False

    def province(self):
        self.province_used = True
        return {"@id": self.ids.province(PROVINCE["code"])}

    def region(self, region):
        self.regions[region["code"]] = region
        self.province_used = True
        return {"@id": self.ids.region(region["code"])}

    def municipality(self, municipality):
        self.municipalities[municipality["code"]] = municipality
        if municipality.get("region"):
            self.region(municipality["region"])
        return {"@id": self.ids.municipality(municipality["code"])}

    def nodes(self):
        nodes = []
        if self.province_used:
            nodes.append({
                "@id": self.ids.province(PROVINCE["code"]),
                "@type": "Place",
                "name": PROVINCE["name"],
                "identifier": property_value(CBS_PROVINCE, PROVINCE["code"]),
            })
        for code in sorted(self.regions):
            nodes.append({
                "@id": self.ids.region(code),
                "@type": "Place",
                "name": self.regions[code]["name"],
                "identifier": property_value(CBS_REGION, code),
                "containedInPlace": {"@id": self.ids.province(PROVINCE["code"])},
            })
        for code in sorted(self.municipalities):
            municipality = self.municipalities[code]
            node = {
                "@id": self.ids.municipality(code),
                "@type": "Place",
                "name": municipality["name"],
                "identifier": property_value(CBS_MUNICIPALITY, code),
            }
            if municipality.get("latitude") is not None and municipality.get("longitude") is not None:
                node["geo"] = geo(municipality["latitude"], municipality["longitude"])
            if municipality.get("region"):
                node["containedInPlace"] = {"@id": self.ids.region(municipality["region"]["code"])}
            nodes.append(node)
        return nodes


def geo(latitude, longitude):
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}


def organisation_node(record, ids, places):
    node = {"@id": ids.organisation(record["slug"]), "@type": "Organization", "name": record["name"]}
    if record.get("short_name"):
        node["alternateName"] = record["short_name"]
    if record.get("website"):
        node["url"] = record["website"]
    if record.get("url"):
        node["mainEntityOfPage"] = record["url"]
    if descriptions(record):
        node["description"] = descriptions(record)
    node["loket:kind"] = record["kind"]
    municipality = record.get("municipality")
    if municipality:
        node["address"] = {
            "@type": "PostalAddress",
            "addressLocality": municipality["name"],
            "addressRegion": PROVINCE["name"],
            "addressCountry": "NL",
        }
        node["location"] = places.municipality(municipality)
    work = creative_work(record)
    if work:
        node["subjectOf"] = work
    return node


def initiative_location(record, places):
    """Where the initiative is: its own spot inside its municipality, the municipality, the region, or the province."""
    municipality = record.get("municipality")
    region = effective_region(record)
    container = places.municipality(municipality) if municipality else places.region(region) if region else places.province()
    if record.get("latitude") is None or record.get("longitude") is None:
        return container
    return {
        "@type": "Place",
        "name": (municipality or region or PROVINCE)["name"],
        "geo": geo(record["latitude"], record["longitude"]),
        "containedInPlace": container,
    }


def keywords(record, ids, language):
    terms = []
    for scheme, _key, _header in SCHEME_COLUMNS:
        for code in (record.get("classifications") or {}).get(scheme, []):
            terms.append({
                "@type": "DefinedTerm",
                "termCode": code,
                "name": text_in(language, label(scheme, code) or code),
                "inDefinedTermSet": ids.scheme(scheme.value),
            })
    return terms


def member_roles(record, ids, language):
    roles = []
    for partner in record.get("partners") or []:
        role = {
            "@type": "OrganizationRole",
            "roleName": text_in(language, role_label(partner["role"])),
            "loket:role": partner["role"],
            "member": {"@id": ids.organisation(partner["slug"])},
        }
        if partner.get("note"):
            role["description"] = text_in("nl", partner["note"])
        roles.append(role)
    return roles


def initiative_node(record, ids, places, language):
    node = {"@id": ids.initiative(record["slug"]), "@type": "Project", "name": record["name"]}
    if record.get("short_name"):
        node["alternateName"] = record["short_name"]
    if record.get("number"):
        node["identifier"] = property_value(MANIFEST_NUMBER, record["number"])
    if descriptions(record):
        node["description"] = descriptions(record)
    if record.get("url"):
        node["url"] = record["url"]
    if record.get("started_year"):
        node["foundingDate"] = str(record["started_year"])
    if record.get("stopped_year"):
        node["dissolutionDate"] = str(record["stopped_year"])
    node["location"] = initiative_location(record, places)
    if record.get("partners"):
        node["member"] = member_roles(record, ids, language)
    if terms := keywords(record, ids, language):
        node["keywords"] = terms
    if record.get("website"):
        node["sameAs"] = record["website"]
    contact_fields = (("name", "contact_name"), ("email", "contact_email"), ("telephone", "contact_phone"))
    contact = {key: record[field] for key, field in contact_fields if record.get(field)}
    if contact:
        node["contactPoint"] = {"@type": "ContactPoint", **contact}
    about = [work] if (work := creative_work(record)) else []
    links = [link for link in record.get("links") or [] if link.get("url")]
    about += [{"@type": "WebPage", "name": link.get("label") or link["url"], "url": link["url"]} for link in links]
    if about:
        node["subjectOf"] = about
    node["loket:kind"] = record["kind"]
    node["loket:lifecycle"] = record["lifecycle"]
    for key, term in (("goal", "loket:goal"), ("intended_output", "loket:intendedOutput"), ("intended_impact", "loket:intendedImpact")):
        if record.get(key):
            node[term] = text_in("nl", record[key])
    return node


def ecosystem_document(initiatives, organisations, base_url, language="nl"):
    """One JSON-LD document: the places, organisations and initiatives as an ``@graph``.

    ``language`` tags the labels the loket writes (roles, themes); descriptions carry their own language.
    Every partner of an initiative should be among ``organisations``, so no ``member`` points at nothing.
    """
    ids = Identifiers(base_url)
    places = _Places(ids)
    organisation_nodes = [organisation_node(record, ids, places) for record in organisations]
    initiative_nodes = [initiative_node(record, ids, places, language) for record in initiatives]
    return {"@context": CONTEXT, "@graph": [*places.nodes(), *organisation_nodes, *initiative_nodes]}


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2)

"""The registry over the API: initiatives, organisations and the vocabulary they are described in.

Reading is public and takes the list page's filters. Writing follows the pages' rules (``permissions``): anyone
signed in may register an initiative and becomes its editor; an initiative is changed by its editors, the
managers of its aanjager's loket organisation and administrators; organisations are created by administrators
and changed by them or the managers of the linked loket organisation. Invalid input is a 422 with a Dutch message
per field, and nothing changes.
"""

import math
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.accounts.models import Organisation as AccountOrganisation
from loket.api_schemas import Detail, Invalid
from loket.geography.models import Municipality, Region

from . import services
from .models import Initiative, Organisation
from .permissions import can_edit_initiative, can_edit_organisation, is_ecosystem_admin
from .vocabulary import SCHEME_CHOICES, InitiativeKind, Lifecycle, OrganisationKind, PartnerRole, Scheme, label

router = Router(tags=["ecosystem"])

Language = Literal["nl", "en"]
KindCode = Literal[tuple(InitiativeKind.values)]
LifecycleCode = Literal[tuple(Lifecycle.values)]
OrganisationKindCode = Literal[tuple(OrganisationKind.values)]
RoleCode = Literal[tuple(PartnerRole.values)]
LANG = "Taal van de labels: nl of en; zonder: de taal van de sessie (Nederlands)"


# --- Schemas --------------------------------------------------------------------------------------------------


class Term(Schema):
    code: str
    label: str = Field(description="In de taal van het verzoek")


class Place(Schema):
    code: str = Field(description="CBS-code: AM15 voor een regio, GM0363 voor een gemeente")
    name: str


class OrganisationRef(Schema):
    slug: str
    name: str
    short_name: str
    kind: Term
    url: str = Field(description="De openbare pagina van de organisatie")


class PartnerOut(Schema):
    organisation: OrganisationRef
    role: Term = Field(description="lead (aanjager), partner, participant, funder of knowledge")
    note: str


class LinkOut(Schema):
    label: str
    url: str


class SourceOut(Schema):
    key: str
    title: str
    reference: str = Field(description="Waar in het document, bijvoorbeeld een paginanummer")
    url: str


class InitiativeOut(Schema):
    slug: str
    url: str = Field(description="De openbare pagina van het initiatief")
    name: str
    short_name: str
    number: str = Field(description="Het nummer van een startcoalitie in het manifest, zoals 5a")
    kind: Term
    lifecycle: Term = Field(description="idea, starting, running, durable of stopped")
    description_nl: str
    description_en: str
    goal: str
    intended_output: str
    intended_impact: str
    region: Place | None = Field(description="Arbeidsmarktregio; leeg voor heel Noord-Holland")
    municipality: Place | None
    latitude: float | None = Field(description="Alleen als de plek preciezer is dan de gemeente")
    longitude: float | None
    themes: list[Term]
    programme_lines: list[Term]
    topsectors: list[Term]
    challenges: list[Term] = Field(description="Maatschappelijke uitdagingen")
    sdgs: list[Term] = Field(description="Duurzame ontwikkelingsdoelen (SDG's) van de VN")
    started_year: int | None
    stopped_year: int | None
    contact_name: str
    contact_email: str
    contact_phone: str
    website: str
    links: list[LinkOut]
    partners: list[PartnerOut] = Field(description="Alle partners met hun rol; de aanjagers hebben rol lead")
    source: SourceOut | None = Field(description="Het document waar de gegevens vandaan komen")
    updated_at: str
    can_edit: bool = Field(description="Of wie het vraagt dit initiatief mag wijzigen")


class InitiativePage(Schema):
    count: int
    page: int
    pages: int
    results: list[InitiativeOut]


class LinkIn(Schema):
    label: str = Field("", description="Omschrijving; leeg: het adres")
    url: str = Field(description="Begint met http:// of https://")


class PartnerIn(Schema):
    organisation: str = Field(description="Slug van een organisatie in het register")
    role: RoleCode = PartnerRole.PARTNER
    note: str = Field("", max_length=300)


class InitiativeIn(Schema):
    name: str = Field(max_length=300)
    short_name: str = Field("", max_length=40)
    number: str = Field("", max_length=8, description="Alleen voor startcoalities uit het manifest")
    kind: KindCode
    lifecycle: LifecycleCode = Lifecycle.IDEA
    description_nl: str = Field(description="Verplicht")
    description_en: str = ""
    goal: str = ""
    intended_output: str = ""
    intended_impact: str = ""
    region: str | None = Field(None, description="Code van de arbeidsmarktregio (AM15); bij een gemeente volgt die vanzelf")
    municipality: str | None = Field(None, description="CBS-gemeentecode (GM0363)")
    latitude: float | None = None
    longitude: float | None = None
    themes: list[str] = Field([], description="Codes uit /vocabulary, schema theme")
    programme_lines: list[str] = Field([], description="Codes uit /vocabulary, schema programme_line")
    topsectors: list[str] = Field([], description="Codes uit /vocabulary, schema topsector")
    challenges: list[str] = Field([], description="Codes uit /vocabulary, schema challenge")
    sdgs: list[str] = Field([], description="Codes uit /vocabulary, schema sdg: \"1\" tot en met \"17\"")
    started_year: int | None = None
    stopped_year: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    links: list[LinkIn] = []
    partners: list[PartnerIn] = Field([], description="De hele lijst partners; een organisatie mag één keer per rol")
    editors: list[str] | None = Field(
        None, description="E-mailadressen van de redacteuren (de hele lijst); alleen beheerders. Leeg laten: blijft zoals het is"
    )


class InitiativePatch(Schema):
    """Every field of InitiativeIn, each optional: only the fields sent change."""

    name: str | None = Field(None, max_length=300)
    short_name: str | None = Field(None, max_length=40)
    number: str | None = Field(None, max_length=8)
    kind: KindCode | None = None
    lifecycle: LifecycleCode | None = None
    description_nl: str | None = None
    description_en: str | None = None
    goal: str | None = None
    intended_output: str | None = None
    intended_impact: str | None = None
    region: str | None = None
    municipality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    themes: list[str] | None = None
    programme_lines: list[str] | None = None
    topsectors: list[str] | None = None
    challenges: list[str] | None = None
    sdgs: list[str] | None = None
    started_year: int | None = None
    stopped_year: int | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    website: str | None = None
    links: list[LinkIn] | None = None
    partners: list[PartnerIn] | None = None
    editors: list[str] | None = None


class RegistryParams(Schema):
    q: str | None = Field(None, description="Woorden in naam, afkorting, beschrijving (NL en EN) en namen van partners")
    kind: str | None = Field(None, description="Soort initiatief (schema initiative_kind)")
    lifecycle: str | None = Field(None, description="Levensfase (schema lifecycle)")
    region: str | None = Field(None, description="Arbeidsmarktregio, CBS-code (AM15)")
    municipality: str | None = Field(None, description="Gemeente, CBS-code (GM0363)")
    theme: str | None = Field(None, description="Thema (schema theme)")
    programme_line: str | None = Field(None, description="Programmalijn (schema programme_line)")
    topsector: str | None = Field(None, description="Topsector (schema topsector)")
    challenge: str | None = Field(None, description="Maatschappelijke uitdaging (schema challenge)")
    sdg: str | None = Field(None, description="SDG, 1 tot en met 17")
    partner: str | None = Field(None, description="Slug van een partnerorganisatie")
    organisation_kind: str | None = Field(None, description="Initiatieven met een partner van deze soort (schema organisation_kind)")
    started_from: str | None = Field(None, description="Gestart in of na dit jaar")
    started_to: str | None = Field(None, description="Gestart in of voor dit jaar")
    page: int = Field(1, description="Vanaf 1")
    page_size: int = Field(services.PAGE_SIZE, description="1 tot en met 100")
    lang: Language | None = Field(None, description=LANG)


class OrganisationOut(Schema):
    slug: str
    url: str
    name: str
    short_name: str
    kind: Term
    description_nl: str
    description_en: str
    municipality: Place | None
    website: str
    account: int | None = Field(description="Id van de gekoppelde organisatie in het loket; haar beheerders mogen wijzigen")
    source: SourceOut | None
    initiatives: list["RoleOfOrganisation"] = Field(description="De initiatieven waar ze aan meedoet, met haar rol")
    can_edit: bool


class InitiativeRef(Schema):
    slug: str
    name: str
    url: str


class RoleOfOrganisation(Schema):
    role: Term
    initiative: InitiativeRef


OrganisationOut.model_rebuild()


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationOut]


class OrganisationIn(Schema):
    name: str = Field(max_length=200)
    short_name: str = Field("", max_length=40)
    kind: OrganisationKindCode
    description_nl: str = ""
    description_en: str = ""
    municipality: str | None = Field(None, description="CBS-gemeentecode (GM0363)")
    website: str = ""
    account: int | None = Field(None, description="Id van een organisatie in het loket; alleen beheerders mogen dit zetten of wijzigen")


class VocabularyScheme(Schema):
    key: str = Field(description="De naam van het schema; bij een filter heet de parameter zo, of zoals in 'filter'")
    label: str
    filter: str | None = Field(description="De filterparameter van /initiatives voor dit schema")
    terms: list[Term]


class VocabularyOut(Schema):
    language: str
    schemes: list[VocabularyScheme]


# --- Output ---------------------------------------------------------------------------------------------------


def in_language(lang):
    return translation.override(lang or translation.get_language())


def term(code, text):
    return {"code": code, "label": str(text)}


def place(item):
    return {"code": item.code, "name": item.name} if item else None


def source_out(item):
    if item.source is None:
        return None
    return {"key": item.source.key, "title": item.source.title, "reference": item.source_reference, "url": item.source.url}


def organisation_ref(organisation):
    return {
        "slug": organisation.slug, "name": organisation.name, "short_name": organisation.short_name,
        "kind": term(organisation.kind, organisation.get_kind_display()),
        "url": reverse("ecosystem:organisation", args=[organisation.slug]),
    }  # fmt: skip


def initiative_out(request, initiative):
    order = list(PartnerRole.values)
    partners = sorted(initiative.partner_roles.all(), key=lambda p: (order.index(p.role), p.organisation.name))
    out = {
        "slug": initiative.slug, "url": reverse("ecosystem:initiative", args=[initiative.slug]), "name": initiative.name,
        "short_name": initiative.short_name, "number": initiative.number,
        "kind": term(initiative.kind, initiative.get_kind_display()),
        "lifecycle": term(initiative.lifecycle, initiative.get_lifecycle_display()),
        "description_nl": initiative.description_nl, "description_en": initiative.description_en, "goal": initiative.goal,
        "intended_output": initiative.intended_output, "intended_impact": initiative.intended_impact,
        "region": place(initiative.region), "municipality": place(initiative.municipality),
        "latitude": initiative.latitude, "longitude": initiative.longitude,
        "started_year": initiative.started_year, "stopped_year": initiative.stopped_year,
        "contact_name": initiative.contact_name, "contact_email": initiative.contact_email,
        "contact_phone": initiative.contact_phone, "website": initiative.website,
        "links": [{"label": link.get("label", ""), "url": link.get("url", "")} for link in initiative.links if isinstance(link, dict)],
        "partners": [
            {"organisation": organisation_ref(p.organisation), "role": term(p.role, p.get_role_display()), "note": p.note}
            for p in partners
        ],
        "source": source_out(initiative), "updated_at": initiative.updated_at.isoformat(),
        "can_edit": can_edit_initiative(request.user, initiative),
    }  # fmt: skip
    for field_name, scheme in services.SCHEME_FIELDS.items():
        out[field_name] = [term(code, label(scheme, code) or code) for code in services.ordered_codes(initiative, scheme)]
    return out


def organisation_out(request, organisation):
    roles = [
        {"role": term(role, role_label), "initiative": {"slug": i.slug, "name": i.name, "url": reverse("ecosystem:initiative", args=[i.slug])}}
        for role, role_label, initiatives in services.initiatives_by_role(organisation)
        for i in initiatives
    ]
    return organisation_ref(organisation) | {
        "description_nl": organisation.description_nl, "description_en": organisation.description_en,
        "municipality": place(organisation.municipality), "website": organisation.website, "account": organisation.account_id,
        "source": source_out(organisation), "initiatives": roles, "can_edit": can_edit_organisation(request.user, organisation),
    }  # fmt: skip


def invalid(errors):
    """422 with a message per field; ``errors`` is a ValidationError's dict or [(field, message)]."""
    if isinstance(errors, dict):
        errors = [(name, message) for name, messages in errors.items() for message in messages]
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": str(m)} for f, m in errors]},
        status=422,
    )


def paging_errors(page, page_size):
    errors = []
    if page < 1:
        errors.append(("page", _("Pagina's tellen vanaf 1.")))
    if not 1 <= page_size <= 100:
        errors.append(("page_size", _("Kies 1 tot en met 100 per pagina.")))
    return errors


# --- Reading --------------------------------------------------------------------------------------------------


@router.get("/initiatives", response={200: InitiativePage, 422: Invalid}, summary="Initiatieven zoeken en filteren (openbaar)")
def list_initiatives(request, params: Query[RegistryParams]):
    """Dezelfde filters als de lijst op /ecosysteem/; filters combineren (en). Een onbekende code is een 422."""
    filters, errors = services.registry_filters(params.dict())
    errors += paging_errors(params.page, params.page_size)
    if errors:
        return invalid(errors)
    found = services.search_initiatives(filters)
    count = found.count()
    start = (params.page - 1) * params.page_size
    with in_language(params.lang):
        # A page past the end is empty; asking the database for it could overflow its OFFSET.
        rows = services.with_list_details(found)[start : start + params.page_size] if start < count else []
        results = [initiative_out(request, i) for i in rows]
    return {"count": count, "page": params.page, "pages": max(1, math.ceil(count / params.page_size)), "results": results}


@router.get("/initiatives/{slug}", response=InitiativeOut, summary="Eén initiatief (openbaar)")
def get_initiative(request, slug: str, lang: Language | None = Query(None, description=LANG)):
    initiative = services.initiative_detail(slug)
    if initiative is None:
        raise Http404
    with in_language(lang):
        return initiative_out(request, initiative)


@router.get("/organisations", response={200: OrganisationPage, 422: Invalid}, summary="Organisaties zoeken (openbaar)")
def list_organisations(
    request, q: str = "", kind: str = "", page: int = 1, page_size: int = services.PAGE_SIZE, lang: Language | None = Query(None, description=LANG)
):
    errors = paging_errors(page, page_size)
    if kind and kind not in OrganisationKind.values:
        errors.append(("kind", _("Onbekende soort organisatie: “%(value)s”.") % {"value": kind[:40]}))
    if errors:
        return invalid(errors)
    found = services.search_organisations(q[: services.MAX_QUERY_LENGTH], kind)
    count = found.count()
    start = (page - 1) * page_size
    with in_language(lang):
        rows = found.select_related("source")[start : start + page_size] if start < count else []
        results = [organisation_out(request, o) for o in rows]
    return {"count": count, "page": page, "pages": max(1, math.ceil(count / page_size)), "results": results}


@router.get("/organisations/{slug}", response=OrganisationOut, summary="Eén organisatie met haar initiatieven (openbaar)")
def get_organisation(request, slug: str, lang: Language | None = Query(None, description=LANG)):
    organisation = services.organisation_detail(slug)
    if organisation is None:
        raise Http404
    with in_language(lang):
        return organisation_out(request, organisation)


@router.get("/vocabulary", response=VocabularyOut, summary="Alle indelingen met hun codes en labels (openbaar)")
def vocabulary(request, lang: Language | None = Query(None, description=LANG)):
    """Soorten, levensfasen, rollen, thema's, programmalijnen, topsectoren, maatschappelijke uitdagingen en SDG's."""
    filter_names = {scheme: name for name, scheme in services.SCHEME_FILTERS.items()}
    with in_language(lang):
        schemes = [
            {"key": "initiative_kind", "label": _("Soort initiatief"), "filter": "kind", "terms": [term(c, t) for c, t in InitiativeKind.choices]},
            {"key": "lifecycle", "label": _("Levensfase"), "filter": "lifecycle", "terms": [term(c, t) for c, t in Lifecycle.choices]},
            {"key": "organisation_kind", "label": _("Soort organisatie"), "filter": "organisation_kind",
             "terms": [term(c, t) for c, t in OrganisationKind.choices]},
            {"key": "partner_role", "label": _("Rol van een partner"), "filter": None, "terms": [term(c, t) for c, t in PartnerRole.choices]},
        ] + [
            {"key": scheme.value, "label": str(scheme.label), "filter": filter_names[scheme],
             "terms": [term(c, t) for c, t in SCHEME_CHOICES[scheme].choices]}
            for scheme in Scheme
        ]  # fmt: skip
        return {"language": translation.get_language(), "schemes": [s | {"label": str(s["label"])} for s in schemes]}


# --- Writing --------------------------------------------------------------------------------------------------


def by_code(model, code, field_name, errors, message):
    if not code:
        return None
    found = model.objects.filter(code=code.strip().upper()).first()
    if found is None:
        errors.append((field_name, message % {"code": code[:40]}))
    return found


def partners_from(rows, errors):
    found = Organisation.objects.in_bulk(list({row["organisation"] for row in rows}), field_name="slug")
    partners = []
    for number, row in enumerate(rows, start=1):
        organisation = found.get(row["organisation"])
        if organisation is None:
            message = _("Partner %(number)s: er is geen organisatie “%(slug)s” in het register.")
            errors.append(("partners", message % {"number": number, "slug": row["organisation"][:100]}))
        else:
            partners.append((organisation, row["role"], row["note"]))
    return partners


# Text fields a PATCH may send as null: stored as empty text.
TEXT_FIELDS = (
    "short_name", "number", "description_en", "goal", "intended_output", "intended_impact", "contact_name", "contact_email",
    "contact_phone", "website",
)  # fmt: skip
# Fields a PATCH cannot empty: sending null leaves them as they are.
REQUIRED_FIELDS = ("name", "kind", "lifecycle", "description_nl")
OWN_PARTS = ("links", "partners", "editors", *services.SCHEME_FIELDS)


def save_initiative_from(request, data, initiative=None):
    """Save the payload's fields in ``data`` (the ones sent); the saved initiative, or a 422 answer."""
    if data.get("editors") is not None and not is_ecosystem_admin(request.user):
        raise HttpError(403, _("Alleen beheerders van het loket mogen redacteuren aanwijzen."))
    errors = []
    values = {name: value for name, value in data.items() if name not in OWN_PARTS}
    for name in TEXT_FIELDS:
        if name in values and values[name] is None:
            values[name] = ""
    if "region" in values:
        values["region"] = by_code(Region, values["region"], "region", errors, _("Onbekende arbeidsmarktregio: %(code)s."))
    if "municipality" in values:
        values["municipality"] = by_code(Municipality, values["municipality"], "municipality", errors, _("Onbekende gemeentecode: %(code)s."))
    partners = partners_from(data["partners"], errors) if data.get("partners") is not None else None
    editors = None
    if data.get("editors") is not None:
        editors, problems = services.editors_by_email(data["editors"])
        errors += [("editors", problem) for problem in problems]
    problems = {}
    for name, message in errors:
        problems.setdefault(name, []).append(message)
    try:
        return services.save_initiative(
            values, classifications={name: data[name] for name in services.SCHEME_FIELDS if data.get(name) is not None},
            partners=partners, links=data.get("links"), editors=editors, initiative=initiative, creator=request.user,
            problems=problems,
        )  # fmt: skip
    except ValidationError as error:
        return invalid(error.message_dict)


def editable_initiative(request, slug):
    initiative = Initiative.objects.filter(slug=slug).first()
    if initiative is None:
        raise Http404
    if not can_edit_initiative(request.user, initiative):
        raise HttpError(
            403,
            _("Alleen de redacteuren van dit initiatief, de beheerders van de aanjagende organisatie en beheerders van het loket mogen het wijzigen."),
        )
    return initiative


def initiative_answer(request, saved, status=200):
    if isinstance(saved, JsonResponse):
        return saved
    return Status(status, initiative_out(request, services.initiative_detail(saved.slug)))


@router.post(
    "/initiatives", response={201: InitiativeOut, 403: Detail, 422: Invalid}, auth=django_auth, summary="Initiatief aanmelden"
)
def create_initiative(request, payload: InitiativeIn):
    """Voor iedereen die is ingelogd; wie aanmeldt wordt redacteur van het nieuwe initiatief."""
    return initiative_answer(request, save_initiative_from(request, payload.dict()), status=201)


@router.put(
    "/initiatives/{slug}", response={200: InitiativeOut, 403: Detail, 422: Invalid}, auth=django_auth,
    summary="Initiatief vervangen (hele inhoud)",
)  # fmt: skip
def replace_initiative(request, slug: str, payload: InitiativeIn):
    """Velden die u weglaat worden leeg; ``editors`` weglaten laat de redacteuren zoals ze zijn."""
    initiative = editable_initiative(request, slug)
    return initiative_answer(request, save_initiative_from(request, payload.dict(), initiative))


@router.patch(
    "/initiatives/{slug}", response={200: InitiativeOut, 403: Detail, 422: Invalid}, auth=django_auth,
    summary="Initiatief deels wijzigen",
)  # fmt: skip
def update_initiative(request, slug: str, payload: InitiativePatch):
    """Alleen de velden die u meestuurt veranderen; een lijst (partners, thema's, links) vervangt de hele lijst."""
    initiative = editable_initiative(request, slug)
    data = payload.dict(exclude_unset=True)
    for name in REQUIRED_FIELDS:
        if name in data and data[name] is None:
            del data[name]
    return initiative_answer(request, save_initiative_from(request, data, initiative))


# --- Organisations --------------------------------------------------------------------------------------------


def save_organisation_from(request, payload, organisation=None):
    errors = []
    values = payload.dict()
    values["municipality"] = by_code(Municipality, values["municipality"], "municipality", errors, _("Onbekende gemeentecode: %(code)s."))
    account_id = values.pop("account")
    # The link decides who manages the organisation: it changes only when sent, and only by an administrator.
    if "account" in payload.model_fields_set:
        if not is_ecosystem_admin(request.user):
            if account_id != (organisation.account_id if organisation else None):
                raise HttpError(403, _("Alleen beheerders van het loket mogen de koppeling met een organisatie in het loket wijzigen."))
        elif account_id is None:
            values["account"] = None
        else:
            values["account"] = AccountOrganisation.objects.filter(pk=account_id).first()
            if values["account"] is None:
                errors.append(("account", _("Er is geen organisatie met id %(id)s in het loket.") % {"id": account_id}))
    if errors:
        return invalid(errors)
    try:
        saved = services.save_organisation(values, organisation=organisation)
    except ValidationError as error:
        return invalid(error.message_dict)
    return organisation_out(request, services.organisation_detail(saved.slug))


@router.post(
    "/organisations", response={201: OrganisationOut, 403: Detail, 422: Invalid}, auth=django_auth,
    summary="Organisatie toevoegen (beheerders)",
)  # fmt: skip
def create_organisation(request, payload: OrganisationIn):
    if not is_ecosystem_admin(request.user):
        raise HttpError(403, _("Alleen beheerders van het loket mogen organisaties toevoegen."))
    answer = save_organisation_from(request, payload)
    return answer if isinstance(answer, JsonResponse) else Status(201, answer)


@router.put(
    "/organisations/{slug}", response={200: OrganisationOut, 403: Detail, 422: Invalid}, auth=django_auth,
    summary="Organisatie wijzigen (hele inhoud)",
)  # fmt: skip
def replace_organisation(request, slug: str, payload: OrganisationIn):
    """Beheerders, en de beheerders van de gekoppelde organisatie in het loket (zij laten ``account`` zoals het is)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    if not can_edit_organisation(request.user, organisation):
        raise HttpError(403, _("Alleen beheerders van het loket en de beheerders van %(name)s in het loket mogen deze organisatie wijzigen.") % {"name": organisation.name})
    return save_organisation_from(request, payload, organisation)

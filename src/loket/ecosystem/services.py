"""The registry's work with the ORM: finding initiatives and organisations, reading one with everything its page
shows, and saving them.

Pages and the API share this module, so both take the same filters and the same rules. Every write validates in
full and runs in one transaction: bad input raises ValidationError with a Dutch message per field and nothing
changes.

Searching words is done in Python over the few hundred rows of the registry, not in SQL: that way "Techlands",
"techlands" and "tech@connect"/"tech connect" match the same on SQLite and PostgreSQL, accents included
("creeren" finds "creëren"), without a database extension.
"""

import unicodedata
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.geography.models import Municipality, Region

from .models import Classification, Initiative, Organisation, Partner, StatusUpdate
from .permissions import is_ecosystem_admin
from .vocabulary import COALITION_KINDS, SCHEME_CHOICES, InitiativeKind, Lifecycle, OrganisationKind, PartnerRole, Scheme, label

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
# Path words of the registry's own pages; a slug equal to one would hide the page behind it.
RESERVED_SLUGS = {"nieuw", "bewerken"}
LATEST_STATUS_UPDATES = 5

# The classification field names of forms and API, each for one scheme.
SCHEME_FIELDS = {
    "themes": Scheme.THEME,
    "programme_lines": Scheme.PROGRAMME_LINE,
    "topsectors": Scheme.TOPSECTOR,
    "challenges": Scheme.CHALLENGE,
    "sdgs": Scheme.SDG,
}
# The filter for one code of a scheme (query parameter -> scheme).
SCHEME_FILTERS = {
    "theme": Scheme.THEME,
    "programme_line": Scheme.PROGRAMME_LINE,
    "topsector": Scheme.TOPSECTOR,
    "challenge": Scheme.CHALLENGE,
    "sdg": Scheme.SDG,
}


# --- Words (plain) ------------------------------------------------------------------------------------------


def normalise(text):
    """Lower case without accents: "Creëren" -> "creeren"."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact(text):
    """Letters and digits only, so "tech@connect", "Tech Connect" and "TechConnect" are one word."""
    return "".join(c for c in text if c.isalnum())


def query_words(query):
    """The words of a search, normalised; words of punctuation only ("&", "-") are left out."""
    return [word for word in (compact(w) for w in normalise(query).split()) if word]


def matches(words, text):
    """True when every word occurs somewhere in the text (an empty search matches everything)."""
    haystack = compact(normalise(text))
    return all(word in haystack for word in words)


# --- Filters ------------------------------------------------------------------------------------------------


@dataclass
class RegistryFilters:
    """One value per filter; an empty value does not filter. Codes as in the vocabulary and geography."""

    q: str = ""
    kind: str = ""
    lifecycle: str = ""
    region: str = ""
    municipality: str = ""
    theme: str = ""
    programme_line: str = ""
    topsector: str = ""
    challenge: str = ""
    sdg: str = ""
    partner: str = ""
    organisation_kind: str = ""
    started_from: int | None = None
    started_to: int | None = None

    def active(self):
        return any(getattr(self, f.name) not in ("", None) for f in fields(self))

    def query(self):
        """The filters as query parameters, for links that keep them."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in ("", None)}


def unknown_value_messages():
    """A message per filter for a value that is not one of its codes; the filter is then left out."""
    return {
        "kind": _("Onbekende soort initiatief: “%(value)s”. Er is niet op soort gefilterd."),
        "lifecycle": _("Onbekende levensfase: “%(value)s”. Er is niet op levensfase gefilterd."),
        "region": _("Onbekende arbeidsmarktregio: “%(value)s”. Er is niet op regio gefilterd."),
        "municipality": _("Onbekende gemeente: “%(value)s”. Er is niet op gemeente gefilterd."),
        "theme": _("Onbekend thema: “%(value)s”. Er is niet op thema gefilterd."),
        "programme_line": _("Onbekende programmalijn: “%(value)s”. Er is niet op programmalijn gefilterd."),
        "topsector": _("Onbekende topsector: “%(value)s”. Er is niet op topsector gefilterd."),
        "challenge": _("Onbekende maatschappelijke uitdaging: “%(value)s”. Er is niet op uitdaging gefilterd."),
        "sdg": _("Onbekend duurzaam ontwikkelingsdoel (SDG): “%(value)s”. Er is niet op SDG gefilterd."),
        "partner": _("Onbekende partnerorganisatie: “%(value)s”. Er is niet op partner gefilterd."),
        "organisation_kind": _("Onbekende soort organisatie: “%(value)s”. Er is niet op soort partner gefilterd."),
    }


def known_codes(name, value):
    if name == "kind":
        return value in InitiativeKind.values
    if name == "lifecycle":
        return value in Lifecycle.values
    if name == "organisation_kind":
        return value in OrganisationKind.values
    if name in SCHEME_FILTERS:
        return value in SCHEME_CHOICES[SCHEME_FILTERS[name]].values
    if name == "region":
        return Region.objects.filter(code=value).exists()
    if name == "municipality":
        return Municipality.objects.filter(code=value).exists()
    if name == "partner":
        return Organisation.objects.filter(slug=value).exists()
    raise KeyError(name)


def year_or_error(raw, message):
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None, None
    if text.isascii() and text.isdigit() and len(text) == 4:
        return int(text), None
    return None, message % {"value": text[:40]}


def registry_filters(params):
    """RegistryFilters from query parameters (pages and API share this).

    Returns (filters, [(parameter, Dutch message)]); a value that is not understood is left out of the filters
    and reported, so the list can still be shown without it.
    """
    errors = []
    filters = RegistryFilters(q=str(params.get("q") or "").strip()[:MAX_QUERY_LENGTH])
    messages = unknown_value_messages()
    for name, message in messages.items():
        value = str(params.get(name) or "").strip()
        if name in ("region", "municipality"):
            value = value.upper()
        if not value:
            continue
        if len(value) <= 100 and known_codes(name, value):
            setattr(filters, name, value)
        else:
            errors.append((name, message % {"value": value[:40]}))
    filters.started_from, error = year_or_error(
        params.get("started_from"), _("“%(value)s” is geen jaartal; geef bij ‘gestart vanaf’ vier cijfers, zoals 2021. Er is niet op gefilterd.")
    )
    if error:
        errors.append(("started_from", error))
    filters.started_to, error = year_or_error(
        params.get("started_to"), _("“%(value)s” is geen jaartal; geef bij ‘gestart tot en met’ vier cijfers, zoals 2023. Er is niet op gefilterd.")
    )
    if error:
        errors.append(("started_to", error))
    if filters.started_from and filters.started_to and filters.started_to < filters.started_from:
        errors.append(("started_to", _("‘Gestart tot en met’ ligt voor ‘gestart vanaf’. Er is alleen op ‘gestart vanaf’ gefilterd.")))
        filters.started_to = None
    return filters, errors


def search_initiatives(filters):
    """Initiatives that pass every filter, by name."""
    initiatives = Initiative.objects.all()
    for name in ("kind", "lifecycle"):
        if getattr(filters, name):
            initiatives = initiatives.filter(**{name: getattr(filters, name)})
    if filters.region:
        # An initiative in a municipality belongs to its region even when the region itself was left empty.
        initiatives = initiatives.filter(Q(region__code=filters.region) | Q(municipality__region__code=filters.region))
    if filters.municipality:
        initiatives = initiatives.filter(municipality__code=filters.municipality)
    for name, scheme in SCHEME_FILTERS.items():
        code = getattr(filters, name)
        if code:
            initiatives = initiatives.filter(pk__in=Classification.objects.filter(scheme=scheme, code=code).values("initiatives"))
    if filters.partner:
        initiatives = initiatives.filter(pk__in=Partner.objects.filter(organisation__slug=filters.partner).values("initiative"))
    if filters.organisation_kind:
        initiatives = initiatives.filter(pk__in=Partner.objects.filter(organisation__kind=filters.organisation_kind).values("initiative"))
    if filters.started_from:
        initiatives = initiatives.filter(started_year__gte=filters.started_from)
    if filters.started_to:
        initiatives = initiatives.filter(started_year__lte=filters.started_to)
    words = query_words(filters.q)
    if words:
        initiatives = initiatives.filter(pk__in=initiatives_matching(initiatives, words))
    return initiatives.order_by("name", "pk")


def initiatives_matching(initiatives, words):
    texts = {
        pk: " ".join(parts)
        for pk, *parts in initiatives.values_list("pk", "name", "short_name", "number", "description_nl", "description_en")
    }
    for initiative_id, name, short_name in Partner.objects.filter(initiative__in=list(texts)).values_list(
        "initiative_id", "organisation__name", "organisation__short_name"
    ):
        texts[initiative_id] += f" {name} {short_name}"
    return [pk for pk, text in texts.items() if matches(words, text)]


def with_list_details(initiatives):
    """What a row of the list shows: region, municipality, classifications and the aanjagers, in a few queries."""
    return initiatives.select_related("region", "municipality__region", "source").prefetch_related(
        "classifications", Prefetch("partner_roles", queryset=Partner.objects.select_related("organisation"))
    )


def search_organisations(q="", kind=""):
    organisations = Organisation.objects.annotate(initiative_count=Count("partner_roles__initiative", distinct=True))
    if kind:
        organisations = organisations.filter(kind=kind)
    words = query_words(q)
    if words:
        texts = organisations.values_list("pk", "name", "short_name", "description_nl", "description_en")
        organisations = organisations.filter(pk__in=[pk for pk, *parts in texts if matches(words, " ".join(parts))])
    return organisations.select_related("municipality").order_by("name", "pk")


def partner_organisations():
    """Organisations that are a partner somewhere: the choices of the partner filter."""
    return Organisation.objects.filter(partner_roles__isnull=False).distinct().order_by("name")


# --- One initiative or organisation -------------------------------------------------------------------------


def initiative_detail(slug):
    """The initiative with everything its page and API answer show, or None."""
    return (
        Initiative.objects.select_related("region", "municipality__region", "source")
        .prefetch_related(
            "classifications",
            Prefetch("partner_roles", queryset=Partner.objects.select_related("organisation").order_by("organisation__name")),
            "milestones",
            Prefetch("status_updates", queryset=StatusUpdate.objects.order_by("-date", "-created_at")),
        )
        .filter(slug=slug)
        .first()
    )


def partner_groups(initiative):
    """[(role, role label, [Partner])] in the order of PartnerRole (aanjager first), only roles that have partners."""
    groups = []
    for role in PartnerRole:
        partners = [p for p in initiative.partner_roles.all() if p.role == role]
        if partners:
            groups.append((role.value, str(role.label), partners))
    return groups


def ordered_codes(initiative, scheme):
    """The initiative's codes of a scheme in the vocabulary's order (SDG 4 before SDG 17)."""
    order = list(SCHEME_CHOICES[Scheme(scheme)].values)
    return sorted(initiative.codes(scheme), key=lambda code: order.index(code) if code in order else len(order))


def classification_groups(initiative):
    """[(scheme, filter name, scheme label, [(code, label)])] in the order of Scheme, only schemes with codes."""
    filter_names = {scheme: name for name, scheme in SCHEME_FILTERS.items()}
    groups = []
    for scheme in Scheme:
        terms = [(code, label(scheme, code) or code) for code in ordered_codes(initiative, scheme)]
        if terms:
            groups.append((scheme.value, filter_names[scheme], str(scheme.label), terms))
    return groups


def organisation_detail(slug):
    return Organisation.objects.select_related("municipality__region", "account", "source").filter(slug=slug).first()


def initiatives_by_role(organisation):
    """[(role, role label, [Initiative])] of one organisation, aanjager first."""
    roles = list(
        Partner.objects.filter(organisation=organisation).select_related("initiative").order_by("initiative__name", "initiative__pk")
    )
    groups = []
    for role in PartnerRole:
        initiatives = [p.initiative for p in roles if p.role == role]
        if initiatives:
            groups.append((role.value, str(role.label), initiatives))
    return groups


# --- Saving -------------------------------------------------------------------------------------------------


def unique_slug(model, text, fallback, own_pk=None):
    base = slugify(text)[:90].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=own_pk).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def clean_links(links):
    """[{"label", "url"}] with the label defaulting to the address: (links, [Dutch messages])."""
    validate = URLValidator(schemes=["http", "https"])
    if not isinstance(links, list):
        return [], [_("Geef de links als een lijst van {\"label\": …, \"url\": …}.")]
    cleaned, errors = [], []
    for number, link in enumerate(links, start=1):
        if not isinstance(link, dict):
            errors.append(_("Link %(number)s: geef een omschrijving (label) en een webadres (url).") % {"number": number})
            continue
        url = str(link.get("url") or "").strip()
        link_label = str(link.get("label") or "").strip()
        try:
            validate(url)
        except ValidationError:
            errors.append(_("Link %(number)s: “%(url)s” is geen webadres dat met http:// of https:// begint.") % {"number": number, "url": url[:80]})
            continue
        if len(link_label) > 200:
            errors.append(_("Link %(number)s: de omschrijving is langer dan 200 tekens.") % {"number": number})
            continue
        cleaned.append({"label": link_label or url, "url": url})
    return cleaned, errors


def classification_errors(classifications):
    errors = {}
    for field_name, codes in classifications.items():
        scheme = SCHEME_FIELDS[field_name]
        unknown = [code for code in codes if code not in SCHEME_CHOICES[scheme].values]
        if unknown:
            errors[field_name] = [
                _("Onbekende code bij %(scheme)s: %(codes)s.") % {"scheme": scheme.label, "codes": ", ".join(unknown)}
            ]
    return errors


def partner_errors(partners):
    """Messages for partner rows: an unknown role, or the same organisation twice in the same role."""
    errors, seen = [], set()
    for organisation, role, _note in partners:
        if role not in PartnerRole.values:
            errors.append(_("Onbekende rol: “%(role)s”.") % {"role": role})
        elif (organisation.pk, role) in seen:
            errors.append(
                _("%(organisation)s staat twee keer als %(role)s in de lijst; één keer is genoeg.")
                % {"organisation": organisation.name, "role": str(PartnerRole(role).label).lower()}
            )
        seen.add((organisation.pk, role))
    return errors


def place_errors(initiative):
    errors = {}
    municipality, region = initiative.municipality, initiative.region
    if municipality and region and municipality.region_id != region.pk:
        errors["municipality"] = [
            _("%(municipality)s ligt niet in de arbeidsmarktregio %(region)s.") % {"municipality": municipality.name, "region": region.name}
        ]
    if (initiative.latitude is None) != (initiative.longitude is None):
        errors["latitude"] = [_("Geef zowel de breedtegraad als de lengtegraad, of geen van beide.")]
    elif initiative.latitude is not None and not (-90 <= initiative.latitude <= 90 and -180 <= initiative.longitude <= 180):
        errors["latitude"] = [_("Dit is geen plek op aarde: de breedtegraad ligt tussen -90 en 90, de lengtegraad tussen -180 en 180.")]
    return errors


@transaction.atomic
def save_initiative(
    values, *, classifications=None, partners=None, links=None, editors=None, initiative=None, creator=None, problems=None
):
    """Create or update an initiative; ValidationError with Dutch messages per field, and then nothing changed.

    ``values``: model fields (region and municipality as rows). ``classifications``: {"themes": [codes], ...}
    for the schemes to replace. ``partners``: [(Organisation, role, note)], the whole list. ``links``:
    [{"label", "url"}]. ``editors``: users, the whole list (administrators only; the caller checks). None leaves
    a part as it is. ``creator``: who saves; on a new initiative they become its editor. ``problems``: {field:
    [messages]} the caller already found (an unknown code in a request), reported together with the model's.
    """
    is_new = initiative is None
    initiative = initiative or Initiative()
    kind_before = None if is_new else initiative.kind
    for name, value in values.items():
        setattr(initiative, name, value)
    if initiative.municipality and not initiative.region:
        initiative.region = initiative.municipality.region
    errors = {name: list(messages) for name, messages in (problems or {}).items()}
    if links is not None:
        initiative.links, link_errors = clean_links(links)
        errors.setdefault("links", []).extend(link_errors)
    if is_new:
        initiative.slug = unique_slug(Initiative, initiative.name, "initiatief")
    try:
        initiative.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    for name, messages in place_errors(initiative).items():
        errors.setdefault(name, []).extend(messages)
    if initiative.started_year and initiative.stopped_year and initiative.stopped_year < initiative.started_year:
        errors.setdefault("stopped_year", []).append(_("Het jaar van stoppen ligt voor het jaar van starten."))
    if initiative.kind in COALITION_KINDS and kind_before != initiative.kind and not is_ecosystem_admin(creator):
        # Coalitions are the action agenda the regiegroep reviews: which ones there are is not self-service.
        errors.setdefault("kind", []).append(
            _("Alleen een beheerder van het loket maakt een initiatief tot start- of ontwikkelcoalitie; die staan op de actieagenda van de regiegroep.")
        )
    if classifications is not None:
        for name, messages in classification_errors(classifications).items():
            errors.setdefault(name, []).extend(messages)
    if partners is not None and (messages := partner_errors(partners)):
        errors.setdefault("partners", []).extend(messages)
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    initiative.save()
    if classifications is not None:
        set_classifications(initiative, classifications)
    if partners is not None:
        initiative.partner_roles.all().delete()
        Partner.objects.bulk_create(
            [Partner(initiative=initiative, organisation=o, role=role, note=note or "") for o, role, note in partners]
        )
    if editors is not None:
        initiative.editors.set(editors)
    if is_new and creator is not None and creator.is_authenticated:
        initiative.editors.add(creator)
    return initiative


def set_classifications(initiative, classifications):
    schemes = [SCHEME_FIELDS[name] for name in classifications]
    wanted = Q(pk__in=[])
    for name, codes in classifications.items():
        wanted |= Q(scheme=SCHEME_FIELDS[name], code__in=list(codes))
    kept = initiative.classifications.exclude(scheme__in=schemes)
    initiative.classifications.set(list(kept) + list(Classification.objects.filter(wanted)))


def editors_by_email(addresses):
    """Users for e-mail addresses: (users, [Dutch messages for addresses without an account])."""
    users, messages = [], []
    for address in dict.fromkeys(a.strip() for a in addresses if a.strip()):
        user = User.objects.filter(email__iexact=address).first()
        if user is None:
            messages.append(_("Er is geen account met het e-mailadres %(email)s.") % {"email": address[:200]})
        elif user not in users:
            users.append(user)
    return users, messages


@transaction.atomic
def save_organisation(values, organisation=None):
    """Create or update an organisation; ValidationError with Dutch messages per field, and then nothing changed."""
    is_new = organisation is None
    organisation = organisation or Organisation()
    for name, value in values.items():
        setattr(organisation, name, value)
    if is_new:
        organisation.slug = unique_slug(Organisation, organisation.short_name or organisation.name, "organisatie")
    organisation.full_clean()
    organisation.save()
    return organisation

"""Pages of the ecosystem: the registry as CSV and JSON-LD files (public, like the registry itself).

The files take the registry list's filters (``services.registry_filters``), so a download from a filtered
list holds what the list shows. A filter value that is not understood is refused (400) rather than left out as
the list does: the list says so on the page, a file could not, and would silently hold too much.

This module is also the ORM side of the exports for the API: from the database to the plain records of
``exports``.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from loket.credentials.services import public_base_url

from . import exports, services
from .models import Initiative, Organisation, Partner
from .vocabulary import PartnerRole, Scheme

CSV_TYPE = "text/csv; charset=utf-8"
JSONLD_TYPE = "application/ld+json; charset=utf-8"


class FilterError(ValueError):
    """Filters that are not understood: ``errors`` is [(parameter, Dutch message)]."""

    def __init__(self, errors):
        super().__init__("; ".join(message for _name, message in errors))
        self.errors = errors


def refused_filters_detail():
    return _("Er is geen bestand gemaakt: niet elk filter is te begrijpen. Pas het filter aan of laat het weg.")


# --- From the database to plain records ---------------------------------------------------------------------


def selection(params):
    """(initiatives, organisations) that the registry's filters in ``params`` select, as querysets.

    Without any filter: every initiative and every organisation. With filters: the initiatives the registry
    list shows, and the organisations that take part in them (of the chosen kind, when a kind of partner is
    chosen), so a partner named in the initiatives file is always in the organisations file.
    """
    filters, errors = services.registry_filters(params)
    if errors:
        raise FilterError(errors)
    initiatives = services.search_initiatives(filters)
    organisations = Organisation.objects.all()
    if filters.active():
        organisations = organisations.filter(pk__in=Partner.objects.filter(initiative__in=initiatives.values("pk")).values("organisation"))
        if filters.organisation_kind:
            organisations = organisations.filter(kind=filters.organisation_kind)
    return initiatives, organisations.order_by("name", "pk")


def place(municipality):
    if municipality is None:
        return None
    return {
        "code": municipality.code,
        "name": municipality.name,
        "latitude": municipality.latitude,
        "longitude": municipality.longitude,
        "region": region(municipality.region),
    }


def region(region_row):
    return None if region_row is None else {"code": region_row.code, "name": region_row.name}


def source(source_row):
    if source_row is None:
        return None
    return {"title": source_row.title, "publisher": source_row.publisher, "published": source_row.published, "url": source_row.url}


def page(name, slug, base_url):
    return base_url + reverse(name, args=[slug])


def initiative_records(initiatives, base_url):
    rows = Initiative.objects.filter(pk__in=initiatives.values("pk")).order_by("name", "pk")
    rows = rows.select_related("region", "municipality__region", "source").prefetch_related(
        "classifications",
        Prefetch("partner_roles", queryset=Partner.objects.select_related("organisation").order_by("organisation__name", "pk")),
    )
    return [
        {
            "slug": row.slug,
            "name": row.name,
            "short_name": row.short_name,
            "number": row.number,
            "kind": row.kind,
            "lifecycle": row.lifecycle,
            "description_nl": row.description_nl,
            "description_en": row.description_en,
            "goal": row.goal,
            "intended_output": row.intended_output,
            "intended_impact": row.intended_impact,
            "region": region(row.region),
            "municipality": place(row.municipality),
            "latitude": row.latitude,
            "longitude": row.longitude,
            "classifications": {scheme: sorted_codes(scheme, row.codes(scheme)) for scheme in Scheme},
            "started_year": row.started_year,
            "stopped_year": row.stopped_year,
            "partners": [
                {"slug": p.organisation.slug, "name": p.organisation.name, "role": p.role, "note": p.note}
                for p in sorted(row.partner_roles.all(), key=role_order)
            ],
            "contact_name": row.contact_name,
            "contact_email": row.contact_email,
            "contact_phone": row.contact_phone,
            "website": row.website,
            "links": [link for link in row.links or [] if isinstance(link, dict)],
            "source": source(row.source),
            "source_reference": row.source_reference,
            "updated_at": row.updated_at,
            "url": page("ecosystem:initiative", row.slug, base_url),
        }
        for row in rows
    ]


ROLE_ORDER = {role: index for index, role in enumerate(PartnerRole.values)}


def role_order(partner):
    """Aanjagers first, then the other roles as PartnerRole lists them; by name within a role (stable sort)."""
    return ROLE_ORDER.get(partner.role, len(ROLE_ORDER))


def sorted_codes(scheme, codes):
    """SDGs by number (2 before 10); other codes as they are sorted."""
    return sorted(codes, key=lambda code: int(code) if code.isdigit() else 99) if scheme == Scheme.SDG else codes


def organisation_records(organisations, base_url):
    rows = Organisation.objects.filter(pk__in=organisations.values("pk")).order_by("name", "pk")
    rows = rows.select_related("municipality__region", "source").prefetch_related(
        Prefetch("partner_roles", queryset=Partner.objects.select_related("initiative").order_by("initiative__name", "initiative__pk", "pk"))
    )
    return [
        {
            "slug": row.slug,
            "name": row.name,
            "short_name": row.short_name,
            "kind": row.kind,
            "description_nl": row.description_nl,
            "description_en": row.description_en,
            "municipality": place(row.municipality),
            "website": row.website,
            "initiatives": [{"slug": p.initiative.slug, "name": p.initiative.name, "role": p.role} for p in row.partner_roles.all()],
            "source": source(row.source),
            "source_reference": row.source_reference,
            "updated_at": row.updated_at,
            "url": page("ecosystem:organisation", row.slug, base_url),
        }
        for row in rows
    ]


# --- Files --------------------------------------------------------------------------------------------------


def dated(name, extension):
    return f"{name}-{timezone.localdate().isoformat()}.{extension}"


def attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def initiatives_file(request, params):
    initiatives, _organisations = selection(params)
    records = initiative_records(initiatives, public_base_url(request))
    return attachment(exports.initiatives_csv(records), CSV_TYPE, dated("ecosysteem-initiatieven", "csv"))


def organisations_file(request, params):
    _initiatives, organisations = selection(params)
    records = organisation_records(organisations, public_base_url(request))
    return attachment(exports.organisations_csv(records), CSV_TYPE, dated("ecosysteem-organisaties", "csv"))


def jsonld_file(request, params):
    initiatives, organisations = selection(params)
    base_url = public_base_url(request)
    document = exports.ecosystem_document(
        initiative_records(initiatives, base_url),
        organisation_records(organisations, base_url),
        base_url,
        language=translation.get_language() or "nl",
    )
    return attachment(exports.dumps(document), JSONLD_TYPE, dated("ecosysteem", "jsonld"))


def _download(make_file):
    @require_GET
    def view(request):
        try:
            return make_file(request, request.GET)
        except FilterError as refused:
            lines = [refused_filters_detail(), *(message for _name, message in refused.errors)]
            return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=400)

    view.__name__ = view.__qualname__ = make_file.__name__
    return view


export_initiatives_csv = _download(initiatives_file)
export_organisations_csv = _download(organisations_file)
export_jsonld = _download(jsonld_file)

def _identified_page(kind, code):
    """The page about what a minted identifier names, or None."""
    from loket.geography.models import Municipality, Region

    if kind == "initiatief" and Initiative.objects.filter(slug=code).exists():
        return reverse("ecosystem:initiative", args=[code])
    if kind == "organisatie" and Organisation.objects.filter(slug=code).exists():
        return reverse("ecosystem:organisation", args=[code])
    if kind == "arbeidsmarktregio" and Region.objects.filter(code=code).exists():
        return f"{reverse('ecosystem:initiatives')}?region={code}"
    if kind == "gemeente" and Municipality.objects.filter(code=code).exists():
        return f"{reverse('ecosystem:initiatives')}?municipality={code}"
    # The file names the province and the classification schemes too (exports.Identifiers): the whole registry,
    # and the vocabulary with every scheme's codes and labels.
    if kind == "provincie" and code == exports.PROVINCE["code"]:
        return reverse("ecosystem:initiatives")
    if kind == "indeling" and code in Scheme.values:
        return reverse("api:vocabulary")
    return None


@require_GET
def identifier(request, kind, code):
    """A minted identifier (``exports.Identifiers``) resolves: 303 See Other to the page about the thing, the
    Linked Data convention for a URI that names a partnership or a place rather than a document."""
    page = _identified_page(kind, code)
    if page is None:
        raise Http404(_("Deze identificatie is niet (meer) bekend in het loket."))
    response = HttpResponse(status=303)
    response["Location"] = page
    return response


urlpatterns = [
    path("id/<slug:kind>/<str:code>", identifier, name="identifier"),
    path("export/initiatieven.csv", export_initiatives_csv, name="export_initiatives_csv"),
    path("export/organisaties.csv", export_organisations_csv, name="export_organisations_csv"),
    path("export/ecosysteem.jsonld", export_jsonld, name="export_jsonld"),
]

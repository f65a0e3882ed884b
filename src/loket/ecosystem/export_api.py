"""The ecosystem over the API: the registry as CSV and JSON-LD, public, with the registry list's filters.

The files are the same as the pages' (``export_views``). A filter value that is not understood is a 422 with a
Dutch message per filter, and no file.
"""

from django.http import JsonResponse
from ninja import Field, Query, Router, Schema

from . import export_views
from .registry_api import LANG, Language, in_language

router = Router(tags=["ecosystem"])


class ExportFilters(Schema):
    """The registry list's filters; each takes one code, an empty value does not filter."""

    q: str = Field("", description="Zoekwoorden in naam, afkorting, nummer, beschrijving en partners")
    kind: str = Field("", description="Soort initiatief (code), bijvoorbeeld fieldlab")
    lifecycle: str = Field("", description="Levensfase (code): idea, starting, running, durable of stopped")
    region: str = Field("", description="Arbeidsmarktregio (CBS-code), bijvoorbeeld AM18")
    municipality: str = Field("", description="Gemeente (CBS-code), bijvoorbeeld GM0363")
    theme: str = Field("", description="Strategisch thema (code)")
    programme_line: str = Field("", description="Programmalijn (code): kiezen, leren, werken of innoveren")
    topsector: str = Field("", description="Topsector (code)")
    challenge: str = Field("", description="Maatschappelijke uitdaging (code)")
    sdg: str = Field("", description="Duurzaam ontwikkelingsdoel, 1 tot en met 17")
    partner: str = Field("", description="Partnerorganisatie (korte naam in adressen)")
    organisation_kind: str = Field("", description="Soort partnerorganisatie (code)")
    started_from: str = Field("", description="Gestart vanaf (jaar)")
    started_to: str = Field("", description="Gestart tot en met (jaar)")
    lang: Language | None = Field(None, description=LANG + " (ook de kolomkoppen van de CSV)")


def _file(make_file, request, filters):
    with in_language(filters.lang):
        try:
            return make_file(request, filters.dict(exclude={"lang"}))
        except export_views.FilterError as refused:
            errors = [{"field": name, "message": message} for name, message in refused.errors]
            return JsonResponse({"detail": export_views.refused_filters_detail(), "errors": errors}, status=422)


@router.get(
    "/export/initiatives.csv",
    summary="Initiatieven als CSV (';', UTF-8 met BOM)",
    openapi_extra={"responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
def export_initiatives_csv(request, filters: Query[ExportFilters]):
    return _file(export_views.initiatives_file, request, filters)


@router.get(
    "/export/organisations.csv",
    summary="Organisaties als CSV (';', UTF-8 met BOM)",
    openapi_extra={"responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
def export_organisations_csv(request, filters: Query[ExportFilters]):
    return _file(export_views.organisations_file, request, filters)


@router.get(
    "/export/ecosystem.jsonld",
    summary="Organisaties, initiatieven en plaatsen als schema.org JSON-LD",
    openapi_extra={"responses": {"200": {"description": "JSON-LD", "content": {"application/ld+json": {"schema": {"type": "object"}}}}}},
)
def export_jsonld(request, filters: Query[ExportFilters]):
    return _file(export_views.jsonld_file, request, filters)

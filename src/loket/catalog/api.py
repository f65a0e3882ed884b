"""The training catalogue over the API.

Searching offerings and reading a course are public. A provider manages its
own catalogue (another provider's course or offering is a 404) and imports or
exports it as OOAPI v5 JSON or CSV. Invalid input is a 422 with a Dutch
message per field (for an import: per line or JSON path and field), and
nothing is saved.
"""

import datetime
import math
from typing import Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.geography.models import Municipality

from . import csv_io, ooapi, services
from .entries import ImportFailed
from .models import Course, CourseLevel, Offering

router = Router(tags=["catalog"])

Format = Literal["ooapi", "csv"]
DATE = "Datum als JJJJ-MM-DD"


# --- Schemas -----------------------------------------------------------------


class ConceptRef(Schema):
    id: int
    uri: str
    label: str


class Place(Schema):
    code: str
    name: str


class ProviderOut(Schema):
    id: int
    name: str
    kind: str
    recognitions: list[str]
    brin: str


class CourseSummary(Schema):
    id: int
    ooapi_id: str
    code: str
    title_nl: str
    title_en: str
    level: str
    nlqf_level: int | None
    study_hours: int
    purpose: Literal["training", "orientation", "guidance"] = Field(
        description="Waar de opleiding voor is; een voucher van het ontwikkelfonds betaalt alleen voor hetzelfde doel"
    )
    purpose_label: str = Field(description="Het doel in de taal van de gebruiker")
    recognised: bool
    recognised_by: str
    skills: list[ConceptRef]
    provider: ProviderOut


class OfferingOut(Schema):
    id: int
    ooapi_id: str
    code: str
    start_date: str
    end_date: str
    enrol_start: str | None
    enrol_end: str | None
    price_eur: float
    modality: str
    municipality: Place | None
    region: Place | None = Field(description="Arbeidsmarktregio; leeg bij online (telt in elke regio)")
    location: str
    seats: int | None
    cancelled: bool


class SearchHit(OfferingOut):
    course: CourseSummary


class SearchPage(Schema):
    count: int
    page: int
    pages: int
    results: list[SearchHit]


class CourseOut(CourseSummary):
    description_nl: str
    description_en: str
    teaching_language: str
    crebo: str
    croho: str
    isced_f: str
    funds: list[str]
    offerings: list[OfferingOut]


class CourseIn(Schema):
    code: str = ""
    title_nl: str
    title_en: str = ""
    description_nl: str = ""
    description_en: str = ""
    teaching_language: str = "nld"
    level: str = CourseLevel.UNSPECIFIED
    nlqf_level: int | None = None
    crebo: str = ""
    croho: str = ""
    isced_f: str = Field("", description="ISCED-F-richting, vier cijfers")
    study_hours: int
    purpose: str | None = Field(
        None, description="training, orientation of guidance; leeg: een nieuwe opleiding is training, bij wijzigen blijft het doel"
    )
    recognised: bool = False
    recognised_by: str = ""
    funds: list[str] = []
    skills: list[int | str] = Field([], description="Ids of ESCO-URI's van de vaardigheden die je leert (de hele lijst)")


class OfferingIn(Schema):
    code: str = ""
    start_date: datetime.date = Field(description=DATE)
    end_date: datetime.date = Field(description=DATE)
    enrol_start: datetime.date | None = None
    enrol_end: datetime.date | None = None
    price_eur: float = Field(description="Prijs inclusief btw in euro")
    modality: Literal["online", "hybrid", "on_site"]
    municipality: str | None = Field(None, description="CBS-gemeentecode (GM0363); verplicht behalve bij online")
    location: str = ""
    seats: int | None = None
    cancelled: bool = False


class ProviderIn(Schema):
    organisation: int | None = Field(None, description="Organisatie-id; alleen nodig als u bij meer opleiders hoort")
    kind: Literal["roc", "hogeschool", "university", "private", "campus", "fieldlab"]
    recognitions: list[str] = []
    brin: str = ""
    municipality: str | None = Field(None, description="CBS-gemeentecode van de vestiging")
    description: str = ""


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]


class ImportProblemOut(Schema):
    where: str = Field(description="Regel in de CSV ('regel 3') of JSON-pad ('$.items[0].offerings[1]')")
    field: str
    message: str


class ImportInvalid(Schema):
    detail: str
    errors: list[ImportProblemOut]


class ImportOut(Schema):
    courses_created: int
    courses_updated: int = Field(description="Gevonden opleidingen waarvan iets veranderde (ook de vaardigheden)")
    courses_unchanged: int = Field(description="Gevonden opleidingen die al zo waren")
    offerings_created: int
    offerings_updated: int = Field(description="Gevonden aanbod waarvan iets veranderde")
    offerings_unchanged: int = Field(description="Gevonden aanbod dat al zo was")


# --- Output --------------------------------------------------------------------


def iso(value):
    return value.isoformat() if value else None


def concept_ref(concept):
    return {"id": concept.pk, "uri": concept.uri, "label": concept.label()}


def provider_out(provider):
    return {
        "id": provider.pk, "name": provider.organisation.name, "kind": provider.kind, "recognitions": provider.recognitions,
        "brin": provider.brin,
    }  # fmt: skip


def course_summary(course):
    return {
        "id": course.pk, "ooapi_id": str(course.ooapi_id), "code": course.code, "title_nl": course.title_nl,
        "title_en": course.title_en, "level": course.level, "nlqf_level": course.nlqf_level, "study_hours": course.study_hours,
        "purpose": course.purpose, "purpose_label": str(course.get_purpose_display()), "recognised": course.recognised, "recognised_by": course.recognised_by,
        "skills": [concept_ref(s) for s in course.skill_list], "provider": provider_out(course.provider),
    }  # fmt: skip


def offering_out(offering):
    municipality = offering.municipality
    return {
        "id": offering.pk, "ooapi_id": str(offering.ooapi_id), "code": offering.code, "start_date": iso(offering.start_date),
        "end_date": iso(offering.end_date), "enrol_start": iso(offering.enrol_start), "enrol_end": iso(offering.enrol_end),
        "price_eur": offering.price_cents / 100, "modality": offering.modality,
        "municipality": {"code": municipality.code, "name": municipality.name} if municipality else None,
        "region": {"code": municipality.region.code, "name": municipality.region.name} if municipality else None,
        "location": offering.location, "seats": offering.seats, "cancelled": offering.cancelled,
    }  # fmt: skip


def course_out(course):
    return course_summary(course) | {
        "description_nl": course.description_nl, "description_en": course.description_en,
        "teaching_language": course.teaching_language, "crebo": course.crebo, "croho": course.croho,
        "isced_f": course.isced_f, "funds": course.funds, "offerings": [offering_out(o) for o in course.offerings.all()],
    }  # fmt: skip


def invalid(errors):
    """422 with a message per field; ``errors`` is a ValidationError's dict or [(field, message)]."""
    if isinstance(errors, dict):
        errors = [(name, message) for name, messages in errors.items() for message in messages]
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": str(m)} for f, m in errors]},
        status=422,
    )


# --- Public ----------------------------------------------------------------------


@router.get("/offerings", response={200: SearchPage, 422: Invalid}, summary="Aanbod zoeken (openbaar)")
def search_offerings(
    request,
    skill: str | None = None,
    q: str | None = None,
    level: str | None = None,
    modality: str | None = None,
    region: str | None = None,
    max_price: str | None = None,
    start_from: str | None = None,
    start_to: str | None = None,
    all: bool = False,
    page: int = 1,
    page_size: int = 25,
):
    """Bookable offerings by default (not cancelled, start in the future, enrolment open).

    ``region`` is the labour-market region code (AM15); online offerings count in every region.
    ``max_price`` is in euros including VAT.
    """
    params = {k: v for k, v in locals().items() if k not in ("request", "page", "page_size")}
    filters, errors = services.search_filters(params)
    if page < 1:
        errors.append(("page", _("Pagina's tellen vanaf 1.")))
    if not 1 <= page_size <= 100:
        errors.append(("page_size", _("Kies 1 tot en met 100 per pagina.")))
    if errors:
        return invalid(errors)
    offerings = services.search_offerings(filters)
    count = offerings.count()
    start = (page - 1) * page_size
    hits = services.with_course_skills(offerings[start : start + page_size])
    return {
        "count": count, "page": page, "pages": max(1, math.ceil(count / page_size)),
        "results": [offering_out(o) | {"course": course_summary(o.course)} for o in hits],
    }  # fmt: skip


@router.get("/courses/{course_id}", response=CourseOut, summary="Een opleiding met al haar aanbod (openbaar)")
def course_detail(request, course_id: int):
    course = services.course_detail(course_id)
    if course is None:
        raise Http404
    return course_out(course)


# --- The provider's own catalogue ------------------------------------------------


def own_provider(request):
    require_role(request, Role.PROVIDER)
    provider = services.provider_of(request.user)
    if provider is None:
        raise Http404(_("U hoort nog bij geen opleider in het loket."))
    return provider


def own_course(request, course_id):
    return get_object_or_404(Course, pk=course_id, provider=own_provider(request))


def own_offering(request, offering_id):
    return get_object_or_404(Offering.objects.select_related("course"), pk=offering_id, course__provider=own_provider(request))


@router.post("/provider", response={201: ProviderOut, 422: Invalid}, auth=django_auth, summary="Mijn organisatie als opleider aanmelden")
def register_provider(request, payload: ProviderIn):
    require_role(request, Role.PROVIDER)
    organisations = list(services.provider_organisations(request.user).filter(provider__isnull=True))
    if payload.organisation is not None:
        organisations = [o for o in organisations if o.pk == payload.organisation]
    if len(organisations) != 1:
        return invalid([("organisation", _("Kies één organisatie van het soort opleider waar u bij hoort en die nog niet is aangemeld."))])
    municipality = None
    if payload.municipality:
        municipality = Municipality.objects.filter(code=payload.municipality.upper()).first()
        if municipality is None:
            return invalid([("municipality", _("Onbekende gemeentecode: %(code)s.") % {"code": payload.municipality})])
    try:
        provider = services.register_provider(
            organisations[0], payload.kind, payload.recognitions, payload.brin, municipality, payload.description
        )
    except ValidationError as error:
        return invalid(error.message_dict)
    return Status(201, provider_out(provider))


@router.get("/mine", response=list[CourseOut], auth=django_auth, summary="Mijn opleidingen met hun aanbod")
def my_courses(request):
    provider = own_provider(request)
    return [course_out(course) for course in services.courses_with_details(services.own_courses(provider).order_by("title_nl", "id"))]


def course_values(payload):
    values = payload.dict()
    values.pop("skills")
    values.pop("code")
    values["code"] = payload.code
    if values["purpose"] is None:
        # Like the course form: clients from before the purpose existed leave it out and keep what it was.
        values.pop("purpose")
    return values


@router.post("/courses", response={201: CourseOut, 422: Invalid}, auth=django_auth, summary="Nieuwe opleiding")
def create_course(request, payload: CourseIn):
    provider = own_provider(request)
    try:
        course = services.save_course(provider, course_values(payload), payload.skills)
    except ValidationError as error:
        return invalid(error.message_dict)
    return Status(201, course_out(services.course_detail(course.pk)))


@router.put("/courses/{course_id}", response={200: CourseOut, 422: Invalid}, auth=django_auth, summary="Opleiding wijzigen (hele inhoud)")
def replace_course(request, course_id: int, payload: CourseIn):
    course = own_course(request, course_id)
    try:
        services.save_course(course.provider, course_values(payload), payload.skills, course=course)
    except ValidationError as error:
        return invalid(error.message_dict)
    return course_out(services.course_detail(course.pk))


@router.delete("/courses/{course_id}", response={204: None}, auth=django_auth, summary="Opleiding met haar aanbod verwijderen")
def delete_course(request, course_id: int):
    services.delete_course(own_course(request, course_id))
    return Status(204, None)


def offering_values(payload):
    values = payload.dict()
    price = values.pop("price_eur")
    errors = []
    if price is None or price < 0 or not math.isfinite(price):
        errors.append(("price_eur", _("Geef een prijs van 0 euro of meer.")))
    else:
        values["price_cents"] = round(price * 100)
    code = values.pop("municipality")
    values["municipality"] = None
    if code:
        values["municipality"] = Municipality.objects.filter(code=code.upper()).first()
        if values["municipality"] is None:
            errors.append(("municipality", _("Onbekende gemeentecode: %(code)s.") % {"code": code}))
    return values, errors


@router.post("/courses/{course_id}/offerings", response={201: OfferingOut, 422: Invalid}, auth=django_auth, summary="Nieuw aanbod")
def create_offering(request, course_id: int, payload: OfferingIn):
    course = own_course(request, course_id)
    values, errors = offering_values(payload)
    if errors:
        return invalid(errors)
    try:
        offering = services.save_offering(course, values)
    except ValidationError as error:
        return invalid(error.message_dict)
    return Status(201, offering_out(offering))


@router.put("/offerings/{offering_id}", response={200: OfferingOut, 422: Invalid}, auth=django_auth, summary="Aanbod wijzigen")
def replace_offering(request, offering_id: int, payload: OfferingIn):
    offering = own_offering(request, offering_id)
    values, errors = offering_values(payload)
    if errors:
        return invalid(errors)
    try:
        offering = services.save_offering(offering.course, values, offering=offering)
    except ValidationError as error:
        return invalid(error.message_dict)
    return offering_out(offering)


@router.delete("/offerings/{offering_id}", response={204: None}, auth=django_auth, summary="Aanbod verwijderen")
def delete_offering(request, offering_id: int):
    own_offering(request, offering_id).delete()
    return Status(204, None)


@router.post(
    "/import",
    response={200: ImportOut, 413: ImportInvalid, 422: ImportInvalid},
    auth=django_auth,
    summary="Mijn catalogus importeren als OOAPI v5 JSON of CSV; alles of niets",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}}}, "required": True}},
)
def import_catalogue(request, format: Format = "ooapi"):
    provider = own_provider(request)
    try:
        body = request.body
    except RequestDataTooBig:
        limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:g}"
        message = _("Het bestand is groter dan %(size)s MB.") % {"size": limit}
        return JsonResponse(
            {"detail": _("De import is geweigerd; er is niets opgeslagen."), "errors": [{"where": "$", "field": "", "message": message}]},
            status=413,
        )
    try:
        result = services.import_file(provider, body, format)
    except ImportFailed as failure:
        return JsonResponse(
            {"detail": _("De import is geweigerd; er is niets opgeslagen."), "errors": [p.as_dict() for p in failure.problems]},
            status=422,
        )
    return result.__dict__


@router.get("/export", auth=django_auth, summary="Mijn catalogus als OOAPI v5 JSON of CSV")
def export_catalogue(request, format: Format = "ooapi"):
    provider = own_provider(request)
    return export_response(provider, format)


def export_response(provider, file_format):
    courses = services.catalogue_for_export(provider)
    if file_format == "csv":
        response = HttpResponse(csv_io.write(courses), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="opleidingen.csv"'
        return response
    response = JsonResponse(ooapi.write(courses), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="opleidingen-ooapi.json"'
    return response


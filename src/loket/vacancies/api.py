"""Vacancies, outflow announcements and placements over the API.

Open vacancies are public; everything else belongs to the employer's
organisation (another organisation's vacancy is a 404). Placements, with the
person in them, only go to the employer and to the coach who recorded them.
Invalid input is a 422 with a message per field, and nothing is saved.
"""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind

from . import services
from .models import Vacancy

router = Router(tags=["vacancies"])

Kind = Literal["job", "internship", "bbl", "open_hiring"]
StatusFilter = Literal["open", "filled", "closed", "all"]
DATE = "Datum als JJJJ-MM-DD"


# --- Schemas -----------------------------------------------------------------


class ConceptRef(Schema):
    id: int
    uri: str
    label: str


class SkillOut(ConceptRef):
    importance: str


class Place(Schema):
    code: str
    name: str


class EmployerOut(Schema):
    id: int
    name: str
    kvk_number: str


class VacancyOut(Schema):
    id: int
    employer: EmployerOut
    title: str
    description: str
    kind: str
    status: str
    occupation: ConceptRef
    skills: list[SkillOut]
    nlqf_level: int | None
    hours_min: int
    hours_max: int
    municipality: Place
    region: Place
    sector: str
    climate_transition: bool
    opened_on: str
    valid_through: str | None
    filled_on: str | None
    closed_on: str | None
    external_id: str
    url: str


class SkillIn(Schema):
    skill: int | str = Field(description="Id of ESCO-URI van de vaardigheid")
    importance: Literal["essential", "optional"] = "essential"


class VacancyIn(Schema):
    employer: int | None = Field(None, description="Organisatie-id; alleen nodig als u bij meer werkgevers hoort")
    title: str
    description: str = ""
    kind: Kind = "job"
    occupation: int | str = Field(description="Id of ESCO-URI van het beroep")
    skills: list[SkillIn] = Field([], description="De hele lijst; leeg mag alleen bij open hiring")
    nlqf_level: int | None = None
    hours_min: int = 32
    hours_max: int = 40
    municipality: int | str = Field(description="CBS-gemeentecode (GM0361) of id")
    sector: str = Field(description="SBI-sectie, A tot en met U")
    climate_transition: Any = Field(False, description="true of false")
    opened_on: str | None = Field(None, description=f"{DATE}; standaard vandaag")
    valid_through: str | None = Field(None, description=DATE)
    external_id: str = ""


class VacancyPatch(Schema):
    title: str | None = None
    description: str | None = None
    kind: Kind | None = None
    occupation: int | str | None = None
    skills: list[SkillIn] | None = None
    nlqf_level: int | None = None
    hours_min: int | None = None
    hours_max: int | None = None
    municipality: int | str | None = None
    sector: str | None = None
    climate_transition: Any = None
    opened_on: str | None = None
    valid_through: str | None = None
    external_id: str | None = None


class DateIn(Schema):
    on: str | None = Field(None, description=f"{DATE}; standaard vandaag")


class PersonOut(Schema):
    email: str
    full_name: str


class PlacementIn(Schema):
    person_email: str | None = Field(
        None,
        description="Alleen iemand die uw organisatie toestemming gaf (werkgever: voor deze vacature, coach: loopbaanbegeleiding); "
        "leeg voor iemand buiten het loket",
    )
    previous_situation: Literal["employed", "job_seeker", "student", "other"] = "employed"
    previous_occupation: int | str | None = Field(None, description="Id of ESCO-URI")
    previous_sector: str = ""
    started_on: str = Field(description=DATE)
    outflow: int | None = Field(None, description="Werkgever: een open aankondiging van uw eigen organisatie; coach: elke open aankondiging")
    keep_open: Any = Field(False, description="true: er blijven meer plaatsen open")


class PlacementOut(Schema):
    id: int
    vacancy: int
    person: PersonOut | None = Field(description="Alleen als de toestemming van de persoon naam en contactgegevens omvat")
    person_in_loket: bool
    previous_situation: str
    previous_occupation: ConceptRef | None
    previous_sector: str
    started_on: str
    outflow: int | None
    recorded_at: str


class OutflowIn(Schema):
    employer: int | None = None
    occupation: int | str = Field(description="Id of ESCO-URI van het beroep")
    people: int
    expected_on: str = Field(description=DATE)
    region: int | str = Field(description="Code van de arbeidsmarktregio (AM15) of id")
    note: str = ""


class OutflowOut(Schema):
    id: int
    employer: EmployerOut
    occupation: ConceptRef
    people: int
    expected_on: str
    region: Place
    note: str
    closed_on: str | None


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]


class ImportErrorOut(Schema):
    index: int | None = Field(description="Plaats van de vacature in het document, vanaf 0")
    path: str = Field(description="JSON-pad, bijvoorbeeld $.itemListElement[2].item.title")
    field: str
    message: str


class ImportInvalid(Schema):
    detail: str
    errors: list[ImportErrorOut]


class ImportOut(Schema):
    created: list[int]
    updated: list[int]


class ProposedSkill(ConceptRef):
    importance: str


class Message(Schema):
    detail: str


# --- Helpers -----------------------------------------------------------------


def concept_ref(concept):
    return {"id": concept.pk, "uri": concept.uri, "label": concept.label()} if concept else None


def iso(value):
    return value.isoformat() if value else None


def vacancy_out(request, vacancy):
    return {
        "id": vacancy.pk,
        "employer": vacancy.employer,
        "title": vacancy.title,
        "description": vacancy.description,
        "kind": vacancy.kind,
        "status": vacancy.status.value,
        "occupation": concept_ref(vacancy.occupation),
        "skills": [{**concept_ref(vs.skill), "importance": vs.importance} for vs in vacancy.skills.all()],
        "nlqf_level": vacancy.nlqf_level,
        "hours_min": vacancy.hours_min,
        "hours_max": vacancy.hours_max,
        "municipality": {"code": vacancy.municipality.code, "name": vacancy.municipality.name},
        "region": {"code": vacancy.municipality.region.code, "name": vacancy.municipality.region.name},
        "sector": vacancy.sector,
        "climate_transition": vacancy.climate_transition,
        "opened_on": vacancy.opened_on.isoformat(),
        "valid_through": iso(vacancy.valid_through),
        "filled_on": iso(vacancy.filled_on),
        "closed_on": iso(vacancy.closed_on),
        "external_id": vacancy.external_id,
        "url": vacancy_url(request, vacancy),
    }


def vacancy_url(request, vacancy):
    return request.build_absolute_uri(reverse("vacancies:detail", args=[vacancy.pk]))


def placement_out(placement):
    """``placement`` comes from ``services.visible_placements``, which says whether the person may be named."""
    person = placement.person_shown
    return {
        "id": placement.pk,
        "vacancy": placement.vacancy_id,
        "person": {"email": person.email, "full_name": person.full_name} if person else None,
        "person_in_loket": placement.person_id is not None,
        "previous_situation": placement.previous_situation,
        "previous_occupation": concept_ref(placement.previous_occupation),
        "previous_sector": placement.previous_sector,
        "started_on": placement.started_on.isoformat(),
        "outflow": placement.outflow_id,
        "recorded_at": placement.recorded_at.isoformat(),
    }


def outflow_out(outflow):
    return {
        "id": outflow.pk,
        "employer": outflow.employer,
        "occupation": concept_ref(outflow.occupation),
        "people": outflow.people,
        "expected_on": outflow.expected_on.isoformat(),
        "region": {"code": outflow.region.code, "name": outflow.region.name},
        "note": outflow.note,
        "closed_on": iso(outflow.closed_on),
    }


def invalid(errors):
    """422 with a message per field; ``errors`` is a ValidationError's dict or [(field, message)]."""
    if isinstance(errors, dict):
        errors = [(name, message) for name, messages in errors.items() for message in messages]
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": m} for f, m in errors]},
        status=422,
    )


def as_bool(value, name, errors):
    if isinstance(value, bool):
        return value
    errors.append((name, _("Kies true of false.")))
    return False


def concept_id(value):
    """A concept id from an id or an ESCO URI; -1 for a URI the loket does not know (the service then says so)."""
    if value is None or isinstance(value, int):
        return value
    concept = Concept.objects.filter(uri=value).first()
    return concept.pk if concept else -1


def skill_pairs(skills, errors):
    pairs = []
    for item in skills:
        skill_id = concept_id(item.skill)
        if skill_id == -1:
            errors.append(("skills", _("Onbekende ESCO-URI: %(uri)s.") % {"uri": item.skill}))
        else:
            pairs.append((skill_id, item.importance))
    return pairs


def chosen_employer(request, employer_id):
    organisations = list(services.employer_organisations(request.user))
    if employer_id is not None:
        match = next((o for o in organisations if o.pk == employer_id), None)
        if match is None:
            return None, [("employer", _("U hoort niet bij deze werkgever."))]
        return match, []
    if len(organisations) == 1:
        return organisations[0], []
    if not organisations:
        return None, [("employer", _("U hoort nog bij geen enkele werkgever."))]
    return None, [("employer", _("U hoort bij meer werkgevers: geef aan voor welke (employer)."))]


def employer_only(request):
    require_role(request, Role.EMPLOYER)


def managed(request, vacancy_id):
    employer_only(request)
    return get_object_or_404(services.labelled_vacancies(services.managed_vacancies(request.user)), pk=vacancy_id)


def readable(request, vacancy_id):
    vacancy = get_object_or_404(services.labelled_vacancies(Vacancy.objects.all()), pk=vacancy_id)
    user = request.user
    if services.manages(user, vacancy) or vacancy.is_open:
        return vacancy
    if user.is_authenticated and user.has_role(Role.COACH) and not vacancy.closed_on:
        return vacancy
    raise Http404


def save(request, employer, data, skills, errors, vacancy=None):
    """Save through the service, or a 422 with the schema's errors and the service's together."""
    if errors:
        _values, _rows, found = services.clean_vacancy(employer, data, skills, vacancy=vacancy)
        reported = {name for name, _message in errors}
        errors += [(name, m) for name, messages in found.items() if name not in reported for m in messages]
        return invalid(errors)
    try:
        saved = services.save_vacancy(employer, data, skills, user=request.user, vacancy=vacancy)
    except ValidationError as error:
        return invalid(error.message_dict)
    return vacancy_out(request, services.labelled_vacancies(Vacancy.objects.all()).get(pk=saved.pk))


# --- Vacancies ---------------------------------------------------------------


class PublicFilters(Schema):
    kind: Kind | None = None
    region: str | None = Field(None, description="Code van de arbeidsmarktregio, bijvoorbeeld AM15")
    municipality: str | None = Field(None, description="CBS-gemeentecode, bijvoorbeeld GM0361")
    sector: str | None = None
    occupation: str | None = Field(None, description="ESCO-URI van het beroep")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


@router.get("/", response=list[VacancyOut], summary="Open vacatures (openbaar)")
def open_vacancies(request, filters: Query[PublicFilters]):
    vacancies = Vacancy.objects.open()
    if filters.kind:
        vacancies = vacancies.filter(kind=filters.kind)
    if filters.region:
        vacancies = vacancies.filter(municipality__region__code=filters.region)
    if filters.municipality:
        vacancies = vacancies.filter(municipality__code=filters.municipality)
    if filters.sector:
        vacancies = vacancies.filter(sector=filters.sector)
    if filters.occupation:
        vacancies = vacancies.filter(occupation__uri=filters.occupation)
    page = services.labelled_vacancies(vacancies.order_by("-opened_on", "pk"))[filters.offset : filters.offset + filters.limit]
    return [vacancy_out(request, v) for v in page]


@router.get("/mine", response=list[VacancyOut], auth=django_auth, summary="Vacatures van mijn organisatie(s)")
def my_vacancies(request, status: StatusFilter = "all", kind: Kind | None = None, employer: int | None = None):
    employer_only(request)
    vacancies = services.managed_vacancies(request.user)
    if employer is not None:
        vacancies = vacancies.filter(employer_id=employer)
    if kind:
        vacancies = vacancies.filter(kind=kind)
    vacancies = services.filter_by_status(vacancies, status)
    return [vacancy_out(request, v) for v in services.labelled_vacancies(vacancies.order_by("-opened_on", "pk"))]


@router.post("/", response={201: VacancyOut, 422: Invalid}, auth=django_auth, summary="Nieuwe vacature met skills")
def create_vacancy(request, payload: VacancyIn):
    employer_only(request)
    employer, errors = chosen_employer(request, payload.employer)
    # Left out or null means the service's default (opened today, no level, no last day to apply).
    data = payload.dict(exclude={"employer", "skills"}, exclude_none=True)
    data["occupation"] = concept_id(payload.occupation)
    data["climate_transition"] = as_bool(payload.climate_transition, "climate_transition", errors)
    result = save(request, employer, data, skill_pairs(payload.skills, errors), errors)
    return result if isinstance(result, JsonResponse) else Status(201, result)


@router.get("/proposed-skills", response=list[ProposedSkill], summary="Skills die bij een beroep horen (voorstel)")
def proposed_skills(request, occupation: str):
    """``occupation``: id of ESCO-URI van het beroep."""
    concept = Concept.objects.filter(**({"pk": row_id(occupation)} if occupation.isdigit() else {"uri": occupation})).first()
    if concept is None or concept.kind != ConceptKind.OCCUPATION:
        raise HttpError(404, _("Dit beroep staat niet in de skills-taal."))
    return [{**concept_ref(skill), "importance": importance} for skill, importance in services.propose_skills(concept)]


@router.get("/jobpostings", auth=django_auth, summary="Mijn vacatures als schema.org JobPosting (JSON-LD ItemList)")
def export_jobpostings(request, employer: int | None = None, open: bool = False):
    employer_only(request)
    vacancies = services.managed_vacancies(request.user)
    if employer is not None:
        vacancies = vacancies.filter(employer_id=employer)
    if open:
        vacancies = vacancies.open()
    document = services.export_jobpostings(vacancies.order_by("pk"), url_of=lambda v: vacancy_url(request, v))
    return JsonResponse(document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


@router.post(
    "/jobpostings/import",
    response={200: ImportOut, 422: ImportInvalid},
    auth=django_auth,
    summary="Importeer JobPosting JSON-LD: één, een lijst, een ItemList of een @graph; alles of niets",
    openapi_extra={"requestBody": {"content": {"application/ld+json": {"schema": {"type": "object"}}}, "required": True}},
)
def import_jobpostings(request, employer: int | None = None):
    employer_only(request)
    organisation, errors = chosen_employer(request, employer)
    if errors:
        return invalid(errors)
    try:
        result = services.import_jobpostings(organisation, request.body, user=request.user)
    except services.ImportFailed as failure:
        return JsonResponse(
            {"detail": _("De import is geweigerd; er is niets opgeslagen."), "errors": [e.as_dict() for e in failure.errors]},
            status=422,
        )
    return {"created": [v.pk for v in result.created], "updated": [v.pk for v in result.updated]}


@router.get("/outflow", response=list[OutflowOut], auth=django_auth, summary="Aangekondigde uitstroom van mijn organisatie(s)")
def outflow_list(request, include_closed: bool = False):
    employer_only(request)
    announcements = services.managed_outflow(request.user).select_related("employer", "region", "occupation")
    if not include_closed:
        announcements = announcements.filter(closed_on__isnull=True)
    return [outflow_out(a) for a in announcements]


@router.post("/outflow", response={201: OutflowOut, 422: Invalid}, auth=django_auth, summary="Uitstroom aankondigen")
def outflow_create(request, payload: OutflowIn):
    employer_only(request)
    employer, errors = chosen_employer(request, payload.employer)
    if errors:
        return invalid(errors)
    data = payload.dict(exclude={"employer"})
    data["occupation"] = concept_id(payload.occupation)
    try:
        outflow = services.save_outflow(employer, data, user=request.user)
    except ValidationError as error:
        return invalid(error.message_dict)
    return Status(201, outflow_out(outflow))


def managed_outflow(request, outflow_id):
    employer_only(request)
    return get_object_or_404(services.managed_outflow(request.user).select_related("employer", "region", "occupation"), pk=outflow_id)


@router.get("/outflow/{outflow_id}", response=OutflowOut, auth=django_auth, summary="Eén aankondiging")
def outflow_detail(request, outflow_id: int):
    return outflow_out(managed_outflow(request, outflow_id))


@router.post("/outflow/{outflow_id}/close", response={200: OutflowOut, 422: Invalid}, auth=django_auth, summary="Aankondiging afsluiten")
def outflow_close(request, outflow_id: int, payload: DateIn = None):
    outflow = managed_outflow(request, outflow_id)
    try:
        services.close_outflow(outflow, payload.on if payload else None)
    except ValidationError as error:
        return invalid(error.message_dict)
    return outflow_out(outflow)


@router.get("/{vacancy_id}", response=VacancyOut, summary="Eén vacature (openbaar als ze open is)")
def vacancy_detail(request, vacancy_id: int):
    return vacancy_out(request, readable(request, vacancy_id))


@router.put("/{vacancy_id}", response={200: VacancyOut, 422: Invalid}, auth=django_auth, summary="Vacature vervangen (hele inhoud)")
def replace_vacancy(request, vacancy_id: int, payload: VacancyIn):
    vacancy = managed(request, vacancy_id)
    errors = []
    if payload.employer is not None and payload.employer != vacancy.employer_id:
        errors.append(("employer", _("Een vacature kan niet naar een andere werkgever verhuizen.")))
    data = payload.dict(exclude={"employer", "skills"})
    data["occupation"] = concept_id(payload.occupation)
    data["climate_transition"] = as_bool(payload.climate_transition, "climate_transition", errors)
    if data["opened_on"] is None:
        data["opened_on"] = vacancy.opened_on
    return save(request, vacancy.employer, data, skill_pairs(payload.skills, errors), errors, vacancy)


@router.patch("/{vacancy_id}", response={200: VacancyOut, 422: Invalid}, auth=django_auth, summary="Vacature deels wijzigen")
def update_vacancy(request, vacancy_id: int, payload: VacancyPatch):
    vacancy = managed(request, vacancy_id)
    data = payload.dict(exclude_unset=True)
    skills = data.pop("skills", None)
    errors = []
    if "occupation" in data:
        data["occupation"] = concept_id(data["occupation"])
    if "climate_transition" in data:
        data["climate_transition"] = as_bool(data["climate_transition"], "climate_transition", errors)
    pairs = skill_pairs(payload.skills, errors) if skills is not None else [(vs.skill_id, vs.importance) for vs in vacancy.skills.all()]
    return save(request, vacancy.employer, data, pairs, errors, vacancy)


@router.delete("/{vacancy_id}", response={204: None, 422: Invalid}, auth=django_auth, summary="Vacature verwijderen (zonder plaatsingen)")
def delete_vacancy(request, vacancy_id: int):
    vacancy = managed(request, vacancy_id)
    try:
        services.delete_vacancy(vacancy)
    except ValidationError as error:
        return invalid(error.message_dict)
    return Status(204, None)


def status_change(request, vacancy_id, change, payload):
    vacancy = managed(request, vacancy_id)
    try:
        change(vacancy, payload.on if payload else None)
    except ValidationError as error:
        return invalid(error.message_dict)
    return vacancy_out(request, vacancy)


@router.post("/{vacancy_id}/fill", response={200: VacancyOut, 422: Invalid}, auth=django_auth, summary="Als vervuld markeren")
def fill(request, vacancy_id: int, payload: DateIn = None):
    return status_change(request, vacancy_id, services.mark_filled, payload)


@router.post("/{vacancy_id}/close", response={200: VacancyOut, 422: Invalid}, auth=django_auth, summary="Sluiten")
def close(request, vacancy_id: int, payload: DateIn = None):
    return status_change(request, vacancy_id, services.close_vacancy, payload)


@router.post("/{vacancy_id}/reopen", response=VacancyOut, auth=django_auth, summary="Weer openzetten")
def reopen(request, vacancy_id: int):
    vacancy = managed(request, vacancy_id)
    return vacancy_out(request, services.reopen_vacancy(vacancy))


@router.get("/{vacancy_id}/jobposting", summary="Eén vacature als schema.org JobPosting (JSON-LD)")
def export_jobposting(request, vacancy_id: int):
    vacancy = readable(request, vacancy_id)
    document = services.export_jobposting(vacancy, vacancy_url(request, vacancy))
    return JsonResponse(document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


@router.get("/{vacancy_id}/placements", response=list[PlacementOut], auth=django_auth, summary="Plaatsingen (werkgever; coach: eigen)")
def placements(request, vacancy_id: int):
    require_role(request, Role.EMPLOYER, Role.COACH)
    vacancy = readable(request, vacancy_id)
    return [placement_out(p) for p in services.visible_placements(request.user, vacancy)]


@router.post(
    "/{vacancy_id}/placements", response={201: PlacementOut, 403: Message, 422: Invalid}, auth=django_auth, summary="Plaatsing vastleggen"
)
def record_placement(request, vacancy_id: int, payload: PlacementIn):
    require_role(request, Role.EMPLOYER, Role.COACH)
    vacancy = readable(request, vacancy_id)
    errors = []
    keep_open = as_bool(payload.keep_open, "keep_open", errors)
    previous = payload.previous_occupation
    if isinstance(previous, str):
        previous = concept_id(previous)
        if previous == -1:
            errors.append(("previous_occupation", _("Dit beroep staat niet in de skills-taal.")))
    elif previous is not None and not Concept.objects.filter(pk=previous).exists():
        errors.append(("previous_occupation", _("Dit beroep staat niet in de skills-taal.")))
    if errors:
        return invalid(errors)
    try:
        placement = services.record_placement(
            vacancy,
            person_email=payload.person_email,
            previous_situation=payload.previous_situation,
            previous_occupation=previous,
            previous_sector=payload.previous_sector,
            started_on=payload.started_on,
            outflow=payload.outflow,
            recorded_by=request.user,
            keep_open=keep_open,
        )
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return invalid({("person_email" if k == "person" else k): v for k, v in error.message_dict.items()})
    shown = next(p for p in services.visible_placements(request.user, vacancy) if p.pk == placement.pk)
    return Status(201, placement_out(shown))


"""Learning routes through the API: plan, save, list and delete the person's own routes; the public shortages."""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.geography.models import Region
from loket.passport import services as passports

from . import routes
from .models import LearningRoute

router = Router(tags=["learning routes"])
ModalityName = Literal["online", "hybrid", "on_site"]


class PlanIn(Schema):
    vacancy: int | None = Field(None, description="Doel: een open vacature (id). Geef een vacature of een beroep.")
    occupation: int | None = Field(None, description="Doel: een ESCO-beroep (concept-id).")
    budget_cents: int | None = Field(None, description="Budget in centen, inclusief btw; leeg is geen grens.")
    modalities: list[ModalityName] | None = Field(None, description="Vormen; leeg is alle.")
    regions: list[str] | None = Field(None, description="CBS-codes van arbeidsmarktregio's voor les op locatie of hybride; leeg is de regio's uit het paspoort.")
    start_within_months: int = Field(6, description="Start binnen zoveel maanden (1 tot 36).")
    include_optional: bool = Field(False, description="Ook de optionele (gewenste) skills plannen; standaard alleen de noodzakelijke.")


class ConceptOut(Schema):
    id: int
    uri: str
    label: str


class UncoveredOut(ConceptOut):
    essential: bool


class OfferingOut(Schema):
    id: int
    course: str
    provider: str
    start_date: date
    end_date: date
    enrol_end: date | None
    price_cents: int
    study_hours: int
    modality: str
    municipality: str | None
    location: str


class StepOut(Schema):
    offering: OfferingOut
    skills: list[ConceptOut] = Field(description="De ontbrekende skills die deze opleiding als eerste in de route dekt")


class PlannedOut(Schema):
    goal: str
    vacancy: int | None
    occupation: ConceptOut | None
    steps: list[StepOut]
    covered: list[ConceptOut]
    uncovered: list[UncoveredOut]
    total_price_cents: int
    total_hours: int
    budget_cents: int | None
    method: Literal["exact", "greedy"]
    bound: float | None = Field(description="Bij greedy zonder budget: de prijs is hoogstens bound keer de laagste (H(k))")
    optional_left_out: list[ConceptOut] = Field(description="Optionele skills die niet gepland zijn (include_optional is uit)")
    candidates: int
    candidates_after_pruning: int


class SavedOfferingOut(Schema):
    id: int
    course_title: dict[str, str] = Field(description="Titel van de opleiding bij het bewaren, per taal (nl, en)")
    provider: str
    start_date: date
    end_date: date
    price_cents: int = Field(description="Prijs bij het bewaren")
    study_hours: int
    modality: str
    municipality: str | None
    change: Literal["", "cancelled", "removed", "price_changed"] = Field(
        description="Wat er sinds het bewaren veranderde: geannuleerd, verwijderd uit het aanbod, of een andere prijs; leeg is ongewijzigd"
    )
    current_price_cents: int | None = Field(description="Prijs nu; leeg als het aanbod verwijderd is")


class SavedRouteOut(Schema):
    id: int
    goal: str
    vacancy: int | None
    occupation: int | None
    offerings: list[int] = Field(description="Het aanbod van de route dat nog bestaat (id's)")
    saved_offerings: list[SavedOfferingOut] = Field(description="Het aanbod zoals het was bij het bewaren, met wat er sindsdien veranderde")
    missing_skills: list[int]
    uncovered_skills: list[int]
    total_price_cents: int
    current_total_price_cents: int = Field(description="Totaal nu: het aanbod dat nog te volgen is, tegen de prijs van nu")
    total_hours: int
    budget_cents: int | None
    wishes: dict
    method: str
    created_at: str


class ShortageOut(Schema):
    region_code: str
    region: str
    skill: ConceptOut
    vacancies: int = Field(description="Open vacatures in de regio die de skill noodzakelijk vinden")
    transitions: int | None = Field(
        description="Mensen in aangekondigde uitstroom in de regio maal hun haalbare overstappen die de skill missen; "
        "leeg als er minder dan 3 werkgevers achter zitten (vertrouwelijk)"
    )
    demand: int


class ErrorOut(Schema):
    detail: str
    errors: list[dict] = []


def _concept(concept):
    return {"id": concept.pk, "uri": concept.uri, "label": concept.label()}


def _offering(offering):
    return {
        "id": offering.pk,
        "course": offering.course.title,
        "provider": str(offering.course.provider),
        "start_date": offering.start_date,
        "end_date": offering.end_date,
        "enrol_end": offering.enrol_end,
        "price_cents": offering.price_cents,
        "study_hours": offering.course.study_hours,
        "modality": offering.modality,
        "municipality": offering.municipality.name if offering.municipality else None,
        "location": offering.location,
    }


def planned_data(planned):
    return {
        "goal": planned.goal_label,
        "vacancy": planned.vacancy.pk if planned.vacancy else None,
        "occupation": _concept(planned.occupation) if planned.occupation else None,
        "steps": [{"offering": _offering(step.offering), "skills": [_concept(s) for s in step.skills]} for step in planned.steps],
        "covered": [_concept(c) for c in planned.covered],
        "uncovered": [{**_concept(c), "essential": c.pk in planned.uncovered_essential} for c in planned.uncovered],
        "total_price_cents": planned.price_cents,
        "total_hours": planned.hours,
        "budget_cents": planned.budget_cents,
        "method": planned.method,
        "bound": planned.bound,
        "optional_left_out": [_concept(c) for c in planned.optional_left_out],
        "candidates": planned.candidates,
        "candidates_after_pruning": planned.pruned,
    }


# routes.check_wishes names its own arguments; a client sees the fields of PlanIn.
PAYLOAD_FIELD = {"budget": "budget_cents", "modalities": "modalities", "regions": "regions", "start_within_months": "start_within_months"}


def _invalid(errors):
    if isinstance(errors, dict):
        errors = [(name, message) for name, messages in errors.items() for message in messages]
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": m} for f, m in errors]},
        status=422,
    )


def _plan(request, payload):
    """The planned route, or a 422 response; nothing is stored."""
    require_role(request, Role.PERSON)
    passport = passports.passport_for(request.user)
    region_ids = None
    if payload.regions:
        found = dict(Region.objects.filter(code__in=payload.regions).values_list("code", "id"))
        unknown = [code for code in payload.regions if code not in found]
        if unknown:
            return _invalid([("regions", _("Onbekende arbeidsmarktregio: %(codes)s.") % {"codes": ", ".join(unknown)})])
        region_ids = list(found.values())
    try:
        vacancy, occupation = routes.resolve_goal(vacancy_id=payload.vacancy, occupation_id=payload.occupation)
    except ValidationError as error:
        sent = [name for name in ("vacancy", "occupation") if getattr(payload, name) is not None]
        return _invalid([(name, message) for message in error.messages for name in sent or ["vacancy", "occupation"]])
    try:
        return routes.plan_route(
            passport, vacancy=vacancy, occupation=occupation, budget_cents=payload.budget_cents,
            modalities=payload.modalities, region_ids=region_ids, start_within_months=payload.start_within_months,
            include_optional=payload.include_optional,
        )  # fmt: skip
    except ValidationError as error:
        return _invalid({PAYLOAD_FIELD.get(name, name): messages for name, messages in error.message_dict.items()})


@router.post("/plan", response={200: PlannedOut, 422: ErrorOut}, auth=django_auth, summary="Een leerroute berekenen (niet bewaren)")
def plan(request, payload: PlanIn):
    planned = _plan(request, payload)
    return planned if isinstance(planned, JsonResponse) else planned_data(planned)


@router.get("/", response=list[SavedRouteOut], auth=django_auth, summary="Mijn bewaarde leerroutes")
def list_routes(request):
    require_role(request, Role.PERSON)
    return [routes.route_data(route) for route in routes.routes_of(passports.passport_for(request.user))]


@router.post("/", response={201: SavedRouteOut, 422: ErrorOut}, auth=django_auth, summary="Een leerroute berekenen en bewaren")
def save_route(request, payload: PlanIn):
    planned = _plan(request, payload)
    if isinstance(planned, JsonResponse):
        return planned
    route = routes.save_route(passports.passport_for(request.user), planned)
    return Status(201, routes.route_data(routes.route_of(route.passport, route.pk)))


@router.get("/shortages", response=list[ShortageOut], summary="Tekorten: gevraagde skills die geen aanbod in de regio leert")
def shortages(request, region: Query[str | None] = None):
    region_ids = None
    if region:
        found = Region.objects.filter(code=region).values_list("id", flat=True).first()
        if found is None:
            raise HttpError(422, _("Onbekende arbeidsmarktregio: %(codes)s.") % {"codes": region})
        region_ids = [found]
    return [
        {
            "region_code": row.region.code, "region": row.region.name,
            "skill": {"id": row.skill_id, "uri": row.skill_uri, "label": row.skill_label},
            "vacancies": row.vacancies, "transitions": row.transitions, "demand": row.demand,
        }  # fmt: skip
        for row in routes.shortages(region_ids=region_ids)
    ]


def _own_route(request, pk):
    require_role(request, Role.PERSON)
    try:
        return routes.route_of(passports.passport_for(request.user), pk)
    except LearningRoute.DoesNotExist:
        raise HttpError(404, _("Niet gevonden.")) from None


@router.get("/{int:pk}", response=SavedRouteOut, auth=django_auth, summary="Eén bewaarde leerroute")
def get_route(request, pk: int):
    return routes.route_data(_own_route(request, pk))


@router.delete("/{int:pk}", response={204: None}, auth=django_auth, summary="Een bewaarde leerroute verwijderen")
def delete_route(request, pk: int):
    _own_route(request, pk).delete()
    return Status(204, None)

"""Matching through the API: everything the matching pages do."""

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.passport import services as passports
from loket.passport.models import Consent, Passport
from loket.vacancies.models import OutflowAnnouncement, Placement, Vacancy

from . import services
from .models import ContactRequest, Trajectory

router = Router(tags=["matching"], auth=django_auth)
Kind = Literal["job", "internship", "bbl", "open_hiring"]


class LabelledConcept(Schema):
    uri: str
    label: str
    label_language: str


class SkillExplanation(LabelledConcept):
    essential: bool
    status: Literal["matched", "related", "missing"] = Field(description="aanwezig, deels via verwante skills, of ontbrekend")
    through: list[LabelledConcept] = Field(description="De eigen skills waardoor een verwante skill deels meetelt")
    credit: float = Field(description="Het deel van het gewicht van deze skill dat meetelt (0 tot 1)")


class Coverage(Schema):
    matched: int
    related: int
    missing: int


class ExplanationOut(Schema):
    score: float
    skills_hidden: bool = Field(description="De persoon laat de eigen skills niet zien: alleen de score")
    coverage: dict[str, Coverage]
    skills: list[SkillExplanation]


class VacancyBrief(Schema):
    id: int
    title: str
    kind: str
    employer: str
    municipality: str
    region: str
    hours_min: int
    hours_max: int
    nlqf_level: int | None
    climate_transition: bool

    @staticmethod
    def of(vacancy):
        return {
            "id": vacancy.pk,
            "title": vacancy.title,
            "kind": vacancy.kind,
            "employer": vacancy.employer.name,
            "municipality": vacancy.municipality.name,
            "region": vacancy.municipality.region.name,
            "hours_min": vacancy.hours_min,
            "hours_max": vacancy.hours_max,
            "nlqf_level": vacancy.nlqf_level,
            "climate_transition": vacancy.climate_transition,
        }


class VacancyMatchOut(Schema):
    vacancy: VacancyBrief
    score: float
    distance_km: float | None
    explanation: ExplanationOut


def _vacancy_matches(matches):
    return [
        {"vacancy": VacancyBrief.of(m.vacancy), "score": round(m.score, 4), "distance_km": m.distance_km, "explanation": m.explanation.as_dict()}
        for m in matches
    ]


def _denied(error):
    raise HttpError(403, " ".join(error.args) if error.args else _("Geen toegang."))


@router.get("/me/vacancies", response=list[VacancyMatchOut], summary="Vacatures voor mij, met uitleg")
def my_vacancies(request, kind: list[Kind] = Query(None), limit: int = Query(20, ge=1, le=100)):
    require_role(request, Role.PERSON)
    return _vacancy_matches(services.matches_for_person(passports.passport_for(request.user), limit=limit, kinds=kind))


@router.get("/me/vacancies/{vacancy_id}", response=ExplanationOut, summary="Uitleg van mijn skills voor één vacature")
def my_explanation(request, vacancy_id: int):
    require_role(request, Role.PERSON)
    vacancy = get_object_or_404(Vacancy.objects.open(), pk=vacancy_id)
    passport = passports.passport_for(request.user)
    return services.explain(services.current_index(), services.person_skill_ids(passport), services.required_skills(vacancy)).as_dict()


class ContactRequestOut(Schema):
    id: int
    vacancy: VacancyBrief
    message: str
    status: str
    created_at: str

    @staticmethod
    def of(contact):
        return {
            "id": contact.pk,
            "vacancy": VacancyBrief.of(contact.vacancy),
            "message": contact.message,
            "status": contact.status,
            "created_at": contact.created_at.isoformat(),
        }


@router.get("/me/contact-requests", response=list[ContactRequestOut], summary="Contactverzoeken van werkgevers aan mij")
def my_contact_requests(request):
    require_role(request, Role.PERSON)
    contacts = ContactRequest.objects.filter(passport__user=request.user).select_related("vacancy__employer", "vacancy__municipality__region")
    return [ContactRequestOut.of(c) for c in contacts]


class Answer(Schema):
    accept: bool = Field(description="true: de werkgever ziet mijn paspoort voor deze vacature; false: afwijzen")


@router.post("/me/contact-requests/{contact_id}", response=ContactRequestOut, summary="Een contactverzoek accepteren of afwijzen")
def answer_contact(request, contact_id: int, answer: Answer):
    require_role(request, Role.PERSON)
    contact = get_object_or_404(ContactRequest.objects.select_related("vacancy__employer", "vacancy__municipality__region"), pk=contact_id, passport__user=request.user)
    try:
        services.answer_contact(contact, request.user, answer.accept)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from None
    return ContactRequestOut.of(contact)


class CandidateOut(Schema):
    token: str = Field(description="Kenmerk om contact aan te vragen; hoort bij deze vacature")
    pseudonym: str
    name: str = Field(description="Alleen als de kandidaat contact accepteerde")
    score: float
    distance_km: float | None
    contact_status: str
    shared: bool = Field(description="Deelde het paspoort voor deze vacature (toestemming of geaccepteerd contactverzoek)")
    profile: dict | None = Field(description="Wat de kandidaat wil laten zien")
    explanation: ExplanationOut


def _employer_vacancy(request, vacancy_id):
    require_role(request, Role.EMPLOYER)
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=vacancy_id)
    try:
        services.require_employer_member(request.user, vacancy)
    except PermissionDenied as error:
        _denied(error)
    return vacancy


@router.get("/vacancies/{vacancy_id}/candidates", response=list[CandidateOut], summary="Kandidaten voor een vacature (alleen wie vindbaar is of contact accepteerde)")
def candidates(request, vacancy_id: int, limit: int = Query(50, ge=1, le=200), respect_level: bool = True):
    vacancy = _employer_vacancy(request, vacancy_id)
    try:
        found = services.candidates_for_vacancy(vacancy, request.user, limit=limit, respect_level=respect_level)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from None
    return [
        {
            "token": c.token,
            "pseudonym": c.pseudonym,
            "name": c.name,
            "score": round(c.score, 4),
            "distance_km": c.distance_km,
            "contact_status": c.contact_status,
            "shared": c.shared,
            "profile": c.profile,
            "explanation": c.explanation.as_dict(),
        }
        for c in found
    ]


class ContactIn(Schema):
    token: str
    message: str = Field("", max_length=2000)


@router.post("/vacancies/{vacancy_id}/contact-requests", response={201: dict}, summary="Contact aanvragen met een kandidaat")
def request_contact(request, vacancy_id: int, payload: ContactIn):
    vacancy = _employer_vacancy(request, vacancy_id)
    try:
        contact = services.request_contact(vacancy, payload.token, request.user, payload.message)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(201, {"id": contact.pk, "status": contact.status})


@router.get("/outflow/{outflow_id}/vacancies", response=list[VacancyMatchOut], summary="Ontvangende vacatures voor aangekondigde uitstroom")
def outflow_vacancies(request, outflow_id: int, limit: int = Query(20, ge=1, le=100)):
    require_role(request, Role.EMPLOYER)
    outflow = get_object_or_404(OutflowAnnouncement, pk=outflow_id)
    if not outflow.employer.memberships.filter(user=request.user).exists():
        raise HttpError(403, _("U bent geen lid van de organisatie van deze aankondiging."))
    return _vacancy_matches(services.vacancies_for_outflow(outflow, limit=limit))


class TrajectoryOut(Schema):
    passport_id: int
    name: str
    organisation: str
    status: str
    next_step: str
    next_step_on: date | None
    placement_id: int | None
    notes: list[dict]

    @staticmethod
    def of(trajectory, name):
        return {
            "passport_id": trajectory.passport_id,
            "name": name,
            "organisation": trajectory.organisation.name,
            "status": trajectory.status,
            "next_step": trajectory.next_step,
            "next_step_on": trajectory.next_step_on,
            "placement_id": trajectory.placement_id,
            "notes": [{"text": n.text, "author": str(n.author or ""), "created_at": n.created_at.isoformat()} for n in trajectory.notes.all()],
        }


@router.get("/coach/people", response=list[dict], summary="Mensen die mijn organisatie toestemming gaven voor begeleiding")
def coached_people(request):
    require_role(request, Role.COACH)
    return [
        {
            "passport_id": passport_id,
            "name": services.coached_name(request.user, consent),
            "organisation": consent.organisation.name,
            "consent_expires_at": consent.expires_at.isoformat() if consent.expires_at else None,
            "consent_last_day": consent.last_day.isoformat() if consent.last_day else None,
        }
        for passport_id, consent in services.coached_passports(request.user).items()
    ]


def _coached(request, passport_id):
    require_role(request, Role.COACH)
    passport = get_object_or_404(Passport.objects.select_related("user"), pk=passport_id)
    try:
        return passport, services.coaching_consent(request.user, passport)
    except PermissionDenied as error:
        _denied(error)


class CoachedPersonOut(Schema):
    passport: dict
    trajectory: TrajectoryOut
    vacancies: list[VacancyMatchOut]


@router.get("/coach/people/{passport_id}", response=CoachedPersonOut, summary="Paspoort, traject en passende vacatures van iemand die ik begeleid (wordt gelogd)")
def coached_person(request, passport_id: int):
    passport, consent = _coached(request, passport_id)
    shown = passports.view_passport(request.user, passport, organisation=consent.organisation, purpose=Consent.Purpose.COACHING)
    matches = services.matches_for_person(passport, limit=10)
    for match in matches:
        match.explanation = services.shown_explanation(match.explanation, shown["sections"])
    name = shown.get("contact", {}).get("name") or services.coached_pseudonym(passport, consent.organisation)
    return {
        "passport": shown,
        "trajectory": TrajectoryOut.of(services.trajectory_for(request.user, passport), name),
        "vacancies": _vacancy_matches(matches),
    }


class TrajectoryIn(Schema):
    status: Literal[tuple(Trajectory.Status.values)] | None = None
    next_step: str | None = Field(None, max_length=300)
    next_step_on: date | None = None
    placement_id: int | None = None
    note: str | None = Field(None, max_length=4000)


@router.patch("/coach/people/{passport_id}/trajectory", response=TrajectoryOut, summary="Traject bijwerken of een notitie toevoegen")
def update_trajectory(request, passport_id: int, payload: TrajectoryIn):
    passport, consent = _coached(request, passport_id)
    trajectory = services.trajectory_for(request.user, passport)
    changes = payload.dict(exclude_unset=True)
    if "placement_id" in changes and changes["placement_id"] is not None:
        if not Placement.objects.filter(pk=changes["placement_id"], person_id=passport.user_id).exists():
            raise HttpError(422, _("Deze plaatsing hoort niet bij deze persoon."))
    status = changes.get("status", trajectory.status)
    placement = changes.get("placement_id", trajectory.placement_id)
    if status == Trajectory.Status.PLACED and not placement:
        raise HttpError(422, _("Kies de plaatsing bij de status Geplaatst. Een werkgever of coach legt die vast bij de vacature."))
    note = changes.pop("note", None)
    for field, value in changes.items():
        setattr(trajectory, field, value)
    trajectory.save()
    if note:
        trajectory.notes.create(author=request.user, text=note)
    name = passport.user.full_name if "contact" in consent.sections else services.coached_pseudonym(passport, consent.organisation)
    return TrajectoryOut.of(trajectory, name)


# --------------------------------------------------------------------------- batch runs (administrators and analysts)

from datetime import datetime  # noqa: E402

from . import runs  # noqa: E402
from .models import MatchRun  # noqa: E402


class MatchRunOut(Schema):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    stage: Literal["waiting", "index", "matching", "saving", "finished"]
    stage_label: str = Field(description="De stap in de taal van de gebruiker")
    done: int = Field(description="Personen gematcht")
    total: int = Field(description="Personen in totaal (0 zolang de gegevens nog gelezen worden)")
    percent: float
    persons: int
    vacancies: int
    workers: int
    scheduler: str = Field(description="Leeg: een lokaal Dask-cluster")
    limit: int = Field(description="Vacatures per persoon")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    seconds: float | None
    index_seconds: float | None
    error: str
    people_with_good_match: int | None = Field(description="Personen met minstens één match van 0,5 of meer")
    vacancies_in_top: int | None = Field(description="Vacatures die in iemands top staan")
    result_file: str

    @staticmethod
    def of(run):
        return {
            **{name: getattr(run, name) for name in MatchRunOut.model_fields if hasattr(run, name)},
            "stage_label": str(run.get_stage_display()),
        }


class MatchRunIn(Schema):
    workers: int | None = Field(None, ge=1, le=runs.MAX_WORKERS, description="Workers van het lokale cluster; standaard het aantal kernen")
    limit: int = Field(20, ge=1, le=runs.MAX_LIMIT)


def _run_manager(request):
    require_role(request, Role.ADMIN, Role.ANALYST)


@router.get("/runs", response=list[MatchRunOut], summary="De laatste matchruns (beheerder, analist)")
def list_batch_runs(request):
    _run_manager(request)
    runs.close_stale_runs()
    return [MatchRunOut.of(run) for run in MatchRun.objects.all()[:50]]


@router.post("/runs", response={202: MatchRunOut}, summary="Start een matchrun op de achtergrond (beheerder, analist)")
def start_batch_run(request, payload: MatchRunIn = None):
    _run_manager(request)
    payload = payload or MatchRunIn()
    try:
        run = runs.create_run(request.user, workers=payload.workers, limit=payload.limit)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise HttpError(422, " ".join(error.messages)) from None
        raise HttpError(409, " ".join(error.messages)) from None
    runs.start_in_background(run)
    return Status(202, MatchRunOut.of(run))


@router.get("/runs/{run_id}", response=MatchRunOut, summary="Status en voortgang van een matchrun (beheerder, analist)")
def batch_run(request, run_id: int):
    _run_manager(request)
    return MatchRunOut.of(get_object_or_404(MatchRun, pk=run_id))

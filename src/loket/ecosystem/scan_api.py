"""The Actiescan and the good-practice library over the API.

Reading is public. Posting a scan is for the initiative's editors and administrators; adding a practice for whoever
edits an initiative, and administrators. Invalid input is a 422 with a Dutch message per statement or field, and
nothing is saved.
"""

import datetime
from typing import Any

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.api_schemas import Invalid

from . import actiescan
from .models import GoodPractice, Initiative
from .permissions import can_edit_initiative
from .scan_forms import PracticeForm, can_add_practice, can_edit_practice, save_practice, save_scan
from .scan_views import FILTERS, practice_filters, scan_history, search_practices
from .vocabulary import Scheme

router = Router(tags=["ecosystem"])


# --- Schemas ---------------------------------------------------------------------------------------------------


class ScaleOut(Schema):
    value: int
    label: str


class StatementOut(Schema):
    code: str
    text: str
    advice: str = Field(description="Wat te doen als deze stelling laag scoort")


class DimensionOut(Schema):
    code: str
    label: str
    description: str
    statements: list[StatementOut]


class QuestionnaireOut(Schema):
    version: str
    scale: list[ScaleOut]
    low_score: int = Field(description="Onder deze score (0–100) krijgt een dimensie advies")
    dimensions: list[DimensionOut]


class AdviceStatementOut(Schema):
    code: str
    text: str
    answer: int
    answer_label: str
    advice: str


class AdviceOut(Schema):
    dimension: str
    label: str
    score: float
    statements: list[AdviceStatementOut] = Field(description="De laagst beantwoorde stellingen van de dimensie, met hun eigen advies")


class ScanOut(Schema):
    id: int
    taken_on: str
    version: str
    current_version: bool = Field(description="Onwaar: ingevuld met een oudere versie van de vragenlijst; de scores zijn die van toen")
    scores: dict[str, float] = Field(description="Score per dimensie, 0–100")
    overall: float | None
    answers: dict[str, int]
    advice: list[AdviceOut]


class ScanIn(Schema):
    answers: dict[str, Any] = Field(description="Per stellingcode (A1, P3, …) een antwoord van 1 tot en met 5; elke stelling is verplicht")
    taken_on: datetime.date | None = Field(None, description="Datum als JJJJ-MM-DD; leeg is vandaag")


class PracticeOut(Schema):
    slug: str
    title: str
    summary: str
    what_works: str
    what_does_not: str
    initiative: str | None = Field(description="Korte naam (slug) van het initiatief")
    themes: list[str]
    programme_lines: list[str]
    topsectors: list[str]
    source: str | None = Field(description="Titel van het brondocument")
    source_reference: str
    published_on: str


class PracticeIn(Schema):
    title: str
    summary: str
    what_works: str = ""
    what_does_not: str = ""
    initiative: str | None = Field(None, description="Korte naam (slug) van een initiatief dat u mag bewerken")
    themes: list[str] = []
    programme_lines: list[str] = []
    topsectors: list[str] = []
    source_reference: str = ""


# --- Output -------------------------------------------------------------------------------------------------------


def scan_out(summary):
    return {
        "id": summary["id"], "taken_on": summary["taken_on"].isoformat(), "version": summary["version"],
        "current_version": summary["current_version"], "scores": summary["scores"], "overall": summary["overall"],
        "answers": summary["scan"].answers or {}, "advice": summary["advice"],
    }  # fmt: skip


def practice_out(practice):
    codes = {scheme: sorted(c.code for c in practice.classifications.all() if c.scheme == scheme) for scheme, _choices in FILTERS.values()}
    return {
        "slug": practice.slug, "title": practice.title, "summary": practice.summary, "what_works": practice.what_works,
        "what_does_not": practice.what_does_not, "initiative": practice.initiative.slug if practice.initiative else None,
        "themes": codes[Scheme.THEME], "programme_lines": codes[Scheme.PROGRAMME_LINE], "topsectors": codes[Scheme.TOPSECTOR],
        "source": practice.source.title if practice.source else None, "source_reference": practice.source_reference,
        "published_on": practice.published_on.isoformat(),
    }  # fmt: skip


def invalid(errors):
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": str(m)} for f, m in errors]},
        status=422,
    )


def form_errors(form):
    return [(name or "__all__", message) for name, messages in form.errors.items() for message in messages]


# --- The Actiescan ----------------------------------------------------------------------------------------------------


@router.get("/actiescan/questions", response=QuestionnaireOut, summary="De vragenlijst van de Actiescan (openbaar)")
def questions(request):
    """In de taal van het verzoek; ``version`` is de versie die een nieuwe scan krijgt."""
    return actiescan.as_plain()


@router.get("/initiatives/{slug}/scans", response=list[ScanOut], summary="De actiescans van een initiatief, nieuwste eerst (openbaar)")
def initiative_scans(request, slug: str):
    initiative = get_object_or_404(Initiative, slug=slug)
    return [scan_out(summary) for summary in scan_history(initiative)]


@router.post(
    "/initiatives/{slug}/scans", response={201: ScanOut, 422: Invalid}, auth=django_auth,
    summary="Een actiescan vastleggen (redacteuren van het initiatief, beheerders)",
)  # fmt: skip
def create_scan(request, slug: str, payload: ScanIn):
    initiative = get_object_or_404(Initiative, slug=slug)
    if not can_edit_initiative(request.user, initiative):
        raise HttpError(403, _("Alleen de redacteuren van dit initiatief en beheerders kunnen een actiescan invullen."))
    taken_on = payload.taken_on or timezone.localdate()
    if taken_on > timezone.localdate():
        return invalid([("taken_on", _("De datum ligt in de toekomst."))])
    try:
        scan = save_scan(initiative, payload.answers, taken_on, request.user)
    except actiescan.InvalidAnswers as error:
        return invalid([(f"answers.{code}", message) for code, message in error.problems])
    summary = next(item for item in scan_history(initiative) if item["id"] == scan.pk)
    return Status(201, scan_out(summary))


# --- Good practices -----------------------------------------------------------------------------------------------------


@router.get("/good-practices", response={200: list[PracticeOut], 422: Invalid}, summary="Goede voorbeelden zoeken (openbaar)")
def good_practices(request, q: str = "", theme: str = "", programme_line: str = "", topsector: str = ""):
    """``q``: woorden die elk in titel, samenvatting of lessen voorkomen; ``theme``, ``programme_line``, ``topsector``: een code."""
    filters, errors = practice_filters({"q": q, "theme": theme, "programme_line": programme_line, "topsector": topsector})
    if errors:
        return invalid(list(errors.items()))
    return [practice_out(practice) for practice in search_practices(filters)]


@router.get("/good-practices/{slug}", response=PracticeOut, summary="Eén goed voorbeeld (openbaar)")
def good_practice(request, slug: str):
    practice = get_object_or_404(GoodPractice.objects.select_related("initiative", "source").prefetch_related("classifications"), slug=slug)
    return practice_out(practice)


def practice_form(request, payload, practice=None):
    return PracticeForm(payload.dict(), user=request.user, practice=practice)


@router.post(
    "/good-practices", response={201: PracticeOut, 422: Invalid}, auth=django_auth,
    summary="Goed voorbeeld toevoegen (redacteuren van een initiatief, beheerders)",
)  # fmt: skip
def create_good_practice(request, payload: PracticeIn):
    if not can_add_practice(request.user):
        raise HttpError(403, _("Alleen redacteuren van een initiatief en beheerders kunnen een goed voorbeeld toevoegen."))
    form = practice_form(request, payload)
    if not form.is_valid():
        return invalid(form_errors(form))
    return Status(201, practice_out(save_practice(form.cleaned_data, request.user)))


@router.put(
    "/good-practices/{slug}", response={200: PracticeOut, 422: Invalid}, auth=django_auth,
    summary="Goed voorbeeld wijzigen (auteur, redacteuren van het initiatief, beheerders)",
)  # fmt: skip
def replace_good_practice(request, slug: str, payload: PracticeIn):
    practice = get_object_or_404(GoodPractice.objects.select_related("initiative"), slug=slug)
    if not can_edit_practice(request.user, practice):
        raise HttpError(403, _("Alleen de auteur, de redacteuren van het initiatief en beheerders kunnen dit goede voorbeeld bewerken."))
    form = practice_form(request, payload, practice)
    if not form.is_valid():
        return invalid(form_errors(form))
    return practice_out(save_practice(form.cleaned_data, request.user, practice=practice))

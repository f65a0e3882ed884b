"""The volgsysteem over the API: the targets with their values and the breakdowns (public), the learning communities
with their rating (public), participant surveys for editors, and anonymous answers.

Survey results are suppressed below SMALL_NUMBER answers here as on the pages: the API gives no more than a page.
"""

import datetime
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.api_schemas import Detail, Invalid

from . import tracking, tracking_queries
from .models import Initiative, Survey
from .permissions import can_edit_initiative
from .vocabulary import LEARNING_COMMUNITY_KINDS

router = Router(tags=["ecosystem"])

Count = int | str  # a count through suppress: a number, or "< 10"


class TargetSteps(Schema):
    in_scope: int = Field(description="In de topsector en niet gestopt vóór het doeljaar")
    durable: int = Field(description="Daarvan duurzaam verankerd")
    rated: int = Field(description="Daarvan met een waardering (minimaal 10 antwoorden)")


class TargetOut(Schema):
    key: str
    name: str
    number: int
    year: int
    scope: str
    source: str
    reference: str
    quote: str
    value: int = Field(description="Learning communities in het loket die nu voor dit doel tellen")
    distance: int = Field(description="Hoeveel er nog bij moeten (0 als het doel gehaald is)")
    percent: int
    reached: bool
    steps: TargetSteps | None = None


class GroupRow(Schema):
    key: str | None = Field(description="Code van de regio, topsector of uitdaging; null: geen")
    label: str
    active: int
    extra: int = Field(description="Extra ten opzichte van 2018, als bijdrage aan het landelijke doel")


class GroupTotal(Schema):
    active: int
    extra: int


class Breakdown(Schema):
    rows: list[GroupRow]
    total: GroupTotal = Field(description="Elke learning community één keer")
    rows_add_up_to_more: bool = Field(description="Waar: een learning community telt in meer dan één rij")


class LifecycleRow(Schema):
    key: str
    label: str
    count: int


class YearRow(Schema):
    year: int
    started: int
    stopped: int
    extra: int


class TrackingOut(Schema):
    as_of: datetime.date
    note: str
    learning_communities: int
    without_started_year: int
    targets: list[TargetOut]
    by_region: Breakdown
    by_topsector: Breakdown
    by_challenge: Breakdown
    by_lifecycle: list[LifecycleRow]
    by_year: list[YearRow]


class LearningCommunityOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    lifecycle: str
    region: str | None
    topsectors: list[str]
    challenges: list[str]
    started_year: int | None
    stopped_year: int | None
    active: bool
    extra_since_2018: bool
    rating: float | None = Field(description="Gemiddeld rapportcijfer van de laatste afgesloten enquête; null bij minder dan 10 antwoorden")
    rating_answers: int | None
    rating_reason: str | None = Field(description="Waarom er geen waardering is: no_survey of too_few_answers")
    rating_reason_label: str | None
    url: str


class SurveyIn(Schema):
    initiative: str = Field(description="De korte naam (slug) van de learning community")
    title: str
    questions: list[str] = Field([], description="Open vragen, hooguit 10")
    opens_on: datetime.date
    closes_on: datetime.date


class SurveyOut(Schema):
    id: int
    initiative: str
    title: str
    questions: list[str]
    opens_on: datetime.date
    closes_on: datetime.date
    status: str = Field(description="upcoming, open of closed")
    answer_url: str = Field(description="De link voor de deelnemers")
    answers: Count


class DistributionRow(Schema):
    score: int
    count: Count


class OpenAnswers(Schema):
    question: str
    answers: list[str]


class SurveyResultsOut(Schema):
    id: int
    title: str
    status: str
    answers: Count
    shown: bool = Field(description="Onwaar bij minder dan 10 antwoorden: dan staat er niets anders dan het aantal")
    message: str | None
    mean: float | None
    distribution: list[DistributionRow] | None
    open_answers: list[OpenAnswers] | None


class AnswerIn(Schema):
    score: Any = Field(description="Rapportcijfer, een geheel getal van 1 tot en met 10", json_schema_extra={"type": "integer"})
    answers: list[str] = Field([], description="Antwoorden op de open vragen, in hun volgorde; leeg mag")


def invalid(problems):
    return JsonResponse(
        {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": [{"field": f, "message": str(m)} for f, m in problems]},
        status=422,
    )


# --- Public -------------------------------------------------------------------------------------------------------


def breakdown_out(groups):
    return {
        "rows": [{"key": row["key"], "label": str(row["label"]), "active": row["active"], "extra": row["extra"]} for row in groups["rows"]],
        "total": {"active": groups["total"]["active"], "extra": groups["total"]["extra"]},
        "rows_add_up_to_more": groups["rows_add_up_to_more"],
    }


def target_out(status):
    target = status["target"]
    return {
        "key": target.key, "name": str(target.name), "number": target.number, "year": target.year, "scope": str(target.scope),
        "source": str(target.source), "reference": str(target.reference), "quote": str(target.quote), "value": status["value"],
        "distance": status["distance"], "percent": status["percent"], "reached": status["reached"], "steps": status.get("steps"),
    }  # fmt: skip


@router.get("/tracking", response=TrackingOut, summary="Volgsysteem: learning communities tegen de doelen (openbaar)")
def tracking_overview(request):
    overview = tracking_queries.overview()
    return {
        "as_of": overview["today"],
        "note": _("Alleen de learning communities die in het loket geregistreerd zijn."),
        "learning_communities": overview["total"], "without_started_year": overview["without_started_year"],
        "targets": [target_out(status) for status in overview["targets"]],
        "by_region": breakdown_out(overview["by_region"]), "by_topsector": breakdown_out(overview["by_topsector"]),
        "by_challenge": breakdown_out(overview["by_challenge"]),
        "by_lifecycle": [{**row, "label": str(row["label"])} for row in overview["by_lifecycle"]],
        "by_year": [{key: row[key] for key in ("year", "started", "stopped", "extra")} for row in overview["by_year"]],
    }  # fmt: skip


@router.get(
    "/tracking/learning-communities", response=list[LearningCommunityOut],
    summary="De geregistreerde learning communities met hun waardering (openbaar)",
)  # fmt: skip
def tracking_learning_communities(request):
    overview = tracking_queries.overview()
    today = overview["today"]
    national = tracking.NATIONAL
    out = []
    for community in overview["communities"]:
        rating = overview["ratings"][community["id"]]
        out.append({
            **{key: community[key] for key in ("id", "slug", "name", "kind", "lifecycle", "region", "topsectors", "challenges",
                                                "started_year", "stopped_year")},
            "active": tracking.is_active(community, today.year),
            "extra_since_2018": tracking.is_extra(community, national.started_after, national.year),
            "rating": float(rating.value) if rating.value is not None else None,
            "rating_answers": rating.answers if rating.value is not None else None,
            "rating_reason": rating.reason, "rating_reason_label": str(rating.reason_label) if rating.reason else None,
            "url": request.build_absolute_uri(reverse("ecosystem:initiative", args=[community["slug"]])),
        })  # fmt: skip
    return out


# --- Editors ------------------------------------------------------------------------------------------------------


def survey_out(request, survey):
    return {
        "id": survey.pk, "initiative": survey.initiative.slug, "title": survey.title, "questions": survey.questions,
        "opens_on": survey.opens_on, "closes_on": survey.closes_on,
        "status": tracking.survey_window(survey.opens_on, survey.closes_on, timezone.localdate()),
        "answer_url": request.build_absolute_uri(reverse("ecosystem:survey_answer", args=[survey.token])),
        "answers": tracking_queries.answer_count(survey),
    }  # fmt: skip


def require_editor(request, initiative):
    if not can_edit_initiative(request.user, initiative):
        raise HttpError(403, _("Alleen de redacteuren van deze learning community en beheerders kunnen haar enquêtes zien."))


@router.post(
    "/surveys", response={201: SurveyOut, 422: Invalid}, auth=django_auth,
    summary="Enquête openen voor een learning community (redacteuren)",
)  # fmt: skip
def create_survey(request, payload: SurveyIn):
    initiative = Initiative.objects.filter(slug=payload.initiative).first()
    if initiative is None:
        return invalid([("initiative", _("Er is geen initiatief met deze korte naam."))])
    require_editor(request, initiative)
    if initiative.kind not in LEARNING_COMMUNITY_KINDS:
        return invalid([("initiative", _("Enquêtes zijn er alleen voor learning communities."))])
    questions = [question.strip() for question in payload.questions]
    problems = tracking.survey_problems(payload.title, questions, payload.opens_on, payload.closes_on, timezone.localdate())
    if problems:
        return invalid(problems)
    survey = tracking_queries.create_survey(initiative, request.user, payload.title, questions, payload.opens_on, payload.closes_on)
    return Status(201, survey_out(request, survey))


@router.get(
    "/surveys/{survey_id}/results", response=SurveyResultsOut, auth=django_auth,
    summary="Resultaten van een enquête, onderdrukt onder 10 antwoorden (redacteuren, beheerders)",
)  # fmt: skip
def survey_results(request, survey_id: int):
    survey = get_object_or_404(Survey.objects.select_related("initiative"), pk=survey_id)
    require_editor(request, survey.initiative)
    results = tracking_queries.survey_results(survey)
    return {
        "id": survey.pk, "title": survey.title,
        "status": tracking.survey_window(survey.opens_on, survey.closes_on, timezone.localdate()),
        "answers": results["answers"], "shown": results["shown"],
        "message": None if results["shown"] else _(
            "Nog geen resultaten: minder dan %(n)d antwoorden, om deelnemers niet herkenbaar te maken."
        ) % {"n": tracking.SMALL_NUMBER},
        "mean": float(results["mean"]) if results["shown"] else None,
        "distribution": results["distribution"], "open_answers": results["open_answers"],
    }  # fmt: skip


# --- Participants -------------------------------------------------------------------------------------------------


def closed_message(survey, window):
    if window == "upcoming":
        return _("Deze enquête is nog niet open; antwoorden kan vanaf %(date)s. Er is niets opgeslagen.") % {
            "date": formats.date_format(survey.opens_on, "j F Y")
        }
    return _("Deze enquête is gesloten: antwoorden kon tot en met %(date)s. Er is niets opgeslagen.") % {
        "date": formats.date_format(survey.closes_on, "j F Y")
    }


@router.post(
    "/survey-answers/{token}", response={201: Detail, 409: Detail, 422: Invalid},
    summary="Een enquête beantwoorden, zonder account (deelnemers)",
)  # fmt: skip
def answer_survey(request, token: str, payload: AnswerIn, response: HttpResponse):
    """Anonymous: nothing of the participant is stored. A signed cookie keeps one browser to one answer."""
    survey = get_object_or_404(Survey, token=token)
    window = tracking.survey_window(survey.opens_on, survey.closes_on, timezone.localdate())
    if window != "open":
        return Status(409, {"detail": closed_message(survey, window)})
    if tracking_queries.answered_in_this_browser(request, survey):
        return Status(409, {"detail": _("U heeft deze enquête al ingevuld. Er is niets opgeslagen.")})
    problems = tracking.answer_problems(payload.score, payload.answers, survey.questions)
    if problems:
        return invalid(problems)
    tracking_queries.save_answer(survey, payload.score, payload.answers)
    tracking_queries.remember_answer(response, survey)
    return Status(201, {"detail": _("Bedankt, uw antwoord is opgeslagen.")})

"""The volgsysteem's reads and writes on the database, shared by its pages and its API; the arithmetic is in
``tracking``."""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from loket.fund.reports import suppress
from loket.geography.models import Region

from . import tracking
from .models import Initiative, Survey, SurveyResponse
from .permissions import can_edit_initiative, is_ecosystem_admin
from .vocabulary import LEARNING_COMMUNITY_KINDS, Scheme


def learning_communities():
    """Every registered learning community as ``tracking``'s plain dict, with its surveys' scores."""
    initiatives = (
        Initiative.objects.filter(kind__in=LEARNING_COMMUNITY_KINDS).select_related("region").prefetch_related("classifications")
    )
    scores = defaultdict(list)
    responses = SurveyResponse.objects.filter(survey__initiative__kind__in=LEARNING_COMMUNITY_KINDS)
    for survey_id, score in responses.values_list("survey_id", "score"):
        scores[survey_id].append(score)
    surveys = defaultdict(list)
    for survey_id, initiative_id, closes_on in Survey.objects.filter(initiative__kind__in=LEARNING_COMMUNITY_KINDS).values_list(
        "id", "initiative_id", "closes_on"
    ):
        surveys[initiative_id].append({"closes_on": closes_on, "scores": scores[survey_id]})
    return [
        {
            "id": initiative.pk, "slug": initiative.slug, "name": initiative.name, "kind": initiative.kind,
            "kind_label": initiative.get_kind_display(), "lifecycle": initiative.lifecycle,
            "lifecycle_label": initiative.get_lifecycle_display(), "started_year": initiative.started_year,
            "stopped_year": initiative.stopped_year, "region": initiative.region.code if initiative.region else None,
            "region_name": initiative.region.name if initiative.region else "",
            "topsectors": initiative.codes(Scheme.TOPSECTOR), "challenges": initiative.codes(Scheme.CHALLENGE),
            "surveys": surveys[initiative.pk],
        }
        for initiative in initiatives
    ]  # fmt: skip


def regions():
    return list(Region.objects.order_by("name").values_list("code", "name"))


def overview(today=None):
    return tracking.overview(learning_communities(), regions(), today or timezone.localdate())


def editable_ids(user, ids):
    """The ids among ``ids`` of initiatives ``user`` may edit (one question per initiative; the lists are short)."""
    if not user.is_authenticated:
        return set()
    if is_ecosystem_admin(user):
        return set(ids)
    return {initiative.pk for initiative in Initiative.objects.filter(pk__in=ids) if can_edit_initiative(user, initiative)}


def survey_results(survey):
    responses = list(survey.responses.values_list("score", "answers"))
    return tracking.survey_results([score for score, _answers in responses], [answers for _score, answers in responses], survey.questions)


def answer_count(survey):
    """As it may be shown: "< 10" below SMALL_NUMBER."""
    return suppress(survey.responses.count())


def create_survey(initiative, user, title, questions, opens_on, closes_on):
    """A new survey; the caller has checked ``tracking.survey_problems``."""
    return Survey.objects.create(
        initiative=initiative, title=title.strip(), questions=[question.strip() for question in questions],
        opens_on=opens_on, closes_on=closes_on, created_by=user,
    )  # fmt: skip


@transaction.atomic
def save_answer(survey, score, answers):
    """An anonymous answer: the score and the open answers, nothing about who gave them."""
    answers = [answer.strip() for answer in answers]
    answers += [""] * (len(survey.questions) - len(answers))
    return SurveyResponse.objects.create(survey=survey, score=score, answers=answers)


# --- One answer per browser -----------------------------------------------------------------------------------

COOKIE_SALT = "loket.ecosystem.survey"


def cookie_name(survey):
    return f"loket_enquete_{survey.pk}"


def answered_in_this_browser(request, survey):
    return request.get_signed_cookie(cookie_name(survey), default=None, salt=COOKIE_SALT) == survey.token


def remember_answer(response, survey):
    """A signed cookie that says this browser answered; it holds the survey's token, nothing of the person. It lasts
    until the day after the survey closes, when answering is over anyway."""
    days = max((survey.closes_on - timezone.localdate()).days, 0) + 1
    response.set_signed_cookie(
        cookie_name(survey), survey.token, salt=COOKIE_SALT, max_age=days * 24 * 3600, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    return response

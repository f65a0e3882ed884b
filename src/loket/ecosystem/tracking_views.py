"""Pages of the volgsysteem: learning communities counted against the documents' targets (public), participant
surveys for a learning community's editors, and the survey itself, answered through a link without an account.

A participant's answer keeps no trace of the participant: no account, no session, no IP address; one signed cookie
in the browser only says "this browser answered" (docs/volgsysteem.md says why that is not fraud-proof).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import tracking, tracking_queries
from .models import Initiative, Survey
from .permissions import can_edit_initiative
from .tracking_forms import AnswerForm, SurveyForm
from .vocabulary import LEARNING_COMMUNITY_KINDS

WINDOW_LABELS = {"upcoming": gettext_lazy("Nog niet open"), "open": gettext_lazy("Open"), "closed": gettext_lazy("Gesloten")}


@require_GET
def tracking_page(request):
    overview = tracking_queries.overview()
    communities = overview["communities"]
    editable = tracking_queries.editable_ids(request.user, [c["id"] for c in communities])
    rows = [{**c, "rating": overview["ratings"][c["id"]], "editable": c["id"] in editable} for c in communities]
    return render(request, "ecosystem/tracking.html", {"overview": overview, "rows": rows, "baseline": tracking.ROADMAP_BASELINE,
        "small_number": tracking.SMALL_NUMBER, "national": tracking.NATIONAL})  # fmt: skip


def editable_learning_community(request, slug):
    """The learning community behind ``slug`` for someone who may edit it; otherwise 403 or 404."""
    initiative = get_object_or_404(Initiative, slug=slug)
    if initiative.kind not in LEARNING_COMMUNITY_KINDS:
        raise Http404(_("Enquêtes zijn er alleen voor learning communities."))
    if not can_edit_initiative(request.user, initiative):
        raise PermissionDenied(_("Alleen de redacteuren van deze learning community en beheerders kunnen haar enquêtes zien."))
    return initiative


@login_required
@require_http_methods(["GET", "POST"])
def surveys(request, slug):
    initiative = editable_learning_community(request, slug)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = tracking_queries.create_survey(
            initiative, request.user, data["title"], data["questions"], data["opens_on"], data["closes_on"]
        )
        messages.success(request, _("De enquête “%(title)s” staat klaar. Deel de link hieronder met de deelnemers.") % {"title": survey.title})
        return redirect(reverse("ecosystem:surveys", args=[initiative.slug]) + f"#enquete-{survey.pk}")
    today = timezone.localdate()
    listed = [
        {
            "survey": survey,
            "window": WINDOW_LABELS[tracking.survey_window(survey.opens_on, survey.closes_on, today)],
            "link": request.build_absolute_uri(reverse("ecosystem:survey_answer", args=[survey.token])),
            "answers": tracking_queries.answer_count(survey),
        }
        for survey in initiative.surveys.all()
    ]
    return render(
        request, "ecosystem/survey_list.html", {"initiative": initiative, "form": form, "surveys": listed},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
@require_GET
def survey_results(request, slug, survey_id):
    initiative = editable_learning_community(request, slug)
    survey = get_object_or_404(Survey, pk=survey_id, initiative=initiative)
    today = timezone.localdate()
    return render(request, "ecosystem/survey_results.html", {
        "initiative": initiative, "survey": survey, "results": tracking_queries.survey_results(survey),
        "window": WINDOW_LABELS[tracking.survey_window(survey.opens_on, survey.closes_on, today)],
        "small_number": tracking.SMALL_NUMBER,
    })  # fmt: skip


@never_cache  # the page depends on this browser's cookie
@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """The participant's page. Before ``opens_on`` and after ``closes_on`` it says so and shows no form."""
    survey = get_object_or_404(Survey.objects.select_related("initiative"), token=token)
    window = tracking.survey_window(survey.opens_on, survey.closes_on, timezone.localdate())
    answered = tracking_queries.answered_in_this_browser(request, survey)
    context = {"survey": survey, "window": window, "answered": answered, "form": None}
    if answered or window != "open":
        # A late or second answer is refused, and nothing is saved.
        return render(request, "ecosystem/survey_answer.html", context, status=409 if request.method == "POST" else 200)
    form = AnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        tracking_queries.save_answer(survey, form.cleaned_data["score"], form.answers)
        response = redirect("ecosystem:survey_answer", token=survey.token)
        return tracking_queries.remember_answer(response, survey)
    context["form"] = form
    return render(request, "ecosystem/survey_answer.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("volgsysteem/", tracking_page, name="tracking"),
    path("initiatieven/<slug:slug>/enquetes/", surveys, name="surveys"),
    path("initiatieven/<slug:slug>/enquetes/<int:survey_id>/", survey_results, name="survey_results"),
    path("enquete/<slug:token>/", survey_answer, name="survey_answer"),
]

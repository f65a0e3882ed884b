from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.passport import services as passports
from loket.passport.models import Consent, Passport, Section
from loket.transitions import services as transitions
from loket.vacancies.models import OutflowAnnouncement, Vacancy, VacancyKind
from loket.vacancies.views import visible_vacancy

from . import services
from .forms import NoteForm, TrajectoryForm
from .models import ContactRequest


def _kinds(request):
    return [kind for kind in request.GET.getlist("soort") if kind in VacancyKind.values]


@role_required(Role.PERSON)
def person_matches(request):
    passport = passports.passport_for(request.user)
    kinds = _kinds(request)
    matches = services.matches_for_person(passport, kinds=kinds)
    return render(
        request,
        "matching/person_matches.html",
        {
            "passport": passport,
            "matches": matches,
            "kinds": VacancyKind.choices,
            "chosen_kinds": kinds,
            "has_skills": passport.skills.exists(),
            "contact_requests": ContactRequest.objects.filter(passport=passport).select_related("vacancy__employer"),
        },
    )


@role_required(Role.PERSON)
def match_detail(request, pk):
    passport = passports.passport_for(request.user)
    vacancy = visible_vacancy(request, pk)
    explanation = services.explain(services.current_index(), services.person_skill_ids(passport), services.required_skills(vacancy))
    return render(request, "matching/match_detail.html", {"vacancy": vacancy, "explanation": explanation})


@require_POST
@role_required(Role.PERSON)
def answer_contact(request, pk):
    contact = get_object_or_404(ContactRequest, pk=pk, passport__user=request.user)
    accept = request.POST.get("antwoord") == "ja"
    try:
        services.answer_contact(contact, request.user, accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if accept:
            messages.success(request, _("%(employer)s kan nu uw paspoort zien voor deze vacature. U kunt dat altijd intrekken bij Toestemming.") % {"employer": contact.vacancy.employer})
        else:
            messages.success(request, _("U heeft het verzoek afgewezen. De werkgever ziet u alleen nog zonder naam."))
    return redirect("matching:person_matches")


def _employer_vacancy(request, pk):
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer", "occupation", "municipality"), pk=pk)
    services.require_employer_member(request.user, vacancy)
    return vacancy


@role_required(Role.EMPLOYER)
def vacancy_candidates(request, pk):
    vacancy = _employer_vacancy(request, pk)
    respect_level = request.GET.get("niveau") != "negeren"
    try:
        candidates = services.candidates_for_vacancy(vacancy, request.user, respect_level=respect_level)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vacancies:detail", pk=vacancy.pk)
    return render(
        request,
        "matching/vacancy_candidates.html",
        {"vacancy": vacancy, "candidates": candidates, "respect_level": respect_level, "open_hiring": vacancy.kind == VacancyKind.OPEN_HIRING},
    )


@require_POST
@role_required(Role.EMPLOYER)
def request_contact(request, pk):
    vacancy = _employer_vacancy(request, pk)
    try:
        services.request_contact(vacancy, request.POST.get("kandidaat", ""), request.user, request.POST.get("bericht", "")[:2000])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Uw contactverzoek is verstuurd. U ziet de naam zodra de kandidaat het accepteert."))
    return redirect("matching:vacancy_candidates", pk=vacancy.pk)


@role_required(Role.EMPLOYER)
def outflow_vacancies(request, pk):
    outflow = get_object_or_404(OutflowAnnouncement.objects.select_related("occupation", "region", "employer"), pk=pk)
    if not outflow.employer.memberships.filter(user=request.user).exists():
        raise PermissionDenied(_("U bent geen lid van de organisatie van deze aankondiging."))
    return render(request, "matching/outflow_vacancies.html", {"outflow": outflow, "matches": services.vacancies_for_outflow(outflow)})


@role_required(Role.COACH)
def coach_home(request):
    consents = services.coached_passports(request.user)
    trajectories = {
        t.passport_id: t
        for t in services.Trajectory.objects.filter(passport_id__in=list(consents), organisation__in=[c.organisation for c in consents.values()])
    }
    people = [
        {
            "consent": consent,
            "passport": consent.passport,
            "name": services.coached_name(request.user, consent),
            "trajectory": trajectories.get(passport_id),
        }
        for passport_id, consent in consents.items()
    ]
    people.sort(key=lambda row: row["name"].lower())
    return render(request, "matching/coach_home.html", {"people": people})


@role_required(Role.COACH)
def coach_person(request, pk):
    passport = get_object_or_404(Passport.objects.select_related("user"), pk=pk)
    consent = services.coaching_consent(request.user, passport)
    trajectory = services.trajectory_for(request.user, passport)
    if request.method == "POST":
        if "notitie" in request.POST:
            note_form, form = NoteForm(request.POST), TrajectoryForm(instance=trajectory, passport=passport)
            if note_form.is_valid():
                trajectory.notes.create(author=request.user, text=note_form.cleaned_data["text"])
                trajectory.save()  # the list orders by last change
                messages.success(request, _("Notitie opgeslagen."))
                return redirect("matching:coach_person", pk=passport.pk)
        else:
            note_form, form = NoteForm(), TrajectoryForm(request.POST, instance=trajectory, passport=passport)
            if form.is_valid():
                form.save()
                messages.success(request, _("Traject bijgewerkt."))
                return redirect("matching:coach_person", pk=passport.pk)
    else:
        note_form, form = NoteForm(), TrajectoryForm(instance=trajectory, passport=passport)
    shown = passports.view_passport(request.user, passport, organisation=consent.organisation, purpose=Consent.Purpose.COACHING)
    matches = services.matches_for_person(passport, limit=10)
    for match in matches:
        match.explanation = services.shown_explanation(match.explanation, shown["sections"])
    # Work-to-work moves come from the person's skills: only when they share those with the coach.
    destinations = transitions.destinations_for_passport(passport, limit=8) if Section.SKILLS in shown["sections"] else None
    return render(
        request,
        "matching/coach_person.html",
        {
            "passport": passport,
            "name": shown.get("contact", {}).get("name") or services.coached_pseudonym(passport, consent.organisation),
            "consent": consent,
            "shown": shown,
            "trajectory": trajectory,
            "form": form,
            "note_form": note_form,
            "matches": matches,
            "destinations": destinations,
        },
    )


# --------------------------------------------------------------------------- batch runs (administrators and analysts)

from django.conf import settings  # noqa: E402
from django.views.decorators.http import require_http_methods  # noqa: E402

from . import runs  # noqa: E402
from .batch_forms import BatchRunForm  # noqa: E402
from .models import MatchRun  # noqa: E402


@role_required(Role.ADMIN, Role.ANALYST)
@require_http_methods(["GET", "POST"])
def batch_runs(request):
    """The matchruns with their progress; POST starts one in the background. HTMX polls the list while one runs."""
    scheduler = settings.LOKET_DASK_SCHEDULER
    form = BatchRunForm(request.POST if request.method == "POST" else None, remote=bool(scheduler))
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.create_run(request.user, workers=form.cleaned_data.get("workers"), limit=form.cleaned_data["limit"])
        except ValidationError as error:
            for field, messages_ in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
        else:
            runs.start_in_background(run)
            messages.success(request, _("Matchrun %(id)s is gestart. De voortgang staat hieronder.") % {"id": run.pk})
            return redirect("matching:batch_runs")
    runs.close_stale_runs()
    recent = list(MatchRun.objects.select_related("started_by")[:20])
    active = next((run for run in recent if run.active), None)
    context = {"form": form, "scheduler": scheduler, "runs": recent, "active": active}
    if request.headers.get("HX-Request"):
        context["just_finished"] = recent[0] if recent and not active else None
        return render(request, "matching/_batch_runs.html", context)
    return render(request, "matching/batch_runs.html", context, status=400 if form.errors else 200)

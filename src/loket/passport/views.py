"""The person's own pages: the passport editor, quick start, wishes, consent,
the access log, the export and deleting the account.

Every row is looked up through the signed-in person's own passport, so
someone else's id is simply not found (404).
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind
from loket.taxonomy.sectors import Sector
from loket.taxonomy.services import lookup
from loket.vacancies.models import Vacancy

from . import services
from .forms import ConfirmForm, ConsentForm, CvForm, DeleteAccountForm, EducationForm, OccupationChoiceForm, SkillForm, WishesForm, WorkForm
from .models import Consent, Education, PassportSkill, Section, SkillSource, WorkExperience, section_labels

person_required = role_required(Role.PERSON)
SEARCH_KINDS = {"skill": ConceptKind.SKILL, "occupation": ConceptKind.OCCUPATION}
MAX_QUERY = 200


def status_for(form):
    return 400 if form.errors else 200


@person_required
def home(request):
    passport = services.passport_for(request.user)
    active, _expired, _revoked = services.consents_by_state(passport)
    return render(
        request,
        "passport/home.html",
        {
            "passport": passport,
            "skills": services.skills_of(passport),
            "work_history": services.work_history_of(passport),
            "education": services.education_of(passport),
            "regions": passport.regions.all(),
            "sector_labels": sector_labels(passport.sectors),
            "findable_labels": section_labels(passport.findable_sections),
            "open_to": [
                label
                for wanted, label in (
                    (passport.open_to_work_to_work, _("een overstap naar ander werk")),
                    (passport.open_to_internship, _("een stage")),
                    (passport.open_to_bbl, _("een BBL-plaats")),
                )
                if wanted
            ],
            "active_consents": active,
        },
    )


def sector_labels(codes):
    return [Sector(code).label for code in codes if code in Sector.values]


# --- Autocomplete -------------------------------------------------------------------------


def search_choices(request, kind, selected=None):
    """Search results as choices for a form (radio buttons), for htmx and the no-script fallback."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = [concept for _hit, concept in lookup.search(query, kinds=[kind], limit=12)] if query else []
    if selected is not None and all(c.pk != selected.pk for c in results):
        results.insert(0, selected)
    present = set()
    if kind == ConceptKind.SKILL:
        present = set(services.passport_for(request.user).skills.values_list("skill_id", flat=True))
    return {
        "query": query,
        "kind": kind,
        "field_name": "skill_id" if kind == ConceptKind.SKILL else "occupation_id",
        "choices": [(concept, concept.pk in present) for concept in results],
        "selected_id": selected.pk if selected is not None else None,
    }


@person_required
@require_GET
def search(request):
    kind = SEARCH_KINDS.get(request.GET.get("soort"), ConceptKind.SKILL)
    return render(request, "passport/_choices.html", search_choices(request, kind))


# --- Skills -------------------------------------------------------------------------------


@person_required
@require_http_methods(["GET", "POST"])
def skill_add(request):
    passport = services.passport_for(request.user)
    form = SkillForm(request.POST or None, adding=True, passport=passport)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_skills(
            passport,
            [data["skill_id"].pk],
            source=SkillSource.MANUAL,
            proficiency=data["proficiency"],
            evidence=data["evidence"],
            evidence_date=data["evidence_date"],
            evidence_note=data["evidence_note"],
        )
        messages.success(request, _("%(skill)s staat nu in uw paspoort.") % {"skill": data["skill_id"].label()})
        return redirect("passport:home")
    selected = form.cleaned_data.get("skill_id") if form.is_bound and hasattr(form, "cleaned_data") else None
    context = {"form": form, **search_choices(request, ConceptKind.SKILL, selected)}
    return render(request, "passport/skill_form.html", context, status=status_for(form))


def own(request, model, pk):
    """A row of the signed-in person's own passport, or 404."""
    return get_object_or_404(model, pk=pk, passport__user=request.user)


@person_required
@require_http_methods(["GET", "POST"])
def skill_edit(request, pk):
    row = own(request, PassportSkill.objects.select_related("skill"), pk)
    initial = {f: getattr(row, f) for f in ("proficiency", "evidence", "evidence_date", "evidence_note")}
    form = SkillForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for field, value in form.cleaned_data.items():
            setattr(row, field, value)
        row.save()
        messages.success(request, _("%(skill)s is bijgewerkt.") % {"skill": row.skill.label()})
        return redirect("passport:home")
    return render(request, "passport/skill_form.html", {"form": form, "row": row}, status=status_for(form))


@person_required
@require_POST
def skill_delete(request, pk):
    row = own(request, PassportSkill.objects.select_related("skill"), pk)
    label = row.skill.label()
    row.delete()
    messages.success(request, _("%(skill)s is uit uw paspoort verwijderd.") % {"skill": label})
    return redirect("passport:home")


# --- Work history -------------------------------------------------------------------------


@person_required
@require_http_methods(["GET", "POST"])
def work_form(request, pk=None):
    passport = services.passport_for(request.user)
    row = own(request, WorkExperience.objects.select_related("occupation"), pk) if pk else WorkExperience(passport=passport)
    initial = {}
    if pk:
        initial = {"occupation_id": row.occupation_id, **{f: getattr(row, f) for f in ("employer_name", "sector", "started_on", "ended_on")}}
    form = WorkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_work_experience(row, form.cleaned_data)
        messages.success(request, _("Uw werkervaring is opgeslagen."))
        return redirect("passport:home")
    selected = None
    if form.is_bound and hasattr(form, "cleaned_data"):
        selected = form.cleaned_data.get("occupation_id")
    elif pk:
        selected = row.occupation
    context = {"form": form, "row": row if pk else None, **search_choices(request, ConceptKind.OCCUPATION, selected)}
    return render(request, "passport/work_form.html", context, status=status_for(form))


@person_required
@require_POST
def work_delete(request, pk):
    own(request, WorkExperience, pk).delete()
    messages.success(request, _("De werkervaring is verwijderd."))
    return redirect("passport:home")


# --- Education ----------------------------------------------------------------------------


@person_required
@require_http_methods(["GET", "POST"])
def education_form(request, pk=None):
    passport = services.passport_for(request.user)
    row = own(request, Education, pk) if pk else Education(passport=passport)
    initial = {f: getattr(row, f) for f in ("title", "institution", "nlqf_level", "completed_on")} if pk else {}
    form = EducationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for field, value in form.cleaned_data.items():
            setattr(row, field, value)
        row.save()
        messages.success(request, _("Uw opleiding is opgeslagen."))
        return redirect("passport:home")
    return render(request, "passport/education_form.html", {"form": form, "row": row if pk else None}, status=status_for(form))


@person_required
@require_POST
def education_delete(request, pk):
    own(request, Education, pk).delete()
    messages.success(request, _("De opleiding is verwijderd."))
    return redirect("passport:home")


# --- Wishes -------------------------------------------------------------------------------


@person_required
@require_http_methods(["GET", "POST"])
def wishes(request):
    passport = services.passport_for(request.user)
    form = WishesForm(request.POST or None, initial=WishesForm.initial_from(passport))
    if request.method == "POST" and form.is_valid():
        services.update_wishes(passport, form.cleaned_data)
        messages.success(request, _("Uw wensen zijn opgeslagen."))
        return redirect("passport:home")
    return render(request, "passport/wishes.html", {"form": form}, status=status_for(form))


# --- Quick start --------------------------------------------------------------------------


@person_required
@require_GET
def quick_start(request):
    context = {"cv_form": CvForm(), **search_choices(request, ConceptKind.OCCUPATION)}
    return render(request, "passport/quick_start.html", context)


@person_required
@require_GET
def quick_start_occupation(request):
    """The essential skills of a chosen occupation, to tick one by one. Stores nothing."""
    form = OccupationChoiceForm(request.GET)
    if not form.is_valid():
        context = {"cv_form": CvForm(), "occupation_error": form.errors["occupation_id"][0], **search_choices(request, ConceptKind.OCCUPATION)}
        return render(request, "passport/quick_start.html", context, status=400)
    occupation = lookup.with_labels(Concept.objects.filter(pk=form.cleaned_data["occupation_id"].pk)).get()
    passport = services.passport_for(request.user)
    proposals = services.occupation_proposals(passport, occupation)
    return render_proposals(request, proposals, SkillSource.OCCUPATION, occupation=occupation)


def render_proposals(request, proposals, source, *, occupation=None, form=None, status=200):
    passport = services.passport_for(request.user)
    in_history = occupation is not None and passport.work_history.filter(occupation=occupation).exists()
    context = {
        "proposals": proposals,
        "new_count": sum(1 for p in proposals if not p.present),
        "source": source,
        "occupation": occupation,
        "occupation_in_history": in_history,
        "form": form,
        "ticked": {pk for pk in map(row_id, request.POST.getlist("skill_ids")) if pk} if form else set(),
    }
    return render(request, "passport/proposals.html", context, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def quick_start_cv(request):
    """The skills recognised in a pasted CV, to tick one by one. Stores neither the text nor the skills."""
    if request.method == "GET":
        return redirect("passport:quick_start")
    form = CvForm(request.POST)
    if not form.is_valid():
        context = {"cv_form": form, **search_choices(request, ConceptKind.OCCUPATION)}
        return render(request, "passport/quick_start.html", context, status=400)
    passport = services.passport_for(request.user)
    return render_proposals(request, services.cv_proposals(passport, form.cleaned_data["text"]), SkillSource.CV)


@person_required
@require_POST
def quick_start_confirm(request):
    passport = services.passport_for(request.user)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        created, experience = services.confirm_proposals(
            passport,
            [skill.pk for skill in data["skill_ids"]],
            source=data["source"],
            occupation=data["occupation_id"],
            add_to_work_history=data["add_to_work_history"],
        )
        messages.success(
            request,
            ngettext("%(count)s vaardigheid toegevoegd aan uw paspoort.", "%(count)s vaardigheden toegevoegd aan uw paspoort.", len(created))
            % {"count": len(created)},
        )
        if experience is not None:
            messages.success(request, _("%(occupation)s staat nu in uw werkervaring. Vul daar de werkgever en periode aan.") % {
                "occupation": experience.occupation.label()})
        return redirect("passport:home")
    # Show the same proposals again, rebuilt from the ids on the page (the CV text is never kept).
    proposed = [pk for pk in map(row_id, request.POST.getlist("proposed")) if pk][:500]
    present = set(passport.skills.values_list("skill_id", flat=True))
    concepts = lookup.with_labels(Concept.objects.filter(pk__in=proposed, kind=ConceptKind.SKILL)).in_bulk()
    proposals = [services.Proposal(concepts[pk], pk in present) for pk in proposed if pk in concepts]
    occupation = form.cleaned_data.get("occupation_id") if hasattr(form, "cleaned_data") else None
    source = request.POST.get("source") if request.POST.get("source") in (SkillSource.OCCUPATION, SkillSource.CV) else SkillSource.CV
    return render_proposals(request, proposals, source, occupation=occupation, form=form, status=400)


# --- Consent and the access log -----------------------------------------------------------


@person_required
@require_GET
def consents(request):
    passport = services.passport_for(request.user)
    active, expired, revoked = services.consents_by_state(passport)
    return render(request, "passport/consents.html", {"active": active, "expired": expired, "revoked": revoked})


@person_required
@require_http_methods(["GET", "POST"])
def consent_add(request):
    passport = services.passport_for(request.user)
    initial = {"sections": [Section.SKILLS, Section.WORK_HISTORY, Section.EDUCATION]}
    vacancy = None
    # Coming from a vacancy ("?vacature=12"), the consent is for that vacancy and its employer.
    vacancy_id = request.GET.get("vacature", "")
    if row_id(vacancy_id):
        vacancy = Vacancy.objects.select_related("employer").filter(pk=row_id(vacancy_id)).first()
        if vacancy is not None:
            initial |= {"organisation_id": vacancy.employer_id, "purpose": Consent.Purpose.VACANCY, "vacancy_id": vacancy.pk}
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent = services.grant_consent(
            passport,
            organisation=data["organisation_id"],
            purpose=data["purpose"],
            sections=data["sections"],
            vacancy=data["vacancy_id"],
            expires_on=data["expires_on"],
        )
        messages.success(request, _("%(organisation)s heeft nu uw toestemming.") % {"organisation": consent.organisation.name})
        return redirect("passport:consents")
    if form.is_bound and hasattr(form, "cleaned_data"):
        vacancy = form.cleaned_data.get("vacancy_id") or vacancy
    return render(request, "passport/consent_form.html", {"form": form, "vacancy": vacancy}, status=status_for(form))


@person_required
@require_POST
def consent_revoke(request, pk):
    consent = own(request, Consent.objects.select_related("organisation"), pk)
    services.revoke_consent(consent)
    messages.success(request, _("De toestemming voor %(organisation)s is ingetrokken. Vanaf nu kunnen zij uw paspoort niet meer inzien.") % {
        "organisation": consent.organisation.name})
    return redirect("passport:consents")


@person_required
@require_GET
def access_log(request):
    passport = services.passport_for(request.user)
    entries = passport.access_log.all()[:500]
    return render(request, "passport/access_log.html", {"entries": entries})


# --- Export and deletion ------------------------------------------------------------------


@person_required
@require_GET
def export(request):
    data = services.export_person(request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    filename = f"loket-mijn-gegevens-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@person_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_person(request.user)
        logout(request)
        messages.success(request, _("Uw account en al uw gegevens zijn verwijderd."))
        return redirect("web:home")
    return render(request, "passport/delete_account.html", {"form": form}, status=status_for(form))

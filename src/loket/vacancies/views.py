"""Employer pages: vacancies with their skills, outflow announcements, placements, import and export.

The editors keep their whole state in the form (chosen occupation, skill list,
search words), and every step — search, choose, add, remove — is a submit
button, so they work without JavaScript; htmx only swaps the changed part.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.geography.models import Region
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind
from loket.taxonomy.services import lookup

from . import jobposting, services
from .forms import ImportForm, OutflowForm, PlacementForm, StatusForm, VacancyForm
from .models import Importance, Vacancy, VacancyKind

SEARCH_LIMIT = 8
PAGE_SIZE = 25
STATUS_FILTERS = {
    "open": lambda: _("Open"),
    "filled": lambda: _("Vervuld"),
    "closed": lambda: _("Gesloten of verlopen"),
    "all": lambda: _("Alle"),
}


@dataclass
class Picker:
    """One ESCO concept chosen through search-as-you-type, kept in the form."""

    name: str
    kinds: tuple
    query: str = ""
    results: list = field(default_factory=list)
    chosen: Concept | None = None
    searched: bool = False

    def search(self):
        self.searched = True
        self.results = [concept for _hit, concept in lookup.search(self.query, kinds=self.kinds, limit=SEARCH_LIMIT)] if self.query else []

    @classmethod
    def from_post(cls, post, name, kinds):
        picker = cls(name, kinds, query=post.get(f"{name}_q", "").strip()[:200])
        picker.chosen = concept_of(post.get(name), kinds)
        return picker


def concept_of(value, kinds):
    pk = row_id(value) if value else None
    if pk is None:
        return None
    return lookup.with_labels(Concept.objects.filter(kind__in=kinds)).filter(pk=pk).first()


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def finish(request, url):
    """Redirect, also out of an htmx request (which would otherwise swap the next page in)."""
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def page_status(request, has_errors):
    # htmx does not swap a 4xx answer; plain form posts get the honest 400.
    return 400 if has_errors and not is_htmx(request) else 200


def unbound_from_post(form_class, post, **kwargs):
    """The form as typed, without complaints: for steps that do not save."""
    return form_class(initial={name: post.getlist(name) if name == "skill" else post.get(name) for name in post}, **kwargs)


def add_service_errors(form, errors):
    """Put service errors on the form's fields; return the rest (occupation, skills, …)."""
    rest = {}
    for name, messages_ in errors.items():
        if name in form.fields:
            if name not in form.errors:
                form.add_error(name, messages_)
        elif name == "__all__":
            form.add_error(None, messages_)
        else:
            rest[name] = messages_
    return rest


def no_employer(request):
    return render(request, "vacancies/no_employer.html", status=403)


# --- Vacancy list and details ------------------------------------------------


@role_required(Role.EMPLOYER)
@require_GET
def vacancy_list(request):
    organisations = list(services.employer_organisations(request.user))
    if not organisations:
        return no_employer(request)
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    kind = request.GET.get("soort", "")
    kind = kind if kind in VacancyKind.values else ""
    chosen = request.GET.get("werkgever", "")
    vacancies = services.managed_vacancies(request.user)
    if row_id(chosen) and any(o.pk == row_id(chosen) for o in organisations):
        vacancies = vacancies.filter(employer_id=row_id(chosen))
    else:
        chosen = ""
    if kind:
        vacancies = vacancies.filter(kind=kind)
    vacancies = services.filter_by_status(vacancies, status)
    page = Paginator(services.labelled_vacancies(vacancies), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "vacancies/list.html",
        {
            "page": page,
            "organisations": organisations,
            "status": status,
            "statuses": [(value, label()) for value, label in STATUS_FILTERS.items()],
            "kind": kind,
            "kinds": VacancyKind.choices,
            "chosen": chosen,
            "query_string": request.GET.urlencode(),
        },
    )


@require_GET
def browse(request):
    """Open vacancies for everyone: vacancies are public, placements are not."""
    vacancies = Vacancy.objects.open()
    kind = request.GET.get("soort", "")
    if kind in VacancyKind.values:
        vacancies = vacancies.filter(kind=kind)
    else:
        kind = ""
    region = request.GET.get("regio", "")
    if region:
        vacancies = vacancies.filter(municipality__region__code=region)
    page = Paginator(services.labelled_vacancies(vacancies), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "vacancies/browse.html",
        {"page": page, "kind": kind, "kinds": VacancyKind.choices, "region": region, "regions": Region.objects.all()},
    )


def visible_vacancy(request, pk):
    vacancy = get_object_or_404(services.labelled_vacancies(Vacancy.objects.all()), pk=pk)
    user = request.user
    if services.manages(user, vacancy) or vacancy.is_open:
        return vacancy
    if user.is_authenticated and user.has_role(Role.COACH) and not vacancy.closed_on:
        return vacancy
    raise Http404


@require_GET
def vacancy_detail(request, pk):
    vacancy = visible_vacancy(request, pk)
    manages = services.manages(request.user, vacancy)
    skills = list(vacancy.skills.all())
    today = timezone.localdate().isoformat()
    fill_form = StatusForm(initial={"on": today}, auto_id="vervuld_%s")
    fill_form.fields["on"].label = _("Vervuld op")
    close_form = StatusForm(initial={"on": today}, auto_id="gesloten_%s")
    close_form.fields["on"].label = _("Gesloten op")
    is_person = request.user.is_authenticated and request.user.has_role(Role.PERSON) and vacancy.is_open
    return render(
        request,
        "vacancies/detail.html",
        {
            "vacancy": vacancy,
            "manages": manages,
            "may_place": services.may_record_placement(request.user, vacancy) and not vacancy.closed_on,
            "essential": [vs.skill for vs in skills if vs.importance == Importance.ESSENTIAL],
            "optional": [vs.skill for vs in skills if vs.importance == Importance.OPTIONAL],
            "placements": services.visible_placements(request.user, vacancy),
            "may_share": is_person,
            "shares": is_person and services.shares_passport_for(request.user, vacancy),
            "fill_form": fill_form,
            "close_form": close_form,
        },
    )


# --- Vacancy editor ----------------------------------------------------------


class SkillList:
    """The skills being edited, as [(concept, importance)], essential first."""

    def __init__(self, rows):
        self.rows = list(rows)

    @classmethod
    def from_post(cls, post):
        ids = [pk for pk in map(row_id, post.getlist("skill")) if pk]
        concepts = lookup.with_labels(Concept.objects.filter(pk__in=ids, kind=ConceptKind.SKILL)).in_bulk()
        rows, seen = [], set()
        for skill_id in ids:
            if skill_id in concepts and skill_id not in seen:
                seen.add(skill_id)
                importance = post.get(f"importance_{skill_id}", Importance.ESSENTIAL)
                rows.append((concepts[skill_id], importance if importance in Importance.values else Importance.ESSENTIAL.value))
        return cls(rows)

    def ids(self):
        return {concept.pk for concept, _importance in self.rows}

    def add(self, concept):
        if concept.pk not in self.ids():
            self.rows.append((concept, Importance.ESSENTIAL.value))

    def remove(self, pk):
        self.rows = [(c, i) for c, i in self.rows if c.pk != pk]

    def pairs(self):
        return [(concept.pk, importance) for concept, importance in self.rows]

    def sorted(self):
        return sorted(self.rows, key=lambda row: row[1] != Importance.ESSENTIAL)

    def count(self, importance):
        return sum(1 for _c, i in self.rows if i == importance)


def apply_step(action, occupation, skill_picker, skills):
    """Carry out one editor step; returns the status line to announce."""
    kind, _sep, rest = action.partition(":")
    target, _sep, value = rest.partition(":")
    if kind == "search":
        if target == "any":  # Enter in any box: search what was typed
            for picker in (occupation, skill_picker):
                if picker.query:
                    picker.search()
        else:
            (occupation if target == "occupation" else skill_picker).search()
        return None
    if kind == "choose" and target == "occupation":
        concept = concept_of(value, (ConceptKind.OCCUPATION,))
        if concept is None:
            return _("Dat beroep is niet gevonden.")
        occupation.chosen, occupation.query, occupation.results = concept, "", []
        return propose(occupation, skills)
    if kind == "propose" and occupation.chosen:
        return propose(occupation, skills)
    if kind == "clear" and target == "occupation":
        occupation.chosen = None
        return _("Kies een ander beroep.")
    if kind == "add" and target == "skill":
        concept = concept_of(value, (ConceptKind.SKILL,))
        if concept is None:
            return _("Die vaardigheid is niet gevonden.")
        skills.add(concept)
        skill_picker.results, skill_picker.query = [], ""
        return _("Toegevoegd als noodzakelijk: %(skill)s.") % {"skill": concept.label()}
    if kind == "remove" and target == "skill" and row_id(value):
        skills.remove(row_id(value))
        return _("Skill verwijderd.")
    return None


def propose(occupation, skills):
    skills.rows = services.propose_skills(occupation.chosen)
    return _(
        "Beroep gekozen: %(occupation)s. Voorgesteld: %(essential)s noodzakelijke en %(optional)s gewenste skills. Pas de lijst aan waar nodig."
    ) % {
        "occupation": occupation.chosen.label(),
        "essential": skills.count(Importance.ESSENTIAL),
        "optional": skills.count(Importance.OPTIONAL),
    }


@role_required(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def vacancy_edit(request, pk=None):
    organisations = list(services.employer_organisations(request.user))
    if not organisations:
        return no_employer(request)
    vacancy = get_object_or_404(services.labelled_vacancies(services.managed_vacancies(request.user)), pk=pk) if pk else None
    if vacancy:
        organisations = [vacancy.employer]  # a vacancy stays with its employer
    occupation = Picker("occupation", (ConceptKind.OCCUPATION,))
    skill_picker = Picker("skill", (ConceptKind.SKILL,))
    status_line, extra_errors = None, {}
    if request.method == "GET":
        if vacancy:
            initial = {name: getattr(vacancy, name) for name in services.VACANCY_FIELDS if name != "occupation"}
            initial["municipality"] = vacancy.municipality_id
            initial["employer"] = vacancy.employer_id
            occupation.chosen = vacancy.occupation
            skills = SkillList((vs.skill, vs.importance) for vs in vacancy.skills.all())
        else:
            initial = {"opened_on": timezone.localdate(), "hours_min": 32, "hours_max": 40, "kind": VacancyKind.JOB}
            skills = SkillList([])
            occupation.chosen = concept_of(request.GET.get("beroep"), (ConceptKind.OCCUPATION,))
            if occupation.chosen:
                status_line = propose(occupation, skills)
        form = VacancyForm(initial=initial, organisations=organisations)
        return render_editor(request, form, vacancy, occupation, skill_picker, skills, status_line, extra_errors)

    occupation = Picker.from_post(request.POST, "occupation", (ConceptKind.OCCUPATION,))
    skill_picker = Picker.from_post(request.POST, "skill", (ConceptKind.SKILL,))
    skills = SkillList.from_post(request.POST)
    action = request.POST.get("action", "save")
    if action != "save":
        status_line = apply_step(action, occupation, skill_picker, skills)
        form = unbound_from_post(VacancyForm, request.POST, organisations=organisations)
        return render_editor(request, form, vacancy, occupation, skill_picker, skills, status_line, extra_errors)

    form = VacancyForm(request.POST, organisations=organisations)
    form.is_valid()
    employer = vacancy.employer if vacancy else form.chosen_employer()
    data = {name: form.cleaned_data[name] for name in services.VACANCY_FIELDS if name in form.fields and name in form.cleaned_data}
    data["occupation"] = occupation.chosen
    _values, _rows, errors = services.clean_vacancy(employer, data, skills.pairs(), vacancy=vacancy)
    if employer is None and "employer" in form.fields:
        errors.pop("employer", None)  # the form already asks to choose one
    extra_errors = add_service_errors(form, errors)
    if not form.errors and not extra_errors:
        try:
            saved = services.save_vacancy(employer, data, skills.pairs(), user=request.user, vacancy=vacancy)
        except ValidationError as error:  # changed by someone else in between
            extra_errors = add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("De vacature “%(title)s” is opgeslagen.") % {"title": saved.title})
            return finish(request, reverse("vacancies:detail", args=[saved.pk]))
    return render_editor(request, form, vacancy, occupation, skill_picker, skills, status_line, extra_errors)


def render_editor(request, form, vacancy, occupation, skill_picker, skills, status_line, extra_errors):
    has_errors = bool(form.errors or extra_errors)
    return render(
        request,
        "vacancies/edit.html",
        {
            "form": form,
            "vacancy": vacancy,
            "occupation": occupation,
            "skill_picker": skill_picker,
            "skills": skills.sorted(),
            "importances": Importance.choices,
            "status_line": status_line,
            "extra_errors": extra_errors,
            "has_errors": has_errors,
        },
        status=page_status(request, has_errors),
    )


def managed_vacancy(request, pk):
    return get_object_or_404(services.managed_vacancies(request.user), pk=pk)


def status_change(request, pk, change, done_message):
    vacancy = managed_vacancy(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldige datum in; er is niets gewijzigd."))
    else:
        try:
            change(vacancy, form.cleaned_data["on"])
        except ValidationError as error:
            for message in sum(error.message_dict.values(), []):
                messages.error(request, message)
        else:
            messages.success(request, done_message)
    return redirect("vacancies:detail", pk=vacancy.pk)


@role_required(Role.EMPLOYER)
@require_POST
def vacancy_fill(request, pk):
    return status_change(request, pk, services.mark_filled, _("De vacature is als vervuld gemarkeerd."))


@role_required(Role.EMPLOYER)
@require_POST
def vacancy_close(request, pk):
    return status_change(request, pk, services.close_vacancy, _("De vacature is gesloten."))


@role_required(Role.EMPLOYER)
@require_POST
def vacancy_reopen(request, pk):
    vacancy = managed_vacancy(request, pk)
    services.reopen_vacancy(vacancy)
    messages.success(request, _("De vacature is weer open."))
    return redirect("vacancies:detail", pk=vacancy.pk)


# --- Placements --------------------------------------------------------------


@role_required(Role.EMPLOYER, Role.COACH)
@require_http_methods(["GET", "POST"])
def placement_create(request, pk):
    vacancy = visible_vacancy(request, pk)
    if not services.may_record_placement(request.user, vacancy):
        raise PermissionDenied(_("Alleen de werkgever van deze vacature of een loopbaancoach legt een plaatsing vast."))
    outflows = list(
        services.choosable_outflow(request.user)
        .select_related("employer")
        .prefetch_related(Prefetch("occupation", queryset=lookup.with_labels(Concept.objects.all())))
        .order_by("expected_on")
    )
    previous = Picker("previous_occupation", (ConceptKind.OCCUPATION,))
    status_line, extra_errors = None, {}
    if request.method == "GET":
        form = PlacementForm(initial={"started_on": timezone.localdate(), "previous_situation": "employed"}, outflows=outflows)
    else:
        previous = Picker.from_post(request.POST, "previous_occupation", (ConceptKind.OCCUPATION,))
        action = request.POST.get("action", "save")
        if action != "save":
            kind, _sep, rest = action.partition(":")
            _target, _sep, value = rest.partition(":")
            if kind == "search":
                previous.search()
            elif kind == "choose":
                previous.chosen, previous.query, previous.results = concept_of(value, previous.kinds), "", []
                status_line = _("Vorig beroep gekozen: %(occupation)s.") % {"occupation": previous.chosen.label()} if previous.chosen else None
            elif kind == "clear":
                previous.chosen = None
            form = unbound_from_post(PlacementForm, request.POST, outflows=outflows)
        else:
            form = PlacementForm(request.POST, outflows=outflows)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.record_placement(
                        vacancy,
                        person_email=data["person_email"],
                        previous_situation=data["previous_situation"],
                        previous_occupation=previous.chosen,
                        previous_sector=data["previous_sector"],
                        started_on=data["started_on"],
                        outflow=data["outflow"],
                        recorded_by=request.user,
                        keep_open=data["keep_open"],
                    )
                except ValidationError as error:
                    errors = {("person_email" if k == "person" else k): v for k, v in error.message_dict.items()}
                    extra_errors = add_service_errors(form, errors)
                else:
                    messages.success(request, _("De plaatsing is vastgelegd."))
                    return finish(request, reverse("vacancies:detail", args=[vacancy.pk]))
    has_errors = bool(form.errors or extra_errors)
    return render(
        request,
        "vacancies/placement.html",
        {"vacancy": vacancy, "form": form, "previous": previous, "status_line": status_line, "extra_errors": extra_errors, "has_errors": has_errors},
        status=page_status(request, has_errors),
    )


# --- Outflow announcements ---------------------------------------------------


@role_required(Role.EMPLOYER)
@require_GET
def outflow_list(request):
    organisations = list(services.employer_organisations(request.user))
    if not organisations:
        return no_employer(request)
    announcements = services.managed_outflow(request.user).select_related("employer", "region", "occupation")
    return render(
        request,
        "vacancies/outflow_list.html",
        {
            "current": [a for a in announcements if not a.closed_on],
            "closed": [a for a in announcements if a.closed_on],
            "organisations": organisations,
        },
    )


@role_required(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def outflow_create(request):
    organisations = list(services.employer_organisations(request.user))
    if not organisations:
        return no_employer(request)
    occupation = Picker("occupation", (ConceptKind.OCCUPATION,))
    status_line, extra_errors = None, {}
    if request.method == "GET":
        form = OutflowForm(organisations=organisations)
    else:
        occupation = Picker.from_post(request.POST, "occupation", (ConceptKind.OCCUPATION,))
        action = request.POST.get("action", "save")
        if action != "save":
            kind, _sep, rest = action.partition(":")
            _target, _sep, value = rest.partition(":")
            if kind == "search":
                occupation.search()
            elif kind == "choose":
                occupation.chosen, occupation.query, occupation.results = concept_of(value, occupation.kinds), "", []
                status_line = _("Beroep gekozen: %(occupation)s.") % {"occupation": occupation.chosen.label()} if occupation.chosen else None
            elif kind == "clear":
                occupation.chosen = None
            form = unbound_from_post(OutflowForm, request.POST, organisations=organisations)
        else:
            form = OutflowForm(request.POST, organisations=organisations)
            form.is_valid()
            employer = form.chosen_employer()
            data = {name: form.cleaned_data[name] for name in ("people", "expected_on", "region", "note") if name in form.cleaned_data}
            data["occupation"] = occupation.chosen
            _values, errors = services.clean_outflow(employer, data)
            if employer is None and "employer" in form.fields:
                errors.pop("employer", None)  # the form already asks to choose one
            extra_errors = add_service_errors(form, errors)
            if not form.errors and not extra_errors:
                outflow = services.save_outflow(employer, data, user=request.user)
                messages.success(request, _("De uitstroom is aangekondigd. Het loket zoekt ontvangende vacatures."))
                return finish(request, reverse("vacancies:outflow_detail", args=[outflow.pk]))
    has_errors = bool(form.errors or extra_errors)
    return render(
        request,
        "vacancies/outflow_edit.html",
        {"form": form, "occupation": occupation, "status_line": status_line, "extra_errors": extra_errors, "has_errors": has_errors},
        status=page_status(request, has_errors),
    )


@role_required(Role.EMPLOYER)
@require_GET
def outflow_detail(request, pk):
    outflow = get_object_or_404(services.managed_outflow(request.user).select_related("employer", "region", "occupation"), pk=pk)
    placements = outflow.placements.select_related("vacancy__employer")
    close_form = StatusForm(initial={"on": timezone.localdate().isoformat()})
    close_form.fields["on"].label = _("Afgesloten op")
    return render(
        request,
        "vacancies/outflow_detail.html",
        {"outflow": outflow, "placements": placements, "close_form": close_form},
    )


@role_required(Role.EMPLOYER)
@require_POST
def outflow_close(request, pk):
    outflow = get_object_or_404(services.managed_outflow(request.user), pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldige datum in; er is niets gewijzigd."))
    else:
        try:
            services.close_outflow(outflow, form.cleaned_data["on"])
        except ValidationError as error:
            for message in sum(error.message_dict.values(), []):
                messages.error(request, message)
        else:
            messages.success(request, _("De aankondiging is afgesloten."))
    return redirect("vacancies:outflow_detail", pk=outflow.pk)


# --- Import and export -------------------------------------------------------


@role_required(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def import_view(request):
    organisations = list(services.employer_organisations(request.user))
    if not organisations:
        return no_employer(request)
    errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, organisations=organisations)
        if form.is_valid():
            try:
                result = services.import_jobpostings(form.chosen_employer(), form.document_text(), user=request.user)
            except services.ImportFailed as failure:
                errors = failure.errors
            else:
                messages.success(
                    request,
                    _("Import gelukt: %(created)s nieuwe en %(updated)s bijgewerkte vacatures.")
                    % {"created": len(result.created), "updated": len(result.updated)},
                )
                return redirect(reverse("vacancies:list") + "?status=all")
    else:
        form = ImportForm(organisations=organisations)
    has_errors = bool(form.errors or errors)
    return render(
        request,
        "vacancies/import.html",
        {"form": form, "errors": errors, "has_errors": has_errors, "field_labels": jobposting.FIELD_PROPERTY},
        status=400 if has_errors else 200,
    )


def jsonld_response(document, filename):
    response = HttpResponse(jobposting.dumps(document), content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_one(request, pk):
    vacancy = visible_vacancy(request, pk)
    url = request.build_absolute_uri(reverse("vacancies:detail", args=[vacancy.pk]))
    return jsonld_response(services.export_jobposting(vacancy, url), f"vacature-{vacancy.pk}.jsonld")


@role_required(Role.EMPLOYER)
@require_GET
def export_all(request):
    vacancies = services.managed_vacancies(request.user)
    chosen = request.GET.get("werkgever", "")
    if row_id(chosen):
        vacancies = vacancies.filter(employer_id=row_id(chosen))
    if request.GET.get("open"):
        vacancies = vacancies.open()
    document = services.export_jobpostings(
        vacancies.order_by("pk"), url_of=lambda v: request.build_absolute_uri(reverse("vacancies:detail", args=[v.pk]))
    )
    return jsonld_response(document, "vacatures.jsonld")

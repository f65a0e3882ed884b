"""Catalogue pages: the public search and course pages, and the provider's own catalogue.

A provider's pages only show and change that provider's courses; another
provider's course is a 404. The course editor keeps its skill list in the
form and every step (search, add, remove) is a submit button, as the vacancy
editor does, so it works without JavaScript; htmx only swaps the changed part.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.geography.models import Region
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind
from loket.taxonomy.services import lookup
from loket.vacancies.views import Picker, finish, page_status

from . import api, services
from .entries import ImportFailed
from .forms import LEVEL_CHOICES, MODALITY_CHOICES, CourseForm, ImportForm, OfferingForm, ProviderForm
from .models import Course, Offering

PAGE_SIZE = 25


# --- Public ------------------------------------------------------------------------


@require_GET
def search(request):
    filters, errors = services.search_filters(request.GET)
    page = None
    if not errors:
        offerings = services.search_offerings(filters)
        page = Paginator(offerings, PAGE_SIZE).get_page(request.GET.get("pagina"))
        page.object_list = services.with_course_skills(page.object_list)
    skill = None
    if filters.skill and not errors:
        skill_id = row_id(filters.skill)
        skill = lookup.with_labels(Concept.objects.filter(**({"pk": skill_id} if skill_id else {"uri": filters.skill}))).first()
    return render(
        request,
        "catalog/search.html",
        {
            "filters": filters, "errors": dict(errors), "page": page, "skill": skill, "levels": LEVEL_CHOICES,
            "modalities": MODALITY_CHOICES, "regions": Region.objects.order_by("name"),
        },
        status=400 if errors else 200,
    )  # fmt: skip


@require_GET
def course_detail(request, pk):
    course = services.course_detail(pk)
    if course is None:
        raise Http404
    mine = request.user.is_authenticated and services.provider_of(request.user) == course.provider
    return render(request, "catalog/course_detail.html", {"course": course, "mine": mine})


# --- The provider's own catalogue ------------------------------------------------------


def no_provider(request):
    return render(request, "catalog/no_provider.html", status=403)


def current_provider(request):
    return services.provider_of(request.user)


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def provider_home(request):
    provider = current_provider(request)
    if provider is None:
        organisation = services.provider_organisations(request.user).filter(provider__isnull=True).first()
        if organisation is None:
            return no_provider(request)
        form = ProviderForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            services.register_provider(
                organisation, data["kind"], data["recognitions"], data["brin"], data["municipality"], data["description"]
            )
            messages.success(request, _("%(name)s staat nu als opleider in het loket.") % {"name": organisation.name})
            return finish(request, reverse("catalog:provider_home"))
        return render(
            request, "catalog/provider_register.html", {"form": form, "organisation": organisation},
            status=400 if form.errors else 200,
        )  # fmt: skip
    courses = (
        services.own_courses(provider).prefetch_related("offerings__municipality").order_by("title_nl", "id")
    )
    return render(request, "catalog/provider_home.html", {"provider": provider, "courses": courses})


def own_course(request, pk):
    provider = current_provider(request)
    if provider is None:
        raise Http404
    return get_object_or_404(Course, pk=pk, provider=provider)


def skill_list_from_post(post):
    ids = [pk for pk in map(row_id, post.getlist("skill")) if pk]
    concepts = lookup.with_labels(Concept.objects.filter(pk__in=ids, kind=ConceptKind.SKILL)).in_bulk()
    return list(dict.fromkeys(concepts[i] for i in ids if i in concepts))


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def course_edit(request, pk=None):
    provider = current_provider(request)
    if provider is None:
        return no_provider(request)
    course = own_course(request, pk) if pk else None
    picker = Picker("skill", (ConceptKind.SKILL,))
    status_line, skill_errors = None, []
    if request.method == "GET":
        form = CourseForm(instance=course)
        skills = sorted(lookup.with_labels(course.skills.all()), key=lambda c: c.label()) if course else []
        return render_course_editor(request, form, course, picker, skills, status_line, skill_errors)

    picker = Picker.from_post(request.POST, "skill", (ConceptKind.SKILL,))
    skills = skill_list_from_post(request.POST)
    action = request.POST.get("action", "save")
    if action != "save":
        kind, _sep, rest = action.partition(":")
        if kind == "search":
            picker.search()
        elif kind == "add" and row_id(rest.removeprefix("skill:")):
            concept = lookup.with_labels(Concept.objects.filter(kind=ConceptKind.SKILL, pk=row_id(rest.removeprefix("skill:")))).first()
            if concept and concept not in skills:
                skills.append(concept)
                status_line = _("%(skill)s toegevoegd.") % {"skill": concept.label()}
            picker.query = ""
        elif kind == "remove" and row_id(rest.removeprefix("skill:")):
            pk_removed = row_id(rest.removeprefix("skill:"))
            skills = [s for s in skills if s.pk != pk_removed]
            status_line = _("Vaardigheid verwijderd.")
        form = CourseForm(initial={name: request.POST.getlist(name) if name == "funds" else request.POST.get(name) for name in request.POST}, instance=course)
        return render_course_editor(request, form, course, picker, skills, status_line, skill_errors)

    form = CourseForm(request.POST, instance=course)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in CourseForm.Meta.fields}
        try:
            saved = services.save_course(provider, values, [s.pk for s in skills], course=course)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                if name == "skills":
                    skill_errors = problems
                else:
                    form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("De opleiding “%(title)s” is opgeslagen.") % {"title": saved.title})
            return finish(request, reverse("catalog:provider_home"))
    return render_course_editor(request, form, course, picker, skills, status_line, skill_errors)


def render_course_editor(request, form, course, picker, skills, status_line, skill_errors):
    has_errors = bool(form.errors or skill_errors)
    return render(
        request,
        "catalog/course_edit.html",
        {
            "form": form, "course": course, "skill_picker": picker, "skills": skills, "status_line": status_line,
            "skill_errors": skill_errors, "has_errors": has_errors,
        },
        status=page_status(request, has_errors),
    )  # fmt: skip


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def course_delete(request, pk):
    course = own_course(request, pk)
    if request.method == "POST":
        services.delete_course(course)
        messages.success(request, _("De opleiding “%(title)s” is verwijderd.") % {"title": course.title})
        return finish(request, reverse("catalog:provider_home"))
    return render(request, "catalog/confirm_delete.html", {"object": course, "offerings": course.offerings.count()})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def offering_edit(request, course_pk=None, pk=None):
    provider = current_provider(request)
    if provider is None:
        raise Http404
    offering = get_object_or_404(Offering.objects.select_related("course"), pk=pk, course__provider=provider) if pk else None
    course = offering.course if offering else own_course(request, course_pk)
    form = OfferingForm(request.POST or None, instance=offering or Offering(course=course))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_offering(course, form.values(), offering=offering)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("Het aanbod van “%(title)s” is opgeslagen.") % {"title": course.title})
            return finish(request, reverse("catalog:provider_home"))
    return render(
        request, "catalog/offering_edit.html", {"form": form, "course": course, "offering": offering, "has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )  # fmt: skip


@role_required(Role.PROVIDER)
@require_POST
def offering_delete(request, pk):
    provider = current_provider(request)
    offering = get_object_or_404(Offering.objects.select_related("course"), pk=pk, course__provider=provider)
    offering.delete()
    messages.success(request, _("Het aanbod is verwijderd."))
    return finish(request, reverse("catalog:provider_home"))


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def import_view(request):
    provider = current_provider(request)
    if provider is None:
        return no_provider(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_file(provider, form.cleaned_data["file"].read(), form.cleaned_data["format"])
        except ImportFailed as failure:
            problems = failure.problems
        else:
            messages.success(
                request,
                _(
                    "Geïmporteerd: %(new_courses)s nieuwe, %(courses)s bijgewerkte en %(same_courses)s ongewijzigde opleidingen; "
                    "%(new_offerings)s nieuw, %(offerings)s bijgewerkt en %(same_offerings)s ongewijzigd aanbod."
                )
                % {
                    "new_courses": result.courses_created, "courses": result.courses_updated,
                    "same_courses": result.courses_unchanged, "new_offerings": result.offerings_created,
                    "offerings": result.offerings_updated, "same_offerings": result.offerings_unchanged,
                },
            )  # fmt: skip
            return finish(request, reverse("catalog:provider_home"))
    failed = bool(form.errors or problems)
    return render(request, "catalog/import.html", {"form": form, "problems": problems}, status=400 if failed else 200)


@role_required(Role.PROVIDER)
@require_GET
def export(request, file_format):
    provider = current_provider(request)
    if provider is None or file_format not in ("ooapi", "csv"):
        raise Http404
    return api.export_response(provider, file_format)

"""Pages of the volgsysteem's Actiescan and good-practice library.

Reading is public: an initiative's scans and the library. Filling in a scan is for the initiative's editors and
administrators; adding a practice for whoever edits an initiative, and administrators.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import actiescan, services
from .models import ActionScan, GoodPractice, Initiative
from .permissions import can_edit_initiative
from .scan_forms import PRACTICE_SCHEMES, PracticeForm, ScanForm, can_add_practice, can_edit_practice, save_practice, save_scan
from .vocabulary import ProgrammeLine, Scheme, Theme, Topsector, label

PAGE_SIZE = 20


def initiative_url(initiative):
    """The initiative's registry page, when the registry has one."""
    try:
        return reverse("ecosystem:initiative", args=[initiative.slug])
    except NoReverseMatch:
        return None


# --- The Actiescan ----------------------------------------------------------------------------------------------


def scan_summary(scan):
    """A stored scan as the page and the API show it: its own version's meaning, its stored scores."""
    scores = {code: scan.scores[code] for code in actiescan.DIMENSION_ORDER if code in scan.scores}
    known = scan.version in actiescan.VERSIONS
    return {
        "scan": scan,
        "id": scan.pk,
        "taken_on": scan.taken_on,
        "version": scan.version,
        "current_version": scan.version == actiescan.VERSION,
        "version_known": known,
        "scores": scores,
        "overall": actiescan.overall(scores),
        "dimensions": [{"code": code, "label": str(actiescan.dimension_label(code)), "score": scores.get(code)} for code in actiescan.DIMENSION_ORDER],
        "advice": actiescan.advice(scan.answers or {}, scores, scan.version),
    }


def scan_history(initiative):
    """The initiative's scans, newest first."""
    return [scan_summary(scan) for scan in ActionScan.objects.filter(initiative=initiative).order_by("-taken_on", "-created_at", "-pk")]


def comparison_rows(latest, previous):
    rows = []
    for code in actiescan.DIMENSION_ORDER:
        now = latest["scores"].get(code)
        before = previous["scores"].get(code) if previous else None
        rows.append({
            "label": actiescan.dimension_label(code), "score": now, "previous": before,
            "change": round(now - before, 1) if now is not None and before is not None else None,
            "low": now is not None and now < actiescan.LOW_SCORE,
        })  # fmt: skip
    return rows


@require_GET
def scans(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug)
    history = scan_history(initiative)
    latest = history[0] if history else None
    previous = history[1] if len(history) > 1 else None
    context = {
        "initiative": initiative,
        "initiative_url": initiative_url(initiative),
        "history": history,
        "latest": latest,
        "previous": previous,
        "can_edit": can_edit_initiative(request.user, initiative),
        "current_version": actiescan.VERSION,
        "low_score": actiescan.LOW_SCORE,
        "dimension_labels": [actiescan.dimension_label(code) for code in actiescan.DIMENSION_ORDER],
    }
    if latest:
        series = [latest["scores"]] + ([previous["scores"]] if previous else [])
        context["radar"] = actiescan.radar(series)
        context["rows"] = comparison_rows(latest, previous)
        overall_change = None
        if previous and latest["overall"] is not None and previous["overall"] is not None:
            overall_change = round(latest["overall"] - previous["overall"], 1)
        context["overall_change"] = overall_change
    return render(request, "ecosystem/scans.html", context)


@require_http_methods(["GET", "POST"])
def scan_new(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_initiative(request.user, initiative):
        raise PermissionDenied(_("Alleen de redacteuren van dit initiatief en beheerders kunnen een actiescan invullen."))
    form = ScanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            save_scan(initiative, form.cleaned_data["answers"], form.cleaned_data["taken_on"], request.user, form.version)
            messages.success(request, _("De actiescan is opgeslagen. Hieronder staan de uitkomst en het advies."))
            return redirect("ecosystem:scans", slug=initiative.slug)
    status = 400 if form.is_bound and form.errors else 200
    context = {"initiative": initiative, "form": form, "scale": actiescan.SCALE_LABELS, "version": form.version}
    return render(request, "ecosystem/scan_form.html", context, status=status)


# --- Good practices ---------------------------------------------------------------------------------------------------


FILTERS = {"theme": (Scheme.THEME, Theme), "programme_line": (Scheme.PROGRAMME_LINE, ProgrammeLine), "topsector": (Scheme.TOPSECTOR, Topsector)}


def practice_filters(params):
    """Clean filters from query parameters, and Dutch messages for the ones that are not known."""
    filters, errors = {"q": (params.get("q") or "").strip()[:200]}, {}
    for name, (_scheme, choices) in FILTERS.items():
        value = (params.get(name) or "").strip()
        if value and value not in choices.values:
            errors[name] = _("Onbekende keuze: %(value)s.") % {"value": value}
            value = ""
        filters[name] = value
    return filters, errors


def search_practices(filters):
    """Practices matching every word of ``q`` (in title, summary or lessons) and each chosen code."""
    practices = GoodPractice.objects.select_related("initiative", "source").prefetch_related("classifications")
    words = services.query_words(filters.get("q", ""))
    if words:
        # The registry's word matching (accents and punctuation ignored), so both searches find alike.
        texts = practices.values_list("pk", "title", "summary", "what_works", "what_does_not")
        practices = practices.filter(pk__in=[pk for pk, *parts in texts if services.matches(words, " ".join(parts))])
    for name, (scheme, _choices) in FILTERS.items():
        if filters.get(name):
            practices = practices.filter(classifications__scheme=scheme, classifications__code=filters[name])
    return practices.distinct().order_by("-published_on", "title")


def practice_labels(practice):
    """(scheme label, [code labels]) per scheme the practice is classified in."""
    result = []
    for _name, (scheme, _choices) in PRACTICE_SCHEMES.items():
        codes = sorted(c.code for c in practice.classifications.all() if c.scheme == scheme)
        if codes:
            result.append((Scheme(scheme).label, [label(scheme, code) for code in codes]))
    return result


@require_GET
def practices(request):
    filters, errors = practice_filters(request.GET)
    page = Paginator(search_practices(filters), PAGE_SIZE).get_page(request.GET.get("pagina"))
    for practice in page.object_list:
        practice.labels = practice_labels(practice)
    context = {
        "filters": filters, "errors": errors, "page": page,
        "themes": Theme.choices, "programme_lines": ProgrammeLine.choices, "topsectors": Topsector.choices,
        "can_add": can_add_practice(request.user),
        "query": request.GET.copy(),
    }  # fmt: skip
    return render(request, "ecosystem/practices.html", context, status=400 if errors else 200)


@require_GET
def practice(request, slug):
    item = get_object_or_404(GoodPractice.objects.select_related("initiative", "source").prefetch_related("classifications"), slug=slug)
    context = {
        "practice": item, "labels": practice_labels(item),
        "initiative_url": initiative_url(item.initiative) if item.initiative else None,
        "can_edit": can_edit_practice(request.user, item),
    }  # fmt: skip
    return render(request, "ecosystem/practice.html", context)


def practice_editor(request, item=None):
    form = PracticeForm(request.POST if request.method == "POST" else None, user=request.user, practice=item)
    if request.method == "POST" and form.is_valid():
        item = save_practice(form.cleaned_data, request.user, practice=item)
        messages.success(request, _("Het goede voorbeeld is opgeslagen."))
        return redirect("ecosystem:practice", slug=item.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "ecosystem/practice_form.html", {"form": form, "practice": item}, status=status)


@require_http_methods(["GET", "POST"])
def practice_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_add_practice(request.user):
        raise PermissionDenied(_("Alleen redacteuren van een initiatief en beheerders kunnen een goed voorbeeld toevoegen."))
    return practice_editor(request)


@require_http_methods(["GET", "POST"])
def practice_edit(request, slug):
    item = get_object_or_404(GoodPractice.objects.select_related("initiative"), slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_practice(request.user, item):
        raise PermissionDenied(_("Alleen de auteur, de redacteuren van het initiatief en beheerders kunnen dit goede voorbeeld bewerken."))
    return practice_editor(request, item)


urlpatterns = [
    path("initiatieven/<slug:slug>/actiescan/", scans, name="scans"),
    path("initiatieven/<slug:slug>/actiescan/nieuw/", scan_new, name="scan_new"),
    path("goede-voorbeelden/", practices, name="practices"),
    path("goede-voorbeelden/nieuw/", practice_new, name="practice_new"),
    path("goede-voorbeelden/<slug:slug>/", practice, name="practice"),
    path("goede-voorbeelden/<slug:slug>/bewerken/", practice_edit, name="practice_edit"),
]

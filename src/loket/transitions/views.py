"""The transition explorer: an occupation or the person's own passport → ranked destinations → one transition."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from loket.accounts.permissions import has_any_role
from loket.accounts.roles import Role
from loket.passport import services as passports
from loket.taxonomy.models import ConceptKind
from loket.taxonomy.services import lookup

from . import charts, services

PASSPORT = "paspoort"


def _filters(request):
    """(filters dict, error message or None) from the query string."""
    major = request.GET.get("hoofdgroep", "").strip()
    filters = {"climate_only": request.GET.get("klimaat") == "1", "isco_major": major or None, "viable_only": request.GET.get("haalbaar") == "1"}
    try:
        services.validate_filters(filters["isco_major"])
    except ValidationError as error:
        return {**filters, "isco_major": None}, " ".join(error.messages)
    return filters, None


def _filter_query(filters):
    """The filters as the explorer's query string, so a transition page can lead back to the same list."""
    pairs = {"klimaat": "1" if filters["climate_only"] else "", "hoofdgroep": filters["isco_major"] or "", "haalbaar": "1" if filters["viable_only"] else ""}
    return urlencode({name: value for name, value in pairs.items() if value})


def _person_passport(request):
    """The signed-in person's passport, or a response (log-in redirect) / PermissionDenied."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if not has_any_role(request.user, [Role.PERSON]):
        raise PermissionDenied(_("Vanuit een paspoort overstappen kan alleen met een eigen paspoort (rol: inwoner)."))
    return passports.passport_for(request.user), None


def _occupation_or_404(occupation_id):
    try:
        data = services.current_data()
        data.position(int(occupation_id))
    except (services.UnknownOccupation, ValueError, TypeError):
        raise Http404(_("Dit beroep bestaat niet (meer) in de taxonomie.")) from None
    return int(occupation_id)


def explorer(request):
    query = request.GET.get("q", "").strip()[:200]
    results = [concept for _hit, concept in lookup.search(query, kinds=(ConceptKind.OCCUPATION,), limit=10)] if query else []
    filters, filter_error = _filters(request)
    source = request.GET.get("bron", "")
    origin_id, origin_label, destinations, passport = None, "", None, None
    if source == PASSPORT:
        passport, response = _person_passport(request)
        if response:
            return response
    elif request.GET.get("beroep"):
        origin_id = _occupation_or_404(request.GET["beroep"])
        origin_label = services.occupation_labels(services.current_data()).get(origin_id, "")
    if not filter_error and (passport is not None or origin_id is not None):
        if passport is not None:
            destinations = services.destinations_for_passport(passport, **filters)
        else:
            destinations = services.destinations_for_occupation(origin_id, **filters)
    context = {
        "query": query,
        "results": results,
        "searched": bool(query),
        "filters": filters,
        "filter_error": filter_error,
        "majors": services.isco_major_groups(),
        "source": source,
        "origin_id": origin_id,
        "origin_label": origin_label,
        "from_passport": passport is not None,
        "has_skills": passport.skills.exists() if passport is not None else True,
        "destinations": destinations,
        "filter_query": _filter_query(filters),
        "calibration": services.current_calibration(),
    }
    return render(request, "transitions/explorer.html", context)


def _render_transition(request, detail, from_passport):
    filters, _error = _filters(request)
    source = {"bron": PASSPORT} if from_passport else {"beroep": detail.origin_id}
    back_query = "&".join(part for part in (urlencode(source), _filter_query(filters)) if part)
    return render(
        request,
        "transitions/transition.html",
        {
            "detail": detail,
            "from_passport": from_passport,
            "back_query": back_query,
            "filter_query": _filter_query(filters),
            "destination": detail.destination,
            "shared_essential": detail.named(detail.destination.gap.shared_essential),
            "shared_optional": detail.named(detail.destination.gap.shared_optional),
            "missing_essential": detail.named(detail.destination.gap.missing_essential),
            "missing_optional": detail.named(detail.destination.gap.missing_optional),
            "chart": charts.transition_chart(detail),
        },
    )


def transition(request, origin, destination):
    origin = _occupation_or_404(origin)
    destination = _occupation_or_404(destination)
    return _render_transition(request, services.transition(origin, destination), from_passport=False)


def passport_transition(request, destination):
    passport, response = _person_passport(request)
    if response:
        return response
    destination = _occupation_or_404(destination)
    return _render_transition(request, services.transition_for_passport(passport, destination), from_passport=True)

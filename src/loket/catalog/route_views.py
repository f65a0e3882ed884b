"""Pages for learning routes (the person's planner and saved routes) and the public shortages overview."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.geography.models import Region
from loket.ids import row_id
from loket.passport import services as passports
from loket.taxonomy.models import ConceptKind
from loket.taxonomy.services.lookup import search as search_concepts
from loket.vacancies.views import page_status

from . import routes
from .models import LearningRoute, Modality


class RouteWishesForm(forms.Form):
    """The wishes of the planner; the goal comes as ?vacancy= or ?occupation= beside it."""

    budget = forms.DecimalField(
        label=gettext_lazy("Budget in euro"), required=False, decimal_places=2, max_digits=9,
        help_text=gettext_lazy("Leeg laten als u geen grens wilt."),
    )  # fmt: skip
    modality = forms.MultipleChoiceField(
        label=gettext_lazy("Vorm"), choices=Modality.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regio's voor les op locatie of hybride"), queryset=Region.objects.all(), required=False,
        help_text=gettext_lazy("Leeg laten: uw eigen regio's uit uw paspoort. Online kan altijd."),
    )  # fmt: skip
    months = forms.IntegerField(label=gettext_lazy("Start binnen (maanden)"), initial=6, required=False)
    optional = forms.BooleanField(
        label=gettext_lazy("Ook de gewenste (optionele) skills meenemen"), required=False,
        help_text=gettext_lazy("Zonder vinkje plant de route alleen de noodzakelijke skills die u mist."),
    )  # fmt: skip

    def wishes(self):
        """Keyword arguments for routes.plan_route."""
        data = self.cleaned_data
        budget = data.get("budget")
        return {
            "budget_cents": int((budget * 100).to_integral_value()) if budget is not None else None,
            "modalities": data.get("modality") or list(Modality.values),
            "region_ids": [region.pk for region in data.get("region") or []],
            # Only an empty field means the default: 0 is a wish check_wishes must refuse, not turn into 6.
            "start_within_months": data["months"] if data.get("months") is not None else self.fields["months"].initial,
            "include_optional": bool(data.get("optional")),
        }


PAGE_ROWS = 500  # the shortages page shows the most asked; the CSV has them all

FIELD_OF = {"budget": "budget", "modalities": "modality", "regions": "region", "start_within_months": "months"}


def _plan(request, passport, data):
    """(form, goal error, planned route or None) for the query or posted data; nothing is stored."""
    if "months" not in data:  # a first visit shows the default instead of an empty field
        data = data.copy()
        data["months"] = str(RouteWishesForm.base_fields["months"].initial)
    form = RouteWishesForm(data)
    goal_given = data.get("vacancy") or data.get("occupation")
    if not form.is_valid() or not goal_given:
        return form, None, None
    try:
        vacancy, occupation = routes.resolve_goal(vacancy_id=data.get("vacancy"), occupation_id=data.get("occupation"))
    except ValidationError as error:
        return form, " ".join(error.messages), None
    try:
        return form, None, routes.plan_route(passport, vacancy=vacancy, occupation=occupation, **form.wishes())
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(FIELD_OF.get(field), errors)
        return form, None, None


@role_required(Role.PERSON)
def planner(request):
    passport = passports.passport_for(request.user)
    form, goal_error, planned = _plan(request, passport, request.GET)
    query = request.GET.get("q", "").strip()[:200]
    saved_routes = list(routes.routes_of(passport))
    for route in saved_routes:
        route.price_euros = routes.euros(route.total_price_cents)
        route.state = routes.saved_state(route)
    found = [concept for _hit, concept in search_concepts(query, kinds=(ConceptKind.OCCUPATION,), limit=10)] if query else []
    context = {
        "form": form,
        "goal_error": goal_error,
        "planned": planned,
        "query": query,
        "found": found,
        "saved_routes": saved_routes,
        "vacancy_id": request.GET.get("vacancy", ""),
        "occupation_id": request.GET.get("occupation", ""),
        "has_skills": passport.skills.exists(),
    }
    return render(request, "catalog/route_planner.html", context, status=page_status(request, bool(form.errors or goal_error)))


@require_POST
@role_required(Role.PERSON)
def save(request):
    """Plan again from the posted goal and wishes (the server's route, not the browser's) and save it."""
    passport = passports.passport_for(request.user)
    form, goal_error, planned = _plan(request, passport, request.POST)
    if planned is None:
        messages.error(request, goal_error or _("De route is niet bewaard: kies een doel en controleer uw wensen."))
    else:
        routes.save_route(passport, planned)
        messages.success(request, _("De route naar ‘%(goal)s’ is bewaard.") % {"goal": planned.goal_label})
    return redirect("catalog:route_planner")


@require_POST
@role_required(Role.PERSON)
def delete(request, pk):
    passport = passports.passport_for(request.user)
    try:
        routes.delete_route(passport, pk)
    except LearningRoute.DoesNotExist:
        messages.error(request, _("Deze route bestaat niet (meer)."))
    else:
        messages.success(request, _("De route is verwijderd."))
    return redirect("catalog:route_planner")


def shortages(request):
    """Public: skills the market asks for per region that no bookable offering teaches there (aggregates only)."""
    region = Region.objects.filter(pk=row_id(request.GET.get("regio"))).first() if request.GET.get("regio") else None
    as_csv = request.GET.get("formaat") == "csv"
    rows = routes.shortages(region_ids=[region.pk] if region else None, labelled=None if as_csv else PAGE_ROWS)
    if as_csv:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tekorten.csv"'
        writer = csv.writer(response)
        writer.writerow(["region_code", "region", "skill_uri", "skill", "vacancies", "transitions", "demand"])
        for row in rows:
            writer.writerow([row.region.code, row.region.name, row.skill_uri, row.skill_label, row.vacancies, "" if row.transitions is None else row.transitions, row.demand])
        return response
    return render(
        request,
        "catalog/shortages.html",
        {"rows": rows[:PAGE_ROWS], "total": len(rows), "regions": Region.objects.all(), "region": region, "min_employers": routes.MIN_EMPLOYERS_PER_TRANSITION_FIGURE},
    )

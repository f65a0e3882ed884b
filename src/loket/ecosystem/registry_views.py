"""Pages of the ecosystem's registry: initiatives and organisations, their search, and editing.

Reading is public. An initiative is edited by its editors, the managers of its aanjager's loket organisation
and administrators; an organisation by administrators and the managers of its loket organisation
(``permissions``). Anyone signed in may register a new initiative and becomes its editor; only administrators
create organisations. The list's filters live in the query string, so a filtered list can be bookmarked and
works without JavaScript; htmx only swaps the results while you choose.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from loket.geography.models import Municipality, Region

from . import services
from .forms import InitiativeForm, OrganisationForm, partner_formset
from .models import Initiative, Organisation
from .permissions import can_edit_initiative, can_edit_organisation, is_ecosystem_admin
from .vocabulary import COALITION_KINDS, LEARNING_COMMUNITY_KINDS, SCHEME_CHOICES, InitiativeKind, Lifecycle, OrganisationKind, Scheme, label


def wants_fragment(request):
    # A history restore asks for the whole page again, even though htmx sends it.
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def filter_selects(filters):
    """The list's select filters in the order the page shows them; ``more`` ones sit under "Meer filters"."""
    # Today's places, and the chosen one even when it has merged away since.
    municipalities = Municipality.objects.filter(Q(pk__in=Municipality.objects.current()) | Q(code=filters.municipality)).order_by("name")
    regions = Region.objects.filter(Q(pk__in=Region.objects.current()) | Q(code=filters.region)).order_by("name")
    schemes = {scheme: [(code, text) for code, text in choices.choices] for scheme, choices in SCHEME_CHOICES.items()}

    def select(name, legend, choices, empty, more=False):
        return {"name": name, "label": legend, "choices": choices, "empty": empty, "value": getattr(filters, name), "more": more}

    return [
        select("kind", _("Soort initiatief"), InitiativeKind.choices, _("Alle soorten")),
        select("region", _("Arbeidsmarktregio"), [(r.code, r.name) for r in regions], _("Heel Noord-Holland")),
        select("theme", _("Thema"), schemes[Scheme.THEME], _("Alle thema's")),
        select("programme_line", _("Programmalijn"), schemes[Scheme.PROGRAMME_LINE], _("Alle programmalijnen")),
        select("lifecycle", _("Levensfase"), Lifecycle.choices, _("Elke levensfase"), more=True),
        select("municipality", _("Gemeente"), [(m.code, m.name) for m in municipalities], _("Alle gemeenten"), more=True),
        select("topsector", _("Topsector"), schemes[Scheme.TOPSECTOR], _("Alle topsectoren"), more=True),
        select("challenge", _("Maatschappelijke uitdaging"), schemes[Scheme.CHALLENGE], _("Alle uitdagingen"), more=True),
        select("sdg", _("Duurzaam ontwikkelingsdoel (SDG)"), schemes[Scheme.SDG], _("Alle SDG's"), more=True),
        select("partner", _("Partnerorganisatie"), [(o.slug, o.name) for o in services.partner_organisations()], _("Alle organisaties"), more=True),
        select("organisation_kind", _("Soort partner"), OrganisationKind.choices, _("Elke soort"), more=True),
    ]


def with_row_labels(initiatives):
    """What a result row shows besides the model: aanjagers and theme labels."""
    for initiative in initiatives:
        initiative.lead_names = [o.name for o in initiative.aanjagers]
        initiative.theme_labels = [label(Scheme.THEME, code) for code in services.ordered_codes(initiative, Scheme.THEME)]
    return initiatives


@require_GET
def initiative_list(request):
    filters, errors = services.registry_filters(request.GET)
    found = services.with_list_details(services.search_initiatives(filters))
    page = Paginator(found, services.PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = with_row_labels(list(page.object_list))
    context = {"filters": filters, "errors": dict(errors), "page": page, "export_query": urlencode(filters.query())}
    fragment = wants_fragment(request)
    if not fragment:
        selects = filter_selects(filters)
        context |= {
            "selects": selects, "more_active": any(s["value"] for s in selects if s["more"]) or filters.started_from or filters.started_to,
            "raw_started_from": request.GET.get("started_from", ""), "raw_started_to": request.GET.get("started_to", ""),
        }  # fmt: skip
    template = "ecosystem/_registry_results.html" if fragment else "ecosystem/registry_initiatives.html"
    # A plain request with a filter it did not understand gets the honest 400; htmx does not swap a 4xx answer.
    response = render(request, template, context, status=400 if errors and not fragment else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


def description_in_language(item):
    """(text, language): the English description on an English page when there is one, else the Dutch."""
    if get_language() == "en" and item.description_en.strip():
        return item.description_en, "en"
    return item.description_nl, "nl"


@require_GET
def initiative_detail(request, slug):
    initiative = services.initiative_detail(slug)
    if initiative is None:
        raise Http404
    description, description_language = description_in_language(initiative)
    return render(
        request,
        "ecosystem/registry_initiative.html",
        {
            "initiative": initiative, "description": description, "description_language": description_language,
            "partner_groups": services.partner_groups(initiative), "leads": initiative.aanjagers,
            "classification_groups": services.classification_groups(initiative),
            "milestones": list(initiative.milestones.all()),
            "status_updates": list(initiative.status_updates.all()[: services.LATEST_STATUS_UPDATES]),
            "can_edit": can_edit_initiative(request.user, initiative),
            "is_coalition": initiative.kind in COALITION_KINDS,
            "is_learning_community": initiative.kind in LEARNING_COMMUNITY_KINDS,
        },
    )  # fmt: skip


def refuse_initiative(initiative):
    raise PermissionDenied(
        _(
            "Alleen de redacteuren van “%(name)s”, de beheerders van de aanjagende organisatie en beheerders van het "
            "loket mogen dit initiatief bewerken."
        )
        % {"name": initiative.name}
    )


def put_service_errors(form, error):
    """Put the service's messages on the form's fields; return the partners' messages (the formset shows them)."""
    partner_problems = []
    for name, problems in error.message_dict.items():
        if name == "partners":
            partner_problems.extend(problems)
        else:
            form.add_error(name if name in form.fields else None, problems)
    return partner_problems


@require_http_methods(["GET", "POST"])
def initiative_edit(request, slug=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    initiative = get_object_or_404(Initiative, slug=slug) if slug else None
    if initiative is not None and not can_edit_initiative(request.user, initiative):
        refuse_initiative(initiative)
    title = initiative.name if initiative else ""
    may_choose_editors = is_ecosystem_admin(request.user)
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative, may_choose_editors=may_choose_editors)
    formset = partner_formset(data, initiative)
    partner_problems = []
    if request.method == "POST":
        form_valid, formset_valid = form.is_valid(), formset.is_valid()
        if form_valid and formset_valid:
            try:
                saved = services.save_initiative(
                    form.values(), classifications=form.classifications(), partners=formset.partners(),
                    links=form.cleaned_data["links"], editors=form.cleaned_data["editor_emails"] if may_choose_editors else None,
                    initiative=Initiative.objects.get(pk=initiative.pk) if initiative else None, creator=request.user,
                )  # fmt: skip
            except ValidationError as error:
                partner_problems = put_service_errors(form, error)
            else:
                messages.success(request, _("“%(name)s” is opgeslagen.") % {"name": saved.name})
                return redirect("ecosystem:initiative", slug=saved.slug)
    if formset.is_bound and not partner_problems:
        partner_problems = list(formset.non_form_errors())
    has_errors = bool(form.errors or formset.total_error_count() or partner_problems)
    return render(
        request,
        "ecosystem/registry_initiative_form.html",
        {
            "form": form, "formset": formset, "partner_problems": partner_problems, "initiative": initiative, "title": title,
            "has_errors": has_errors,
        },
        status=400 if has_errors else 200,
    )  # fmt: skip


@require_GET
def organisation_list(request):
    q = request.GET.get("q", "").strip()[: services.MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "").strip()
    errors = {}
    if kind and kind not in OrganisationKind.values:
        errors["kind"] = _("Onbekende soort organisatie: “%(value)s”. Er is niet op soort gefilterd.") % {"value": kind[:40]}
        kind = ""
    page = Paginator(services.search_organisations(q, kind), services.PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "ecosystem/registry_organisations.html",
        {
            "q": q, "kind": kind, "kinds": OrganisationKind.choices, "errors": errors, "page": page,
            "may_create": is_ecosystem_admin(request.user),
        },
        status=400 if errors else 200,
    )  # fmt: skip


@require_GET
def organisation_detail(request, slug):
    organisation = services.organisation_detail(slug)
    if organisation is None:
        raise Http404
    description, description_language = description_in_language(organisation)
    return render(
        request,
        "ecosystem/registry_organisation.html",
        {
            "organisation": organisation, "description": description, "description_language": description_language,
            "role_groups": services.initiatives_by_role(organisation), "can_edit": can_edit_organisation(request.user, organisation),
        },
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = get_object_or_404(Organisation, slug=slug) if slug else None
    if organisation is None and not is_ecosystem_admin(request.user):
        raise PermissionDenied(_("Alleen beheerders van het loket mogen organisaties toevoegen."))
    if organisation is not None and not can_edit_organisation(request.user, organisation):
        raise PermissionDenied(
            _("Alleen beheerders van het loket en de beheerders van %(name)s in het loket mogen deze organisatie bewerken.")
            % {"name": organisation.name}
        )
    title = organisation.name if organisation else ""
    form = OrganisationForm(request.POST or None, instance=organisation, may_link_account=is_ecosystem_admin(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_organisation(
                form.values(), organisation=Organisation.objects.get(pk=organisation.pk) if organisation else None
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("“%(name)s” is opgeslagen.") % {"name": saved.name})
            return redirect("ecosystem:organisation", slug=saved.slug)
    return render(
        request,
        "ecosystem/registry_organisation_form.html",
        {"form": form, "organisation": organisation, "title": title, "has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("", initiative_list, name="initiatives"),
    path("initiatieven/nieuw/", initiative_edit, name="initiative_new"),
    path("initiatieven/<slug:slug>/", initiative_detail, name="initiative"),
    path("initiatieven/<slug:slug>/bewerken/", initiative_edit, name="initiative_edit"),
    path("organisaties/", organisation_list, name="organisations"),
    path("organisaties/nieuw/", organisation_edit, name="organisation_new"),
    path("organisaties/<slug:slug>/", organisation_detail, name="organisation"),
    path("organisaties/<slug:slug>/bewerken/", organisation_edit, name="organisation_edit"),
]

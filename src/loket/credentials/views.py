import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loket.accounts.models import Organisation
from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.taxonomy.models import Concept, ConceptKind
from loket.taxonomy.services import lookup

from . import services, vc
from .api import download_response
from .forms import IssueForm, RevokeForm, VerifyForm
from .models import IssuedCredential

ISSUER_ROLES = services.ISSUER_ROLES
MAX_SKILL_CHOICES = 12


def index(request):
    user = request.user
    context = {
        "can_issue": user.is_authenticated and services.can_issue(user),
        "is_person": user.is_authenticated and user.has_role(Role.PERSON),
    }
    return render(request, "credentials/index.html", context)


def issuer_organisations_or_403(request):
    organisations = list(services.issuing_organisations(request.user))
    if not organisations:
        raise PermissionDenied(_("U hoort niet bij een school of werkgever in het loket; vraag de beheerder van uw organisatie u toe te voegen."))
    return organisations


def skill_choices(query, selected=None):
    """Skills for the query, with the one already chosen kept on top."""
    choices = [concept for _hit, concept in lookup.search(query, kinds=[ConceptKind.SKILL], limit=MAX_SKILL_CHOICES)] if query else []
    if selected is not None and selected.pk not in {concept.pk for concept in choices}:
        choices.insert(0, selected)
    return choices


def skill_search(request):
    """The skill choices under the search field, for HTMX."""
    query = request.GET.get("skill_query", "").strip()[:200]
    return render(request, "credentials/_skill_choices.html", {"query": query, "choices": skill_choices(query)})


@role_required(*ISSUER_ROLES)
@require_http_methods(["GET", "POST"])
def issue(request):
    organisations = issuer_organisations_or_403(request)
    queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
    searching = request.method == "POST" and "zoek" in request.POST
    if searching:
        # Searching for a skill is not submitting: keep what was typed, judge nothing yet.
        form = IssueForm(initial=request.POST.dict(), organisations=queryset)
    else:
        form = IssueForm(request.POST or None, organisations=queryset)
    status = 200
    if request.method == "POST" and not searching:
        if form.is_valid():
            data = form.cleaned_data
            issue_request = services.IssueRequest(
                organisation=data["organisation"],
                email=data["email"],
                skill=form.chosen_skill(),
                evidence=data["evidence"],
                evidence_date=data["evidence_date"],
                valid_until=data["valid_until"],
                note=data["note"],
            )
            try:
                credential = services.issue(request.user, issue_request, services.public_base_url(request))
            except services.IssueError as error:
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("De verklaring voor %(skill)s is ondertekend en aangeboden aan %(email)s.")
                    % {"skill": credential.skill_label, "email": credential.recipient_email},
                )
                return redirect("credentials:detail", credential_uuid=credential.uuid)
        elif not form.errors.get("skill") and form.cleaned_data.get("skill") is None:
            form.add_error("skill", _("Kies een vaardigheid uit ESCO."))
        status = 400
    selected = None
    if request.method == "POST":
        try:
            selected = Concept.objects.filter(pk=int(request.POST.get("skill") or 0), kind=ConceptKind.SKILL).first()
        except ValueError:
            selected = None
    query = request.POST.get("skill_query", "").strip()[:200]
    context = {
        "form": form,
        "single_organisation": organisations[0] if len(organisations) == 1 else None,
        "query": query,
        "choices": skill_choices(query, selected),
        "selected_id": selected.pk if selected else None,
    }
    return render(request, "credentials/issue.html", context, status=status)


@role_required(*ISSUER_ROLES)
def issued(request):
    issuer_organisations_or_403(request)
    credentials = services.issued_by_organisations_of(request.user).select_related("status_list")
    return render(request, "credentials/issued.html", {"credentials": credentials[:500]})


def managed_credential(request, credential_uuid):
    credential = get_object_or_404(
        IssuedCredential.objects.select_related("organisation", "issuer_key", "skill", "status_list", "issued_by", "revoked_by"),
        uuid=credential_uuid,
    )
    if not services.may_manage(request.user, credential):
        raise PermissionDenied(_("Alleen de organisatie die deze verklaring uitgaf, kan haar bekijken en intrekken."))
    return credential


@role_required(*ISSUER_ROLES)
def detail(request, credential_uuid):
    credential = managed_credential(request, credential_uuid)
    context = {"credential": credential, "events": credential.events.all(), "form": RevokeForm()}
    return render(request, "credentials/detail.html", context)


@role_required(*ISSUER_ROLES)
@require_POST
def revoke(request, credential_uuid):
    credential = managed_credential(request, credential_uuid)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke(credential, request.user, form.cleaned_data["reason"])
        except services.RevokeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De verklaring is ingetrokken. Wie haar nu controleert, ziet dat meteen."))
            return redirect("credentials:detail", credential_uuid=credential.uuid)
    context = {"credential": credential, "events": credential.events.all(), "form": form}
    return render(request, "credentials/detail.html", context, status=400)


@role_required(Role.PERSON)
def mine(request):
    credentials = list(services.credentials_of(request.user))
    context = {
        "new_credentials": [c for c in credentials if c.decision == "new" and c.can_be_accepted],
        "credentials": [c for c in credentials if not (c.decision == "new" and c.can_be_accepted)],
    }
    return render(request, "credentials/mine.html", context)


@role_required(Role.PERSON)
@require_POST
def accept(request, credential_uuid):
    credential = get_object_or_404(services.credentials_of(request.user), uuid=credential_uuid)
    try:
        services.accept(request.user, credential)
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(skill)s staat nu in uw paspoort, met de verklaring van %(organisation)s als bewijs.")
            % {"skill": credential.skill_label, "organisation": credential.organisation.name},
        )
    return redirect("credentials:mine")


@role_required(Role.PERSON)
@require_POST
def decline(request, credential_uuid):
    credential = get_object_or_404(services.credentials_of(request.user), uuid=credential_uuid)
    try:
        services.decline(request.user, credential)
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(skill)s is niet in uw paspoort opgenomen. De verklaring blijft hier bewaard. U kunt haar later alsnog opnemen.")
            % {"skill": credential.skill_label},
        )
    return redirect("credentials:mine")


@role_required(Role.PERSON)
def download(request, credential_uuid, kind):
    if kind not in ("json", "jwt"):
        raise Http404
    credential = get_object_or_404(services.credentials_of(request.user), uuid=credential_uuid)
    return download_response(credential, kind)


@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, email_matches, issuer = None, None, None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        text = form.cleaned_data.get("text", "")
        if upload is not None:
            data = upload.read(vc.MAX_INPUT_BYTES + 1)
        else:
            data = text
        result = services.verify(data)
        email = form.cleaned_data.get("email")
        if email and result.credential is not None:
            email_matches = vc.subject_has_email(result.credential, email)
        if result.summary and result.issuer_known:
            issuer = services.issuer_of(result.summary.issuer_id)
    elif request.method == "POST":
        status = 400
    context = {"form": form, "result": result, "email_matches": email_matches, "issuer": issuer, "dates": readable_dates(result)}
    return render(request, "credentials/verify.html", context, status=status)


def readable_dates(result):
    """The credential's dates as dates, for the page's own date format; text that is no date stays as it is."""
    if result is None or result.summary is None:
        return {}
    summary = result.summary
    dates = {}
    for name, value in (("valid_from", summary.valid_from), ("valid_until", summary.valid_until)):
        try:
            dates[name] = vc.parse_datetime(value, name) if value else None
        except vc.CredentialError:
            dates[name] = value
    try:
        dates["activity"] = datetime.date.fromisoformat(summary.activity_date) if summary.activity_date else None
    except ValueError:
        dates["activity"] = summary.activity_date
    return dates


def issuer_page(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id, credential_keys__isnull=False)
    keys = organisation.credential_keys.prefetch_related("status_lists").distinct()
    rows = [{"key": key, "public_key": key.did.removeprefix("did:key:"), "status_lists": key.status_lists.all()} for key in keys]
    return render(request, "credentials/issuer.html", {"organisation": organisation, "keys": rows})

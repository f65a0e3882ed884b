"""The development fund's pages for persons, providers and coaches.

The pages only read and show; every change goes through ``loket.fund.services`` (looked up when a request comes in,
as ``services.<name>``), which checks the fund's rules, moves the money through the ledger and writes the audit log.
A refusal is a ``FundError`` with a Dutch message, shown next to what it is about, and nothing has changed.

Idempotency keys are made here from ids the browser cannot choose plus the random token of the shown form, so a
double submit books once and one person can never hit another person's key.
"""

import uuid

from django.contrib import messages
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.accounts.permissions import role_required
from loket.accounts.roles import Role
from loket.catalog import services as catalog_services
from loket.catalog.models import Offering
from loket.credentials import services as credentials_services
from loket.ids import row_id
from loket.passport.services import passport_for
from loket.vacancies.views import finish

from . import services
from .forms import ApplicationForm, AttendanceForm, EnrolForm, VoucherForm
from .models import Budget, Enrolment, Participant, Payout, Voucher

CANCELLABLE_BY_PERSON = (Enrolment.Status.HELD,)


def new_token():
    return uuid.uuid4().hex


def enrol_key(passport, offering, token):
    return f"enrol-{passport.pk}-{offering.pk}-{token}"


def voucher_key(user, token):
    return f"voucher-{user.pk}-{token}"


def own_or_404(queryset, raw_pk):
    pk = row_id(raw_pk)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


# --- Person -----------------------------------------------------------------------------


def participant_of(passport):
    return Participant.objects.filter(passport=passport).first()


def person_enrolments(passport):
    return (
        Enrolment.objects.filter(passport=passport)
        .select_related("offering__course__provider__organisation", "budget", "voucher")
        .order_by("-created_at", "-id")
    )


def person_vouchers(passport):
    return Voucher.objects.filter(passport=passport).select_related("budget").order_by("-issued_at", "-id")


def apply_with_form(form, passport, user):
    """Hand the form to the service; its refusal goes next to the field it is about. True when applied."""
    data = form.cleaned_data
    try:
        services.apply_for_account(
            passport, birth_date=data["birth_date"], target_groups=data["target_groups"],
            leaving_shrinking_sector=data["leaving_shrinking_sector"], postcode=data["postcode"],
            house_number=data["house_number"], user=user,
        )  # fmt: skip
    except services.FundError as error:
        form.add_error(field_of_application_error(data), str(error))
        return False
    return True


def field_of_application_error(data):
    from .services.participants import POSTCODE, address_key

    if not POSTCODE.match((data.get("postcode") or "").strip().upper()):
        return "postcode"
    try:
        address_key(data["postcode"], data.get("house_number"))
    except services.FundError:
        return "house_number"
    return "birth_date"


@role_required(Role.PERSON)
@require_http_methods(["GET", "POST"])
def home(request):
    passport = passport_for(request.user)
    participant = participant_of(passport)
    form = None
    if participant is None or request.GET.get("wijzigen") or request.method == "POST":
        initial = {}
        if participant is not None:
            number = participant.address_key.partition("-")
            initial = {
                "birth_date": participant.birth_date, "target_groups": participant.target_groups,
                "leaving_shrinking_sector": participant.leaving_shrinking_sector,
                "postcode": f"{number[0][:4]} {number[0][4:]}", "house_number": number[2],
            }  # fmt: skip
        form = ApplicationForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid() and apply_with_form(form, passport, request.user):
            if participant is None:
                messages.success(request, _("Uw ontwikkelrekening is geopend."))
            else:
                messages.success(request, _("Uw gegevens voor het ontwikkelfonds zijn bijgewerkt."))
            return finish(request, reverse("fund:home"))
    context = {"participant": participant, "form": form}
    if participant is not None:
        enrolments = list(person_enrolments(passport))
        for enrolment in enrolments:
            enrolment.cancellable = enrolment.status in CANCELLABLE_BY_PERSON
        context.update(
            overview=services.account_overview(passport), vouchers=person_vouchers(passport), enrolments=enrolments,
            history=services.history(passport),
        )  # fmt: skip
    return render(request, "fund/home.html", context, status=400 if form is not None and form.errors else 200)


# The enrol form's one choice ("voucher") names a voucher by its number, or credit as this prefix and the budget's number.
CREDIT_PREFIX = "tegoed-"


def choice_value(option):
    return str(option.voucher.pk) if option.voucher else f"{CREDIT_PREFIX}{option.budget.pk}"


def enrol_context(request, passport, offering, form=None, token=None, error=None):
    options = services.payment_options(passport, offering)
    for option in options:
        option.choice = choice_value(option)
    chosen = next((o for o in options if o.chosen), None)
    active = Enrolment.objects.filter(
        passport=passport, offering=offering, status__in=[Enrolment.Status.HELD, Enrolment.Status.STARTED]
    ).first()
    return {
        "active_enrolment": active,
        "offering": offering, "course": offering.course, "options": options, "chosen": chosen, "payable": chosen is not None,
        # Without a choice posted, the service pays from the chosen option; with more than one payable option (several
        # vouchers, or a voucher and credit) the person picks one, e.g. credit to keep a voucher for later.
        # Credit from several budgets is not a choice: the fixed order names one (services.enrol refuses others).
        "payable_options": [o for o in options if o.payable and o.voucher]
        + [o for o in options if o.payable and not o.voucher][:1],
        "chosen_voucher": (form.data.get("voucher") if form is not None else None) or (choice_value(chosen) if chosen else ""),
        "token": token or new_token(), "error": error, "form": form,
    }  # fmt: skip


@role_required(Role.PERSON)
@require_http_methods(["GET", "POST"])
def enrol(request, offering_id):
    offering = own_or_404(Offering.objects.select_related("course__provider__organisation", "municipality"), offering_id)
    passport = passport_for(request.user)
    if participant_of(passport) is None:
        return render(request, "fund/enrol_no_account.html", {"offering": offering}, status=403 if request.method == "POST" else 200)
    if request.method == "GET":
        return render(request, "fund/enrol.html", enrol_context(request, passport, offering))

    form = EnrolForm(request.POST)
    error = None
    if form.is_valid():
        voucher = budget = None
        raw_voucher = form.cleaned_data["voucher"]
        if raw_voucher.startswith(CREDIT_PREFIX):
            budget = Budget.objects.filter(pk=row_id(raw_voucher.removeprefix(CREDIT_PREFIX))).first()
            if budget is None:
                error = _("Dit tegoed bestaat niet; kies opnieuw.")
        elif raw_voucher:
            voucher = Voucher.objects.filter(pk=row_id(raw_voucher), passport=passport).first()
            if voucher is None:
                error = _("Deze voucher hoort niet bij u; kies opnieuw.")
        if error is None:
            try:
                enrolment = services.enrol(
                    passport, offering, price_cents=form.cleaned_data["price_cents"],
                    key=enrol_key(passport, offering, form.cleaned_data["token"]), user=request.user, voucher=voucher, budget=budget,
                )  # fmt: skip
            except services.FundError as refusal:
                error = str(refusal)
            else:
                messages.success(
                    request,
                    _("U bent ingeschreven voor “%(title)s”. Het bedrag is gereserveerd tot de opleider de start bevestigt.")
                    % {"title": offering.course.title},
                )
                return finish(request, reverse("fund:home") + f"#inschrijving-{enrolment.pk}")
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    token = form.cleaned_data.get("token") if form.is_bound and "token" in form.cleaned_data else None
    return render(request, "fund/enrol.html", enrol_context(request, passport, offering, form, token, error), status=400)


@role_required(Role.PERSON)
@require_POST
def cancel(request, pk):
    passport = passport_for(request.user)
    enrolment = own_or_404(Enrolment.objects.filter(passport=passport).select_related("offering__course"), pk)
    if enrolment.status not in CANCELLABLE_BY_PERSON:
        messages.error(request, _("Deze inschrijving kunt u niet meer annuleren: de opleiding is al gestart of beëindigd. Neem contact op met de opleider."))
        return finish(request, reverse("fund:home"))
    try:
        services.cancel(enrolment, user=request.user, key=f"enrolment-{enrolment.pk}-cancel")
    except services.FundError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Uw inschrijving voor “%(title)s” is geannuleerd; het bedrag staat weer op uw rekening.") % {"title": enrolment.offering.course.title})
    return finish(request, reverse("fund:home"))


# --- Provider -----------------------------------------------------------------------------


def provider_payouts(provider):
    return Payout.objects.filter(enrolment__offering__course__provider=provider).select_related(
        "enrolment__offering__course", "enrolment__passport__user"
    ).order_by("-created_at", "-id")


def provider_context(provider, errors=None):
    enrolments = list(
        services.enrolments_to_confirm(provider).select_related("offering__course", "passport__user", "budget").order_by("offering__start_date", "id")
    )
    for enrolment in enrolments:
        enrolment.fund_cents = enrolment.price_cents - enrolment.co_payment_cents
    payouts = list(provider_payouts(provider))
    totals = {
        "posted_cents": sum(p.amount_cents for p in payouts if p.status == Payout.Status.POSTED),
        "waiting_cents": sum(p.amount_cents for p in payouts if p.status == Payout.Status.WAITING),
        "rejected_cents": sum(p.amount_cents for p in payouts if p.status == Payout.Status.REJECTED),
        "held_cents": Enrolment.objects.filter(offering__course__provider=provider, status=Enrolment.Status.HELD).aggregate(
            total=Sum("price_cents") - Sum("co_payment_cents")
        )["total"] or 0,
        "enrolments": Enrolment.objects.filter(offering__course__provider=provider).count(),
    }  # fmt: skip
    return {"provider": provider, "enrolments": enrolments, "payouts": payouts, "totals": totals, "errors": errors or {}}


@role_required(Role.PROVIDER)
@require_GET
def provider_home(request):
    provider = catalog_services.provider_of(request.user)
    if provider is None:
        return render(request, "catalog/no_provider.html", status=403)
    return render(request, "fund/provider.html", provider_context(provider))


def provider_action(request, pk, action):
    provider = catalog_services.provider_of(request.user)
    if provider is None:
        raise Http404
    enrolment = own_or_404(Enrolment.objects.filter(offering__course__provider=provider).select_related("offering__course"), pk)
    title = enrolment.offering.course.title
    credential_errors, credential_note = [], ""
    try:
        if action == "start":
            services.confirm_start(enrolment, user=request.user, key=f"enrolment-{enrolment.pk}-start")
            message = _("De start van “%(title)s” is bevestigd.")
        else:
            form = AttendanceForm(request.POST, prefix=f"e{enrolment.pk}")
            if not form.is_valid():
                raise services.FundError(" ".join(form.errors["attendance_percent"]))
            attendance = form.cleaned_data["attendance_percent"]
            if action == "complete":
                done = services.confirm_completion(
                    enrolment, attendance_percent=attendance, user=request.user, key=f"enrolment-{enrolment.pk}-completion",
                    base_url=credentials_services.public_base_url(request),
                )  # fmt: skip
                credential_errors = getattr(done, "credential_errors", [])
                credential_note = getattr(done, "credential_note", "")
                message = _("De afronding van “%(title)s” is bevestigd.")
            else:
                services.cancel(enrolment, user=request.user, key=f"enrolment-{enrolment.pk}-stop", attendance_percent=attendance)
                message = _("Het stoppen met “%(title)s” is verwerkt.")
    except services.FundError as refusal:
        context = provider_context(provider, errors={enrolment.pk: str(refusal)})
        context["posted"] = request.POST
        return render(request, "fund/provider.html", context, status=400)
    messages.success(request, message % {"title": title})
    if credential_note:
        messages.info(request, credential_note)
    for error in credential_errors:
        # The money has moved; only the signed proof for the person's passport is missing, and the provider can act on it.
        messages.warning(
            request,
            _("De afronding is verwerkt en betaald, maar een verklaring voor het paspoort van de deelnemer kon niet worden "
              "uitgegeven. %(error)s Geef de verklaring later zelf uit via Nieuwe verklaring.") % {"error": error},
        )  # fmt: skip
    return finish(request, reverse("fund:provider_home"))


@role_required(Role.PROVIDER)
@require_POST
def provider_start(request, pk):
    return provider_action(request, pk, "start")


@role_required(Role.PROVIDER)
@require_POST
def provider_complete(request, pk):
    return provider_action(request, pk, "complete")


@role_required(Role.PROVIDER)
@require_POST
def provider_stop(request, pk):
    return provider_action(request, pk, "stop")


# --- Coach --------------------------------------------------------------------------------


def voucher_budgets():
    today = timezone.localdate()
    return Budget.objects.filter(valid_from__lte=today, valid_until__gte=today).select_related("funder").order_by("name", "id")


def issued_vouchers(user):
    return Voucher.objects.filter(issued_by=user).select_related("budget", "passport__user").order_by("-issued_at", "-id")


def issue_with_form(form, user):
    """The voucher, or None with the refusal on the form. The terms (kind, value, expiry, budget) are checked
    before anyone is looked up, and every refusal about the person (no account, not eligible, over the cap)
    reads the same, so the answer never tells whether an e-mail address has an account."""
    data = form.cleaned_data
    terms = dict(kind=data["kind"], value_cents=form.value_cents(), expires_on=data["expires_on"], user=user, note=data["note"])
    try:
        services.check_voucher_terms(data["budget"], **terms)
        person = credentials_services.find_person(data["email"])
        with transaction.atomic():  # a passport made for a refused voucher is rolled back too
            return services.issue_voucher(data["budget"], passport_for(person), key=voucher_key(user, data["token"]), **terms)
    except (credentials_services.IssueError, services.Unreachable):
        form.add_error("email", _(services.VOUCHER_UNREACHABLE))
    except services.FundError as refusal:
        form.add_error(None, str(refusal))
    return None


@role_required(Role.COACH)
@require_http_methods(["GET", "POST"])
def coach_vouchers(request):
    form = VoucherForm(request.POST or None, budgets=voucher_budgets(), initial={"token": new_token()})
    if request.method == "POST" and form.is_valid():
        voucher = issue_with_form(form, request.user)
        if voucher is not None:
            messages.success(
                request, _("De voucher is uitgegeven aan %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return finish(request, reverse("fund:coach_vouchers"))
    return render(
        request, "fund/coach.html", {"form": form, "vouchers": issued_vouchers(request.user)},
        status=400 if form.errors else 200,
    )  # fmt: skip


@role_required(Role.COACH)
@require_POST
def voucher_withdraw(request, pk):
    voucher = own_or_404(Voucher.objects.filter(issued_by=request.user), pk)
    try:
        services.withdraw_voucher(voucher, user=request.user, key=f"voucher-{voucher.pk}-withdraw")
    except services.FundError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("De voucher is ingetrokken."))
    return finish(request, reverse("fund:coach_vouchers"))


urlpatterns = [
    path("", home, name="home"),
    path("inschrijven/<str:offering_id>/", enrol, name="enrol"),
    path("inschrijvingen/<str:pk>/annuleren/", cancel, name="cancel"),
    path("opleider/", provider_home, name="provider_home"),
    path("opleider/<str:pk>/start/", provider_start, name="provider_start"),
    path("opleider/<str:pk>/afronding/", provider_complete, name="provider_complete"),
    path("opleider/<str:pk>/stoppen/", provider_stop, name="provider_stop"),
    path("vouchers/", coach_vouchers, name="coach_vouchers"),
    path("vouchers/<str:pk>/intrekken/", voucher_withdraw, name="voucher_withdraw"),
]

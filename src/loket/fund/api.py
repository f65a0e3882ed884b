"""The development fund's API for persons, providers and coaches (/api/v1/fund/).

Everything the pages do (fund/views.py), through the same services and the same rules. A refusal by the fund
(``FundError``) is a 422 with the Dutch message in ``detail`` and nothing changed; invalid input is a 422 with a
message per field. Another person's, provider's or coach's rows are not found (404).

Money operations take the client's ``idempotency_key``; the key the ledger sees is made from it and from ids the
client cannot choose (the person, the offering), so repeating a request books once and no client can reach
another's key.
"""

import datetime
import re

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.catalog import services as catalog_services
from loket.catalog.models import Offering
from loket.credentials import services as credentials_services
from loket.ids import row_id
from loket.passport.services import passport_for

from . import services
from .models import Budget, Enrolment, Participant, Payout, TargetGroup, Voucher, VoucherKind

router = Router(tags=["fund"], auth=django_auth)

KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
KEY_HELP = "Door de client gekozen sleutel (8–64 tekens: letters, cijfers, - en _); dezelfde sleutel nogmaals boekt niets opnieuw"


# --- Schemas -----------------------------------------------------------------------------


class Detail(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError] = []


class BudgetRef(Schema):
    id: int
    name: str
    funder: str


class ParticipantOut(Schema):
    birth_date: datetime.date
    target_groups: list[str]
    leaving_shrinking_sector: bool
    address_key: str = Field(description="Postcode en huisnummer, genormaliseerd (1011AB-12)")
    consent_at: datetime.datetime


class BalanceOut(Schema):
    budget: BudgetRef
    available_cents: int
    reserved_cents: int
    spent_cents: int
    expires_on: datetime.date


class AccountOut(Schema):
    participant: ParticipantOut | None = Field(description="Leeg zolang de persoon geen ontwikkelrekening heeft aangevraagd")
    balances: list[BalanceOut]


class VoucherOut(Schema):
    id: int
    budget: BudgetRef
    kind: str
    value_cents: int
    expires_on: datetime.date
    status: str
    note: str
    issued_at: datetime.datetime


class IssuedVoucherOut(VoucherOut):
    email: str = Field(description="De persoon aan wie de voucher is uitgegeven")


class OfferingRef(Schema):
    id: int
    course_id: int
    title: str
    provider: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class EnrolmentOut(Schema):
    id: int
    offering: OfferingRef
    budget: BudgetRef
    voucher_id: int | None
    status: str
    price_cents: int
    co_payment_cents: int
    fund_cents: int = Field(description="Wat het fonds betaalt: de prijs min de eigen bijdrage")
    payment_reason: str
    attendance_percent: int | None
    started_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    created_at: datetime.datetime
    cancellable: bool = Field(description="De persoon kan nog annuleren (alleen vóór de start)")


class ProviderEnrolmentOut(EnrolmentOut):
    person: str = Field(description="Naam van de deelnemer")


class CompletionOut(ProviderEnrolmentOut):
    credentials_issued: int = Field(description="Ondertekende bewijzen die in het paspoort van de deelnemer zijn gezet")
    credential_errors: list[str] = Field(description="Waarom een bewijs niet kon worden uitgegeven; het geld is wel verwerkt")
    credential_note: str = Field("", description="Waarom er bewust geen bewijs is uitgegeven (te lage aanwezigheid); leeg als dat niet zo is")


class TransferOut(Schema):
    id: int
    created_at: datetime.datetime
    kind: str
    kind_label: str
    amount_cents: int
    budget: BudgetRef
    enrolment_id: int | None
    offering: OfferingRef | None
    voucher_id: int | None


class PaymentOptionOut(Schema):
    budget: BudgetRef
    voucher_id: int | None
    amount_cents: int = Field(description="Wat het fonds uit deze mogelijkheid betaalt")
    co_payment_cents: int
    available_cents: int
    payable: bool
    chosen: bool = Field(description="Betaalt als de client geen voucher_id of budget_id noemt (de eerste betaalbare in de vaste volgorde)")
    reason: str = Field(description="Waarom deze mogelijkheid betaalt, of waarom niet")


class PaymentOptionsOut(Schema):
    offering: OfferingRef
    price_cents: int = Field(description="De catalogusprijs; stuur deze mee bij het inschrijven")
    options: list[PaymentOptionOut]


class PayoutOut(Schema):
    id: int
    enrolment_id: int
    amount_cents: int
    reason: str
    status: str
    created_at: datetime.datetime


class ProviderOverviewOut(Schema):
    enrolments: list[ProviderEnrolmentOut]
    payouts: list[PayoutOut]
    posted_cents: int
    waiting_cents: int


class ApplicationIn(Schema):
    birth_date: datetime.date = Field(description="Datum als JJJJ-MM-DD")
    target_groups: list[str] = Field([], description="Waarden: " + ", ".join(TargetGroup.values))
    leaving_shrinking_sector: bool = False
    postcode: str = Field(max_length=10)
    house_number: str = Field(max_length=10)
    consent: bool = Field(description="Toestemming om deze gegevens voor het fonds te gebruiken; moet true zijn")


class EnrolIn(Schema):
    offering_id: int
    price_cents: int = Field(description="De prijs die de persoon zag (uit payment-options); een andere prijs wordt geweigerd")
    idempotency_key: str = Field(description=KEY_HELP)
    voucher_id: int | None = Field(None, description="Met deze voucher betalen; leeg: de gekozen mogelijkheid")
    budget_id: int | None = Field(
        None, description="Uit het tegoed van dit budget betalen, ook als een voucher als eerste zou betalen (de voucher blijft bewaard)"
    )


class AttendanceIn(Schema):
    attendance_percent: int = Field(ge=0, le=100)


class StopIn(Schema):
    attendance_percent: int | None = Field(None, ge=0, le=100, description="Verplicht als het budget naar rato van de aanwezigheid terugbetaalt")


class VoucherIn(Schema):
    email: str = Field(max_length=254, description="E-mailadres waarmee de persoon in het loket is ingeschreven")
    budget_id: int
    kind: str = Field(description="Waarden: " + ", ".join(VoucherKind.values))
    value_cents: int = Field(gt=0)
    expires_on: datetime.date = Field(description="Datum als JJJJ-MM-DD")
    note: str = Field("", max_length=500)
    idempotency_key: str = Field(description=KEY_HELP)


# --- Output --------------------------------------------------------------------------------


def budget_ref(budget):
    return {"id": budget.pk, "name": budget.name, "funder": budget.funder.name}


def offering_ref(offering):
    course = offering.course
    return {
        "id": offering.pk, "course_id": course.pk, "title": course.title, "provider": course.provider.organisation.name,
        "start_date": offering.start_date, "end_date": offering.end_date,
    }  # fmt: skip


def enrolment_out(enrolment):
    return {
        "id": enrolment.pk, "offering": offering_ref(enrolment.offering), "budget": budget_ref(enrolment.budget),
        "voucher_id": enrolment.voucher_id, "status": enrolment.status, "price_cents": enrolment.price_cents,
        "co_payment_cents": enrolment.co_payment_cents, "fund_cents": enrolment.price_cents - enrolment.co_payment_cents,
        "payment_reason": enrolment.payment_reason, "attendance_percent": enrolment.attendance_percent,
        "started_at": enrolment.started_at, "completed_at": enrolment.completed_at, "ended_at": enrolment.ended_at,
        "created_at": enrolment.created_at, "cancellable": enrolment.status == Enrolment.Status.HELD,
    }  # fmt: skip


def voucher_out(voucher):
    return {
        "id": voucher.pk, "budget": budget_ref(voucher.budget), "kind": voucher.kind, "value_cents": voucher.value_cents,
        "expires_on": voucher.expires_on, "status": voucher.status, "note": voucher.note, "issued_at": voucher.issued_at,
    }  # fmt: skip


def payout_out(payout):
    return {
        "id": payout.pk, "enrolment_id": payout.enrolment_id, "amount_cents": payout.amount_cents, "reason": payout.reason,
        "status": payout.status, "created_at": payout.created_at,
    }  # fmt: skip


ENROLMENT_RELATIONS = ("offering__course__provider__organisation", "budget__funder")


def refused(error):
    """A FundError as the API's answer: 422 with the Dutch message; nothing changed."""
    raise HttpError(422, str(error))


def field_errors(errors):
    raise ValidationError([{"loc": ("body", field), "msg": message, "type": "loket"} for field, message in errors])


def client_key(raw):
    if not KEY.match(raw or ""):
        field_errors([("idempotency_key", _("Geef een sleutel van 8 tot 64 tekens: letters, cijfers, - of _."))])
    return raw


# --- Person ----------------------------------------------------------------------------------


def person_passport(request):
    require_role(request, Role.PERSON)
    return passport_for(request.user)


@router.get("/account", response=AccountOut, summary="Mijn ontwikkelrekening: tegoed per budget")
def account(request):
    passport = person_passport(request)
    participant = Participant.objects.filter(passport=passport).first()
    balances = services.account_overview(passport) if participant else []
    return {
        "participant": participant,
        "balances": [row | {"budget": budget_ref(row["budget"])} for row in balances],
    }


@router.post("/application", response={201: ParticipantOut, 422: Invalid}, summary="Ontwikkelrekening aanvragen (of gegevens bijwerken)")
def apply(request, payload: ApplicationIn):
    """Giving these facts with ``consent: true`` is the consent: the fund uses the birth date, target groups and
    shrinking sector to decide which budgets and priority apply, and postcode and house number only to recognise
    misuse (many enrolments from one address)."""
    passport = person_passport(request)
    if payload.consent is not True:
        field_errors([("consent", _("Zonder uw toestemming kan het fonds geen rekening voor u openen."))])
    try:
        participant = services.apply_for_account(
            passport, birth_date=payload.birth_date, target_groups=payload.target_groups,
            leaving_shrinking_sector=payload.leaving_shrinking_sector, postcode=payload.postcode,
            house_number=payload.house_number, user=request.user,
        )  # fmt: skip
    except services.FundError as error:
        refused(error)
    return Status(201, participant)


@router.get("/vouchers", response=list[VoucherOut], summary="Mijn vouchers")
def my_vouchers(request):
    passport = person_passport(request)
    return [voucher_out(v) for v in Voucher.objects.filter(passport=passport).select_related("budget__funder").order_by("-issued_at", "-id")]


@router.get("/enrolments", response=list[EnrolmentOut], summary="Mijn inschrijvingen met het fonds")
def my_enrolments(request):
    passport = person_passport(request)
    enrolments = Enrolment.objects.filter(passport=passport).select_related(*ENROLMENT_RELATIONS).order_by("-created_at", "-id")
    return [enrolment_out(e) for e in enrolments]


@router.get("/history", response=list[TransferOut], summary="Alle boekingen op mijn rekeningen, nieuwste eerst")
def my_history(request):
    passport = person_passport(request)
    rows = []
    for transfer in services.history(passport):
        offering = transfer.enrolment.offering if transfer.enrolment_id else None
        rows.append({
            "id": transfer.pk, "created_at": transfer.created_at, "kind": transfer.kind, "kind_label": transfer.get_kind_display(),
            "amount_cents": transfer.amount_cents, "budget": budget_ref(transfer.budget), "enrolment_id": transfer.enrolment_id,
            "offering": offering_ref(offering) if offering else None, "voucher_id": transfer.voucher_id,
        })  # fmt: skip
    return rows


def person_fund_data(passport):
    """Everything the fund holds on the person, JSON-ready: the application, vouchers, enrolments and every transfer
    on their accounts. For the person's own export (GET /export here; the passport's export can include it)."""
    participant = Participant.objects.filter(passport=passport).first()
    enrolments = Enrolment.objects.filter(passport=passport).select_related(*ENROLMENT_RELATIONS).order_by("created_at", "id")
    vouchers = Voucher.objects.filter(passport=passport).select_related("budget__funder").order_by("issued_at", "id")
    iso = lambda value: value.isoformat() if value else None  # noqa: E731
    return {
        "participant": None if participant is None else {
            "birth_date": iso(participant.birth_date), "target_groups": participant.target_groups,
            "leaving_shrinking_sector": participant.leaving_shrinking_sector, "address_key": participant.address_key,
            "consent_at": iso(participant.consent_at),
        },
        "balances": [
            {"budget": budget_ref(row["budget"]), "available_cents": row["available_cents"], "reserved_cents": row["reserved_cents"],
             "spent_cents": row["spent_cents"], "expires_on": iso(row["expires_on"])}
            for row in services.account_overview(passport)
        ],
        "vouchers": [
            {**voucher_out(v), "budget": budget_ref(v.budget), "expires_on": iso(v.expires_on), "issued_at": iso(v.issued_at)}
            for v in vouchers
        ],
        "enrolments": [
            {key: iso(value) if isinstance(value, (datetime.date, datetime.datetime)) else value for key, value in enrolment_out(e).items()}
            | {"offering": {**offering_ref(e.offering), "start_date": iso(e.offering.start_date), "end_date": iso(e.offering.end_date)}}
            for e in enrolments
        ],
        "transfers": [
            {"id": t.pk, "created_at": iso(t.created_at), "kind": t.kind, "amount_cents": t.amount_cents, "budget": t.budget.name,
             "enrolment_id": t.enrolment_id, "voucher_id": t.voucher_id}
            for t in reversed(services.history(passport))
        ],
    }  # fmt: skip


@router.get("/export", url_name="fund_export", summary="Alles wat het ontwikkelfonds over mij bewaart (JSON)")
def export(request):
    return person_fund_data(person_passport(request))


def offering_or_404(offering_id):
    pk = row_id(offering_id)
    if pk is None:
        raise Http404
    return get_object_or_404(Offering.objects.select_related("course__provider__organisation"), pk=pk)


@router.get("/offerings/{offering_id}/payment-options", response=PaymentOptionsOut, summary="Waaruit het fonds dit aanbod zou betalen, en waarom")
def payment_options(request, offering_id: str):
    passport = person_passport(request)
    offering = offering_or_404(offering_id)
    options = services.payment_options(passport, offering)
    return {
        "offering": offering_ref(offering), "price_cents": offering.price_cents,
        "options": [
            {
                "budget": budget_ref(o.budget), "voucher_id": o.voucher.pk if o.voucher else None, "amount_cents": o.amount_cents,
                "co_payment_cents": o.co_payment_cents, "available_cents": o.available_cents, "payable": o.payable,
                "chosen": o.chosen, "reason": o.reason,
            }
            for o in options
        ],
    }  # fmt: skip


@router.post("/enrolments", response={201: EnrolmentOut, 403: Detail, 404: Detail, 422: Invalid}, summary="Inschrijven met mijn ontwikkelrekening")
def enrol(request, payload: EnrolIn):
    """Reserves the fund's part of the catalogue price. Repeating the request with the same ``idempotency_key``
    returns the same enrolment and books nothing again."""
    passport = person_passport(request)
    key = client_key(payload.idempotency_key)
    offering = offering_or_404(payload.offering_id)
    if not Participant.objects.filter(passport=passport).exists():
        raise HttpError(403, _("Vraag eerst een ontwikkelrekening aan."))
    voucher = None
    if payload.voucher_id is not None:
        voucher_id = row_id(payload.voucher_id)
        voucher = Voucher.objects.filter(pk=voucher_id, passport=passport).first() if voucher_id else None
        if voucher is None:
            field_errors([("voucher_id", _("Deze voucher hoort niet bij u."))])
    budget = None
    if payload.budget_id is not None:
        budget_id = row_id(payload.budget_id)
        budget = Budget.objects.filter(pk=budget_id).first() if budget_id else None
        if budget is None:
            field_errors([("budget_id", _("Dit budget bestaat niet."))])
    try:
        enrolment = services.enrol(
            passport, offering, price_cents=payload.price_cents, key=f"enrol-{passport.pk}-{offering.pk}-api-{key}",
            user=request.user, voucher=voucher, budget=budget,
        )  # fmt: skip
    except services.FundError as error:
        refused(error)
    return Status(201, enrolment_out(Enrolment.objects.select_related(*ENROLMENT_RELATIONS).get(pk=enrolment.pk)))


@router.post("/enrolments/{enrolment_id}/cancel", response={200: EnrolmentOut, 404: Detail, 422: Invalid}, summary="Mijn inschrijving annuleren (vóór de start)")
def cancel(request, enrolment_id: str):
    passport = person_passport(request)
    pk = row_id(enrolment_id)
    enrolment = get_object_or_404(Enrolment.objects.select_related(*ENROLMENT_RELATIONS), pk=pk, passport=passport) if pk else None
    if enrolment is None:
        raise Http404
    if enrolment.status != Enrolment.Status.HELD:
        raise HttpError(422, _("Deze inschrijving kunt u niet meer annuleren: de opleiding is al gestart of beëindigd. Neem contact op met de opleider."))
    try:
        services.cancel(enrolment, user=request.user, key=f"enrolment-{enrolment.pk}-cancel")
    except services.FundError as error:
        refused(error)
    return enrolment_out(Enrolment.objects.select_related(*ENROLMENT_RELATIONS).get(pk=enrolment.pk))


# --- Provider ---------------------------------------------------------------------------------


def own_provider(request):
    require_role(request, Role.PROVIDER)
    provider = catalog_services.provider_of(request.user)
    if provider is None:
        raise Http404(_("U hoort nog bij geen opleider in het loket."))
    return provider


def provider_enrolment_out(enrolment):
    return enrolment_out(enrolment) | {"person": enrolment.passport.user.full_name}


def provider_enrolment(request, enrolment_id):
    provider = own_provider(request)
    pk = row_id(enrolment_id)
    if pk is None:
        raise Http404
    return get_object_or_404(Enrolment.objects.select_related(*ENROLMENT_RELATIONS, "passport__user"), pk=pk, offering__course__provider=provider)


@router.get("/provider/enrolments", response=ProviderOverviewOut, summary="Opleider: inschrijvingen te bevestigen en uitbetalingen")
def provider_overview(request):
    provider = own_provider(request)
    enrolments = services.enrolments_to_confirm(provider).select_related(*ENROLMENT_RELATIONS, "passport__user")
    payouts = list(Payout.objects.filter(enrolment__offering__course__provider=provider).order_by("-created_at", "-id"))
    return {
        "enrolments": [provider_enrolment_out(e) for e in enrolments],
        "payouts": [payout_out(p) for p in payouts],
        "posted_cents": sum(p.amount_cents for p in payouts if p.status == Payout.Status.POSTED),
        "waiting_cents": sum(p.amount_cents for p in payouts if p.status == Payout.Status.WAITING),
    }


def after(enrolment):
    return provider_enrolment_out(Enrolment.objects.select_related(*ENROLMENT_RELATIONS, "passport__user").get(pk=enrolment.pk))


@router.post("/provider/enrolments/{enrolment_id}/start", response={200: ProviderEnrolmentOut, 404: Detail, 422: Invalid}, summary="Opleider: start bevestigen")
def confirm_start(request, enrolment_id: str):
    enrolment = provider_enrolment(request, enrolment_id)
    try:
        services.confirm_start(enrolment, user=request.user, key=f"enrolment-{enrolment.pk}-start")
    except services.FundError as error:
        refused(error)
    return after(enrolment)


@router.post("/provider/enrolments/{enrolment_id}/completion", response={200: CompletionOut, 404: Detail, 422: Invalid}, summary="Opleider: afronding bevestigen met aanwezigheid")
def confirm_completion(request, enrolment_id: str, payload: AttendanceIn):
    enrolment = provider_enrolment(request, enrolment_id)
    try:
        done = services.confirm_completion(
            enrolment, attendance_percent=payload.attendance_percent, user=request.user,
            key=f"enrolment-{enrolment.pk}-completion", base_url=credentials_services.public_base_url(request),
        )  # fmt: skip
    except services.FundError as error:
        refused(error)
    return after(enrolment) | {
        "credentials_issued": len(getattr(done, "credentials", [])), "credential_errors": getattr(done, "credential_errors", []),
        "credential_note": getattr(done, "credential_note", ""),
    }  # fmt: skip


@router.post("/provider/enrolments/{enrolment_id}/stop", response={200: ProviderEnrolmentOut, 404: Detail, 422: Invalid}, summary="Opleider: gestopt na de start")
def stop(request, enrolment_id: str, payload: StopIn):
    enrolment = provider_enrolment(request, enrolment_id)
    if enrolment.status == Enrolment.Status.HELD:
        raise HttpError(422, _("Deze inschrijving is nog niet gestart; de persoon kan haar zelf annuleren."))
    try:
        services.cancel(enrolment, user=request.user, key=f"enrolment-{enrolment.pk}-stop", attendance_percent=payload.attendance_percent)
    except services.FundError as error:
        refused(error)
    return after(enrolment)


# --- Coach ------------------------------------------------------------------------------------


def issued_out(voucher):
    return voucher_out(voucher) | {"email": voucher.passport.user.email}


@router.post("/vouchers", response={201: IssuedVoucherOut, 422: Invalid}, summary="Coach: voucher uitgeven aan een persoon")
def issue_voucher(request, payload: VoucherIn):
    """The answer for an address that cannot receive a voucher is the same whether or not it has an account."""
    require_role(request, Role.COACH)
    key = client_key(payload.idempotency_key)
    budget_id = row_id(payload.budget_id)
    budget = Budget.objects.filter(pk=budget_id).first() if budget_id else None
    if budget is None:
        field_errors([("budget_id", _("Onbekend budget."))])
    terms = dict(kind=payload.kind, value_cents=payload.value_cents, expires_on=payload.expires_on, user=request.user, note=payload.note)
    try:
        # The terms first: what follows depends on the person, and every such refusal reads the same.
        services.check_voucher_terms(budget, **terms)
    except services.FundError as error:
        refused(error)
    unreachable = [("email", _(services.VOUCHER_UNREACHABLE))]
    try:
        person = credentials_services.find_person(payload.email)
    except credentials_services.IssueError:
        field_errors(unreachable)
    try:
        with transaction.atomic():  # a passport made for a refused voucher is rolled back too
            voucher = services.issue_voucher(budget, passport_for(person), key=f"voucher-{request.user.pk}-api-{key}", **terms)
    except services.Unreachable:
        field_errors(unreachable)
    except services.FundError as error:
        refused(error)
    return Status(201, issued_out(Voucher.objects.select_related("budget__funder", "passport__user").get(pk=voucher.pk)))


@router.get("/vouchers/issued", response=list[IssuedVoucherOut], summary="Coach: door mij uitgegeven vouchers")
def issued_vouchers(request):
    require_role(request, Role.COACH)
    vouchers = Voucher.objects.filter(issued_by=request.user).select_related("budget__funder", "passport__user").order_by("-issued_at", "-id")
    return [issued_out(v) for v in vouchers]


@router.post("/vouchers/{voucher_id}/withdraw", response={200: IssuedVoucherOut, 404: Detail, 422: Invalid}, summary="Coach: voucher intrekken")
def withdraw_voucher(request, voucher_id: str):
    require_role(request, Role.COACH)
    pk = row_id(voucher_id)
    voucher = Voucher.objects.filter(pk=pk, issued_by=request.user).first() if pk else None
    if voucher is None:
        raise Http404
    try:
        services.withdraw_voucher(voucher, user=request.user, key=f"voucher-{voucher.pk}-withdraw")
    except services.FundError as error:
        refused(error)
    return issued_out(Voucher.objects.select_related("budget__funder", "passport__user").get(pk=voucher.pk))

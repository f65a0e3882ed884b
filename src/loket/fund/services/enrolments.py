"""Enrolments: which money pays, reserving it, the provider's confirmations, payouts with four eyes, stopping.

Money moves only through ledger_ops; the arithmetic is in fund/rules.py.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Membership
from loket.catalog.templatetags.catalog import euros as _euros

from .. import rules
from ..models import (
    Account, AccountKind, Budget, Enrolment, Participant, Payout, Transfer, TransferKind, Voucher,
)  # fmt: skip
from . import audit, ledger_ops
from .access import acts_for, is_fund_admin, require_fund_admin, signed_in
from .ledger_ops import FundError
from .participants import budget_ineligibility, person_of
from .vouchers import return_to_pool


@dataclass
class PaymentOption:
    budget: Budget
    voucher: Voucher | None
    amount_cents: int
    co_payment_cents: int
    available_cents: int
    payable: bool
    reason: str
    chosen: bool = False


def _sum(queryset):
    return queryset.aggregate(total=Sum("amount_cents"))["total"] or 0


def committed_cents(budget, **where):
    """What an offering or provider has from this budget: holds (pending or settled) minus voids, minus refunds."""
    transfers = Transfer.objects.filter(budget=budget, **where)
    held = _sum(transfers.filter(kind=TransferKind.HOLD))
    voided = _sum(transfers.filter(kind=TransferKind.VOID, hold__isnull=False))
    refunded = _sum(transfers.filter(kind=TransferKind.REFUND))
    return held - voided - refunded


def _refusal(budget, offering, person, today, amount, available):
    """Why this budget cannot pay ``amount`` for the offering, or None."""
    course = offering.course
    provider = course.provider
    if person is None:
        return _("Vraag eerst een ontwikkelrekening aan.")
    refusal = budget_ineligibility(budget, person, today)
    if refusal:
        return refusal
    if not provider.approved:
        return _("Deze opleider is niet goedgekeurd door het ontwikkelfonds.")
    if budget.recognised_only and not course.recognised:
        return _("Deze opleiding is niet erkend en kan niet uit dit budget worden betaald.")
    if offering.cancelled:
        return _("Dit aanbod is geannuleerd.")
    if budget.course_levels and course.level not in budget.course_levels:
        return _("Dit budget betaalt niet voor opleidingen van dit niveau.")
    if budget.max_price_cents is not None and offering.price_cents > budget.max_price_cents:
        return _("De prijs is hoger dan het maximum van dit budget per inschrijving.")
    if amount <= 0:
        return _("Er valt voor dit aanbod niets uit het budget te betalen.")
    if not rules.within_cap(budget.offering_cap_cents, committed_cents(budget, offering=offering), amount):
        return _("Dit aanbod heeft het maximum bereikt dat het uit dit budget mag ontvangen.")
    if not rules.within_cap(budget.provider_cap_cents, committed_cents(budget, provider=provider), amount):
        return _("Deze opleider heeft het maximum bereikt dat hij uit dit budget mag ontvangen.")
    if available < amount:
        return _("Onvoldoende tegoed: nodig %(needed)s, beschikbaar %(available)s.") % {
            "needed": _euros(amount), "available": _euros(available)
        }
    return None


def payment_options(passport, offering, today=None):
    """Every voucher and credit that could pay for the offering, in the fixed order, the first payable one chosen."""
    today = today or timezone.localdate()
    participant = Participant.objects.filter(passport=passport).first()
    person = person_of(participant, passport) if participant else None
    offering = type(offering).objects.select_related("course__provider").get(pk=offering.pk)
    price = offering.price_cents
    candidates = []
    vouchers = Voucher.objects.filter(
        passport=passport, status=Voucher.Status.ISSUED, kind=offering.course.purpose, expires_on__gte=today
    ).select_related("budget")
    for voucher in vouchers:
        candidates.append((voucher.budget, voucher, voucher.value_cents, voucher.expires_on))
    credits = Account.objects.filter(kind=AccountKind.PERSON_CREDIT, passport=passport).select_related("budget")
    for account in credits:
        candidates.append((account.budget, None, account.balance_cents, account.budget.valid_until))
    options = []
    already = _running_enrolment(passport, offering)
    for budget, voucher, available, expires_on in candidates:
        co_payment = rules.co_payment_cents(price, budget.co_payment_percent)
        amount = price - co_payment
        refusal = _("U bent al ingeschreven voor dit aanbod.") if already else _refusal(budget, offering, person, today, amount, available)
        options.append(
            (
                rules.payment_sort_key(
                    is_voucher=voucher is not None, expires_on=expires_on, co_payment_percent=budget.co_payment_percent, budget_id=budget.pk
                ),
                PaymentOption(budget, voucher, amount, co_payment, available, refusal is None, refusal or ""),
                expires_on,
            )
        )
    options.sort(key=lambda item: item[0] + ((item[1].voucher.pk if item[1].voucher else 0),))
    result = []
    chosen = False
    for _key, option, expires_on in options:
        if option.payable:
            option.chosen = not chosen
            option.reason = rules.payment_explanation(
                is_voucher=option.voucher is not None, budget_name=option.budget.name, expires_on=expires_on,
                co_payment_percent=option.budget.co_payment_percent, first=not chosen,
            )  # fmt: skip
            chosen = True
        result.append(option)
    return result


def _running_enrolment(passport, offering):
    """Whether the person already has a reserved or started enrolment for this offering: one seat per person."""
    return Enrolment.objects.filter(
        passport=passport, offering=offering, status__in=[Enrolment.Status.HELD, Enrolment.Status.STARTED]
    ).exists()


def _hold_of(enrolment):
    return Transfer.objects.get(enrolment=enrolment, kind=TransferKind.HOLD)


def _require_approved_provider(enrolment):
    """A provider whose approval was withdrawn (e.g. blocked after a fraud signal) is paid nothing more;
    the money stays held until the fund administrator decides."""
    from loket.catalog.models import Provider

    provider_id = Enrolment.objects.filter(pk=getattr(enrolment, "pk", enrolment)).values_list("offering__course__provider_id", flat=True).first()
    if not Provider.objects.filter(pk=provider_id, approved=True).exists():
        raise FundError(_("De fondsbeheerder heeft de goedkeuring van deze opleider ingetrokken; er wordt niets uitbetaald."))


def enrol(passport, offering, *, price_cents, key, user, voucher=None, budget=None, today=None):
    """Reserve the fund's part of the catalogue price from the first payable option in the fixed order, or from
    the option the person chose: a ``voucher``, or the credit of ``budget`` (to keep a voucher for later)."""
    today = today or timezone.localdate()
    existing = Transfer.objects.filter(idempotency_key=key, kind=TransferKind.HOLD).select_related("enrolment").first()
    if existing is not None:
        return existing.enrolment
    if price_cents != offering.price_cents:
        raise FundError(_("De prijs van dit aanbod is gewijzigd; bekijk het aanbod opnieuw."))
    if not acts_for(user, passport):
        raise FundError(_("Alleen de persoon zelf of een loopbaancoach die deze persoon begeleidt, kan inschrijven."))
    with transaction.atomic():
        options = payment_options(passport, offering, today)
        if voucher is not None and budget is not None:
            raise FundError(_("Kies een voucher of tegoed, niet allebei."))
        if budget is not None:
            matching = [option for option in options if option.voucher is None and option.budget.pk == budget.pk]
            if not matching:
                raise FundError(_("U heeft geen tegoed van %(budget)s.") % {"budget": budget.name})
            option = matching[0]
            if not option.payable:
                raise FundError(
                    _("Uw tegoed van %(budget)s kan dit aanbod niet betalen: %(reason)s") % {"budget": budget.name, "reason": option.reason}
                )
            # The person may keep a voucher for later and pay from credit, but which budget's credit pays
            # is the fund's fixed order, not a choice (issue 5): only the first payable credit may be named.
            first_credit = next((candidate for candidate in options if candidate.voucher is None and candidate.payable), None)
            if first_credit is not None and first_credit.budget.pk != option.budget.pk:
                raise FundError(
                    _("Uit tegoed betaalt eerst %(budget)s: %(reason)s") % {"budget": first_credit.budget.name, "reason": first_credit.reason}
                )
            if not option.chosen:
                # The explanation says why this money pays: the person's own choice of credit over a voucher.
                option.reason = _("U koos zelf om uit uw tegoed te betalen.") + " " + option.reason
        elif voucher is not None:
            matching = [option for option in options if option.voucher and option.voucher.pk == voucher.pk]
            if not matching:
                raise FundError(_("Deze voucher kan niet voor dit aanbod worden gebruikt (andere soort, verlopen of al gebruikt)."))
            option = matching[0]
        else:
            option = next((option for option in options if option.chosen), None) or (options[0] if options else None)
        if option is None:
            raise FundError(_("U heeft geen tegoed of voucher waarmee dit aanbod kan worden betaald."))
        if not option.payable:
            raise FundError(option.reason)
        # The budget row lock serialises enrolments on one budget, so two cannot both squeeze under a cap.
        Budget.objects.select_for_update().get(pk=option.budget.pk)
        # The participant row lock serialises one person's enrolments whichever budget pays, so two requests
        # cannot both pass the check below.
        participant = Participant.objects.select_for_update().get(passport=passport)
        if _running_enrolment(passport, offering):
            raise FundError(_("U bent al ingeschreven voor dit aanbod."))
        recheck = _refusal(
            option.budget, offering, person_of(participant, passport), today, option.amount_cents,
            option.available_cents if option.voucher is None else option.voucher.value_cents,
        )  # fmt: skip
        if recheck:
            raise FundError(recheck)
        if option.voucher is not None:
            current = Voucher.objects.select_for_update().get(pk=option.voucher.pk)
            if current.status != Voucher.Status.ISSUED:
                raise FundError(_("Deze voucher is al gebruikt, verlopen of ingetrokken."))
            held = ledger_ops.voucher_hold(current, offering, key=key, user=user, today=today)
            rest = current.value_cents - held.amount_cents
            if rest > 0:
                # Keys derived from a key take a ":", which no client key may contain (api.KEY, the pages' tokens,
                # the admin forms' UUIDs), so no request can choose a key that hits one of these.
                ledger_ops.voucher_release(current, rest, key=f"{key}:voucher-rest", user=user)
            current.status = Voucher.Status.USED
            current.save(update_fields=["status"])
        else:
            held = ledger_ops.hold(option.budget, passport, offering, key=key, user=user, today=today)
        enrolment = Enrolment.objects.get(pk=held.enrolment_id)
        enrolment.payment_reason = option.reason[:500]
        enrolment.save(update_fields=["payment_reason"])
        audit.record(user, "enrolled", enrolment, budget=option.budget.pk, amount_cents=held.amount_cents, voucher=option.voucher and option.voucher.pk)
    return enrolment


def _require_provider_member(enrolment, user):
    organisation_id = enrolment.offering.course.provider.organisation_id
    if not (user and user.is_authenticated and Membership.objects.filter(user=user, organisation_id=organisation_id).exists()):
        raise FundError(_("Alleen iemand van deze opleider kan dit bevestigen."))


def _locked(enrolment):
    return Enrolment.objects.select_for_update(of=("self",)).select_related("offering__course__provider", "voucher").get(pk=enrolment.pk)


def _waiting(enrolment):
    return _sum(Payout.objects.filter(enrolment=enrolment, status=Payout.Status.WAITING))


def _remaining(hold):
    return hold.amount_cents - _sum(Transfer.objects.filter(hold=hold))


def confirm_start(enrolment, *, user, key, today=None):
    """The provider confirms the person started: the budget's start share is paid (or waits for approval).
    Never before the offering's start date: paying a provider in advance is how the STAP budget was abused."""
    _require_provider_member(enrolment, user)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked(enrolment)
        if current.status != Enrolment.Status.HELD:
            if current.started_at is not None:
                return current
            raise FundError(_("Deze inschrijving is geannuleerd; de start kan niet meer worden bevestigd."))
        offering = current.offering
        if offering.cancelled:
            raise FundError(_("Dit aanbod is geannuleerd; de start kan niet worden bevestigd."))
        if offering.start_date is None or today < offering.start_date:
            raise FundError(
                _("De opleiding begint pas op %(date)s; de start kan vanaf die dag worden bevestigd.")
                % {"date": offering.start_date.strftime("%d-%m-%Y") if offering.start_date else "?"}
            )
        hold = _hold_of(current)
        amount = rules.start_share(hold.amount_cents, current.budget.payout_at_start_percent)
        current.status, current.started_at = Enrolment.Status.STARTED, timezone.now()
        current.save(update_fields=["status", "started_at"])
        if amount > 0:
            request_payout(current, amount, Payout.Reason.START, user=user, key=key)
        audit.record(user, "enrolment_started", current, start_cents=amount)
    current.refresh_from_db()
    return current


def _post_payout(payout, user):
    """Post the payout's amount from the hold. The ledger itself only moves a held enrolment to started, so
    the enrolment's status is not written here (a stale copy would undo a completion made meanwhile)."""
    transfer = ledger_ops.post(_hold_of(payout.enrolment_id), payout.amount_cents, key=f"payout-{payout.pk}", user=user)
    payout.transfer, payout.status = transfer, Payout.Status.POSTED
    payout.save(update_fields=["transfer", "status"])
    return payout


def request_payout(enrolment, amount_cents, reason, *, user, key):
    """A payment to the provider from the hold: at once up to the approval threshold, else it waits for two fund admins."""
    with transaction.atomic():
        existing = Payout.objects.filter(enrolment=enrolment, reason=reason).first()
        if existing is not None:
            return existing
        if not isinstance(amount_cents, int) or amount_cents <= 0:
            raise FundError(_("Het bedrag moet een positief aantal centen zijn."))
        _require_approved_provider(enrolment)
        hold = _hold_of(enrolment)
        if amount_cents > _remaining(hold) - _waiting(enrolment):
            raise FundError(_("Het bedrag is hoger dan wat nog gereserveerd is."))
        # The threshold is on what the enrolment pays in all (its parts together), so splitting a payment into a
        # start and a completion part does not avoid the four eyes.
        earlier = _sum(Payout.objects.filter(enrolment=enrolment).exclude(status=Payout.Status.REJECTED))
        payout = Payout.objects.create(enrolment=enrolment, amount_cents=amount_cents, reason=reason)
        audit.record(user, "payout_requested", payout, amount_cents=amount_cents, reason=reason, key=key)
        if earlier + amount_cents <= settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS:
            _post_payout(payout, user)
    return payout


def _require_fund_admin(user):
    require_fund_admin(user, _("Alleen een fondsbeheerder mag uitbetalingen goedkeuren of afwijzen."))


def approve_payout(payout, *, user):
    """Four eyes: two different fund admins approve; the second approval pays."""
    _require_fund_admin(user)
    with transaction.atomic():
        # The enrolment first, as confirm_completion and cancel lock it, then the payout: one lock order, no deadlock.
        _locked(Enrolment(pk=Payout.objects.values_list("enrolment_id", flat=True).get(pk=payout.pk)))
        current = Payout.objects.select_for_update().get(pk=payout.pk)
        if current.status != Payout.Status.WAITING:
            raise FundError(_("Deze uitbetaling wacht niet (meer) op goedkeuring."))
        _require_approved_provider(current.enrolment_id)
        organisation_id = Enrolment.objects.values_list("offering__course__provider__organisation_id", flat=True).get(pk=current.enrolment_id)
        if Membership.objects.filter(user=user, organisation_id=organisation_id).exists():
            raise FundError(_("U hoort bij deze opleider en mag een uitbetaling aan hem niet goedkeuren."))
        if current.first_approved_by_id is None:
            current.first_approved_by = user
            current.save(update_fields=["first_approved_by"])
            audit.record(user, "payout_first_approval", current, amount_cents=current.amount_cents)
            return current
        if current.first_approved_by_id == user.pk:
            raise FundError(_("U heeft deze uitbetaling al goedgekeurd; een andere fondsbeheerder moet de tweede goedkeuring geven."))
        current.second_approved_by = user
        current.save(update_fields=["second_approved_by"])
        _post_payout(current, user)
        audit.record(user, "payout_second_approval", current, amount_cents=current.amount_cents)
    return current


def reject_payout(payout, *, user, reason):
    """The payout is not made: its part goes back to the person (or, for a voucher, to the budget)."""
    _require_fund_admin(user)
    reason = (reason or "").strip()
    if not reason:
        raise FundError(_("Geef een reden voor de afwijzing."))
    with transaction.atomic():
        enrolment = _locked(Enrolment(pk=Payout.objects.values_list("enrolment_id", flat=True).get(pk=payout.pk)))
        current = Payout.objects.select_for_update().get(pk=payout.pk)
        if current.status != Payout.Status.WAITING:
            raise FundError(_("Deze uitbetaling wacht niet (meer) op goedkeuring."))
        voided = ledger_ops.void(_hold_of(enrolment), current.amount_cents, key=f"payout-{current.pk}-rejected", user=user)
        return_to_pool(enrolment, voided, user)
        current.status = Payout.Status.REJECTED
        current.save(update_fields=["status"])
        audit.record(user, "payout_rejected", current, amount_cents=current.amount_cents, reason=reason[:500])
    return current


def confirm_completion(enrolment, *, attendance_percent, user, key, base_url, today=None):
    """The provider confirms completion: the rest is paid pro rata to attendance, the remainder goes back, and
    the person gets a signed credential per skill of the course in their passport."""
    _require_provider_member(enrolment, user)
    if not isinstance(attendance_percent, int) or isinstance(attendance_percent, bool) or not 0 <= attendance_percent <= 100:
        raise FundError(_("De aanwezigheid is een percentage van 0 tot en met 100."))
    with transaction.atomic():
        current = _locked(enrolment)
        if current.status == Enrolment.Status.COMPLETED:
            current.credentials, current.credential_errors, current.credential_note = [], [], ""
            return current
        if current.status != Enrolment.Status.STARTED:
            raise FundError(_("Alleen een gestarte inschrijving kan worden afgerond."))
        end_date = current.offering.end_date
        if end_date is None or (today or timezone.localdate()) < end_date:
            raise FundError(
                _("De opleiding eindigt pas op %(date)s; de afronding kan vanaf die dag worden bevestigd.")
                % {"date": end_date.strftime("%d-%m-%Y") if end_date else "?"}
            )
        hold = _hold_of(current)
        parts = rules.payout_parts(hold.amount_cents, current.budget.payout_at_start_percent, attendance_percent)
        free = _remaining(hold) - _waiting(current)
        completion = min(parts.completion, free)
        current.status, current.completed_at, current.attendance_percent = Enrolment.Status.COMPLETED, timezone.now(), attendance_percent
        current.save(update_fields=["status", "completed_at", "attendance_percent"])
        if completion > 0:
            request_payout(current, completion, Payout.Reason.COMPLETION, user=user, key=key)
        if free - completion > 0:
            voided = ledger_ops.void(hold, free - completion, key=f"{key}:void", user=user)
            return_to_pool(current, voided, user)
        audit.record(user, "enrolment_completed", current, attendance_percent=attendance_percent, completion_cents=completion)
    current.refresh_from_db()
    current.credential_note = ""
    if attendance_percent >= rules.MIN_ATTENDANCE_FOR_CREDENTIAL_PERCENT:
        current.credentials, current.credential_errors = issue_completion_credentials(current, user, base_url)
    else:
        current.credentials, current.credential_errors = [], []
        current.credential_note = _(
            "Er is geen verklaring voor het paspoort uitgegeven: de aanwezigheid (%(attendance)s%%) is lager dan de "
            "%(minimum)s%% die daarvoor nodig is. De afronding is naar rato van de aanwezigheid betaald."
        ) % {"attendance": attendance_percent, "minimum": rules.MIN_ATTENDANCE_FOR_CREDENTIAL_PERCENT}
        audit.record(user, "completion_credentials_withheld", current, attendance_percent=attendance_percent)
    return current


def issue_completion_credentials(enrolment, user, base_url):
    """One signed credential per skill of the course, issued by the provider's organisation and taken into the
    person's passport. Money never waits for this: a failure is reported and audited, not raised."""
    from loket.catalog.models import CourseSkill
    from loket.credentials import services as credentials
    from loket.passport.models import Evidence

    offering = enrolment.offering
    course = offering.course
    person = enrolment.passport.user
    note = _("Afgerond: %(course)s (%(start)s – %(end)s)") % {
        "course": course.title_nl,
        "start": offering.start_date.strftime("%d-%m-%Y") if offering.start_date else "?",
        "end": offering.end_date.strftime("%d-%m-%Y") if offering.end_date else "?",
    }
    issued, errors = [], []
    for course_skill in CourseSkill.objects.filter(course=course).select_related("skill"):
        request = credentials.IssueRequest(
            organisation=course.provider.organisation, email=person.email, skill=course_skill.skill,
            evidence=Evidence.CERTIFICATE, evidence_date=timezone.localdate(), note=note[: credentials.MAX_NOTE],
        )  # fmt: skip
        try:
            credential = credentials.issue(user, request, base_url)
            credentials.accept(person, credential)
            issued.append(credential)
        except (credentials.IssueError, credentials.DecisionError, PermissionDenied) as error:
            message = "; ".join(map(str, getattr(error, "errors", {}).values())) or str(error)
            errors.append(message)
    if errors:
        audit.record(user, "completion_credentials_failed", enrolment, errors=errors)
    if issued:
        audit.record(user, "completion_credentials_issued", enrolment, credentials=[str(c.uuid) for c in issued])
    return issued, errors


def cancel(enrolment, *, user, key, attendance_percent=None, today=None):
    """Before the start everything goes back; after it, the budget's refund rule decides."""
    with transaction.atomic():
        current = _locked(enrolment)
        is_provider = signed_in(user) and Membership.objects.filter(
            user=user, organisation_id=current.offering.course.provider.organisation_id
        ).exists()
        if not (acts_for(user, current.passport) or is_provider or is_fund_admin(user)):
            raise FundError(_("U mag deze inschrijving niet annuleren."))
        if current.status in (Enrolment.Status.CANCELLED, Enrolment.Status.STOPPED):
            return current
        if current.status == Enrolment.Status.COMPLETED:
            raise FundError(_("Deze inschrijving is al afgerond en kan niet meer worden geannuleerd."))
        hold = _hold_of(current)
        if current.status == Enrolment.Status.HELD:
            voided = ledger_ops.void(hold, key=key, user=user)
            return_to_pool(current, voided, user)
            Enrolment.objects.filter(pk=current.pk).update(status=Enrolment.Status.CANCELLED, ended_at=timezone.now())
            audit.record(user, "enrolment_cancelled", current, voided_cents=voided.amount_cents)
            current.refresh_from_db()
            return current
        if _waiting(current):
            raise FundError(_("Er wacht nog een uitbetaling op goedkeuring; laat die eerst goedkeuren of afwijzen."))
        rule = current.budget.refund_rule
        if rule == "pro_rata_attendance":
            if not isinstance(attendance_percent, int) or isinstance(attendance_percent, bool) or not 0 <= attendance_percent <= 100:
                raise FundError(_("Vul de aanwezigheid in (0 tot en met 100 procent): dit budget betaalt naar rato van de aanwezigheid."))
        posts = Transfer.objects.filter(enrolment=current, kind=TransferKind.POST)
        paid = _sum(posts) - _sum(Transfer.objects.filter(enrolment=current, kind=TransferKind.REFUND))
        split = rules.stop_split(rule, net_cents=hold.amount_cents, paid_cents=paid, held_cents=_remaining(hold), attendance_percent=attendance_percent)
        current.status, current.ended_at, current.attendance_percent = Enrolment.Status.STOPPED, timezone.now(), attendance_percent
        current.save(update_fields=["status", "ended_at", "attendance_percent"])
        if split.post:
            request_payout(current, split.post, Payout.Reason.STOP, user=user, key=f"{key}:post")
        if split.void:
            return_to_pool(current, ledger_ops.void(hold, split.void, key=f"{key}:void", user=user), user)
        if split.refund:
            return_to_pool(current, ledger_ops.refund(posts.order_by("pk").first(), split.refund, key=f"{key}:refund", user=user), user)
        audit.record(user, "enrolment_stopped", current, rule=rule, post=split.post, void=split.void, refund=split.refund)
    current.refresh_from_db()
    return current


def enrolments_to_confirm(provider):
    """Enrolments at this provider waiting for a confirmed start or completion."""
    return (
        Enrolment.objects.filter(offering__course__provider=provider, status__in=[Enrolment.Status.HELD, Enrolment.Status.STARTED])
        .select_related("passport__user", "offering__course", "budget")
        .order_by("offering__start_date", "pk")
    )


def history(passport):
    """Every transfer touching the person's accounts, newest first."""
    return list(
        Transfer.objects.filter(Q(debit_account__passport=passport) | Q(credit_account__passport=passport))
        .select_related("budget", "enrolment__offering__course", "voucher")
        .order_by("-created_at", "-pk")
    )


def account_overview(passport, today=None):
    """Per budget: what the person can still use, what is reserved, what was spent, and until when."""
    rows = {}
    for account in Account.objects.filter(passport=passport).select_related("budget"):
        row = rows.setdefault(
            account.budget_id, {"budget": account.budget, "available_cents": 0, "reserved_cents": 0, "spent_cents": 0, "expires_on": account.budget.valid_until}
        )
        if account.kind in (AccountKind.PERSON_CREDIT, AccountKind.VOUCHER):
            row["available_cents"] += account.balance_cents
        elif account.kind == AccountKind.PERSON_HOLD:
            row["reserved_cents"] += account.balance_cents
    for budget_id, row in rows.items():
        transfers = Transfer.objects.filter(budget_id=budget_id, enrolment__passport=passport)
        row["spent_cents"] = _sum(transfers.filter(kind=TransferKind.POST)) - _sum(transfers.filter(kind=TransferKind.REFUND))
    return sorted(rows.values(), key=lambda row: (row["expires_on"], row["budget"].pk))

"""Vouchers: single-use credit a coach (or ServicePunt Techniek adviser) issues to a person for one kind of offering.

The value moves from the budget's pool to the person's VOUCHER account at issue; an enrolment reserves from
that account; whatever a voucher does not pay for (unused value, expiry, withdrawal, a later void or refund)
goes back to the budget's pool, never to the person's free credit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.roles import Role

from ..models import Participant, Transfer, Voucher, VoucherKind
from . import audit, ledger_ops
from .ledger_ops import FundError
from .participants import budget_ineligibility, person_of


def issue_voucher(budget, passport, *, kind, value_cents, expires_on, user, note="", key, today=None):
    today = today or timezone.localdate()
    existing = Transfer.objects.filter(idempotency_key=key, voucher__isnull=False).select_related("voucher").first()
    if existing is not None:
        return existing.voucher
    if not (user and user.is_authenticated and user.has_role(Role.COACH)):
        raise FundError(_("Alleen een loopbaancoach of adviseur van ServicePunt Techniek mag vouchers uitgeven."))
    if kind not in VoucherKind.values:
        raise FundError(_("Kies het soort voucher: oriëntatie, scholing of begeleiding."))
    if not isinstance(value_cents, int) or isinstance(value_cents, bool) or value_cents <= 0:
        raise FundError(_("De waarde van de voucher moet een positief aantal centen zijn."))
    if expires_on is None or expires_on < today:
        raise FundError(_("De voucher moet vandaag of later verlopen."))
    if expires_on > budget.valid_until:
        raise FundError(_("De voucher kan niet langer geldig zijn dan het budget (tot en met %(date)s).") % {"date": budget.valid_until.strftime("%d-%m-%Y")})
    if len(note or "") > 500:
        raise FundError(_("De toelichting is te lang: maximaal 500 tekens."))
    participant = Participant.objects.filter(passport=passport).first()
    if participant is not None:
        refusal = budget_ineligibility(budget, person_of(participant, passport), today)
        if refusal:
            raise FundError(refusal)
    else:
        ledger_ops.check_eligibility(budget, passport, today=today)
    with transaction.atomic():
        voucher = Voucher.objects.create(
            budget=budget, passport=passport, kind=kind, value_cents=value_cents, expires_on=expires_on, note=note or "", issued_by=user
        )
        transfer = ledger_ops.voucher_issue(voucher, key=key, user=user)
        if transfer.voucher_id != voucher.pk:  # a concurrent request with the same key won
            raise FundError(_("Deze voucher is al uitgegeven."))
        audit.record(user, "voucher_issued", voucher, value_cents=value_cents, kind=kind, budget=budget.pk)
    return voucher


def _locked(voucher):
    return Voucher.objects.select_for_update().get(pk=voucher.pk)


def withdraw_voucher(voucher, *, user, key):
    if not (user and user.is_authenticated and (user.has_role(Role.COACH) or user.has_role(Role.FUND_ADMIN))):
        raise FundError(_("Alleen een loopbaancoach of fondsbeheerder mag een voucher intrekken."))
    with transaction.atomic():
        current = _locked(voucher)
        if current.status == Voucher.Status.WITHDRAWN:
            return current
        if current.status != Voucher.Status.ISSUED:
            raise FundError(_("Alleen een voucher die nog niet is gebruikt of verlopen, kan worden ingetrokken."))
        ledger_ops.voucher_release(current, current.value_cents, key=key, user=user)
        current.status = Voucher.Status.WITHDRAWN
        current.save(update_fields=["status"])
        audit.record(user, "voucher_withdrawn", current, value_cents=current.value_cents)
    return current


def expire_vouchers(today=None):
    """Vouchers past their date go back to their budget's pool; returns how many expired."""
    today = today or timezone.localdate()
    count = 0
    for voucher_id in Voucher.objects.filter(status=Voucher.Status.ISSUED, expires_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            current = Voucher.objects.select_for_update().get(pk=voucher_id)
            if current.status != Voucher.Status.ISSUED:
                continue
            ledger_ops.voucher_release(current, current.value_cents, key=f"voucher-{current.pk}-expired")
            current.status = Voucher.Status.EXPIRED
            current.save(update_fields=["status"])
            audit.record(None, "voucher_expired", current, value_cents=current.value_cents)
            count += 1
    return count


def return_to_pool(enrolment, transfer, user=None):
    """Money a void or refund put back on the voucher account goes on to the pool: a voucher is used once."""
    if enrolment.voucher_id and transfer is not None:
        ledger_ops.voucher_release(enrolment.voucher, transfer.amount_cents, key=f"{transfer.idempotency_key}-to-pool", user=user)

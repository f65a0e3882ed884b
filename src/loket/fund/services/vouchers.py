"""Vouchers: single-use credit a coach (or ServicePunt Techniek adviser) issues to a person for one kind of offering.

The value moves from the budget's pool to the person's VOUCHER account at issue; an enrolment reserves from
that account; whatever a voucher does not pay for (unused value, expiry, withdrawal, a later void or refund)
goes back to the budget's pool, never to the person's free credit.
"""


from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loket.accounts.roles import Role
from loket.catalog.templatetags.catalog import euros

from ..models import Account, AccountKind, Participant, Transfer, TransferKind, Voucher, VoucherKind
from . import audit, ledger_ops
from .access import coaches, is_fund_admin, signed_in
from .ledger_ops import FundError
from .participants import budget_ineligibility, person_of


# Every refusal that depends on who the person is (no account, not eligible, over the yearly cap) reads the
# same, so a coach cannot learn from it whether an e-mail address has an account or what the fund knows of it.
UNREACHABLE = gettext_noop("Aan dit e-mailadres kunnen wij geen voucher uit dit budget uitgeven. Controleer het adres bij de persoon zelf.")


class Unreachable(FundError):
    """A refusal about the person; shown like an unknown e-mail address (message ``UNREACHABLE``)."""

    def __init__(self):
        super().__init__(_(UNREACHABLE))


def check_voucher_terms(budget, *, kind, value_cents, expires_on, user, note="", today=None):
    """The refusals that do not depend on the person: the pages and the API check these before looking anyone up."""
    today = today or timezone.localdate()
    if not (user and user.is_authenticated and user.has_role(Role.COACH)):
        raise FundError(_("Alleen een loopbaancoach of adviseur van ServicePunt Techniek mag vouchers uitgeven."))
    if kind not in VoucherKind.values:
        raise FundError(_("Kies het soort voucher: oriëntatie, scholing of begeleiding."))
    if not isinstance(value_cents, int) or isinstance(value_cents, bool) or value_cents <= 0:
        raise FundError(_("De waarde van de voucher moet een positief aantal centen zijn."))
    maximum = settings.LOKET_FUND_VOUCHER_MAX_CENTS
    if value_cents > maximum:
        raise FundError(_("Een voucher is hoogstens %(amount)s waard.") % {"amount": euros(maximum)})
    if expires_on is None or expires_on < today:
        raise FundError(_("De voucher moet vandaag of later verlopen."))
    if not (budget.valid_from <= today <= budget.valid_until):
        raise FundError(_("Dit budget is niet geldig op %(date)s.") % {"date": today.strftime("%d-%m-%Y")})
    if expires_on > budget.valid_until:
        raise FundError(_("De voucher kan niet langer geldig zijn dan het budget (tot en met %(date)s).") % {"date": budget.valid_until.strftime("%d-%m-%Y")})
    if len(note or "") > 500:
        raise FundError(_("De toelichting is te lang: maximaal 500 tekens."))


def issue_voucher(budget, passport, *, kind, value_cents, expires_on, user, note="", key, today=None):
    today = today or timezone.localdate()
    existing = Transfer.objects.filter(idempotency_key=key, voucher__isnull=False).select_related("voucher").first()
    if existing is not None:
        return existing.voucher
    check_voucher_terms(budget, kind=kind, value_cents=value_cents, expires_on=expires_on, user=user, note=note, today=today)
    if passport.user_id == user.pk:
        raise FundError(_("U kunt geen voucher aan uzelf uitgeven."))
    participant = Participant.objects.filter(passport=passport).first()
    if participant is not None:
        if budget_ineligibility(budget, person_of(participant, passport), today):
            raise Unreachable()
    else:
        try:
            ledger_ops.check_eligibility(budget, passport, today=today)
        except FundError:
            raise Unreachable() from None
    with transaction.atomic():
        if budget.yearly_cap_cents is not None:
            # The cap counts credit and vouchers alike; ledger_ops.grant locks the same credit account while counting.
            credit = ledger_ops.account_for(AccountKind.PERSON_CREDIT, budget=budget, passport=passport)
            Account.objects.select_for_update().get(pk=credit.pk)
            if ledger_ops.given_this_year(budget, passport, today) + value_cents > budget.yearly_cap_cents:
                raise Unreachable()
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
    issuer = signed_in(user) and user.has_role(Role.COACH) and voucher.issued_by_id == user.pk
    if not (issuer or coaches(user, voucher.passport) or is_fund_admin(user)):
        raise FundError(_("Alleen de coach die de voucher uitgaf, een coach die deze persoon begeleidt of een fondsbeheerder mag een voucher intrekken."))
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
        ledger_ops.voucher_release(enrolment.voucher, transfer.amount_cents, key=f"{transfer.idempotency_key}:to-pool", user=user)

"""Money operations on the ledger (ORM). Every operation:

- takes an idempotency key: repeating it returns the first transfer and moves nothing
  (the key is UNIQUE; a concurrent duplicate loses on the constraint and gets the winner's transfer);
- runs in one transaction that locks the accounts involved with SELECT ... FOR UPDATE
  in ascending id order, so concurrent operations never deadlock;
- refuses bad input with a ``FundError`` carrying a Dutch message, changing nothing.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import ledger
from ..models import Account, AccountKind, AuditLog, Enrolment, Entry, Transfer, TransferKind, TransferState


class FundError(Exception):
    """A money operation was refused; ``str(error)`` is the message for the user."""


def account_for(kind, **owner):
    """The account of that kind for that owner (funder, budget, passport, provider, or their ``_id``), created on first use."""
    owner = {name if name.endswith("_id") else f"{name}_id": getattr(value, "pk", value) for name, value in owner.items()}
    for name in ("funder_id", "budget_id", "passport_id", "provider_id"):
        owner.setdefault(name, None)
    account, _created = Account.objects.get_or_create(kind=kind, **owner)
    return account


def _existing(key, kind):
    transfer = Transfer.objects.filter(idempotency_key=key).first()
    if transfer is not None and transfer.kind != kind:
        raise FundError(_("Deze idempotentiesleutel is al gebruikt voor een andere handeling."))
    return transfer


def _lock(*accounts):
    """Lock the accounts in ascending id order and return them fresh, by id."""
    ids = sorted({account.pk for account in accounts})
    return {account.pk: account for account in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _book(key, kind, amount, debit, credit, budget_id, user=None, state=TransferState.POSTED, **links):
    transfer = Transfer.objects.create(
        idempotency_key=key, kind=kind, state=state, amount_cents=amount, debit_account=debit,
        credit_account=credit, budget_id=budget_id, created_by=user, **links,
    )  # fmt: skip
    Entry.objects.bulk_create(
        [Entry(transfer=transfer, account=debit, amount_cents=-amount), Entry(transfer=transfer, account=credit, amount_cents=amount)]
    )
    Account.objects.filter(pk=debit.pk).update(balance_cents=F("balance_cents") - amount)
    Account.objects.filter(pk=credit.pk).update(balance_cents=F("balance_cents") + amount)
    AuditLog.objects.create(
        user=user, action=kind, object_type="transfer", object_id=transfer.pk,
        data={"key": key, "amount_cents": amount, "debit": debit.pk, "credit": credit.pk, "budget": budget_id},
    )  # fmt: skip
    return transfer


def _run(key, kind, operation):
    """Run ``operation`` atomically unless ``key`` was used; a concurrent duplicate returns the first result."""
    if not key:
        raise FundError(_("Een idempotentiesleutel is verplicht."))
    existing = _existing(key, kind)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return operation()
    except IntegrityError:
        existing = _existing(key, kind)
        if existing is None:
            raise
        return existing


def _check_amount(amount):
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise FundError(_("Het bedrag moet een positief aantal centen zijn."))


def _check_valid(budget, today):
    if not (budget.valid_from <= today <= budget.valid_until):
        raise FundError(_("Het budget %(budget)s is niet geldig op %(date)s.") % {"budget": budget.name, "date": today.isoformat()})


def deposit(budget, amount, *, key, user=None):
    """The funder puts money into the budget, never beyond the amount it committed."""
    _check_amount(amount)

    def operation():
        source = account_for(AccountKind.FUNDER_SOURCE, funder=budget.funder)
        pool = account_for(AccountKind.BUDGET_POOL, budget=budget)
        _lock(source, pool)
        if (existing := _existing(key, TransferKind.DEPOSIT)) is not None:
            return existing
        deposited = Transfer.objects.filter(budget=budget, kind=TransferKind.DEPOSIT).aggregate(total=Sum("amount_cents"))["total"] or 0
        if deposited + amount > budget.amount_cents:
            raise FundError(_("Deze storting brengt het budget boven het toegezegde bedrag van %(amount)s cent.") % {"amount": budget.amount_cents})
        return _book(key, TransferKind.DEPOSIT, amount, source, pool, budget.pk, user)

    return _run(key, TransferKind.DEPOSIT, operation)


def _age_on(birth_date, today):
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def check_eligibility(budget, passport, *, birth_date=None, target_groups=(), today=None):
    """Raise a FundError naming the first rule the person does not meet."""
    today = today or timezone.localdate()
    _check_valid(budget, today)
    municipality = passport.home_municipality
    if budget.municipalities and (municipality is None or municipality.code not in budget.municipalities):
        raise FundError(_("Dit budget is alleen voor inwoners van bepaalde gemeenten."))
    if budget.regions and (municipality is None or municipality.region.code not in budget.regions):
        raise FundError(_("Dit budget is alleen voor inwoners van bepaalde arbeidsmarktregio's."))
    if budget.target_groups and not set(target_groups) & set(budget.target_groups):
        raise FundError(_("Deze persoon hoort niet bij een doelgroep van dit budget."))
    if budget.age_min is not None or budget.age_max is not None:
        if birth_date is None:
            raise FundError(_("Voor dit budget is de geboortedatum nodig."))
        age = _age_on(birth_date, today)
        if (budget.age_min is not None and age < budget.age_min) or (budget.age_max is not None and age > budget.age_max):
            raise FundError(_("De leeftijd van deze persoon valt buiten de leeftijdsgrenzen van dit budget."))


def grant(budget, passport, amount, *, key, user=None, birth_date=None, target_groups=(), today=None):
    """Move credit from the budget's pool to the person's credit account."""
    _check_amount(amount)
    today = today or timezone.localdate()

    def operation():
        check_eligibility(budget, passport, birth_date=birth_date, target_groups=target_groups, today=today)
        pool = account_for(AccountKind.BUDGET_POOL, budget=budget)
        credit = account_for(AccountKind.PERSON_CREDIT, budget=budget, passport=passport)
        locked = _lock(pool, credit)
        if (existing := _existing(key, TransferKind.GRANT)) is not None:
            return existing
        if budget.yearly_cap_cents is not None:
            this_year = Transfer.objects.filter(
                kind=TransferKind.GRANT, credit_account=credit, created_at__gte=timezone.make_aware(datetime(today.year, 1, 1))
            ).aggregate(total=Sum("amount_cents"))["total"] or 0
            if this_year + amount > budget.yearly_cap_cents:
                raise FundError(
                    _("Dit gaat boven het maximum van %(cap)s cent per persoon per jaar (al toegekend: %(granted)s cent).")
                    % {"cap": budget.yearly_cap_cents, "granted": this_year}
                )
        if locked[pool.pk].balance_cents < amount:
            raise FundError(_("Het budget heeft niet genoeg geld voor deze toekenning."))
        return _book(key, TransferKind.GRANT, amount, pool, credit, budget.pk, user)

    return _run(key, TransferKind.GRANT, operation)


def hold(budget, passport, offering, *, key, user=None, today=None):
    """Enrol the person: reserve the offering's catalogue price minus the co-payment from their credit (two-phase)."""
    today = today or timezone.localdate()

    def operation():
        from loket.catalog.models import Offering

        fresh = Offering.objects.select_related("course__provider").get(pk=offering.pk)
        provider = fresh.course.provider
        _check_valid(budget, today)
        if not provider.approved:
            raise FundError(_("Deze opleider is niet goedgekeurd door het ontwikkelfonds."))
        if budget.recognised_only and not fresh.course.recognised:
            raise FundError(_("Deze opleiding is niet erkend en kan niet uit dit budget worden betaald."))
        if fresh.cancelled:
            raise FundError(_("Dit aanbod is geannuleerd."))
        co_payment = ledger.co_payment_cents(fresh.price_cents, budget.co_payment_percent)
        amount = fresh.price_cents - co_payment
        if amount <= 0:
            raise FundError(_("Er valt voor dit aanbod niets uit het budget te betalen."))
        credit = account_for(AccountKind.PERSON_CREDIT, budget=budget, passport=passport)
        held = account_for(AccountKind.PERSON_HOLD, budget=budget, passport=passport)
        locked = _lock(credit, held)
        if (existing := _existing(key, TransferKind.HOLD)) is not None:
            return existing
        if locked[credit.pk].balance_cents < amount:
            raise FundError(
                _("Onvoldoende tegoed: nodig %(needed)s cent, beschikbaar %(available)s cent.")
                % {"needed": amount, "available": locked[credit.pk].balance_cents}
            )
        enrolment = Enrolment.objects.create(
            passport=passport, offering=fresh, budget=budget, price_cents=fresh.price_cents, co_payment_cents=co_payment
        )
        return _book(
            key, TransferKind.HOLD, amount, credit, held, budget.pk, user, state=TransferState.PENDING,
            enrolment=enrolment, offering=fresh, provider=provider,
        )  # fmt: skip

    return _run(key, TransferKind.HOLD, operation)


def _settle(hold_transfer, amount, key, kind, user):
    """Post (to the provider) or void (back to the credit) part or all of a pending hold."""
    if amount is not None:
        _check_amount(amount)

    def operation():
        held = hold_transfer.credit_account
        if kind == TransferKind.POST:
            target = account_for(AccountKind.PROVIDER_PAYABLE, budget_id=hold_transfer.budget_id, provider_id=hold_transfer.provider_id)
        else:
            target = hold_transfer.debit_account
        _lock(held, target)
        if (existing := _existing(key, kind)) is not None:
            return existing
        current = Transfer.objects.get(pk=hold_transfer.pk)
        if current.kind != TransferKind.HOLD:
            raise FundError(_("Alleen een reservering kan worden betaald of vrijgegeven."))
        settled = current.settlements.aggregate(total=Sum("amount_cents"))["total"] or 0
        remaining = current.amount_cents - settled
        if current.state != TransferState.PENDING or remaining <= 0:
            raise FundError(_("Deze reservering is al volledig afgehandeld."))
        part = remaining if amount is None else amount
        if part > remaining:
            raise FundError(_("Het bedrag is hoger dan wat nog gereserveerd is (%(remaining)s cent).") % {"remaining": remaining})
        transfer = _book(
            key, kind, part, held, target, current.budget_id, user,
            hold=current, enrolment_id=current.enrolment_id, offering_id=current.offering_id, provider_id=current.provider_id,
        )  # fmt: skip
        if part == remaining:
            any_posted = kind == TransferKind.POST or current.settlements.filter(kind=TransferKind.POST).exists()
            Transfer.objects.filter(pk=current.pk).update(state=TransferState.POSTED if any_posted else TransferState.VOIDED)
        enrolment_status = Enrolment.Status.STARTED if kind == TransferKind.POST else None
        if part == remaining and kind == TransferKind.VOID and not current.settlements.filter(kind=TransferKind.POST).exists():
            enrolment_status = Enrolment.Status.CANCELLED
        if enrolment_status:
            Enrolment.objects.filter(pk=current.enrolment_id).update(status=enrolment_status)
        return transfer

    return _run(key, kind, operation)


def post(hold_transfer, amount=None, *, key, user=None):
    """Pay (part of) a hold to the provider, after the provider confirmed the start."""
    return _settle(hold_transfer, amount, key, TransferKind.POST, user)


def void(hold_transfer, amount=None, *, key, user=None):
    """Release (the rest of) a hold back to the person's credit, e.g. on cancellation."""
    return _settle(hold_transfer, amount, key, TransferKind.VOID, user)


def refund(post_transfer, amount, *, key, user=None):
    """The provider returns (part of) a payment: back from its payable to the person's credit."""
    _check_amount(amount)

    def operation():
        payable = post_transfer.credit_account
        hold_transfer = post_transfer.hold
        credit = hold_transfer.debit_account
        _lock(payable, credit)
        if (existing := _existing(key, TransferKind.REFUND)) is not None:
            return existing
        if post_transfer.kind != TransferKind.POST:
            raise FundError(_("Alleen een betaling kan worden terugbetaald."))
        enrolment_transfers = Transfer.objects.filter(enrolment_id=post_transfer.enrolment_id)
        refunded = enrolment_transfers.filter(kind=TransferKind.REFUND).aggregate(total=Sum("amount_cents"))["total"] or 0
        posted = enrolment_transfers.filter(kind=TransferKind.POST).aggregate(total=Sum("amount_cents"))["total"] or 0
        if refunded + amount > posted:
            raise FundError(_("Er kan niet meer worden teruggestort dan er is betaald (%(left)s cent).") % {"left": posted - refunded})
        return _book(
            key, TransferKind.REFUND, amount, payable, credit, post_transfer.budget_id, user,
            enrolment_id=post_transfer.enrolment_id, offering_id=post_transfer.offering_id, provider_id=post_transfer.provider_id,
        )  # fmt: skip

    return _run(key, TransferKind.REFUND, operation)


def repayment(budget, amount, *, key, user=None):
    """A revolving budget records money paid back into its pool."""
    _check_amount(amount)

    def operation():
        if not budget.revolving:
            raise FundError(_("Dit budget is niet revolverend; terugbetalingen kunnen niet worden geboekt."))
        source = account_for(AccountKind.REPAYMENT_SOURCE, budget=budget)
        pool = account_for(AccountKind.BUDGET_POOL, budget=budget)
        _lock(source, pool)
        if (existing := _existing(key, TransferKind.REPAYMENT)) is not None:
            return existing
        return _book(key, TransferKind.REPAYMENT, amount, source, pool, budget.pk, user)

    return _run(key, TransferKind.REPAYMENT, operation)


def load_ledger():
    """Accounts, transfers and entries as plain dicts, in bulk, for ledger.check_invariants."""
    accounts = list(Account.objects.values("id", "kind", "budget_id", "balance_cents"))
    transfers = list(
        Transfer.objects.values(
            "id", "kind", "amount_cents", "debit_account_id", "credit_account_id", "budget_id", "hold_id", "enrolment_id", "offering_id", "provider_id"
        )
    )
    entries = list(Entry.objects.values("transfer_id", "account_id", "amount_cents"))
    return accounts, transfers, entries


def check_ledger():
    return ledger.check_invariants(*load_ledger())



# -- vouchers (added for fund/services/vouchers.py): a voucher's money sits on the person's VOUCHER account --


def voucher_issue(voucher, *, key, user=None):
    """Move the voucher's value from its budget's pool to the person's voucher account (a grant linked to the voucher)."""
    _check_amount(voucher.value_cents)

    def operation():
        pool = account_for(AccountKind.BUDGET_POOL, budget_id=voucher.budget_id)
        account = account_for(AccountKind.VOUCHER, budget_id=voucher.budget_id, passport_id=voucher.passport_id)
        locked = _lock(pool, account)
        if (existing := _existing(key, TransferKind.GRANT)) is not None:
            return existing
        if locked[pool.pk].balance_cents < voucher.value_cents:
            raise FundError(_("Het budget heeft niet genoeg geld voor deze voucher."))
        return _book(key, TransferKind.GRANT, voucher.value_cents, pool, account, voucher.budget_id, user, voucher=voucher)

    return _run(key, TransferKind.GRANT, operation)


def voucher_release(voucher, amount, *, key, user=None):
    """Return (part of) a voucher's value from the person's voucher account to the budget's pool."""
    _check_amount(amount)

    def operation():
        pool = account_for(AccountKind.BUDGET_POOL, budget_id=voucher.budget_id)
        account = account_for(AccountKind.VOUCHER, budget_id=voucher.budget_id, passport_id=voucher.passport_id)
        locked = _lock(pool, account)
        if (existing := _existing(key, TransferKind.VOID)) is not None:
            return existing
        if locked[account.pk].balance_cents < amount:
            raise FundError(_("Er staat minder op de voucherrekening dan er terug moet (%(balance)s cent).") % {"balance": locked[account.pk].balance_cents})
        return _book(key, TransferKind.VOID, amount, account, pool, voucher.budget_id, user, voucher=voucher)

    return _run(key, TransferKind.VOID, operation)


def voucher_hold(voucher, offering, *, key, user=None, today=None):
    """Enrol with a voucher: like ``hold`` but the money is reserved from the person's voucher account,
    so a void or refund later returns to that account (and from there to the pool)."""
    today = today or timezone.localdate()
    budget = voucher.budget

    def operation():
        from loket.catalog.models import Offering

        fresh = Offering.objects.select_related("course__provider").get(pk=offering.pk)
        provider = fresh.course.provider
        _check_valid(budget, today)
        if not provider.approved:
            raise FundError(_("Deze opleider is niet goedgekeurd door het ontwikkelfonds."))
        if budget.recognised_only and not fresh.course.recognised:
            raise FundError(_("Deze opleiding is niet erkend en kan niet uit dit budget worden betaald."))
        if fresh.cancelled:
            raise FundError(_("Dit aanbod is geannuleerd."))
        co_payment = ledger.co_payment_cents(fresh.price_cents, budget.co_payment_percent)
        amount = fresh.price_cents - co_payment
        if amount <= 0:
            raise FundError(_("Er valt voor dit aanbod niets uit het budget te betalen."))
        account = account_for(AccountKind.VOUCHER, budget_id=budget.pk, passport_id=voucher.passport_id)
        held = account_for(AccountKind.PERSON_HOLD, budget_id=budget.pk, passport_id=voucher.passport_id)
        locked = _lock(account, held)
        if (existing := _existing(key, TransferKind.HOLD)) is not None:
            return existing
        if amount > voucher.value_cents or locked[account.pk].balance_cents < amount:
            raise FundError(_("De voucher is te weinig waard voor dit aanbod: nodig %(needed)s cent.") % {"needed": amount})
        enrolment = Enrolment.objects.create(
            passport_id=voucher.passport_id, offering=fresh, budget=budget, voucher=voucher,
            price_cents=fresh.price_cents, co_payment_cents=co_payment,
        )  # fmt: skip
        return _book(
            key, TransferKind.HOLD, amount, account, held, budget.pk, user, state=TransferState.PENDING,
            enrolment=enrolment, offering=fresh, provider=provider, voucher=voucher,
        )  # fmt: skip

    return _run(key, TransferKind.HOLD, operation)

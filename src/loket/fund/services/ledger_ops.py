"""Every movement of money in the fund. Each operation:

- takes an idempotency key: repeating it returns the first transfer and moves nothing
  (the key is UNIQUE; a concurrent duplicate loses on the constraint and gets the winner's transfer);
- books through one primitive, ``_book``, that locks the two accounts with SELECT ... FOR UPDATE
  in ascending id order (so concurrent operations never deadlock), checks, and writes the transfer,
  its entries, both cached balances and an audit row: on PostgreSQL one call of the SQL function
  ``fund_book``, elsewhere the same steps through the ORM;
- refuses bad input with a ``FundError`` carrying a Dutch message, changing nothing.
"""

from contextlib import nullcontext
from contextvars import ContextVar
from datetime import datetime
from typing import NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import ledger, rules
from ..models import Account, AccountKind, AuditLog, Enrolment, Entry, Transfer, TransferKind, TransferState


class FundError(Exception):
    """A money operation was refused; ``str(error)`` is the message for the user."""


OWNER_COLUMNS = ("funder_id", "budget_id", "passport_id", "provider_id")
_ACCOUNT_COLUMNS = ("id", "kind", *OWNER_COLUMNS, "balance_cents")


def account_for(kind, **owner):
    """The account of that kind for that owner (funder, budget, passport, provider, or their ``_id``), created on first use."""
    return accounts_for((kind, owner))[0]


def accounts_for(*specs):
    """Several accounts at once, each created on first use: ``specs`` are (kind, owner dict) pairs.

    One plain SELECT rather than an ORM query: looking accounts up is on every enrolment's path.
    """
    wanted = []
    for kind, owner in specs:
        ids = {name if name.endswith("_id") else f"{name}_id": getattr(value, "pk", value) for name, value in owner.items()}
        wanted.append((str(kind), *(ids.get(column) for column in OWNER_COLUMNS)))
    conditions, parameters = [], []
    for kind, *owner_ids in wanted:
        parts = ["kind = %s"]
        parameters.append(kind)
        for column, value in zip(OWNER_COLUMNS, owner_ids):
            if value is None:
                parts.append(f"{column} IS NULL")
            else:
                parts.append(f"{column} = %s")
                parameters.append(value)
        conditions.append("(" + " AND ".join(parts) + ")")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_ACCOUNT_COLUMNS)} FROM fund_account WHERE {' OR '.join(conditions)}", parameters)
        found = {tuple(row[1:6]): _account_from(row) for row in cursor.fetchall()}
    return [
        found.get(owner) or Account.objects.get_or_create(kind=owner[0], **dict(zip(OWNER_COLUMNS, owner[1:])))[0]
        for owner in wanted
    ]


def _account_from(row):
    account = Account(**dict(zip(_ACCOUNT_COLUMNS, row)))
    account._state.adding, account._state.db = False, "default"
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


_inside_run = ContextVar("inside_fund_operation", default=False)

# Book through the SQL functions on PostgreSQL (migrations 0003, 0006); False books through the ORM there
# too, as on SQLite: bench/ledger.py measures both in one run.
SQL_FUNCTIONS = True


def _in_sql():
    return SQL_FUNCTIONS and connection.vendor == "postgresql"


class _Refused(Exception):
    """Raised by the booking primitive; ``code`` says which ledger rule, ``figure`` the amount that decided it."""

    def __init__(self, code, figure=0):
        super().__init__(code)
        self.code, self.figure = code, figure


# The booking primitive's refusals, as PostgreSQL's fund_book raises them (SQLSTATE) and _book_python mirrors them.
SHORT_OF_MONEY, HOLD_EXCEEDED, KEY_REUSED, NOT_A_HOLD, HOLD_SETTLED = "LK001", "LK002", "LK003", "LK004", "LK005"


def _book(key, kind, amount, debit, credit, budget_id, user=None, state=TransferState.POSTED, *, short=None, **links):
    """Book one transfer (two entries, both cached balances, an audit row) under row locks, once per key.

    ``amount`` None settles the rest of ``links["hold"]``. When the debit account is one that may not go
    below zero, a booking that would is refused: ``short(available)`` gives the message. Returns the new
    transfer, or the first transfer booked with ``key``.

    On PostgreSQL this is one call of the SQL function ``fund_book`` (migration 0003): the locks, checks
    and writes take one round trip, which is what lets 16 clients share hot accounts (bench/ledger.py).
    Elsewhere (SQLite, one writer at a time) ``_book_python`` does the same steps through the ORM; the
    whole fund test suite runs on both.
    """
    ids = {name: getattr(value, "pk", value) for name, value in links.items()}
    ids = {(name if name.endswith("_id") else f"{name}_id"): value for name, value in ids.items()}
    booking = dict(
        key=key, kind=kind, state=state, amount=amount, debit_id=debit.pk, credit_id=credit.pk, budget_id=budget_id,
        user_id=getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None,
        guarded=debit.kind in ledger.NON_NEGATIVE_KINDS, hold_id=ids.get("hold_id"), enrolment_id=ids.get("enrolment_id"),
        offering_id=ids.get("offering_id"), provider_id=ids.get("provider_id"), voucher_id=ids.get("voucher_id"),
    )  # fmt: skip
    try:
        if _in_sql():
            return _book_postgresql(booking)
        return _book_python(booking)
    except _Refused as refused:
        raise _refusal(refused, short) from None


def _refusal(refused, short=None):
    """The FundError, in words, for a refusal of the booking primitive."""
    if refused.code == SHORT_OF_MONEY:
        return FundError(short(refused.figure) if short else _("Er staat niet genoeg op de rekening voor deze boeking."))
    if refused.code == HOLD_EXCEEDED:
        return FundError(_("Het bedrag is hoger dan wat nog gereserveerd is (%(remaining)s cent).") % {"remaining": refused.figure})
    if refused.code == KEY_REUSED:
        return FundError(_("Deze idempotentiesleutel is al gebruikt voor een andere handeling."))
    if refused.code == NOT_A_HOLD:
        return FundError(_("Alleen een reservering kan worden betaald of vrijgegeven."))
    return FundError(_("Deze reservering is al volledig afgehandeld."))


def _call_postgresql(sql, arguments):
    """One call of a booking function (migrations 0003 and 0006): its row, or a _Refused for its SQLSTATE."""
    try:
        # Inside a caller's transaction a refusal must not abort it: give the call its own savepoint
        # (not needed within _run, whose own atomic block rolls back on every refusal).
        own_savepoint = connection.in_atomic_block and not _inside_run.get()
        with transaction.atomic() if own_savepoint else nullcontext(), connection.cursor() as cursor:
            cursor.execute(sql, arguments)
            return cursor.fetchone()
    except DatabaseError as error:
        sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
        if sqlstate.startswith("LK"):
            raise _Refused(sqlstate, int(error.__cause__.diag.message_primary or 0)) from None
        raise


_FUND_BOOK = "SELECT created, id, amount_cents, state, created_at FROM fund_book(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"


def _book_postgresql(booking):
    arguments = [booking[name] for name in (
        "key", "kind", "state", "amount", "debit_id", "credit_id", "budget_id", "user_id", "guarded",
        "hold_id", "enrolment_id", "offering_id", "provider_id", "voucher_id",
    )]  # fmt: skip
    created, transfer_id, amount, state, created_at = _call_postgresql(_FUND_BOOK, arguments)
    if not created:
        return Transfer.objects.get(pk=transfer_id)
    return _transfer_from(booking, transfer_id, amount, state, created_at)


def _transfer_from(booking, transfer_id, amount, state, created_at):
    """The booked transfer as a model instance, without reading it back."""
    transfer = Transfer(
        id=transfer_id, idempotency_key=booking["key"], kind=booking["kind"], state=state, amount_cents=amount,
        debit_account_id=booking["debit_id"], credit_account_id=booking["credit_id"], budget_id=booking["budget_id"],
        hold_id=booking["hold_id"], enrolment_id=booking["enrolment_id"], offering_id=booking["offering_id"],
        provider_id=booking["provider_id"], voucher_id=booking["voucher_id"], created_by_id=booking["user_id"],
        created_at=created_at,
    )  # fmt: skip
    transfer._state.adding, transfer._state.db = False, "default"
    return transfer


def _book_python(booking):
    """fund_book's steps through the ORM, in a transaction (row locks where the database has them)."""
    with transaction.atomic():
        accounts = _lock(Account(pk=booking["debit_id"]), Account(pk=booking["credit_id"]))
        existing = Transfer.objects.filter(idempotency_key=booking["key"]).first()
        if existing is not None:
            if existing.kind != booking["kind"]:
                raise _Refused(KEY_REUSED)
            return existing
        amount = booking["amount"]
        if booking["hold_id"] is not None:
            held = Transfer.objects.select_for_update().get(pk=booking["hold_id"])
            remaining = held.amount_cents - held.settled_cents
            if held.kind != TransferKind.HOLD:
                raise _Refused(NOT_A_HOLD)
            if held.state != TransferState.PENDING or remaining <= 0:
                raise _Refused(HOLD_SETTLED)
            amount = remaining if amount is None else amount
            if amount > remaining:
                raise _Refused(HOLD_EXCEEDED, remaining)
        balance = accounts[booking["debit_id"]].balance_cents
        if booking["guarded"] and balance < amount:
            raise _Refused(SHORT_OF_MONEY, balance)
        if booking["hold_id"] is not None:
            fully = amount == remaining
            any_posted = booking["kind"] == TransferKind.POST or held.settlements.filter(kind=TransferKind.POST).exists()
            new_state = (TransferState.POSTED if any_posted else TransferState.VOIDED) if fully else held.state
            Transfer.objects.filter(pk=held.pk).update(settled_cents=F("settled_cents") + amount, state=new_state)
            if booking["enrolment_id"] is not None:
                if booking["kind"] == TransferKind.POST:
                    Enrolment.objects.filter(pk=booking["enrolment_id"], status=Enrolment.Status.HELD).update(status=Enrolment.Status.STARTED)
                elif fully and not any_posted:
                    Enrolment.objects.filter(pk=booking["enrolment_id"], status=Enrolment.Status.HELD).update(status=Enrolment.Status.CANCELLED)
        transfer = Transfer.objects.create(
            idempotency_key=booking["key"], kind=booking["kind"], state=booking["state"], amount_cents=amount,
            debit_account_id=booking["debit_id"], credit_account_id=booking["credit_id"], budget_id=booking["budget_id"],
            created_by_id=booking["user_id"], hold_id=booking["hold_id"], enrolment_id=booking["enrolment_id"],
            offering_id=booking["offering_id"], provider_id=booking["provider_id"], voucher_id=booking["voucher_id"],
        )  # fmt: skip
        Entry.objects.bulk_create(
            [
                Entry(transfer=transfer, account_id=booking["debit_id"], amount_cents=-amount),
                Entry(transfer=transfer, account_id=booking["credit_id"], amount_cents=amount),
            ]
        )
        Account.objects.filter(pk=booking["debit_id"]).update(balance_cents=F("balance_cents") - amount)
        Account.objects.filter(pk=booking["credit_id"]).update(balance_cents=F("balance_cents") + amount)
        AuditLog.objects.create(
            user_id=booking["user_id"], action=booking["kind"], object_type="transfer", object_id=transfer.pk,
            data=_audit_data(booking, amount),
        )  # fmt: skip
        return transfer


def _audit_data(booking, amount):
    return {"key": booking["key"], "amount_cents": amount, "debit": booking["debit_id"], "credit": booking["credit_id"], "budget": booking["budget_id"]}


def _run(key, kind, operation, *, atomic=True):
    """Run ``operation`` atomically; a used ``key`` returns its first transfer and moves nothing.

    The key is not looked up first: the booking primitive finds a used key under its locks, and only
    when the operation is refused (its rules may no longer hold on a replay, e.g. the budget has run
    out since) or loses a race on the UNIQUE key do we look for the first transfer. That saves the
    busiest path a round trip.
    """
    if not key:
        raise FundError(_("Een idempotentiesleutel is verplicht."))
    # Without a transaction of its own (an operation whose one write is a single SQL statement) a
    # booking inside a caller's transaction still needs its own savepoint.
    token = _inside_run.set(atomic)
    try:
        with transaction.atomic() if atomic else nullcontext():
            return operation()
    except (FundError, IntegrityError):
        existing = _existing(key, kind)
        if existing is None:
            raise
        return existing
    finally:
        _inside_run.reset(token)


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
        deposited = Transfer.objects.filter(budget=budget, kind=TransferKind.DEPOSIT).aggregate(total=Sum("amount_cents"))["total"] or 0
        if deposited + amount > budget.amount_cents:
            raise FundError(_("Deze storting brengt het budget boven het toegezegde bedrag van %(amount)s cent.") % {"amount": budget.amount_cents})
        return _book(key, TransferKind.DEPOSIT, amount, source, pool, budget.pk, user)

    return _run(key, TransferKind.DEPOSIT, operation)


def check_eligibility(budget, passport, *, birth_date=None, target_groups=(), today=None):
    """Raise a FundError naming the first rule of the budget the person does not meet (rules.ineligibility decides)."""
    today = today or timezone.localdate()
    _check_valid(budget, today)
    municipality = passport.home_municipality
    person = rules.Person(
        birth_date=birth_date, target_groups=tuple(target_groups or ()),
        municipality_code=municipality.code if municipality else None, region_code=municipality.region.code if municipality else None,
    )  # fmt: skip
    reason = rules.ineligibility(rules.budget_rule(budget), person, today)
    if reason:
        raise FundError(reason)


def given_this_year(budget, passport, today):
    """Credit granted and voucher value issued (not withdrawn) to the person from this budget this calendar year:
    what the budget's yearly cap counts. Callers lock the person's credit account first."""
    from ..models import Voucher

    return (
        Transfer.objects.filter(
            budget=budget, kind=TransferKind.GRANT, credit_account__passport=passport,
            credit_account__kind__in=[AccountKind.PERSON_CREDIT, AccountKind.VOUCHER],
            created_at__gte=timezone.make_aware(datetime(today.year, 1, 1)),
        )  # fmt: skip
        .exclude(voucher__status=Voucher.Status.WITHDRAWN)
        .aggregate(total=Sum("amount_cents"))["total"]
        or 0
    )


def grant(budget, passport, amount, *, key, user=None, birth_date=None, target_groups=(), today=None):
    """Move credit from the budget's pool to the person's credit account."""
    _check_amount(amount)
    today = today or timezone.localdate()

    def operation():
        check_eligibility(budget, passport, birth_date=birth_date, target_groups=target_groups, today=today)
        pool, credit = accounts_for((AccountKind.BUDGET_POOL, {"budget": budget}), (AccountKind.PERSON_CREDIT, {"budget": budget, "passport": passport}))
        if budget.yearly_cap_cents is not None:
            # The cap counts earlier grants and vouchers: hold the person's credit account while counting them.
            _lock(credit)
            this_year = given_this_year(budget, passport, today)
            if this_year + amount > budget.yearly_cap_cents:
                raise FundError(
                    _("Dit gaat boven het maximum van %(cap)s cent per persoon per jaar (al toegekend: %(granted)s cent).")
                    % {"cap": budget.yearly_cap_cents, "granted": this_year}
                )
        return _book(
            key, TransferKind.GRANT, amount, pool, credit, budget.pk, user,
            short=lambda available: _("Het budget heeft niet genoeg geld voor deze toekenning."),
        )  # fmt: skip

    return _run(key, TransferKind.GRANT, operation)


class PayableOffering(NamedTuple):
    id: int
    price_cents: int
    provider_id: int


_PAYABLE_OFFERING = """
SELECT offering.id, offering.price_cents, offering.cancelled, course.recognised, course.provider_id, provider.approved
FROM catalog_offering AS offering
JOIN catalog_course AS course ON course.id = offering.course_id
JOIN catalog_provider AS provider ON provider.id = course.provider_id
WHERE offering.id = %s
"""


def _payable_offering(budget, offering, today):
    """The offering's price and provider fresh from the catalogue, with the fund's own refusals (approved provider,
    recognised, not cancelled). One plain SELECT: it is on every enrolment's path."""
    _check_valid(budget, today)
    with connection.cursor() as cursor:
        cursor.execute(_PAYABLE_OFFERING, [offering.pk])
        row = cursor.fetchone()
    if row is None:
        raise FundError(_("Dit aanbod bestaat niet meer."))
    offering_id, price_cents, cancelled, recognised, provider_id, approved = row
    if not approved:
        raise FundError(_("Deze opleider is niet goedgekeurd door het ontwikkelfonds."))
    if budget.recognised_only and not recognised:
        raise FundError(_("Deze opleiding is niet erkend en kan niet uit dit budget worden betaald."))
    if cancelled:
        raise FundError(_("Dit aanbod is geannuleerd."))
    return PayableOffering(offering_id, price_cents, provider_id)


def _reserve(budget, passport_id, offering, source_kind, *, key, user, today, voucher=None, short):
    """Enrol: reserve the catalogue price minus the co-payment from the person's ``source_kind`` account (two-phase)."""
    today = today or timezone.localdate()
    on_postgresql = _in_sql()

    def operation():
        fresh = _payable_offering(budget, offering, today)
        co_payment = rules.co_payment_cents(fresh.price_cents, budget.co_payment_percent)
        amount = fresh.price_cents - co_payment
        if amount <= 0:
            raise FundError(_("Er valt voor dit aanbod niets uit het budget te betalen."))
        if voucher is not None and amount > voucher.value_cents:
            raise FundError(_("De voucher is te weinig waard voor dit aanbod: nodig %(needed)s cent.") % {"needed": amount})
        if on_postgresql:
            return _hold_postgresql(key, source_kind, budget, passport_id, fresh, voucher, co_payment, user, short=lambda available: short(amount, available))
        source, held = accounts_for(
            (source_kind, {"budget_id": budget.pk, "passport_id": passport_id}),
            (AccountKind.PERSON_HOLD, {"budget_id": budget.pk, "passport_id": passport_id}),
        )
        enrolment = Enrolment.objects.create(
            passport_id=passport_id, offering_id=fresh.id, budget=budget, voucher=voucher, price_cents=fresh.price_cents, co_payment_cents=co_payment
        )
        transfer = _book(
            key, TransferKind.HOLD, amount, source, held, budget.pk, user, state=TransferState.PENDING,
            enrolment=enrolment, offering=fresh.id, provider=fresh.provider_id, voucher=voucher,
            short=lambda available: short(amount, available),
        )  # fmt: skip
        if transfer.enrolment_id != enrolment.pk:
            raise _Duplicate(transfer)  # a concurrent request with the same key won: undo this enrolment
        return transfer

    try:
        # On PostgreSQL the hold's one write is one statement (fund_hold): no transaction of its own needed.
        return _run(key, TransferKind.HOLD, operation, atomic=not on_postgresql)
    except _Duplicate as duplicate:
        return duplicate.transfer


_FUND_HOLD = (
    "SELECT created, id, amount_cents, state, created_at, enrolment_id, debit_id, credit_id"
    " FROM fund_hold(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _hold_postgresql(key, source_kind, budget, passport_id, fresh, voucher, co_payment, user, *, short):
    """fund_hold: the person's accounts, the enrolment and the hold in one round trip."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    voucher_id = getattr(voucher, "pk", None)
    arguments = [key, str(source_kind), budget.pk, passport_id, fresh.id, fresh.provider_id, voucher_id, fresh.price_cents, co_payment, user_id]
    try:
        created, transfer_id, amount, state, created_at, enrolment_id, debit_id, credit_id = _call_postgresql(_FUND_HOLD, arguments)
    except _Refused as refused:
        raise _refusal(refused, short) from None
    if not created:
        return Transfer.objects.get(pk=transfer_id)
    booking = dict(
        key=key, kind=TransferKind.HOLD, debit_id=debit_id, credit_id=credit_id, budget_id=budget.pk, hold_id=None,
        enrolment_id=enrolment_id, offering_id=fresh.id, provider_id=fresh.provider_id, voucher_id=voucher_id, user_id=user_id,
    )  # fmt: skip
    return _transfer_from(booking, transfer_id, amount, state, created_at)


class _Duplicate(Exception):
    def __init__(self, transfer):
        super().__init__(transfer.pk)
        self.transfer = transfer


def hold(budget, passport, offering, *, key, user=None, today=None):
    """Enrol the person: reserve the offering's catalogue price minus the co-payment from their credit (two-phase)."""
    return _reserve(
        budget, passport.pk, offering, AccountKind.PERSON_CREDIT, key=key, user=user, today=today,
        short=lambda needed, available: _("Onvoldoende tegoed: nodig %(needed)s cent, beschikbaar %(available)s cent.")
        % {"needed": needed, "available": available},
    )  # fmt: skip


def _settle(hold_transfer, amount, key, kind, user):
    """Post (to the provider) or void (back to where it came from) part or, with ``amount`` None, the rest of a pending hold.

    No transaction or key lookup of its own: the booking primitive locks, checks the hold's remaining amount
    and the key, and writes in one step, so settling is the cheapest money operation (it is the busiest).
    """
    if amount is not None:
        _check_amount(amount)
    if not key:
        raise FundError(_("Een idempotentiesleutel is verplicht."))
    if hold_transfer.kind != TransferKind.HOLD:
        raise FundError(_("Alleen een reservering kan worden betaald of vrijgegeven."))
    if kind == TransferKind.POST and _in_sql():
        return _post_postgresql(hold_transfer, amount, key, user)
    held = Account(pk=hold_transfer.credit_account_id, kind=AccountKind.PERSON_HOLD)
    if kind == TransferKind.POST:
        target = account_for(AccountKind.PROVIDER_PAYABLE, budget_id=hold_transfer.budget_id, provider_id=hold_transfer.provider_id)
    else:
        target = Account(pk=hold_transfer.debit_account_id)
    try:
        return _book(
            key, kind, amount, held, target, hold_transfer.budget_id, user,
            hold=hold_transfer.pk, enrolment=hold_transfer.enrolment_id, offering=hold_transfer.offering_id,
            provider=hold_transfer.provider_id, voucher=hold_transfer.voucher_id,
        )  # fmt: skip
    except IntegrityError:
        existing = _existing(key, kind)
        if existing is None:
            raise
        return existing


_FUND_POST = "SELECT created, id, amount_cents, state, created_at, credit_id FROM fund_post(%s, %s, %s, %s)"


def _post_postgresql(hold_transfer, amount, key, user):
    """fund_post: the provider's payable account and the payment in one round trip."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    try:
        created, transfer_id, booked, state, created_at, payable_id = _call_postgresql(_FUND_POST, [key, amount, hold_transfer.pk, user_id])
    except _Refused as refused:
        raise _refusal(refused) from None
    except IntegrityError:
        existing = _existing(key, TransferKind.POST)
        if existing is None:
            raise
        return existing
    if not created:
        return Transfer.objects.get(pk=transfer_id)
    booking = dict(
        key=key, kind=TransferKind.POST, debit_id=hold_transfer.credit_account_id, credit_id=payable_id, budget_id=hold_transfer.budget_id,
        hold_id=hold_transfer.pk, enrolment_id=hold_transfer.enrolment_id, offering_id=hold_transfer.offering_id,
        provider_id=hold_transfer.provider_id, voucher_id=hold_transfer.voucher_id, user_id=user_id,
    )  # fmt: skip
    return _transfer_from(booking, transfer_id, booked, state, created_at)


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
        return _book(key, TransferKind.REPAYMENT, amount, source, pool, budget.pk, user)

    return _run(key, TransferKind.REPAYMENT, operation)


def load_ledger():
    """Accounts, transfers and entries as plain dicts, in bulk, for ledger.check_invariants."""
    accounts = list(Account.objects.values("id", "kind", "budget_id", "balance_cents"))
    transfers = list(
        Transfer.objects.values(
            "id", "kind", "amount_cents", "settled_cents", "debit_account_id", "credit_account_id", "budget_id", "hold_id",
            "enrolment_id", "offering_id", "provider_id",
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
        if locked[account.pk].balance_cents < amount:
            raise FundError(_("Er staat minder op de voucherrekening dan er terug moet (%(balance)s cent).") % {"balance": locked[account.pk].balance_cents})
        return _book(key, TransferKind.VOID, amount, account, pool, voucher.budget_id, user, voucher=voucher)

    return _run(key, TransferKind.VOID, operation)


def voucher_hold(voucher, offering, *, key, user=None, today=None):
    """Enrol with a voucher: like ``hold`` but the money is reserved from the person's voucher account,
    so a void or refund later returns to that account (and from there to the pool)."""
    return _reserve(
        voucher.budget, voucher.passport_id, offering, AccountKind.VOUCHER, key=key, user=user, today=today, voucher=voucher,
        short=lambda needed, available: _("De voucher is te weinig waard voor dit aanbod: nodig %(needed)s cent.") % {"needed": needed},
    )  # fmt: skip

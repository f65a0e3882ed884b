"""The development fund's money model: funders, budgets, accounts and a double-entry ledger.

Money moves only as a ``Transfer`` with exactly two immutable ``Entry`` lines
(``-amount`` on the debit account, where the money leaves, ``+amount`` on the
credit account, where it arrives). Amounts are integer cents. An account's
balance is the sum of its entries; ``Account.balance_cents`` is a cache kept in
the same transaction and checked against the entries by ``loket ledger-check``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class FunderKind(models.TextChoices):
    MINISTRY_SZW = "ministry_szw", _("Ministerie van SZW")
    MINISTRY_OCW = "ministry_ocw", _("Ministerie van OCW")
    MUNICIPALITY = "municipality", _("Gemeente")
    SECTOR_FUND = "sector_fund", _("O&O-fonds van de sector")
    PROVINCE = "province", _("Provincie")


class TargetGroup(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Werkzoekende")
    IN_TECHNOLOGY = "in_technology", _("Werkzaam in de techniek")
    SIDE_ENTRANT = "side_entrant", _("Zij-instromer")


class PriorityRule(models.TextChoices):
    """Who goes first when a budget cannot serve everyone: need, never speed."""

    LOW_EDUCATED = "low_educated", _("Laagopgeleid (hoogstens mbo 2 / NLQF 2)")
    JOB_SEEKER = "job_seeker", _("Werkzoekend")
    SHRINKING_SECTOR = "shrinking_sector", _("Komt uit een krimpsector")


class RefundRule(models.TextChoices):
    """What happens to the money when an enrolment stops after its start."""

    KEEP_START_PART = "keep_start_part", _("De opleider houdt het deel bij de start; de rest gaat terug")
    PRO_RATA_ATTENDANCE = "pro_rata_attendance", _("De opleider krijgt naar rato van de aanwezigheid; de rest gaat terug")


class Funder(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort financier"), max_length=16, choices=FunderKind.choices)

    class Meta:
        verbose_name = _("financier")
        verbose_name_plural = _("financiers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Budget(models.Model):
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("financier"))
    name = models.CharField(_("naam"), max_length=200)
    # The ceiling the funder committed; deposits can never add up to more.
    amount_cents = models.PositiveBigIntegerField(_("toegekend bedrag (centen)"))
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))
    # Eligibility: empty lists mean "no restriction".
    municipalities = models.JSONField(_("gemeenten (CBS-codes)"), default=list, blank=True)
    regions = models.JSONField(_("arbeidsmarktregio's (CBS-codes)"), default=list, blank=True)
    target_groups = models.JSONField(_("doelgroepen"), default=list, blank=True, help_text=_("Waarden uit TargetGroup."))
    age_min = models.PositiveSmallIntegerField(_("minimumleeftijd"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximumleeftijd"), null=True, blank=True)
    recognised_only = models.BooleanField(_("alleen erkende opleidingen"), default=True)
    yearly_cap_cents = models.PositiveIntegerField(_("maximum per persoon per jaar (centen)"), null=True, blank=True)
    co_payment_percent = models.PositiveSmallIntegerField(
        _("eigen bijdrage (procent)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    revolving = models.BooleanField(_("revolverend"), default=False)
    # Which offerings it may pay for, besides recognised_only: empty means every level.
    course_levels = models.JSONField(_("opleidingsniveaus"), default=list, blank=True, help_text=_("Waarden uit CourseLevel."))
    max_price_cents = models.PositiveIntegerField(_("maximumprijs per inschrijving (centen)"), null=True, blank=True)
    # Caps on what one offering or one provider may receive from this budget, holds included (STAP lesson).
    offering_cap_cents = models.PositiveBigIntegerField(_("maximum per aanbod (centen)"), null=True, blank=True)
    provider_cap_cents = models.PositiveBigIntegerField(_("maximum per opleider (centen)"), null=True, blank=True)
    # Paid at the confirmed start; the rest only on proven completion, pro rata to attendance.
    payout_at_start_percent = models.PositiveSmallIntegerField(
        _("betaald bij de start (procent)"), default=100, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    refund_rule = models.CharField(_("regel bij stoppen na de start"), max_length=20, choices=RefundRule.choices, default=RefundRule.KEEP_START_PART)
    priority_rules = models.JSONField(_("voorrangsregels, in volgorde"), default=list, blank=True, help_text=_("Waarden uit PriorityRule."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """A person who applied for a development account, and so let the fund use these facts to decide on it."""

    passport = models.OneToOneField("passport.Passport", on_delete=models.CASCADE, related_name="fund_participant")
    birth_date = models.DateField(_("geboortedatum"))
    target_groups = models.JSONField(_("doelgroepen"), default=list, blank=True, help_text=_("Waarden uit TargetGroup."))
    leaving_shrinking_sector = models.BooleanField(_("werkt in een krimpsector"), default=False)
    # Postcode and house number, normalised ("1011AB-12"): the fund's check for many enrolments from one address.
    address_key = models.CharField(_("postcode en huisnummer"), max_length=20)
    consent_at = models.DateTimeField(_("toestemming gegeven op"))

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self):
        return str(self.passport)


class AccountKind(models.TextChoices):
    FUNDER_SOURCE = "funder_source", _("Bron van de financier")
    BUDGET_POOL = "budget_pool", _("Budget (nog niet toegekend)")
    PERSON_CREDIT = "person_credit", _("Tegoed van een persoon")
    PERSON_HOLD = "person_hold", _("Gereserveerd voor inschrijvingen")
    VOUCHER = "voucher", _("Voucher")
    PROVIDER_PAYABLE = "provider_payable", _("Te betalen aan opleider")
    REPAYMENT_SOURCE = "repayment_source", _("Terugbetalingen")


class Account(models.Model):
    kind = models.CharField(_("soort rekening"), max_length=16, choices=AccountKind.choices)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts")
    passport = models.ForeignKey("passport.Passport", on_delete=models.PROTECT, null=True, blank=True, related_name="fund_accounts")
    provider = models.ForeignKey("catalog.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="fund_accounts")
    # A cache of the sum of this account's entries, written in the same transaction as they are.
    balance_cents = models.BigIntegerField(_("saldo (centen)"), default=0)

    class Meta:
        verbose_name = _("rekening")
        verbose_name_plural = _("rekeningen")
        constraints = [
            # One account per kind and owner. The owners that do not apply are NULL, and NULLs never clash in a
            # unique index, so the index is on the ids with 0 for "none" (SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                "kind", *(Coalesce(owner, Value(0)) for owner in ("funder", "budget", "passport", "provider")),
                name="fund_account_one_per_owner",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class VoucherKind(models.TextChoices):
    """Matches catalog.CoursePurpose: a voucher pays only for offerings of its own kind."""

    ORIENTATION = "orientation", _("Oriëntatie")
    TRAINING = "training", _("Scholing")
    GUIDANCE = "guidance", _("Begeleiding")


class Voucher(models.Model):
    """Single-use credit issued by a coach or ServicePunt Techniek adviser; its money sits on the person's VOUCHER account."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Uitgegeven")
        USED = "used", _("Gebruikt")
        EXPIRED = "expired", _("Verlopen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="vouchers")
    passport = models.ForeignKey("passport.Passport", on_delete=models.PROTECT, related_name="fund_vouchers")
    kind = models.CharField(_("soort voucher"), max_length=12, choices=VoucherKind.choices)
    value_cents = models.PositiveIntegerField(_("waarde (centen)"))
    expires_on = models.DateField(_("geldig tot en met"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitgegeven door"))
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["expires_on", "id"]


class Enrolment(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Gereserveerd")
        STARTED = "started", _("Gestart")
        COMPLETED = "completed", _("Afgerond")
        STOPPED = "stopped", _("Gestopt na de start")
        CANCELLED = "cancelled", _("Geannuleerd")

    passport = models.ForeignKey("passport.Passport", on_delete=models.PROTECT, related_name="fund_enrolments")
    offering = models.ForeignKey("catalog.Offering", on_delete=models.PROTECT, related_name="fund_enrolments")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="enrolments")
    voucher = models.OneToOneField(Voucher, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolment")
    price_cents = models.PositiveIntegerField(_("catalogusprijs (centen)"))
    co_payment_cents = models.PositiveIntegerField(_("eigen bijdrage (centen)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    # Why this budget pays, in the person's language at the time (the fixed payment order, explained).
    payment_reason = models.CharField(_("waarom dit budget betaalt"), max_length=500, blank=True)
    attendance_percent = models.PositiveSmallIntegerField(
        _("aanwezigheid (procent)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    started_at = models.DateTimeField(_("start bevestigd op"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afronding bevestigd op"), null=True, blank=True)
    ended_at = models.DateTimeField(_("gestopt of geannuleerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")


class TransferKind(models.TextChoices):
    DEPOSIT = "deposit", _("Storting")
    GRANT = "grant", _("Toekenning")
    HOLD = "hold", _("Reservering")
    POST = "post", _("Betaling")
    VOID = "void", _("Vrijgave")
    REFUND = "refund", _("Terugstorting")
    REPAYMENT = "repayment", _("Terugbetaling")


class TransferState(models.TextChoices):
    PENDING = "pending", _("In afwachting")
    POSTED = "posted", _("Geboekt")
    VOIDED = "voided", _("Vervallen")


class Transfer(models.Model):
    idempotency_key = models.CharField(_("idempotentiesleutel"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=10, choices=TransferKind.choices)
    # A hold stays pending until it is fully posted or voided; every other transfer is posted at once.
    state = models.CharField(_("status"), max_length=8, choices=TransferState.choices, default=TransferState.POSTED)
    amount_cents = models.PositiveBigIntegerField(_("bedrag (centen)"))
    # For a hold: how much of it has been posted or voided so far, kept under the hold's row lock.
    settled_cents = models.PositiveBigIntegerField(_("afgehandeld (centen)"), default=0)
    debit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("van rekening"))
    credit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("naar rekening"))
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="transfers")
    hold = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="settlements")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="transfers")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, null=True, blank=True, related_name="transfers")
    offering = models.ForeignKey("catalog.Offering", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    provider = models.ForeignKey("catalog.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overboeking")
        verbose_name_plural = _("overboekingen")
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="fund_transfer_amount_positive")]


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Ledger entries are immutable; book a correcting transfer instead.")

    def delete(self):
        raise TypeError("Ledger entries are immutable; book a correcting transfer instead.")


class Entry(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Ledger entries are immutable; book a correcting transfer instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Ledger entries are immutable; book a correcting transfer instead.")


class Payout(models.Model):
    """A payment to a provider waiting for approval: above LOKET_FUND_APPROVAL_THRESHOLD_CENTS two different
    fund administrators must approve (four eyes) before the hold is posted."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Wacht op goedkeuring")
        POSTED = "posted", _("Betaald")
        REJECTED = "rejected", _("Afgewezen")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="payouts")
    amount_cents = models.PositiveIntegerField(_("bedrag (centen)"))
    class Reason(models.TextChoices):
        START = "start", _("start")
        COMPLETION = "completion", _("afronding")
        STOP = "stop", _("gestopt na de start")

    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    first_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    second_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="payout")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitbetaling")
        verbose_name_plural = _("uitbetalingen")
        ordering = ["created_at", "id"]


class AllocationRound(models.Model):
    """A bulk grant by rule: previewed first, then carried out once; when the budget cannot serve every
    eligible participant, the budget's priority rules decide who is served, then a seeded lottery."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Voorbeeld")
        RUNNING = "running", _("Bezig")
        CARRIED_OUT = "carried_out", _("Uitgevoerd")
        FAILED = "failed", _("Mislukt")

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="allocation_rounds")
    amount_cents = models.PositiveIntegerField(_("bedrag per persoon (centen)"))
    # Narrower than the budget's own rules (same shape: municipalities, regions, target_groups, age_min, age_max).
    rule = models.JSONField(_("regel"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    eligible_count = models.PositiveIntegerField(_("aantal in aanmerking"), default=0)
    served_count = models.PositiveIntegerField(_("aantal bediend"), default=0)
    total_cents = models.PositiveBigIntegerField(_("totaal (centen)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    carried_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)
    # Carrying out runs in the background (services/allocation.py): who it serves is fixed when it first starts,
    # so a resumed run grants the same people; the counts are its visible progress.
    planned = models.JSONField(_("te bedienen deelnemers"), default=list, blank=True)
    granted_count = models.PositiveIntegerField(_("aantal toegekend"), default=0)
    skipped_count = models.PositiveIntegerField(_("aantal overgeslagen"), default=0)
    skipped = models.JSONField(_("overgeslagen, met reden"), default=list, blank=True)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    progress_at = models.DateTimeField(_("laatste voortgang"), null=True, blank=True)
    error = models.TextField(_("fout"), blank=True)

    class Meta:
        verbose_name = _("toekenningsronde")
        verbose_name_plural = _("toekenningsrondes")
        ordering = ["-created_at", "-id"]

    @property
    def to_do(self):
        return len(self.planned) if self.planned else self.served_count

    @property
    def done(self):
        return self.granted_count + self.skipped_count

    @property
    def percent(self):
        return round(100 * self.done / self.to_do, 1) if self.to_do else 0.0


class SignalReview(models.Model):
    """A fund administrator's verdict on a fraud signal; the signals themselves are computed (fund/fraud.py)."""

    class Verdict(models.TextChoices):
        FINE = "fine", _("In orde")
        INVESTIGATE = "investigate", _("Onderzoeken")
        BLOCKED = "blocked", _("Opleider geblokkeerd")

    code = models.CharField(_("signaal"), max_length=40)
    subject = models.CharField(_("onderwerp"), max_length=100)  # e.g. "provider:12", "offering:7", "address:1011AB-12"
    verdict = models.CharField(_("oordeel"), max_length=12, choices=Verdict.choices)
    note = models.CharField(_("toelichting"), max_length=1000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beoordeling van een signaal")
        verbose_name_plural = _("beoordelingen van signalen")
        ordering = ["-reviewed_at", "-id"]


class AuditLog(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("handeling"), max_length=40)
    object_type = models.CharField(_("soort object"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object-id"), null=True)
    data = models.JSONField(_("gegevens"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-created_at", "-id"]

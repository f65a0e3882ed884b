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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


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
            models.UniqueConstraint(
                fields=["kind", "funder", "budget", "passport", "provider"],
                name="fund_account_one_per_owner",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Gereserveerd")
        STARTED = "started", _("Gestart")
        COMPLETED = "completed", _("Afgerond")
        CANCELLED = "cancelled", _("Geannuleerd")

    passport = models.ForeignKey("passport.Passport", on_delete=models.PROTECT, related_name="fund_enrolments")
    offering = models.ForeignKey("catalog.Offering", on_delete=models.PROTECT, related_name="fund_enrolments")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="enrolments")
    price_cents = models.PositiveIntegerField(_("catalogusprijs (centen)"))
    co_payment_cents = models.PositiveIntegerField(_("eigen bijdrage (centen)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
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
    debit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("van rekening"))
    credit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("naar rekening"))
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="transfers")
    hold = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="settlements")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="transfers")
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

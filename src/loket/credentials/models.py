"""Signed skill claims: who issued what to whom, and whether it still holds.

The signed documents are kept as issued, so the loket can hand out the very
bytes that were signed; the revocation state lives in ``IssuedCredential``
and is published per issuer key as a Bitstring Status List.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.passport.models import Evidence

# A claim by an issuer is never the person's own say-so.
ISSUED_EVIDENCE = [(value, label) for value, label in Evidence.choices if value != Evidence.SELF]


class IssuerKey(models.Model):
    """An organisation's Ed25519 signing key; the public half is in the DID."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="credential_keys", verbose_name=_("organisatie")
    )
    did = models.CharField("DID", max_length=120, unique=True)
    encrypted_private_key = models.TextField(help_text=_("Versleuteld met een sleutel afgeleid van SECRET_KEY."))
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("sleutel van een uitgever")
        verbose_name_plural = _("sleutels van uitgevers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(retired_at__isnull=True), name="one_active_issuer_key_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.did}"


class StatusList(models.Model):
    """One Bitstring Status List (revocation) of an issuer key, published as a
    signed BitstringStatusListCredential at ``url``."""

    issuer_key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="status_lists")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    url = models.URLField(_("adres"), max_length=300, unique=True)
    purpose = models.CharField(max_length=20, default="revocation")
    length = models.PositiveIntegerField(default=131_072)
    document = models.JSONField(_("ondertekende statuslijst"), default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("statuslijst")
        verbose_name_plural = _("statuslijsten")
        ordering = ["issuer_key", "id"]

    def __str__(self):
        return self.url


class IssuedCredentialQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=at))


class IssuedCredential(models.Model):
    """One signed skill claim, in both formats it was signed in."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="issued_credentials", verbose_name=_("uitgever")
    )
    issuer_key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="credentials", verbose_name=_("persoon")
    )
    subject_name = models.CharField(_("naam van de persoon"), max_length=200, blank=True)
    # What the issuer shows of the person: the address they typed themselves,
    # never the account's name or a later address.
    recipient_email = models.CharField(_("e-mailadres zoals de uitgever het opgaf"), max_length=254, blank=True)
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("vaardigheid"))
    skill_label = models.CharField(_("vaardigheid zoals ondertekend"), max_length=300)
    evidence = models.CharField(_("bewijs"), max_length=20, choices=ISSUED_EVIDENCE)
    evidence_date = models.DateField(_("datum van het bewijs"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    valid_until = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revocation_reason = models.CharField(_("reden van intrekking"), max_length=300, blank=True)
    document = models.JSONField(_("verklaring (JSON-LD met Data Integrity-handtekening)"), default=dict)
    jwt = models.TextField(_("verklaring (VC-JWT)"), blank=True)
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text=_("De persoon heeft het account verwijderd; de ondertekende documenten zijn gewist.")
    )
    # The person decides whether the claim goes into their passport; an issuer cannot put it there.
    accepted_at = models.DateTimeField(_("in het paspoort opgenomen op"), null=True, blank=True)
    declined_at = models.DateTimeField(_("niet in het paspoort opgenomen op"), null=True, blank=True)

    objects = IssuedCredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondertekende verklaring")
        verbose_name_plural = _("ondertekende verklaringen")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["status_list", "status_index"], name="unique_status_list_index")]

    def __str__(self):
        # No name of the person: this is what admin pages and logs show.
        return f"{self.skill_label} — {self.organisation}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, at=None):
        return self.valid_until is not None and self.valid_until <= (at or timezone.now())

    @property
    def urn(self):
        return self.uuid.urn

    @property
    def decision(self):
        """new, accepted or declined: what the person chose for their passport."""
        if self.accepted_at is not None:
            return "accepted"
        return "declined" if self.declined_at is not None else "new"

    @property
    def can_be_accepted(self):
        return self.accepted_at is None and not self.is_revoked and not self.is_expired()


class CredentialEvent(models.Model):
    """The audit trail: every issue and revocation, with who did it. Names are
    copied so the entry still reads after an account is gone."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Uitgegeven")
        REVOKED = "revoked", _("Ingetrokken")
        ERASED = "erased", _("Gewist bij verwijderen van het account")

    credential = models.ForeignKey(IssuedCredential, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis bij een verklaring")
        verbose_name_plural = _("gebeurtenissen bij verklaringen")
        ordering = ["-at", "-id"]

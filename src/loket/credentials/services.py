"""Issuing, revoking and verifying signed skill claims (the ORM side of ``vc``)."""

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loket.accounts.models import Organisation, User
from loket.accounts.roles import Role
from loket.passport import services as passport_services
from loket.passport.models import Evidence, PassportSkill, SkillSource
from loket.taxonomy.models import Concept, ConceptKind

from . import keystore, vc
from .models import ISSUED_EVIDENCE, CredentialEvent, IssuedCredential, IssuerKey, StatusList

ISSUER_ROLES = (Role.PROVIDER, Role.EMPLOYER)
ISSUER_KINDS = (Organisation.Kind.PROVIDER, Organisation.Kind.EMPLOYER)
# A list is closed at three quarters full, so that a random free index is
# found in a few tries (random, so an index says nothing about issue order).
STATUS_LIST_FILL = 0.75
MAX_NOTE = 300
MAX_REASON = 300


class IssueError(Exception):
    """Input that cannot become a credential; ``errors`` maps field → Dutch message."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class RevokeError(Exception):
    pass


class DecisionError(Exception):
    """The person's choice about their passport cannot be made; the message says why."""


# -- who may issue --------------------------------------------------------------


def issuing_organisations(user):
    """The schools and employers on whose behalf this user may sign claims."""
    if not user.is_authenticated or not any(user.has_role(role) for role in ISSUER_ROLES):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, kind__in=ISSUER_KINDS).order_by("name").distinct()


def can_issue(user):
    return issuing_organisations(user).exists()


def may_manage(user, credential):
    return issuing_organisations(user).filter(pk=credential.organisation_id).exists()


# -- keys and status lists ----------------------------------------------------


def issuer_key_for(organisation):
    """The organisation's active key, made on first use."""
    key = IssuerKey.objects.filter(organisation=organisation, retired_at__isnull=True).first()
    if key:
        return key
    private_key = vc.new_private_key()
    try:
        with transaction.atomic():
            return IssuerKey.objects.create(
                organisation=organisation,
                did=vc.did_key(vc.public_key_of(private_key)),
                encrypted_private_key=keystore.encrypt(private_key, keystore.current_secrets()),
            )
    except IntegrityError:
        # Another request made the key at the same moment; use that one.
        return IssuerKey.objects.get(organisation=organisation, retired_at__isnull=True)


KEY_UNAVAILABLE = gettext_noop(
    "De sleutel van %(organisation)s kan niet worden gelezen (is SECRET_KEY vervangen zonder SECRET_KEY_FALLBACKS?). "
    "Vraag de beheerder van het loket om hulp; er is niets gewijzigd."
)


def private_key_of(issuer_key):
    return keystore.decrypt(issuer_key.encrypted_private_key, keystore.current_secrets())


def public_base_url(request=None):
    """Where the loket is reachable: LOKET_BASE_URL, else the address of the request."""
    configured = getattr(settings, "LOKET_BASE_URL", "") or os.environ.get("LOKET_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return "http://localhost:8000"


def publish_status_list(status_list, now=None):
    """Sign the list anew from the revocations in the database."""
    now = now or timezone.now()
    revoked = status_list.credentials.filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    unsigned = vc.status_list_credential(
        list_url=status_list.url,
        issuer_id=status_list.issuer_key.did,
        bits=vc.bitstring_with(revoked, status_list.length),
        valid_from=now,
        purpose=status_list.purpose,
    )
    private_key = private_key_of(status_list.issuer_key)
    status_list.document = vc.add_data_integrity_proof(unsigned, private_key, vc.verification_method(status_list.issuer_key.did), now)
    status_list.updated_at = now
    status_list.save(update_fields=["document", "updated_at"])
    return status_list.document


def open_status_list(issuer_key, base_url, now=None):
    for status_list in issuer_key.status_lists.filter(purpose=vc.REVOCATION).order_by("-id")[:1]:
        if status_list.credentials.count() < status_list.length * STATUS_LIST_FILL:
            return status_list
    public_id = uuid.uuid4()
    status_list = StatusList.objects.create(
        issuer_key=issuer_key,
        public_id=public_id,
        url=base_url + reverse("api:credentials_status_list", kwargs={"public_id": public_id}),
        length=vc.STATUS_LIST_LENGTH,
    )
    publish_status_list(status_list, now)
    return status_list


def free_index(status_list):
    taken = set(status_list.credentials.values_list("status_index", flat=True))
    while True:
        index = secrets.randbelow(status_list.length)
        if index not in taken:
            return index


# -- issuing ------------------------------------------------------------------


@dataclass
class IssueRequest:
    organisation: Organisation
    email: str
    skill: Concept | None
    evidence: str
    evidence_date: date | None
    valid_until: date | None = None
    note: str = ""


UNREACHABLE = gettext_noop("Aan dit e-mailadres kunnen wij geen verklaring uitgeven. Controleer het adres bij de persoon zelf.")


def find_person(email):
    """The person an issuer names by e-mail address, or a message why not.

    Every address that cannot receive a credential gets the same message: an
    issuer must not learn from it whether someone has an account, or of what kind.
    """
    email = (email or "").strip()
    if not email:
        raise IssueError({"email": _("Vul het e-mailadres van de persoon in.")})
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is None or not person.has_role(Role.PERSON):
        raise IssueError({"email": _(UNREACHABLE)})
    return person


def end_of_day(day):
    """The last second of a day in the loket's time zone: "geldig tot en met"."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def validate(issuer, request, today):
    errors = {}
    person = None
    if (request.email or "").strip().lower() == issuer.email.lower():
        errors["email"] = _("U kunt geen verklaring aan uzelf uitgeven.")
    else:
        try:
            person = find_person(request.email)
        except IssueError as error:
            errors.update(error.errors)
    if request.skill is None or request.skill.kind != ConceptKind.SKILL:
        errors["skill"] = _("Kies een vaardigheid uit ESCO.")
    if request.evidence not in dict(ISSUED_EVIDENCE):
        errors["evidence"] = _("Kies het soort bewijs.")
    if request.evidence_date is None:
        errors["evidence_date"] = _("Vul de datum van het bewijs in.")
    elif request.evidence_date > today:
        errors["evidence_date"] = _("De datum van het bewijs kan niet in de toekomst liggen.")
    if request.valid_until is not None and request.valid_until <= today:
        errors["valid_until"] = _("De einddatum moet na vandaag liggen.")
    if len(request.note or "") > MAX_NOTE:
        errors["note"] = _("De toelichting is te lang: maximaal %(max)s tekens.") % {"max": MAX_NOTE}
    if errors:
        raise IssueError(errors)
    return person


def issue(issuer, request, base_url, now=None):
    """Sign the claim in both formats, record it and audit it; all of it or
    nothing. The person then decides whether it goes into their passport."""
    now = now or timezone.now()
    if not issuing_organisations(issuer).filter(pk=request.organisation.pk).exists():
        raise PermissionDenied(_("U mag geen verklaringen uitgeven namens %(organisation)s.") % {"organisation": request.organisation})
    person = validate(issuer, request, timezone.localdate(now))
    skill = request.skill
    language = (get_language() or "nl")[:2]
    skill_label, label_language = skill.label_in(language)
    text = skill.text_in(label_language or language)
    evidence_label = str(Evidence(request.evidence).label)
    valid_until = end_of_day(request.valid_until) if request.valid_until else None
    note = (request.note or "").strip()
    for attempt in range(5):
        try:
            with transaction.atomic():
                key = issuer_key_for(request.organisation)
                status_list = open_status_list(key, base_url, now)
                index = free_index(status_list)
                credential_uuid = uuid.uuid4()
                claim = vc.SkillClaim(
                    credential_id=credential_uuid.urn,
                    issuer_did=key.did,
                    issuer_name=request.organisation.name,
                    issuer_url=request.organisation.website,
                    subject_name=person.full_name,
                    subject_email=person.email,
                    salt=vc.new_salt(),
                    skill_uri=skill.uri,
                    skill_label=skill_label,
                    skill_code=skill.code or skill.uri.rstrip("/").rsplit("/", 1)[-1],
                    skill_description=text.description if text else "",
                    evidence_kind=request.evidence,
                    evidence_label=evidence_label,
                    evidence_date=request.evidence_date,
                    evidence_note=note,
                    valid_from=now,
                    valid_until=valid_until,
                    language=label_language or language,
                    status=vc.status_list_entry(status_list.url, index),
                )
                document, jwt = vc.sign_credential(vc.open_badge_credential(claim), private_key_of(key), now)
                credential = IssuedCredential.objects.create(
                    uuid=credential_uuid,
                    organisation=request.organisation,
                    issuer_key=key,
                    issued_by=issuer,
                    subject=person,
                    subject_name=person.full_name,
                    recipient_email=request.email.strip(),
                    skill=skill,
                    skill_label=skill_label,
                    evidence=request.evidence,
                    evidence_date=request.evidence_date,
                    note=note,
                    status_list=status_list,
                    status_index=index,
                    issued_at=now,
                    valid_until=valid_until,
                    document=document,
                    jwt=jwt,
                )
                audit(credential, CredentialEvent.Action.ISSUED, issuer, now=now)
                return credential
        except keystore.KeyUnavailable:
            raise IssueError({"": _(KEY_UNAVAILABLE) % {"organisation": request.organisation.name}}) from None
        except IntegrityError:
            # Two issues drew the same index at once; draw again.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def audit(credential, action, actor, detail="", now=None):
    CredentialEvent.objects.create(
        credential=credential,
        action=action,
        actor=actor,
        actor_name=str(actor) if actor else "",
        organisation_name=credential.organisation.name,
        detail=detail[:300],
        at=now or timezone.now(),
    )


def passport_note(credential):
    return _("Ondertekende verklaring van %(organisation)s") % {"organisation": credential.organisation.name}


def record_in_passport(credential):
    """The signed skill lands in the passport, once: an existing entry gets the new evidence."""
    passport = passport_services.passport_for(credential.subject)
    created = passport_services.add_skills(
        passport,
        [credential.skill_id],
        source=SkillSource.CREDENTIAL,
        evidence=credential.evidence,
        evidence_date=credential.evidence_date,
        evidence_note=passport_note(credential),
    )
    if not created:
        passport.skills.filter(skill=credential.skill).update(
            evidence=credential.evidence, evidence_date=credential.evidence_date, evidence_note=passport_note(credential)
        )


def withdraw_from_passport(credential):
    """After a revocation the passport no longer shows that evidence: it takes
    another valid credential's evidence for the skill, or becomes the person's own say-so.
    Only credentials the person took into the passport count."""
    if credential.subject_id is None or credential.accepted_at is None:
        return
    entry = PassportSkill.objects.filter(passport__user_id=credential.subject_id, skill=credential.skill).first()
    if entry is None:
        return
    replacement = (
        IssuedCredential.objects.active()
        .filter(subject_id=credential.subject_id, skill=credential.skill, accepted_at__isnull=False)
        .exclude(pk=credential.pk)
        .first()
    )
    if replacement is not None:
        entry.evidence, entry.evidence_date = replacement.evidence, replacement.evidence_date
        entry.evidence_note = passport_note(replacement)
    elif entry.evidence == credential.evidence and entry.evidence_date == credential.evidence_date:
        entry.evidence, entry.evidence_date, entry.evidence_note = Evidence.SELF, None, ""
    else:
        return
    entry.save(update_fields=["evidence", "evidence_date", "evidence_note"])


# -- the person's choice ------------------------------------------------------


def decided_credential(person, credential):
    """The credential locked for the person's choice, or why they may not make it."""
    if credential.subject_id is None or credential.subject_id != person.pk or credential.erased_at is not None:
        raise PermissionDenied(_("Alleen de persoon over wie de verklaring gaat, beslist of zij in het paspoort komt."))
    return IssuedCredential.objects.select_for_update().select_related("organisation").get(pk=credential.pk)


def accept(person, credential, now=None):
    """The person takes the claim into their passport (again, after declining, if they like)."""
    now = now or timezone.now()
    with transaction.atomic():
        credential = decided_credential(person, credential)
        if credential.accepted_at is not None:
            raise DecisionError(_("Deze verklaring staat al in uw paspoort."))
        if credential.is_revoked:
            raise DecisionError(_("Deze verklaring is ingetrokken en kan niet meer in uw paspoort worden opgenomen."))
        if credential.is_expired(now):
            raise DecisionError(_("Deze verklaring is verlopen en kan niet meer in uw paspoort worden opgenomen."))
        credential.accepted_at, credential.declined_at = now, None
        credential.save(update_fields=["accepted_at", "declined_at"])
        record_in_passport(credential)
    return credential


def decline(person, credential, now=None):
    """The person keeps the claim but leaves their passport as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        credential = decided_credential(person, credential)
        if credential.accepted_at is not None:
            raise DecisionError(
                _("Deze verklaring staat al in uw paspoort. Wilt u de vaardigheid er niet meer in, verwijder haar dan in uw paspoort.")
            )
        if credential.declined_at is not None:
            raise DecisionError(_("U heeft deze verklaring al niet in uw paspoort opgenomen."))
        credential.declined_at = now
        credential.save(update_fields=["declined_at"])
    return credential


# -- revoking -----------------------------------------------------------------


def revoke(credential, by, reason, now=None):
    """Revoke at once: the bit is set in the published status list in the same transaction."""
    now = now or timezone.now()
    if not may_manage(by, credential):
        raise PermissionDenied(_("Alleen de organisatie die deze verklaring uitgaf, kan haar intrekken."))
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise RevokeError(_("De reden is te lang: maximaal %(max)s tekens.") % {"max": MAX_REASON})
    with transaction.atomic():
        # The lock serialises revocations of one list, so that no signed list misses one.
        status_list = StatusList.objects.select_for_update().select_related("issuer_key").get(pk=credential.status_list_id)
        credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.revoked_at is not None:
            raise RevokeError(_("Deze verklaring is al ingetrokken."))
        credential.revoked_at, credential.revoked_by, credential.revocation_reason = now, by, reason
        credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        try:
            publish_status_list(status_list, now)
        except keystore.KeyUnavailable:
            raise RevokeError(_(KEY_UNAVAILABLE) % {"organisation": credential.organisation.name}) from None
        audit(credential, CredentialEvent.Action.REVOKED, by, detail=reason, now=now)
        withdraw_from_passport(credential)
    return credential


# -- reading ------------------------------------------------------------------


def issued_by_organisations_of(user):
    return (
        IssuedCredential.objects.filter(organisation__in=issuing_organisations(user))
        .select_related("organisation", "skill", "issued_by", "revoked_by")
        .order_by("-issued_at", "-id")
    )


def credentials_of(person):
    return IssuedCredential.objects.filter(subject=person, erased_at__isnull=True).select_related("organisation", "skill")


def verify(data, now=None):
    """Verify as the public endpoint does: status lists and trusted issuers from
    this loket; another server's status list is never fetched."""

    def resolve_status_list(url):
        document = StatusList.objects.filter(url=url).values_list("document", flat=True).first()
        return document or None

    def known_issuer(did):
        return IssuerKey.objects.filter(did=did).exists()

    return vc.verify_credential(data, now=now, resolve_status_list=resolve_status_list, known_issuer=known_issuer)


def issuer_of(did):
    return IssuerKey.objects.select_related("organisation").filter(did=did).first()


def erase_subject(user, now=None):
    """The person deletes their account: the documents that carry their name
    go, and so does every free text an issuer wrote about them (note, reason of
    revocation, the audit entries' detail). The rows stay, so the issuer can
    still revoke and the audit trail still shows who issued and revoked when."""
    now = now or timezone.now()
    credentials = list(IssuedCredential.objects.filter(subject=user, erased_at__isnull=True).select_related("organisation"))
    for credential in credentials:
        credential.document, credential.jwt, credential.subject_name, credential.recipient_email = {}, "", "", ""
        credential.note, credential.revocation_reason, credential.erased_at = "", "", now
        credential.save(update_fields=["document", "jwt", "subject_name", "recipient_email", "note", "revocation_reason", "erased_at"])
    CredentialEvent.objects.filter(credential__in=credentials).update(detail="")
    for credential in credentials:
        audit(credential, CredentialEvent.Action.ERASED, None, now=now)

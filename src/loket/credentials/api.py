"""Signed skill claims over the API: everything the pages under /verklaringen/ do.

Issuing and revoking need a session of a member of a school or employer;
verifying, the issuers' keys and the status lists are public.
"""

import datetime
import json
import uuid

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.responses import Status
from ninja.security import django_auth

from loket.accounts.models import Organisation
from loket.taxonomy.models import Concept, ConceptKind

from . import services, vc
from .models import IssuedCredential, IssuerKey, StatusList

router = Router(tags=["credentials"])

JSON_LD_MEDIA_TYPE = "application/vc"
JWT_MEDIA_TYPE = "application/vc+jwt"


# --- Schemas ------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class IssuerOrganisationOut(OrganisationRef):
    did: str | None = Field(None, description="did:key van de sleutel waarmee de organisatie tekent; leeg tot de eerste verklaring")


class SkillRef(Schema):
    id: int
    uri: str
    label: str


class CredentialOut(Schema):
    id: str = Field(description="urn:uuid van de verklaring")
    uuid: uuid.UUID
    issuer: OrganisationRef
    issuer_did: str
    skill: SkillRef
    evidence: str
    evidence_label: str
    evidence_date: datetime.date
    note: str
    issued_at: datetime.datetime
    valid_until: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revocation_reason: str
    status: str = Field(description="valid, expired of revoked")
    status_list: str = Field(description="Adres van de statuslijst (BitstringStatusListCredential)")
    status_index: int


class IssuedOut(CredentialOut):
    email: str = Field(description="Het e-mailadres zoals de uitgever het opgaf; de naam van de persoon ziet de uitgever niet")


class MyCredentialOut(CredentialOut):
    decision: str = Field(description="new (nog niet beslist), accepted (in mijn paspoort) of declined (niet opgenomen)")
    accepted_at: datetime.datetime | None
    declined_at: datetime.datetime | None


class CredentialDocumentsOut(MyCredentialOut):
    document: dict = Field(description="Verifiable Credential 2.0 met Data Integrity-handtekening (eddsa-rdfc-2022)")
    jwt: str = Field(description="Dezelfde verklaring als VC-JWT")


class IssueIn(Schema):
    organisation_id: int | None = Field(None, description="Namens welke organisatie; mag leeg als u bij één school of werkgever hoort")
    email: str = Field(max_length=254, description="E-mailadres van de persoon in het loket")
    skill_id: int | None = Field(None, description="Id van een ESCO-vaardigheid (zie /api/v1/taxonomy/search?kind=skill)")
    skill_uri: str | None = Field(None, max_length=255, description="Of de ESCO-URI van de vaardigheid")
    evidence: str = Field(description="diploma, certificate, work_experience, assessment of endorsement")
    evidence_date: datetime.date
    valid_until: datetime.date | None = Field(None, description="Geldig tot en met; leeg is onbeperkt")
    note: str = Field("", max_length=300)


class RevokeIn(Schema):
    reason: str = Field("", max_length=300)


class VerifyIn(Schema):
    credential: dict | str = Field(description="De verklaring: JSON-LD (object of tekst) of een VC-JWT")
    email: str | None = Field(None, max_length=254, description="Optioneel: controleer of de verklaring over dit e-mailadres gaat")


class SummaryOut(Schema):
    id: str
    name: str
    issuer_id: str
    issuer_name: str
    subject_name: str
    skills: list[dict]
    evidence: list[dict]
    activity_date: str
    valid_from: str
    valid_until: str


class VerifyOut(Schema):
    verified: bool
    reason: str = Field(description="valid, malformed, unsupported, signature_invalid, unknown_issuer, expired, not_yet_valid, revoked of status_unavailable")
    message: str
    format: str = Field(description="data-integrity of vc-jwt")
    status_checked: bool
    issuer_known: bool | None
    issuer_organisation: OrganisationRef | None = None
    email_matches: bool | None = None
    summary: SummaryOut | None = None


class KeyOut(Schema):
    did: str
    created_at: datetime.datetime
    retired_at: datetime.datetime | None
    did_document: dict
    status_lists: list[str]


class IssuerOut(Schema):
    organisation: OrganisationRef
    website: str
    keys: list[KeyOut]


# --- helpers ------------------------------------------------------------------------------


def credential_data(credential, documents=False):
    data = {
        "id": credential.urn,
        "uuid": credential.uuid,
        "issuer": credential.organisation,
        "issuer_did": credential.issuer_key.did,
        "skill": {"id": credential.skill_id, "uri": credential.skill.uri, "label": credential.skill_label},
        "evidence": credential.evidence,
        "evidence_label": credential.get_evidence_display(),
        "evidence_date": credential.evidence_date,
        "note": credential.note,
        "issued_at": credential.issued_at,
        "valid_until": credential.valid_until,
        "revoked_at": credential.revoked_at,
        "revocation_reason": credential.revocation_reason,
        "status": "revoked" if credential.is_revoked else "expired" if credential.is_expired() else "valid",
        "status_list": credential.status_list.url,
        "status_index": credential.status_index,
    }
    if documents:
        data.update(document=credential.document, jwt=credential.jwt)
    return data


def my_data(credential, documents=False):
    """What the person sees: the credential, their choice about the passport and, if asked, the documents."""
    data = credential_data(credential, documents=documents)
    data.update(decision=credential.decision, accepted_at=credential.accepted_at, declined_at=credential.declined_at)
    return data


def issued_data(credential):
    """What the issuing organisation sees: the address it typed, never the
    person's name (the signed documents carry it, so they stay with the person)."""
    return {**credential_data(credential), "email": credential.recipient_email}


def invalid(errors):
    """A 422 with one Dutch message per field; nothing was stored."""
    raise ValidationError([{"loc": ("body", field), "msg": message, "type": "loket"} for field, message in errors.items()])


def require_issuer(request):
    if not services.can_issue(request.user):
        raise HttpError(403, _("Alleen medewerkers van een school of werkgever kunnen verklaringen uitgeven."))


def chosen_organisation(request, organisation_id):
    organisations = list(services.issuing_organisations(request.user))
    if organisation_id is None:
        if len(organisations) == 1:
            return organisations[0]
        invalid({"organisation_id": _("Kies namens welke organisatie u de verklaring uitgeeft.")})
    for organisation in organisations:
        if organisation.pk == organisation_id:
            return organisation
    raise HttpError(403, _("U mag geen verklaringen uitgeven namens deze organisatie."))


def chosen_skill(payload):
    queryset = Concept.objects.filter(kind=ConceptKind.SKILL)
    if payload.skill_id is not None:
        return queryset.filter(pk=payload.skill_id).first()
    if payload.skill_uri:
        return queryset.filter(uri=payload.skill_uri.strip()).first()
    return None


def related(queryset):
    return queryset.select_related("organisation", "issuer_key", "skill", "status_list")


# --- issuers ------------------------------------------------------------------------------


@router.get("/organisations", response=list[IssuerOrganisationOut], auth=django_auth, summary="Organisaties namens wie ik mag uitgeven")
def my_organisations(request):
    require_issuer(request)
    keys = dict(IssuerKey.objects.filter(retired_at__isnull=True).values_list("organisation_id", "did"))
    return [{"id": o.pk, "name": o.name, "kind": o.kind, "did": keys.get(o.pk)} for o in services.issuing_organisations(request.user)]


@router.post("/issue", response={201: IssuedOut}, auth=django_auth, summary="Een vaardigheid ondertekend verklaren")
def issue(request, payload: IssueIn):
    require_issuer(request)
    organisation = chosen_organisation(request, payload.organisation_id)
    issue_request = services.IssueRequest(
        organisation=organisation,
        email=payload.email,
        skill=chosen_skill(payload),
        evidence=payload.evidence,
        evidence_date=payload.evidence_date,
        valid_until=payload.valid_until,
        note=payload.note,
    )
    try:
        credential = services.issue(request.user, issue_request, services.public_base_url(request))
    except services.IssueError as error:
        invalid({"skill_id" if field == "skill" else field: message for field, message in error.errors.items()})
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return Status(201, issued_data(related(IssuedCredential.objects).get(pk=credential.pk)))


@router.get("/issued", response=list[IssuedOut], auth=django_auth, summary="Verklaringen die mijn organisaties uitgaven")
def issued(request):
    require_issuer(request)
    return [issued_data(c) for c in related(services.issued_by_organisations_of(request.user))[:500]]


@router.post("/issued/{credential_uuid}/revoke", response=IssuedOut, auth=django_auth, summary="Een verklaring intrekken")
def revoke(request, credential_uuid: uuid.UUID, payload: RevokeIn):
    require_issuer(request)
    credential = get_object_or_404(IssuedCredential, uuid=credential_uuid)
    try:
        credential = services.revoke(credential, request.user, payload.reason)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except services.RevokeError as error:
        raise HttpError(409, str(error)) from None
    return issued_data(related(IssuedCredential.objects).get(pk=credential.pk))


# --- the person ---------------------------------------------------------------------------


def own_credential(request, credential_uuid):
    return get_object_or_404(related(services.credentials_of(request.user)), uuid=credential_uuid)


@router.get("/mine", response=list[MyCredentialOut], auth=django_auth, summary="Mijn ondertekende verklaringen")
def mine(request):
    return [my_data(c) for c in related(services.credentials_of(request.user))]


@router.get("/mine/{credential_uuid}", response=CredentialDocumentsOut, auth=django_auth, summary="Eén van mijn verklaringen, met de documenten")
def mine_one(request, credential_uuid: uuid.UUID):
    return my_data(own_credential(request, credential_uuid), documents=True)


def decide(request, credential_uuid, choice):
    credential = own_credential(request, credential_uuid)
    try:
        choice(request.user, credential)
    except services.DecisionError as error:
        raise HttpError(409, str(error)) from None
    return my_data(own_credential(request, credential_uuid))


@router.post("/mine/{credential_uuid}/accept", response=MyCredentialOut, auth=django_auth, summary="Een verklaring in mijn paspoort opnemen")
def accept(request, credential_uuid: uuid.UUID):
    return decide(request, credential_uuid, services.accept)


@router.post("/mine/{credential_uuid}/decline", response=MyCredentialOut, auth=django_auth, summary="Een verklaring niet in mijn paspoort opnemen")
def decline(request, credential_uuid: uuid.UUID):
    return decide(request, credential_uuid, services.decline)


def download_response(credential, kind):
    name = f"verklaring-{credential.uuid}"
    if kind == "jwt":
        response = HttpResponse(credential.jwt, content_type=JWT_MEDIA_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.jwt"'
    else:
        body = json.dumps(credential.document, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type=f"{JSON_LD_MEDIA_TYPE}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@router.get("/mine/{credential_uuid}/download/{kind}", auth=django_auth, summary="Download als JSON-LD (json) of VC-JWT (jwt)")
def download(request, credential_uuid: uuid.UUID, kind: str):
    if kind not in ("json", "jwt"):
        raise HttpError(404, _("Kies json of jwt."))
    return download_response(own_credential(request, credential_uuid), kind)


# --- public -------------------------------------------------------------------------------


def verification_data(result, email=None):
    data = result.as_dict()
    issuer = services.issuer_of(result.summary.issuer_id) if result.summary and result.issuer_known else None
    data["issuer_organisation"] = issuer.organisation if issuer else None
    data["email_matches"] = vc.subject_has_email(result.credential, email) if email and result.credential else None
    return data


@router.post("/verify", response=VerifyOut, auth=None, summary="Controleer een verklaring (openbaar, zonder inloggen)")
def verify(request, payload: VerifyIn):
    return verification_data(services.verify(payload.credential), payload.email)


@router.get("/issuers/{organisation_id}", response=IssuerOut, auth=None, summary="Publieke sleutels en statuslijsten van een uitgever")
def issuer(request, organisation_id: int):
    organisation = get_object_or_404(Organisation, pk=organisation_id, credential_keys__isnull=False)
    keys = organisation.credential_keys.prefetch_related("status_lists")
    return {
        "organisation": organisation,
        "website": organisation.website,
        "keys": [
            {
                "did": key.did,
                "created_at": key.created_at,
                "retired_at": key.retired_at,
                "did_document": vc.did_document(key.did),
                "status_lists": [status_list.url for status_list in key.status_lists.all()],
            }
            for key in keys
        ],
    }


@router.get("/status/{public_id}", auth=None, url_name="credentials_status_list", summary="Statuslijst (BitstringStatusListCredential)")
def status_list(request, public_id: uuid.UUID):
    document = get_object_or_404(StatusList, public_id=public_id).document
    response = HttpResponse(json.dumps(document), content_type="application/vc")
    # Revocation must be seen at once; a verifier should not keep an old list.
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return response

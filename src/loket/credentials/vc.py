"""Signed skill claims as W3C Verifiable Credentials, without the database.

What is here, with the standard each part follows:

- Ed25519 keys and ``did:key`` identifiers (W3C did:key method, multicodec
  ``ed25519-pub`` 0xed01, base58btc multibase), so that a credential carries its
  issuer's public key and can be checked offline.
- The Open Badges 3.0 ``OpenBadgeCredential`` (1EdTech OB 3.0 on the VC Data
  Model 2.0) for one ESCO skill, the skill being the achievement's alignment.
- Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa,
  RDF Dataset Canonicalization RDFC-1.0, which is PyLD's URDNA2015).
- VC-JWT as in W3C VC-JOSE-COSE (``alg`` EdDSA, ``typ`` vc+jwt).
- Bitstring Status List v1.0 for revocation.
- Verification of all of it, giving a reason code and a message in the user's
  language.

JSON-LD contexts are read from copies in ``data/contexts``; nothing is ever
fetched from the network, so a credential that needs another context is
refused instead of silently processed differently.
"""

import base64
import binascii
import copy
import gzip
import hashlib
import json
import re
import secrets
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import StrEnum
from functools import cache
from pathlib import Path

from cachetools import LRUCache
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils import formats
from django.utils import timezone as django_timezone
from django.utils.translation import gettext as _
from pyld import jsonld
from pyld.context_resolver import ContextResolver

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT_DIR = Path(__file__).resolve().parent / "data" / "contexts"
PUBLISHED_CONTEXTS = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3_CONTEXT: "ob-context-3.0.3.json",
}

CRYPTOSUITE = "eddsa-rdfc-2022"
JWT_TYPE = "vc+jwt"
JWT_ALGORITHMS = ("EdDSA", "Ed25519")  # Ed25519 is the fully-specified name (RFC 9864)
ED25519_PUB_MULTICODEC = b"\xed\x01"
ED25519_PRIV_MULTICODEC = b"\x80\x26"

# Bitstring Status List v1.0: at least 16 KiB of bits, so that one
# credential's index says little about who holds it (group privacy).
STATUS_LIST_LENGTH = 131_072
REVOCATION = "revocation"

# Untrusted input is bounded before any JSON-LD work: canonicalisation can be
# made expensive with crafted blank-node graphs.
MAX_INPUT_BYTES = 64 * 1024
MAX_JSON_OBJECTS = 300
MAX_JSON_DEPTH = 20
MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024

ESCO_FRAMEWORK = "ESCO"

# A vocabulary that only exists to catch terms no context defines: JSON-LD
# would otherwise drop them silently, and they would not be signed.
_UNDEFINED_TERM = "urn:loket:undefined-term#"
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: index for index, char in enumerate(_BASE58)}
_JWT_PART = re.compile(r"^[A-Za-z0-9_\-]+$")


# -- reasons and errors -------------------------------------------------------


class Reason(StrEnum):
    VALID = "valid"
    MALFORMED = "malformed"
    UNSUPPORTED = "unsupported"
    SIGNATURE_INVALID = "signature_invalid"
    UNKNOWN_ISSUER = "unknown_issuer"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    STATUS_UNAVAILABLE = "status_unavailable"


class CredentialError(Exception):
    """A credential that does not verify; ``message`` is worded for people."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = Reason(reason)
        self.message = message


def malformed(detail):
    return CredentialError(Reason.MALFORMED, _("Dit is geen leesbare verklaring: %(detail)s.") % {"detail": detail})


def unsupported(detail):
    return CredentialError(
        Reason.UNSUPPORTED, _("Deze verklaring gebruikt een vorm die het loket niet kan controleren: %(detail)s.") % {"detail": detail}
    )


def signature_invalid(detail=None):
    message = _("De handtekening klopt niet: de verklaring is na het ondertekenen gewijzigd, of niet ondertekend door de uitgever die erin staat.")
    if detail:
        message = f"{message} ({detail})"
    return CredentialError(Reason.SIGNATURE_INVALID, message)


def status_unavailable(detail):
    return CredentialError(
        Reason.STATUS_UNAVAILABLE, _("Of deze verklaring is ingetrokken, kon niet worden gecontroleerd: %(detail)s.") % {"detail": detail}
    )


# -- encodings ----------------------------------------------------------------


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_BASE58[remainder])
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    if len(text) > 200:
        raise ValueError("base58 text too long")
    number = 0
    for char in text:
        if char not in _BASE58_INDEX:
            raise ValueError(f"not a base58 character: {char!r}")
        number = number * 58 + _BASE58_INDEX[char]
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not _JWT_PART.match(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def xsd_datetime(moment: datetime) -> str:
    """An XML Schema dateTime in UTC to the second, as VC examples use."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value, name):
    if not isinstance(value, str):
        raise malformed(_("%(name)s is geen datum en tijd") % {"name": name})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise malformed(_("%(name)s is geen datum en tijd") % {"name": name}) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def readable_date(moment: datetime) -> str:
    return formats.date_format(django_timezone.localtime(moment), "j F Y")


# -- keys and did:key ---------------------------------------------------------


def new_private_key() -> bytes:
    """A fresh Ed25519 private key as its 32-byte seed."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_key_of(private_key: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def public_key_multibase(public_key: bytes) -> str:
    return "z" + b58encode(ED25519_PUB_MULTICODEC + public_key)


def private_key_from_multibase(text: str) -> bytes:
    raw = b58decode(text[1:]) if text.startswith("z") else b""
    if raw[:2] != ED25519_PRIV_MULTICODEC or len(raw) != 34:
        raise ValueError("not a base58btc multibase Ed25519 private key")
    return raw[2:]


def did_key(public_key: bytes) -> str:
    return "did:key:" + public_key_multibase(public_key)


def verification_method(did: str) -> str:
    """A did:key's single key, as ``did#fingerprint``."""
    return f"{did}#{did.removeprefix('did:key:')}"


def public_key_from_did_key(did_or_method: str) -> bytes:
    """The Ed25519 key inside a did:key or its verification method id."""
    if not isinstance(did_or_method, str):
        raise malformed(_("de sleutel van de uitgever ontbreekt"))
    did, _hash, fragment = did_or_method.partition("#")
    if not did.startswith("did:"):
        raise unsupported(_("de sleutel van de uitgever is geen DID"))
    if not did.startswith("did:key:z"):
        raise unsupported(_("alleen did:key-sleutels kunnen zonder internet worden gecontroleerd"))
    fingerprint = did.removeprefix("did:key:")
    try:
        raw = b58decode(fingerprint[1:])
    except ValueError:
        raise malformed(_("de did:key van de uitgever is beschadigd")) from None
    if raw[:2] != ED25519_PUB_MULTICODEC or len(raw) != 34:
        raise unsupported(_("de did:key van de uitgever is geen Ed25519-sleutel"))
    if fragment and fragment != fingerprint:
        raise malformed(_("de sleutel hoort niet bij deze did:key"))
    return raw[2:]


def did_document(did: str) -> dict:
    """The DID document a did:key resolves to (W3C did:key, Multikey form)."""
    public_key_from_did_key(did)
    method = verification_method(did)
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {"id": method, "type": "Multikey", "controller": did, "publicKeyMultibase": did.removeprefix("did:key:")}
        ],
        "authentication": [method],
        "assertionMethod": [method],
        "capabilityDelegation": [method],
        "capabilityInvocation": [method],
    }


def _sign(private_key: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(message)


def _signature_ok(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# -- JSON-LD, offline ---------------------------------------------------------


class ContextNotAvailable(Exception):
    pass


@cache
def _published_context(url):
    return json.loads((CONTEXT_DIR / PUBLISHED_CONTEXTS[url]).read_text(encoding="utf-8"))


class OfflineDocumentLoader:
    """A PyLD document loader that knows a fixed set of contexts and refuses
    everything else: verification must not depend on, or reach, the network."""

    def __init__(self, extra_contexts=None):
        self.extra_contexts = dict(extra_contexts or {})
        # PyLD's default cache is shared by every loader in the process; a
        # loader with its own documents gets its own cache.
        self.resolver_cache = LRUCache(maxsize=100)

    def __call__(self, url, options=None):
        if url in self.extra_contexts:
            document = self.extra_contexts[url]
        elif url in PUBLISHED_CONTEXTS:
            document = _published_context(url)
        else:
            raise ContextNotAvailable(url)
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(document)}

    def options(self, **extra):
        return {"documentLoader": self, "contextResolver": ContextResolver(self.resolver_cache, self), **extra}


DEFAULT_LOADER = OfflineDocumentLoader()


def _jsonld_failure(error):
    cause = error
    while cause is not None:
        if isinstance(cause, ContextNotAvailable):
            return unsupported(_("de JSON-LD-context %(url)s is niet bekend") % {"url": cause.args[0]})
        cause = cause.__cause__ or getattr(cause, "cause", None)
    return malformed(_("de JSON-LD klopt niet"))


def canonical_nquads(document: dict, loader=None) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document (PyLD's URDNA2015)."""
    loader = loader or DEFAULT_LOADER
    try:
        return jsonld.normalize(document, loader.options(algorithm="URDNA2015", format="application/n-quads"))
    except jsonld.JsonLdError as error:
        raise _jsonld_failure(error) from error


def assert_terms_defined(document: dict, loader=None):
    """Refuse what JSON-LD would silently leave unsigned: terms that no context
    defines, and identifiers that are not absolute IRIs (the "safe mode" of
    Data Integrity)."""
    loader = loader or DEFAULT_LOADER
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    probe = {**document, "@context": [*contexts, {"@vocab": _UNDEFINED_TERM}]}
    try:
        expanded = jsonld.expand(probe, loader.options())
    except jsonld.JsonLdError as error:
        raise _jsonld_failure(error) from error

    def check_iri(value):
        if not isinstance(value, str):
            return
        if value.startswith(_UNDEFINED_TERM):
            raise malformed(_("het veld of type “%(term)s” is in geen enkele context gedefinieerd") % {"term": value.removeprefix(_UNDEFINED_TERM)})
        if not value.startswith("_:") and not _ABSOLUTE_IRI.match(value):
            raise malformed(_("“%(value)s” is geen volledige IRI") % {"value": value[:80]})

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            is_value = "@value" in node
            for key, value in node.items():
                if not key.startswith("@"):
                    check_iri(key)
                elif key == "@id":
                    check_iri(value)
                elif key == "@type" and not is_value:
                    for item in value if isinstance(value, list) else [value]:
                        check_iri(item)
                if key != "@value":
                    walk(value)

    walk(expanded)


def _check_size(node, depth=0, counter=None):
    counter = counter if counter is not None else [0]
    if depth > MAX_JSON_DEPTH:
        raise malformed(_("de verklaring is te diep genest"))
    if isinstance(node, dict):
        counter[0] += 1
        if counter[0] > MAX_JSON_OBJECTS:
            raise malformed(_("de verklaring is te groot"))
        for value in node.values():
            _check_size(value, depth + 1, counter)
    elif isinstance(node, list):
        for value in node:
            _check_size(value, depth + 1, counter)


# -- Data Integrity: eddsa-rdfc-2022 -------------------------------------------


def _proof_hash_data(document: dict, proof_options: dict, loader=None) -> bytes:
    """SHA-256 of the canonical proof configuration, then of the canonical
    document (vc-di-eddsa, "Hashing (eddsa-rdfc-2022)")."""
    config = {key: value for key, value in proof_options.items() if key != "proofValue"}
    config["@context"] = document["@context"]
    config_hash = hashlib.sha256(canonical_nquads(config, loader).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical_nquads(document, loader).encode("utf-8")).digest()
    return config_hash + document_hash


def add_data_integrity_proof(unsecured: dict, private_key: bytes, method: str, created: datetime, loader=None) -> dict:
    """The document with an embedded DataIntegrityProof (eddsa-rdfc-2022)."""
    if "proof" in unsecured:
        raise ValueError("the document already has a proof")
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
    }
    signature = _sign(private_key, _proof_hash_data(unsecured, proof, loader))
    return {**unsecured, "proof": {**proof, "proofValue": "z" + b58encode(signature)}}


def check_data_integrity_proof(secured: dict, public_key: bytes, loader=None):
    """Raises CredentialError unless the embedded eddsa-rdfc-2022 proof is valid for the key."""
    proof = secured.get("proof")
    if isinstance(proof, list):
        ours = [p for p in proof if isinstance(p, dict) and p.get("cryptosuite") == CRYPTOSUITE]
        if len(ours) != 1 or len(proof) != 1:
            raise unsupported(_("meer dan één handtekening"))
        proof = ours[0]
    if not isinstance(proof, dict):
        raise malformed(_("de handtekening (proof) ontbreekt"))
    if proof.get("type") != "DataIntegrityProof":
        raise unsupported(_("het type handtekening is %(type)s") % {"type": proof.get("type")})
    if proof.get("cryptosuite") != CRYPTOSUITE:
        raise unsupported(_("de cryptosuite is %(suite)s, niet %(ours)s") % {"suite": proof.get("cryptosuite"), "ours": CRYPTOSUITE})
    if proof.get("proofPurpose") != "assertionMethod":
        raise malformed(_("de handtekening is niet bedoeld om iets te verklaren (proofPurpose)"))
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise malformed(_("de handtekening (proofValue) ontbreekt of is geen base58btc"))
    try:
        signature = b58decode(proof_value[1:])
    except ValueError:
        raise signature_invalid() from None
    if len(signature) != 64:
        raise signature_invalid()
    document = {key: value for key, value in secured.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in options:
        proof_contexts = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        document_contexts = document.get("@context") if isinstance(document.get("@context"), list) else [document.get("@context")]
        if document_contexts[: len(proof_contexts)] != proof_contexts:
            raise signature_invalid()
    if "created" in options:
        parse_datetime(options["created"], "created")
    if not _signature_ok(public_key, signature, _proof_hash_data(document, options, loader)):
        raise signature_invalid()


# -- VC-JWT (VC-JOSE-COSE) ----------------------------------------------------


def sign_jwt(credential: dict, private_key: bytes, kid: str) -> str:
    """The credential as a compact JWS whose payload is the credential itself."""
    if "proof" in credential:
        raise ValueError("a VC-JWT secures an unsecured credential")
    header = {"alg": "EdDSA", "typ": JWT_TYPE, "cty": "vc", "kid": kid}
    encoded_header = b64url_encode(json.dumps(header, separators=(",", ":")).encode("utf-8"))
    encoded_payload = b64url_encode(json.dumps(credential, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    signing_input = f"{encoded_header}.{encoded_payload}"
    return f"{signing_input}.{b64url_encode(_sign(private_key, signing_input.encode('ascii')))}"


def looks_like_jwt(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 3 and all(_JWT_PART.match(part) for part in parts)


def decode_jwt(token: str):
    """(header, payload, signing input, signature) of a compact JWS, unverified."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise malformed(_("een JWT bestaat uit drie delen, gescheiden door punten"))
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise malformed(_("de JWT is beschadigd")) from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise malformed(_("de JWT is beschadigd"))
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def check_jwt(token: str):
    """The credential inside a VC-JWT, once its signature is checked against the did:key in ``kid``."""
    header, payload, signing_input, signature = decode_jwt(token)
    if header.get("alg") not in JWT_ALGORITHMS:
        raise unsupported(_("het JWT-algoritme is %(alg)s") % {"alg": header.get("alg")})
    if "crit" in header:
        raise unsupported(_("de JWT vraagt om extra controles (crit)"))
    if header.get("typ") not in (None, JWT_TYPE):
        raise unsupported(_("het JWT-type is %(typ)s, niet %(ours)s") % {"typ": header.get("typ"), "ours": JWT_TYPE})
    if "kid" not in header:
        raise malformed(_("de JWT noemt geen sleutel (kid)"))
    public_key = public_key_from_did_key(header["kid"])
    if not _signature_ok(public_key, signature, signing_input):
        raise signature_invalid()
    return payload, header["kid"]


# -- Bitstring Status List ----------------------------------------------------


def bitstring_with(indices, length=STATUS_LIST_LENGTH) -> bytes:
    """A bitstring of ``length`` bits with the given positions set; position 0
    is the left-most bit of the first byte."""
    bits = bytearray(length // 8)
    for index in indices:
        if not 0 <= index < length:
            raise ValueError(f"status index {index} outside 0..{length - 1}")
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def bit_is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def encode_status_list(bits: bytes) -> str:
    """GZIP, then base64url without padding, with the multibase prefix ``u``."""
    return "u" + b64url_encode(gzip.compress(bits, mtime=0))


def decode_status_list(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise status_unavailable(_("de lijst is geen base64url-multibase"))
    try:
        compressed = b64url_decode(encoded[1:])
        inflater = zlib.decompressobj(wbits=31)
        bits = inflater.decompress(compressed, MAX_STATUS_LIST_BYTES)
        if inflater.unconsumed_tail:
            raise status_unavailable(_("de lijst is te groot"))
    except (ValueError, binascii.Error, zlib.error):
        raise status_unavailable(_("de lijst is beschadigd")) from None
    if len(bits) * 8 < STATUS_LIST_LENGTH:
        raise status_unavailable(_("de lijst is korter dan de norm voorschrijft"))
    return bits


def status_list_entry(list_url: str, index: int, purpose=REVOCATION) -> dict:
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(*, list_url: str, issuer_id: str, bits: bytes, valid_from: datetime, purpose=REVOCATION) -> dict:
    """The unsigned BitstringStatusListCredential that publishes ``bits``."""
    return {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_status_list(bits),
        },
    }


# -- the Open Badges skill credential -----------------------------------------


def identity_hash(identity: str, salt: str) -> str:
    """Open Badges IdentityHash: the identity is provable by whoever knows it
    and the salt, but cannot be read from the credential."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def achievement_id(issuer_did: str, skill_uri: str) -> str:
    """One stable achievement per issuer and skill, without a page to host it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{issuer_did} {skill_uri}").urn


@dataclass(frozen=True)
class SkillClaim:
    """What an issuer states: this person has this ESCO skill, shown by this evidence."""

    credential_id: str
    issuer_did: str
    issuer_name: str
    subject_name: str
    subject_email: str
    salt: str
    skill_uri: str
    skill_label: str
    skill_code: str
    evidence_kind: str
    evidence_label: str
    evidence_date: date
    valid_from: datetime
    valid_until: datetime | None = None
    issuer_url: str = ""
    skill_description: str = ""
    evidence_note: str = ""
    language: str = "nl"
    status: dict | None = None


def open_badge_credential(claim: SkillClaim) -> dict:
    """An unsigned OpenBadgeCredential (OB 3.0 on VCDM 2.0) for one ESCO skill."""
    issuer = {"id": claim.issuer_did, "type": ["Profile"], "name": claim.issuer_name}
    if claim.issuer_url:
        issuer["url"] = claim.issuer_url
    alignment = {
        "type": ["Alignment"],
        "targetName": claim.skill_label,
        "targetUrl": claim.skill_uri,
        "targetFramework": ESCO_FRAMEWORK,
        "targetType": "ceasn:Competency",
    }
    if claim.skill_code:
        alignment["targetCode"] = claim.skill_code
    evidence = {"type": ["Evidence"], "name": claim.evidence_label, "genre": claim.evidence_kind}
    if claim.evidence_note:
        evidence["narrative"] = claim.evidence_note
    credential = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": claim.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": claim.skill_label,
        "issuer": issuer,
        "validFrom": xsd_datetime(claim.valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": claim.subject_name},
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(claim.subject_email.strip().lower(), claim.salt),
                    "salt": claim.salt,
                },
            ],
            "activityEndDate": claim.evidence_date.isoformat(),
            "achievement": {
                "id": achievement_id(claim.issuer_did, claim.skill_uri),
                "type": ["Achievement"],
                "achievementType": "Competency",
                "name": claim.skill_label,
                "description": claim.skill_description
                or _("De vaardigheid “%(skill)s” uit de Europese classificatie ESCO.") % {"skill": claim.skill_label},
                "criteria": {
                    "narrative": _("%(issuer)s verklaart dat de houder de vaardigheid “%(skill)s” beheerst (bewijs: %(evidence)s).")
                    % {"issuer": claim.issuer_name, "skill": claim.skill_label, "evidence": claim.evidence_label}
                },
                "alignment": [alignment],
                "inLanguage": claim.language,
            },
        },
        "evidence": [evidence],
    }
    if claim.valid_until:
        credential["validUntil"] = xsd_datetime(claim.valid_until)
    if claim.status:
        credential["credentialStatus"] = claim.status
    return credential


def sign_credential(credential: dict, private_key: bytes, created: datetime, loader=None):
    """(Data Integrity document, VC-JWT) of one credential, both signed with
    the issuer's did:key."""
    method = verification_method(did_key(public_key_of(private_key)))
    secured = add_data_integrity_proof(credential, private_key, method, created, loader)
    return secured, sign_jwt(credential, private_key, method)


# -- verification -------------------------------------------------------------


@dataclass
class CredentialSummary:
    """What a person wants to read from a credential, whatever else it holds."""

    id: str = ""
    name: str = ""
    issuer_id: str = ""
    issuer_name: str = ""
    subject_name: str = ""
    skills: list = field(default_factory=list)  # [{"name", "url", "framework", "code"}]
    evidence: list = field(default_factory=list)  # [{"name", "genre"}]
    activity_date: str = ""
    valid_from: str = ""
    valid_until: str = ""


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _text(value):
    return value if isinstance(value, str) else ""


def summarise(credential: dict) -> CredentialSummary:
    issuer = credential.get("issuer")
    subject = _first(credential.get("credentialSubject")) or {}
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    names = [
        entry.get("identityHash")
        for entry in subject.get("identifier") or []
        if isinstance(entry, dict) and entry.get("identityType") == "name" and not entry.get("hashed")
    ]
    skills = [
        {
            "name": _text(alignment.get("targetName")),
            "url": _text(alignment.get("targetUrl")),
            "framework": _text(alignment.get("targetFramework")),
            "code": _text(alignment.get("targetCode")),
        }
        for alignment in achievement.get("alignment") or []
        if isinstance(alignment, dict)
    ]
    evidence = [
        {"name": _text(item.get("name")), "genre": _text(item.get("genre"))}
        for item in (credential.get("evidence") or [])
        if isinstance(item, dict)
    ]
    return CredentialSummary(
        id=_text(credential.get("id")),
        name=_text(credential.get("name")) or _text(achievement.get("name")),
        issuer_id=_text(issuer.get("id") if isinstance(issuer, dict) else issuer),
        issuer_name=_text(issuer.get("name")) if isinstance(issuer, dict) else "",
        subject_name=_text(_first(names)),
        skills=skills,
        evidence=evidence,
        activity_date=_text(subject.get("activityEndDate")),
        valid_from=_text(credential.get("validFrom")),
        valid_until=_text(credential.get("validUntil")),
    )


@dataclass
class VerificationResult:
    verified: bool
    reason: Reason
    message: str
    format: str = ""  # "data-integrity" or "vc-jwt"
    credential: dict | None = None
    summary: CredentialSummary | None = None
    status_checked: bool = False
    issuer_known: bool | None = None

    def as_dict(self):
        return {
            "verified": self.verified,
            "reason": str(self.reason),
            "message": self.message,
            "format": self.format,
            "status_checked": self.status_checked,
            "issuer_known": self.issuer_known,
            "summary": self.summary.__dict__ if self.summary else None,
        }


def parse_input(data):
    """(format, credential-or-token) from a pasted text, a file's bytes or parsed JSON."""
    if isinstance(data, bytes):
        if len(data) > MAX_INPUT_BYTES:
            raise malformed(_("het bestand is groter dan %(max)s kB") % {"max": MAX_INPUT_BYTES // 1024})
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise malformed(_("de tekst is geen UTF-8")) from None
    if isinstance(data, str):
        text = data.strip()
        if not text:
            raise malformed(_("er is niets ingevuld"))
        if len(text.encode("utf-8")) > MAX_INPUT_BYTES:
            raise malformed(_("de tekst is groter dan %(max)s kB") % {"max": MAX_INPUT_BYTES // 1024})
        if looks_like_jwt(text):
            return "vc-jwt", text
        try:
            data = json.loads(text)
        except ValueError:
            raise malformed(_("geen geldige JSON en geen JWT")) from None
        if isinstance(data, str) and looks_like_jwt(data.strip()):
            return "vc-jwt", data.strip()
    if isinstance(data, dict) and data.get("type") == "EnvelopedVerifiableCredential":
        # VCDM 2.0 wraps a JWT in a data: URL to embed it in JSON.
        enveloped = data.get("id", "")
        for prefix in ("data:application/vc+jwt,", "data:application/vc-ld+jwt,"):
            if isinstance(enveloped, str) and enveloped.startswith(prefix):
                return "vc-jwt", enveloped.removeprefix(prefix)
        raise unsupported(_("een omhulde verklaring van een onbekend soort"))
    if not isinstance(data, dict):
        raise malformed(_("een verklaring is een JSON-object"))
    if len(json.dumps(data, ensure_ascii=False).encode("utf-8")) > MAX_INPUT_BYTES:
        raise malformed(_("de tekst is groter dan %(max)s kB") % {"max": MAX_INPUT_BYTES // 1024})
    return "data-integrity", data


def _check_credential_shape(credential: dict):
    _check_size(credential)
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != VC_V2_CONTEXT:
        raise unsupported(_("alleen Verifiable Credentials 2.0 (met de context %(url)s voorop) worden ondersteund") % {"url": VC_V2_CONTEXT})
    types = credential.get("type")
    types = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in types:
        raise malformed(_("het type VerifiableCredential ontbreekt"))
    if "credentialSubject" not in credential:
        raise malformed(_("de verklaring gaat over niemand (credentialSubject ontbreekt)"))


def issuer_id_of(credential: dict) -> str:
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not issuer_id:
        raise malformed(_("de uitgever (issuer) ontbreekt"))
    return issuer_id


def _check_issuer_key(issuer_id: str, method: str):
    """The signing key must be the issuer's own: a did:key names exactly one."""
    if method.partition("#")[0] != issuer_id:
        raise signature_invalid(_("ondertekend met een sleutel van een ander dan de uitgever"))


def check_secured(data, loader=None):
    """(format, credential without proof) once the signature is verified; raises CredentialError."""
    kind, value = parse_input(data)
    if kind == "vc-jwt":
        credential, kid = check_jwt(value)
        _check_credential_shape(credential)
        if "proof" in credential:
            raise malformed(_("een VC-JWT bevat geen tweede handtekening (proof)"))
        _check_issuer_key(issuer_id_of(credential), kid)
        return kind, credential
    credential = value
    _check_credential_shape(credential)
    proof = _first(credential.get("proof"))
    if not isinstance(proof, dict):
        raise malformed(_("de handtekening (proof) ontbreekt"))
    method = proof.get("verificationMethod")
    public_key = public_key_from_did_key(method)
    _check_issuer_key(issuer_id_of(credential), method)
    assert_terms_defined(credential, loader)
    check_data_integrity_proof(credential, public_key, loader)
    return kind, {key: item for key, item in credential.items() if key != "proof"}


def _check_validity_period(credential: dict, now: datetime):
    if "validFrom" in credential:
        valid_from = parse_datetime(credential["validFrom"], "validFrom")
        if valid_from > now:
            raise CredentialError(
                Reason.NOT_YET_VALID, _("Deze verklaring is pas geldig vanaf %(date)s.") % {"date": readable_date(valid_from)}
            )
    if "validUntil" in credential:
        valid_until = parse_datetime(credential["validUntil"], "validUntil")
        if valid_until <= now:
            raise CredentialError(Reason.EXPIRED, _("Deze verklaring is verlopen op %(date)s.") % {"date": readable_date(valid_until)})


def _status_entries(credential: dict):
    status = credential.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if status else []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            raise status_unavailable(_("de statusmethode wordt niet ondersteund"))
    return entries


def check_status(credential: dict, resolve_status_list, now: datetime, loader=None):
    """Raises REVOKED or STATUS_UNAVAILABLE; ``resolve_status_list(url)`` gives
    the status list credential (JSON object or VC-JWT) or None."""
    issuer_id = issuer_id_of(credential)
    for entry in _status_entries(credential):
        purpose = entry.get("statusPurpose")
        if purpose != REVOCATION:
            raise status_unavailable(_("alleen intrekking (revocation) wordt gecontroleerd, niet %(purpose)s") % {"purpose": purpose})
        url = entry.get("statusListCredential")
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            raise status_unavailable(_("de plaats op de lijst (statusListIndex) is geen getal")) from None
        if entry.get("statusSize", 1) not in (1, "1"):
            raise status_unavailable(_("alleen statussen van één bit worden ondersteund"))
        document = resolve_status_list(url) if isinstance(url, str) else None
        if document is None:
            raise status_unavailable(_("de statuslijst %(url)s is niet beschikbaar") % {"url": url})
        try:
            _kind, status_list = check_secured(document, loader)
            _check_validity_period(status_list, now)
        except CredentialError as error:
            raise status_unavailable(_("de statuslijst is zelf niet geldig (%(reason)s)") % {"reason": error.message}) from None
        types = status_list.get("type") if isinstance(status_list.get("type"), list) else [status_list.get("type")]
        subject = _first(status_list.get("credentialSubject")) or {}
        if "BitstringStatusListCredential" not in types or not isinstance(subject, dict):
            raise status_unavailable(_("het document is geen BitstringStatusListCredential"))
        if status_list.get("id") != url:
            raise status_unavailable(_("de statuslijst heeft een ander adres dan de verklaring noemt"))
        if issuer_id_of(status_list) != issuer_id:
            raise status_unavailable(_("de statuslijst is van een andere uitgever"))
        if subject.get("statusPurpose") != purpose:
            raise status_unavailable(_("de statuslijst is voor een ander doel"))
        bits = decode_status_list(subject.get("encodedList"))
        if not 0 <= index < len(bits) * 8:
            raise status_unavailable(_("de plaats op de lijst bestaat niet"))
        if bit_is_set(bits, index):
            raise CredentialError(Reason.REVOKED, _("De uitgever heeft deze verklaring ingetrokken."))


def verify_credential(data, *, now=None, resolve_status_list=None, known_issuer=None, loader=None) -> VerificationResult:
    """Check a credential completely and say why it fails, first failure first.

    ``resolve_status_list``: None checks no revocation (offline, said so in the
    message); otherwise a function from the status list URL to its document.
    ``known_issuer``: None accepts any issuer whose signature checks out;
    otherwise a function from the issuer's DID to True when it is trusted.
    """
    now = now or datetime.now(timezone.utc)
    kind, credential = "", None
    issuer_known = None
    try:
        kind, credential = check_secured(data, loader)
        if known_issuer is not None:
            issuer_known = bool(known_issuer(issuer_id_of(credential)))
            if not issuer_known:
                raise CredentialError(
                    Reason.UNKNOWN_ISSUER,
                    _("De handtekening klopt, maar de uitgever is geen organisatie die bij het loket bekend is. Controleer zelf of u deze uitgever vertrouwt."),
                )
        _check_validity_period(credential, now)
        status_checked = False
        if _status_entries(credential) and resolve_status_list is not None:
            check_status(credential, resolve_status_list, now, loader)
            status_checked = True
    except CredentialError as error:
        return VerificationResult(
            verified=False,
            reason=error.reason,
            message=error.message,
            format=kind if credential is not None else "",
            credential=credential,
            summary=summarise(credential) if credential is not None else None,
            issuer_known=issuer_known,
        )
    if status_checked or not _status_entries(credential):
        message = _("Deze verklaring is echt: de handtekening klopt, zij is geldig en niet ingetrokken.")
    else:
        message = _("De handtekening klopt en de verklaring is geldig. Of zij is ingetrokken, is niet gecontroleerd: daarvoor is de statuslijst van de uitgever nodig.")
    return VerificationResult(
        verified=True,
        reason=Reason.VALID,
        message=message,
        format=kind,
        credential=credential,
        summary=summarise(credential),
        status_checked=status_checked,
        issuer_known=issuer_known,
    )


def subject_has_email(credential: dict, email: str) -> bool:
    """Whether the credential's hashed e-mail identity is this address."""
    subject = _first(credential.get("credentialSubject")) or {}
    for entry in subject.get("identifier") or [] if isinstance(subject, dict) else []:
        if isinstance(entry, dict) and entry.get("identityType") == "emailAddress":
            value, salt = entry.get("identityHash", ""), entry.get("salt", "") or ""
            candidate = email.strip().lower()
            if entry.get("hashed") and secrets.compare_digest(identity_hash(candidate, salt), value):
                return True
            if not entry.get("hashed") and value.strip().lower() == candidate:
                return True
    return False

"""The credential format and its checks, without the database."""

import copy
import gzip
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from loket.credentials import keystore, vc

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
STATUS_URL = "https://loket.example/api/v1/credentials/status/0f0e"

# The W3C vc-di-eddsa test vector for eddsa-rdfc-2022 (TestVectors/ in
# w3c/vc-di-eddsa): a fixed key, an unsigned credential and the proof it must get.
VECTOR_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_PRIVATE_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
VECTOR_CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
VECTOR_METHOD = "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=timezone.utc)
VECTOR_HASH_DATA = (
    "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"
    "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
)
VECTOR_PROOF_VALUE = "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9"


def examples_loader():
    examples = json.loads((DATA / "credentials-examples-v2.jsonld").read_text())
    return vc.OfflineDocumentLoader({"https://www.w3.org/ns/credentials/examples/v2": examples})


@pytest.fixture(scope="module")
def issuer():
    private_key = vc.new_private_key()
    return private_key, vc.did_key(vc.public_key_of(private_key))


def claim_for(did, **changes):
    values = dict(
        credential_id="urn:uuid:1b1f3c39-5b8f-4f2c-9b2f-8c8f0a7e5e11",
        issuer_did=did,
        issuer_name="ROC Kop van Noord-Holland",
        subject_name="Sanne de Vries",
        subject_email="sanne@example.nl",
        salt="9251421a3b5c44dd5dc642d323cb0145",
        skill_uri="http://data.europa.eu/esco/skill/0a6d7e3a-1ad4-4b94-a5ff-6ff2fd8e8e52",
        skill_label="lassen",
        skill_code="0a6d7e3a-1ad4-4b94-a5ff-6ff2fd8e8e52",
        evidence_kind="diploma",
        evidence_label="Diploma",
        evidence_date=date(2026, 6, 30),
        valid_from=NOW - timedelta(days=1),
        valid_until=NOW + timedelta(days=365),
        status=vc.status_list_entry(STATUS_URL, 94567),
    )
    values.update(changes)
    return vc.SkillClaim(**values)


def status_list(private_key, did, revoked=(), **changes):
    values = dict(list_url=STATUS_URL, issuer_id=did, bits=vc.bitstring_with(revoked), valid_from=NOW - timedelta(hours=1))
    values.update(changes)
    return vc.add_data_integrity_proof(vc.status_list_credential(**values), private_key, vc.verification_method(did), NOW)


@pytest.fixture(scope="module")
def signed(issuer):
    private_key, did = issuer
    return vc.sign_credential(vc.open_badge_credential(claim_for(did)), private_key, NOW - timedelta(days=1))


# -- published test vectors ---------------------------------------------------


def test_the_w3c_eddsa_rdfc_2022_test_vector_gives_the_published_proof():
    private_key = vc.private_key_from_multibase(VECTOR_PRIVATE_KEY)
    assert vc.public_key_multibase(vc.public_key_of(private_key)) == VECTOR_PUBLIC_KEY
    loader = examples_loader()
    secured = vc.add_data_integrity_proof(VECTOR_CREDENTIAL, private_key, VECTOR_METHOD, VECTOR_CREATED, loader)
    assert vc._proof_hash_data(VECTOR_CREDENTIAL, secured["proof"], loader).hex() == VECTOR_HASH_DATA
    assert secured["proof"]["proofValue"] == VECTOR_PROOF_VALUE
    vc.check_data_integrity_proof(secured, vc.public_key_of(private_key), loader)


def test_the_w3c_test_vector_fails_when_a_claim_is_changed():
    private_key = vc.private_key_from_multibase(VECTOR_PRIVATE_KEY)
    loader = examples_loader()
    secured = vc.add_data_integrity_proof(VECTOR_CREDENTIAL, private_key, VECTOR_METHOD, VECTOR_CREATED, loader)
    secured["credentialSubject"]["alumniOf"] = "Another School"
    with pytest.raises(vc.CredentialError) as failure:
        vc.check_data_integrity_proof(secured, vc.public_key_of(private_key), loader)
    assert failure.value.reason == vc.Reason.SIGNATURE_INVALID


def test_the_published_contexts_are_the_exact_documents():
    import hashlib

    # The VCDM 2.0 Recommendation publishes this digest of its base context.
    v2 = (vc.CONTEXT_DIR / "credentials-v2.jsonld").read_bytes()
    assert hashlib.sha256(v2).hexdigest() == "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
    ob = json.loads((vc.CONTEXT_DIR / "ob-context-3.0.3.json").read_text())
    assert ob["@context"]["Alignment"]["@id"] == "https://schema.org/AlignmentObject"


def test_did_key_round_trip_with_the_ed25519_multicodec():
    private_key = vc.private_key_from_multibase(VECTOR_PRIVATE_KEY)
    did = vc.did_key(vc.public_key_of(private_key))
    assert did == f"did:key:{VECTOR_PUBLIC_KEY}"
    assert vc.public_key_from_did_key(vc.verification_method(did)) == vc.public_key_of(private_key)
    document = vc.did_document(did)
    assert document["assertionMethod"] == [f"{did}#{VECTOR_PUBLIC_KEY}"]
    assert document["verificationMethod"][0]["publicKeyMultibase"] == VECTOR_PUBLIC_KEY


@pytest.mark.parametrize(
    "value, reason",
    [
        ("did:web:loket.example", vc.Reason.UNSUPPORTED),
        ("https://vc.example/issuers/5678#key-1", vc.Reason.UNSUPPORTED),
        ("did:key:z0OIl", vc.Reason.MALFORMED),
        ("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", vc.Reason.UNSUPPORTED),  # secp256k1, not Ed25519
        (f"did:key:{VECTOR_PUBLIC_KEY}#z6MkOther", vc.Reason.MALFORMED),
    ],
)
def test_keys_that_cannot_be_used_offline_are_refused_with_a_reason(value, reason):
    with pytest.raises(vc.CredentialError) as failure:
        vc.public_key_from_did_key(value)
    assert failure.value.reason == reason


# -- the Open Badges credential -----------------------------------------------


def test_an_open_badge_credential_has_the_esco_skill_as_alignment_and_no_clear_email(issuer):
    _private_key, did = issuer
    credential = vc.open_badge_credential(claim_for(did))
    assert credential["@context"] == [vc.VC_V2_CONTEXT, vc.OB_V3_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {"id": did, "type": ["Profile"], "name": "ROC Kop van Noord-Holland"}
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    alignment = subject["achievement"]["alignment"][0]
    assert alignment["targetUrl"].startswith("http://data.europa.eu/esco/skill/")
    assert alignment["targetFramework"] == "ESCO" and alignment["targetName"] == "lassen"
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert "sanne@example.nl" not in json.dumps(credential)
    assert vc.subject_has_email(credential, "Sanne@Example.nl ")
    assert not vc.subject_has_email(credential, "iemand@example.nl")


def test_every_term_of_the_credential_is_defined_by_its_contexts(issuer):
    _private_key, did = issuer
    vc.assert_terms_defined(vc.open_badge_credential(claim_for(did)))


def test_a_reordered_document_gives_the_same_signature_input(issuer):
    _private_key, did = issuer
    credential = vc.open_badge_credential(claim_for(did))
    reordered = json.loads(json.dumps(dict(reversed(list(credential.items())))))
    reordered["credentialSubject"] = dict(reversed(list(reordered["credentialSubject"].items())))
    reordered["credentialSubject"]["identifier"].reverse()
    assert json.dumps(reordered) != json.dumps(credential)
    assert vc.canonical_nquads(reordered) == vc.canonical_nquads(credential)


def test_a_signed_document_still_verifies_after_its_keys_are_reordered(signed):
    document = signed[0]
    reordered = json.loads(json.dumps(dict(reversed(list(document.items())))))
    reordered["proof"] = dict(reversed(list(reordered["proof"].items())))
    reordered["credentialSubject"]["identifier"].reverse()
    assert vc.verify_credential(json.dumps(reordered, indent=4), now=NOW).verified


# -- round trips --------------------------------------------------------------


def test_data_integrity_round_trip(issuer, signed):
    private_key, did = issuer
    document, _jwt = signed
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["proof"]["verificationMethod"] == vc.verification_method(did)
    result = vc.verify_credential(json.dumps(document), now=NOW, resolve_status_list=lambda url: status_list(private_key, did))
    assert result.verified and result.reason == vc.Reason.VALID and result.status_checked
    assert result.format == "data-integrity"
    assert result.summary.skills[0]["name"] == "lassen" and result.summary.subject_name == "Sanne de Vries"
    assert "echt" in result.message


def test_vc_jwt_round_trip(issuer, signed):
    private_key, did = issuer
    _document, token = signed
    header, payload, _input, _signature = vc.decode_jwt(token)
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": vc.verification_method(did)}
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"] and "proof" not in payload
    result = vc.verify_credential(token, now=NOW, resolve_status_list=lambda url: status_list(private_key, did))
    assert result.verified and result.format == "vc-jwt" and result.status_checked


def test_an_enveloped_jwt_in_json_is_understood(issuer, signed):
    _private_key, _did = issuer
    envelope = {"@context": [vc.VC_V2_CONTEXT], "type": "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt," + signed[1]}
    assert vc.verify_credential(envelope, now=NOW).verified


def test_offline_without_a_status_list_says_revocation_was_not_checked(signed):
    result = vc.verify_credential(signed[0], now=NOW)
    assert result.verified and not result.status_checked
    assert "niet gecontroleerd" in result.message


# -- tampering ----------------------------------------------------------------


def tampered_documents(document):
    skill = copy.deepcopy(document)
    skill["credentialSubject"]["achievement"]["alignment"][0]["targetUrl"] = "http://data.europa.eu/esco/skill/other"
    name = copy.deepcopy(document)
    name["credentialSubject"]["identifier"][0]["identityHash"] = "Iemand Anders"
    label = copy.deepcopy(document)
    label["name"] = "robotica"
    dates = copy.deepcopy(document)
    dates["validUntil"] = "2099-01-01T00:00:00Z"
    status = copy.deepcopy(document)
    status["credentialStatus"]["statusListIndex"] = "1"
    return {"skill": skill, "subject": name, "name": label, "validUntil": dates, "status index": status}


@pytest.mark.parametrize("change", ["skill", "subject", "name", "validUntil", "status index"])
def test_a_tampered_data_integrity_credential_fails_on_its_signature(signed, change):
    result = vc.verify_credential(tampered_documents(signed[0])[change], now=NOW)
    assert not result.verified and result.reason == vc.Reason.SIGNATURE_INVALID
    assert "handtekening klopt niet" in result.message


@pytest.mark.parametrize("change", ["skill", "subject"])
def test_a_tampered_jwt_fails_on_its_signature(signed, change):
    header, _payload, _signature = signed[1].split(".")
    unsigned = {key: value for key, value in tampered_documents(signed[0])[change].items() if key != "proof"}
    payload = vc.b64url_encode(json.dumps(unsigned, separators=(",", ":")).encode())
    result = vc.verify_credential(f"{header}.{payload}.{signed[1].split('.')[2]}", now=NOW)
    assert result.reason == vc.Reason.SIGNATURE_INVALID


def test_an_added_undefined_field_is_refused_because_it_would_go_unsigned(signed):
    document = copy.deepcopy(signed[0])
    document["credentialSubject"]["bonus"] = "alle vaardigheden"
    result = vc.verify_credential(document, now=NOW)
    assert result.reason == vc.Reason.MALFORMED and "bonus" in result.message


def test_a_claim_signed_with_another_key_fails(issuer):
    _private_key, did = issuer
    impostor = vc.new_private_key()
    # The impostor signs a claim that names the real issuer...
    credential = vc.open_badge_credential(claim_for(did))
    forged = vc.add_data_integrity_proof(credential, impostor, vc.verification_method(did), NOW)
    assert vc.verify_credential(forged, now=NOW).reason == vc.Reason.SIGNATURE_INVALID
    forged_jwt = vc.sign_jwt(credential, impostor, vc.verification_method(did))
    assert vc.verify_credential(forged_jwt, now=NOW).reason == vc.Reason.SIGNATURE_INVALID
    # ...or with its own key in the proof: the key is not the issuer's.
    own_method = vc.verification_method(vc.did_key(vc.public_key_of(impostor)))
    forged = vc.add_data_integrity_proof(credential, impostor, own_method, NOW)
    result = vc.verify_credential(forged, now=NOW)
    assert result.reason == vc.Reason.SIGNATURE_INVALID and "ander dan de uitgever" in result.message


def test_an_unknown_issuer_fails_when_a_registry_of_issuers_is_asked(issuer):
    private_key, did = issuer
    document, _token = vc.sign_credential(vc.open_badge_credential(claim_for(did, status=None)), private_key, NOW)
    result = vc.verify_credential(document, now=NOW, known_issuer=lambda candidate: False)
    assert result.reason == vc.Reason.UNKNOWN_ISSUER and result.issuer_known is False
    assert vc.verify_credential(document, now=NOW, known_issuer=lambda candidate: candidate == did).verified


# -- time ---------------------------------------------------------------------


def test_an_expired_credential_fails_with_its_date(issuer):
    private_key, did = issuer
    claim = claim_for(did, valid_from=NOW - timedelta(days=400), valid_until=NOW - timedelta(days=35))
    document, token = vc.sign_credential(vc.open_badge_credential(claim), private_key, NOW)
    for credential in (document, token):
        result = vc.verify_credential(credential, now=NOW)
        assert result.reason == vc.Reason.EXPIRED
        assert result.message == "Deze verklaring is verlopen op 18 oktober 2026."


def test_a_credential_that_is_not_yet_valid_fails(issuer):
    private_key, did = issuer
    document, _token = vc.sign_credential(vc.open_badge_credential(claim_for(did, valid_from=NOW + timedelta(days=3))), private_key, NOW)
    result = vc.verify_credential(document, now=NOW)
    assert result.reason == vc.Reason.NOT_YET_VALID and "pas geldig vanaf 25 november 2026" in result.message


# -- revocation ---------------------------------------------------------------


def test_a_revoked_credential_fails(issuer, signed):
    private_key, did = issuer
    revoked = status_list(private_key, did, revoked=[94567])
    for credential in signed:
        result = vc.verify_credential(credential, now=NOW, resolve_status_list=lambda url: revoked)
        assert result.reason == vc.Reason.REVOKED and result.message == "De uitgever heeft deze verklaring ingetrokken."


def test_another_revoked_index_does_not_touch_this_credential(issuer, signed):
    private_key, did = issuer
    others = status_list(private_key, did, revoked=[94566, 94568, 0, vc.STATUS_LIST_LENGTH - 1])
    assert vc.verify_credential(signed[0], now=NOW, resolve_status_list=lambda url: others).verified


@pytest.mark.parametrize(
    "make_list, words",
    [
        (lambda key, did: None, "niet beschikbaar"),
        (lambda key, did: status_list(vc.new_private_key(), did), "zelf niet geldig"),
        (lambda key, did: status_list(key, did, list_url="https://elders.example/list"), "ander adres"),
        (lambda key, did: status_list(key, did, purpose="suspension"), "ander doel"),
        (lambda key, did: status_list(key, did, bits=b"\0" * 1024), "korter dan de norm"),
    ],
)
def test_a_status_list_that_cannot_be_trusted_gives_status_unavailable(issuer, signed, make_list, words):
    private_key, did = issuer
    result = vc.verify_credential(signed[0], now=NOW, resolve_status_list=lambda url: make_list(private_key, did))
    assert result.reason == vc.Reason.STATUS_UNAVAILABLE and words in result.message


def test_status_list_bits_are_counted_from_the_left_of_the_first_byte():
    bits = vc.bitstring_with([0, 9, vc.STATUS_LIST_LENGTH - 1])
    assert len(bits) == 16 * 1024
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 0b0000_0001
    assert [index for index in range(vc.STATUS_LIST_LENGTH) if vc.bit_is_set(bits, index)] == [0, 9, vc.STATUS_LIST_LENGTH - 1]


def test_status_list_encoding_is_gzip_then_multibase_base64url():
    bits = vc.bitstring_with([3, 94567])
    encoded = vc.encode_status_list(bits)
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded and "/" not in encoded
    assert gzip.decompress(vc.b64url_decode(encoded[1:])) == bits
    assert vc.decode_status_list(encoded) == bits


def test_the_spec_example_of_an_empty_list_decodes():
    # The Bitstring Status List v1.0 example encodedList: 131,072 zero bits.
    example = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
    bits = vc.decode_status_list(example)
    assert len(bits) * 8 == vc.STATUS_LIST_LENGTH and not any(bits)


def test_a_status_list_that_inflates_without_end_is_refused():
    bomb = "u" + vc.b64url_encode(gzip.compress(b"\0" * (vc.MAX_STATUS_LIST_BYTES + 1)))
    with pytest.raises(vc.CredentialError) as failure:
        vc.decode_status_list(bomb)
    assert failure.value.reason == vc.Reason.STATUS_UNAVAILABLE


# -- input that is not a credential -------------------------------------------


@pytest.mark.parametrize(
    "data, reason, words",
    [
        ("", vc.Reason.MALFORMED, "niets ingevuld"),
        ("hallo", vc.Reason.MALFORMED, "geen geldige JSON en geen JWT"),
        ("[1, 2]", vc.Reason.MALFORMED, "JSON-object"),
        ("a.b.c", vc.Reason.MALFORMED, "beschadigd"),
        ({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"]}, vc.Reason.UNSUPPORTED, "2.0"),
        ({"@context": [vc.VC_V2_CONTEXT], "type": ["VerifiableCredential"], "credentialSubject": {}}, vc.Reason.MALFORMED, "proof"),
        ("x" * (vc.MAX_INPUT_BYTES + 1), vc.Reason.MALFORMED, "groter dan"),
    ],
)
def test_input_that_is_not_a_credential_gets_a_dutch_reason(data, reason, words):
    result = vc.verify_credential(data, now=NOW)
    assert not result.verified and result.reason == reason and words in result.message


def test_a_context_that_is_not_shipped_is_never_fetched(issuer):
    private_key, did = issuer
    credential = vc.open_badge_credential(claim_for(did))
    credential["@context"].append("https://evil.example/context.jsonld")
    with pytest.raises(vc.CredentialError) as failure:
        vc.canonical_nquads(credential)
    assert failure.value.reason == vc.Reason.UNSUPPORTED and "evil.example" in failure.value.message


def test_a_jwt_with_another_algorithm_is_unsupported(signed):
    _header, payload, signature = signed[1].split(".")
    header = vc.b64url_encode(json.dumps({"alg": "none", "typ": "vc+jwt"}).encode())
    assert vc.verify_credential(f"{header}.{payload}.{signature}", now=NOW).reason == vc.Reason.UNSUPPORTED


# -- keys at rest -------------------------------------------------------------


def test_private_keys_are_encrypted_and_survive_a_secret_key_rotation():
    private_key = vc.new_private_key()
    token = keystore.encrypt(private_key, ["old-secret"])
    assert private_key.hex() not in token
    assert keystore.decrypt(token, ["old-secret"]) == private_key
    with pytest.raises(keystore.KeyUnavailable):
        keystore.decrypt(token, ["new-secret"])
    assert keystore.decrypt(token, ["new-secret", "old-secret"]) == private_key
    rotated = keystore.reencrypt(token, ["new-secret", "old-secret"])
    assert keystore.decrypt(rotated, ["new-secret"]) == private_key

"""The credentials API as an issuer, a person and an anonymous verifier use it."""

import json

import pytest

from loket.credentials import vc
from loket.credentials.models import IssuedCredential, IssuerKey
from loket.passport.models import PassportSkill

pytestmark = pytest.mark.django_db
API = "/api/v1/credentials"


def issue_body(skill, **changes):
    body = {"email": "sanne@example.nl", "skill_id": skill.pk, "evidence": "diploma", "evidence_date": "2026-06-30", "note": "MBO 4"}
    body.update(changes)
    return body


def post(client, path, body):
    return client.post(API + path, json.dumps(body), content_type="application/json")


def test_an_issuer_issues_and_sees_the_address_typed_not_the_name(client, teacher, person, heat_pumps):
    client.force_login(teacher)
    response = post(client, "/issue", issue_body(heat_pumps, email="SANNE@example.nl"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["issuer"]["name"] == "ROC Kop van Noord-Holland" and data["status"] == "valid"
    assert data["skill"] == {"id": heat_pumps.pk, "uri": heat_pumps.uri, "label": "warmtepompen installeren"}
    assert data["email"] == "SANNE@example.nl" and data["id"].startswith("urn:uuid:")
    assert data["status_list"].startswith("http://testserver/api/v1/credentials/status/")
    # The signed documents name the person; they go to the person, not back to the issuer.
    assert "Vries" not in response.text and "subject_name" not in data and "document" not in data and "jwt" not in data
    listed = client.get(API + "/issued")
    assert listed.json()[0]["email"] == "SANNE@example.nl" and "Vries" not in listed.text
    revoked = post(client, f"/issued/{data['uuid']}/revoke", {})
    assert revoked.status_code == 200 and "Vries" not in revoked.text
    client.force_login(person)
    mine = client.get(f"{API}/mine/{data['uuid']}").json()
    assert mine["id"] == mine["document"]["id"] == data["id"]
    assert mine["document"]["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert post(client, "/verify", {"credential": mine["jwt"]}).json()["reason"] == "revoked"


def test_a_skill_can_be_named_by_its_esco_uri(client, teacher, person, heat_pumps):
    client.force_login(teacher)
    response = post(client, "/issue", issue_body(heat_pumps, skill_id=None, skill_uri=heat_pumps.uri))
    assert response.status_code == 201 and response.json()["skill"]["id"] == heat_pumps.pk


def test_wrong_input_is_a_422_per_field_in_dutch_and_nothing_is_stored(client, teacher, person, heat_pumps):
    client.force_login(teacher)
    response = post(client, "/issue", issue_body(heat_pumps, email="onbekend@example.nl", skill_id=999999, evidence_date="2099-01-01"))
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    errors = {error["field"]: error["message"] for error in data["errors"]}
    assert errors["email"] == "Aan dit e-mailadres kunnen wij geen verklaring uitgeven. Controleer het adres bij de persoon zelf."
    assert errors["skill_id"] == "Kies een vaardigheid uit ESCO."
    assert errors["evidence_date"] == "De datum van het bewijs kan niet in de toekomst liggen."
    assert not IssuedCredential.objects.exists() and not PassportSkill.objects.exists()


def test_a_missing_field_gets_the_dutch_validation_message(client, teacher, heat_pumps):
    client.force_login(teacher)
    body = issue_body(heat_pumps)
    del body["evidence_date"]
    response = post(client, "/issue", body)
    assert response.status_code == 422 and {"field": "evidence_date", "message": "dit veld is verplicht"} in response.json()["errors"]


def test_a_person_cannot_issue(client, person, heat_pumps):
    client.force_login(person)
    response = post(client, "/issue", issue_body(heat_pumps))
    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen medewerkers van een school of werkgever kunnen verklaringen uitgeven."


def test_issuing_needs_a_session(client, heat_pumps):
    assert post(client, "/issue", issue_body(heat_pumps)).status_code == 401


def test_an_issuer_cannot_sign_for_another_organisation(client, teacher, person, employer, heat_pumps):
    client.force_login(teacher)
    response = post(client, "/issue", issue_body(heat_pumps, organisation_id=employer.pk))
    assert response.status_code == 403 and "namens deze organisatie" in response.json()["detail"]
    assert not IssuedCredential.objects.exists()


def test_an_issuer_of_two_organisations_must_choose(client, teacher, person, employer, heat_pumps):
    from loket.accounts.models import Membership

    Membership.objects.create(user=teacher, organisation=employer)
    client.force_login(teacher)
    response = post(client, "/issue", issue_body(heat_pumps))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "organisation_id", "message": "Kies namens welke organisatie u de verklaring uitgeeft."}]
    assert post(client, "/issue", issue_body(heat_pumps, organisation_id=employer.pk)).status_code == 201
    assert client.get(API + "/organisations").json()[0]["name"] == "Installatiebedrijf Alkmaar"


def test_the_issued_list_shows_only_my_organisations(client, issued, boss):
    client.force_login(boss)
    assert client.get(API + "/issued").json() == []
    client.force_login(issued.issued_by)
    assert [row["uuid"] for row in client.get(API + "/issued").json()] == [str(issued.uuid)]


def test_revoke_by_the_issuer_then_public_verification_says_revoked(client, issued, teacher):
    verified = post(client, "/verify", {"credential": issued.jwt}).json()
    assert verified["verified"] and verified["reason"] == "valid"
    client.force_login(teacher)
    response = post(client, f"/issued/{issued.uuid}/revoke", {"reason": "Vergissing"})
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    client.logout()
    result = post(client, "/verify", {"credential": issued.document}).json()
    assert not result["verified"] and result["reason"] == "revoked"
    assert result["message"] == "De uitgever heeft deze verklaring ingetrokken."


def test_revoke_twice_is_a_conflict(client, issued, teacher):
    client.force_login(teacher)
    post(client, f"/issued/{issued.uuid}/revoke", {})
    response = post(client, f"/issued/{issued.uuid}/revoke", {})
    assert response.status_code == 409 and response.json()["detail"] == "Deze verklaring is al ingetrokken."


def test_an_issuer_of_another_organisation_cannot_revoke(client, issued, boss):
    client.force_login(boss)
    response = post(client, f"/issued/{issued.uuid}/revoke", {"reason": "sabotage"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen de organisatie die deze verklaring uitgaf, kan haar intrekken."
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_the_person_lists_and_downloads_their_credentials(client, issued, person):
    client.force_login(person)
    rows = client.get(API + "/mine").json()
    assert [row["skill"]["label"] for row in rows] == ["warmtepompen installeren"]
    one = client.get(f"{API}/mine/{issued.uuid}").json()
    assert one["document"] == issued.document and one["jwt"] == issued.jwt
    as_json = client.get(f"{API}/mine/{issued.uuid}/download/json")
    assert as_json["Content-Type"].startswith("application/vc") and "attachment" in as_json["Content-Disposition"]
    assert vc.verify_credential(as_json.content).verified
    as_jwt = client.get(f"{API}/mine/{issued.uuid}/download/jwt")
    assert as_jwt["Content-Type"] == "application/vc+jwt" and as_jwt.content.decode() == issued.jwt


def test_the_person_takes_a_credential_into_the_passport_or_not(client, issued, person, heat_pumps, teacher, issue_request, another_skill):
    from loket.credentials import services

    client.force_login(person)
    assert client.get(API + "/mine").json()[0]["decision"] == "new"
    assert not PassportSkill.objects.exists()
    response = post(client, f"/mine/{issued.uuid}/accept", {})
    assert response.status_code == 200 and response.json()["decision"] == "accepted" and response.json()["accepted_at"]
    entry = PassportSkill.objects.get(passport__user=person)
    assert entry.skill == heat_pumps and entry.evidence == "diploma" and entry.source == "credential"
    again = post(client, f"/mine/{issued.uuid}/accept", {})
    assert again.status_code == 409 and again.json()["detail"] == "Deze verklaring staat al in uw paspoort."

    other = services.issue(teacher, issue_request(skill=another_skill), "https://loket.example")
    declined = post(client, f"/mine/{other.uuid}/decline", {})
    assert declined.status_code == 200 and declined.json()["decision"] == "declined" and declined.json()["declined_at"]
    assert list(PassportSkill.objects.values_list("skill", flat=True)) == [heat_pumps.pk]
    assert {row["decision"] for row in client.get(API + "/mine").json()} == {"accepted", "declined"}


def test_a_revoked_credential_cannot_be_taken_in(client, issued, person, teacher):
    from loket.credentials import services

    services.revoke(issued, teacher, "")
    client.force_login(person)
    response = post(client, f"/mine/{issued.uuid}/accept", {})
    assert response.status_code == 409
    assert response.json()["detail"] == "Deze verklaring is ingetrokken en kan niet meer in uw paspoort worden opgenomen."
    assert not PassportSkill.objects.exists()


@pytest.mark.parametrize("choice", ["accept", "decline"])
def test_only_the_person_chooses(client, issued, teacher, make_user, choice):
    from loket.accounts.roles import Role

    assert post(client, f"/mine/{issued.uuid}/{choice}", {}).status_code == 401
    for somebody in (teacher, make_user(role=Role.PERSON, email="piet@example.nl")):
        client.force_login(somebody)
        assert post(client, f"/mine/{issued.uuid}/{choice}", {}).status_code == 404
    issued.refresh_from_db()
    assert (issued.accepted_at, issued.declined_at) == (None, None) and not PassportSkill.objects.exists()


def test_someone_elses_credential_is_not_found(client, issued, make_user):
    from loket.accounts.roles import Role

    client.force_login(make_user(role=Role.PERSON, email="piet@example.nl"))
    assert client.get(f"{API}/mine/{issued.uuid}").status_code == 404
    assert client.get(f"{API}/mine/{issued.uuid}/download/json").status_code == 404


def test_verify_is_public_and_explains_failures(client, issued):
    tampered = json.loads(json.dumps(issued.document))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Iemand Anders"
    result = post(client, "/verify", {"credential": tampered}).json()
    assert result["reason"] == "signature_invalid" and result["message"].startswith("De handtekening klopt niet")
    garbage = post(client, "/verify", {"credential": "dit is geen verklaring"}).json()
    assert garbage == {**garbage, "verified": False, "reason": "malformed", "summary": None}


def test_verify_can_check_the_email_of_the_person(client, issued):
    right = post(client, "/verify", {"credential": json.dumps(issued.document), "email": "Sanne@example.nl"}).json()
    assert right["email_matches"] is True and right["issuer_known"] is True
    assert right["issuer_organisation"]["name"] == "ROC Kop van Noord-Holland"
    wrong = post(client, "/verify", {"credential": issued.jwt, "email": "piet@example.nl"}).json()
    assert wrong["email_matches"] is False


def test_the_status_list_is_public_signed_and_flips_on_revocation(client, issued, teacher):
    url = issued.status_list.url.removeprefix("https://loket.example")
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert vc.verify_credential(document).verified
    bits = vc.decode_status_list(document["credentialSubject"]["encodedList"])
    assert not vc.bit_is_set(bits, issued.status_index)
    client.force_login(teacher)
    post(client, f"/issued/{issued.uuid}/revoke", {})
    bits = vc.decode_status_list(json.loads(client.get(url).content)["credentialSubject"]["encodedList"])
    assert vc.bit_is_set(bits, issued.status_index)


def test_the_issuer_keys_are_public(client, issued, school):
    data = client.get(f"{API}/issuers/{school.pk}").json()
    did = IssuerKey.objects.get().did
    assert data["organisation"]["name"] == "ROC Kop van Noord-Holland"
    assert data["keys"][0]["did"] == did and data["keys"][0]["did_document"]["id"] == did
    assert data["keys"][0]["status_lists"] == [issued.status_list.url]


def test_an_organisation_without_keys_has_no_issuer_page(client, employer):
    response = client.get(f"{API}/issuers/{employer.pk}")
    assert response.status_code == 404 and response.json()["detail"] == "Niet gevonden."


def test_the_openapi_document_describes_the_credentials_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/credentials/issue", "/api/v1/credentials/verify", "/api/v1/credentials/status/{public_id}"):
        assert path in paths

"""The pages under /verklaringen/ and the offline command."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from loket.accounts.roles import Role
from loket.credentials import vc
from loket.credentials.models import IssuedCredential
from loket.passport.models import PassportSkill

pytestmark = pytest.mark.django_db


def issue_form(concept, **changes):
    data = {
        "email": "sanne@example.nl",
        "skill_query": "warmtepomp",
        "skill": str(concept.pk),
        "evidence": "certificate",
        "evidence_date": "2026-05-01",
        "valid_until": "",
        "note": "",
    }
    data.update(changes)
    return data


def with_organisation(data, organisation):
    return {**data, "organisation": str(organisation.pk)}


def test_the_start_page_shows_what_each_visitor_can_do(client, teacher, person):
    page = client.get(reverse("credentials:index"))
    assert page.status_code == 200 and "Een verklaring controleren" in page.text and "Verklaringen uitgeven" not in page.text
    client.force_login(teacher)
    assert "Verklaringen uitgeven" in client.get(reverse("credentials:index")).text
    client.force_login(person)
    assert "Mijn verklaringen" in client.get(reverse("credentials:index")).text


def test_an_issuer_signs_a_claim_through_the_form(client, teacher, school, person, heat_pumps):
    client.force_login(teacher)
    page = client.get(reverse("credentials:issue"))
    assert page.status_code == 200 and "Namens <strong>ROC Kop van Noord-Holland</strong>" in page.text
    response = client.post(reverse("credentials:issue"), with_organisation(issue_form(heat_pumps), school), follow=True)
    credential = IssuedCredential.objects.get()
    assert response.redirect_chain[-1][0] == reverse("credentials:detail", args=[credential.uuid])
    assert "De verklaring voor warmtepompen installeren is ondertekend en aangeboden aan sanne@example.nl." in response.text
    assert "Vries" not in response.text
    assert credential.evidence == "certificate" and vc.verify_credential(credential.jwt).verified
    assert not PassportSkill.objects.exists()  # offered to the person, not put in the passport


def test_the_skill_search_works_without_javascript_and_as_htmx(client, teacher, school, heat_pumps):
    client.force_login(teacher)
    searched = issue_form(heat_pumps, skill="", zoek="1", evidence="", evidence_date="")
    page = client.post(reverse("credentials:issue"), with_organisation(searched, school))
    assert page.status_code == 200 and "Kies de vaardigheid" in page.text and "warmtepompen installeren" in page.text
    assert "Controleer het formulier" not in page.text and 'value="sanne@example.nl"' in page.text
    partial = client.get(reverse("credentials:skill_search"), {"skill_query": "warmtepomp"}, headers={"HX-Request": "true"})
    assert f'value="{heat_pumps.pk}"' in partial.text and "<html" not in partial.text
    nothing = client.get(reverse("credentials:skill_search"), {"skill_query": "qqqqqq"})
    assert "Geen vaardigheid gevonden" in nothing.text


def test_a_form_without_a_skill_says_so_and_stores_nothing(client, teacher, school, person, heat_pumps):
    client.force_login(teacher)
    page = client.post(reverse("credentials:issue"), with_organisation(issue_form(heat_pumps, skill=""), school))
    assert page.status_code == 400
    assert "Controleer het formulier." in page.text and "Kies een vaardigheid uit ESCO." in page.text
    assert not IssuedCredential.objects.exists()


@pytest.mark.parametrize("email", ["baas@installatie.example", "onbekend@example.nl"])
def test_a_form_for_an_address_that_cannot_receive_gets_one_neutral_message(client, teacher, boss, school, heat_pumps, email):
    client.force_login(teacher)
    page = client.post(reverse("credentials:issue"), with_organisation(issue_form(heat_pumps, email=email), school))
    assert page.status_code == 400
    assert "Aan dit e-mailadres kunnen wij geen verklaring uitgeven. Controleer het adres bij de persoon zelf." in page.text
    assert "Martijn" not in page.text
    assert f'value="{heat_pumps.pk}" checked' in page.text  # the chosen skill is kept
    assert not IssuedCredential.objects.exists()


def test_a_form_with_a_bad_date_gets_a_dutch_message(client, teacher, school, person, heat_pumps):
    client.force_login(teacher)
    page = client.post(reverse("credentials:issue"), with_organisation(issue_form(heat_pumps, evidence_date="gisteren"), school))
    assert page.status_code == 400 and "Vul een geldige datum in." in page.text
    assert not IssuedCredential.objects.exists()


def test_a_person_cannot_open_the_issue_page(client, person):
    client.force_login(person)
    page = client.get(reverse("credentials:issue"))
    assert page.status_code == 403 and "Deze pagina is alleen voor: Opleider, Werkgever." in page.text


def test_an_employer_without_an_organisation_is_told_why(client, make_user):
    client.force_login(make_user(role=Role.EMPLOYER, email="zzp@example.nl"))
    page = client.get(reverse("credentials:issue"))
    assert page.status_code == 403 and "U hoort niet bij een school of werkgever" in page.text


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("credentials:issue"))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_the_issuer_revokes_on_the_detail_page(client, issued, teacher):
    client.force_login(teacher)
    listing = client.get(reverse("credentials:issued"))
    assert "warmtepompen installeren" in listing.text and "sanne@example.nl" in listing.text and "Vries" not in listing.text
    detail = client.get(reverse("credentials:detail", args=[issued.uuid]))
    assert "warmtepompen installeren — sanne@example.nl" in detail.text and "Vries" not in detail.text
    assert "Uitgegeven door Ingrid Visser" in detail.text and "Verklaring intrekken" in detail.text
    response = client.post(reverse("credentials:revoke", args=[issued.uuid]), {"reason": "Vergissing"}, follow=True)
    assert "De verklaring is ingetrokken." in response.text and "Ingetrokken door Ingrid Visser: Vergissing" in response.text
    assert services_verify(issued.jwt).reason == vc.Reason.REVOKED


def services_verify(document):
    from loket.credentials import services

    return services.verify(document)


def test_an_issuer_of_another_organisation_can_neither_see_nor_revoke(client, issued, boss):
    client.force_login(boss)
    assert client.get(reverse("credentials:detail", args=[issued.uuid])).status_code == 403
    response = client.post(reverse("credentials:revoke", args=[issued.uuid]), {"reason": "x"})
    assert response.status_code == 403 and "Alleen de organisatie die deze verklaring uitgaf" in response.text
    issued.refresh_from_db()
    assert issued.revoked_at is None
    assert "warmtepompen installeren" not in client.get(reverse("credentials:issued")).text


def test_the_person_sees_and_downloads_their_credentials(client, issued, person):
    client.force_login(person)
    page = client.get(reverse("credentials:mine"))
    assert "warmtepompen installeren" in page.text and "Verklaard door ROC Kop van Noord-Holland" in page.text
    as_json = client.get(reverse("credentials:download", args=[issued.uuid, "json"]))
    assert json.loads(as_json.content) == issued.document
    as_jwt = client.get(reverse("credentials:download", args=[issued.uuid, "jwt"]))
    assert as_jwt.content.decode() == issued.jwt
    assert client.get(reverse("credentials:download", args=[issued.uuid, "pdf"])).status_code == 404


def test_the_person_takes_a_new_credential_into_the_passport(client, issued, person, heat_pumps):
    client.force_login(person)
    page = client.get(reverse("credentials:mine"))
    assert "Nieuw" in page.text and "Opnemen in mijn paspoort" in page.text and "Niet opnemen" in page.text
    assert not PassportSkill.objects.exists()
    response = client.post(reverse("credentials:accept", args=[issued.uuid]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("credentials:mine")
    assert "warmtepompen installeren staat nu in uw paspoort" in response.text and "Opnemen in mijn paspoort" not in response.text
    assert "In uw paspoort" in response.text
    entry = PassportSkill.objects.get(passport__user=person)
    assert entry.skill == heat_pumps and entry.evidence == "diploma"
    assert client.get(reverse("credentials:accept", args=[issued.uuid])).status_code == 405


def test_the_person_leaves_a_credential_out_of_the_passport(client, issued, person):
    client.force_login(person)
    response = client.post(reverse("credentials:decline", args=[issued.uuid]), follow=True)
    assert "warmtepompen installeren is niet in uw paspoort opgenomen. De verklaring blijft hier bewaard." in response.text
    assert "Niet in uw paspoort" in response.text and "Toch opnemen in mijn paspoort" in response.text
    assert not PassportSkill.objects.exists() and IssuedCredential.objects.get().declined_at is not None
    again = client.post(reverse("credentials:decline", args=[issued.uuid]), follow=True)
    assert "U heeft deze verklaring al niet in uw paspoort opgenomen." in again.text
    response = client.post(reverse("credentials:accept", args=[issued.uuid]), follow=True)
    assert "staat nu in uw paspoort" in response.text and PassportSkill.objects.count() == 1


def test_a_revoked_credential_offers_no_choice(client, issued, person, teacher):
    from loket.credentials import services

    services.revoke(issued, teacher, "")
    client.force_login(person)
    assert "Opnemen in mijn paspoort" not in client.get(reverse("credentials:mine")).text
    response = client.post(reverse("credentials:accept", args=[issued.uuid]), follow=True)
    assert "Deze verklaring is ingetrokken en kan niet meer in uw paspoort worden opgenomen." in response.text
    assert not PassportSkill.objects.exists()


def test_another_person_cannot_download_it(client, issued, make_user):
    client.force_login(make_user(role=Role.PERSON, email="piet@example.nl"))
    assert client.get(reverse("credentials:download", args=[issued.uuid, "json"])).status_code == 404
    assert "warmtepompen installeren" not in client.get(reverse("credentials:mine")).text
    assert client.post(reverse("credentials:accept", args=[issued.uuid])).status_code == 404
    assert client.post(reverse("credentials:decline", args=[issued.uuid])).status_code == 404
    assert not PassportSkill.objects.exists()


def test_the_public_verify_page_takes_pasted_text_and_files(client, issued, teacher):
    page = client.post(reverse("credentials:verify"), {"text": issued.jwt})
    assert page.status_code == 200 and "Deze verklaring is echt" in page.text and "bekend bij het loket" in page.text
    upload = SimpleUploadedFile("verklaring.json", json.dumps(issued.document).encode(), content_type="application/json")
    page = client.post(reverse("credentials:verify"), {"file": upload, "email": "sanne@example.nl"})
    assert "Deze verklaring is echt" in page.text and "De verklaring gaat over het e-mailadres dat u opgaf." in page.text
    from loket.credentials import services

    services.revoke(issued, teacher, "")
    page = client.post(reverse("credentials:verify"), {"text": issued.jwt})
    assert "De uitgever heeft deze verklaring ingetrokken." in page.text and 'data-reason="revoked"' in page.text


def test_the_verify_page_explains_what_is_wrong(client, issued):
    tampered = json.loads(json.dumps(issued.document))
    tampered["credentialSubject"]["achievement"]["alignment"][0]["targetName"] = "raketten bouwen"
    page = client.post(reverse("credentials:verify"), {"text": json.dumps(tampered)})
    assert "Niet geldig" in page.text and "De handtekening klopt niet" in page.text
    page = client.post(reverse("credentials:verify"), {"text": " "})
    assert page.status_code == 400 and "Plak een verklaring of kies een bestand." in page.text


def test_the_public_issuer_page_shows_the_keys(client, issued, school):
    page = client.get(reverse("credentials:issuer", args=[school.pk]))
    assert page.status_code == 200 and issued.issuer_key.did in page.text and issued.status_list.url in page.text


# -- loket verify-credential ---------------------------------------------------


def test_the_command_verifies_offline_and_says_revocation_was_not_checked(tmp_path, issued, capsys):
    path = tmp_path / "verklaring.json"
    path.write_text(json.dumps(issued.document))
    call_command("verify_credential", str(path))
    output = capsys.readouterr().out
    assert "✔ De handtekening klopt en de verklaring is geldig" in output
    assert "warmtepompen installeren" in output and "intrekking is offline niet gecontroleerd" in output


def test_the_command_checks_revocation_with_a_saved_status_list(tmp_path, issued, teacher, capsys):
    from loket.credentials import services

    services.revoke(issued, teacher, "")
    issued.status_list.refresh_from_db()
    credential, status_list = tmp_path / "verklaring.jwt", tmp_path / "lijst.json"
    credential.write_text(issued.jwt)
    status_list.write_text(json.dumps(issued.status_list.document))
    with pytest.raises(SystemExit) as exit:
        call_command("verify_credential", str(credential), "--status-list", str(status_list), "--json")
    assert exit.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["reason"] == "revoked" and result["verified"] is False


def test_the_command_fails_a_tampered_file(tmp_path, issued, capsys):
    tampered = json.loads(json.dumps(issued.document))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Iemand Anders"
    path = tmp_path / "verklaring.json"
    path.write_text(json.dumps(tampered))
    with pytest.raises(SystemExit):
        call_command("verify_credential", str(path))
    assert "✘ De handtekening klopt niet" in capsys.readouterr().out


def test_the_command_names_a_file_it_cannot_read(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Kan .*bestaat-niet.json niet lezen"):
        call_command("verify_credential", str(tmp_path / "bestaat-niet.json"))


def test_an_administrator_sees_credentials_and_keys_read_only(client, issued, make_user):
    admin = make_user(role=Role.ADMIN, email="beheer@example.nl")
    client.force_login(admin)
    page = client.get(reverse("admin:credentials_issuedcredential_change", args=[issued.pk]))
    assert page.status_code == 200 and "warmtepompen installeren" in page.text and "Uitgegeven" in page.text
    assert client.get(reverse("admin:credentials_issuerkey_changelist")).status_code == 200
    assert client.get(reverse("admin:credentials_issuedcredential_add")).status_code == 403


def test_the_admin_shows_only_metadata_of_a_credential(client, teacher, person, issue_request, make_user):
    """Staff see what was issued by whom and when, not about whom or what the
    issuer wrote: that would be a look at a person's data without an access-log entry."""
    from loket.credentials import services

    credential = services.issue(teacher, issue_request(note="Sanne de Vries, klas 4B, met lof"), "https://loket.example")
    services.revoke(credential, teacher, "Sanne de Vries haalde het examen niet")
    client.force_login(make_user(role=Role.ADMIN, email="beheer@example.nl"))
    pages = [
        client.get(reverse("admin:credentials_issuedcredential_changelist")),
        client.get(reverse("admin:credentials_issuedcredential_change", args=[credential.pk])),
    ]
    for page in pages:
        assert page.status_code == 200 and "warmtepompen installeren" in page.text and "ROC Kop van Noord-Holland" in page.text
        for personal in ("Sanne", "Vries", "sanne@example.nl", "klas 4B", "examen", credential.jwt[:40], "proofValue", "identityHash"):
            assert personal not in page.text, personal
    assert "Ingetrokken" in pages[1].text and "Ingrid Visser" in pages[1].text  # who did what, when
    found = client.get(reverse("admin:credentials_issuedcredential_changelist"), {"q": "Vries"})
    assert found.context["cl"].result_count == 0  # nor can staff look a person up by name


def test_an_administrator_retires_a_key_and_the_next_credential_gets_a_new_one(client, issued, teacher, issue_request, another_skill, make_user):
    from loket.credentials import services
    from loket.credentials.models import IssuerKey

    client.force_login(make_user(role=Role.ADMIN, email="beheer@example.nl"))
    key = issued.issuer_key
    response = client.post(
        reverse("admin:credentials_issuerkey_change", args=[key.pk]), {"retired_at_0": "2026-11-01", "retired_at_1": "12:00:00"}
    )
    assert response.status_code == 302, response.content
    key.refresh_from_db()
    assert key.retired_at is not None
    fresh = services.issue(teacher, issue_request(skill=another_skill), "https://loket.example")
    assert fresh.issuer_key != key and IssuerKey.objects.filter(retired_at__isnull=True).get() == fresh.issuer_key

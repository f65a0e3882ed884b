"""Issuing and revoking as the organisations and the person meet it, on a real database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from loket.accounts.roles import Role
from loket.credentials import keystore, services, vc
from loket.credentials.models import CredentialEvent, IssuedCredential, IssuerKey, StatusList
from loket.passport.models import Evidence, Passport, PassportSkill, SkillSource

pytestmark = pytest.mark.django_db
BASE = "https://loket.example"
UNREACHABLE = "Aan dit e-mailadres kunnen wij geen verklaring uitgeven. Controleer het adres bij de persoon zelf."


def nothing_stored():
    return not IssuedCredential.objects.exists() and not PassportSkill.objects.exists() and not CredentialEvent.objects.exists()


def test_an_issued_claim_verifies_in_both_formats_and_names_the_school(issued, school, person, heat_pumps):
    for document in (issued.document, issued.jwt):
        result = services.verify(document)
        assert result.verified and result.status_checked and result.issuer_known
        assert result.summary.issuer_name == "ROC Kop van Noord-Holland"
        assert result.summary.subject_name == "Sanne de Vries"
        assert result.summary.skills == [
            {"name": "warmtepompen installeren", "url": heat_pumps.uri, "framework": "ESCO", "code": heat_pumps.code or heat_pumps.uri.rsplit("/", 1)[-1]}
        ]
    assert issued.document["issuer"]["id"] == IssuerKey.objects.get(organisation=school).did
    assert issued.document["credentialSubject"]["achievement"]["description"]
    assert issued.document["evidence"][0]["narrative"] == "MBO Monteur duurzame energie"
    assert "sanne@example.nl" not in issued.jwt and "sanne@example.nl" not in str(issued.document)
    assert vc.subject_has_email(issued.document, "sanne@example.nl")


def test_issuing_offers_the_claim_and_leaves_the_passport_alone(issued, teacher, person):
    assert not PassportSkill.objects.exists() and not Passport.objects.filter(user=person).exists()
    assert (issued.accepted_at, issued.declined_at, issued.decision) == (None, None, "new")
    assert list(services.credentials_of(person)) == [issued]
    event = issued.events.get()
    assert event.action == CredentialEvent.Action.ISSUED and event.actor == teacher and event.actor_name == "Ingrid Visser"


def test_accepting_lands_the_skill_in_the_passport(issued, person, heat_pumps):
    services.accept(person, issued)
    entry = PassportSkill.objects.get(passport__user=person, skill=heat_pumps)
    assert entry.source == SkillSource.CREDENTIAL and entry.evidence == Evidence.DIPLOMA
    assert entry.evidence_date == datetime.date(2026, 6, 30)
    assert "ROC Kop van Noord-Holland" in entry.evidence_note
    issued.refresh_from_db()
    assert issued.decision == "accepted" and issued.accepted_at is not None


def test_declining_keeps_the_credential_and_leaves_the_passport_alone(issued, person):
    services.decline(person, issued)
    issued.refresh_from_db()
    assert issued.decision == "declined" and issued.declined_at is not None
    assert list(services.credentials_of(person)) == [issued] and services.verify(issued.jwt).verified
    assert not PassportSkill.objects.exists()
    # A change of mind later is fine.
    services.accept(person, issued)
    issued.refresh_from_db()
    assert issued.decision == "accepted" and issued.declined_at is None and PassportSkill.objects.count() == 1


def test_a_second_claim_for_the_same_skill_updates_the_evidence_instead_of_duplicating(issued, boss, person, employer, heat_pumps, issue_request):
    services.accept(person, issued)
    second = services.issue(boss, issue_request(organisation=employer, evidence="work_experience", evidence_date=datetime.date(2026, 9, 1)), BASE)
    assert PassportSkill.objects.get(passport__user=person).evidence == Evidence.DIPLOMA  # not before the person says so
    services.accept(person, second)
    entry = PassportSkill.objects.get(passport__user=person, skill=heat_pumps)
    assert entry.evidence == Evidence.WORK_EXPERIENCE and entry.evidence_date == datetime.date(2026, 9, 1)
    assert "Installatiebedrijf Alkmaar" in entry.evidence_note
    assert PassportSkill.objects.filter(passport__user=person).count() == 1


def test_a_skill_the_person_added_themselves_keeps_its_origin_and_gets_the_evidence(teacher, person, heat_pumps, issue_request):
    passport = Passport.objects.create(user=person)
    PassportSkill.objects.create(passport=passport, skill=heat_pumps, proficiency=3)
    credential = services.issue(teacher, issue_request(), BASE)
    assert PassportSkill.objects.get(passport=passport).evidence == Evidence.SELF
    services.accept(person, credential)
    entry = PassportSkill.objects.get(passport=passport)
    assert entry.source == SkillSource.MANUAL and entry.proficiency == 3 and entry.evidence == Evidence.DIPLOMA


def passport_state():
    return list(PassportSkill.objects.values_list("skill_id", "evidence", "evidence_date", "evidence_note"))


@pytest.mark.parametrize(
    "prepare, choose, message",
    [
        ("accept", "accept", "Deze verklaring staat al in uw paspoort."),
        ("accept", "decline", "Deze verklaring staat al in uw paspoort. Wilt u de vaardigheid er niet meer in, verwijder haar dan in uw paspoort."),
        ("decline", "decline", "U heeft deze verklaring al niet in uw paspoort opgenomen."),
        ("revoke", "accept", "Deze verklaring is ingetrokken en kan niet meer in uw paspoort worden opgenomen."),
        ("expire", "accept", "Deze verklaring is verlopen en kan niet meer in uw paspoort worden opgenomen."),
    ],
)
def test_a_choice_that_cannot_be_made_is_explained_and_changes_nothing(issued, person, teacher, prepare, choose, message):
    if prepare == "revoke":
        services.revoke(issued, teacher, "")
    elif prepare == "expire":
        IssuedCredential.objects.filter(pk=issued.pk).update(valid_until=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    else:
        getattr(services, prepare)(person, issued)
    issued.refresh_from_db()
    before, decided = passport_state(), (issued.accepted_at, issued.declined_at)
    with pytest.raises(services.DecisionError) as failure:
        getattr(services, choose)(person, issued)
    assert str(failure.value) == message
    issued.refresh_from_db()
    assert passport_state() == before and (issued.accepted_at, issued.declined_at) == decided


@pytest.mark.parametrize("choose", ["accept", "decline"])
def test_only_the_person_decides_about_their_credential(issued, teacher, make_user, choose):
    for somebody in (teacher, make_user(role=Role.PERSON, email="piet@example.nl")):
        with pytest.raises(PermissionDenied, match="Alleen de persoon over wie de verklaring gaat"):
            getattr(services, choose)(somebody, issued)
    issued.refresh_from_db()
    assert issued.decision == "new" and not PassportSkill.objects.exists()


def test_one_key_per_organisation_stored_encrypted(issued, teacher, issue_request, another_skill, boss, employer):
    services.issue(teacher, issue_request(skill=another_skill), BASE)
    services.issue(boss, issue_request(organisation=employer), BASE)
    assert IssuerKey.objects.count() == 2
    key = IssuerKey.objects.get(organisation=issued.organisation)
    assert set(IssuedCredential.objects.filter(organisation=issued.organisation).values_list("issuer_key", flat=True)) == {key.pk}
    private_key = services.private_key_of(key)
    assert vc.did_key(vc.public_key_of(private_key)) == key.did
    with connection.cursor() as cursor:
        cursor.execute("SELECT encrypted_private_key FROM credentials_issuerkey WHERE id = %s", [key.pk])
        stored = cursor.fetchone()[0]
    assert private_key.hex() not in stored and vc.b64url_encode(private_key) not in stored
    with pytest.raises(keystore.KeyUnavailable):
        keystore.decrypt(stored, ["a-rotated-secret-key"])


def test_a_rotated_secret_key_is_survived_with_the_fallback_and_rekeying(issued, settings, capsys):
    from django.core.management import call_command

    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-for-this-test-0123456789abcdef", [old]
    call_command("rekey_issuer_keys")
    assert "1 sleutels opnieuw versleuteld" in capsys.readouterr().out
    settings.SECRET_KEY_FALLBACKS = []
    services.private_key_of(IssuerKey.objects.get(pk=issued.issuer_key_id))  # readable with the new key alone


def test_status_indexes_are_distinct_places_in_a_list_of_131072_bits(teacher, person, issue_request, another_skill, heat_pumps):
    first = services.issue(teacher, issue_request(), BASE)
    second = services.issue(teacher, issue_request(skill=another_skill), BASE)
    assert first.status_list == second.status_list and first.status_index != second.status_index
    assert first.status_list.length == vc.STATUS_LIST_LENGTH
    entry = first.document["credentialStatus"]
    assert entry["statusListCredential"] == first.status_list.url and entry["statusListIndex"] == str(first.status_index)
    bits = vc.decode_status_list(first.status_list.document["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == vc.STATUS_LIST_LENGTH and not any(bits)


def test_revocation_is_seen_at_once_in_both_formats(issued, teacher, person, heat_pumps):
    assert services.verify(issued.jwt).verified
    services.accept(person, issued)
    services.revoke(issued, teacher, "Diploma bleek vervalst")
    for document in (issued.document, issued.jwt):
        result = services.verify(document)
        assert not result.verified and result.reason == vc.Reason.REVOKED
        assert result.message == "De uitgever heeft deze verklaring ingetrokken."
    issued.refresh_from_db()
    assert issued.revoked_by == teacher and issued.revocation_reason == "Diploma bleek vervalst"
    status_list = StatusList.objects.get()
    assert vc.bit_is_set(vc.decode_status_list(status_list.document["credentialSubject"]["encodedList"]), issued.status_index)
    event = issued.events.get(action=CredentialEvent.Action.REVOKED)
    assert event.actor == teacher and event.detail == "Diploma bleek vervalst"
    # The passport no longer claims a diploma for it.
    entry = PassportSkill.objects.get(passport__user=person, skill=heat_pumps)
    assert entry.evidence == Evidence.SELF and entry.evidence_date is None


def test_revoking_one_claim_leaves_the_others_valid(issued, teacher, issue_request, another_skill):
    other = services.issue(teacher, issue_request(skill=another_skill), BASE)
    services.revoke(issued, teacher, "")
    assert services.verify(other.document).verified


def test_after_revoking_one_of_two_claims_the_passport_keeps_the_other_evidence(issued, boss, employer, teacher, person, heat_pumps, issue_request):
    services.accept(person, issued)
    services.accept(person, services.issue(boss, issue_request(organisation=employer, evidence="work_experience"), BASE))
    services.revoke(IssuedCredential.objects.get(organisation=employer), boss, "")
    entry = PassportSkill.objects.get(passport__user=person, skill=heat_pumps)
    assert entry.evidence == Evidence.DIPLOMA


def test_a_claim_the_person_did_not_take_in_is_no_fallback_and_its_revocation_leaves_the_passport(
    issued, boss, employer, teacher, person, heat_pumps, issue_request
):
    services.accept(person, issued)
    offered = services.issue(boss, issue_request(organisation=employer, evidence="work_experience"), BASE)
    services.revoke(offered, boss, "")  # never taken in: the passport keeps the diploma
    entry = PassportSkill.objects.get(passport__user=person, skill=heat_pumps)
    assert entry.evidence == Evidence.DIPLOMA
    services.decline(person, services.issue(boss, issue_request(organisation=employer, evidence="work_experience"), BASE))
    services.revoke(issued, teacher, "")  # the declined claim does not stand in for it
    entry.refresh_from_db()
    assert entry.evidence == Evidence.SELF and entry.evidence_date is None


def test_revoking_twice_says_so(issued, teacher):
    services.revoke(issued, teacher, "")
    with pytest.raises(services.RevokeError, match="al ingetrokken"):
        services.revoke(issued, teacher, "")


def test_an_issuer_of_another_organisation_cannot_revoke(issued, boss):
    with pytest.raises(PermissionDenied, match="Alleen de organisatie die deze verklaring uitgaf"):
        services.revoke(issued, boss, "")
    issued.refresh_from_db()
    assert issued.revoked_at is None and services.verify(issued.document).verified


def test_a_person_cannot_issue(person, make_user, issue_request):
    other = make_user(role=Role.PERSON, email="piet@example.nl", full_name="Piet")
    with pytest.raises(PermissionDenied):
        services.issue(person, issue_request(email=other.email), BASE)
    assert nothing_stored()


def test_a_member_without_an_issuer_role_cannot_issue(make_user, school, person, issue_request):
    from loket.accounts.models import Membership

    coach = make_user(role=Role.COACH, email="coach@example.nl")
    Membership.objects.create(user=coach, organisation=school)
    with pytest.raises(PermissionDenied, match="namens ROC Kop van Noord-Holland"):
        services.issue(coach, issue_request(), BASE)
    assert nothing_stored()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"email": "onbekend@example.nl"}, "email", UNREACHABLE),
        ({"email": "baas@installatie.example"}, "email", UNREACHABLE),
        ({"skill": None}, "skill", "Kies een vaardigheid uit ESCO."),
        ({"evidence": "self"}, "evidence", "Kies het soort bewijs."),
        ({"evidence_date": datetime.date(2099, 1, 1)}, "evidence_date", "De datum van het bewijs kan niet in de toekomst liggen."),
        ({"valid_until": datetime.date(2020, 1, 1)}, "valid_until", "De einddatum moet na vandaag liggen."),
        ({"note": "x" * 301}, "note", "De toelichting is te lang"),
    ],
)
def test_a_claim_that_cannot_be_made_gets_a_dutch_message_and_nothing_is_stored(teacher, person, boss, issue_request, changes, field, message):
    with pytest.raises(services.IssueError) as failure:
        services.issue(teacher, issue_request(**changes), BASE)
    assert message in failure.value.errors[field]
    assert nothing_stored() and not IssuerKey.objects.exists()


@pytest.mark.parametrize("kind", ["unknown", "employer", "coach", "inactive person"])
def test_an_issuer_cannot_tell_which_addresses_belong_to_whom(teacher, boss, make_user, issue_request, kind):
    """Unknown, not a person or switched off: one and the same answer, so an
    issuer cannot use the form to learn who has an account of what kind."""
    addresses = {
        "unknown": "onbekend@example.nl",
        "employer": boss.email,
        "coach": make_user(role=Role.COACH, email="coach@example.nl").email,
        "inactive person": make_user(role=Role.PERSON, email="weg@example.nl", is_active=False).email,
    }
    with pytest.raises(services.IssueError) as failure:
        services.issue(teacher, issue_request(email=addresses[kind]), BASE)
    assert failure.value.errors == {"email": UNREACHABLE}
    assert nothing_stored() and not IssuerKey.objects.exists()


def test_the_issuer_record_keeps_the_address_as_typed(teacher, person, issue_request):
    credential = services.issue(teacher, issue_request(email="  Sanne@Example.nl "), BASE)
    assert credential.recipient_email == "Sanne@Example.nl"
    assert services.verify(credential.jwt).summary.subject_name == "Sanne de Vries"  # the person's own copy names them


def test_an_occupation_is_not_a_skill_to_sign(teacher, person, issue_request, sample_taxonomy):
    from loket.taxonomy.models import Occupation

    with pytest.raises(services.IssueError) as failure:
        services.issue(teacher, issue_request(skill=Occupation.objects.first()), BASE)
    assert failure.value.errors == {"skill": "Kies een vaardigheid uit ESCO."}


def test_nobody_can_sign_a_claim_about_themselves(make_user, school, issue_request):
    from loket.accounts.models import Membership

    teacher_and_student = make_user(role=Role.PROVIDER, email="beide@roc.example")
    teacher_and_student.grant_role(Role.PERSON)
    Membership.objects.create(user=teacher_and_student, organisation=school)
    with pytest.raises(services.IssueError) as failure:
        services.issue(teacher_and_student, issue_request(email="beide@roc.example"), BASE)
    assert "aan uzelf" in failure.value.errors["email"]


def test_an_issuer_naming_their_own_address_is_told_so(teacher, issue_request):
    with pytest.raises(services.IssueError) as failure:
        services.issue(teacher, issue_request(email=" Docent@ROC.example"), BASE)
    assert failure.value.errors == {"email": "U kunt geen verklaring aan uzelf uitgeven."}
    assert nothing_stored()


def test_an_expiry_date_counts_through_the_whole_day(teacher, person, issue_request):
    credential = services.issue(teacher, issue_request(valid_until=datetime.date(2030, 6, 30)), BASE)
    assert credential.document["validUntil"] == "2030-06-30T21:59:59Z"  # 23:59:59 in Amsterdam, summer time
    assert services.verify(credential.jwt).verified
    after = datetime.datetime(2030, 7, 1, tzinfo=datetime.timezone.utc)
    result = services.verify(credential.jwt, now=after)
    assert result.reason == vc.Reason.EXPIRED and result.message == "Deze verklaring is verlopen op 30 juni 2030."


def test_a_credential_from_an_issuer_outside_the_loket_is_an_unknown_issuer(person):
    private_key = vc.new_private_key()
    did = vc.did_key(vc.public_key_of(private_key))
    now = datetime.datetime.now(datetime.timezone.utc)
    claim = vc.SkillClaim(
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
        issuer_did=did,
        issuer_name="Nep-academie",
        subject_name="Sanne de Vries",
        subject_email="sanne@example.nl",
        salt="00",
        skill_uri="http://data.europa.eu/esco/skill/x",
        skill_label="alles",
        skill_code="x",
        evidence_kind="diploma",
        evidence_label="Diploma",
        evidence_date=datetime.date(2026, 1, 1),
        valid_from=now,
    )
    document, _jwt = vc.sign_credential(vc.open_badge_credential(claim), private_key, now)
    result = services.verify(document)
    assert result.reason == vc.Reason.UNKNOWN_ISSUER and "bij het loket bekend" in result.message


def test_a_deleted_account_takes_its_name_out_of_the_stored_credentials(issued, person):
    from loket.passport.services import delete_person

    delete_person(person)
    issued.refresh_from_db()
    assert issued.subject is None and issued.erased_at is not None
    assert issued.document == {} and issued.jwt == "" and issued.subject_name == "" and issued.recipient_email == ""
    assert issued.events.filter(action=CredentialEvent.Action.ERASED).exists()
    assert "Sanne" not in str(list(IssuedCredential.objects.values()))


def credential_texts_mentioning(*words):
    """Every text a credentials table holds that names the person, as (model, field, value)."""
    from django.apps import apps
    from django.db import models

    hits = []
    for model in apps.get_app_config("credentials").get_models():
        text_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for row in model.objects.values(*text_fields):
            hits += [(model.__name__, field, value) for field, value in row.items() if any(word in str(value) for word in words)]
    return hits


def test_a_deleted_account_leaves_no_personal_text_in_the_credentials(teacher, boss, employer, person, issue_request, another_skill):
    from loket.passport.services import delete_person

    named = services.issue(teacher, issue_request(note="Sanne de Vries rondde de opleiding met lof af"), BASE)
    revoked = services.issue(teacher, issue_request(skill=another_skill, note="Stage van Sanne"), BASE)
    services.revoke(revoked, teacher, "Sanne de Vries vroeg om intrekking")
    services.accept(person, named)
    events_before = CredentialEvent.objects.count()
    assert credential_texts_mentioning("Sanne", "Vries", "sanne@example.nl")

    delete_person(person)

    assert credential_texts_mentioning("Sanne", "Vries", "sanne@example.nl") == []
    # The issuers' audit trail keeps every event, now with the erasure, but without the words about the person.
    assert CredentialEvent.objects.count() == events_before + 2
    revocation = CredentialEvent.objects.get(action=CredentialEvent.Action.REVOKED)
    assert revocation.detail == "" and revocation.actor == teacher and revocation.actor_name == "Ingrid Visser"
    for credential in IssuedCredential.objects.all():
        assert (credential.note, credential.revocation_reason, credential.erased_at is not None) == ("", "", True)
    assert IssuedCredential.objects.get(pk=revoked.pk).revoked_at is not None  # still revoked in the status list


def test_an_erasure_leaves_other_peoples_credentials_alone(issued, teacher, make_user, issue_request):
    from loket.passport.services import delete_person

    piet = make_user(role=Role.PERSON, email="piet@example.nl", full_name="Piet Jansen")
    kept = services.issue(teacher, issue_request(email=piet.email, note="Piet Jansen, leerjaar 2"), BASE)
    services.revoke(kept, teacher, "Piet Jansen stopte")
    delete_person(issued.subject)
    kept.refresh_from_db()
    assert (kept.note, kept.revocation_reason, kept.recipient_email) == ("Piet Jansen, leerjaar 2", "Piet Jansen stopte", "piet@example.nl")
    assert kept.events.get(action=CredentialEvent.Action.REVOKED).detail == "Piet Jansen stopte"


def test_a_key_lost_with_the_old_secret_key_is_explained_and_changes_nothing(issued, teacher, issue_request, another_skill, settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "another-secret-key-without-the-old-one-0123456789", []
    with pytest.raises(services.RevokeError, match="kan niet worden gelezen"):
        services.revoke(issued, teacher, "")
    issued.refresh_from_db()
    assert issued.revoked_at is None and not issued.events.filter(action=CredentialEvent.Action.REVOKED).exists()
    with pytest.raises(services.IssueError) as failure:
        services.issue(teacher, issue_request(skill=another_skill), BASE)
    assert "SECRET_KEY_FALLBACKS" in failure.value.errors[""]
    assert IssuedCredential.objects.count() == 1

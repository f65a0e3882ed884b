"""Registration, log-in by e-mail, password reset, and roles that every
page and API endpoint checks."""

import pytest
from django.core import mail
from django.urls import reverse

from loket.accounts.models import Organisation, User
from loket.accounts.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord-42"


def register(client, **fields):
    data = {
        "full_name": "Sanne de Vries",
        "email": "sanne@example.nl",
        "role": "person",
        "organisation_name": "",
        "organisation_kvk": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | fields
    return client.post(reverse("accounts:register"), data)


def test_a_person_registers_and_is_signed_in_with_the_person_role(client):
    response = register(client)
    assert response.status_code == 302
    user = User.objects.get(email="sanne@example.nl")
    assert user.roles == [Role.PERSON]
    profile = client.get(reverse("accounts:profile"))
    assert "Sanne de Vries" in profile.text and "Inwoner" in profile.text


def test_an_employer_registers_with_a_new_organisation_it_manages(client):
    register(client, role="employer", email="hr@werf.nl", organisation_name="Damen Den Helder", organisation_kvk="12345678")
    user = User.objects.get(email="hr@werf.nl")
    organisation = Organisation.objects.get(name="Damen Den Helder")
    assert organisation.kind == "employer" and organisation.kvk_number == "12345678"
    assert user.memberships.get().is_manager
    assert user.has_role(Role.EMPLOYER) and not user.has_role(Role.PERSON)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"password2": "iets-anders-12345"}, "password2", "De twee wachtwoorden zijn niet gelijk."),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "Dit wachtwoord bevat alleen cijfers."),
        ({"role": "employer"}, "organisation_name", "Vul de naam van uw organisatie in."),
        ({"role": "coach"}, "role", "Selecteer een geldige keuze."),
        ({"role": "employer", "organisation_name": "X", "organisation_kvk": "123"}, "organisation_kvk", "precies acht cijfers"),
        ({"email": "geen-adres"}, "email", "Voer een geldig e-mailadres in."),
    ],
)
def test_bad_registrations_get_a_dutch_message_and_create_nothing(client, fields, field, message):
    response = register(client, **fields)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert "Er is niets opgeslagen." in response.text
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_an_email_address_can_register_once_whatever_its_case(client, make_user):
    make_user(role=Role.PERSON, email="sanne@example.nl")
    response = register(client, email="Sanne@Example.NL")
    assert response.status_code == 400 and "Er is al een account met dit e-mailadres" in response.text


@pytest.mark.parametrize("email", ["piet@synthetisch.loket.nl", "Piet@Synthetisch.Loket.NL"])
def test_the_synthetic_populations_email_domain_cannot_register(client, email):
    """``loket generate --clear`` removes every account at that domain, a real one too."""
    response = register(client, email=email, role="employer", organisation_name="Werf Den Helder")
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "E-mailadressen op @synthetisch.loket.nl zijn voor de nagemaakte proefbevolking van het loket, "
        "en accounts daarmee worden automatisch gewist. Gebruik uw eigen e-mailadres."
    ]
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_registration_refuses_the_domain_the_generator_uses():
    from loket.accounts.forms import SYNTHETIC_EMAIL_DOMAIN
    from loket.generator.services import SYNTHETIC_EMAIL_DOMAIN as generated

    assert SYNTHETIC_EMAIL_DOMAIN == generated


def test_an_existing_organisation_cannot_be_joined_by_registering(client, make_user):
    Organisation.objects.create(name="Tata Steel", kind="employer")
    response = register(client, role="employer", organisation_name="tata steel")
    assert response.status_code == 400
    assert "Vraag de beheerder van uw organisatie" in response.text
    assert not User.objects.exists()


def test_log_in_by_email_in_any_case_and_log_out(client, make_user):
    make_user(role=Role.PERSON, email="piet@example.nl")
    response = client.post(reverse("accounts:login"), {"username": "PIET@example.nl", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_wrong_password_says_so_in_dutch(client, make_user):
    make_user(role=Role.PERSON, email="piet@example.nl")
    response = client.post(reverse("accounts:login"), {"username": "piet@example.nl", "password": "fout"})
    assert "Het e-mailadres of het wachtwoord klopt niet" in response.text


def test_password_reset_sends_a_working_link(client, make_user):
    make_user(role=Role.PERSON, email="piet@example.nl")
    client.post(reverse("accounts:password_reset"), {"email": "piet@example.nl"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/wachtwoord-herstellen/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new_password = "nieuw-en-lang-wachtwoord-7"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert client.login(username="piet@example.nl", password=new_password)


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.nl"})
    assert response.status_code == 302 and not mail.outbox


@pytest.mark.parametrize("role, allowed", [(Role.ADMIN, True), (Role.ANALYST, False), (Role.PERSON, False)])
def test_only_administrators_reach_the_admin(client, make_user, role, allowed):
    client.force_login(make_user(role=role))
    response = client.get(reverse("admin:index"), follow=True)
    if allowed:
        assert response.status_code == 200 and "Loket beheer" in response.text
    else:
        assert response.status_code == 403 and "Het beheer is alleen voor: Beheerder." in response.text


def test_strangers_are_sent_to_the_one_login_page(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_administrators_can_manage_users_in_the_admin_without_being_superusers(client, make_user):
    admin = make_user(role=Role.ADMIN)
    assert not admin.is_superuser
    client.force_login(admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_the_api_says_who_you_are_and_refuses_strangers(client, make_user):
    assert client.get("/api/v1/me").json() == {"detail": "Log eerst in."}
    client.force_login(make_user(role=Role.COACH, email="coach@example.nl"))
    body = client.get("/api/v1/me").json()
    assert body["email"] == "coach@example.nl" and body["roles"] == ["coach"]


@pytest.mark.parametrize("role, status", [(Role.ADMIN, 200), (Role.EMPLOYER, 403), (Role.FUND_ADMIN, 403)])
def test_api_endpoints_check_the_role(client, make_user, role, status):
    Organisation.objects.create(name="ROC Kop van Noord-Holland", kind="provider")
    client.force_login(make_user(role=role))
    response = client.get("/api/v1/organisations", {"kind": "provider"})
    assert response.status_code == status
    if status == 403:
        assert response.json()["detail"] == "Dit is alleen voor: Beheerder."
    else:
        assert [o["name"] for o in response.json()] == ["ROC Kop van Noord-Holland"]


def test_administrators_see_esco_imports_and_edit_occupation_levels(client, make_user, sample_taxonomy):
    from loket.taxonomy.models import Occupation, OccupationLevel

    client.force_login(make_user(role=Role.ADMIN))
    assert "1.2.0-sample" in client.get(reverse("admin:taxonomy_release_changelist")).text
    assert client.get(reverse("admin:taxonomy_release_add")).status_code == 403
    occupation = Occupation.objects.first()
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": occupation.label("en")[:6], "app_label": "taxonomy", "model_name": "occupationlevel", "field_name": "occupation"},
    )
    assert str(occupation.pk) in {item["id"] for item in found.json()["results"]}
    client.post(reverse("admin:taxonomy_occupationlevel_add"), {"occupation": occupation.pk, "nlqf": 4, "note": "MBO 4"})
    assert OccupationLevel.objects.get(occupation=occupation).nlqf == 4


def test_deleting_a_user_in_the_admin_erases_them_like_deleting_their_own_account(client, make_user):
    from loket.passport.models import ErasureRecord, Passport

    person = make_user(role=Role.PERSON, email="sanne@example.nl")
    Passport.objects.create(user=person, findable=True)
    client.force_login(make_user(role=Role.ADMIN, email="beheer@example.nl"))
    response = client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(email="sanne@example.nl").exists() and not Passport.objects.exists()
    record = ErasureRecord.objects.get()
    assert (record.had_passport, record.was_findable) == (True, True)


def test_deleting_selected_users_in_the_admin_erases_each_of_them(client, make_user):
    from loket.passport.models import ErasureRecord, Passport

    people = [make_user(role=Role.PERSON, email=f"persoon{n}@example.nl") for n in range(3)]
    Passport.objects.create(user=people[0])
    client.force_login(make_user(role=Role.ADMIN, email="beheer@example.nl"))
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in people[:2]], "post": "yes"},
    )
    assert response.status_code == 302
    assert set(User.objects.values_list("email", flat=True)) == {"persoon2@example.nl", "beheer@example.nl"}
    assert sorted(ErasureRecord.objects.values_list("had_passport", flat=True)) == [False, True]

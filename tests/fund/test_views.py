"""The fund's pages for persons, providers and coaches: what each of them sees and can do, and what is refused."""

import re
from datetime import date, timedelta

import pytest

from loket.accounts.roles import Role
from loket.catalog.models import CoursePurpose
from loket.fund import services
from loket.fund.models import AccountKind, AuditLog, Enrolment, Participant, Payout, Transfer, Voucher

from .people import participant, staff_of, user_with
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db

HOME = "/ontwikkelfonds/"
PROVIDER = "/ontwikkelfonds/opleider/"
COACH = "/ontwikkelfonds/vouchers/"


@pytest.fixture
def world():
    """A budget with money, a person with a development account and credit, and an offering at an approved provider."""
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    participant(passport)
    services.grant(budget, passport, 100_000, key="grant")
    offering = make_offering(price_cents=60_000)
    return {"budget": budget, "passport": passport, "person": passport.user, "offering": offering}


def money_moves():
    return Transfer.objects.count()


def token_of(html):
    return re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)


def enrol_through_page(client, world, **changes):
    client.force_login(world["person"])
    page = client.get(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/").content.decode()
    data = {"price_cents": world["offering"].price_cents, "token": token_of(page)} | changes
    return client.post(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/", data)


# --- Person ---------------------------------------------------------------------------------


def test_a_person_without_an_account_sees_what_the_fund_uses_and_applies(client):
    passport = make_passport()
    passport.user.grant_role(Role.PERSON)
    client.force_login(passport.user)
    page = client.get(HOME).content.decode()
    assert "Wat het fonds van u gebruikt, en waarom" in page and "postcode en huisnummer" in page.lower()
    form = {"birth_date": "1980-05-01", "target_groups": ["job_seeker"], "postcode": "1811 ab", "house_number": "12a"}

    refused = client.post(HOME, form)  # no consent
    assert refused.status_code == 400
    assert "Zonder uw toestemming kan het fonds geen rekening voor u openen." in refused.content.decode()
    assert not Participant.objects.exists()

    bad_postcode = client.post(HOME, form | {"consent": "on", "postcode": "18111"})
    assert bad_postcode.status_code == 400
    assert re.search(r'id="id_postcode_error".*Vul een geldige postcode in', bad_postcode.content.decode(), re.S)
    assert not Participant.objects.exists()

    response = client.post(HOME, form | {"consent": "on"}, follow=True)
    assert "Uw ontwikkelrekening is geopend." in response.content.decode()
    applied = Participant.objects.get(passport=passport)
    assert applied.address_key == "1811AB-12A" and applied.target_groups == ["job_seeker"] and applied.consent_at
    assert AuditLog.objects.filter(action="participant_applied", user=passport.user).exists()


def test_the_account_page_shows_credit_vouchers_enrolments_and_history(client, world):
    coach = user_with(Role.COACH)
    services.issue_voucher(
        world["budget"], world["passport"], kind="orientation", value_cents=25_000,
        expires_on=date.today() + timedelta(days=60), user=coach, key="v1", note="Kennismaken met de techniek",
    )  # fmt: skip
    services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    client.force_login(world["person"])
    page = client.get(HOME).content.decode()
    assert world["budget"].name in page
    assert "€ 650,00" in page and "€ 600,00" in page  # available (credit after the hold + voucher), and reserved
    assert "Oriëntatie" in page and "€ 250,00" in page and "Kennismaken met de techniek" in page
    assert "Monteur windturbines" in page and "Gereserveerd" in page and "Annuleren" in page
    assert "Toekenning" in page and "Reservering" in page
    assert 'href="/api/v1/fund/export"' in page


def test_enrolling_shows_why_this_money_pays_and_a_double_submit_enrols_once(client, world):
    client.force_login(world["person"])
    page = client.get(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/").content.decode()
    assert "Wie betaalt, en waarom" in page and "Betaalt als u niets anders kiest" in page
    assert 'name="price_cents" value="60000"' in page
    token = token_of(page)
    # Each shown page has its own token: showing the page again makes a new one.
    assert token_of(client.get(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/").content.decode()) != token
    data = {"price_cents": 60_000, "token": token}
    first = client.post(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/", data)
    second = client.post(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/", data)
    assert first.status_code == second.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.HELD and enrolment.payment_reason
    assert Transfer.objects.filter(kind="hold").count() == 1
    again = client.get(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/").content.decode()
    assert "U bent al ingeschreven voor dit aanbod" in again


def test_with_two_usable_vouchers_the_person_chooses_which_one_pays(client, world):
    coach = user_with(Role.COACH)
    soon, later = (
        services.issue_voucher(
            world["budget"], world["passport"], kind="training", value_cents=60_000, expires_on=date.today() + timedelta(days=days),
            user=coach, key=f"v{days}",
        )  # fmt: skip
        for days in (10, 50)
    )
    client.force_login(world["person"])
    url = f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/"
    page = client.get(url).content.decode()
    assert re.search(rf'id="voucher-{soon.pk}" value="{soon.pk}" checked', page)  # the soonest expiring goes first
    assert f'id="voucher-{later.pk}"' in page
    assert client.post(url, {"price_cents": 60_000, "token": token_of(page), "voucher": later.pk}).status_code == 302
    assert Enrolment.objects.get().voucher == later
    soon.refresh_from_db()
    assert soon.status == Voucher.Status.ISSUED


def test_enrolling_at_another_price_than_shown_is_refused_in_dutch_and_changes_nothing(client, world):
    before = money_moves()
    response = enrol_through_page(client, world, price_cents=59_999)
    assert response.status_code == 400
    page = response.content.decode()
    assert "U bent niet ingeschreven." in page and "De prijs van dit aanbod is gewijzigd" in page
    assert money_moves() == before and not Enrolment.objects.exists()


def test_enrolling_with_a_forged_token_or_someone_elses_voucher_is_refused(client, world):
    before = money_moves()
    client.force_login(world["person"])
    url = f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/"
    forged = client.post(url, {"price_cents": 60_000, "token": "enrolment-1-start"})
    assert forged.status_code == 400 and "Het formulier is verlopen" in forged.content.decode()
    other = make_passport()
    participant(other)
    voucher = services.issue_voucher(
        world["budget"], other, kind="training", value_cents=60_000, expires_on=date.today() + timedelta(days=9),
        user=user_with(Role.COACH), key="v-other",
    )  # fmt: skip
    before = money_moves()
    page = client.get(url).content.decode()
    stolen = client.post(url, {"price_cents": 60_000, "token": token_of(page), "voucher": voucher.pk})
    assert stolen.status_code == 400 and "Deze voucher hoort niet bij u" in stolen.content.decode()
    assert money_moves() == before and not Enrolment.objects.exists()


def test_without_enough_credit_the_page_says_why_and_offers_no_button(client, world):
    expensive = make_offering(price_cents=150_000)
    client.force_login(world["person"])
    page = client.get(f"/ontwikkelfonds/inschrijven/{expensive.pk}/").content.decode()
    assert "Onvoldoende tegoed" in page and "Inschrijving bevestigen" not in page


def test_a_person_without_an_account_is_asked_to_apply_before_enrolling(client, world):
    newcomer = make_passport()
    newcomer.user.grant_role(Role.PERSON)
    client.force_login(newcomer.user)
    page = client.get(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/").content.decode()
    assert "vraagt u eerst uw ontwikkelrekening aan" in page
    assert client.post(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/", {"price_cents": 60_000}).status_code == 403
    assert client.get("/ontwikkelfonds/inschrijven/99999999999999999999999/").status_code == 404


def test_a_person_cancels_before_the_start_and_gets_the_money_back(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    client.force_login(world["person"])
    response = client.post(f"/ontwikkelfonds/inschrijvingen/{enrolment.pk}/annuleren/", follow=True)
    assert "is geannuleerd" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    assert world["passport"].fund_accounts.get(kind=AccountKind.PERSON_CREDIT).balance_cents == 100_000


def test_a_person_cannot_cancel_after_the_start_nor_someone_elses_enrolment(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    services.confirm_start(enrolment, user=staff_of(world["offering"]), key="s1")
    client.force_login(world["person"])
    before = money_moves()
    response = client.post(f"/ontwikkelfonds/inschrijvingen/{enrolment.pk}/annuleren/", follow=True)
    assert "kunt u niet meer annuleren" in response.content.decode()
    assert money_moves() == before
    stranger = make_passport()
    participant(stranger)
    client.force_login(stranger.user)
    assert client.post(f"/ontwikkelfonds/inschrijvingen/{enrolment.pk}/annuleren/").status_code == 404


def test_the_person_pages_are_for_persons(client, world):
    client.force_login(user_with(Role.EMPLOYER))
    assert client.get(HOME).status_code == 403
    assert client.get(f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/").status_code == 403
    client.logout()
    assert client.get(HOME).status_code == 302  # to the log-in page


# --- Provider -------------------------------------------------------------------------------


def test_the_provider_confirms_start_and_completion_and_sees_the_payouts(client, world, settings):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 100_000
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    staff = staff_of(world["offering"])
    client.force_login(staff)
    page = client.get(PROVIDER).content.decode()
    assert world["person"].full_name in page and "Start bevestigen" in page and "€ 600,00" in page

    started = client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/start/", follow=True)
    assert "De start van “Monteur windturbines” is bevestigd." in started.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.STARTED
    # The second click books nothing.
    client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/start/")
    assert Payout.objects.filter(enrolment=enrolment).count() == 1

    before = money_moves()
    bad = client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/afronding/", {f"e{enrolment.pk}-attendance_percent": "120"})
    assert bad.status_code == 400 and "De aanwezigheid is 0 tot en met 100 procent." in bad.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.STARTED and money_moves() == before

    done = client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/afronding/", {f"e{enrolment.pk}-attendance_percent": "90"}, follow=True)
    assert "De afronding van “Monteur windturbines” is bevestigd." in done.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.attendance_percent == 90
    page = client.get(PROVIDER).content.decode()
    assert "Uitbetalingen" in page and "Betaald" in page and "Er wacht niets op uw bevestiging." in page


def test_a_large_payout_shows_as_waiting_for_approval(client, world, settings):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 10_000
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    client.force_login(staff_of(world["offering"]))
    page = client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/start/", follow=True).content.decode()
    assert "Wacht op goedkeuring" in page


def test_the_provider_reports_a_stop_after_the_start(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    staff = staff_of(world["offering"])
    services.confirm_start(enrolment, user=staff, key="s1")
    client.force_login(staff)
    response = client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/stoppen/", {f"e{enrolment.pk}-attendance_percent": "30"}, follow=True)
    assert "Het stoppen met “Monteur windturbines” is verwerkt." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.STOPPED


def test_another_providers_enrolment_is_not_found_and_non_providers_are_refused(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    other_staff = staff_of(make_offering())
    client.force_login(other_staff)
    assert world["person"].full_name not in client.get(PROVIDER).content.decode()
    assert client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/start/").status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.HELD
    client.force_login(world["person"])
    assert client.get(PROVIDER).status_code == 403
    assert client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/start/").status_code == 403
    loose = user_with(Role.PROVIDER)  # a provider role without an organisation in the catalogue
    client.force_login(loose)
    assert client.get(PROVIDER).status_code == 403


# --- Coach ----------------------------------------------------------------------------------


def voucher_form(world, **changes):
    return {
        "email": world["person"].email, "budget": world["budget"].pk, "kind": "training", "value_eur": "250,00",
        "expires_on": (date.today() + timedelta(days=30)).isoformat(), "note": "Voor de cursus lassen",
    } | changes  # fmt: skip


def test_a_coach_issues_a_voucher_once_and_withdraws_it(client, world):
    coach = user_with(Role.COACH)
    client.force_login(coach)
    page = client.get(COACH).content.decode()
    assert world["budget"].name in page
    data = voucher_form(world, token=token_of(page))
    first = client.post(COACH, data, follow=True)
    assert f"De voucher is uitgegeven aan {world['person'].email}." in first.content.decode()
    client.post(COACH, data)  # the same form again
    voucher = Voucher.objects.get()
    assert voucher.value_cents == 25_000 and voucher.issued_by == coach and voucher.kind == "training"

    response = client.post(f"/ontwikkelfonds/vouchers/{voucher.pk}/intrekken/", follow=True)
    assert "De voucher is ingetrokken." in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.WITHDRAWN


def test_an_unknown_address_gets_the_same_answer_as_a_non_person_and_nothing_is_issued(client, world):
    client.force_login(user_with(Role.COACH))
    employer = user_with(Role.EMPLOYER)
    answers = []
    for email in ("niemand@example.nl", employer.email):
        page = client.get(COACH).content.decode()
        response = client.post(COACH, voucher_form(world, email=email, token=token_of(page)))
        assert response.status_code == 400
        answers.append(re.search(r'id="id_email_error">(.*?)</div>', response.content.decode(), re.S).group(1))
    assert answers[0] == answers[1] and "Controleer het adres" in answers[0]
    assert not Voucher.objects.exists()


def test_bad_voucher_input_is_refused_in_dutch_and_changes_nothing(client, world):
    client.force_login(user_with(Role.COACH))
    before = money_moves()
    page = client.get(COACH).content.decode()
    past = client.post(COACH, voucher_form(world, token=token_of(page), expires_on=(date.today() - timedelta(days=1)).isoformat()))
    assert past.status_code == 400 and "De voucher moet vandaag of later verlopen." in past.content.decode()
    zero = client.post(COACH, voucher_form(world, token=token_of(page), value_eur="0"))
    assert zero.status_code == 400 and "De waarde moet meer dan 0 euro zijn." in zero.content.decode()
    assert not Voucher.objects.exists() and money_moves() == before


def test_a_coach_only_withdraws_own_vouchers_and_others_cannot_issue(client, world):
    voucher = services.issue_voucher(
        world["budget"], world["passport"], kind="training", value_cents=10_000, expires_on=date.today() + timedelta(days=9),
        user=user_with(Role.COACH), key="v1",
    )  # fmt: skip
    client.force_login(user_with(Role.COACH))
    assert client.post(f"/ontwikkelfonds/vouchers/{voucher.pk}/intrekken/").status_code == 404
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED
    client.force_login(world["person"])
    assert client.get(COACH).status_code == 403


# --- The catalogue ------------------------------------------------------------------------


def test_the_course_page_offers_enrolling_with_the_account_to_persons_only(client, world):
    course = world["offering"].course
    # The course page lists offerings still to start.
    type(world["offering"]).objects.filter(pk=world["offering"].pk).update(
        start_date=date.today() + timedelta(days=30), end_date=date.today() + timedelta(days=90)
    )
    anonymous = client.get(f"/opleidingen/opleiding/{course.pk}/").content.decode()
    assert "Scholing" in anonymous and "Inschrijven met mijn ontwikkelrekening" not in anonymous
    client.force_login(world["person"])
    page = client.get(f"/opleidingen/opleiding/{course.pk}/").content.decode()
    assert f'href="/ontwikkelfonds/inschrijven/{world["offering"].pk}/"' in page


def test_the_provider_sets_the_course_purpose_in_the_editor(client, world):
    course = world["offering"].course
    staff = staff_of(world["offering"])
    client.force_login(staff)
    page = client.get(f"/opleidingen/aanbieder/opleiding/{course.pk}/").content.decode()
    assert 'name="purpose"' in page
    data = {
        "title_nl": course.title_nl, "teaching_language": "nld", "level": course.level, "study_hours": "120",
        "purpose": CoursePurpose.ORIENTATION, "recognised": "on", "action": "save",
    }  # fmt: skip
    assert client.post(f"/opleidingen/aanbieder/opleiding/{course.pk}/", data).status_code == 302
    course.refresh_from_db()
    assert course.purpose == CoursePurpose.ORIENTATION
    del data["purpose"]  # an old form without the field keeps what it was
    client.post(f"/opleidingen/aanbieder/opleiding/{course.pk}/", data)
    course.refresh_from_db()
    assert course.purpose == CoursePurpose.ORIENTATION


def test_the_start_page_lists_the_fund_page_of_each_role(client, world):
    for user, label in (
        (world["person"], "Mijn ontwikkelrekening"),
        (staff_of(world["offering"]), "Inschrijvingen ontwikkelfonds"),
        (user_with(Role.COACH), "Vouchers"),
    ):
        client.force_login(user)
        assert label in client.get("/").content.decode()

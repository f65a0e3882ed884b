"""Defects a reviewer found in the fund's rules, each shown as what a person, provider or fund admin would notice."""

from datetime import date, timedelta

import pytest

from loket.accounts.roles import Role
from loket.catalog.models import CourseSkill, Offering, Provider
from loket.credentials.models import IssuedCredential
from loket.fund import rules, services
from loket.fund.models import AccountKind, Budget, Enrolment, Payout, Voucher
from loket.fund.services import FundError, ledger_ops

from .people import participant, staff_of, user_with
from .test_enrolments import balance, enrol, funded
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db


def dated(offering, start, end):
    Offering.objects.filter(pk=offering.pk).update(start_date=start, end_date=end)
    offering.refresh_from_db()
    return offering


# 1. No payment before the course starts (the STAP advance-payment abuse), none on a cancelled offering.


def test_a_start_before_the_start_date_is_refused_and_nothing_is_paid():
    budget, passport = funded()
    offering = make_offering(price_cents=20_000)
    start = date.today() + timedelta(days=10)
    dated(offering, start, start + timedelta(days=30))
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    with pytest.raises(FundError, match=f"begint pas op {start:%d-%m-%Y}"):
        services.confirm_start(enrolment, user=staff, key="start")
    assert Enrolment.objects.get().status == Enrolment.Status.HELD
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 0
    assert not Payout.objects.exists()
    started = services.confirm_start(enrolment, user=staff, key="start", today=start)
    assert started.status == Enrolment.Status.STARTED


def test_a_start_on_a_cancelled_offering_is_refused():
    budget, passport = funded()
    offering = make_offering(price_cents=20_000)
    enrolment = enrol(passport, offering)
    Offering.objects.filter(pk=offering.pk).update(cancelled=True)
    with pytest.raises(FundError, match="geannuleerd"):
        services.confirm_start(enrolment, user=staff_of(offering), key="start")
    assert Enrolment.objects.get().status == Enrolment.Status.HELD
    assert balance(AccountKind.PERSON_HOLD, passport=passport) == 20_000


def test_a_completion_before_the_end_date_is_refused():
    budget, passport = funded()
    offering = dated(make_offering(price_cents=20_000), date.today() - timedelta(days=5), date.today() + timedelta(days=5))
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="start")
    paid = balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider)
    with pytest.raises(FundError, match="eindigt pas op"):
        services.confirm_completion(enrolment, attendance_percent=100, user=staff, key="done", base_url="https://loket.example")
    assert Enrolment.objects.get().status == Enrolment.Status.STARTED
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == paid
    done = services.confirm_completion(
        enrolment, attendance_percent=100, user=staff, key="done", base_url="https://loket.example", today=offering.end_date
    )  # fmt: skip
    assert done.status == Enrolment.Status.COMPLETED


# 2. A provider whose approval was withdrawn is paid nothing more; the money stays held.


def test_a_blocked_provider_gets_no_start_payment():
    budget, passport = funded()
    offering = make_offering(price_cents=20_000)
    enrolment = enrol(passport, offering)
    Provider.objects.filter(pk=offering.course.provider_id).update(approved=False)
    with pytest.raises(FundError, match="goedkeuring van deze opleider ingetrokken"):
        services.confirm_start(enrolment, user=staff_of(offering), key="start")
    assert Enrolment.objects.get().status == Enrolment.Status.HELD
    assert balance(AccountKind.PERSON_HOLD, passport=passport) == 20_000
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 0


def test_a_waiting_payout_is_not_approved_after_the_provider_was_blocked(settings):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 10_000
    first, second = user_with(Role.FUND_ADMIN), user_with(Role.FUND_ADMIN)
    budget, passport = funded()
    offering = make_offering(price_cents=50_000)
    enrolment = enrol(passport, offering)
    services.confirm_start(enrolment, user=staff_of(offering), key="start")
    payout = Payout.objects.get()
    services.approve_payout(payout, user=first)
    Provider.objects.filter(pk=offering.course.provider_id).update(approved=False)
    with pytest.raises(FundError, match="goedkeuring van deze opleider ingetrokken"):
        services.approve_payout(payout, user=second)
    assert Payout.objects.get().status == Payout.Status.WAITING
    assert balance(AccountKind.PERSON_HOLD, passport=passport) == 50_000
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 0


# 3. One person, one running enrolment per offering.


def test_the_same_person_cannot_enrol_twice_in_one_offering():
    budget, passport = funded()
    offering = make_offering(price_cents=20_000)
    first = enrol(passport, offering, key="first")
    assert [option.payable for option in services.payment_options(passport, offering)] == [False]
    assert "al ingeschreven" in services.payment_options(passport, offering)[0].reason
    with pytest.raises(FundError, match="al ingeschreven voor dit aanbod"):
        enrol(passport, offering, key="second")
    assert Enrolment.objects.count() == 1
    assert balance(AccountKind.PERSON_CREDIT, passport=passport) == 80_000
    services.cancel(first, user=passport.user, key="cancel")
    assert enrol(passport, offering, key="third").status == Enrolment.Status.HELD


# 6. An approval racing a completion does not return the enrolment to "started".


def test_an_approval_does_not_undo_a_completion_made_meanwhile(settings, monkeypatch):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 10_000
    first, second = user_with(Role.FUND_ADMIN), user_with(Role.FUND_ADMIN)
    budget, passport = funded()
    offering = make_offering(price_cents=50_000)
    enrolment = enrol(passport, offering)
    services.confirm_start(enrolment, user=staff_of(offering), key="start")
    payout = Payout.objects.get()
    services.approve_payout(payout, user=first)
    real_post = ledger_ops.post

    def completion_commits_meanwhile(*args, **kwargs):
        # What another transaction (confirm_completion) commits between the approval's read and its write.
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
        return real_post(*args, **kwargs)

    monkeypatch.setattr(ledger_ops, "post", completion_commits_meanwhile)
    services.approve_payout(payout, user=second)
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED


# 7. No credential for a course the person hardly attended.


def test_low_attendance_is_paid_pro_rata_but_earns_no_credential(sample_taxonomy):
    from loket.taxonomy.models import Skill

    budget, passport = funded({"payout_at_start_percent": 20})
    offering = make_offering(price_cents=10_000)
    CourseSkill.objects.create(course=offering.course, skill=Skill.objects.filter(labels__language="nl").first())
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="start")
    below = rules.MIN_ATTENDANCE_FOR_CREDENTIAL_PERCENT - 1
    done = services.confirm_completion(enrolment, attendance_percent=below, user=staff, key="done", base_url="https://loket.example")
    assert done.status == Enrolment.Status.COMPLETED
    assert done.credentials == [] and not IssuedCredential.objects.exists()
    assert "geen verklaring" in done.credential_note and f"{below}%" in done.credential_note
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 2_000 + 8_000 * below // 100


def test_zero_attendance_earns_no_credential_on_the_provider_page(client, sample_taxonomy):
    from loket.taxonomy.models import Skill

    budget, passport = funded()
    offering = make_offering(price_cents=10_000)
    CourseSkill.objects.create(course=offering.course, skill=Skill.objects.filter(labels__language="nl").first())
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="start")
    client.force_login(staff)
    response = client.post(f"/ontwikkelfonds/opleider/{enrolment.pk}/afronding/", {f"e{enrolment.pk}-attendance_percent": "0"}, follow=True)
    assert response.status_code == 200
    assert "geen verklaring voor het paspoort uitgegeven" in response.content.decode()
    assert not IssuedCredential.objects.exists()


# 4. Vouchers: within the person's yearly cap, never above the maximum, never to the coach themselves.


@pytest.fixture
def voucher_world():
    budget = make_budget(yearly_cap_cents=100_000)
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    participant(passport)
    return budget, passport, user_with(Role.COACH)


def issue(budget, passport, coach, key, value_cents, **changes):
    facts = dict(kind="training", value_cents=value_cents, expires_on=date.today() + timedelta(days=60), user=coach, key=key)
    return services.issue_voucher(budget, passport, **facts | changes)


def test_vouchers_count_towards_the_yearly_cap_with_credit(voucher_world):
    budget, passport, coach = voucher_world
    services.grant(budget, passport, 60_000, key="grant")
    issue(budget, passport, coach, "v1", 30_000)
    with pytest.raises(FundError) as refused:
        issue(budget, passport, coach, "v2", 10_001)
    assert str(refused.value) == services.Unreachable().args[0]
    assert Voucher.objects.count() == 1
    withdrawn = Voucher.objects.get()
    services.withdraw_voucher(withdrawn, user=coach, key="w1")
    assert issue(budget, passport, coach, "v3", 40_000).value_cents == 40_000  # a withdrawn voucher no longer counts


def test_a_voucher_above_the_maximum_or_the_pool_is_refused(voucher_world, settings):
    budget, passport, coach = voucher_world
    Budget.objects.filter(pk=budget.pk).update(yearly_cap_cents=None)
    budget.refresh_from_db()
    settings.LOKET_FUND_VOUCHER_MAX_CENTS = 50_000
    with pytest.raises(FundError, match="hoogstens € 500,00"):
        issue(budget, passport, coach, "v1", 50_001)
    settings.LOKET_FUND_VOUCHER_MAX_CENTS = 5_000_000
    with pytest.raises(FundError, match="niet genoeg geld"):
        issue(budget, passport, coach, "v2", 2_000_000)
    assert not Voucher.objects.exists()


def test_a_coach_cannot_issue_a_voucher_to_themselves(voucher_world):
    budget, _passport, _coach = voucher_world
    coach_passport = make_passport()
    participant(coach_passport)
    coach_passport.user.grant_role(Role.COACH)
    with pytest.raises(FundError, match="aan uzelf"):
        issue(budget, coach_passport, coach_passport.user, "v1", 10_000)
    assert not Voucher.objects.exists()


# 5. Issuing a voucher does not tell whether an e-mail address has an account.


def test_the_voucher_page_answers_alike_for_unknown_and_ineligible_addresses(client):
    import re

    from .test_views import COACH, token_of, voucher_form

    budget = make_budget(municipalities=["GM0363"])
    services.deposit(budget, 1_000_000, key="dep")
    outsider = make_passport("GM0361")
    participant(outsider)
    world = {"budget": budget, "person": outsider.user}
    client.force_login(user_with(Role.COACH))

    def answer(**changes):
        page = client.get(COACH).content.decode()
        response = client.post(COACH, voucher_form(world, token=token_of(page), **changes))
        assert response.status_code == 400
        return response.content.decode()

    def email_error(html):
        return re.search(r'id="id_email_error">(.*?)</div>', html, re.S).group(1).strip()

    unknown, ineligible = answer(email="niemand@example.nl"), answer()
    assert email_error(unknown) == email_error(ineligible) and "Controleer het adres" in email_error(unknown)
    past = (date.today() - timedelta(days=1)).isoformat()
    for html in (answer(email="niemand@example.nl", expires_on=past), answer(expires_on=past)):
        assert "De voucher moet vandaag of later verlopen." in html and 'id="id_email_error"' not in html
    assert not Voucher.objects.exists()


# 8. A direct call of a service is as strict as the pages: the person, their coach (with consent) or a fund admin.


def coach_of(passport):
    from loket.accounts.models import Membership, Organisation
    from loket.passport.models import Consent

    organisation = Organisation.objects.create(name="ServicePunt Techniek", kind=Organisation.Kind.GOVERNMENT)
    coach = user_with(Role.COACH)
    Membership.objects.create(user=coach, organisation=organisation)
    Consent.objects.create(passport=passport, organisation=organisation, purpose=Consent.Purpose.COACHING, sections=["skills"])
    return coach


def test_only_the_person_or_their_coach_enrols_and_nobody_without_a_user():
    budget, passport = funded()
    offering = make_offering(price_cents=20_000)
    for stranger in (None, user_with(Role.COACH), make_passport().user):
        with pytest.raises(FundError, match="Alleen de persoon zelf of"):
            services.enrol(passport, offering, price_cents=20_000, key="e1", user=stranger)
    assert not Enrolment.objects.exists() and balance(AccountKind.PERSON_CREDIT, passport=passport) == 100_000
    enrolment = services.enrol(passport, offering, price_cents=20_000, key="e1", user=coach_of(passport))
    assert enrolment.status == Enrolment.Status.HELD


def test_only_the_person_their_coach_the_provider_or_a_fund_admin_cancels():
    budget, passport = funded()
    offerings = [make_offering(price_cents=10_000) for _ in range(3)]
    enrolments = [enrol(passport, offering, key=f"e{n}") for n, offering in enumerate(offerings)]
    for stranger in (None, user_with(Role.COACH)):
        with pytest.raises(FundError, match="niet annuleren"):
            services.cancel(enrolments[0], user=stranger, key="c0")
    assert Enrolment.objects.get(pk=enrolments[0].pk).status == Enrolment.Status.HELD
    assert services.cancel(enrolments[0], user=coach_of(passport), key="c0").status == Enrolment.Status.CANCELLED
    assert services.cancel(enrolments[1], user=user_with(Role.FUND_ADMIN), key="c1").status == Enrolment.Status.CANCELLED
    assert services.cancel(enrolments[2], user=staff_of(offerings[2]), key="c2").status == Enrolment.Status.CANCELLED


def test_only_the_issuing_coach_their_coach_or_a_fund_admin_withdraws_a_voucher(voucher_world):
    budget, passport, coach = voucher_world
    vouchers = [issue(budget, passport, coach, f"v{n}", 1_000) for n in range(3)]
    for stranger in (None, user_with(Role.COACH), passport.user):
        with pytest.raises(FundError, match="intrekken"):
            services.withdraw_voucher(vouchers[0], user=stranger, key="w0")
    assert Voucher.objects.get(pk=vouchers[0].pk).status == Voucher.Status.ISSUED
    assert services.withdraw_voucher(vouchers[0], user=coach, key="w0").status == Voucher.Status.WITHDRAWN
    assert services.withdraw_voucher(vouchers[1], user=coach_of(passport), key="w1").status == Voucher.Status.WITHDRAWN
    assert services.withdraw_voucher(vouchers[2], user=user_with(Role.FUND_ADMIN), key="w2").status == Voucher.Status.WITHDRAWN


# 9. Four eyes, the threshold on the whole enrolment, keys a client cannot hit, ids parsed, a re-preview draws the same.


def test_a_member_of_the_provider_cannot_approve_its_payout(settings):
    from loket.accounts.models import Membership

    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 10_000
    budget, passport = funded()
    offering = make_offering(price_cents=50_000)
    enrolment = enrol(passport, offering)
    services.confirm_start(enrolment, user=staff_of(offering), key="start")
    insider = user_with(Role.FUND_ADMIN)
    Membership.objects.create(user=insider, organisation=offering.course.provider.organisation)
    with pytest.raises(FundError, match="hoort bij deze opleider"):
        services.approve_payout(Payout.objects.get(), user=insider)
    assert Payout.objects.get().first_approved_by is None


def test_the_threshold_applies_to_the_enrolments_parts_together(settings):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 100_000
    budget, passport = funded({"payout_at_start_percent": 50}, credit=500_000)
    offering = make_offering(price_cents=180_000)
    enrolment = enrol(passport, offering)
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="start")
    assert Payout.objects.get(reason="start").status == Payout.Status.POSTED  # € 900 alone is under the threshold
    services.confirm_completion(enrolment, attendance_percent=100, user=staff, key="done", base_url="https://loket.example")
    completion = Payout.objects.get(reason="completion")
    assert completion.status == Payout.Status.WAITING  # € 1.800 in all is above it
    assert balance(AccountKind.PROVIDER_PAYABLE, provider=offering.course.provider) == 90_000


def test_a_client_key_cannot_hit_a_key_derived_inside_the_fund():
    from .test_vouchers import issue as issue_in_vouchers_world

    budget, passport = funded()
    coach = user_with(Role.COACH)
    offering = make_offering(price_cents=20_000)
    voucher = issue_in_vouchers_world((budget, passport, coach), key="v1", value_cents=30_000)
    first = services.enrol(passport, offering, price_cents=20_000, key="k1", user=passport.user, voucher=voucher)
    services.cancel(first, user=passport.user, key="cancel-k1")
    # A client may choose any key of letters, digits, - and _; this one ends like the fund's own derivation used to.
    again = services.enrol(passport, offering, price_cents=20_000, key="k1-voucher-rest", user=passport.user)
    assert again.pk != first.pk and again.status == Enrolment.Status.HELD


def test_ids_in_api_bodies_too_large_for_the_database_are_refused_not_a_server_error(client):
    from loket.fund.models import Participant

    budget, passport = funded()
    assert Participant.objects.filter(passport=passport).exists()
    offering = make_offering(price_cents=20_000)
    client.force_login(passport.user)
    for field in ("voucher_id", "budget_id"):
        body = {"offering_id": offering.pk, "price_cents": 20_000, "idempotency_key": "sleutel-0001", field: 2**63}
        response = client.post("/api/v1/fund/enrolments", body, content_type="application/json")
        assert response.status_code == 422, response.content
    assert not Enrolment.objects.exists()


def test_a_signal_subject_with_a_non_ascii_digit_blocks_nobody():
    from loket.fund.services import signals

    offering = make_offering()
    with pytest.raises(FundError, match="Alleen een opleider"):
        signals.review_signal("price_outlier", "provider:²", verdict="blocked", note="", user=user_with(Role.FUND_ADMIN))
    assert Provider.objects.get(pk=offering.course.provider_id).approved


def test_previewing_the_same_round_again_draws_the_same_people():
    from .test_allocation import people

    admin = user_with(Role.FUND_ADMIN)
    budget = make_budget()
    services.deposit(budget, 30_000, key="dep")
    people(12)
    draws = []
    for _ in range(3):
        round_ = services.preview_allocation(budget, amount_cents=10_000, rule={}, user=admin)
        draws.append([row["participant"].pk for row in services.allocation_preview_rows(round_) if row["served"]])
    assert draws[0] == draws[1] == draws[2] and len(draws[0]) == 3

"""The fund's API for persons, providers and coaches: the same flows as the pages, and the same refusals."""

import json
from datetime import date, timedelta

import pytest

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import Budget, Enrolment, Participant, Payout, Transfer, Voucher

from .people import participant, staff_of, user_with
from .test_views import world  # noqa: F401  (the fixture)
from .world import make_offering, make_passport

pytestmark = pytest.mark.django_db
API = "/api/v1/fund"


def post(client, url, body=None):
    return client.post(f"{API}{url}", json.dumps(body or {}), content_type="application/json")


def get(client, url):
    return client.get(f"{API}{url}")


def enrol_body(world, **changes):
    return {"offering_id": world["offering"].pk, "price_cents": 60_000, "idempotency_key": "inschrijving-0001"} | changes


def test_a_person_applies_through_the_api_and_reads_the_empty_account(client):
    passport = make_passport()
    passport.user.grant_role(Role.PERSON)
    client.force_login(passport.user)
    assert get(client, "/account").json() == {"participant": None, "balances": []}
    body = {"birth_date": "1979-02-03", "target_groups": ["side_entrant"], "postcode": "1011ab", "house_number": "7", "consent": False}
    refused = post(client, "/application", body)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "consent", "message": "Zonder uw toestemming kan het fonds geen rekening voor u openen."}]
    bad = post(client, "/application", body | {"consent": True, "postcode": "ABCD 12"})
    assert bad.status_code == 422 and bad.json()["detail"] == "Vul een geldige postcode in, bijvoorbeeld 1234 AB."
    unknown = post(client, "/application", body | {"consent": True, "target_groups": ["piraat"]})
    assert unknown.status_code == 422 and "Onbekende doelgroep: piraat." in unknown.json()["detail"]
    assert not Participant.objects.exists()
    created = post(client, "/application", body | {"consent": True})
    assert created.status_code == 201 and created.json()["address_key"] == "1011AB-7"
    assert get(client, "/account").json()["participant"]["target_groups"] == ["side_entrant"]


def test_a_person_sees_options_enrols_once_per_key_and_cancels(client, world):
    client.force_login(world["person"])
    options = get(client, f"/offerings/{world['offering'].pk}/payment-options").json()
    assert options["price_cents"] == 60_000
    [option] = options["options"]
    assert option["payable"] and option["chosen"] and option["amount_cents"] == 60_000 and option["reason"]

    first = post(client, "/enrolments", enrol_body(world))
    again = post(client, "/enrolments", enrol_body(world))
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and first.json()["status"] == "held"
    assert Enrolment.objects.count() == 1 and Transfer.objects.filter(kind="hold").count() == 1

    account = get(client, "/account").json()["balances"][0]
    assert (account["available_cents"], account["reserved_cents"]) == (40_000, 60_000)
    assert [e["id"] for e in get(client, "/enrolments").json()] == [first.json()["id"]]
    assert {row["kind"] for row in get(client, "/history").json()} == {"grant", "hold"}

    cancelled = post(client, f"/enrolments/{first.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert get(client, "/account").json()["balances"][0]["available_cents"] == 100_000


def test_bad_enrolments_are_refused_in_dutch_and_change_nothing(client, world):
    client.force_login(world["person"])
    before = Transfer.objects.count()
    price = post(client, "/enrolments", enrol_body(world, price_cents=1))
    assert price.status_code == 422 and price.json()["detail"] == "De prijs van dit aanbod is gewijzigd; bekijk het aanbod opnieuw."
    key = post(client, "/enrolments", enrol_body(world, idempotency_key="kort"))
    assert key.status_code == 422 and key.json()["errors"][0]["field"] == "idempotency_key"
    missing = post(client, "/enrolments", enrol_body(world, offering_id=999_999))
    assert missing.status_code == 404
    too_much = post(client, "/enrolments", enrol_body(world, offering_id=make_offering(price_cents=150_000).pk, price_cents=150_000))
    assert too_much.status_code == 422 and "Onvoldoende tegoed" in too_much.json()["detail"]
    other = make_passport()
    participant(other)
    voucher = services.issue_voucher(
        world["budget"], other, kind="training", value_cents=60_000, expires_on=date.today() + timedelta(days=9),
        user=user_with(Role.COACH), key="v-other",
    )  # fmt: skip
    before = Transfer.objects.count()
    stolen = post(client, "/enrolments", enrol_body(world, voucher_id=voucher.pk))
    assert stolen.status_code == 422 and stolen.json()["errors"][0]["field"] == "voucher_id"
    assert Transfer.objects.count() == before and not Enrolment.objects.exists()


def test_person_endpoints_are_for_persons_and_their_own_rows(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    stranger = make_passport()
    participant(stranger)
    client.force_login(stranger.user)
    assert get(client, "/enrolments").json() == []
    assert post(client, f"/enrolments/{enrolment.pk}/cancel").status_code == 404
    client.force_login(user_with(Role.EMPLOYER))
    response = get(client, "/account")
    assert response.status_code == 403 and response.json()["detail"] == "Dit is alleen voor: Inwoner."
    client.logout()
    assert get(client, "/account").status_code == 401


def test_the_provider_confirms_start_completion_and_stop_over_the_api(client, world, settings):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 100_000
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    client.force_login(staff_of(world["offering"]))
    overview = get(client, "/provider/enrolments").json()
    assert [e["id"] for e in overview["enrolments"]] == [enrolment.pk] and overview["enrolments"][0]["person"] == world["person"].full_name

    assert post(client, f"/provider/enrolments/{enrolment.pk}/start").json()["status"] == "started"
    assert post(client, f"/provider/enrolments/{enrolment.pk}/start").status_code == 200  # a retry books nothing
    assert Payout.objects.filter(enrolment=enrolment).count() == 1
    bad = post(client, f"/provider/enrolments/{enrolment.pk}/completion", {"attendance_percent": 101})
    assert bad.status_code == 422 and bad.json()["errors"][0] == {"field": "attendance_percent", "message": "te groot"}
    done = post(client, f"/provider/enrolments/{enrolment.pk}/completion", {"attendance_percent": 80})
    assert done.status_code == 200 and done.json()["status"] == "completed" and done.json()["attendance_percent"] == 80
    assert get(client, "/provider/enrolments").json()["posted_cents"] > 0

    second = services.enrol(world["passport"], make_offering(price_cents=10_000), price_cents=10_000, key="e2", user=world["person"])
    client.force_login(staff_of(second.offering))
    held = post(client, f"/provider/enrolments/{second.pk}/stop", {"attendance_percent": 10})
    assert held.status_code == 422 and "nog niet gestart" in held.json()["detail"]
    post(client, f"/provider/enrolments/{second.pk}/start")
    stopped = post(client, f"/provider/enrolments/{second.pk}/stop", {"attendance_percent": 10})
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"


def test_another_providers_enrolment_is_a_404_and_persons_get_a_403(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    client.force_login(staff_of(make_offering()))
    assert get(client, "/provider/enrolments").json()["enrolments"] == []
    assert post(client, f"/provider/enrolments/{enrolment.pk}/start").status_code == 404
    assert post(client, "/provider/enrolments/99999999999999999999999/start").status_code == 404
    client.force_login(world["person"])
    assert post(client, f"/provider/enrolments/{enrolment.pk}/start").status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.HELD


def voucher_body(world, **changes):
    return {
        "email": world["person"].email, "budget_id": world["budget"].pk, "kind": "orientation", "value_cents": 15_000,
        "expires_on": (date.today() + timedelta(days=30)).isoformat(), "note": "Oriëntatie techniek",
        "idempotency_key": "voucher-0001",
    } | changes  # fmt: skip


def test_a_coach_issues_once_lists_and_withdraws_vouchers(client, world):
    coach = user_with(Role.COACH)
    client.force_login(coach)
    first = post(client, "/vouchers", voucher_body(world))
    again = post(client, "/vouchers", voucher_body(world))
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Voucher.objects.count() == 1 and first.json()["email"] == world["person"].email
    assert [v["id"] for v in get(client, "/vouchers/issued").json()] == [first.json()["id"]]

    client.force_login(world["person"])
    mine = get(client, "/vouchers").json()
    assert mine[0]["kind"] == "orientation" and mine[0]["value_cents"] == 15_000 and mine[0]["status"] == "issued"

    client.force_login(user_with(Role.COACH))
    assert post(client, f"/vouchers/{first.json()['id']}/withdraw").status_code == 404
    client.force_login(coach)
    withdrawn = post(client, f"/vouchers/{first.json()['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_voucher_refusals_do_not_reveal_accounts_and_change_nothing(client, world):
    client.force_login(user_with(Role.COACH))
    before = Transfer.objects.count()
    nobody = post(client, "/vouchers", voucher_body(world, email="niemand@example.nl"))
    employer = post(client, "/vouchers", voucher_body(world, email=user_with(Role.EMPLOYER).email))
    assert nobody.status_code == employer.status_code == 422
    assert nobody.json()["errors"] == employer.json()["errors"]
    # A bad term is named whoever the address belongs to: checked before anyone is looked up.
    past = post(client, "/vouchers", voucher_body(world, expires_on="2000-01-01"))
    past_nobody = post(client, "/vouchers", voucher_body(world, email="niemand@example.nl", expires_on="2000-01-01"))
    assert past.status_code == past_nobody.status_code == 422
    assert past.json() == past_nobody.json() == {"detail": "De voucher moet vandaag of later verlopen."}
    # A person the budget does not serve gets the answer an unknown address gets.
    Budget.objects.filter(pk=world["budget"].pk).update(municipalities=["GM0363"])
    ineligible = post(client, "/vouchers", voucher_body(world))
    assert ineligible.status_code == 422 and ineligible.json() == nobody.json()
    Budget.objects.filter(pk=world["budget"].pk).update(municipalities=[])
    kind = post(client, "/vouchers", voucher_body(world, kind="vakantie"))
    assert kind.status_code == 422 and "oriëntatie, scholing of begeleiding" in kind.json()["detail"]
    zero = post(client, "/vouchers", voucher_body(world, value_cents=0))
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "value_cents"
    assert not Voucher.objects.exists() and Transfer.objects.count() == before
    client.force_login(world["person"])
    assert post(client, "/vouchers", voucher_body(world)).status_code == 403


def test_the_person_exports_everything_the_fund_holds_on_them(client, world):
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"])
    services.issue_voucher(
        world["budget"], world["passport"], kind="guidance", value_cents=5_000, expires_on=date.today() + timedelta(days=9),
        user=user_with(Role.COACH), key="v1",
    )  # fmt: skip
    client.force_login(world["person"])
    data = get(client, "/export").json()
    assert data["participant"]["address_key"].startswith("1811AB-")
    assert [e["id"] for e in data["enrolments"]] == [enrolment.pk] and data["enrolments"][0]["fund_cents"] == 60_000
    assert [v["kind"] for v in data["vouchers"]] == ["guidance"]
    transfers = [(t["kind"], t["amount_cents"], t["voucher_id"] is not None) for t in data["transfers"]]
    assert transfers == [("grant", 100_000, False), ("hold", 60_000, False), ("grant", 5_000, True)]  # oldest first
    json.dumps(data)  # plain JSON all the way down
    client.force_login(make_passport().user)
    assert get(client, "/export").status_code == 403  # no person role

"""The fund administrator's API (/api/v1/fund/admin/): the same rules as the pages, Dutch refusals, nothing changed."""

import csv
import io
import json
import uuid
from datetime import date, timedelta

import openpyxl
import pytest
from django.test import Client

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.services import allocation as allocation_service
from loket.fund.models import AllocationRound, AuditLog, Budget, Funder, FunderKind, Payout, SignalReview, Transfer, TransferKind

from .people import participant, user_with
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db
API = "/api/v1/fund/admin"


def send(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def admin(client):
    user = user_with(Role.FUND_ADMIN, email="beheer@fonds.nl")
    client.force_login(user)
    return user


def budget_body(funder, **overrides):
    today = date.today()
    body = {
        "funder": funder.pk, "name": "Techniek Talent", "amount_cents": 1_000_000, "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=365)).isoformat(), "regions": ["AM15"], "target_groups": ["job_seeker"],
        "age_min": 18, "age_max": 67, "yearly_cap_cents": 250_000, "co_payment_percent": 10, "priority_rules": ["job_seeker", "low_educated"],
        "revolving": True,
    }  # fmt: skip
    body.update(overrides)
    return body


def test_only_fund_admins(client):
    assert client.get(f"{API}/overview").status_code == 401
    client.force_login(user_with(Role.PERSON))
    response = client.get(f"{API}/overview")
    assert response.status_code == 403 and "Fondsbeheerder" in response.json()["detail"]


def test_posts_need_the_csrf_token(admin):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    response = strict.post(f"{API}/funders", json.dumps({"name": "Gemeente Alkmaar", "kind": "municipality"}), content_type="application/json")
    assert response.status_code == 403
    assert not Funder.objects.exists()


def test_overview_has_money_per_budget_counts_and_the_ledger_check(client, admin):
    budget = make_budget()
    services.deposit(budget, 500_000, key="dep")
    body = client.get(f"{API}/overview").json()
    row = next(b for b in body["budgets"] if b["id"] == budget.pk)
    assert (row["deposited_cents"], row["available_cents"], row["reserved_cents"], row["spent_cents"]) == (500_000, 500_000, 0, 0)
    assert body["ledger_in_order"] is True and body["ledger_problems"] == []
    assert body["waiting_approvals"] == 0 and isinstance(body["open_signals"], int)


def test_create_funder_and_budget_then_change_it(client, admin):
    response = send(client, f"{API}/funders", {"name": "Provincie Noord-Holland", "kind": "province"})
    assert response.status_code == 201
    funder = Funder.objects.get()
    response = send(client, f"{API}/budgets", budget_body(funder))
    assert response.status_code == 201
    body = response.json()
    assert body["amount_cents"] == 1_000_000 and body["priority_rules"] == ["job_seeker", "low_educated"] and body["regions"] == ["AM15"]
    budget = Budget.objects.get()
    assert budget.yearly_cap_cents == 250_000 and budget.revolving
    response = send(client, f"{API}/budgets/{budget.pk}", budget_body(funder, name="Anders", amount_cents=2_000_001, revolving=False), "put")
    assert response.status_code == 200
    budget.refresh_from_db()
    assert (budget.name, budget.amount_cents, budget.revolving) == ("Anders", 2_000_001, False)
    assert AuditLog.objects.filter(action="budget_changed", object_id=budget.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount_cents": 0}, "Vul een bedrag groter dan nul in."),
        ({"regions": ["XX99"]}, "Selecteer een geldige keuze"),
        ({"age_min": 70, "age_max": 20}, "De maximumleeftijd is lager dan de minimumleeftijd."),
        ({"priority_rules": ["job_seeker", "job_seeker"]}, "Deze voorrangsregel staat er al."),
        ({"priority_rules": ["job_seeker", "low_educated", "shrinking_sector", "job_seeker"]}, "hoogstens drie voorrangsregels"),
    ],
)
def test_an_invalid_budget_is_a_422_in_dutch(client, admin, overrides, message):
    funder = Funder.objects.create(name="Provincie", kind=FunderKind.PROVINCE)
    response = send(client, f"{API}/budgets", budget_body(funder, **overrides))
    assert response.status_code == 422 and message in response.json()["detail"]
    assert not Budget.objects.exists()


def test_deposit_is_idempotent_and_refused_beyond_the_commitment(client, admin):
    budget = make_budget(amount_cents=100_000)
    key = str(uuid.uuid4())
    for _attempt in range(2):
        response = send(client, f"{API}/budgets/{budget.pk}/deposits", {"amount_cents": 60_000, "key": key})
        assert response.status_code == 201
    assert Transfer.objects.filter(kind=TransferKind.DEPOSIT).count() == 1
    response = send(client, f"{API}/budgets/{budget.pk}/deposits", {"amount_cents": 40_001, "key": str(uuid.uuid4())})
    assert response.status_code == 409 and "boven het toegezegde bedrag" in response.json()["detail"]
    response = send(client, f"{API}/budgets/{budget.pk}/deposits", {"amount_cents": -5, "key": str(uuid.uuid4())})
    assert response.status_code == 422
    assert Transfer.objects.filter(kind=TransferKind.DEPOSIT).count() == 1


def test_repayment_into_a_non_revolving_budget_is_refused(client, admin):
    budget = make_budget()
    response = send(client, f"{API}/budgets/{budget.pk}/repayments", {"amount_cents": 100, "key": str(uuid.uuid4())})
    assert response.status_code == 409 and "niet revolverend" in response.json()["detail"]


def test_grant_to_one_participant(client, admin):
    budget = make_budget()
    services.deposit(budget, 100_000, key="dep")
    person = participant(make_passport())
    response = send(client, f"{API}/grants", {"email": person.passport.user.email, "budget": budget.pk, "amount_cents": 30_000, "key": str(uuid.uuid4())})
    assert response.status_code == 201 and response.json()["amount_cents"] == 30_000
    response = send(client, f"{API}/grants", {"email": "x@example.nl", "budget": budget.pk, "amount_cents": 30_000, "key": str(uuid.uuid4())})
    assert response.status_code == 422 and "Er is geen deelnemer" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_allocation_preview_then_carry_out(client, admin):
    budget = make_budget()
    services.deposit(budget, 150_000, key="dep")
    people = [participant(make_passport()) for _ in range(2)]
    response = send(client, f"{API}/allocation-rounds", {"budget": budget.pk, "amount_cents": 100_000, "target_groups": ["job_seeker"]})
    assert response.status_code == 201
    body = response.json()
    assert (body["eligible_count"], body["served_count"], body["total_cents"], body["status"]) == (2, 1, 100_000, "previewed")
    assert sorted(row["participant"] for row in body["rows"]) == sorted(p.pk for p in people)
    assert [row["served"] for row in body["rows"]] == [True, False]
    assert not Transfer.objects.filter(kind=TransferKind.GRANT).exists()
    response = client.post(f"{API}/allocation-rounds/{body['id']}/carry-out")
    assert response.status_code == 202
    started = response.json()
    assert (started["status"], started["to_do"], started["granted_count"]) == ("running", 1, 0) and started["started_at"]
    allocation_service.wait(body["id"], timeout=60)
    done = client.get(f"{API}/allocation-rounds/{body['id']}").json()
    assert (done["status"], done["granted_count"], done["skipped_count"], done["percent"]) == ("carried_out", 1, 0, 100.0)
    assert Transfer.objects.filter(kind=TransferKind.GRANT).count() == 1
    response = client.post(f"{API}/allocation-rounds/{body['id']}/carry-out")
    assert response.status_code == 409 and "al uitgevoerd" in response.json()["detail"]
    assert AllocationRound.objects.get().served_count == 1


def test_four_eyes_over_the_api(client, admin):
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    services.grant(budget, passport, 500_000, key="grant")
    hold = services.hold(budget, passport, make_offering(price_cents=400_000), key="hold")
    payout = services.request_payout(hold.enrolment, 300_000, "start", user=None, key="payout")
    assert [p["id"] for p in client.get(f"{API}/payouts").json()] == [payout.pk]
    assert client.post(f"{API}/payouts/{payout.pk}/approve").json()["first_approved_by"] == "beheer@fonds.nl"
    response = client.post(f"{API}/payouts/{payout.pk}/approve")
    assert response.status_code == 409 and "een andere fondsbeheerder" in response.json()["detail"]
    client.force_login(user_with(Role.FUND_ADMIN, email="tweede@fonds.nl"))
    body = client.post(f"{API}/payouts/{payout.pk}/approve").json()
    assert body["status"] == "posted" and body["second_approved_by"] == "tweede@fonds.nl"
    assert Payout.objects.get().transfer is not None


def test_provider_approval_and_signal_review(client, admin):
    provider = make_offering(approved=False).course.provider
    response = send(client, f"{API}/providers/{provider.pk}/approval", {"approved": True}, "put")
    assert response.status_code == 200 and response.json()["approved"] is True
    provider.refresh_from_db()
    assert provider.approved and AuditLog.objects.filter(action="provider_approved", object_id=provider.pk).exists()
    assert client.get(f"{API}/signals").status_code == 200
    budget = make_budget()
    response = send(client, f"{API}/signals/reviews", {"code": "budget_near_ceiling", "subject": f"budget:{budget.pk}", "verdict": "maybe"})
    assert response.status_code == 422 and not SignalReview.objects.exists()
    response = send(client, f"{API}/signals/reviews", {"code": "budget_near_ceiling", "subject": f"budget:{budget.pk}", "verdict": "investigate", "note": "Kijken"})
    assert response.status_code == 201 and response.json()["verdict"] == "investigate"
    assert client.get(f"{API}/signals/reviews").json()[0]["note"] == "Kijken"


def test_spending_report_as_json_csv_and_xlsx(client, admin):
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    passport = make_passport()
    services.grant(budget, passport, 500_000, key="grant")
    services.post(services.hold(budget, passport, make_offering(price_cents=60_000), key="hold"), key="post")
    rows = client.get(f"{API}/reports/spending", {"group_by": "provider"}).json()
    assert sum(row["spent_cents"] for row in rows) == 60_000 and rows[0]["persons"] == "< 10"
    response = client.get(f"{API}/reports/spending", {"group_by": "month", "format": "csv"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[1][table[0].index("Besteed (cent)")] == "60000"
    response = client.get(f"{API}/reports/spending", {"group_by": "budget", "format": "xlsx"})
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert values[1][list(values[0]).index("Besteed (cent)")] == 60_000
    assert client.get(f"{API}/reports/spending", {"group_by": "leeftijd"}).status_code == 422
    assert client.get(f"{API}/reports/spending", {"date_from": "2026-02-01", "date_to": "2026-01-01"}).status_code == 422


def test_audit_log_filters_and_pages(client, admin):
    budget = make_budget()
    for number in range(51):
        services.deposit(budget, 100, key=f"dep-{number}", user=admin)
    body = client.get(f"{API}/audit").json()
    assert (body["count"], body["pages"], len(body["results"])) == (51, 2, 50)
    assert client.get(f"{API}/audit", {"page": 2}).json()["results"][0]["action"] == "deposit"
    assert client.get(f"{API}/audit", {"user": "niemand"}).json()["count"] == 0
    assert client.get(f"{API}/audit", {"action": "verzonnen"}).status_code == 422

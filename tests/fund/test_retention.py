"""The fund keeps its books when a person leaves: deletion is refused with the reason, and the export includes the fund."""

import json

import pytest

from loket.accounts.models import User
from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import Transfer
from loket.passport.models import Passport

from .world import make_budget

PASSWORD = "een-lang-wachtwoord-42"
pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    user = make_user(role=Role.PERSON, email="sanne@example.nl", password=PASSWORD)
    Passport.objects.create(user=user)
    return user


def test_a_person_with_fund_records_cannot_delete_the_account_and_is_told_why(client, person):
    budget = make_budget()
    services.deposit(budget, 100_000, key="deposit")
    services.grant(budget, person.passport, 50_000, key="grant")
    client.force_login(person)

    response = client.post("/paspoort/account-verwijderen/", {"password": PASSWORD})

    assert response.status_code == 400
    assert "zeven jaar te bewaren" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists() and Transfer.objects.filter(idempotency_key="grant").exists()


def test_a_person_without_fund_records_can_still_delete_the_account(client, person):
    client.force_login(person)
    response = client.post("/paspoort/account-verwijderen/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_the_persons_own_export_includes_their_development_account(client, person):
    budget = make_budget()
    services.deposit(budget, 100_000, key="deposit")
    services.grant(budget, person.passport, 50_000, key="grant")
    client.force_login(person)

    response = client.get("/paspoort/export/")
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)

    fund = data["development_fund"]
    assert [(transfer["kind"], transfer["amount_cents"]) for transfer in fund["transfers"]] == [("grant", 50_000)]
    assert [row["available_cents"] for row in fund["balances"]] == [50_000]

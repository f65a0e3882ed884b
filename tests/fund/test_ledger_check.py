"""loket ledger-check: 'in balans' on a clean ledger; violations and exit code 1 on a corrupted one."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from loket.fund import services
from loket.fund.models import Account, Entry, Transfer

from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db


def a_little_money_moved():
    budget = make_budget()
    services.deposit(budget, 10_000, key="d")
    passport = make_passport()
    services.grant(budget, passport, 5_000, key="g")
    held = services.hold(budget, passport, make_offering(price_cents=3_000), key="h")
    services.post(held, 1_000, key="p")
    return budget


def test_a_clean_ledger_is_reported_in_balance(capsys):
    a_little_money_moved()
    call_command("ledger_check")
    assert "Het grootboek is in balans." in capsys.readouterr().out


def test_an_unbalanced_entry_written_behind_the_services_back_is_reported(capsys):
    a_little_money_moved()
    grant = Transfer.objects.get(idempotency_key="g")
    credit = Account.objects.get(pk=grant.credit_account_id)
    table = Entry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (transfer_id, account_id, amount_cents) VALUES (%s, %s, %s)", [grant.pk, credit.pk, 700])
    with pytest.raises(CommandError, match="overtreding") as raised:
        call_command("ledger_check")
    assert raised.value.returncode == 1
    out = capsys.readouterr().out
    assert f"Overboeking {grant.pk} is niet in balans (som 700 cent)." in out
    assert f"Het bewaarde saldo van rekening {credit.pk}" in out
    assert "klopt niet" in out  # the budget no longer adds up either


def test_there_is_one_account_per_kind_and_owner_on_every_database():
    """Owners that do not apply are NULL; the constraint still refuses a second account for the same owner."""
    from django.db import IntegrityError, transaction

    from loket.fund.models import Account, AccountKind

    budget = make_budget()
    Account.objects.create(kind=AccountKind.BUDGET_POOL, budget=budget)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(kind=AccountKind.BUDGET_POOL, budget=budget)
    Account.objects.create(kind=AccountKind.REPAYMENT_SOURCE, budget=budget)  # another kind, same owner: fine

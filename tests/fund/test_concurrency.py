"""Many processes on the same accounts at once, and a process killed mid-operation (PostgreSQL only).

SQLite has no row locks and one writer at a time, so what these tests prove does not apply there.
Each client is a fresh Python process (tests/fund/ledger_worker.py), not a fork of this one: a fork
would inherit this process's sockets and, after the browser tests, Playwright's event loop, and such
children have hung or not seen committed rows.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from loket.fund import services
from loket.fund.models import Account, AccountKind, Transfer

from .ledger_worker import enrol_post_and_release
from .world import make_budget, make_offering, make_passport

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="Row locks across processes need PostgreSQL (set DATABASE_URL); SQLite serialises all writers.",
    ),
]

PRICE = 1_000
ROUNDS = 24
PROCESSES = 8
PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shared_world():
    budget = make_budget()
    services.deposit(budget, 5_000_000, key="deposit")
    people = [make_passport(), make_passport()]
    for index, person in enumerate(people):
        services.grant(budget, person, 1_000_000, key=f"grant-{index}")
    return budget, people, make_offering(price_cents=PRICE)


def start_client(budget, people, offering, *plan):
    """A client process working through ``plan`` ("rounds:prefix" steps) on the test database."""
    arguments = [settings.DATABASES["default"]["NAME"], str(budget.pk), ",".join(str(person.pk) for person in people), str(offering.pk), *plan]
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fund.ledger_worker", *arguments], cwd=PROJECT_DIR, stderr=subprocess.PIPE, text=True
    )


def expect_exact_totals(budget, people, shared_rounds, extra_rounds=0):
    assert services.check_ledger() == []
    rounds = shared_rounds + extra_rounds
    assert Transfer.objects.filter(kind="hold").count() == rounds
    assert Transfer.objects.filter(kind="post").count() == rounds
    assert Transfer.objects.filter(kind="void").count() == rounds
    payable = Account.objects.get(kind=AccountKind.PROVIDER_PAYABLE, budget=budget)
    assert payable.balance_cents == 400 * rounds
    credits = Account.objects.filter(kind=AccountKind.PERSON_CREDIT, budget=budget)
    assert sum(account.balance_cents for account in credits) == 2 * 1_000_000 - 400 * rounds
    assert sum(account.balance_cents for account in Account.objects.filter(kind=AccountKind.PERSON_HOLD)) == 0


def test_eight_processes_on_the_same_accounts_move_every_cent_exactly_once():
    budget, people, offering = shared_world()
    # Every process runs the same 24 enrolments with the same keys, then 6 of its own on the same accounts.
    clients = [start_client(budget, people, offering, f"{ROUNDS}:", f"6:own-{number}-") for number in range(PROCESSES)]
    problems = [client.communicate(timeout=180)[1] for client in clients]
    assert [client.returncode for client in clients] == [0] * PROCESSES, problems
    expect_exact_totals(budget, people, ROUNDS, extra_rounds=6 * PROCESSES)


def test_a_process_killed_mid_operation_loses_and_doubles_nothing_and_a_replay_completes_the_work():
    budget, people, offering = shared_world()
    rounds = 150  # more than the client finishes before it is killed
    client = start_client(budget, people, offering, f"{rounds}:crash-")
    deadline = time.monotonic() + 60
    while Transfer.objects.filter(kind="post").count() < 20 and time.monotonic() < deadline and client.poll() is None:
        time.sleep(0.05)
    os.kill(client.pid, signal.SIGKILL)
    client.wait(10)
    assert client.returncode == -signal.SIGKILL, client.stderr.read()
    connection.close()  # and see the committed state afresh
    done_before_replay = Transfer.objects.filter(kind="post").count()
    assert 0 < done_before_replay < rounds
    assert services.check_ledger() == []

    # The client retries every request with its original key.
    enrol_post_and_release(budget.pk, [person.pk for person in people], offering.pk, rounds, "crash-")
    expect_exact_totals(budget, people, rounds)

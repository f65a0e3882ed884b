"""Sustained money operations per second on the development fund's ledger (PostgreSQL).

16 client processes enrol people for ~20 s: hold the catalogue price, post a part to
the provider at the start, release the rest (three money operations, each its own
transaction with row locks and an idempotency key), on shared budget and provider
accounts. Then the invariant check runs over the whole ledger (violations must be 0).
In the same run, two alternatives: the same 16 clients booking through the ORM (the
plain-Django way, ``_book_python``, several statements per booking) instead of the SQL
functions ``fund_hold``, ``fund_post`` and ``fund_book`` (one round trip each), and one client
doing the work sequentially.
Runs with DEBUG off, as in production (DEBUG makes Django record every query).

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE loket_ledger_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_ledger_bench .venv/bin/python bench/ledger.py
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
import uuid

parser = argparse.ArgumentParser()
parser.add_argument("--clients", type=int, default=16)
parser.add_argument("--seconds", type=float, default=20.0)
parser.add_argument("--single-seconds", type=float, default=8.0, help="duration of each comparison run")
args = parser.parse_args()

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/loket_ledger_bench.")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0f3c9a")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

import django  # noqa: E402

django.setup()
from datetime import date, timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from loket.accounts.models import Organisation, User  # noqa: E402
from loket.catalog.models import Course, Modality, Offering, Provider, ProviderKind  # noqa: E402
from loket.fund import services  # noqa: E402
from loket.fund.services import ledger_ops  # noqa: E402
from loket.fund.models import Budget, Funder, FunderKind  # noqa: E402
from loket.passport.models import Passport  # noqa: E402

PEOPLE_PER_CLIENT = 4
PROVIDERS = 8


def build_world(run, clients):
    funder = Funder.objects.create(name="Bench-financier", kind=FunderKind.PROVINCE)
    budget = Budget.objects.create(
        funder=funder, name=f"Bench {run}", amount_cents=10**12,
        valid_from=date.today() - timedelta(days=1), valid_until=date.today() + timedelta(days=365),
    )  # fmt: skip
    services.deposit(budget, 10**11, key=f"{run}-deposit")
    offerings = []
    for number in range(PROVIDERS):
        organisation = Organisation.objects.create(name=f"Bench-opleider {run} {number}", kind=Organisation.Kind.PROVIDER)
        provider = Provider.objects.create(organisation=organisation, kind=ProviderKind.ROC, approved=True)
        course = Course.objects.create(provider=provider, title_nl="Bench-opleiding", study_hours=40, recognised=True)
        offerings.append(
            Offering.objects.create(
                course=course, start_date=date.today(), end_date=date.today() + timedelta(days=30), price_cents=1_000, modality=Modality.ONLINE
            ).pk
        )
    people = []
    for number in range(clients * PEOPLE_PER_CLIENT):
        user = User.objects.create_user(email=f"bench-{run}-{number}@example.nl", full_name="Bench", password=None)
        passport = Passport.objects.create(user=user)
        services.grant(budget, passport, 10**8, key=f"{run}-grant-{number}")
        people.append(passport.pk)
    return budget.pk, people, offerings


def client(number, budget_id, people, offerings, seconds, run, results):
    connections.close_all()
    budget = Budget.objects.get(pk=budget_id)
    mine = [Passport.objects.get(pk=pk) for pk in people[number * PEOPLE_PER_CLIENT : (number + 1) * PEOPLE_PER_CLIENT]]
    chosen = [Offering.objects.get(pk=pk) for pk in offerings]
    operations, round_number = 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        key = f"{run}-{number}-{round_number}"
        person, offering = mine[round_number % len(mine)], chosen[(number + round_number) % len(chosen)]
        held = services.hold(budget, person, offering, key=f"{key}-hold")
        services.post(held, 400, key=f"{key}-post")
        services.void(held, key=f"{key}-void")
        operations += 3
        round_number += 1
    results.put(operations)
    connections.close_all()


def measure(clients, seconds):
    run = f"bench-{uuid.uuid4().hex[:8]}"
    budget_id, people, offerings = build_world(run, clients)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=client, args=(n, budget_id, people, offerings, seconds, run, results)) for n in range(clients)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    total = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
    return total / elapsed, total, elapsed, failed


call_command("migrate", verbosity=0)
ops_per_s, total, elapsed, failed = measure(args.clients, args.seconds)
print(f"{args.clients} clients, SQL functions: {total} money operations in {elapsed:.1f} s = {ops_per_s:,.0f} ops/s (failed clients: {len(failed)})")
ledger_ops.SQL_FUNCTIONS = False  # the alternative: the same bookings through the ORM
orm_ops_per_s, orm_total, orm_elapsed, orm_failed = measure(args.clients, args.single_seconds)
ledger_ops.SQL_FUNCTIONS = True
print(f"{args.clients} clients, ORM booking: {orm_total} money operations in {orm_elapsed:.1f} s = {orm_ops_per_s:,.0f} ops/s")
single_ops_per_s, single_total, single_elapsed, single_failed = measure(1, args.single_seconds)
print(f"1 client (sequential), SQL functions: {single_total} money operations in {single_elapsed:.1f} s = {single_ops_per_s:,.0f} ops/s")
started = time.monotonic()
violations = services.check_ledger()
check_seconds = time.monotonic() - started
for violation in violations[:20]:
    print("violation:", violation)
print(f"ledger-check over the whole ledger: {len(violations)} violations in {check_seconds:.1f} s")
print(
    json.dumps(
        {
            "bench": "ledger", "cores": os.cpu_count(), "clients": args.clients, "seconds": round(elapsed, 1),
            "ops_per_s": round(ops_per_s), "orm_booking_ops_per_s": round(orm_ops_per_s), "single_client_ops_per_s": round(single_ops_per_s),
            "operations": total, "failed_clients": len(failed) + len(orm_failed) + len(single_failed), "violations": len(violations),
            "check_seconds": round(check_seconds, 2),
        }  # fmt: skip
    )
)

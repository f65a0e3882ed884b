"""How long the fund administrator's spending reports and fraud signals take on a ledger of 100k+ transfers.

Builds (once per database; re-running reuses it) a fund with PEOPLE persons in Noord-Holland's municipalities,
each granted credit and enrolled a few times with 40 providers through the ledger's own money operations
(grant, hold, post, void, refund: no rows written by hand; ~40 money operations/s on this loaded 2-core machine,
so 100k transfers take ~40 minutes to build: ``--build-minutes`` stops earlier), then times every ``spending`` grouping,
``totals`` and ``current_signals``. The last line is JSON.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE loket_reports_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_reports_bench .venv/bin/python bench/fund_reports.py --people 20000
"""

import argparse
import json
import os
import random
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--people", type=int, default=20_000, help="about 5.5 transfers each")
parser.add_argument("--seed", type=int, default=5)
parser.add_argument("--build-minutes", type=float, default=None, help="stop building after this long and measure what is there")
args = parser.parse_args()

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

import django  # noqa: E402

django.setup()
from datetime import date, timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from loket.accounts.models import Organisation, User  # noqa: E402
from loket.catalog.models import Course, Modality, Offering, Provider, ProviderKind  # noqa: E402
from loket.fund import reports, services  # noqa: E402
from loket.fund.models import Budget, Funder, FunderKind, Participant, Transfer  # noqa: E402
from loket.fund.services import reports as report_service  # noqa: E402
from loket.fund.services import signals  # noqa: E402
from loket.geography.models import Municipality  # noqa: E402
from loket.passport.models import Passport  # noqa: E402

PROVIDERS = 40
BUDGETS = 3


def build_world(people, rng):
    funder = Funder.objects.create(name="Bench-financier", kind=FunderKind.PROVINCE)
    budgets = []
    for number in range(BUDGETS):
        budget = Budget.objects.create(
            funder=funder, name=f"Bench-budget {number}", amount_cents=10**12, max_price_cents=[None, 150_000, 250_000][number],
            valid_from=date.today() - timedelta(days=400), valid_until=date.today() + timedelta(days=365),
        )  # fmt: skip
        services.deposit(budget, 10**11, key=f"bench-deposit-{number}")
        budgets.append(budget)
    offerings = []
    for number in range(PROVIDERS):
        organisation = Organisation.objects.create(name=f"Bench-opleider {number}", kind=Organisation.Kind.PROVIDER)
        provider = Provider.objects.create(organisation=organisation, kind=ProviderKind.PRIVATE, approved=True)
        for course_number in range(3):
            course = Course.objects.create(provider=provider, title_nl=f"Cursus {number}-{course_number}", study_hours=rng.choice([40, 80, 120]), recognised=True)
            offerings.append(Offering.objects.create(
                course=course, start_date=date.today() + timedelta(days=30), end_date=date.today() + timedelta(days=90),
                price_cents=rng.choice([35_000, 60_000, 85_000, 99_000]), modality=Modality.ONLINE,
            ))  # fmt: skip
    municipalities = list(Municipality.objects.all())
    started = time.perf_counter()
    for number in range(people):
        user = User.objects.create_user(email=f"bench{number}@example.nl", full_name=f"Bench {number}", password=None)
        passport = Passport.objects.create(user=user, home_municipality=rng.choice(municipalities))
        Participant.objects.create(
            passport=passport, birth_date=date(1980, 1, 1), target_groups=rng.sample(["job_seeker", "in_technology", "side_entrant"], rng.randint(0, 2)),
            address_key=f"{1000 + number // 3}AB-{number % 3}", consent_at=timezone.now(),
        )  # fmt: skip
        budget = budgets[number % BUDGETS]
        services.grant(budget, passport, 300_000, key=f"bench-g-{number}")
        for enrolment in range(2):
            held = services.hold(budget, passport, rng.choice(offerings), key=f"bench-h-{number}-{enrolment}")
            if enrolment == 0:
                paid = services.post(held, key=f"bench-p-{number}")
                if number % 10 == 0:
                    services.refund(paid, 1_000, key=f"bench-r-{number}")
            elif number % 2:
                services.void(held, key=f"bench-v-{number}")
        if args.build_minutes and time.perf_counter() - started > args.build_minutes * 60:
            print(f"stopped building after {number + 1} persons", file=sys.stderr)
            break
        if number and number % 1000 == 0:
            print(f"{number} persons, {time.perf_counter() - started:.0f} s", file=sys.stderr)


def timed(function, *arguments, **keywords):
    started = time.perf_counter()
    result = function(*arguments, **keywords)
    return result, round(time.perf_counter() - started, 3)


def main():
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    if not Budget.objects.filter(name="Bench-budget 0").exists():
        build_world(args.people, rng)
    transfers = Transfer.objects.count()
    figures = {"transfers": transfers, "database": django.db.connection.vendor}
    for group_by in reports.GROUPS:
        rows, seconds = timed(report_service.spending, group_by)
        figures[f"spending_{group_by}_s"] = seconds
        figures[f"spending_{group_by}_rows"] = len(rows)
    total, figures["totals_s"] = timed(report_service.totals)
    found, figures["current_signals_s"] = timed(signals.current_signals)
    figures["signals"] = len(found)
    check = services.load_ledger()
    from loket.fund import ledger

    budget_totals = ledger.budget_totals(check[0], check[2])
    figures["reserved_matches_ledger"] = total["reserved_cents"] == sum(value["reserved"] for value in budget_totals.values())
    figures["spent_matches_ledger"] = total["spent_cents"] == sum(value["spent"] for value in budget_totals.values())
    for name, value in figures.items():
        print(f"{name}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

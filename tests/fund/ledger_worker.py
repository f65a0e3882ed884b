"""A separate client process for the multi-process ledger tests: `python -m tests.fund.ledger_worker <database> <prefix> <rounds> ...`.

Started with subprocess rather than forked, so it shares nothing with the test process (no open
sockets, no browser driver's event loop, no half-finished transaction): it is a client like any other.
"""

import os
import sys


def enrol_post_and_release(budget_id, person_ids, offering_id, rounds, prefix):
    """One enrolment per round: hold, post 400 cents at start, release the rest. Same keys in every process."""
    from loket.catalog.models import Offering
    from loket.fund import services
    from loket.fund.models import Budget
    from loket.passport.models import Passport

    budget, offering = Budget.objects.get(pk=budget_id), Offering.objects.get(pk=offering_id)
    people = [Passport.objects.get(pk=pk) for pk in person_ids]
    for round_number in range(rounds):
        index = round_number % len(people)
        held = services.hold(budget, people[index], offering, key=f"{prefix}hold-{round_number}")
        services.post(held, 400, key=f"{prefix}post-{round_number}")
        services.void(held, key=f"{prefix}void-{round_number}")


def main(database_name, budget_id, person_ids, offering_id, plan):
    """``plan`` is a list of (rounds, prefix): the shared work first, then any of its own."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = database_name
    from loket.fund.services import FundError

    try:
        for rounds, prefix in plan:
            enrol_post_and_release(budget_id, person_ids, offering_id, rounds, prefix)
    except FundError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    database, budget, people, offering, *steps = sys.argv[1:]
    plan = [(int(rounds), prefix) for rounds, prefix in (step.split(":", 1) for step in steps)]
    sys.exit(main(database, int(budget), [int(pk) for pk in people.split(",")], int(offering), plan))

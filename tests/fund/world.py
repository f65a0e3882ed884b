"""A small fund world for the ledger tests: one funder, one budget, an approved provider with a recognised offering.

The offering ran last month, so its start and completion can be confirmed today (the fund refuses both early)."""

import itertools
from datetime import date, timedelta

from loket.accounts.models import Organisation, User
from loket.catalog.models import Course, Modality, Offering, Provider, ProviderKind
from loket.fund.models import Budget, Funder, FunderKind
from loket.geography.models import Municipality
from loket.passport.models import Passport

_counter = itertools.count(1)


def make_budget(amount_cents=10_000_000, **rules):
    funder = Funder.objects.create(name="Provincie Noord-Holland", kind=FunderKind.PROVINCE)
    defaults = dict(valid_from=date.today() - timedelta(days=30), valid_until=date.today() + timedelta(days=365))
    defaults.update(rules)
    return Budget.objects.create(funder=funder, name=f"Ontwikkelbudget {next(_counter)}", amount_cents=amount_cents, **defaults)


def make_passport(municipality_code="GM0361"):
    number = next(_counter)
    user = User.objects.create_user(email=f"persoon{number}@example.nl", full_name=f"Persoon {number}", password=None)
    return Passport.objects.create(user=user, home_municipality=Municipality.objects.filter(code=municipality_code).first())


def make_offering(price_cents=50_000, *, approved=True, recognised=True):
    organisation = Organisation.objects.create(name=f"Opleider {next(_counter)}", kind=Organisation.Kind.PROVIDER)
    provider = Provider.objects.create(organisation=organisation, kind=ProviderKind.ROC, approved=approved)
    course = Course.objects.create(provider=provider, title_nl="Monteur windturbines", study_hours=120, recognised=recognised)
    return Offering.objects.create(
        course=course, start_date=date.today() - timedelta(days=30), end_date=date.today() - timedelta(days=1),
        price_cents=price_cents, modality=Modality.ONLINE,
    )  # fmt: skip

"""People for the rules tests: participants, a provider's staff member, fund admins and a coach."""

import itertools
from datetime import date

from loket.accounts.models import Membership, User
from loket.accounts.roles import Role
from loket.fund import services

_counter = itertools.count(1)


def user_with(role, email=None):
    user = User.objects.create_user(email=email or f"{role}{next(_counter)}@example.nl", full_name=f"{role} {next(_counter)}", password=None)
    user.grant_role(role)
    return user


def participant(passport, *, birth_date=date(1985, 3, 4), target_groups=("job_seeker",), shrinking=False):
    passport.user.grant_role(Role.PERSON)
    return services.apply_for_account(
        passport, birth_date=birth_date, target_groups=list(target_groups), leaving_shrinking_sector=shrinking,
        postcode="1811 AB", house_number=str(next(_counter)), user=passport.user,
    )  # fmt: skip


def staff_of(offering):
    user = user_with(Role.PROVIDER)
    Membership.objects.create(user=user, organisation=offering.course.provider.organisation)
    return user

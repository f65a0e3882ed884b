"""Participants: a person applies for a development account; which budgets they may use."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import Budget, Participant, TargetGroup
from . import audit
from .ledger_ops import FundError

POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}( ?[A-Z0-9-]{1,6})?$")


def address_key(postcode, house_number):
    """"1011 ab", " 12a" → "1011AB-12A", or a FundError saying what is wrong."""
    match = POSTCODE.match((postcode or "").strip().upper())
    if not match:
        raise FundError(_("Vul een geldige postcode in, bijvoorbeeld 1234 AB."))
    number = re.sub(r"\s+", "", str(house_number or "").strip().upper())
    if not HOUSE_NUMBER.match(number):
        raise FundError(_("Vul een geldig huisnummer in, bijvoorbeeld 12 of 12A."))
    return f"{match.group(1)}{match.group(2)}-{number}"


def apply_for_account(passport, *, birth_date, target_groups, leaving_shrinking_sector, postcode, house_number, user):
    """Create or update the person's development account; giving these facts is the consent (consent_at = now)."""
    key = address_key(postcode, house_number)
    target_groups = list(dict.fromkeys(target_groups or []))
    unknown = [value for value in target_groups if value not in TargetGroup.values]
    if unknown:
        raise FundError(_("Onbekende doelgroep: %(groups)s.") % {"groups": ", ".join(map(str, unknown))})
    today = timezone.localdate()
    if birth_date is None or birth_date > today or rules.age_on(birth_date, today) > 120:
        raise FundError(_("Vul een geldige geboortedatum in."))
    with transaction.atomic():
        participant, created = Participant.objects.update_or_create(
            passport=passport,
            defaults=dict(
                birth_date=birth_date, target_groups=target_groups, leaving_shrinking_sector=bool(leaving_shrinking_sector),
                address_key=key, consent_at=timezone.now(),
            ),
        )  # fmt: skip
        audit.record(user, "participant_applied" if created else "participant_updated", participant, target_groups=target_groups)
    return participant


def person_of(participant, passport=None):
    """The plain facts the rules decide on."""
    passport = passport or participant.passport
    municipality = passport.home_municipality
    return rules.Person(
        id=participant.pk,
        birth_date=participant.birth_date,
        target_groups=tuple(participant.target_groups or ()),
        municipality_code=municipality.code if municipality else None,
        region_code=municipality.region.code if municipality else None,
        education_level=passport.education_level,
        shrinking_sector=participant.leaving_shrinking_sector,
    )


def budget_rule(budget):
    return rules.budget_rule(budget)


def budget_ineligibility(budget, person, today):
    if not (budget.valid_from <= today <= budget.valid_until):
        return _("Dit budget is niet geldig op %(date)s.") % {"date": today.strftime("%d-%m-%Y")}
    return rules.ineligibility(budget_rule(budget), person, today)


def eligible_budgets(participant, today=None):
    """Every budget valid today, with None when the participant may use it, else the reason why not."""
    today = today or timezone.localdate()
    person = person_of(participant)
    budgets = Budget.objects.filter(valid_from__lte=today, valid_until__gte=today).select_related("funder")
    return [(budget, budget_ineligibility(budget, person, today)) for budget in budgets]

"""Applying for a development account and seeing which budgets one may use."""

from datetime import date, timedelta

import pytest

from loket.fund import services
from loket.fund.models import AuditLog, Participant
from loket.fund.services import FundError

from .people import participant
from .world import make_budget, make_passport

pytestmark = pytest.mark.django_db


def apply(passport, **changes):
    facts = dict(
        birth_date=date(1990, 1, 2), target_groups=["job_seeker"], leaving_shrinking_sector=False,
        postcode="1811 ab", house_number=" 12a", user=passport.user,
    )  # fmt: skip
    facts.update(changes)
    return services.apply_for_account(passport, **facts)


def test_applying_records_the_facts_and_consent_and_can_be_updated():
    passport = make_passport()
    first = apply(passport)
    assert first.address_key == "1811AB-12A" and first.consent_at is not None
    second = apply(passport, target_groups=["side_entrant", "in_technology"], leaving_shrinking_sector=True)
    assert second.pk == first.pk and Participant.objects.count() == 1
    assert second.target_groups == ["side_entrant", "in_technology"] and second.leaving_shrinking_sector
    assert AuditLog.objects.filter(action__in=["participant_applied", "participant_updated"]).count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"postcode": "181 AB"}, "geldige postcode"),
        ({"postcode": "0811 AB"}, "geldige postcode"),
        ({"house_number": ""}, "geldig huisnummer"),
        ({"house_number": "abc"}, "geldig huisnummer"),
        ({"target_groups": ["astronaut"]}, "Onbekende doelgroep: astronaut"),
        ({"birth_date": date.today() + timedelta(days=1)}, "geldige geboortedatum"),
    ],
)
def test_bad_facts_are_refused_in_dutch_and_nothing_is_stored(changes, message):
    passport = make_passport()
    with pytest.raises(FundError, match=message):
        apply(passport, **changes)
    assert not Participant.objects.exists()


def test_eligible_budgets_say_why_not():
    passport = make_passport("GM0361")
    sanne = participant(passport, birth_date=date(1960, 1, 1), target_groups=["job_seeker"])
    open_budget = make_budget()
    young_only = make_budget(age_max=27)
    elsewhere = make_budget(municipalities=["GM0363"])
    side_entrants = make_budget(target_groups=["side_entrant"])
    make_budget(valid_from=date.today() + timedelta(days=10))  # not valid yet: not listed
    result = dict(services.eligible_budgets(sanne))
    assert set(result) == {open_budget, young_only, elsewhere, side_entrants}
    assert result[open_budget] is None
    assert result[young_only] == "Ouder dan 27 jaar, de bovengrens van dit budget."
    assert "gemeenten" in result[elsewhere]
    assert "doelgroep" in result[side_entrants]

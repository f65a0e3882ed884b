"""The development fund's part of ``loket demo``: funders, three budgets with different rules, participants with
credit, a voucher, enrolments held, started and completed, and a payout waiting for its second approval.

Everything goes through the fund's services with fixed idempotency keys, so running it again moves nothing twice."""

import datetime

from django.utils import timezone

from loket.accounts.models import Organisation, User
from loket.catalog.models import CoursePurpose, Offering, Provider
from loket.geography.models import Municipality
from loket.passport.services import passport_for

from .models import Budget, Enrolment, Funder, FunderKind, Payout, PriorityRule, RefundRule, TargetGroup
from .services import (
    FundError, apply_for_account, approve_payout, confirm_completion, confirm_start, deposit, enrol, grant_to_participant, issue_voucher,
)  # fmt: skip

FUNDERS = [
    ("Provincie Noord-Holland", FunderKind.PROVINCE),
    ("Ministerie van SZW", FunderKind.MINISTRY_SZW),
    ("O&O-fonds Metaal en Techniek", FunderKind.SECTOR_FUND),
    ("Gemeente Amsterdam", FunderKind.MUNICIPALITY),
]
# (funder, name, committed euros, deposited euros, rules)
BUDGETS = [
    ("Provincie Noord-Holland", "Ontwikkelbudget Noord-Holland 2026", 2_000_000, 1_000_000,
     {"co_payment_percent": 10, "yearly_cap_cents": 500_000, "offering_cap_cents": 5_000_000, "provider_cap_cents": 20_000_000,
      "priority_rules": [PriorityRule.LOW_EDUCATED, PriorityRule.JOB_SEEKER]}),
    ("Ministerie van SZW", "Leerbudget werk naar werk (SZW)", 1_000_000, 600_000,
     {"payout_at_start_percent": 30, "refund_rule": RefundRule.PRO_RATA_ATTENDANCE, "age_min": 18, "age_max": 67,
      "target_groups": [TargetGroup.JOB_SEEKER, TargetGroup.SIDE_ENTRANT], "max_price_cents": 800_000,
      "priority_rules": [PriorityRule.SHRINKING_SECTOR, PriorityRule.JOB_SEEKER]}),
    ("O&O-fonds Metaal en Techniek", "Techniekfonds Metaal (revolverend)", 500_000, 250_000,
     {"revolving": True, "recognised_only": False, "target_groups": [TargetGroup.IN_TECHNOLOGY, TargetGroup.SIDE_ENTRANT]}),
]  # fmt: skip
SANNE = "inwoner@demo.loket.nl"
COACH = "coach@demo.loket.nl"
PROVIDER_STAFF = "opleider@demo.loket.nl"
FUND_ADMIN = "fonds@demo.loket.nl"
# (e-mail, name, municipality code, birth date, target groups, shrinking sector, Provincie credit in euros)
PARTICIPANTS = [
    ("deelnemer1@demo.loket.nl", "Youssef Amrani", "GM0363", datetime.date(1991, 5, 14), [TargetGroup.JOB_SEEKER], False, 2_000),
    ("deelnemer2@demo.loket.nl", "Eva de Graaf", "GM0392", datetime.date(1978, 11, 2), [TargetGroup.IN_TECHNOLOGY], True, 1_500),
    ("deelnemer3@demo.loket.nl", "Ricardo Pinas", "GM0400", datetime.date(1969, 2, 20), [TargetGroup.SIDE_ENTRANT], False, 3_000),
    ("deelnemer4@demo.loket.nl", "Mila Jansen", "GM0361", datetime.date(2001, 8, 9), [TargetGroup.JOB_SEEKER], False, 1_000),
    ("deelnemer5@demo.loket.nl", "Bram Visser", "GM0453", datetime.date(1985, 4, 30), [TargetGroup.IN_TECHNOLOGY], False, 2_500),
]


def load(stdout, password, base_url="http://localhost:8000"):
    today = timezone.localdate()
    admin = User.objects.get(email=FUND_ADMIN)
    staff = User.objects.get(email=PROVIDER_STAFF)
    provider_organisation = Organisation.objects.filter(memberships__user=staff, kind=Organisation.Kind.PROVIDER).first()
    provider = Provider.objects.filter(organisation=provider_organisation).first()
    if provider is None:
        stdout.write("Ontwikkelfonds: geen demo-opleider gevonden; overgeslagen.")
        return
    Provider.objects.filter(pk=provider.pk).update(approved=True)
    funders = {}
    for name, kind in FUNDERS:
        funders[name], _created = Funder.objects.get_or_create(name=name, defaults={"kind": kind})
    budgets = []
    for funder, name, committed, deposited, rules in BUDGETS:
        budget, _created = Budget.objects.get_or_create(
            funder=funders[funder], name=name,
            defaults=dict(amount_cents=committed * 100, valid_from=today - datetime.timedelta(days=60),
                          valid_until=today + datetime.timedelta(days=365), **rules),
        )  # fmt: skip
        deposit(budget, deposited * 100, key=f"demo-deposit-{budget.pk}", user=admin)
        budgets.append(budget)
    province, szw, sector = budgets

    offerings = list(
        Offering.objects.filter(course__provider=provider, course__purpose=CoursePurpose.TRAINING, cancelled=False, price_cents__gt=0)
        .exclude(code__startswith=OWN_RUN_PREFIX)
        .select_related("course").order_by("price_cents", "pk")
    )
    if len(offerings) < 2:
        stdout.write("Ontwikkelfonds: te weinig aanbod bij de demo-opleider; inschrijvingen overgeslagen.")
        return

    sanne = User.objects.get(email=SANNE)
    passport = passport_for(sanne)
    participant = apply_for_account(
        passport, birth_date=datetime.date(1988, 9, 17), target_groups=[TargetGroup.IN_TECHNOLOGY, TargetGroup.SIDE_ENTRANT],
        leaving_shrinking_sector=False, postcode="2132 AB", house_number="7", user=sanne,
    ) if not hasattr(passport, "fund_participant") else passport.fund_participant  # fmt: skip
    grant_to_participant(province, participant, 250_000, user=admin, key=f"demo-grant-{province.pk}-{participant.pk}", today=today)
    grant_to_participant(szw, participant, 150_000, user=admin, key=f"demo-grant-{szw.pk}-{participant.pk}", today=today)
    issue_voucher(
        sector, passport, kind="orientation", value_cents=50_000, expires_on=today + datetime.timedelta(days=90),
        user=User.objects.get(email=COACH), note="Oriëntatie op werk in zon en wind, na gesprek bij ServicePunt Techniek.",
        key=f"demo-voucher-{participant.pk}",
    )  # fmt: skip
    cheap, second = offerings[0], offerings[1]
    held = _enrol(passport, cheap, f"demo-enrol-{participant.pk}-1", stdout)
    second = _own_run(second)
    started = _enrol(passport, second, f"demo-enrol-{participant.pk}-2", stdout)
    if started is not None:
        _under_way(second, today)
        confirm_start(started, user=staff, key=f"demo-start-{started.pk}")
    del held

    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=[p[2] for p in PARTICIPANTS])}
    expensive = next((o for o in reversed(offerings) if o.price_cents > 250_000), None)
    expensive = _own_run(expensive) if expensive is not None else None
    for index, (email, name, code, birth, groups, shrinking, euros) in enumerate(PARTICIPANTS):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=name, password=password)
        user.grant_role("person")
        person_passport = passport_for(user)
        if person_passport.home_municipality_id is None and code in municipalities:
            person_passport.home_municipality = municipalities[code]
            person_passport.save(update_fields=["home_municipality"])
        person = apply_for_account(
            person_passport, birth_date=birth, target_groups=groups, leaving_shrinking_sector=shrinking,
            postcode=f"{1011 + index * 37} AB", house_number=str(10 + index), user=user,
        ) if not hasattr(person_passport, "fund_participant") else person_passport.fund_participant  # fmt: skip
        grant_to_participant(province, person, euros * 100, user=admin, key=f"demo-grant-{province.pk}-{person.pk}", today=today)
        if index == 0 and expensive is not None:
            grant_to_participant(province, person, 300_000, user=admin, key=f"demo-grant-extra-{province.pk}-{person.pk}", today=today)
            big = _enrol(person_passport, expensive, f"demo-enrol-{person.pk}-big", stdout)
            if big is not None:
                _under_way(expensive, today)
                confirm_start(big, user=staff, key=f"demo-start-{big.pk}")
                waiting = Payout.objects.filter(enrolment=big, status=Payout.Status.WAITING, first_approved_by__isnull=True).first()
                if waiting is not None:  # the first of four eyes; fonds2@ gives the second
                    approve_payout(waiting, user=admin)
        elif index in (1, 2):
            run = _own_run(offerings[index - 1])
            done = _enrol(person_passport, run, f"demo-enrol-{person.pk}-1", stdout)
            if done is not None:
                _under_way(run, today, ended=True)
                confirm_start(done, user=staff, key=f"demo-start-{done.pk}")
                if Enrolment.objects.get(pk=done.pk).status == Enrolment.Status.STARTED:
                    result = confirm_completion(done, attendance_percent=90 if index == 1 else 70, user=staff, key=f"demo-done-{done.pk}", base_url=base_url)
                    for error in getattr(result, "credential_errors", []):
                        stdout.write(f"Ontwikkelfonds: verklaring niet uitgegeven: {error}")
    stdout.write("Ontwikkelfonds: financiers, budgetten, deelnemers, een voucher en inschrijvingen staan klaar.")


OWN_RUN_PREFIX = "FONDS-"


def _own_run(offering):
    """A run of the same course for the fund's demo enrolments that have started or ended, so that dating it in
    the past leaves the catalogue's bookable offering (and the routes and shortages built on it) as it was."""
    run, _created = type(offering).objects.get_or_create(
        course=offering.course, code=f"{OWN_RUN_PREFIX}{offering.pk}",
        defaults={
            "start_date": offering.start_date, "end_date": offering.end_date, "price_cents": offering.price_cents,
            "modality": offering.modality, "municipality": offering.municipality, "location": offering.location,
        },
    )  # fmt: skip
    return run


def _under_way(offering, today, *, ended=False):
    """Date a demo offering so it has started (or ended): the fund pays no start before the start date and no
    completion before the end date."""
    length = max(offering.end_date - offering.start_date, datetime.timedelta(days=1))
    end = today - datetime.timedelta(days=1) if ended else max(today + datetime.timedelta(days=1), today - datetime.timedelta(days=14) + length)
    start = min(today - datetime.timedelta(days=14), end - length)
    type(offering).objects.filter(pk=offering.pk).update(start_date=start, end_date=end)
    offering.start_date, offering.end_date = start, end


def _enrol(passport, offering, key, stdout):
    try:
        return enrol(passport, offering, price_cents=offering.price_cents, key=key, user=passport.user)
    except FundError as error:
        stdout.write(f"Ontwikkelfonds: inschrijving {key} niet gelukt: {error}")
        return None

"""Allocation rounds: grant an amount to every participant a rule selects; when the budget cannot serve all,
the budget's priority rules decide, then a seeded lottery (fund/rules.py) — never who applied or clicked first."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.roles import Role

from .. import rules
from ..models import AccountKind, AllocationRound, Participant, PriorityRule
from . import audit, ledger_ops
from .ledger_ops import FundError
from .participants import budget_ineligibility, person_of

RULE_KEYS = ("municipalities", "regions", "target_groups", "age_min", "age_max")


def _require_fund_admin(user):
    if not (user and user.is_authenticated and user.has_role(Role.FUND_ADMIN)):
        raise FundError(_("Alleen een fondsbeheerder mag toekenningsrondes maken en uitvoeren."))


def _clean_rule(rule):
    rule = dict(rule or {})
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        raise FundError(_("Onbekende regel: %(keys)s.") % {"keys": ", ".join(unknown)})
    for name in ("municipalities", "regions", "target_groups"):
        value = rule.get(name) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise FundError(_("Een lijst van codes is nodig voor %(name)s.") % {"name": name})
        rule[name] = value
    for name in ("age_min", "age_max"):
        value = rule.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120):
            raise FundError(_("Een leeftijd is een geheel getal van 0 tot en met 120."))
        rule[name] = value
    if rule["age_min"] is not None and rule["age_max"] is not None and rule["age_min"] > rule["age_max"]:
        raise FundError(_("De minimumleeftijd is hoger dan de maximumleeftijd."))
    return rule


def _eligible(budget, rule, today):
    people = []
    for participant in Participant.objects.select_related("passport__home_municipality__region"):
        person = person_of(participant)
        if budget_ineligibility(budget, person, today) is None and rules.is_eligible(rule, person, today):
            people.append((person, participant))
    return people


def _pool_balance(budget):
    return ledger_ops.account_for(AccountKind.BUDGET_POOL, budget=budget).balance_cents


def preview_allocation(budget, *, amount_cents, rule, user, today=None):
    _require_fund_admin(user)
    today = today or timezone.localdate()
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
        raise FundError(_("Het bedrag per persoon moet een positief aantal centen zijn."))
    if not (budget.valid_from <= today <= budget.valid_until):
        raise FundError(_("Het budget %(budget)s is niet geldig op %(date)s.") % {"budget": budget.name, "date": today.isoformat()})
    rule = _clean_rule(rule)
    with transaction.atomic():
        allocation = AllocationRound.objects.create(budget=budget, amount_cents=amount_cents, rule=rule, created_by=user)
        people = [person for person, _participant in _eligible(budget, rule, today)]
        _ranked, served = rules.served(people, budget.priority_rules, allocation.pk, amount_cents=amount_cents, available_cents=_pool_balance(budget))
        allocation.eligible_count, allocation.served_count, allocation.total_cents = len(people), len(served), len(served) * amount_cents
        allocation.save(update_fields=["eligible_count", "served_count", "total_cents"])
        audit.record(user, "allocation_previewed", allocation, eligible=len(people), served=len(served), amount_cents=amount_cents)
    return allocation


def _ranked_rows(allocation, today):
    budget = allocation.budget
    pairs = _eligible(budget, allocation.rule, today)
    by_id = {person.id: participant for person, participant in pairs}
    ranked = rules.rank([person for person, _participant in pairs], budget.priority_rules, allocation.pk)
    labels = dict(PriorityRule.choices)
    rows = []
    for index, person in enumerate(ranked):
        reasons = [str(labels.get(rule, rule)) for rule in rules.priority_matches(person, budget.priority_rules)]
        rows.append(
            {
                "participant": by_id[person.id],
                "served": index < allocation.served_count,
                # Both spellings: the contract's key, and one a template can reach.
                "priority reasons": reasons,
                "priority_reasons": reasons,
                "lottery": rules.lottery_number(allocation.pk, person.id)[:8],
            }
        )
    return rows


def allocation_preview_rows(allocation, today=None):
    """Everyone the round selects, in the order served, with the priority rules each meets ("priority reasons")."""
    return _ranked_rows(allocation, today or timezone.localdate())


def carry_out_allocation(allocation, *, user, today=None):
    """Grant the amount to those the preview serves, each once (key per participant); a round is carried out once."""
    _require_fund_admin(user)
    today = today or timezone.localdate()
    current = AllocationRound.objects.get(pk=allocation.pk)
    if current.status == AllocationRound.Status.CARRIED_OUT:
        raise FundError(_("Deze toekenningsronde is al uitgevoerd."))
    granted, skipped = 0, []
    for row in _ranked_rows(current, today):
        if not row["served"]:
            break
        participant = row["participant"]
        try:
            grant_to_participant(current.budget, participant, current.amount_cents, user=user, key=f"allocation-{current.pk}-{participant.pk}", today=today)
            granted += 1
        except FundError as error:
            skipped.append({"participant": participant.pk, "reason": str(error)})
    with transaction.atomic():
        current = AllocationRound.objects.select_for_update().get(pk=allocation.pk)
        if current.status == AllocationRound.Status.CARRIED_OUT:
            return current
        current.status, current.carried_out_by, current.carried_out_at = AllocationRound.Status.CARRIED_OUT, user, timezone.now()
        current.served_count, current.total_cents = granted, granted * current.amount_cents
        current.save(update_fields=["status", "carried_out_by", "carried_out_at", "served_count", "total_cents"])
        audit.record(user, "allocation_carried_out", current, granted=granted, skipped=skipped)
    current.skipped = skipped
    return current


def grant_to_participant(budget, participant, amount_cents, *, user, key, today=None):
    """Credit for one participant from the budget's pool; eligibility and the yearly cap are checked by ledger_ops.grant."""
    transfer = ledger_ops.grant(
        budget, participant.passport, amount_cents, key=key, user=user,
        birth_date=participant.birth_date, target_groups=participant.target_groups, today=today,
    )  # fmt: skip
    audit.record(user, "granted", participant, budget=budget.pk, amount_cents=amount_cents, transfer=transfer.pk)
    return transfer

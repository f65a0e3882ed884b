"""Allocation rounds: grant an amount to every participant a rule selects; when the budget cannot serve all,
the budget's priority rules decide, then a seeded lottery (fund/rules.py) — never who applied or clicked first."""

import logging
import time
from datetime import timedelta

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.tasks import InProcessTasks

from .. import rules
from ..models import AccountKind, AllocationRound, Participant, PriorityRule, Transfer
from . import audit, ledger_ops
from .access import require_fund_admin
from .ledger_ops import FundError
from .participants import budget_ineligibility, person_of

logger = logging.getLogger(__name__)

RULE_KEYS = ("municipalities", "regions", "target_groups", "age_min", "age_max")


def _require_fund_admin(user):
    require_fund_admin(user, _("Alleen een fondsbeheerder mag toekenningsrondes maken en uitvoeren."))


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
        _ranked, served = rules.served(people, budget.priority_rules, _seed(allocation), amount_cents=amount_cents, available_cents=_pool_balance(budget))
        allocation.eligible_count, allocation.served_count, allocation.total_cents = len(people), len(served), len(served) * amount_cents
        allocation.save(update_fields=["eligible_count", "served_count", "total_cents"])
        audit.record(user, "allocation_previewed", allocation, eligible=len(people), served=len(served), amount_cents=amount_cents)
    return allocation


def _seed(allocation):
    return rules.lottery_seed(allocation.budget_id, allocation.rule, allocation.amount_cents)


def _ranked_rows(allocation, today):
    budget = allocation.budget
    pairs = _eligible(budget, allocation.rule, today)
    by_id = {person.id: participant for person, participant in pairs}
    ranked = rules.rank([person for person, _participant in pairs], budget.priority_rules, _seed(allocation))
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
                "lottery": rules.lottery_number(_seed(allocation), person.id)[:8],
            }
        )
    return rows


def allocation_preview_rows(allocation, today=None):
    """Everyone the round selects, in the order served, with the priority rules each meets ("priority reasons")."""
    return _ranked_rows(allocation, today or timezone.localdate())


# A run that has written no progress for this long died with its process (a restart); it may then be resumed.
STALE_AFTER = timedelta(minutes=15)
# Progress is written at most this often (seconds), and always at the end.
PROGRESS_EVERY = 1.0

_tasks = InProcessTasks("allocation-round", lambda allocation_id: execute_allocation(AllocationRound.objects.get(pk=allocation_id)))


def close_stale_rounds():
    """Mark rounds whose run stopped reporting as failed, so they can be resumed."""
    return AllocationRound.objects.filter(
        status=AllocationRound.Status.RUNNING, progress_at__lt=timezone.now() - STALE_AFTER
    ).update(
        status=AllocationRound.Status.FAILED,
        error=_("Afgebroken: de uitvoering gaf al %(minutes)s minuten geen voortgang meer; het proces is waarschijnlijk gestopt.")
        % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
    )


def start_allocation(allocation, *, user, today=None):
    """Mark the round as running (from a preview, or to resume a failed run) and fix whom it serves; grants nothing yet.

    Then ``execute_allocation`` (in this thread) or ``start_in_background`` does the granting.
    """
    _require_fund_admin(user)
    today = today or timezone.localdate()
    close_stale_rounds()
    with transaction.atomic():
        current = AllocationRound.objects.select_for_update().select_related("budget").get(pk=allocation.pk)
        if current.status == AllocationRound.Status.CARRIED_OUT:
            raise FundError(_("Deze toekenningsronde is al uitgevoerd."))
        if current.status == AllocationRound.Status.RUNNING:
            raise FundError(_("Deze toekenningsronde wordt al uitgevoerd. Wacht tot die klaar is."))
        resuming = current.status == AllocationRound.Status.FAILED
        if not resuming:
            # Fixed now, so a resumed run serves exactly these people even when others applied since.
            current.planned = [row["participant"].pk for row in _ranked_rows(current, today) if row["served"]]
            current.started_at = timezone.now()
        current.status, current.error, current.progress_at = AllocationRound.Status.RUNNING, "", timezone.now()
        current.carried_out_by = user
        current.save(update_fields=["planned", "started_at", "status", "error", "progress_at", "carried_out_by"])
        audit.record(user, "allocation_resumed" if resuming else "allocation_started", current, planned=len(current.planned))
    return current


def _retrying(operation, attempts=5):
    """Run *operation* again when the database was briefly locked (SQLite while a page reads); every step of a run
    is idempotent (a grant by its key, progress by overwriting), so a retry never books twice."""
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except OperationalError:
            if attempt == attempts:
                raise
            time.sleep(0.1 * attempt)


def _write_progress(allocation, granted, skipped):
    _retrying(
        lambda: AllocationRound.objects.filter(pk=allocation.pk).update(
            granted_count=granted, skipped_count=len(skipped), skipped=skipped, progress_at=timezone.now()
        )
    )


def execute_allocation(allocation, *, today=None):
    """Grant the amount to each planned participant, once each (key per participant), writing progress as it goes.

    A participant already granted by an earlier, broken-off run of this round counts as granted and is not
    granted again; one whom the ledger refuses is skipped with the reason. Failures end up on the round.
    """
    today = today or timezone.localdate()
    current = AllocationRound.objects.select_related("budget", "carried_out_by").get(pk=allocation.pk)
    if current.status != AllocationRound.Status.RUNNING:
        return current  # only a started round is carried out; start_allocation is where the refusals are
    user = current.carried_out_by
    participants = Participant.objects.select_related("passport").in_bulk(current.planned)
    granted, skipped, written_at = 0, [], time.monotonic()
    try:
        for participant_id in current.planned:
            key = f"allocation-{current.pk}-{participant_id}"
            participant = participants.get(participant_id)
            if _retrying(lambda: Transfer.objects.filter(idempotency_key=key).exists()):
                granted += 1
            elif participant is None:
                skipped.append({"participant": participant_id, "reason": _("Deze deelnemer bestaat niet meer.")})
            else:
                try:
                    _retrying(
                        lambda: grant_to_participant(current.budget, participant, current.amount_cents, user=user, key=key, today=today)
                    )
                    granted += 1
                except FundError as error:
                    skipped.append({"participant": participant_id, "reason": str(error)})
            if time.monotonic() - written_at >= PROGRESS_EVERY:
                _write_progress(current, granted, skipped)
                written_at = time.monotonic()
    except Exception as error:
        logger.exception("allocation round %s failed", current.pk)
        _write_progress(current, granted, skipped)
        AllocationRound.objects.filter(pk=current.pk).update(
            status=AllocationRound.Status.FAILED,
            error=_("Fout tijdens het uitvoeren: %(error)s. Wat al is toegekend blijft staan; hervat de ronde om de rest te doen.")
            % {"error": f"{type(error).__name__}: {error}"},
        )
        current.refresh_from_db()
        return current
    return _retrying(lambda: _finish(allocation, user, granted, skipped))


def _finish(allocation, user, granted, skipped):
    with transaction.atomic():
        current = AllocationRound.objects.select_for_update().get(pk=allocation.pk)
        current.status, current.carried_out_at, current.progress_at = AllocationRound.Status.CARRIED_OUT, timezone.now(), timezone.now()
        current.granted_count, current.skipped_count, current.skipped = granted, len(skipped), skipped
        current.served_count, current.total_cents = granted, granted * current.amount_cents
        current.save()
        audit.record(user, "allocation_carried_out", current, granted=granted, skipped=skipped)
    return current


def carry_out_allocation(allocation, *, user, today=None):
    """Start and carry out the round in this thread (the command line, tests); pages and the API use the background."""
    start_allocation(allocation, user=user, today=today)
    return execute_allocation(allocation, today=today)


def start_in_background(allocation):
    """Carry out a started round in a thread of this process (the embedded default, for the page and the API)."""
    return _tasks.start(allocation.pk)


def wait(allocation_id, timeout=None):
    """Wait for a round carried out in this process to finish (tests, and a server shutting down politely)."""
    _tasks.wait(allocation_id, timeout)


def grant_to_participant(budget, participant, amount_cents, *, user, key, today=None):
    """Credit for one participant from the budget's pool; eligibility and the yearly cap are checked by ledger_ops.grant."""
    transfer = ledger_ops.grant(
        budget, participant.passport, amount_cents, key=key, user=user,
        birth_date=participant.birth_date, target_groups=participant.target_groups, today=today,
    )  # fmt: skip
    audit.record(user, "granted", participant, budget=budget.pk, amount_cents=amount_cents, transfer=transfer.pk)
    return transfer

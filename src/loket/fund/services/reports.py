"""Spending reports from the ledger, aggregated in the database (a handful of GROUP BY queries, whatever the size).

See ``fund/reports.py`` for what each column means. Region is the person's *current* home municipality's
labour-market region; month is the calendar month (local time) of the transfer, and for ``reserved`` of the hold.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.catalog.models import Offering, Provider
from loket.geography.models import Region

from .. import reports
from ..models import Budget, Participant, TargetGroup, Transfer, TransferKind
from .ledger_ops import FundError

PERSON = Coalesce("debit_account__passport_id", "credit_account__passport_id")


def _group_exprs(group_by):
    """(expression for a transfer's group, expression for the group a settlement's hold belongs to)."""
    if group_by == "budget":
        return F("budget_id"), F("budget_id")
    if group_by == "offering":
        return F("offering_id"), F("offering_id")
    if group_by == "provider":
        return F("provider_id"), F("provider_id")
    if group_by == "region":
        region = Coalesce(
            "debit_account__passport__home_municipality__region_id", "credit_account__passport__home_municipality__region_id"
        )
        return region, region
    if group_by == "month":
        return TruncMonth("created_at"), TruncMonth("hold__created_at")
    if group_by in ("target_group", "person"):
        return PERSON, PERSON
    if group_by is None:
        return Value(0), Value(0)
    raise FundError(_("Onbekende indeling van het overzicht: %(group)s.") % {"group": group_by})


def _period(date_from, date_to):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date_from, time.min), tz) if date_from else None
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min), tz) if date_to else None
    if start and end and start >= end:
        raise FundError(_("De begindatum ligt na de einddatum."))
    return start, end


def _in_period(prefix, start, end):
    condition = Q()
    if start:
        condition &= Q(**{f"{prefix}created_at__gte": start})
    if end:
        condition &= Q(**{f"{prefix}created_at__lt": end})
    return condition


def _aggregate(group_by, date_from, date_to, budget):
    """Group key -> partial sums, from three queries on the transfers."""
    group, hold_group = _group_exprs(group_by)
    start, end = _period(date_from, date_to)
    transfers = Transfer.objects.all()
    if budget is not None:
        transfers = transfers.filter(budget_id=getattr(budget, "pk", budget))
    parts = {}

    def part(key):
        return parts.setdefault(key, {name: 0 for name in reports.MONEY + reports.COUNTS})

    kinds = [TransferKind.GRANT, TransferKind.HOLD, TransferKind.POST, TransferKind.REFUND]
    # A void without a hold is unused voucher value going back to the pool: it undoes (part of) a grant.
    flows = (
        transfers.filter(_in_period("", start, end))
        .filter(Q(kind__in=kinds) | Q(kind=TransferKind.VOID, hold__isnull=True))
        .annotate(group=group).values("group", "kind")
        .annotate(total=Sum("amount_cents"), enrolments=Count("enrolment_id", distinct=True)).order_by()
    )  # fmt: skip
    for row in flows:
        if not row["total"]:  # grouping by a constant (totals) gives one empty row on an empty period
            continue
        values = part(row["group"])
        if row["kind"] == TransferKind.GRANT:
            values["granted_cents"] += row["total"]
        elif row["kind"] == TransferKind.HOLD:
            values["reserved_cents"] += row["total"]
            values["enrolments"] += row["enrolments"]
        elif row["kind"] == TransferKind.POST:
            values["spent_cents"] += row["total"]
        elif row["kind"] == TransferKind.VOID:
            values["granted_cents"] -= row["total"]
        else:
            values["spent_cents"] -= row["total"]
            values["refunded_cents"] += row["total"]
    # What of the period's holds was paid or released by the period's end (whenever that settlement was booked).
    settled = transfers.filter(_in_period("hold__", start, end), kind__in=[TransferKind.POST, TransferKind.VOID], hold__isnull=False)
    if end:
        settled = settled.filter(created_at__lt=end)
    for row in settled.annotate(group=hold_group).values("group").annotate(total=Sum("amount_cents")).order_by():
        part(row["group"])["reserved_cents"] -= row["total"] or 0
    persons = (
        transfers.filter(_in_period("", start, end), kind__in=[TransferKind.GRANT, TransferKind.HOLD])
        .annotate(group=group).values("group").annotate(persons=Count(PERSON, distinct=True)).order_by()
    )  # fmt: skip
    for row in persons:
        part(row["group"])["persons"] += row["persons"] or 0
    return parts


def _month_key(value):
    if value is None:
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m")


def _labels(group_by, keys):
    keys = [key for key in keys if key is not None]
    if group_by == "budget":
        names = dict(Budget.objects.filter(pk__in=keys).values_list("id", "name"))
    elif group_by == "region":
        names = dict(Region.objects.filter(pk__in=keys).values_list("id", "name"))
    elif group_by == "provider":
        names = dict(Provider.objects.filter(pk__in=keys).values_list("id", "organisation__name"))
    elif group_by == "offering":
        names = {
            row["id"]: f"{row['course__title_nl']} ({row['course__provider__organisation__name']}, {row['start_date']:%d-%m-%Y})"
            for row in Offering.objects.filter(pk__in=keys).values("id", "course__title_nl", "course__provider__organisation__name", "start_date")
        }
    elif group_by == "target_group":
        names = {**dict(TargetGroup.choices), reports.NO_TARGET_GROUP: _("Geen doelgroep")}
    else:
        names = {}
    unknown = {
        "offering": _("Geen aanbod (toekenningen)"), "provider": _("Geen opleider (toekenningen)"),
        "region": _("Woonplaats onbekend"), "budget": _("Onbekend budget"),
    }.get(group_by, _("Onbekend"))  # fmt: skip

    def label_of(key):
        if key is None:
            return unknown
        return str(names.get(key, key))

    return label_of


def spending(group_by, *, date_from=None, date_to=None, budget=None):
    """Spending rows grouped by budget, region, target group, offering, provider or month (see fund/reports.py).

    Every transfer falls in exactly one row (those without the group's attribute in the ``key=None`` row), so the
    rows add up to ``totals()``; except by target group, where a person in several groups counts in each."""
    if group_by not in reports.GROUPS:
        raise FundError(_("Onbekende indeling van het overzicht: %(group)s.") % {"group": group_by})
    if group_by == "target_group":
        per_person = _aggregate("person", date_from, date_to, budget)
        groups_of = dict(Participant.objects.filter(passport_id__in=[key for key in per_person if key]).values_list("passport_id", "target_groups"))
        parts = reports.fold_target_groups(per_person, groups_of)
    else:
        parts = _aggregate(group_by, date_from, date_to, budget)
        if group_by == "month":
            by_month = {}
            for key, values in parts.items():
                reports.add_into(by_month.setdefault(_month_key(key), {name: 0 for name in reports.MONEY + reports.COUNTS}), values)
            parts = by_month
    rows = reports.combine(parts, _labels(group_by, parts))
    if group_by == "month":
        rows.sort(key=lambda row: (row["key"] is None, row["key"] or ""))
    return rows


def totals(*, date_from=None, date_to=None, budget=None):
    """One row over everything (persons counted once each)."""
    parts = _aggregate(None, date_from, date_to, budget)
    row = reports.empty_row(None, _("Totaal"))
    for values in parts.values():
        reports.add_into(row, values)
    return reports.finish(row)

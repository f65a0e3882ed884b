"""Spending reports on plain data (no ORM): rows, totals, small-number suppression and the export columns.

A report row is ``{"key", "label", "granted_cents", "reserved_cents", "spent_cents", "refunded_cents",
"enrolments", "persons", "persons_shown"}``:

- granted: grants to persons in the period (credit and vouchers), minus unused voucher value that went back to the
  budget in the period (so a month can show a negative figure when vouchers expired);
- reserved: holds made in the period minus what of them was paid or released by the period's end
  (so it is never negative, and over all time it equals the ledger's reserved money);
- spent: payments to providers in the period minus refunds in the period (what the providers keep:
  over all time it equals the ledger's provider payables);
- refunded: refunds in the period (already taken off ``spent``);
- enrolments: enrolments held in the period; persons: distinct persons granted or enrolled in the period;
- persons_shown: ``persons`` behind ``suppress`` for pages and exports.
"""

from django.utils.translation import gettext as _

GROUPS = ("budget", "region", "target_group", "offering", "provider", "month")
MONEY = ("granted_cents", "reserved_cents", "spent_cents", "refunded_cents")
COUNTS = ("enrolments", "persons")
# Fewer persons than this in a row could point at someone: CBS's usual threshold for published counts.
SMALL_NUMBER = 10
NO_TARGET_GROUP = "geen"


def suppress(count):
    """A count of persons as it may be shown: 1–9 becomes "< 10"; 0 and 10 or more stay numbers.

    Zero points at nobody, so it stays (a page can say "nobody"); the numbers stay ints for Excel."""
    if count and 0 < count < SMALL_NUMBER:
        return f"< {SMALL_NUMBER}"
    return count


def empty_row(key, label):
    return {"key": key, "label": label, **{name: 0 for name in MONEY + COUNTS}}


def finish(row):
    row["persons_shown"] = suppress(row["persons"])
    return row


def add_into(row, other):
    for name in MONEY + COUNTS:
        row[name] += other.get(name, 0)
    return row


def combine(parts, label_of):
    """Rows from ``parts`` (group key -> partial sums), labelled, sorted by label with the unknown (None) row last."""
    rows = [finish(add_into(empty_row(key, label_of(key)), values)) for key, values in parts.items()]
    return sorted(rows, key=lambda row: (row["key"] is None, str(row["label"]).lower(), str(row["key"])))


def fold_target_groups(per_person, groups_of):
    """Per-person sums -> per target group. A person in several target groups counts in each of them (so the rows
    add up to more than the total); a person in none counts under NO_TARGET_GROUP."""
    parts = {}
    for person_id, values in per_person.items():
        for group in groups_of.get(person_id) or [NO_TARGET_GROUP]:
            part = parts.setdefault(group, {name: 0 for name in MONEY + COUNTS})
            add_into(part, values)
    return parts


def spending_columns(group_by=None):
    """(key, header) for the export: amounts as ``*_cents`` keys, which exports.py writes as euros and cents."""
    first = {
        "budget": _("Budget"), "region": _("Arbeidsmarktregio"), "target_group": _("Doelgroep"), "offering": _("Aanbod"),
        "provider": _("Opleider"), "month": _("Maand"),
    }.get(group_by, _("Groep"))  # fmt: skip
    return [
        ("label", first), ("granted_cents", _("Toegekend")), ("reserved_cents", _("Gereserveerd")),
        ("spent_cents", _("Besteed")), ("refunded_cents", _("Teruggestort")), ("enrolments", _("Inschrijvingen")),
        ("persons_shown", _("Personen")),
    ]  # fmt: skip

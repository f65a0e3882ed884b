"""The ledger's rules on plain data (no ORM): balances and invariants.

Inputs are plain dicts, as ``loket ledger-check`` loads them in bulk:

- account: ``{"id", "kind", "budget_id", "balance_cents"}`` (``balance_cents`` is
  the cached balance, optional; when present it must equal the derived one)
- transfer: ``{"id", "kind", "amount_cents", "debit_account_id", "credit_account_id",
  "budget_id", "hold_id", "enrolment_id", "offering_id", "provider_id"}`` and, optional,
  ``"settled_cents"`` (for a hold: the recorded sum of its settlements)
- entry: ``{"transfer_id", "account_id", "amount_cents"}``

Each violation is a ``(code, params)`` pair; the command words them.
"""

from collections import defaultdict

# Accounts that hold real money of the fund: none may go below zero.
NON_NEGATIVE_KINDS = frozenset({"budget_pool", "person_credit", "person_hold", "voucher", "provider_payable"})
AVAILABLE_KINDS = frozenset({"budget_pool", "person_credit", "voucher"})
RESERVED_KINDS = frozenset({"person_hold"})
SPENT_KINDS = frozenset({"provider_payable"})
INFLOW_KINDS = frozenset({"deposit", "repayment"})  # the only transfers that bring money into a budget


def balances(entries):
    """Account id → sum of its entries (cents)."""
    totals = defaultdict(int)
    for entry in entries:
        totals[entry["account_id"]] += entry["amount_cents"]
    return dict(totals)


def check_invariants(accounts, transfers, entries):
    violations = []
    accounts_by_id = {account["id"]: account for account in accounts}
    transfers_by_id = {transfer["id"]: transfer for transfer in transfers}
    entries_by_transfer = defaultdict(list)
    for entry in entries:
        if entry["transfer_id"] not in transfers_by_id:
            violations.append(("orphan_entry", {"transfer": entry["transfer_id"], "account": entry["account_id"]}))
        entries_by_transfer[entry["transfer_id"]].append(entry)

    settled_by_hold = defaultdict(int)
    for transfer in transfers:
        lines = entries_by_transfer.get(transfer["id"], [])
        total = sum(line["amount_cents"] for line in lines)
        expected = sorted([(transfer["debit_account_id"], -transfer["amount_cents"]), (transfer["credit_account_id"], transfer["amount_cents"])])
        if total != 0:
            violations.append(("unbalanced_transfer", {"transfer": transfer["id"], "sum": total}))
        elif sorted((line["account_id"], line["amount_cents"]) for line in lines) != expected:
            violations.append(("entries_differ_from_transfer", {"transfer": transfer["id"]}))
        if transfer["amount_cents"] <= 0:
            violations.append(("non_positive_amount", {"transfer": transfer["id"]}))
        if transfer["kind"] == "post":
            missing = [name for name in ("enrolment_id", "offering_id", "provider_id", "budget_id", "hold_id") if not transfer.get(name)]
            if missing:
                violations.append(("untraceable_payout", {"transfer": transfer["id"], "missing": ", ".join(missing)}))
        if transfer["kind"] in ("post", "void") and transfer.get("hold_id"):
            settled_by_hold[transfer["hold_id"]] += transfer["amount_cents"]

    for hold_id, settled in settled_by_hold.items():
        hold = transfers_by_id.get(hold_id)
        if hold is None or settled > hold["amount_cents"]:
            violations.append(("hold_overdrawn", {"transfer": hold_id, "settled": settled, "held": hold["amount_cents"] if hold else 0}))
    # A hold's running total of settlements (kept under its row lock) must equal its settlements.
    for transfer in transfers:
        if transfer["kind"] == "hold" and "settled_cents" in transfer and transfer["settled_cents"] != settled_by_hold.get(transfer["id"], 0):
            violations.append(
                ("hold_settled_differs", {"transfer": transfer["id"], "recorded": transfer["settled_cents"], "settled": settled_by_hold.get(transfer["id"], 0)})
            )

    derived = balances(entries)
    for account in accounts:
        balance = derived.get(account["id"], 0)
        if account["kind"] in NON_NEGATIVE_KINDS and balance < 0:
            violations.append(("negative_balance", {"account": account["id"], "kind": account["kind"], "balance": balance}))
        cached = account.get("balance_cents")
        if cached is not None and cached != balance:
            violations.append(("cached_balance_differs", {"account": account["id"], "cached": cached, "derived": balance}))

    # Per budget: available + reserved + spent == deposited + repaid.
    inflow = defaultdict(int)
    for transfer in transfers:
        if transfer["kind"] in INFLOW_KINDS:
            inflow[transfer["budget_id"]] += transfer["amount_cents"]
    held = defaultdict(int)
    for account in accounts:
        kind = account["kind"]
        if kind in AVAILABLE_KINDS or kind in RESERVED_KINDS or kind in SPENT_KINDS:
            held[account["budget_id"]] += derived.get(account["id"], 0)
    for budget_id in sorted(set(inflow) | set(held), key=lambda value: (value is None, value or 0)):
        if inflow.get(budget_id, 0) != held.get(budget_id, 0):
            violations.append(("budget_does_not_add_up", {"budget": budget_id, "granted": inflow.get(budget_id, 0), "accounted": held.get(budget_id, 0)}))
    return violations


def budget_totals(accounts, entries):
    """Budget id → {"available", "reserved", "spent"} in cents, from the entries."""
    derived = balances(entries)
    totals = defaultdict(lambda: {"available": 0, "reserved": 0, "spent": 0})
    for account in accounts:
        kind = account["kind"]
        part = "available" if kind in AVAILABLE_KINDS else "reserved" if kind in RESERVED_KINDS else "spent" if kind in SPENT_KINDS else None
        if part:
            totals[account["budget_id"]][part] += derived.get(account["id"], 0)
    return dict(totals)

"""The ledger's invariants on hand-made plain data: a clean ledger passes, each kind of corruption is found."""

import copy

from loket.fund import ledger


def clean_ledger():
    accounts = [
        {"id": 1, "kind": "funder_source", "budget_id": None, "balance_cents": -1000},
        {"id": 2, "kind": "budget_pool", "budget_id": 7, "balance_cents": 600},
        {"id": 3, "kind": "person_credit", "budget_id": 7, "balance_cents": 100},
        {"id": 4, "kind": "person_hold", "budget_id": 7, "balance_cents": 100},
        {"id": 5, "kind": "provider_payable", "budget_id": 7, "balance_cents": 200},
    ]
    none = {"hold_id": None, "enrolment_id": None, "offering_id": None, "provider_id": None}
    links = {"enrolment_id": 11, "offering_id": 12, "provider_id": 13}
    transfers = [
        {"id": 1, "kind": "deposit", "amount_cents": 1000, "debit_account_id": 1, "credit_account_id": 2, "budget_id": 7, **none},
        {"id": 2, "kind": "grant", "amount_cents": 400, "debit_account_id": 2, "credit_account_id": 3, "budget_id": 7, **none},
        {"id": 3, "kind": "hold", "amount_cents": 300, "debit_account_id": 3, "credit_account_id": 4, "budget_id": 7, **none, **links},
        {"id": 4, "kind": "post", "amount_cents": 200, "debit_account_id": 4, "credit_account_id": 5, "budget_id": 7, **none, **links, "hold_id": 3},
    ]
    entries = []
    for transfer in transfers:
        entries.append({"transfer_id": transfer["id"], "account_id": transfer["debit_account_id"], "amount_cents": -transfer["amount_cents"]})
        entries.append({"transfer_id": transfer["id"], "account_id": transfer["credit_account_id"], "amount_cents": transfer["amount_cents"]})
    return accounts, transfers, entries


def codes(violations):
    return [code for code, _params in violations]


def test_a_clean_ledger_has_no_violations_and_derives_its_balances():
    accounts, transfers, entries = clean_ledger()
    assert ledger.check_invariants(accounts, transfers, entries) == []
    assert ledger.balances(entries) == {1: -1000, 2: 600, 3: 100, 4: 100, 5: 200}
    assert ledger.budget_totals(accounts, entries) == {7: {"available": 700, "reserved": 100, "spent": 200}}


def test_an_unbalanced_transfer_is_found():
    accounts, transfers, entries = clean_ledger()
    entries.append({"transfer_id": 2, "account_id": 3, "amount_cents": 50})
    assert "unbalanced_transfer" in codes(ledger.check_invariants(accounts, transfers, entries))


def test_entries_that_balance_but_hit_other_accounts_are_found():
    accounts, transfers, entries = clean_ledger()
    entries[3] = {**entries[3], "account_id": 4}  # grant lands on the hold instead of the credit
    assert "entries_differ_from_transfer" in codes(ledger.check_invariants(accounts, transfers, entries))


def test_a_person_account_below_zero_is_found():
    accounts, transfers, entries = clean_ledger()
    for line in entries:
        if line["transfer_id"] == 3:
            line["amount_cents"] = 500 if line["amount_cents"] > 0 else -500
    transfers[2]["amount_cents"] = 500
    found = ledger.check_invariants(accounts, transfers, entries)
    assert ("negative_balance", {"account": 3, "kind": "person_credit", "balance": -100}) in found


def test_a_payout_without_enrolment_is_found():
    accounts, transfers, entries = clean_ledger()
    transfers[3]["enrolment_id"] = None
    found = ledger.check_invariants(accounts, transfers, entries)
    assert ("untraceable_payout", {"transfer": 4, "missing": "enrolment_id"}) in found


def test_a_budget_that_does_not_add_up_is_found():
    accounts, transfers, entries = clean_ledger()
    # Money appears in a person's credit from outside the budget, balanced against the funder's source.
    transfers.append({**copy.deepcopy(transfers[0]), "id": 5, "kind": "grant", "debit_account_id": 1, "credit_account_id": 3, "amount_cents": 50})
    entries += [{"transfer_id": 5, "account_id": 1, "amount_cents": -50}, {"transfer_id": 5, "account_id": 3, "amount_cents": 50}]
    found = ledger.check_invariants(accounts, transfers, entries)
    assert ("budget_does_not_add_up", {"budget": 7, "granted": 1000, "accounted": 1050}) in found


def test_a_cached_balance_that_differs_from_the_entries_is_found():
    accounts, transfers, entries = clean_ledger()
    accounts[2]["balance_cents"] = 90
    assert ("cached_balance_differs", {"account": 3, "cached": 90, "derived": 100}) in ledger.check_invariants(accounts, transfers, entries)


def test_a_hold_settled_for_more_than_it_held_is_found():
    accounts, transfers, entries = clean_ledger()
    transfers.append({**transfers[3], "id": 6, "kind": "void", "credit_account_id": 3, "amount_cents": 150})
    entries += [{"transfer_id": 6, "account_id": 4, "amount_cents": -150}, {"transfer_id": 6, "account_id": 3, "amount_cents": 150}]
    assert "hold_overdrawn" in codes(ledger.check_invariants(accounts, transfers, entries))


def test_a_hold_whose_recorded_settlement_differs_from_its_settlements_is_found():
    accounts, transfers, entries = clean_ledger()
    hold = next(transfer for transfer in transfers if transfer["kind"] == "hold")
    settled = sum(transfer["amount_cents"] for transfer in transfers if transfer.get("hold_id") == hold["id"])
    hold["settled_cents"] = settled
    assert "hold_settled_differs" not in codes(ledger.check_invariants(accounts, transfers, entries))
    hold["settled_cents"] = settled + 1
    assert ("hold_settled_differs", {"transfer": hold["id"], "recorded": settled + 1, "settled": settled}) in ledger.check_invariants(
        accounts, transfers, entries
    )


def test_an_entry_of_an_unknown_transfer_is_found():
    accounts, transfers, entries = clean_ledger()
    entries.append({"transfer_id": 99, "account_id": 3, "amount_cents": 0})
    assert "orphan_entry" in codes(ledger.check_invariants(accounts, transfers, entries))

"""On PostgreSQL, an enrolment's hold and a payout are one round trip each, like every other booking.

``fund_account_id`` finds or creates an account by kind and owner (on the unique owner index of 0005);
``fund_hold`` finds the person's two accounts, locks them, returns the first transfer of a used key or
inserts the enrolment and books the hold through ``fund_book``; ``fund_post`` finds the provider's
payable account of the hold's budget and books the payment through ``fund_book``. A refusal raised by
``fund_book`` undoes the whole statement, the enrolment included. ledger_ops mirrors both on SQLite.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION fund_account_id(p_kind text, p_funder bigint, p_budget bigint, p_passport bigint, p_provider bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT account.id INTO v_id FROM fund_account AS account
        WHERE account.kind = p_kind AND account.funder_id IS NOT DISTINCT FROM p_funder AND account.budget_id IS NOT DISTINCT FROM p_budget
          AND account.passport_id IS NOT DISTINCT FROM p_passport AND account.provider_id IS NOT DISTINCT FROM p_provider;
    IF v_id IS NULL THEN
        INSERT INTO fund_account (kind, funder_id, budget_id, passport_id, provider_id, balance_cents)
            VALUES (p_kind, p_funder, p_budget, p_passport, p_provider, 0) ON CONFLICT DO NOTHING RETURNING fund_account.id INTO v_id;
    END IF;
    IF v_id IS NULL THEN  -- another transaction created it first
        SELECT account.id INTO v_id FROM fund_account AS account
            WHERE account.kind = p_kind AND account.funder_id IS NOT DISTINCT FROM p_funder AND account.budget_id IS NOT DISTINCT FROM p_budget
              AND account.passport_id IS NOT DISTINCT FROM p_passport AND account.provider_id IS NOT DISTINCT FROM p_provider;
    END IF;
    RETURN v_id;
END
$$;

CREATE OR REPLACE FUNCTION fund_hold(
    p_key text, p_source_kind text, p_budget bigint, p_passport bigint, p_offering bigint, p_provider bigint, p_voucher bigint,
    p_price bigint, p_co_payment bigint, p_user bigint
) RETURNS TABLE (created boolean, id bigint, amount_cents bigint, state text, created_at timestamptz, enrolment_id bigint,
                 debit_id bigint, credit_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_source bigint := fund_account_id(p_source_kind, NULL, p_budget, p_passport, NULL);
    v_held bigint := fund_account_id('person_hold', NULL, p_budget, p_passport, NULL);
    v_existing record;
    v_enrolment bigint;
BEGIN
    PERFORM 1 FROM fund_account AS account WHERE account.id IN (v_source, v_held) ORDER BY account.id FOR UPDATE;
    SELECT transfer.id, transfer.kind, transfer.amount_cents, transfer.state, transfer.created_at, transfer.enrolment_id INTO v_existing
        FROM fund_transfer AS transfer WHERE transfer.idempotency_key = p_key;
    IF FOUND THEN
        IF v_existing.kind <> 'hold' THEN
            RAISE EXCEPTION '0' USING ERRCODE = 'LK003';
        END IF;
        RETURN QUERY SELECT false, v_existing.id, v_existing.amount_cents, v_existing.state::text, v_existing.created_at,
                            v_existing.enrolment_id, v_source, v_held;
        RETURN;
    END IF;
    INSERT INTO fund_enrolment (passport_id, offering_id, budget_id, voucher_id, price_cents, co_payment_cents, status, payment_reason,
                                attendance_percent, started_at, completed_at, ended_at, created_at)
        VALUES (p_passport, p_offering, p_budget, p_voucher, p_price, p_co_payment, 'held', '', NULL, NULL, NULL, NULL, clock_timestamp())
        RETURNING fund_enrolment.id INTO v_enrolment;
    RETURN QUERY SELECT booked.created, booked.id, booked.amount_cents, booked.state, booked.created_at, v_enrolment, v_source, v_held
        FROM fund_book(p_key, 'hold', 'pending', p_price - p_co_payment, v_source, v_held, p_budget, p_user, true, NULL, v_enrolment,
                       p_offering, p_provider, p_voucher) AS booked;
END
$$;

CREATE OR REPLACE FUNCTION fund_post(p_key text, p_amount bigint, p_hold bigint, p_user bigint)
RETURNS TABLE (created boolean, id bigint, amount_cents bigint, state text, created_at timestamptz, credit_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_hold record;
    v_payable bigint;
BEGIN
    SELECT transfer.kind, transfer.credit_account_id, transfer.budget_id, transfer.provider_id, transfer.enrolment_id,
           transfer.offering_id, transfer.voucher_id INTO v_hold
        FROM fund_transfer AS transfer WHERE transfer.id = p_hold;
    IF NOT FOUND OR v_hold.kind <> 'hold' THEN
        RAISE EXCEPTION '0' USING ERRCODE = 'LK004';
    END IF;
    v_payable := fund_account_id('provider_payable', NULL, v_hold.budget_id, NULL, v_hold.provider_id);
    RETURN QUERY SELECT booked.created, booked.id, booked.amount_cents, booked.state, booked.created_at, v_payable
        FROM fund_book(p_key, 'post', 'posted', p_amount, v_hold.credit_account_id, v_payable, v_hold.budget_id, p_user, true, p_hold,
                       v_hold.enrolment_id, v_hold.offering_id, v_hold.provider_id, v_hold.voucher_id) AS booked;
END
$$;
"""


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS fund_post; DROP FUNCTION IF EXISTS fund_hold; DROP FUNCTION IF EXISTS fund_account_id", params=None)


class Migration(migrations.Migration):
    dependencies = [("fund", "0005_one_account_per_owner_on_sqlite")]

    operations = [migrations.RunPython(create_functions, drop_functions)]

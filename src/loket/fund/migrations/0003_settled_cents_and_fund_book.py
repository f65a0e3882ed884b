"""A hold keeps how much of it is settled; on PostgreSQL the booking primitive becomes one SQL function.

``fund_book`` does in one round trip what ``ledger_ops._book_python`` does through the ORM: lock both
accounts in id order, return the first transfer of a used key, check the hold's remainder and the debit
account's cover, then write the transfer, its two entries, both cached balances and the audit row.
Refusals are raised with SQLSTATEs ``LK001``–``LK005`` and the deciding figure as the message;
ledger_ops turns them into Dutch messages.
"""

from django.db import migrations, models

BACKFILL_SETTLED = """
UPDATE fund_transfer SET settled_cents = (
    SELECT COALESCE(SUM(settlement.amount_cents), 0) FROM fund_transfer AS settlement WHERE settlement.hold_id = fund_transfer.id
) WHERE kind = 'hold'
"""

FUND_BOOK = """
CREATE OR REPLACE FUNCTION fund_book(
    p_key text, p_kind text, p_state text, p_amount bigint, p_debit bigint, p_credit bigint, p_budget bigint,
    p_user bigint, p_guarded boolean, p_hold bigint, p_enrolment bigint, p_offering bigint, p_provider bigint,
    p_voucher bigint
) RETURNS TABLE (created boolean, id bigint, amount_cents bigint, state text, created_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_existing record;
    v_hold record;
    v_amount bigint := p_amount;
    v_balance bigint;
    v_fully boolean := false;
    v_any_posted boolean := p_kind = 'post';
    v_id bigint;
    v_now timestamptz := clock_timestamp();
BEGIN
    PERFORM 1 FROM fund_account AS account WHERE account.id IN (p_debit, p_credit) ORDER BY account.id FOR UPDATE;
    SELECT transfer.id, transfer.kind, transfer.amount_cents, transfer.state, transfer.created_at INTO v_existing
        FROM fund_transfer AS transfer WHERE transfer.idempotency_key = p_key;
    IF FOUND THEN
        IF v_existing.kind <> p_kind THEN
            RAISE EXCEPTION '0' USING ERRCODE = 'LK003';
        END IF;
        RETURN QUERY SELECT false, v_existing.id, v_existing.amount_cents, v_existing.state::text, v_existing.created_at;
        RETURN;
    END IF;
    IF p_hold IS NOT NULL THEN
        SELECT transfer.kind, transfer.state, transfer.amount_cents, transfer.settled_cents INTO v_hold
            FROM fund_transfer AS transfer WHERE transfer.id = p_hold FOR UPDATE;
        IF v_hold.kind <> 'hold' THEN
            RAISE EXCEPTION '0' USING ERRCODE = 'LK004';
        END IF;
        IF v_hold.state <> 'pending' OR v_hold.amount_cents - v_hold.settled_cents <= 0 THEN
            RAISE EXCEPTION '0' USING ERRCODE = 'LK005';
        END IF;
        v_amount := COALESCE(p_amount, v_hold.amount_cents - v_hold.settled_cents);
        IF v_amount > v_hold.amount_cents - v_hold.settled_cents THEN
            RAISE EXCEPTION '%', v_hold.amount_cents - v_hold.settled_cents USING ERRCODE = 'LK002';
        END IF;
    END IF;
    IF p_guarded THEN
        SELECT account.balance_cents INTO v_balance FROM fund_account AS account WHERE account.id = p_debit;
        IF v_balance < v_amount THEN
            RAISE EXCEPTION '%', v_balance USING ERRCODE = 'LK001';
        END IF;
    END IF;
    IF p_hold IS NOT NULL THEN
        v_fully := v_amount = v_hold.amount_cents - v_hold.settled_cents;
        IF NOT v_any_posted THEN
            v_any_posted := EXISTS (SELECT 1 FROM fund_transfer AS settlement WHERE settlement.hold_id = p_hold AND settlement.kind = 'post');
        END IF;
        UPDATE fund_transfer AS transfer SET settled_cents = transfer.settled_cents + v_amount,
            state = CASE WHEN NOT v_fully THEN transfer.state WHEN v_any_posted THEN 'posted' ELSE 'voided' END
            WHERE transfer.id = p_hold;
        IF p_enrolment IS NOT NULL AND (p_kind = 'post' OR (v_fully AND NOT v_any_posted)) THEN
            UPDATE fund_enrolment AS enrolment SET status = CASE WHEN p_kind = 'post' THEN 'started' ELSE 'cancelled' END
                WHERE enrolment.id = p_enrolment AND enrolment.status = 'held';
        END IF;
    END IF;
    INSERT INTO fund_transfer (idempotency_key, kind, state, amount_cents, settled_cents, debit_account_id, credit_account_id,
                               budget_id, hold_id, enrolment_id, offering_id, provider_id, voucher_id, created_by_id, created_at)
        VALUES (p_key, p_kind, p_state, v_amount, 0, p_debit, p_credit, p_budget, p_hold, p_enrolment, p_offering, p_provider,
                p_voucher, p_user, v_now)
        RETURNING fund_transfer.id INTO v_id;
    INSERT INTO fund_entry (transfer_id, account_id, amount_cents) VALUES (v_id, p_debit, -v_amount), (v_id, p_credit, v_amount);
    UPDATE fund_account AS account SET balance_cents = account.balance_cents + CASE WHEN account.id = p_debit THEN -v_amount ELSE v_amount END
        WHERE account.id IN (p_debit, p_credit);
    INSERT INTO fund_auditlog (user_id, action, object_type, object_id, data, created_at)
        VALUES (p_user, p_kind, 'transfer', v_id,
                jsonb_build_object('key', p_key, 'amount_cents', v_amount, 'debit', p_debit, 'credit', p_credit, 'budget', p_budget), v_now);
    RETURN QUERY SELECT true, v_id, v_amount, p_state, v_now;
END
$$;
"""


def create_fund_book(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUND_BOOK, params=None)


def drop_fund_book(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS fund_book")


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0002_rules_participants_vouchers_payouts"),
    ]

    operations = [
        migrations.AddField(
            model_name="transfer",
            name="settled_cents",
            field=models.PositiveBigIntegerField(default=0, verbose_name="afgehandeld (centen)"),
        ),
        migrations.RunSQL(BACKFILL_SETTLED, migrations.RunSQL.noop),
        migrations.RunPython(create_fund_book, drop_fund_book),
    ]

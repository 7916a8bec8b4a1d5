import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit policy (one row), manual holds and the limit's currency on the
 * account's credit terms, and the history of every limit, hold and policy change.
 */
export class CreditPolicyHoldsHistory1767312000000 implements MigrationInterface {
  name = 'CreditPolicyHoldsHistory1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_control.credit_policy (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        check_mode text NOT NULL DEFAULT 'NONE'
          CHECK (check_mode IN ('NONE', 'CREDIT_LIMIT', 'PAST_DUE')),
        on_hold_action text NOT NULL DEFAULT 'ALLOW_NOTHING'
          CHECK (on_hold_action IN ('ALLOW_NOTHING', 'ALLOW_PENDING_SALES_ORDERS', 'ALLOW_CASH_SALES', 'ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES')),
        version int NOT NULL DEFAULT 1,
        updated_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO credit_control.credit_policy (id) VALUES (true)`);

    await q.query(`
      ALTER TABLE credit_control.account_credit
        ADD COLUMN currency char(3),
        ADD COLUMN hold_since timestamptz,
        ADD COLUMN hold_by text,
        ADD COLUMN hold_note text,
        ADD CONSTRAINT account_credit_limit_has_currency CHECK (credit_limit IS NULL OR currency IS NOT NULL),
        ADD CONSTRAINT account_credit_hold_fields CHECK (hold_since IS NOT NULL OR (hold_by IS NULL AND hold_note IS NULL))`);
    await q.query(`CREATE INDEX account_credit_held_idx ON credit_control.account_credit (account_id) WHERE hold_since IS NOT NULL`);
    await q.query(`CREATE INDEX account_credit_limited_idx ON credit_control.account_credit (account_id) WHERE credit_limit IS NOT NULL`);

    await q.query(`
      CREATE TABLE credit_control.credit_change (
        id uuid PRIMARY KEY,
        account_id uuid,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`COMMENT ON COLUMN credit_control.credit_change.account_id IS 'null: a change of the credit policy'`);
    await q.query(`CREATE INDEX credit_change_account_idx ON credit_control.credit_change (account_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit_control.credit_change`);
    await q.query(`DROP INDEX credit_control.account_credit_limited_idx`);
    await q.query(`DROP INDEX credit_control.account_credit_held_idx`);
    await q.query(`
      ALTER TABLE credit_control.account_credit
        DROP CONSTRAINT account_credit_hold_fields,
        DROP CONSTRAINT account_credit_limit_has_currency,
        DROP COLUMN hold_note,
        DROP COLUMN hold_by,
        DROP COLUMN hold_since,
        DROP COLUMN currency`);
    await q.query(`DROP TABLE credit_control.credit_policy`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents, their lines, allocations, the append-only receivables ledger,
 * per-type counters for gapless refs and idempotency keys. The balance row per
 * account (account_balance) is updated in the same transaction as each entry.
 */
export class CreateDocuments1767312000000 implements MigrationInterface {
  name = 'CreateDocuments1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transactions.counter (
        type text PRIMARY KEY,
        last_value bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      INSERT INTO transactions.counter (type)
      VALUES ('QUOTE'), ('SALES_ORDER'), ('CASH_SALE'), ('INVOICE'), ('CREDIT_NOTE'), ('PAYMENT'), ('REFUND')`);

    await q.query(`
      CREATE TABLE transactions.document (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        ref text NOT NULL UNIQUE,
        type text NOT NULL CHECK (type IN ('QUOTE', 'SALES_ORDER', 'CASH_SALE', 'INVOICE', 'CREDIT_NOTE', 'PAYMENT', 'REFUND')),
        status text NOT NULL CHECK (status IN ('DRAFT', 'SENT', 'ACCEPTED', 'REJECTED', 'PENDING', 'OPEN', 'PARTIALLY_PAID', 'PAID', 'FULFILLED', 'CANCELLED', 'VOID')),
        account_id uuid NOT NULL,
        currency char(3) NOT NULL,
        date date NOT NULL,
        due_date date,
        source_id uuid REFERENCES transactions.document (id),
        total numeric(20,4) NOT NULL CHECK (total >= 0),
        open_amount numeric(20,4) NOT NULL CHECK (open_amount >= 0 AND open_amount <= total),
        voided_on date,
        created_by text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_account_date_idx ON transactions.document (account_id, date DESC, seq DESC)`);
    await q.query(`CREATE INDEX document_date_idx ON transactions.document (date DESC, seq DESC)`);
    await q.query(`CREATE INDEX document_source_idx ON transactions.document (source_id) WHERE source_id IS NOT NULL`);
    await q.query(`CREATE INDEX document_open_invoice_idx ON transactions.document (account_id, due_date) WHERE type = 'INVOICE' AND open_amount > 0`);
    await q.query(`CREATE INDEX document_open_invoice_due_idx ON transactions.document (due_date) WHERE type = 'INVOICE' AND open_amount > 0`);
    await q.query(`CREATE INDEX document_open_credit_idx ON transactions.document (account_id, date) WHERE type IN ('PAYMENT', 'CREDIT_NOTE') AND open_amount > 0`);

    await q.query(`
      CREATE TABLE transactions.document_line (
        document_id uuid NOT NULL REFERENCES transactions.document (id),
        line_no int NOT NULL,
        description text NOT NULL,
        quantity numeric(20,4) NOT NULL CHECK (quantity > 0),
        unit_price numeric(20,4) NOT NULL CHECK (unit_price >= 0),
        amount numeric(20,4) NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (document_id, line_no)
      )`);

    // A payment or credit note (from) settles an invoice or refund (to).
    await q.query(`
      CREATE TABLE transactions.allocation (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        account_id uuid NOT NULL,
        from_id uuid NOT NULL REFERENCES transactions.document (id),
        to_id uuid NOT NULL REFERENCES transactions.document (id),
        amount numeric(20,4) NOT NULL CHECK (amount > 0),
        date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_id <> to_id)
      )`);
    await q.query(`CREATE INDEX allocation_from_idx ON transactions.allocation (from_id)`);
    await q.query(`CREATE INDEX allocation_to_idx ON transactions.allocation (to_id)`);

    // + debit (invoice, refund, cash sale), - credit (credit note, payment, cash sale paid).
    await q.query(`
      CREATE TABLE transactions.ledger_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id uuid NOT NULL,
        document_id uuid NOT NULL REFERENCES transactions.document (id),
        kind text NOT NULL CHECK (kind IN ('POST', 'VOID')),
        entry_date date NOT NULL,
        amount numeric(20,4) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_entry_account_idx ON transactions.ledger_entry (account_id, entry_date, id)`);
    await q.query(`CREATE INDEX ledger_entry_document_idx ON transactions.ledger_entry (document_id)`);
    await q.query(`
      CREATE FUNCTION transactions.ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'transactions.ledger_entry is append-only: void a document to reverse its entries';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON transactions.ledger_entry
      FOR EACH ROW EXECUTE FUNCTION transactions.ledger_entry_append_only()`);
    await q.query(`
      CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON transactions.ledger_entry
      FOR EACH STATEMENT EXECUTE FUNCTION transactions.ledger_entry_append_only()`);

    await q.query(`
      CREATE TABLE transactions.idempotency_key (
        key text PRIMARY KEY,
        operation text NOT NULL,
        request_hash text NOT NULL,
        document_id uuid NOT NULL REFERENCES transactions.document (id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      ALTER TABLE transactions.account_balance
        ADD CONSTRAINT account_balance_unallocated_check CHECK (unallocated >= 0),
        ADD CONSTRAINT account_balance_open_orders_check CHECK (open_orders >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transactions.account_balance DROP CONSTRAINT account_balance_unallocated_check, DROP CONSTRAINT account_balance_open_orders_check`);
    await q.query(`DROP TABLE transactions.idempotency_key`);
    await q.query(`DROP TABLE transactions.ledger_entry`);
    await q.query(`DROP FUNCTION transactions.ledger_entry_append_only()`);
    await q.query(`DROP TABLE transactions.allocation`);
    await q.query(`DROP TABLE transactions.document_line`);
    await q.query(`DROP TABLE transactions.document`);
    await q.query(`DROP TABLE transactions.counter`);
  }
}

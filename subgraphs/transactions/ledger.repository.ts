import type { EntityManager } from 'typeorm';

export interface BalanceRow {
  accountId: string;
  currency: string;
  balance: string;
  unallocated: string;
  openOrders: string;
  documentCount: number;
  updatedAt: Date;
}

export interface NewLedgerEntry {
  accountId: string;
  documentId: string;
  kind: 'POST' | 'VOID';
  entryDate: string;
  /** + debit, - credit */
  amount: string;
}

/** Changes to an account's balance row, applied in one statement. */
export interface BalanceDelta {
  balance?: string;
  unallocated?: string;
  openOrders?: string;
  documentCount?: number;
}

/**
 * All SQL that writes the append-only ledger and the balance rows, and the
 * per-account lock; always inside the caller's transaction. (Balances are
 * read with the aging in receivables.repository.ts.)
 */
export class LedgerRepository {
  /**
   * Serialises every write on one account (and credit decisions) until the
   * transaction ends. Transaction-scoped: nothing to release, safe on PGlite.
   */
  async lockAccount(m: EntityManager, accountId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('transactions.account'), hashtext($1))`, [accountId]);
  }

  async ensureBalanceRow(m: EntityManager, accountId: string, currency: string): Promise<void> {
    await m.query(
      `INSERT INTO transactions.account_balance (account_id, currency, updated_at) VALUES ($1, $2, now()) ON CONFLICT (account_id) DO NOTHING`,
      [accountId, currency],
    );
  }

  async insertEntries(m: EntityManager, entries: NewLedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO transactions.ledger_entry (account_id, document_id, kind, entry_date, amount)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::numeric[])`,
      [entries.map((e) => e.accountId), entries.map((e) => e.documentId), entries.map((e) => e.kind), entries.map((e) => e.entryDate), entries.map((e) => e.amount)],
    );
  }

  /** The entries a document posted (not its reversals). */
  async postedEntries(m: EntityManager, documentId: string): Promise<{ amount: string; entryDate: string }[]> {
    return m.query(`SELECT amount, entry_date AS "entryDate" FROM transactions.ledger_entry WHERE document_id = $1 AND kind = 'POST' ORDER BY id`, [documentId]);
  }

  async applyBalance(m: EntityManager, accountId: string, d: BalanceDelta): Promise<void> {
    await m.query(
      `UPDATE transactions.account_balance
       SET balance = balance + $2, unallocated = unallocated + $3, open_orders = open_orders + $4,
           document_count = document_count + $5, updated_at = now()
       WHERE account_id = $1`,
      [accountId, d.balance ?? '0', d.unallocated ?? '0', d.openOrders ?? '0', d.documentCount ?? 0],
    );
  }
}

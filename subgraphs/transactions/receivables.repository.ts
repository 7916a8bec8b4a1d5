import type { DataSource, EntityManager } from 'typeorm';
import type { Document } from './document.entity';

export interface FiguresRow {
  accountId: string;
  currency: string;
  balance: string;
  openOrders: string;
  unallocated: string;
  overdue: string;
}

import type { BalanceRow } from './ledger.repository';

export interface AgingSums {
  accountId: string;
  currency: string;
  current: string;
  days1to30: string;
  days31to60: string;
  days61to90: string;
  over90: string;
}

export interface PeriodEntryRow {
  accountId: string;
  documentId: string;
  kind: 'POST' | 'VOID';
  date: string;
  debit: string;
  credit: string;
  type: string;
  ref: string;
  dueDate: string | null;
}

/** Buckets of open invoice amounts by days past due ($asOf - due date). `open` and `due` name the columns. */
const BUCKETS = (asOf: string) => `
  coalesce(sum(open) FILTER (WHERE due >= ${asOf}), 0) AS "current",
  coalesce(sum(open) FILTER (WHERE ${asOf} - due BETWEEN 1 AND 30), 0) AS "days1to30",
  coalesce(sum(open) FILTER (WHERE ${asOf} - due BETWEEN 31 AND 60), 0) AS "days31to60",
  coalesce(sum(open) FILTER (WHERE ${asOf} - due BETWEEN 61 AND 90), 0) AS "days61to90",
  coalesce(sum(open) FILTER (WHERE ${asOf} - due > 90), 0) AS "over90"`;

/**
 * The invoices to age as of $1: today's open amounts, or (`pointInTime`) what
 * was open on $1, rebuilt from documents, allocations and voids dated by then.
 */
function invoiceItems(pointInTime: boolean, accountFilter: string): string {
  return pointInTime
    ? `SELECT d.account_id AS "accountId", d.currency, coalesce(d.due_date, d.date) AS due,
              d.total - coalesce((SELECT sum(a.amount) FROM transactions.allocation a WHERE a.to_id = d.id AND a.date <= $1::date), 0) AS open
       FROM transactions.document d
       WHERE d.type = 'INVOICE' AND d.date <= $1::date AND (d.voided_on IS NULL OR d.voided_on > $1::date) ${accountFilter}`
    : `SELECT d.account_id AS "accountId", d.currency, coalesce(d.due_date, d.date) AS due, d.open_amount AS open
       FROM transactions.document d
       WHERE d.type = 'INVOICE' AND d.open_amount > 0 ${accountFilter}`;
}

/** Reads for receivables, aging, statements and credit-control's figures. */
export class ReceivablesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Balance, open orders, unallocated (from the balance rows) and overdue
   * (open invoices due before `asOf`) of the accounts that have a balance row.
   * Pass the transaction's manager to read under the account lock.
   */
  async figures(accountIds: readonly string[], asOf: string, m: EntityManager = this.ds.manager): Promise<FiguresRow[]> {
    if (accountIds.length === 0) return [];
    return m.query(
      `SELECT b.account_id AS "accountId", b.currency, b.balance, b.open_orders AS "openOrders", b.unallocated,
              coalesce(o.overdue, 0) AS overdue
       FROM transactions.account_balance b
       LEFT JOIN LATERAL (
         SELECT sum(d.open_amount) AS overdue FROM transactions.document d
         WHERE d.account_id = b.account_id AND d.type = 'INVOICE' AND d.open_amount > 0 AND d.due_date < $2::date
       ) o ON true
       WHERE b.account_id = ANY($1::uuid[])`,
      [accountIds, asOf],
    );
  }

  async accountIdsWithOverdue(asOf: string): Promise<string[]> {
    const rows: { accountId: string }[] = await this.ds.query(
      `SELECT DISTINCT d.account_id AS "accountId" FROM transactions.document d
       WHERE d.type = 'INVOICE' AND d.open_amount > 0 AND d.due_date < $1::date ORDER BY 1`,
      [asOf],
    );
    return rows.map((r) => r.accountId);
  }

  /**
   * The balance rows of the accounts and the aging of their open invoices as
   * of `asOf`, in one statement: the account card asks for both. Accounts
   * without documents have no row; `openInvoices` 0 means nothing to age.
   */
  async balancesWithAging(accountIds: readonly string[], asOf: string): Promise<(BalanceRow & Omit<AgingSums, 'accountId' | 'currency'> & { openInvoices: number })[]> {
    if (accountIds.length === 0) return [];
    return this.ds.query(
      `SELECT b.account_id AS "accountId", b.currency, b.balance, b.unallocated, b.open_orders AS "openOrders",
              b.document_count AS "documentCount", b.updated_at AS "updatedAt", a.*
       FROM transactions.account_balance b
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS "openInvoices", ${BUCKETS('$2::date')}
         FROM (SELECT d.open_amount AS open, coalesce(d.due_date, d.date) AS due
               FROM transactions.document d
               WHERE d.account_id = b.account_id AND d.type = 'INVOICE' AND d.open_amount > 0) x
       ) a
       WHERE b.account_id = ANY($1::uuid[])`,
      [accountIds, asOf],
    );
  }

  /** Today's open invoices of the accounts, bucketed as of `asOf`. Accounts without open invoices have no row. */
  async agingByAccountIds(accountIds: readonly string[], asOf: string): Promise<AgingSums[]> {
    if (accountIds.length === 0) return [];
    return this.ds.query(
      `SELECT "accountId", currency, ${BUCKETS('$2::date')}
       FROM (SELECT d.account_id AS "accountId", d.currency, d.open_amount AS open, coalesce(d.due_date, d.date) AS due
             FROM transactions.document d
             WHERE d.account_id = ANY($1::uuid[]) AND d.type = 'INVOICE' AND d.open_amount > 0) x
       GROUP BY "accountId", currency`,
      [accountIds, asOf],
    );
  }

  /**
   * Aging of every account (or of `accountIds`) as of a date. `pointInTime`
   * rebuilds what was open on `asOf` (documents dated by then, allocations
   * dated by then, voids after it); otherwise today's open amounts are bucketed.
   */
  async agingReport(asOf: string, pointInTime: boolean, accountIds: readonly string[] | null): Promise<AgingSums[]> {
    const params: unknown[] = [asOf];
    let accountFilter = '';
    if (accountIds) {
      params.push(accountIds);
      accountFilter = `AND d.account_id = ANY($2::uuid[])`;
    }
    return this.ds.query(
      `SELECT "accountId", currency, ${BUCKETS('$1::date')}
       FROM (${invoiceItems(pointInTime, accountFilter)}) x WHERE open > 0
       GROUP BY "accountId", currency`,
      params,
    );
  }

  /**
   * The same aging summed per classification, in one statement: `groups`
   * (from the accounts subgraph) says which accounts are in which
   * classification; accounts in none are left out.
   */
  async agingByClassification(
    asOf: string,
    pointInTime: boolean,
    groups: readonly { classification: string | null; accountIds: readonly string[] }[],
  ): Promise<(Omit<AgingSums, 'accountId'> & { classification: string | null })[]> {
    const ids = groups.flatMap((g) => g.accountIds);
    const classes = groups.flatMap((g) => g.accountIds.map(() => g.classification));
    if (ids.length === 0) return [];
    return this.ds.query(
      `WITH m(account_id, classification) AS (SELECT * FROM unnest($2::uuid[], $3::text[]))
       SELECT m.classification, x.currency, ${BUCKETS('$1::date')}
       FROM (${invoiceItems(pointInTime, '')}) x JOIN m ON m.account_id = x."accountId"
       WHERE open > 0
       GROUP BY m.classification, x.currency`,
      [asOf, ids, classes],
    );
  }

  /** Sum of the ledger before `from`, per account. */
  async balancesBefore(accountIds: readonly string[], from: string): Promise<{ accountId: string; balance: string }[]> {
    if (accountIds.length === 0) return [];
    return this.ds.query(
      `SELECT account_id AS "accountId", sum(amount) AS balance FROM transactions.ledger_entry
       WHERE account_id = ANY($1::uuid[]) AND entry_date < $2::date GROUP BY account_id`,
      [accountIds, from],
    );
  }

  /** Ledger entries dated in [from, to], one row per document and kind (a cash sale's debit and credit together), oldest first. */
  async periodEntries(accountIds: readonly string[], from: string, to: string): Promise<PeriodEntryRow[]> {
    if (accountIds.length === 0) return [];
    return this.ds.query(
      `SELECT e.account_id AS "accountId", e.document_id AS "documentId", e.kind, e.entry_date AS date,
              coalesce(sum(e.amount) FILTER (WHERE e.amount > 0), 0) AS debit,
              coalesce(-sum(e.amount) FILTER (WHERE e.amount < 0), 0) AS credit,
              d.type, d.ref, d.due_date AS "dueDate"
       FROM transactions.ledger_entry e JOIN transactions.document d ON d.id = e.document_id
       WHERE e.account_id = ANY($1::uuid[]) AND e.entry_date BETWEEN $2::date AND $3::date
       GROUP BY e.account_id, e.document_id, e.kind, e.entry_date, d.type, d.ref, d.due_date
       ORDER BY e.account_id, e.entry_date, min(e.id)`,
      [accountIds, from, to],
    );
  }

  /** Open invoices, open credit notes and unallocated payments, oldest first. */
  async openItems(accountIds: readonly string[]): Promise<Document[]> {
    if (accountIds.length === 0) return [];
    return this.ds.query(
      `SELECT d.id, d.seq, d.ref, d.type, d.status, d.account_id AS "accountId", d.currency, d.date,
              d.due_date AS "dueDate", d.source_id AS "sourceId", d.total, d.open_amount AS "openAmount",
              d.voided_on AS "voidedOn", d.version, d.created_at AS "createdAt", d.updated_at AS "updatedAt"
       FROM transactions.document d
       WHERE d.account_id = ANY($1::uuid[]) AND d.open_amount > 0 AND d.type IN ('INVOICE', 'CREDIT_NOTE', 'PAYMENT', 'REFUND')
       ORDER BY d.account_id, d.date, d.seq`,
      [accountIds],
    );
  }
}

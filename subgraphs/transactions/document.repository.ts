import type { DataSource, EntityManager } from 'typeorm';
import { Document } from './document.entity';
import { DocumentStatus, DocumentType, REF_PREFIX } from './document.enums';

/** Every column of a document, named as the Document class names them. */
const COLUMNS = `d.id, d.seq, d.ref, d.type, d.status, d.account_id AS "accountId", d.currency, d.date,
  d.due_date AS "dueDate", d.source_id AS "sourceId", d.total, d.open_amount AS "openAmount",
  d.voided_on AS "voidedOn", d.version, d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

export interface LineRow {
  documentId: string;
  lineNo: number;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  currency: string;
}

export interface AllocationRow {
  id: string;
  fromId: string;
  toId: string;
  amount: string;
  date: string;
  currency: string;
}

export interface NewDocumentRow {
  id: string;
  ref: string;
  type: DocumentType;
  status: DocumentStatus;
  accountId: string;
  currency: string;
  date: string;
  dueDate: string | null;
  sourceId: string | null;
  total: string;
  openAmount: string;
  createdBy: string | null;
}

export interface NewLine {
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface NewAllocation {
  id: string;
  accountId: string;
  fromId: string;
  toId: string;
  amount: string;
  date: string;
}

export interface DocumentState {
  id: string;
  status: DocumentStatus;
  openAmount: string;
  voidedOn?: string | null;
}

/** What a list of documents may be narrowed to (root `documents` and `Account.documents`). */
export interface DocumentQuery {
  accountId?: string | null;
  types?: DocumentType[] | null;
  statuses?: DocumentStatus[] | null;
  from?: string | null;
  to?: string | null;
  open?: boolean | null;
  /** Invoices past due and open on `today`. */
  overdue?: boolean | null;
  today: string;
  /** Keyset: documents after (date, seq) in date DESC, seq DESC order. */
  after?: { date: string; seq: number } | null;
  /** Accounts the caller may not see: their documents are left out (lists across accounts). */
  hiddenAccountIds?: readonly string[] | null;
}

function where(q: DocumentQuery, params: unknown[], withCursor: boolean): string[] {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (q.accountId) conditions.push(`d.account_id = ${p(q.accountId)}`);
  if (q.hiddenAccountIds?.length) conditions.push(`d.account_id <> ALL(${p(q.hiddenAccountIds)}::uuid[])`);
  if (q.types?.length) conditions.push(`d.type = ANY(${p(q.types)}::text[])`);
  if (q.statuses?.length) conditions.push(`d.status = ANY(${p(q.statuses)}::text[])`);
  if (q.from) conditions.push(`d.date >= ${p(q.from)}::date`);
  if (q.to) conditions.push(`d.date <= ${p(q.to)}::date`);
  if (q.open === true) conditions.push(`d.open_amount > 0`);
  if (q.open === false) conditions.push(`d.open_amount = 0`);
  if (q.overdue === true) conditions.push(`d.type = 'INVOICE' AND d.open_amount > 0 AND d.due_date < ${p(q.today)}::date`);
  if (q.overdue === false) conditions.push(`NOT (d.type = 'INVOICE' AND d.open_amount > 0 AND d.due_date < ${p(q.today)}::date)`);
  if (withCursor && q.after) conditions.push(`(d.date, d.seq) < (${p(q.after.date)}::date, ${p(q.after.seq)}::bigint)`);
  return conditions;
}

const and = (conditions: string[]) => (conditions.length ? conditions.join(' AND ') : 'true');

/** All SQL for documents, their lines and allocations, and ref counters. */
export class DocumentRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[], m: EntityManager = this.ds.manager): Promise<Document[]> {
    if (ids.length === 0) return [];
    return m.query(`SELECT ${COLUMNS} FROM transactions.document d WHERE d.id = ANY($1::uuid[])`, [ids]);
  }

  async findByRef(ref: string): Promise<Document | null> {
    const rows: Document[] = await this.ds.query(`SELECT ${COLUMNS} FROM transactions.document d WHERE d.ref = $1`, [ref]);
    return rows[0] ?? null;
  }

  /** Locks the documents for the rest of the transaction; ordered by id so that two lockers never deadlock. */
  async lockByIds(m: EntityManager, ids: readonly string[]): Promise<Document[]> {
    if (ids.length === 0) return [];
    return m.query(`SELECT ${COLUMNS} FROM transactions.document d WHERE d.id = ANY($1::uuid[]) ORDER BY d.id FOR UPDATE`, [ids]);
  }

  /** The account's open invoices, oldest due first, locked. */
  async lockOpenInvoices(m: EntityManager, accountId: string): Promise<Document[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM transactions.document d
       WHERE d.account_id = $1 AND d.type = 'INVOICE' AND d.open_amount > 0
       ORDER BY d.due_date, d.date, d.seq FOR UPDATE`,
      [accountId],
    );
  }

  /** The account's payments and credit notes with unallocated money, oldest first, locked. */
  async lockOpenCredits(m: EntityManager, accountId: string): Promise<Document[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM transactions.document d
       WHERE d.account_id = $1 AND d.type IN ('PAYMENT', 'CREDIT_NOTE') AND d.open_amount > 0
       ORDER BY d.date, d.seq FOR UPDATE`,
      [accountId],
    );
  }

  async hasAllocations(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM transactions.allocation WHERE from_id = $1 OR to_id = $1 LIMIT 1`, [id]);
    return rows.length > 0;
  }

  /**
   * The next ref of a type. The counter row stays locked until the transaction
   * ends, so refs are unique and gapless: a rolled-back create gives its number back.
   */
  async nextRef(m: EntityManager, type: DocumentType): Promise<string> {
    // In a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    const [row] = await m.query(
      `WITH c AS (UPDATE transactions.counter SET last_value = last_value + 1 WHERE type = $1 RETURNING last_value) SELECT last_value AS n FROM c`,
      [type],
    );
    return `${REF_PREFIX[type]}-${String(row.n).padStart(6, '0')}`;
  }

  async insert(m: EntityManager, d: NewDocumentRow, lines: NewLine[]): Promise<Document> {
    const [doc]: Document[] = await m.query(
      `INSERT INTO transactions.document AS d (id, ref, type, status, account_id, currency, date, due_date, source_id, total, open_amount, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING ${COLUMNS}`,
      [d.id, d.ref, d.type, d.status, d.accountId, d.currency, d.date, d.dueDate, d.sourceId, d.total, d.openAmount, d.createdBy],
    );
    if (lines.length) {
      await m.query(
        `INSERT INTO transactions.document_line (document_id, line_no, description, quantity, unit_price, amount)
         SELECT $1, t.ord, t.description, t.quantity, t.unit_price, t.amount
         FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::numeric[]) WITH ORDINALITY AS t(description, quantity, unit_price, amount, ord)`,
        [d.id, lines.map((l) => l.description), lines.map((l) => l.quantity), lines.map((l) => l.unitPrice), lines.map((l) => l.amount)],
      );
    }
    return doc;
  }

  /** Copies a document's lines to another (quote -> order -> invoice). */
  async copyLines(m: EntityManager, fromId: string, toId: string): Promise<void> {
    await m.query(
      `INSERT INTO transactions.document_line (document_id, line_no, description, quantity, unit_price, amount)
       SELECT $2, line_no, description, quantity, unit_price, amount FROM transactions.document_line WHERE document_id = $1`,
      [fromId, toId],
    );
  }

  /** Sets status and open amount (and the void date) of several documents in one statement. */
  async updateStates(m: EntityManager, states: DocumentState[]): Promise<void> {
    if (states.length === 0) return;
    await m.query(
      `UPDATE transactions.document d
       SET status = s.status, open_amount = s.open_amount, voided_on = coalesce(s.voided_on, d.voided_on),
           version = d.version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::date[]) AS s(id, status, open_amount, voided_on)
       WHERE d.id = s.id`,
      [states.map((s) => s.id), states.map((s) => s.status), states.map((s) => s.openAmount), states.map((s) => s.voidedOn ?? null)],
    );
  }

  async insertAllocations(m: EntityManager, rows: NewAllocation[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO transactions.allocation (id, account_id, from_id, to_id, amount, date)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::date[])`,
      [rows.map((r) => r.id), rows.map((r) => r.accountId), rows.map((r) => r.fromId), rows.map((r) => r.toId), rows.map((r) => r.amount), rows.map((r) => r.date)],
    );
  }

  async linesByDocumentIds(ids: readonly string[]): Promise<LineRow[]> {
    if (ids.length === 0) return [];
    return this.ds.query(
      `SELECT l.document_id AS "documentId", l.line_no AS "lineNo", l.description, l.quantity, l.unit_price AS "unitPrice", l.amount, d.currency
       FROM transactions.document_line l JOIN transactions.document d ON d.id = l.document_id
       WHERE l.document_id = ANY($1::uuid[]) ORDER BY l.document_id, l.line_no`,
      [ids],
    );
  }

  /** Allocations from or to any of the documents, oldest first. */
  async allocationsByDocumentIds(ids: readonly string[]): Promise<AllocationRow[]> {
    if (ids.length === 0) return [];
    return this.ds.query(
      `SELECT a.id, a.from_id AS "fromId", a.to_id AS "toId", a.amount, a.date, d.currency
       FROM transactions.allocation a JOIN transactions.document d ON d.id = a.from_id
       WHERE a.from_id = ANY($1::uuid[]) OR a.to_id = ANY($1::uuid[]) ORDER BY a.seq`,
      [ids],
    );
  }

  /** One page (LIMIT `limit`) in date DESC, seq DESC order. */
  async page(q: DocumentQuery, limit: number): Promise<Document[]> {
    const params: unknown[] = [];
    const conditions = and(where(q, params, true));
    params.push(limit);
    return this.ds.query(
      `SELECT ${COLUMNS} FROM transactions.document d WHERE ${conditions} ORDER BY d.date DESC, d.seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  async count(q: DocumentQuery): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM transactions.document d WHERE ${and(where(q, params, false))}`, params);
    return row.n;
  }

  /** The same page for several accounts in one statement (Account.documents for a page of accounts). */
  async pageForAccounts(accountIds: readonly string[], q: Omit<DocumentQuery, 'accountId'>, limit: number): Promise<Document[]> {
    if (accountIds.length === 0) return [];
    const params: unknown[] = [accountIds];
    const conditions = ['d.account_id = a.account_id', ...where(q, params, true)];
    params.push(limit);
    return this.ds.query(
      `SELECT x.* FROM unnest($1::uuid[]) AS a(account_id)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM transactions.document d WHERE ${conditions.join(' AND ')}
         ORDER BY d.date DESC, d.seq DESC LIMIT $${params.length}
       ) x`,
      params,
    );
  }

  async countForAccounts(accountIds: readonly string[], q: Omit<DocumentQuery, 'accountId'>): Promise<{ accountId: string; n: number }[]> {
    if (accountIds.length === 0) return [];
    const params: unknown[] = [accountIds];
    const conditions = ['d.account_id = ANY($1::uuid[])', ...where(q, params, false)];
    return this.ds.query(
      `SELECT d.account_id AS "accountId", count(*)::int AS n FROM transactions.document d WHERE ${conditions.join(' AND ')} GROUP BY d.account_id`,
      params,
    );
  }
}

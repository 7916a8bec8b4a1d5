import type { DataSource } from 'typeorm';
import type { TestSystem } from '../support/system';

/** Test helpers for the transactions subgraph (through the gateway unless said otherwise). */

export const DOC = `id ref type status date dueDate currency
  total { amount currency } openAmount { amount }
  account { id }
  source { id ref type status }
  lines { description quantity unitPrice { amount } amount { amount } }
  allocations { from { id ref } to { id ref } amount { amount } }`;

export const RECEIVABLES = `receivables {
  balance { amount currency } overdue { amount } unallocated { amount } openOrders { amount }
  aging { current { amount } days1to30 { amount } days31to60 { amount } days61to90 { amount } over90 { amount } }
}`;

export type Line = { description: string; quantity: string; unitPrice: string };
export const line = (description: string, quantity: string, unitPrice: string): Line => ({ description, quantity, unitPrice });

export function daysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let accountNo = 0;

export async function createAccount(t: TestSystem, o: { currency?: string; name?: string; classification?: string } = {}): Promise<string> {
  accountNo += 1;
  const { createAccount } = await t.ok(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`, {
    input: {
      name: o.name ?? `Customer ${accountNo}`,
      type: 'CUSTOMER',
      currency: o.currency ?? 'EUR',
      classification: o.classification,
      address: { line1: 'Main St 1', countryCode: 'NL' },
    },
  });
  return createAccount.id;
}

/** Test data: the accounts subgraph has no status mutation on this branch yet. */
export async function setAccountStatus(t: TestSystem, accountId: string, status: string): Promise<void> {
  await t.dataSource('accounts').query(`UPDATE accounts.account SET status = $2 WHERE id = $1`, [accountId, status]);
}

const CREATE = (m: string) => `mutation($input: DocumentInput!) { ${m}(input: $input) { ${DOC} } }`;

export async function create(t: TestSystem, mutation: string, input: Record<string, unknown>, token?: string): Promise<any> {
  const data = await t.ok(CREATE(mutation), { input }, token ? { token } : undefined);
  return data[mutation];
}

export const invoice = (t: TestSystem, accountId: string, amount: string, o: Record<string, unknown> = {}) =>
  create(t, 'createInvoice', { accountId, lines: [line('Goods', '1', amount)], ...o });

export const PAY = `mutation($input: PaymentInput!) { recordPayment(input: $input) { ${DOC} } }`;
export const REFUND = `mutation($input: PaymentInput!) { refund(input: $input) { ${DOC} } }`;

let keyNo = 0;
export const newKey = () => `key-${process.pid}-${Date.now()}-${++keyNo}`;

export async function pay(t: TestSystem, accountId: string, amount: string, o: Record<string, unknown> = {}): Promise<any> {
  const { recordPayment } = await t.ok(PAY, { input: { accountId, amount, idempotencyKey: newKey(), ...o } });
  return recordPayment;
}

export async function receivables(t: TestSystem, accountId: string): Promise<any> {
  const { account } = await t.ok(`query($id: ID!) { account(id: $id) { ${RECEIVABLES} } }`, { id: accountId });
  return account.receivables;
}

const TABLES = ['document', 'document_line', 'allocation', 'ledger_entry', 'account_balance', 'idempotency_key'];

/** Rows in every table of the subgraph and the counters: "nothing written" compares two of these. */
export async function snapshot(ds: DataSource): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM transactions.${table}`);
    out[table] = n;
  }
  out.counters = await ds.query(`SELECT type, last_value FROM transactions.counter ORDER BY type`);
  out.balances = await ds.query(`SELECT account_id, balance, unallocated, open_orders, document_count FROM transactions.account_balance ORDER BY account_id`);
  out.open = await ds.query(`SELECT id, status, open_amount FROM transactions.document ORDER BY id`);
  return out;
}

/**
 * What must hold after every operation: the balance row is the sum of the
 * ledger, unallocated and open orders match the documents, open amounts are
 * never negative and equal total minus allocations, refs are gapless.
 */
export async function ledgerViolations(ds: DataSource): Promise<string[]> {
  const problems: string[] = [];
  const q = async (what: string, sql: string) => {
    const rows = await ds.query(sql);
    if (rows.length) problems.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  };
  await q(
    'balance <> sum of ledger entries',
    `SELECT coalesce(b.account_id, e.account_id) AS account, b.balance, e.sum
     FROM transactions.account_balance b
     FULL JOIN (SELECT account_id, sum(amount) AS sum FROM transactions.ledger_entry GROUP BY account_id) e ON e.account_id = b.account_id
     WHERE coalesce(b.balance, 0) <> coalesce(e.sum, 0) OR b.account_id IS NULL`,
  );
  await q(
    'unallocated <> open payments and credit notes',
    `SELECT b.account_id, b.unallocated, coalesce(d.sum, 0) AS sum FROM transactions.account_balance b
     LEFT JOIN (SELECT account_id, sum(open_amount) AS sum FROM transactions.document WHERE type IN ('PAYMENT', 'CREDIT_NOTE') GROUP BY account_id) d ON d.account_id = b.account_id
     WHERE b.unallocated <> coalesce(d.sum, 0)`,
  );
  await q(
    'openOrders <> OPEN and PENDING orders',
    `SELECT b.account_id, b.open_orders, coalesce(d.sum, 0) AS sum FROM transactions.account_balance b
     LEFT JOIN (SELECT account_id, sum(total) AS sum FROM transactions.document WHERE type = 'SALES_ORDER' AND status IN ('OPEN', 'PENDING') GROUP BY account_id) d ON d.account_id = b.account_id
     WHERE b.open_orders <> coalesce(d.sum, 0)`,
  );
  await q(
    'document_count <> documents',
    `SELECT b.account_id, b.document_count, coalesce(d.n, 0) AS n FROM transactions.account_balance b
     LEFT JOIN (SELECT account_id, count(*) AS n FROM transactions.document GROUP BY account_id) d ON d.account_id = b.account_id
     WHERE b.document_count <> coalesce(d.n, 0)`,
  );
  await q('negative open amount', `SELECT id, ref, open_amount FROM transactions.document WHERE open_amount < 0`);
  await q(
    'open amount <> total - allocations',
    `SELECT d.ref, d.total, d.open_amount, coalesce(a.sum, 0) AS allocated FROM transactions.document d
     LEFT JOIN (SELECT id, sum(amount) AS sum FROM (
       SELECT from_id AS id, amount FROM transactions.allocation UNION ALL SELECT to_id, amount FROM transactions.allocation) x GROUP BY id) a ON a.id = d.id
     WHERE d.type IN ('INVOICE', 'PAYMENT', 'CREDIT_NOTE', 'REFUND') AND d.status <> 'VOID' AND d.open_amount <> d.total - coalesce(a.sum, 0)`,
  );
  await q(
    'status does not match open amount',
    `SELECT ref, status, total, open_amount FROM transactions.document WHERE status <> 'VOID' AND (
       (type = 'INVOICE' AND status <> CASE WHEN open_amount = 0 THEN 'PAID' WHEN open_amount = total THEN 'OPEN' ELSE 'PARTIALLY_PAID' END)
       OR (type IN ('PAYMENT', 'CREDIT_NOTE') AND status <> CASE WHEN open_amount = 0 THEN 'PAID' ELSE 'OPEN' END)
       OR (type = 'REFUND' AND open_amount <> 0))`,
  );
  await q(
    'refs not gapless',
    `SELECT c.type, c.last_value, count(d.id) AS n, max(substring(d.ref from '[0-9]+$')::int) AS top
     FROM transactions.counter c LEFT JOIN transactions.document d ON d.type = c.type
     GROUP BY c.type, c.last_value HAVING c.last_value <> count(d.id) OR coalesce(max(substring(d.ref from '[0-9]+$')::int), 0) <> count(d.id)`,
  );
  return problems;
}

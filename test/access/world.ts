import { randomUUID } from 'node:crypto';
import { mintToken } from '../../subgraphs/common';
import { startTestSystem, type GqlResponse, type TestSystem } from '../support/system';

/**
 * The access matrix (DESIGN.md, Identity and rights) runs every role against
 * every operation through the gateway. The roles:
 *
 * - admin, sales, finance, viewer: staff at security level 10 (they see every account);
 * - portal: a customer portal user of the account the operation targets;
 * - portalOther: a portal user of another account;
 * - low: an admin (every right) at security level 0, against an account at level 5:
 *   rights without visibility.
 */
export const ROLES = ['admin', 'sales', 'finance', 'viewer', 'portal', 'portalOther', 'low'] as const;
export type RoleName = (typeof ROLES)[number];

/** Security level of an account the role's operations target. */
export const targetLevel = (role: RoleName) => (role === 'low' ? 5 : 0);

export const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id code version } }`;

let seq = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;

export const line = (amount: string) => ({ description: 'Goods', quantity: '1', unitPrice: amount });

export interface World {
  t: TestSystem;
  /** The account of the `portalOther` role (level 0). */
  otherAccountId: string;
  /** Each role's user id (token subject). */
  subs: Record<RoleName, string>;
  /** The role's token; portal users belong to `accountId` (portal) or to the other account (portalOther). */
  token(role: RoleName, accountId: string): Promise<string>;
  /** A fingerprint of every row of every table of the four subgraphs: "nothing written" compares two. */
  snapshot(): Promise<Record<string, string>>;
  // ---- data, made by the admin ----
  account(level?: number, patch?: Record<string, unknown>): Promise<{ id: string; code: string }>;
  contact(accountId: string, patch?: Record<string, unknown>): Promise<{ id: string; personId: string; email: string }>;
  document(mutation: 'createQuote' | 'createSalesOrder' | 'createInvoice' | 'createCreditNote' | 'createCashSale', accountId: string, amount?: string, extra?: Record<string, unknown>): Promise<{ id: string; ref: string }>;
  payment(accountId: string, amount: string, o?: Record<string, unknown>): Promise<{ id: string; ref: string }>;
  request(accountId: string): Promise<{ id: string }>;
  deleteAccount(accountId: string): Promise<void>;
  /** A user record (the user signed in once). */
  user(): Promise<string>;
}

export async function startWorld(): Promise<World> {
  const t = await startTestSystem();
  const subs = Object.fromEntries(ROLES.map((r) => [r, randomUUID()])) as Record<RoleName, string>;

  const account: World['account'] = async (level = 0, patch = {}) => {
    const { createAccount } = await t.ok(CREATE_ACCOUNT, {
      input: { name: unique('Access'), type: 'CUSTOMER', address: { line1: 'Main St 1', countryCode: 'NL' }, securityLevel: level, ...patch },
    });
    return createAccount;
  };
  const otherAccountId = (await account(0)).id;

  const token: World['token'] = (role, accountId) => {
    const sub = subs[role];
    switch (role) {
      case 'portal':
        return mintToken(t.secret, { sub, roles: ['portal'], accountId, securityLevel: 0 });
      case 'portalOther':
        return mintToken(t.secret, { sub, roles: ['portal'], accountId: otherAccountId, securityLevel: 0 });
      case 'low':
        return mintToken(t.secret, { sub, roles: ['admin'], securityLevel: 0 });
      default:
        return mintToken(t.secret, { sub, roles: [role], securityLevel: 10 });
    }
  };
  // Every role signs in once (the contacts subgraph records a user on a subject's first request), so that
  // a refused operation later writes nothing at all.
  for (const role of ROLES) await t.ok('{ me { id } }', {}, { token: await token(role, otherAccountId) });

  const ds = t.dataSource('accounts');
  const tables: { table_schema: string; table_name: string }[] = await ds.query(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_schema IN ('accounts', 'contacts', 'transactions', 'credit_control') AND table_type = 'BASE TABLE'
        AND table_name NOT LIKE '%migrations%'
      ORDER BY 1, 2`,
  );
  const fingerprint = tables
    .map(({ table_schema: s, table_name: n }) => `SELECT '${s}.${n}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${s}.${n} x`)
    .join(' UNION ALL ');

  return {
    t,
    otherAccountId,
    subs,
    token,
    async snapshot() {
      const rows: { t: string; n: number; h: string }[] = await ds.query(fingerprint);
      return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
    },
    account,
    async contact(accountId, patch = {}) {
      const email = `${unique('c')}@access.example`;
      const { createContact } = await t.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id person { id } } }`, {
        input: { accountId, lastName: unique('Contact'), email, ...patch },
      });
      return { id: createContact.id, personId: createContact.person.id, email };
    },
    async document(mutation, accountId, amount = '100', extra = {}) {
      const data = await t.ok(`mutation($input: DocumentInput!) { ${mutation}(input: $input) { id ref } }`, { input: { accountId, lines: [line(amount)], ...extra } });
      return data[mutation];
    },
    async payment(accountId, amount, o = {}) {
      const { recordPayment } = await t.ok(`mutation($input: PaymentInput!) { recordPayment(input: $input) { id ref } }`, {
        input: { accountId, amount, idempotencyKey: unique('key'), autoAllocate: false, ...o },
      });
      return recordPayment;
    },
    async request(accountId) {
      const { createRequest } = await t.ok(`mutation($input: CreateRequestInput!) { createRequest(input: $input) { id } }`, {
        input: { accountId, type: 'Question', subject: unique('Request') },
      });
      return createRequest;
    },
    async deleteAccount(accountId) {
      await t.ok(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: accountId });
    },
    async user() {
      const sub = randomUUID();
      await t.ok('{ me { id } }', {}, { token: await mintToken(t.secret, { sub, roles: ['viewer'] }) });
      return sub;
    },
  };
}

/** What a role gets for an operation. */
export type Outcome =
  | 'ok'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  /** Allowed, but touching nothing the caller may not see: checked by the case; `nothingWritten` compares every table too. */
  | { ok: (r: GqlResponse, c: CaseContext) => Promise<void> | void; nothingWritten?: boolean };

export interface CaseContext {
  w: World;
  role: RoleName;
  /** A fresh account the operation targets (level 5 for `low`, else 0). */
  accountId: string;
  accountCode: string;
  /** What the case's setup made. */
  data: Record<string, any>;
}

export interface MutationCase {
  name: string;
  /** Makes what the mutation acts on (as the admin), for the fresh target account. */
  setup?: (c: Omit<CaseContext, 'data'>) => Promise<Record<string, any>>;
  run: (c: CaseContext, token: string) => Promise<GqlResponse>;
  expect: Record<RoleName, Outcome>;
}

/** Expected outcomes from a compact row: `o` ok, `F` FORBIDDEN, `N` NOT_FOUND, in ROLES order. */
export function row(codes: string, custom: Partial<Record<RoleName, Outcome>> = {}): Record<RoleName, Outcome> {
  const parts = codes.trim().split(/\s+/);
  if (parts.length !== ROLES.length) throw new Error(`row needs ${ROLES.length} outcomes: ${codes}`);
  const map: Record<string, Outcome> = { o: 'ok', F: 'FORBIDDEN', N: 'NOT_FOUND' };
  const out = Object.fromEntries(ROLES.map((r, i) => [r, map[parts[i]] ?? 'ok'])) as Record<RoleName, Outcome>;
  for (const [r, o] of Object.entries(custom)) out[r as RoleName] = o!;
  return out;
}

/** How a cell is named in the test report. */
export const label = (o: Outcome) => (typeof o === 'object' ? 'ok, limited to what the caller may see' : o);

/** `describe.each` / `it.each` rows for a list of cases. */
export const cells = (c: MutationCase) => ROLES.map((role) => [role, label(c.expect[role])] as const);

/**
 * Runs one cell of the matrix: a fresh target account, the case's data, the
 * role's token; then the answer: allowed (no errors), or refused with the code
 * and not one row written anywhere.
 */
export async function runCell(w: World, c: MutationCase, role: RoleName): Promise<void> {
  const target = await w.account(targetLevel(role));
  const base = { w, role, accountId: target.id, accountCode: target.code };
  const data = c.setup ? await c.setup(base) : {};
  const ctx: CaseContext = { ...base, data };
  const token = await w.token(role, target.id);
  const expected = c.expect[role];
  const before = expected === 'ok' ? null : await w.snapshot();
  const r = await c.run(ctx, token);
  if (expected === 'ok') {
    expect(r.errors).toBeUndefined();
    expect(r.data).toBeTruthy();
    return;
  }
  if (typeof expected === 'object') {
    expect(r.errors).toBeUndefined();
    await expected.ok(r, ctx);
    if (expected.nothingWritten) expect(await w.snapshot()).toEqual(before);
    return;
  }
  expect(r.errors?.[0]?.extensions?.code).toBe(expected);
  expect(r.data === null || Object.values(r.data).every((v) => v === null)).toBe(true);
  expect(await w.snapshot()).toEqual(before);
}

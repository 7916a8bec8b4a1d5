import { ROLES, startWorld, type RoleName, type World } from './world';

/**
 * Every query root x every role, through the gateway, against four accounts:
 *   A  level 0, the `portal` user's account
 *   B  level 0, the `portalOther` user's account
 *   S  level 5: above `low` (an admin at level 0)
 *   D  level 0, deleted: only for those who may restore (admin, low)
 * each with a contact, a request and a manual hold; A, B and S with an open
 * invoice. A role sees exactly the accounts below, and in every subgraph only
 * what belongs to them.
 */
type Key = 'A' | 'B' | 'S' | 'D';
const SEES: Record<RoleName, Key[]> = {
  admin: ['A', 'B', 'S', 'D'],
  sales: ['A', 'B', 'S'],
  finance: ['A', 'B', 'S'],
  viewer: ['A', 'B', 'S'],
  portal: ['A'],
  portalOther: ['B'],
  low: ['A', 'B', 'D'],
};
const MAY_RESTORE: RoleName[] = ['admin', 'low'];

interface Fixture {
  id: string;
  code: string;
  contactId: string;
  personId: string;
  requestId: string;
  invoice: { id: string; ref: string } | null;
}

describe('access matrix: query roots x roles (through the gateway)', () => {
  let w: World;
  const f = {} as Record<Key, Fixture>;
  const tokens = {} as Record<RoleName, string>;
  let before: Record<string, string>;

  beforeAll(async () => {
    w = await startWorld();
    const make = async (key: Key, level: number, id?: string) => {
      const account = id
        ? (await w.t.ok(`query($id: ID!) { account(id: $id) { id code } }`, { id })).account
        : await w.account(level);
      const contact = await w.contact(account.id);
      const request = await w.request(account.id);
      await w.t.ok(`mutation($a: ID!) { holdAccount(accountId: $a) { onHold } }`, { a: account.id });
      const invoice = key === 'D' ? null : await w.document('createInvoice', account.id, '100');
      f[key] = { id: account.id, code: account.code, contactId: contact.id, personId: contact.personId, requestId: request.id, invoice };
    };
    await make('A', 0);
    await make('B', 0, w.otherAccountId);
    await make('S', 5);
    await make('D', 0);
    await w.deleteAccount(f.D.id);
    for (const role of ROLES) tokens[role] = await w.token(role, f.A.id);
    before = await w.snapshot();
  });
  afterAll(() => w?.t.stop());

  const as = (role: RoleName) => ({ token: tokens[role] });
  const ok = async (role: RoleName, query: string, vars: Record<string, unknown> = {}) => {
    const r = await w.t.gql(query, vars, as(role));
    expect(r.errors).toBeUndefined();
    return r.data;
  };
  const keysOf = (ids: string[]) => new Set(ids.map((id) => (Object.keys(f) as Key[]).find((k) => f[k].id === id) ?? id));
  const sees = (role: RoleName, live = false) => new Set(SEES[role].filter((k) => !live || k !== 'D'));
  /** Accounts with documents: D has none (an account with transactions cannot be deleted). */
  const withDocuments = (role: RoleName) => new Set(SEES[role].filter((k) => k !== 'D'));

  it.each(ROLES)('%s: me, accountSettings, creditPolicy', async (role) => {
    const data = await ok(role, `{ me { id } accountSettings { securityCheckRoles baseCurrency } creditPolicy { checkMode onHoldAction } }`);
    expect(data.me.id).toBe(w.subs[role]);
    expect(data.accountSettings.securityCheckRoles).toBe(true);
    expect(data.creditPolicy.checkMode).toBe('NONE');
  });

  it.each(ROLES)('%s: account(id) and account(code)', async (role) => {
    for (const key of ['A', 'B', 'S', 'D'] as Key[]) {
      const data = await ok(role, `query($id: ID!, $code: String!) { byId: account(id: $id) { id deletedAt } byCode: account(code: $code) { id } }`, { id: f[key].id, code: f[key].code });
      const visible = SEES[role].includes(key);
      expect([key, data.byId?.id ?? null]).toEqual([key, visible ? f[key].id : null]);
      expect([key, data.byCode?.id ?? null]).toEqual([key, visible ? f[key].id : null]);
      if (key === 'D' && visible) expect(data.byId.deletedAt).not.toBeNull();
    }
  });

  it.each(ROLES)('%s: accounts (never deleted ones; totalCount agrees)', async (role) => {
    const { accounts } = await ok(role, `{ accounts(first: 200) { totalCount edges { node { id } } } }`);
    const ids = accounts.edges.map((e: any) => e.node.id);
    expect(keysOf(ids)).toEqual(sees(role, true));
    expect(accounts.totalCount).toBe(ids.length);
  });

  it.each(ROLES)('%s: deletedAccounts (account:restore only)', async (role) => {
    const r = await w.t.gql(`{ deletedAccounts(first: 200) { totalCount edges { node { id } } } }`, {}, as(role));
    if (!MAY_RESTORE.includes(role)) {
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      return;
    }
    expect(r.errors).toBeUndefined();
    expect(keysOf(r.data.deletedAccounts.edges.map((e: any) => e.node.id))).toEqual(new Set(['D']));
    expect(r.data.deletedAccounts.totalCount).toBe(1);
  });

  it.each(ROLES)('%s: request(id)', async (role) => {
    for (const key of ['A', 'B', 'S', 'D'] as Key[]) {
      const { request } = await ok(role, `query($id: ID!) { request(id: $id) { id account { id } } }`, { id: f[key].requestId });
      expect([key, request?.id ?? null]).toEqual([key, SEES[role].includes(key) ? f[key].requestId : null]);
    }
  });

  it.each(ROLES)('%s: contact(id) and person(id)', async (role) => {
    for (const key of ['A', 'B', 'S', 'D'] as Key[]) {
      const data = await ok(role, `query($c: ID!, $p: ID!) { contact(id: $c) { id account { id } } person(id: $p) { id contacts { id } } }`, { c: f[key].contactId, p: f[key].personId });
      const visible = SEES[role].includes(key);
      expect([key, data.contact?.id ?? null, data.person?.id ?? null]).toEqual([key, visible ? f[key].contactId : null, visible ? f[key].personId : null]);
    }
  });

  it.each(ROLES)('%s: contacts (left out in SQL: full pages, totalCount agrees)', async (role) => {
    const { contacts } = await ok(role, `{ contacts(first: 200) { totalCount edges { node { id account { id } } } } }`);
    expect(keysOf(contacts.edges.map((e: any) => e.node.account.id))).toEqual(sees(role));
    expect(contacts.totalCount).toBe(contacts.edges.length);
    // A page of one is full even when hidden contacts sort first.
    const { contacts: one } = await ok(role, `{ contacts(first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage } } }`);
    expect(one.edges).toHaveLength(1);
    expect(one.pageInfo.hasNextPage).toBe(SEES[role].length > 1);
    // Asking for an account the caller may not see by id is NOT_FOUND, as for an unknown account.
    for (const key of ['A', 'B', 'S', 'D'] as Key[]) {
      const r = await w.t.gql(`query($a: ID!) { contacts(filter: { accountId: $a }) { totalCount } }`, { a: f[key].id }, as(role));
      if (SEES[role].includes(key)) expect(r.data.contacts.totalCount).toBe(1);
      else expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'filter.accountId' });
    }
  });

  it.each(ROLES)('%s: document(id), document(ref)', async (role) => {
    for (const key of ['A', 'B', 'S'] as Key[]) {
      const inv = f[key].invoice!;
      const data = await ok(role, `query($id: ID!, $ref: String!) { byId: document(id: $id) { id } byRef: document(ref: $ref) { id } }`, { id: inv.id, ref: inv.ref });
      const visible = SEES[role].includes(key);
      expect([key, data.byId?.id ?? null, data.byRef?.id ?? null]).toEqual([key, visible ? inv.id : null, visible ? inv.id : null]);
    }
  });

  it.each(ROLES)('%s: documents (left out in SQL: full pages, totalCount agrees)', async (role) => {
    const { documents } = await ok(role, `{ documents(first: 200) { totalCount edges { node { id account { id } } } } }`);
    expect(keysOf(documents.edges.map((e: any) => e.node.account.id))).toEqual(withDocuments(role));
    expect(documents.totalCount).toBe(documents.edges.length);
    const { documents: one } = await ok(role, `{ documents(first: 1) { edges { node { id } } pageInfo { hasNextPage } } }`);
    expect(one.edges).toHaveLength(1);
    for (const key of ['A', 'B', 'S'] as Key[]) {
      const { documents: own } = await ok(role, `query($a: ID!) { documents(filter: { accountId: $a }) { totalCount } }`, { a: f[key].id });
      expect([key, own.totalCount]).toEqual([key, SEES[role].includes(key) ? 1 : 0]);
    }
  });

  it.each(ROLES)('%s: receivablesAging (per account and per classification)', async (role) => {
    const { receivablesAging } = await ok(role, `{ receivablesAging { key account { id } total { amount } } }`);
    expect(new Set(receivablesAging.map((r: any) => r.key))).toEqual(new Set([...withDocuments(role)].map((k) => f[k].code)));
    const { receivablesAging: byClass } = await ok(role, `{ receivablesAging(groupBy: CLASSIFICATION) { key total { amount } } }`);
    expect(byClass.map((r: any) => r.total.amount)).toEqual([`${withDocuments(role).size * 100}.00`]);
  });

  it.each(ROLES)('%s: accountsOnHold (left out in SQL: full pages, totalCount agrees)', async (role) => {
    const { accountsOnHold } = await ok(role, `{ accountsOnHold(first: 200) { totalCount edges { node { id } } } }`);
    expect(keysOf(accountsOnHold.edges.map((e: any) => e.node.id))).toEqual(sees(role));
    expect(accountsOnHold.totalCount).toBe(accountsOnHold.edges.length);
    const { accountsOnHold: one } = await ok(role, `{ accountsOnHold(first: 1) { edges { node { id } } pageInfo { hasNextPage } } }`);
    expect(one.edges).toHaveLength(1);
    expect(one.pageInfo.hasNextPage).toBe(SEES[role].length > 1);
  });

  it.each(ROLES)('%s: the account card of every account it sees, from every subgraph', async (role) => {
    for (const key of SEES[role]) {
      const { account } = await ok(
        role,
        `query($id: ID!) { account(id: $id) {
          id mainContact { id } contacts { id } person { id }
          receivables { balance { amount } overdue { amount } } hasTransactions
          documents(first: 10) { totalCount edges { node { id } } } statement { closingBalance { amount } }
          credit { onHold holdReasons } requests(first: 5) { totalCount }
        } }`,
        { id: f[key].id },
      );
      expect(account).toMatchObject({
        id: f[key].id,
        mainContact: { id: f[key].contactId },
        contacts: [{ id: f[key].contactId }],
        receivables: { balance: { amount: key === 'D' ? '0.00' : '100.00' } },
        hasTransactions: key !== 'D',
        documents: { totalCount: key === 'D' ? 0 : 1 },
        statement: { closingBalance: { amount: key === 'D' ? '0.00' : '100.00' } },
        credit: { onHold: true, holdReasons: ['MANUAL'] },
        requests: { totalCount: 1 },
      });
    }
  });

  it.each(ROLES)('%s: the gateway refuses a page above 200 on every list', async (role) => {
    for (const query of [
      `{ accounts(first: 201) { totalCount } }`,
      `{ contacts(first: 201) { totalCount } }`,
      `{ documents(first: 201) { totalCount } }`,
      `{ accountsOnHold(first: 201) { totalCount } }`,
      `{ deletedAccounts(first: 201) { totalCount } }`,
    ]) {
      const r = await w.t.gql(query, {}, as(role));
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });

  it('reading writes nothing, for any role', async () => {
    expect(await w.snapshot()).toEqual(before);
  });
});

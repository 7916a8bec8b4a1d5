import { randomUUID } from 'node:crypto';
import { mintToken, VisibilityStamps } from '../subgraphs/common';
import { startTestSystem, type TestSystem } from './support/system';

const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id currency } }`;
const STATUS = `limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReasons manualHold { since by { id } note } version`;
const SET_POLICY = `mutation($checkMode: CreditCheckMode!, $onHoldAction: OnHoldAction!, $expectedVersion: Int) {
  setCreditPolicy(checkMode: $checkMode, onHoldAction: $onHoldAction, expectedVersion: $expectedVersion) { checkMode onHoldAction version updatedAt } }`;
const SET_LIMIT = `mutation($accountId: ID!, $limit: Decimal, $expectedVersion: Int) { setCreditLimit(accountId: $accountId, limit: $limit, expectedVersion: $expectedVersion) { ${STATUS} } }`;
const HOLD = `mutation($accountId: ID!, $note: String, $expectedVersion: Int) { holdAccount(accountId: $accountId, note: $note, expectedVersion: $expectedVersion) { ${STATUS} } }`;
const RELEASE = `mutation($accountId: ID!, $expectedVersion: Int) { releaseAccountHold(accountId: $accountId, expectedVersion: $expectedVersion) { ${STATUS} } }`;
const CREDIT = `query($id: ID!) { account(id: $id) { id currency credit { ${STATUS} } } }`;
const ON_HOLD = `query($first: Int, $after: String) { accountsOnHold(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { id credit { ${STATUS} } } } }`;
const DECISION = `query($input: CreditCheckInput!) { creditDecision(input: $input) { outcome reasons } }`;

describe('credit control', () => {
  let t: TestSystem;
  let serviceToken: string;
  let financeToken: string;
  let financeUserId: string;
  beforeAll(async () => {
    t = await startTestSystem();
    serviceToken = await mintToken(t.secret, { sub: 'service:test', roles: ['service'] });
    financeUserId = randomUUID();
    financeToken = await t.token({ sub: financeUserId, roles: ['finance'] });
  });
  afterAll(() => t?.stop());

  const newAccount = async (currency = 'EUR'): Promise<string> => {
    const { createAccount } = await t.ok(CREATE_ACCOUNT, {
      input: { name: `Credit ${randomUUID().slice(0, 8)}`, type: 'CUSTOMER', currency, address: { line1: 'Dorpsstraat 1', countryCode: 'NL' } },
    });
    return createAccount.id;
  };
  const setPolicy = (checkMode: string, onHoldAction: string) => t.ok(SET_POLICY, { checkMode, onHoldAction });
  /** Everything credit control writes: a refused mutation must leave it all unchanged. */
  const written = async () => {
    const [row] = await t.dataSource('credit-control').query(`SELECT
      (SELECT count(*)::int FROM credit_control.account_credit) AS terms,
      (SELECT coalesce(sum(version), 0)::int FROM credit_control.account_credit) AS versions,
      (SELECT count(*)::int FROM credit_control.credit_change) AS changes,
      (SELECT version FROM credit_control.credit_policy) AS policy`);
    return row;
  };
  const history = (accountId: string) =>
    t.dataSource('credit-control').query(`SELECT action, actor, changes FROM credit_control.credit_change WHERE account_id = $1 ORDER BY at, action`, [accountId]);
  const representation = (id: string, balance: string, openOrders: string, overdue: string, currency = 'EUR') => ({
    __typename: 'Account',
    id,
    receivables: { balance: { amount: balance, currency }, overdue: { amount: overdue }, openOrders: { amount: openOrders } },
  });

  describe('policy', () => {
    it('is readable by anyone signed in and set by credit:manage (admin, finance), with history', async () => {
      const viewer = await t.token({ roles: ['viewer'] });
      const before = (await t.ok(`{ creditPolicy { checkMode onHoldAction version } }`, {}, { token: viewer })).creditPolicy;
      expect(before.version).toBeGreaterThanOrEqual(1);
      const next = before.checkMode === 'PAST_DUE' ? 'CREDIT_LIMIT' : 'PAST_DUE';
      const { setCreditPolicy } = await t.ok(SET_POLICY, { checkMode: next, onHoldAction: 'ALLOW_CASH_SALES', expectedVersion: before.version }, { token: financeToken });
      expect(setCreditPolicy).toMatchObject({ checkMode: next, onHoldAction: 'ALLOW_CASH_SALES', version: before.version + 1 });
      expect((await t.ok(`{ creditPolicy { checkMode onHoldAction version } }`)).creditPolicy).toEqual({ checkMode: next, onHoldAction: 'ALLOW_CASH_SALES', version: before.version + 1 });
      const [last] = await t.dataSource('credit-control').query(`SELECT actor, changes FROM credit_control.credit_change WHERE account_id IS NULL ORDER BY at DESC LIMIT 1`);
      expect(last.actor).toBe(financeUserId);
      expect(last.changes).toEqual(expect.arrayContaining([{ field: 'checkMode', from: before.checkMode, to: next }]));
      // The same policy again changes nothing.
      const again = await t.ok(SET_POLICY, { checkMode: next, onHoldAction: 'ALLOW_CASH_SALES' });
      expect(again.setCreditPolicy.version).toBe(before.version + 1);
    });

    it('starts as NONE / ALLOW_NOTHING', async () => {
      const [row] = await t.dataSource('credit-control').query(`SELECT changes FROM credit_control.credit_change WHERE account_id IS NULL ORDER BY at LIMIT 1`);
      const first = row ? Object.fromEntries(row.changes.map((c: any) => [c.field, c.from])) : null;
      const current = (await t.ok(`{ creditPolicy { checkMode onHoldAction } }`)).creditPolicy;
      // Either never changed (still the default) or the first change started from the default.
      expect(first ?? current).toMatchObject({ checkMode: 'NONE', onHoldAction: 'ALLOW_NOTHING' });
    });

    it.each([['viewer'], ['sales'], ['portal']])('%s may not set it: FORBIDDEN, nothing written', async (role) => {
      const token = await t.token({ roles: [role as any], accountId: role === 'portal' ? randomUUID() : undefined });
      const before = await written();
      const r = await t.gql(SET_POLICY, { checkMode: 'CREDIT_LIMIT', onHoldAction: 'ALLOW_NOTHING' }, { token });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', right: 'credit:manage' });
      expect(await written()).toEqual(before);
    });

    it('a stale expectedVersion is a CONFLICT, nothing written', async () => {
      const { version } = (await t.ok(`{ creditPolicy { version } }`)).creditPolicy;
      const before = await written();
      const r = await t.gql(SET_POLICY, { checkMode: 'CREDIT_LIMIT', onHoldAction: 'ALLOW_NOTHING', expectedVersion: version - 1 });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: version });
      expect(await written()).toEqual(before);
    });

    it('an unknown mode is a validation error', async () => {
      const r = await t.gql(SET_POLICY, { checkMode: 'ALWAYS', onHoldAction: 'ALLOW_NOTHING' });
      expect(r.status).toBe(400);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('limits', () => {
    it('sets, reads through the gateway, changes and removes a limit in the account currency', async () => {
      const id = await newAccount('GBP');
      const set = (await t.ok(SET_LIMIT, { accountId: id, limit: '1000' }, { token: financeToken })).setCreditLimit;
      expect(set).toEqual({
        limit: { amount: '1000.00', currency: 'GBP' },
        exposure: { amount: '0.00', currency: 'GBP' },
        available: { amount: '1000.00', currency: 'GBP' },
        onHold: false,
        holdReasons: [],
        manualHold: null,
        version: 1,
      });
      expect((await t.ok(CREDIT, { id })).account.credit).toEqual(set);

      const again = (await t.ok(SET_LIMIT, { accountId: id, limit: '1000.00' })).setCreditLimit;
      expect(again.version).toBe(1); // the same limit: nothing written
      const raised = (await t.ok(SET_LIMIT, { accountId: id, limit: '2500.5', expectedVersion: 1 })).setCreditLimit;
      expect(raised).toMatchObject({ limit: { amount: '2500.50', currency: 'GBP' }, available: { amount: '2500.50' }, version: 2 });
      const removed = (await t.ok(SET_LIMIT, { accountId: id, limit: null })).setCreditLimit;
      expect(removed).toMatchObject({ limit: null, available: null, version: 3 });
      expect((await t.ok(CREDIT, { id })).account.credit).toMatchObject({ limit: null, available: null, version: 3 });

      expect((await history(id)).map((h: any) => [h.action, h.changes[0].from, h.changes[0].to])).toEqual([
        ['LIMIT_SET', null, '1000 GBP'],
        ['LIMIT_SET', '1000.0000 GBP', '2500.5 GBP'],
        ['LIMIT_REMOVED', '2500.5000 GBP', null],
      ]);
    });

    it('a currency without minor units takes whole amounts only', async () => {
      const id = await newAccount('JPY');
      expect((await t.ok(SET_LIMIT, { accountId: id, limit: '500000' })).setCreditLimit.limit).toEqual({ amount: '500000', currency: 'JPY' });
      const r = await t.gql(SET_LIMIT, { accountId: id, limit: '10.5' });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    });

    it.each([
      ['a negative limit', '-1', 'limit'],
      ['an over-precise limit', '100.001', 'limit'],
      ['a limit beyond what is stored', '99999999999999999', 'limit'],
    ])('%s: BAD_USER_INPUT, nothing written', async (_what, limit, field) => {
      const id = await newAccount();
      const before = await written();
      const r = await t.gql(SET_LIMIT, { accountId: id, limit });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await written()).toEqual(before);
    });

    it('a float or a word for a limit is refused by the Decimal scalar, nothing written', async () => {
      const id = await newAccount();
      const before = await written();
      for (const limit of [12.5, 'lots', '']) {
        // The subgraph says BAD_USER_INPUT (HTTP 400). Through the gateway the code is lost: it reports a
        // subgraph's 400 as "400: Bad Request" / INTERNAL_SERVER_ERROR (a gateway matter, left to the platform).
        const direct = await t.gql(SET_LIMIT, { accountId: id, limit }, { url: t.system.urls['credit-control'] });
        expect(direct.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect((await t.gql(SET_LIMIT, { accountId: id, limit })).errors?.length).toBeGreaterThan(0);
      }
      const literal = `mutation { setCreditLimit(accountId: "${id}", limit: 12.5) { version } }`;
      expect((await t.gql(literal, {}, { url: t.system.urls['credit-control'] })).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await t.gql(literal)).errors?.length).toBeGreaterThan(0);
      expect(await written()).toEqual(before);
    });

    it('an unknown account is NOT_FOUND and a malformed id BAD_USER_INPUT; nothing written', async () => {
      const before = await written();
      const unknown = await t.gql(SET_LIMIT, { accountId: randomUUID(), limit: '10' });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
      const malformed = await t.gql(SET_LIMIT, { accountId: 'not-an-id', limit: '10' });
      expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
      const huge = await t.gql(SET_LIMIT, { accountId: 'x'.repeat(100_000), limit: '10' });
      expect(huge.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
      expect(await written()).toEqual(before);
    });

    it.each([['viewer'], ['sales']])('%s may not set a limit: FORBIDDEN, nothing written', async (role) => {
      const id = await newAccount();
      const token = await t.token({ roles: [role as any] });
      const before = await written();
      const r = await t.gql(SET_LIMIT, { accountId: id, limit: '10' }, { token });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', right: 'credit:manage' });
      expect(await written()).toEqual(before);
    });

    it('a stale expectedVersion is a CONFLICT, nothing written', async () => {
      const id = await newAccount();
      await t.ok(SET_LIMIT, { accountId: id, limit: '10' });
      const before = await written();
      const r = await t.gql(SET_LIMIT, { accountId: id, limit: '20', expectedVersion: 0 });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
      expect(await written()).toEqual(before);
    });
  });

  describe('manual holds', () => {
    it('holds with a note, who and since; a repeated hold keeps since and by; release; a second release is an idempotent success', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const id = await newAccount();
      const started = Date.now();
      const held = (await t.ok(HOLD, { accountId: id, note: '  Disputed invoice  ' }, { token: financeToken })).holdAccount;
      expect(held).toMatchObject({ onHold: true, holdReasons: ['MANUAL'], manualHold: { by: { id: financeUserId }, note: 'Disputed invoice' }, version: 1 });
      expect(Date.parse(held.manualHold.since)).toBeGreaterThanOrEqual(started - 1000);
      expect((await t.ok(CREDIT, { id })).account.credit).toEqual(held);

      const renoted = (await t.ok(HOLD, { accountId: id, note: 'Disputed invoice, lawyer involved' })).holdAccount;
      expect(renoted.manualHold).toEqual({ since: held.manualHold.since, by: { id: financeUserId }, note: 'Disputed invoice, lawyer involved' });
      expect(renoted.version).toBe(2);
      const same = (await t.ok(HOLD, { accountId: id })).holdAccount;
      expect(same.version).toBe(2); // no note: nothing to change

      const released = (await t.ok(RELEASE, { accountId: id, expectedVersion: 2 })).releaseAccountHold;
      expect(released).toMatchObject({ onHold: false, holdReasons: [], manualHold: null, version: 3 });
      const before = await written();
      const again = (await t.ok(RELEASE, { accountId: id })).releaseAccountHold;
      expect(again).toEqual(released);
      expect(await written()).toEqual(before);
      expect((await history(id)).map((h: any) => h.action)).toEqual(['HOLD', 'HOLD_NOTE', 'RELEASE']);
    });

    it('releasing an account that was never held writes nothing', async () => {
      const id = await newAccount();
      const before = await written();
      expect((await t.ok(RELEASE, { accountId: id })).releaseAccountHold).toMatchObject({ onHold: false, manualHold: null, version: 0 });
      expect(await written()).toEqual(before);
    });

    it('an empty note is no note; a 100,000-character note is BAD_USER_INPUT, nothing written', async () => {
      const id = await newAccount();
      const before = await written();
      const r = await t.gql(HOLD, { accountId: id, note: 'x'.repeat(100_000) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      expect(await written()).toEqual(before);
      expect((await t.ok(HOLD, { accountId: id, note: '   ' })).holdAccount.manualHold.note).toBeNull();
    });

    it('concurrent retries of one hold: one hold, one history entry', async () => {
      const id = await newAccount();
      const results = await Promise.all(Array.from({ length: 8 }, () => t.gql(HOLD, { accountId: id, note: 'retry' })));
      for (const r of results) expect(r.errors).toBeUndefined();
      const sinces = new Set(results.map((r) => r.data.holdAccount.manualHold.since));
      expect(sinces.size).toBe(1);
      expect((await history(id)).map((h: any) => h.action)).toEqual(['HOLD']);
    });

    it.each([['viewer'], ['sales']])('%s may neither hold nor release: FORBIDDEN, nothing written', async (role) => {
      const id = await newAccount();
      await t.ok(HOLD, { accountId: id });
      const token = await t.token({ roles: [role as any] });
      const before = await written();
      for (const [q, vars] of [[HOLD, { accountId: id, note: 'x' }], [RELEASE, { accountId: id }]] as const) {
        const r = await t.gql(q, vars, { token });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', right: 'credit:manage' });
      }
      expect(await written()).toEqual(before);
    });

    it('unknown and malformed accounts: NOT_FOUND, BAD_USER_INPUT; nothing written', async () => {
      const before = await written();
      for (const q of [HOLD, RELEASE]) {
        expect((await t.gql(q, { accountId: randomUUID() })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
        expect((await t.gql(q, { accountId: '1234' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
      }
      expect(await written()).toEqual(before);
    });
  });

  describe('Account.credit', () => {
    it('an account without documents has exposure 0 in its own currency', async () => {
      const id = await newAccount('SEK');
      expect((await t.ok(CREDIT, { id })).account.credit).toEqual({
        limit: null,
        exposure: { amount: '0.00', currency: 'SEK' },
        available: null,
        onHold: false,
        holdReasons: [],
        manualHold: null,
        version: 0,
      });
    });

    it('derives exposure, available and the policy reasons from the receivables the gateway sends (_entities)', async () => {
      const [a, b, c] = [await newAccount(), await newAccount(), await newAccount()];
      await t.ok(SET_LIMIT, { accountId: a, limit: '1000' });
      await t.ok(SET_LIMIT, { accountId: b, limit: '1000' });
      await t.ok(HOLD, { accountId: c, note: 'manual' });
      const representations = [representation(a, '700.00', '300.01', '0.00'), representation(b, '400.00', '100.00', '50.00'), representation(c, '0.00', '0.00', '0.00')];
      const credit = async () => {
        // As the gateway would, the service passes without accounts' visibility stamp (users need one: see test/access).
        const r = await t.gql(ENTITIES, { representations }, { url: t.system.urls['credit-control'], token: serviceToken });
        expect(r.errors).toBeUndefined();
        return r.data._entities.map((e: any) => e.credit);
      };

      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const [overLimit, withinLimit, manual] = await credit();
      expect(overLimit).toMatchObject({ limit: { amount: '1000.00', currency: 'EUR' }, exposure: { amount: '1000.01', currency: 'EUR' }, available: { amount: '-0.01' }, onHold: true, holdReasons: ['CREDIT_LIMIT_EXCEEDED'] });
      expect(withinLimit).toMatchObject({ exposure: { amount: '500.00' }, available: { amount: '500.00' }, onHold: false, holdReasons: [] });
      expect(manual).toMatchObject({ limit: null, onHold: true, holdReasons: ['MANUAL'] });

      await setPolicy('PAST_DUE', 'ALLOW_NOTHING');
      expect((await credit()).map((s: any) => s.holdReasons)).toEqual([[], ['INVOICES_PAST_DUE'], ['MANUAL']]);

      await setPolicy('NONE', 'ALLOW_NOTHING');
      expect((await credit()).map((s: any) => s.holdReasons)).toEqual([[], [], ['MANUAL']]);
    });

    it('is batched: the SQL count for a page of accounts does not grow with the page', async () => {
      const ids = await Promise.all(Array.from({ length: 10 }, () => newAccount()));
      await Promise.all(ids.slice(0, 5).map((id) => t.ok(SET_LIMIT, { accountId: id, limit: '10' })));
      const count = async (n: number) => {
        const r = await t.gql(ENTITIES, { representations: ids.slice(0, n).map((id) => representation(id, '5', '6', '0')) }, { url: t.system.urls['credit-control'], token: serviceToken });
        expect(r.errors).toBeUndefined();
        expect(r.data._entities).toHaveLength(n);
        return r.sqlStatements;
      };
      const one = await count(1);
      expect(one).toBe(1); // terms and the policy in one statement
      expect(await count(10)).toBe(one);
    });

    it('a portal user calling the subgraph directly sees only its own account, and only with accounts\' stamp', async () => {
      const own = await newAccount();
      const other = await newAccount();
      const portalId = randomUUID();
      const portal = await t.token({ sub: portalId, roles: ['portal'], accountId: own });
      const stamps = new VisibilityStamps(t.secret);
      const url = t.system.urls['credit-control'];
      const ask = (id: string, visibilityStamp?: string) =>
        t.gql(ENTITIES, { representations: [{ ...representation(id, '1', '1', '0'), visibilityStamp }] }, { url, token: portal });
      const mine = await ask(own, stamps.sign(own, portalId));
      expect(mine.data._entities[0].credit.exposure.amount).toBe('2.00');
      expect((await ask(own)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await ask(other, stamps.sign(own, portalId))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      // Even a valid stamp (accounts never signs one for another customer's account) does not open another account to a portal user.
      expect((await ask(other, stamps.sign(other, portalId))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('accountsOnHold', () => {
    const allPages = async (first: number, token?: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      let totalCount = -1;
      for (let page = 0; page < 100; page++) {
        const { accountsOnHold }: any = await t.ok(ON_HOLD, { first, after }, { token });
        totalCount = accountsOnHold.totalCount;
        ids.push(...accountsOnHold.edges.map((e: any) => e.node.id));
        if (!accountsOnHold.pageInfo.hasNextPage) break;
        after = accountsOnHold.pageInfo.endCursor;
      }
      return { ids, totalCount };
    };

    it('lists manual holds in id order, page by page, with a total; a released account leaves the list', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const held = [await newAccount(), await newAccount(), await newAccount()];
      for (const id of held) await t.ok(HOLD, { accountId: id, note: 'collections' });
      const { ids, totalCount } = await allPages(2);
      expect(ids).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(held));
      expect(totalCount).toBe(ids.length);

      await t.ok(RELEASE, { accountId: held[1] });
      const after = await allPages(200, await t.token({ roles: ['viewer'] }));
      expect(after.ids).not.toContain(held[1]);
      expect(after.ids).toEqual(expect.arrayContaining([held[0], held[2]]));
    });

    it('resolves the accounts and their credit through the gateway', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const id = await newAccount('GBP');
      await t.ok(HOLD, { accountId: id, note: 'see me' });
      const { accountsOnHold } = await t.ok(`{ accountsOnHold(first: 200) { edges { node { id name currency credit { onHold holdReasons exposure { currency } manualHold { note } } } } } }`);
      const node = accountsOnHold.edges.map((e: any) => e.node).find((n: any) => n.id === id);
      expect(node).toMatchObject({ currency: 'GBP', credit: { onHold: true, holdReasons: ['MANUAL'], exposure: { currency: 'GBP' }, manualHold: { note: 'see me' } } });
      expect(node.name).toMatch(/^Credit /);
    });

    it('a portal user sees at most its own account', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const own = await newAccount();
      const other = await newAccount();
      await t.ok(HOLD, { accountId: own });
      await t.ok(HOLD, { accountId: other });
      const { ids, totalCount } = await allPages(1, await t.token({ roles: ['portal'], accountId: own }));
      expect(ids).toEqual([own]);
      expect(totalCount).toBe(1);
    });

    it('bad paging input: BAD_USER_INPUT', async () => {
      expect((await t.gql(ON_HOLD, { first: 201 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect((await t.gql(ON_HOLD, { first: -1 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect((await t.gql(ON_HOLD, { after: 'garbage' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const wrongShape = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
      expect((await t.gql(ON_HOLD, { after: wrongShape })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('with the policy NONE, manual holds are listed even when transactions cannot be reached; a hold then fails clearly and writes nothing', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const id = await newAccount();
      await t.ok(HOLD, { accountId: id });
      const other = await newAccount();
      const urls = t.system.urls;
      const real = urls.transactions;
      urls.transactions = 'http://127.0.0.1:1/graphql'; // what the subgraphs dial; the gateway keeps its own
      try {
        const { ids } = await allPages(200);
        expect(ids).toContain(id);
        const before = await written();
        const r = await t.gql(HOLD, { accountId: other });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'transactions' });
        expect(await written()).toEqual(before);
      } finally {
        urls.transactions = real;
      }
    });
  });

  describe('the credit decision (internal, for transactions)', () => {
    const ask = (input: Record<string, unknown>, token = serviceToken) => t.gql(DECISION, { input }, { url: t.system.urls['credit-control'], token });
    const input = (accountId: string, documentType: string, amount: string, f: { balance?: string; openOrders?: string; overdue?: string } = {}) => ({
      accountId,
      documentType,
      amount,
      currency: 'EUR',
      balance: f.balance ?? '0',
      openOrders: f.openOrders ?? '0',
      overdue: f.overdue ?? '0',
    });

    it('follows the table for each on-hold action: held by hand, over the limit with this order, or clear', async () => {
      const held = await newAccount();
      const limited = await newAccount();
      await t.ok(HOLD, { accountId: held });
      await t.ok(SET_LIMIT, { accountId: limited, limit: '1000' });
      const expected: Record<string, [string, string]> = {
        ALLOW_NOTHING: ['REFUSE', 'REFUSE'],
        ALLOW_PENDING_SALES_ORDERS: ['PENDING', 'REFUSE'],
        ALLOW_CASH_SALES: ['REFUSE', 'ALLOW'],
        ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES: ['PENDING', 'ALLOW'],
      };
      for (const [action, [salesOrder, cashSale]] of Object.entries(expected)) {
        await setPolicy('CREDIT_LIMIT', action);
        const decide = async (i: Record<string, unknown>) => {
          const r = await ask(i);
          expect(r.errors).toBeUndefined();
          return r.data.creditDecision;
        };
        expect(await decide(input(held, 'SALES_ORDER', '1'))).toEqual({ outcome: salesOrder, reasons: ['MANUAL'] });
        expect(await decide(input(held, 'CASH_SALE', '1'))).toEqual({ outcome: cashSale, reasons: ['MANUAL'] });
        // 900 + 50 open + 50.01 passes 1,000 for a sales order; a cash sale adds no exposure.
        expect(await decide(input(limited, 'SALES_ORDER', '50.01', { balance: '900', openOrders: '50' }))).toEqual({ outcome: salesOrder, reasons: ['CREDIT_LIMIT_EXCEEDED'] });
        expect(await decide(input(limited, 'SALES_ORDER', '50', { balance: '900', openOrders: '50' }))).toEqual({ outcome: 'ALLOW', reasons: [] });
        expect(await decide(input(limited, 'CASH_SALE', '50.01', { balance: '900', openOrders: '50' }))).toEqual({ outcome: 'ALLOW', reasons: [] });
        expect(await decide(input(limited, 'CASH_SALE', '1', { balance: '1000.01' }))).toEqual({ outcome: cashSale, reasons: ['CREDIT_LIMIT_EXCEEDED'] });
      }
    });

    it('PAST_DUE holds on anything overdue; NONE only on manual holds', async () => {
      const id = await newAccount();
      await t.ok(SET_LIMIT, { accountId: id, limit: '10' });
      await setPolicy('PAST_DUE', 'ALLOW_NOTHING');
      expect((await ask(input(id, 'SALES_ORDER', '100', { overdue: '0.01', balance: '5' }))).data.creditDecision).toEqual({ outcome: 'REFUSE', reasons: ['INVOICES_PAST_DUE'] });
      expect((await ask(input(id, 'SALES_ORDER', '100', { balance: '5' }))).data.creditDecision).toEqual({ outcome: 'ALLOW', reasons: [] });
      await setPolicy('NONE', 'ALLOW_NOTHING');
      expect((await ask(input(id, 'SALES_ORDER', '100', { overdue: '5', balance: '500' }))).data.creditDecision).toEqual({ outcome: 'ALLOW', reasons: [] });
    });

    it('an account credit control knows nothing about is allowed (no limit, no hold)', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      expect((await ask(input(randomUUID(), 'SALES_ORDER', '1000000', { balance: '1000000' }))).data.creditDecision).toEqual({ outcome: 'ALLOW', reasons: [] });
    });

    it('users may not ask, not even admins: FORBIDDEN', async () => {
      for (const token of [t.adminToken, financeToken]) {
        const r = await ask(input(randomUUID(), 'SALES_ORDER', '1'), token);
        expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(r.data).toBeNull();
      }
    });

    it('bad input: BAD_USER_INPUT with the field; a currency other than the limit is a CONFLICT', async () => {
      const id = await newAccount();
      await t.ok(SET_LIMIT, { accountId: id, limit: '10' });
      for (const [patch, field] of [
        [{ amount: '-1' }, 'amount'],
        [{ accountId: 'nope' }, 'accountId'],
        [{ currency: 'EURO' }, 'currency'],
        [{ openOrders: '-5' }, 'openOrders'],
        [{ overdue: '-5' }, 'overdue'],
      ] as const) {
        const r = await ask({ ...input(id, 'SALES_ORDER', '1'), ...patch });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const r = await ask({ ...input(id, 'SALES_ORDER', '1'), currency: 'USD' });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'currency' });
    });

    it('is not part of the public API: the gateway does not know it', async () => {
      const r = await t.gql(DECISION, { input: input(randomUUID(), 'SALES_ORDER', '1') });
      expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const { __schema } = await t.ok(`{ __schema { queryType { fields { name } } types { name } } }`);
      const names = new Set(__schema.types.map((x: any) => x.name));
      for (const hidden of ['CreditDecision', 'CreditOutcome', 'CreditDocumentType', 'CreditCheckInput']) expect(names.has(hidden)).toBe(false);
      expect(__schema.queryType.fields.map((f: any) => f.name)).not.toContain('creditDecision');
      expect(names.has('CreditPolicy')).toBe(true);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../support/system';
import { createAccount, STATUS } from './helpers';

const LIST = `query($filter: AccountFilter, $orderBy: AccountOrder, $direction: SortDirection, $first: Int, $after: String) {
  accounts(filter: $filter, orderBy: $orderBy, direction: $direction, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id code name } } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id code name kind type status currency classification } } }`;

describe('accounts: queries, pagination, visibility, loaders', () => {
  let t: TestSystem;
  const tag = `Q${Date.now().toString(36)}`;
  const made: any[] = [];
  beforeAll(async () => {
    t = await startTestSystem();
    const specs = [
      { name: 'Zeta Logistics', code: `${tag}-09`, type: 'CUSTOMER', email: 'ops@zeta.example' },
      { name: 'alpha Bakery', code: `${tag}-03`, type: 'PROSPECT', email: 'hello@alpha.example' },
      { name: 'Beta 100% Juice', code: `${tag}-01`, type: 'CUSTOMER', email: 'sales@beta.example' },
      { name: 'Gamma Tools', code: `${tag}-07`, type: 'SUPPLIER', email: 'info@gamma.example' },
      { name: 'Delta Foods', code: `${tag}-05`, type: 'LEAD', email: 'contact@deltafoods.example' },
      { name: 'Epsilon Care', code: `${tag}-02`, type: 'CUSTOMER', email: 'care@epsilon.example' },
      { name: 'Eta Energy', code: `${tag}-08`, type: 'RESELLER', email: 'eta@energy.example' },
    ];
    for (const s of specs) made.push(await createAccount(t, { ...s, classification: tag }));
    await t.ok(STATUS, { id: made[0].id, status: 'BLOCKED' });
  });
  afterAll(() => t?.stop());

  const list = async (vars: Record<string, unknown>, token?: string) => (await t.ok(LIST, { ...vars, filter: { classification: tag, ...(vars.filter as object) } }, token ? { token } : {})).accounts;

  it('account by id or by code', async () => {
    const a = made[1];
    expect((await t.ok(`query($id: ID!) { account(id: $id) { code } }`, { id: a.id })).account.code).toBe(a.code);
    expect((await t.ok(`query($id: ID!) { account(id: $id) { code } }`, { id: a.id.toUpperCase() })).account.code).toBe(a.code);
    expect((await t.ok(`query($c: String!) { account(code: $c) { id } }`, { c: a.code })).account.id).toBe(a.id);
    expect((await t.ok(`query($id: ID!, $c: String!) { account(id: $id, code: $c) { id } }`, { id: a.id, c: made[2].code })).account).toBeNull();
    expect((await t.ok(`query($id: ID!) { account(id: $id) { id } }`, { id: randomUUID() })).account).toBeNull();
    expect((await t.gql(`{ account { id } }`)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(`{ account(id: "nope") { id } }`)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('search over name, code and email, case-insensitive, with % and _ taken literally', async () => {
    const names = async (search: string) => (await list({ filter: { search } })).edges.map((e: any) => e.node.name).sort();
    expect(await names('ALPHA')).toEqual(['alpha Bakery']);
    expect(await names(`${tag}-07`)).toEqual(['Gamma Tools']);
    expect(await names('deltafoods.example')).toEqual(['Delta Foods']);
    expect(await names('100%')).toEqual(['Beta 100% Juice']);
    expect(await names('%')).toEqual(['Beta 100% Juice']);
    expect(await names('_')).toEqual([]);
  });

  it('filters by types, statuses, codes, classification and owner, with totalCount', async () => {
    expect((await list({ filter: { types: ['CUSTOMER'] } })).totalCount).toBe(3);
    expect((await list({ filter: { types: ['CUSTOMER'], statuses: ['ACTIVE'] } })).totalCount).toBe(2);
    expect((await list({ filter: { statuses: ['BLOCKED'] } })).edges.map((e: any) => e.node.id)).toEqual([made[0].id]);
    expect((await list({ filter: { codes: [made[3].code, made[4].code, 'nope'] } })).totalCount).toBe(2);
    expect((await list({ filter: { ownerId: made[0].owner.id } })).totalCount).toBe(7);
    expect((await list({ filter: { ownerId: randomUUID() } })).totalCount).toBe(0);
    expect((await t.gql(LIST, { filter: { ownerId: 'x' } })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ownerId' });
  });

  describe('keyset pagination in every order and direction', () => {
    it.each(['NAME', 'CODE', 'CREATED_AT', 'UPDATED_AT'])('%s', async (orderBy) => {
      for (const direction of ['ASC', 'DESC']) {
        const all = await list({ orderBy, direction, first: 200 });
        expect(all.totalCount).toBe(7);
        const walked: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 10; page++) {
          const p: any = await list({ orderBy, direction, first: 2, after });
          walked.push(...p.edges.map((e: any) => e.node.id));
          expect(p.totalCount).toBe(7);
          if (!p.pageInfo.hasNextPage) break;
          after = p.pageInfo.endCursor;
        }
        expect(walked).toEqual(all.edges.map((e: any) => e.node.id));
      }
      const asc = (await list({ orderBy, first: 200 })).edges.map((e: any) => e.node.id);
      const desc = (await list({ orderBy, direction: 'DESC', first: 200 })).edges.map((e: any) => e.node.id);
      expect(desc).toEqual([...asc].reverse());
    });

    it('orders names case-insensitively and codes as text', async () => {
      expect((await list({ orderBy: 'NAME', first: 3 })).edges.map((e: any) => e.node.name)).toEqual(['alpha Bakery', 'Beta 100% Juice', 'Delta Foods']);
      expect((await list({ orderBy: 'CODE', first: 2 })).edges.map((e: any) => e.node.code)).toEqual([`${tag}-01`, `${tag}-02`]);
    });

    it('refuses bad cursors and page sizes', async () => {
      const p = await list({ orderBy: 'NAME', first: 1 });
      expect((await t.gql(LIST, { orderBy: 'CODE', after: p.pageInfo.endCursor })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect((await t.gql(LIST, { after: 'garbage!' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect((await t.gql(LIST, { first: -1 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await t.gql(LIST, { first: 201 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await t.ok(`{ accounts { edges { node { id } } } }`)).accounts.edges.length).toBeLessThanOrEqual(20);
    });
  });

  describe('visibility', () => {
    it('an account above the caller security level is invisible everywhere', async () => {
      const secret = await createAccount(t, { securityLevel: 5, classification: `${tag}-secret` });
      const low = await t.token({ roles: ['sales'], securityLevel: 3 });
      const high = await t.token({ roles: ['sales'], securityLevel: 5 });
      const q = `query($id: ID!, $c: String!) { account(id: $id) { id } byCode: account(code: $c) { id } accounts(filter: { classification: $c }) { totalCount edges { node { id } } } }`;
      const hidden = await t.ok(q, { id: secret.id, c: secret.code }, { token: low });
      expect(hidden).toEqual({ account: null, byCode: null, accounts: { totalCount: 0, edges: [] } });
      const r = { r: [{ __typename: 'Account', id: secret.id }] };
      expect((await t.ok(ENTITIES, r, { url: t.system.urls.accounts, token: low }))._entities).toEqual([null]);
      expect((await t.ok(ENTITIES, r, { url: t.system.urls.accounts, token: high }))._entities[0].id).toBe(secret.id);
      const upd = await t.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { name: "x" }) { id } }`, { id: secret.id }, { token: low });
      expect(upd.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('nobody gives an account a security level above their own', async () => {
      const low = await t.token({ roles: ['sales'], securityLevel: 3 });
      const r = await t.gql(`mutation { createAccount(input: { name: "x", type: LEAD, securityLevel: 4, address: { line1: "a", countryCode: "NL" } }) { id } }`, {}, { token: low });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'securityLevel' });
      const own = await createAccount(t, { securityLevel: 3 }, low);
      const up = await t.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { securityLevel: 7 }) { id } }`, { id: own.id }, { token: low });
      expect(up.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'securityLevel' });
    });

    it('a portal user sees only its own account', async () => {
      const own = made[5];
      const portal = await t.token({ roles: ['portal'], accountId: own.id, securityLevel: 10 });
      expect((await t.ok(`query($id: ID!) { account(id: $id) { id } }`, { id: own.id }, { token: portal })).account.id).toBe(own.id);
      expect((await t.ok(`query($id: ID!) { account(id: $id) { id } }`, { id: made[6].id }, { token: portal })).account).toBeNull();
      expect((await t.ok(`{ accounts(first: 200) { totalCount edges { node { id } } } }`, {}, { token: portal })).accounts).toEqual({ totalCount: 1, edges: [{ node: { id: own.id } }] });
      const r = { r: [{ __typename: 'Account', id: own.id }, { __typename: 'Account', id: made[6].id }] };
      const ents = (await t.ok(ENTITIES, r, { url: t.system.urls.accounts, token: portal }))._entities;
      expect(ents.map((e: any) => e?.id ?? null)).toEqual([own.id, null]);
    });

    it('the service identity sees everything', async () => {
      const secret = await createAccount(t, { securityLevel: 10 });
      await t.ok(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: secret.id });
      const service = await t.token({ roles: ['service'] });
      const ents = (await t.ok(ENTITIES, { r: [{ __typename: 'Account', id: secret.id }] }, { url: t.system.urls.accounts, token: service }))._entities;
      expect(ents[0]).toMatchObject({ id: secret.id, code: secret.code, kind: 'COMPANY', type: 'CUSTOMER', status: 'ACTIVE', currency: 'EUR' });
    });
  });

  describe('loaders: the SQL count does not grow with the number of accounts', () => {
    it('_entities: one statement for any number of representations', async () => {
      const one = await t.gql(ENTITIES, { r: [{ __typename: 'Account', id: made[0].id }] }, { url: t.system.urls.accounts });
      const many = await t.gql(ENTITIES, { r: made.map((m) => ({ __typename: 'Account', id: m.id })) }, { url: t.system.urls.accounts });
      expect(many.data._entities.map((e: any) => e.id)).toEqual(made.map((m) => m.id));
      expect(one.sqlStatements).toBe(1);
      expect(many.sqlStatements).toBe(1);
    });

    it('a page of accounts with their history, requests and request stats', async () => {
      const q = `query($first: Int, $c: String) { accounts(first: $first, filter: { classification: $c }) { edges { node { id
        owner { id } history(first: 3) { totalCount edges { node { action actor { id } } } }
        requests(first: 5) { totalCount edges { node { number account { id } } } } requestStats(months: 6) { byMonth { month count } byType { type count hours } } } } } }`;
      for (const m of made.slice(0, 3)) {
        await t.ok(`mutation($a: ID!) { createRequest(input: { accountId: $a, type: "Service", subject: "Check", hours: 1.5 }) { id } }`, { a: m.id });
      }
      const two = await t.gql(q, { first: 2, c: tag });
      const seven = await t.gql(q, { first: 7, c: tag });
      expect(two.errors).toBeUndefined();
      expect(seven.errors).toBeUndefined();
      expect(seven.data.accounts.edges).toHaveLength(7);
      expect(seven.sqlStatements).toBe(two.sqlStatements);
    });
  });
});

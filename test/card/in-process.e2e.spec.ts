import { Client } from 'pg';
import { benchId, generateDataset } from '../../bench/dataset';
import { CARD_QUERY, PAGE_QUERY } from '../../bench/queries';
import { startSystem, type RunningSystem } from '../../scripts/system';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * SUBGRAPH_TRANSPORT=in-process: the gateway calls the subgraphs of its own
 * process without HTTP. Same database, same answers as over HTTP: cards,
 * pages, writes, refusals and a missing token.
 */
describe('in-process transport', () => {
  let t: TestSystem; // over HTTP
  let local: RunningSystem; // the same database, in-process
  const gql = async (url: string, query: string, variables: Record<string, unknown>, token: string | null) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: r.status, body: (await r.json()) as { data?: any; errors?: any }, sql: Number(r.headers.get('x-sql-statements')) };
  };

  beforeAll(async () => {
    t = await startTestSystem();
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    await generateDataset(client, { accounts: 30, progress: false });
    await client.end();
    local = await startSystem({ databaseUrl: t.database.url, authSecret: t.secret, gatewayPort: 0, poolSize: 3, transport: 'in-process' });
  });
  afterAll(async () => {
    await local?.stop();
    await t?.stop();
  });

  it('answers the card and a page of cards exactly as over HTTP, with the same SQL', async () => {
    for (const [query, variables] of [
      [CARD_QUERY, { id: benchId('a', 3) }],
      [PAGE_QUERY, { codes: ['1000001', '1000002', '1000017'] }],
    ] as const) {
      const viaHttp = await gql(t.gatewayUrl, query, variables, t.adminToken);
      const inProcess = await gql(local.gatewayUrl, query, variables, t.adminToken);
      expect(viaHttp.body.errors).toBeUndefined();
      expect(inProcess.body).toEqual(viaHttp.body);
      expect(inProcess.sql).toBe(viaHttp.sql);
    }
  });

  it('writes, refuses with the same codes and fields, and hides what a role may not see', async () => {
    const create = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { name currency } }`;
    const good = await gql(local.gatewayUrl, create, { input: { name: 'In Process B.V.', type: 'CUSTOMER', address: { line1: 'Kade 1', countryCode: 'NL' } } }, t.adminToken);
    expect(good.body).toEqual({ data: { createAccount: { name: 'In Process B.V.', currency: 'EUR' } } });
    const bad = await gql(local.gatewayUrl, create, { input: { name: '', type: 'CUSTOMER', address: { line1: 'Kade 1', countryCode: 'NL' } } }, t.adminToken);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const viewer = await t.token({ roles: ['viewer'] });
    const denied = await gql(local.gatewayUrl, create, { input: { name: 'Nope', type: 'CUSTOMER', address: { line1: 'Kade 1', countryCode: 'NL' } } }, viewer);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const portal = await t.token({ roles: ['portal'], accountId: benchId('a', 4) });
    const other = await gql(local.gatewayUrl, CARD_QUERY, { id: benchId('a', 3) }, portal);
    expect(other.body.data.account).toBeNull();
    const own = await gql(local.gatewayUrl, CARD_QUERY, { id: benchId('a', 4) }, portal);
    expect(own.body.data.account.contacts).toHaveLength(3);
  });

  it('still refuses a request without a token with 401', async () => {
    const r = await gql(local.gatewayUrl, CARD_QUERY, { id: benchId('a', 3) }, null);
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

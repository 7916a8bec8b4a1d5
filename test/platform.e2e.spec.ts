import { SignJWT } from 'jose';
import { startTestSystem, type TestSystem } from './support/system';

const CREATE = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id code name currency } }`;
const ACROSS_SUBGRAPHS = `query($id: ID!) {
  account(id: $id) {
    id name currency
    contacts { fullName }
    receivables { balance { amount currency } openOrders { amount } }
    credit { exposure { amount currency } onHold holdReasons }
  }
}`;

describe('platform: four subgraphs behind the gateway', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  it('creates an account and reads a field from each subgraph through the gateway', async () => {
    const { createAccount } = await t.ok(CREATE, {
      input: { name: 'Platform Test B.V.', type: 'CUSTOMER', address: { line1: 'Stationsplein 1', city: 'Utrecht', countryCode: 'NL' } },
    });
    const r = await t.gql(ACROSS_SUBGRAPHS, { id: createAccount.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.account).toEqual({
      id: createAccount.id,
      name: 'Platform Test B.V.',
      currency: 'EUR',
      contacts: [],
      receivables: { balance: { amount: '0.00', currency: 'EUR' }, openOrders: { amount: '0.00' } },
      credit: { exposure: { amount: '0.00', currency: 'EUR' }, onHold: false, holdReasons: [] },
    });
    // Every subgraph reports its statements; the gateway adds them up.
    expect(r.sqlStatements).toBeGreaterThanOrEqual(3);
  });

  it('echoes and forwards a request id', async () => {
    const r = await t.gql('{ __typename }', {}, { headers: { 'x-request-id': 'req-123' } });
    expect(r.headers.get('x-request-id')).toBe('req-123');
  });

  describe('authentication at the gateway', () => {
    const expect401 = async (token: string | null) => {
      const r = await t.gql('{ __typename }', {}, { token });
      expect(r.status).toBe(401);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.data).toBeNull();
    };

    it('refuses a request without a token', () => expect401(null));
    it('refuses a token with a bad signature', async () => {
      const good = await t.token({ roles: ['admin'] });
      const [h, p] = good.split('.');
      await expect401(`${h}.${p}.${Buffer.from('forged').toString('base64url')}`);
    });
    it('refuses a token signed with another secret', async () => {
      const other = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret'));
      await expect401(other);
    });
    it('refuses an expired token', async () => {
      const expired = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(t.secret));
      await expect401(expired);
    });
    it('refuses alg none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
      await expect401(`${header}.${payload}.`);
    });
    it('refuses a malformed header', () => expect401('not-a-jwt'));
  });

  it('subgraphs verify the token again: calling one directly without a valid token gains nothing', async () => {
    for (const url of Object.values(t.system.urls)) {
      const r = await t.gql('{ __typename }', {}, { url, token: null });
      expect(r.status).toBe(401);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const ok = await t.gql('{ __typename }', {}, { url: t.system.urls.accounts });
    expect(ok.data).toEqual({ __typename: 'Query' });
  });

  it('/health and /ready', async () => {
    const base = t.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      subgraphs: { accounts: 'ok', contacts: 'ok', transactions: 'ok', 'credit-control': 'ok' },
    });
    for (const url of Object.values(t.system.urls)) expect((await fetch(url.replace(/\/graphql$/, '/health'))).status).toBe(200);
  });

  it('/metrics counts requests, errors and SQL statements', async () => {
    await t.gql('query Probe { __typename }');
    const text = await (await fetch(t.gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
    expect(text).toMatch(/gateway_graphql_requests_total\{operation="Probe",outcome="ok"\} 1/);
    expect(text).toContain('gateway_graphql_sql_statements_bucket');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  describe('limits', () => {
    it('refuses too many aliases', async () => {
      const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: account(code: "x") { id }`).join(" ");
      const r = await t.gql(`{ ${aliases} }`);
      expect(r.data).toBeFalsy();
      expect(r.errors?.[0].message).toMatch(/alias/i);
    });

    it('refuses a query nested too deep', async () => {
      const nested = `{ ${'... on Query { '.repeat(13)}__typename${' }'.repeat(13)} }`;
      const r = await t.gql(nested);
      expect(r.data).toBeFalsy();
      expect(r.errors?.[0].message).toMatch(/depth/i);
    });

    it('refuses a query of too many tokens with 400', async () => {
      const r = await t.gql(`{ ${'__typename '.repeat(2500)}}`);
      expect(r.status).toBe(400);
      expect(r.errors?.[0].message).toMatch(/tokens/);
    });

    it('answers a syntax error with 400, not 500', async () => {
      const r = await t.gql('{');
      expect(r.status).toBe(400);
      expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('refuses a body over the limit with 413, as JSON', async () => {
      const res = await fetch(t.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
        body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(11 * 1024 * 1024) } }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('bad input is refused with the field and nothing is written', () => {
    it.each([
      ['an empty name', { name: '  ' }, 'name'],
      ['a 100,000-character name', { name: 'x'.repeat(100_000) }, 'name'],
      ['an unknown country', { address: { line1: 'a', countryCode: 'XX' } }, 'address.countryCode'],
      ['an unknown currency', { currency: 'EUX' }, 'currency'],
    ])('%s', async (_what, patch, field) => {
      const ds = t.dataSource('accounts');
      const [{ n: before }] = await ds.query('SELECT count(*)::int AS n FROM accounts.account');
      const input = { name: 'Valid', type: 'CUSTOMER', address: { line1: 'Main St 1', countryCode: 'NL' }, ...patch };
      const r = await t.gql(CREATE, { input });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const [{ n: after }] = await ds.query('SELECT count(*)::int AS n FROM accounts.account');
      expect(after).toBe(before);
    });

    it('a bad custom scalar refused by a subgraph keeps its code, without the subgraph\'s URL or body', async () => {
      const { createAccount } = await t.ok(CREATE, { input: { name: 'Scalar B.V.', type: 'CUSTOMER', address: { line1: 'a 1', countryCode: 'NL' } } });
      const r = await t.gql('mutation($id: ID!, $l: Decimal) { setCreditLimit(accountId: $id, limit: $l) { limit { amount } } }', { id: createAccount.id, l: 0.5 });
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].message).toMatch(/Decimal/);
      expect(JSON.stringify(r.errors)).not.toMatch(/127\.0\.0\.1|"response"/);
    });

    it('a wrong enum value is a validation error, not a crash', async () => {
      const r = await t.gql(CREATE, { input: { name: 'x', type: 'EMPEROR', address: { line1: 'a', countryCode: 'NL' } } });
      expect(r.status).toBe(400);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});

describe('platform in production mode', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ gateway: { production: true, introspection: false } });
  });
  afterAll(() => t?.stop());

  it('shows no stack traces and no field suggestions', async () => {
    const r = await t.gql('{ acount(id: "x") { id } }');
    expect(r.errors?.length).toBeGreaterThan(0);
    const text = JSON.stringify(r.errors);
    expect(text).not.toMatch(/stacktrace|Did you mean/);
    const unauth = await t.gql('{ __typename }', {}, { token: null });
    expect(JSON.stringify(unauth.errors)).not.toMatch(/stacktrace/);
  });

  it('can turn introspection off', async () => {
    const r = await t.gql('{ __schema { types { name } } }');
    expect(r.errors?.[0].message).toMatch(/introspection/i);
  });
});

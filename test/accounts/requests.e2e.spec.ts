import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../support/system';
import { counts, createAccount } from './helpers';

const CREATE_REQ = `mutation($input: CreateRequestInput!) { createRequest(input: $input) { id number type subject status hours createdAt closedAt version account { id } } }`;
const UPDATE_REQ = `mutation($id: ID!, $status: RequestStatus, $hours: Float, $v: Int) { updateRequest(id: $id, status: $status, hours: $hours, expectedVersion: $v) { id status hours closedAt version } }`;

function monthsBack(n: number): string[] {
  const now = new Date();
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1 - i), 1)).toISOString().slice(0, 7));
}

describe('accounts: requests', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  const create = async (accountId: string, patch: Record<string, unknown> = {}, token?: string) =>
    (await t.ok(CREATE_REQ, { input: { accountId, type: 'Service', subject: 'Yearly maintenance', ...patch } }, token ? { token } : {})).createRequest;

  it('creates requests with gapless numbers, OPEN, on the account', async () => {
    const a = await createAccount(t);
    const r1 = await create(a.id, { hours: 1.5 });
    const r2 = await create(a.id, { type: 'Complaint', subject: 'Late delivery' });
    expect(r1).toMatchObject({ type: 'Service', subject: 'Yearly maintenance', status: 'OPEN', hours: 1.5, closedAt: null, version: 1, account: { id: a.id } });
    expect(r2.hours).toBe(0);
    const n1 = Number(r1.number.slice(4));
    expect(r1.number).toMatch(/^REQ-\d{6}$/);
    expect(r2.number).toBe(`REQ-${String(n1 + 1).padStart(6, '0')}`);
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => t.gql(CREATE_REQ, { input: { accountId: a.id, type: 'Service', subject: 'Parallel' } })));
    const numbers = concurrent.map((r) => Number(r.data.createRequest.number.slice(4))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => n1 + 2 + i));
    expect((await t.ok(`query($id: ID!) { request(id: $id) { number account { id } } }`, { id: r1.id })).request).toEqual({ number: r1.number, account: { id: a.id } });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty type', { type: ' ' }, 'type'],
    ['a 100,000-character subject', { subject: 'x'.repeat(100_000) }, 'subject'],
    ['negative hours', { hours: -1 }, 'hours'],
    ['hours with three decimals', { hours: 1.234 }, 'hours'],
    ['a malformed account id', { accountId: 'nope' }, 'accountId'],
  ])('refuses %s, writing nothing', async (_what, patch, field) => {
    const a = await createAccount(t);
    const before = await counts(t);
    const r = await t.gql(CREATE_REQ, { input: { accountId: a.id, type: 'Service', subject: 'x', ...patch } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await counts(t)).toEqual(before);
  });

  it('refuses unknown, invisible and deleted accounts, and read-only callers', async () => {
    const before = await counts(t);
    expect((await t.gql(CREATE_REQ, { input: { accountId: randomUUID(), type: 'x', subject: 'y' } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const secret = await createAccount(t, { securityLevel: 8 });
    const low = await t.token({ roles: ['sales'], securityLevel: 1 });
    expect((await t.gql(CREATE_REQ, { input: { accountId: secret.id, type: 'x', subject: 'y' } }, { token: low })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const viewer = await t.token({ roles: ['viewer'], securityLevel: 10 });
    expect((await t.gql(CREATE_REQ, { input: { accountId: secret.id, type: 'x', subject: 'y' } }, { token: viewer })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const portal = await t.token({ roles: ['portal'], accountId: secret.id, securityLevel: 10 });
    expect((await t.gql(CREATE_REQ, { input: { accountId: secret.id, type: 'x', subject: 'y' } }, { token: portal })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const gone = await createAccount(t);
    await t.ok(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: gone.id });
    const mid = await counts(t);
    expect((await t.gql(CREATE_REQ, { input: { accountId: gone.id, type: 'x', subject: 'y' } })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await counts(t)).requests).toBe(before.requests);
    expect(await counts(t)).toEqual(mid);
  });

  it('status changes, hours and closedAt; other changes are INVALID_TRANSITION', async () => {
    const a = await createAccount(t);
    const r = await create(a.id);
    const { updateRequest: started } = await t.ok(UPDATE_REQ, { id: r.id, status: 'IN_PROGRESS', hours: 2.25, v: 1 });
    expect(started).toMatchObject({ status: 'IN_PROGRESS', hours: 2.25, closedAt: null, version: 2 });
    const stale = await t.gql(UPDATE_REQ, { id: r.id, hours: 3, v: 1 });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const { updateRequest: done } = await t.ok(UPDATE_REQ, { id: r.id, status: 'DONE' });
    expect(done.closedAt).not.toBeNull();
    const refused = await t.gql(UPDATE_REQ, { id: r.id, status: 'IN_PROGRESS' });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['OPEN'] });
    const { updateRequest: reopened } = await t.ok(UPDATE_REQ, { id: r.id, status: 'OPEN' });
    expect(reopened).toMatchObject({ status: 'OPEN', closedAt: null, version: 4 });
    expect((await t.gql(UPDATE_REQ, { id: r.id, hours: -2 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    expect((await t.gql(UPDATE_REQ, { id: randomUUID(), status: 'DONE' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('Account.requests: newest first, filtered by status, paginated, with totalCount', async () => {
    const a = await createAccount(t);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await create(a.id, { subject: `Request ${i}` }));
    await t.ok(UPDATE_REQ, { id: made[1].id, status: 'REJECTED' });
    const q = `query($id: ID!, $first: Int, $after: String, $status: RequestStatus) { account(id: $id) { requests(first: $first, after: $after, status: $status) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { subject status } } } } }`;
    const p1 = (await t.ok(q, { id: a.id, first: 2 })).account.requests;
    expect(p1.totalCount).toBe(5);
    expect(p1.edges.map((e: any) => e.node.subject)).toEqual(['Request 4', 'Request 3']);
    const p2 = (await t.ok(q, { id: a.id, first: 2, after: p1.pageInfo.endCursor })).account.requests;
    const p3 = (await t.ok(q, { id: a.id, first: 2, after: p2.pageInfo.endCursor })).account.requests;
    expect([...p2.edges, ...p3.edges].map((e: any) => e.node.subject)).toEqual(['Request 2', 'Request 1', 'Request 0']);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    const rejected = (await t.ok(q, { id: a.id, status: 'REJECTED' })).account.requests;
    expect(rejected).toMatchObject({ totalCount: 1, edges: [{ node: { subject: 'Request 1', status: 'REJECTED' } }] });
  });

  it('requestStats: per month for the last N months (empty months included) and per type', async () => {
    const a = await createAccount(t);
    const ids = [];
    for (const [type, hours] of [['Service', 1.5], ['Service', 2], ['Complaint', 0.5], ['Service', 1], ['Demo', 4]] as const) ids.push((await create(a.id, { type, hours })).id);
    const ds = t.dataSource('accounts');
    // Two requests three months ago, one last month, two this month; one 20 months ago (outside 12 months).
    const ago = (months: number) => {
      const now = new Date();
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 10, 12)).toISOString();
    };
    await ds.query(`UPDATE accounts.request SET created_at = $2 WHERE id = ANY($1::uuid[])`, [[ids[0], ids[1]], ago(3)]);
    await ds.query(`UPDATE accounts.request SET created_at = $2 WHERE id = $1`, [ids[2], ago(1)]);
    await ds.query(`UPDATE accounts.request SET created_at = $2 WHERE id = $1`, [ids[4], ago(20)]);
    const q = `query($id: ID!, $m: Int) { account(id: $id) { requestStats(months: $m) { byMonth { month count } byType { type count hours } } } }`;
    const stats = (await t.ok(q, { id: a.id })).account.requestStats;
    const months = monthsBack(12);
    expect(stats.byMonth.map((m: any) => m.month)).toEqual(months);
    const expected = Object.fromEntries(months.map((m) => [m, 0]));
    expected[months[11 - 3]] = 2;
    expected[months[11 - 1]] = 1;
    expected[months[11]] = 1;
    expect(Object.fromEntries(stats.byMonth.map((m: any) => [m.month, m.count]))).toEqual(expected);
    expect(stats.byType).toEqual([
      { type: 'Service', count: 3, hours: 4.5 },
      { type: 'Complaint', count: 1, hours: 0.5 },
      { type: 'Demo', count: 1, hours: 4 },
    ]);
    const three = (await t.ok(q, { id: a.id, m: 3 })).account.requestStats;
    expect(three.byMonth).toEqual([
      { month: monthsBack(3)[0], count: 0 },
      { month: monthsBack(3)[1], count: 1 },
      { month: monthsBack(3)[2], count: 1 },
    ]);
    expect((await t.gql(q, { id: a.id, m: 0 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
  });

  it('Request resolves through _entities only when its account is visible', async () => {
    const open = await createAccount(t);
    const secret = await createAccount(t, { securityLevel: 9 });
    const r1 = await create(open.id);
    const r2 = await create(secret.id);
    const low = await t.token({ roles: ['sales'], securityLevel: 2 });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Request { id number } } }`;
    const res = await t.ok(q, { r: [{ __typename: 'Request', id: r1.id }, { __typename: 'Request', id: r2.id }] }, { url: t.system.urls.accounts, token: low });
    expect(res._entities).toEqual([{ id: r1.id, number: r1.number }, null]);
  });
});

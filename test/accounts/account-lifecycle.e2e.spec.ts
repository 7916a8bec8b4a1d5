import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../support/system';
import { counts, createAccount, HISTORY, STATUS, TYPE, UPDATE } from './helpers';

const TYPES = ['ASSOCIATE', 'BANK', 'CUSTOMER', 'DIVISION', 'LEAD', 'NOT_VALIDATED', 'PROSPECT', 'RESELLER', 'SELLER', 'SUPPLIER', 'SUSPECT'];
const STATUSES = ['ACTIVE', 'REFERENCE', 'BLOCKED', 'PILOT', 'PASSIVE', 'INACTIVE'];

/** DESIGN.md, Account lifecycle, written out independently of the implementation. */
function expectedAllowed(type: string, status: string): string[] {
  if (status !== 'ACTIVE') return ['ACTIVE'];
  const out: string[] = [];
  if (['CUSTOMER', 'RESELLER'].includes(type)) out.push('REFERENCE');
  if (['CUSTOMER', 'RESELLER', 'SUPPLIER'].includes(type)) out.push('BLOCKED');
  if (type === 'CUSTOMER') out.push('PILOT', 'PASSIVE');
  out.push('INACTIVE');
  return out;
}

describe('accounts: lifecycle, concurrency, ownership, history', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  describe('status changes follow the table; every other change is INVALID_TRANSITION with the allowed statuses', () => {
    it.each(TYPES)('%s', async (type) => {
      const a = await createAccount(t, { type });
      expect(a.status).toBe('ACTIVE');
      const tryAll = async (from: string) => {
        const allowed = expectedAllowed(type, from);
        const [{ account }] = [await t.ok(`query($id: ID!) { account(id: $id) { allowedStatusChanges version } }`, { id: a.id })];
        expect(account.allowedStatusChanges).toEqual(allowed);
        for (const to of STATUSES.filter((s) => !allowed.includes(s))) {
          const before = await counts(t);
          const r = await t.gql(STATUS, { id: a.id, status: to });
          expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed });
          expect(await counts(t)).toEqual(before);
        }
        return allowed;
      };
      for (const to of await tryAll('ACTIVE')) {
        const { changeAccountStatus } = await t.ok(STATUS, { id: a.id, status: to });
        expect(changeAccountStatus.status).toBe(to);
        expect(await tryAll(to)).toEqual(['ACTIVE']);
        expect((await t.ok(STATUS, { id: a.id, status: 'ACTIVE' })).changeAccountStatus.status).toBe('ACTIVE');
      }
    });
  });

  it('a status change sets statusSince, bumps the version and is in the history', async () => {
    const a = await createAccount(t, { type: 'SUPPLIER' });
    await new Promise((r) => setTimeout(r, 5));
    const { changeAccountStatus: blocked } = await t.ok(STATUS, { id: a.id, status: 'BLOCKED', v: 1 });
    expect(blocked.version).toBe(2);
    expect(Date.parse(blocked.statusSince)).toBeGreaterThan(Date.parse(a.statusSince));
    const stale = await t.gql(STATUS, { id: a.id, status: 'ACTIVE', v: 1 });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const h = await t.ok(HISTORY, { id: a.id });
    expect(h.account.history.edges[0].node).toMatchObject({ action: 'STATUS_CHANGE', changes: [{ field: 'status', from: 'ACTIVE', to: 'BLOCKED' }] });
  });

  describe('type changes', () => {
    it('LEAD and PROSPECT become CUSTOMER: typeSince is set and the change is in the history', async () => {
      const lead = await createAccount(t, { type: 'LEAD', typeSince: '2023-01-15' });
      const { changeAccountType } = await t.ok(TYPE, { id: lead.id, type: 'CUSTOMER' });
      expect(changeAccountType).toMatchObject({ type: 'CUSTOMER', typeSince: new Date().toISOString().slice(0, 10), version: 2 });
      const prospect = await createAccount(t, { type: 'PROSPECT' });
      expect((await t.ok(TYPE, { id: prospect.id, type: 'CUSTOMER', since: '2024-06-01' })).changeAccountType.typeSince).toBe('2024-06-01');
      const h = await t.ok(HISTORY, { id: prospect.id });
      expect(h.account.history.edges[0].node.action).toBe('TYPE_CHANGE');
      expect(h.account.history.edges[0].node.changes).toEqual(
        expect.arrayContaining([
          { field: 'type', from: 'PROSPECT', to: 'CUSTOMER' },
          { field: 'typeSince', from: prospect.typeSince, to: '2024-06-01' },
        ]),
      );
    });

    it('refuses the same type, and a type that cannot hold the current status', async () => {
      const a = await createAccount(t, { type: 'CUSTOMER' });
      const before = await counts(t);
      const same = await t.gql(TYPE, { id: a.id, type: 'CUSTOMER' });
      expect(same.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
      expect(same.errors?.[0].extensions?.allowed).not.toContain('CUSTOMER');
      await t.ok(STATUS, { id: a.id, status: 'PILOT' });
      const pilot = await t.gql(TYPE, { id: a.id, type: 'SUPPLIER' });
      expect(pilot.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: [] });
      await t.ok(STATUS, { id: a.id, status: 'ACTIVE' });
      await t.ok(STATUS, { id: a.id, status: 'BLOCKED' });
      const blocked = await t.gql(TYPE, { id: a.id, type: 'LEAD' });
      expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['RESELLER', 'SUPPLIER'] });
      expect((await t.ok(TYPE, { id: a.id, type: 'SUPPLIER' })).changeAccountType.type).toBe('SUPPLIER');
      expect((await counts(t)).accounts).toBe(before.accounts);
    });
  });

  describe('updates', () => {
    it('absent fields are kept, null clears, and an update that changes nothing writes nothing', async () => {
      const a = await createAccount(t, { email: 'a@example.com', phone: '+31 20 111 2222', rating: 3 });
      const { updateAccount } = await t.ok(UPDATE, { id: a.id, input: { email: null, rating: 5 } });
      expect(updateAccount).toMatchObject({ email: null, phone: '+31 20 111 2222', rating: 5, version: 2, name: a.name });
      const before = await counts(t);
      const again = await t.ok(UPDATE, { id: a.id, input: { rating: 5, name: ` ${a.name} ` } });
      expect(again.updateAccount.version).toBe(2);
      expect(await counts(t)).toEqual(before);
      for (const [input, field] of [
        [{ name: null }, 'name'],
        [{ address: null }, 'address'],
        [{ securityLevel: null }, 'securityLevel'],
      ] as const) {
        const r = await t.gql(UPDATE, { id: a.id, input });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      expect(await counts(t)).toEqual(before);
    });

    it('unknown and malformed ids', async () => {
      const unknown = await t.gql(UPDATE, { id: randomUUID(), input: { name: 'x' } });
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const malformed = await t.gql(UPDATE, { id: "1' OR 1=1 --", input: { name: 'x' } });
      expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });

    it('a stale expectedVersion is a CONFLICT and changes nothing', async () => {
      const a = await createAccount(t);
      await t.ok(UPDATE, { id: a.id, input: { name: 'First B.V.' }, v: 1 });
      const before = await counts(t);
      const r = await t.gql(UPDATE, { id: a.id, input: { name: 'Second B.V.' }, v: 1 });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(await counts(t)).toEqual(before);
      expect((await t.ok(`query($id: ID!) { account(id: $id) { name } }`, { id: a.id })).account.name).toBe('First B.V.');
    });

    it('concurrent updates with one expectedVersion: exactly one wins', async () => {
      const a = await createAccount(t);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => t.gql(UPDATE, { id: a.id, input: { name: `Racer ${i}` }, v: 1 })),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(5);
      const h = await t.ok(HISTORY, { id: a.id });
      expect(h.account.history.totalCount).toBe(2);
    });
  });

  it('takeOwnership makes the caller the owner, in the history', async () => {
    const a = await createAccount(t);
    const userId = randomUUID();
    const sales = await t.token({ roles: ['sales'], sub: userId });
    const { takeOwnership } = await t.ok(`mutation($id: ID!) { takeOwnership(id: $id) { owner { id } version } }`, { id: a.id }, { token: sales });
    expect(takeOwnership).toEqual({ owner: { id: userId }, version: 2 });
    const h = await t.ok(HISTORY, { id: a.id });
    expect(h.account.history.edges[0].node).toMatchObject({ action: 'OWNER_CHANGE', actor: { id: userId }, changes: [{ field: 'ownerId', from: a.owner.id, to: userId }] });
    const viewer = await t.token({ roles: ['viewer'] });
    expect((await t.gql(`mutation($id: ID!) { takeOwnership(id: $id) { id } }`, { id: a.id }, { token: viewer })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await t.ok(`query($o: ID!) { accounts(filter: { ownerId: $o }) { totalCount edges { node { id } } } }`, { o: userId });
    expect(mine.accounts.edges.map((e: any) => e.node.id)).toEqual([a.id]);
  });

  it('the history records every change field by field, with actor and time, newest first, paginated', async () => {
    const actor = randomUUID();
    const token = await t.token({ roles: ['sales'], sub: actor });
    const a = await createAccount(t, { type: 'PROSPECT', email: 'old@example.com', address: { line1: 'Oud 1', city: 'Delft', countryCode: 'NL' } }, token);
    await t.ok(UPDATE, { id: a.id, input: { email: 'new@example.com', address: { line1: 'Nieuw 2', city: 'Delft', countryCode: 'NL' }, rating: 2 } }, { token });
    await t.ok(TYPE, { id: a.id, type: 'CUSTOMER' }, { token });
    await t.ok(STATUS, { id: a.id, status: 'PILOT' }, { token });
    const all = await t.ok(HISTORY, { id: a.id });
    const nodes = all.account.history.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.action)).toEqual(['STATUS_CHANGE', 'TYPE_CHANGE', 'UPDATE', 'CREATE']);
    expect(nodes.every((n: any) => n.actor?.id === actor && Date.now() - Date.parse(n.at) < 60_000)).toBe(true);
    expect(nodes[2].changes).toEqual([
      { field: 'email', from: 'old@example.com', to: 'new@example.com' },
      { field: 'rating', from: null, to: '2' },
      { field: 'address.line1', from: 'Oud 1', to: 'Nieuw 2' },
    ]);
    expect(nodes[3].changes).toEqual(expect.arrayContaining([{ field: 'name', from: null, to: a.name }, { field: 'type', from: null, to: 'PROSPECT' }]));
    const page1 = await t.ok(HISTORY, { id: a.id, first: 3 });
    expect(page1.account.history).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const page2 = await t.ok(HISTORY, { id: a.id, first: 3, after: page1.account.history.pageInfo.endCursor });
    expect(page2.account.history.edges.map((e: any) => e.node.action)).toEqual(['CREATE']);
    expect(page2.account.history.pageInfo.hasNextPage).toBe(false);
  });
});

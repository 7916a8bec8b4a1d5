import { startTestSystem, type TestSystem } from '../support/system';
import { counts, createAccount, resetSettings, SETTINGS, UPDATE } from './helpers';

const DELETE = `mutation($id: ID!) { deleteAccount(id: $id) { id deletedAt version } }`;
const RESTORE = `mutation($id: ID!) { restoreAccount(id: $id) { id deletedAt version } }`;
const READ = `query($id: ID!) { account(id: $id) { id code deletedAt history(first: 50) { totalCount edges { node { action } } } requests { totalCount } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id code } } }`;

describe('accounts: delete and restore', () => {
  let t: TestSystem;
  let admin: string;
  let sales: string;
  beforeAll(async () => {
    t = await startTestSystem();
    admin = t.adminToken;
    sales = await t.token({ roles: ['sales'], securityLevel: 10 });
  });
  afterAll(() => t?.stop());
  afterEach(() => resetSettings(t));

  it('needs account:delete, even with securityCheckRoles off', async () => {
    const a = await createAccount(t);
    await t.ok(SETTINGS, { input: { securityCheckRoles: false } });
    for (const roles of [['sales'], ['finance'], ['viewer']] as const) {
      const before = await counts(t);
      const r = await t.gql(DELETE, { id: a.id }, { token: await t.token({ roles: [...roles] }) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', right: 'account:delete' });
      expect(await counts(t)).toEqual(before);
    }
  });

  it('is refused with CONFLICT while transactions says the account has transactions', async () => {
    const a = await createAccount(t);
    await t.dataSource('transactions').query(`INSERT INTO transactions.account_balance (account_id, currency, document_count) VALUES ($1, 'EUR', 1)`, [a.id]);
    const before = await counts(t);
    const r = await t.gql(DELETE, { id: a.id });
    expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(r.errors?.[0].message).toMatch(/transactions/);
    expect(await counts(t)).toEqual(before);
    expect((await t.ok(READ, { id: a.id }, { token: sales })).account.deletedAt).toBeNull();
  });

  it('is soft; deleted accounts vanish from queries and entity resolution, except for users who may restore', async () => {
    const a = await createAccount(t);
    await t.ok(`mutation($a: ID!) { createRequest(input: { accountId: $a, type: "Service", subject: "Before deletion" }) { id } }`, { a: a.id });
    const { deleteAccount } = await t.ok(DELETE, { id: a.id });
    expect(deleteAccount.deletedAt).not.toBeNull();
    expect(deleteAccount.version).toBe(2);
    // A retried delete changes nothing.
    expect((await t.ok(DELETE, { id: a.id })).deleteAccount.version).toBe(2);

    // Gone for a user without account:restore: by id, by code, in lists and through _entities (what other subgraphs ask).
    expect((await t.ok(READ, { id: a.id }, { token: sales })).account).toBeNull();
    expect((await t.ok(`query($c: String!) { account(code: $c) { id } }`, { c: a.code }, { token: sales })).account).toBeNull();
    expect((await t.ok(`query($c: String!) { accounts(filter: { codes: [$c] }) { totalCount } }`, { c: a.code }, { token: sales })).accounts.totalCount).toBe(0);
    const rep = { r: [{ __typename: 'Account', id: a.id }] };
    expect((await t.ok(ENTITIES, rep, { url: t.system.urls.accounts, token: sales }))._entities).toEqual([null]);
    const card = await t.gql(`query($id: ID!) { account(id: $id) { id receivables { balance { amount } } contacts { id } } }`, { id: a.id }, { token: sales });
    expect(card.data?.account).toBeNull();
    expect((await t.gql(`{ deletedAccounts { totalCount } }`, {}, { token: sales })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // The list of live accounts never shows it, not even to an admin; deletedAccounts does.
    expect((await t.ok(`query($c: String!) { accounts(filter: { codes: [$c] }) { totalCount } }`, { c: a.code })).accounts.totalCount).toBe(0);
    const deleted = await t.ok(`{ deletedAccounts(first: 200) { totalCount edges { node { id deletedAt } } } }`);
    expect(deleted.deletedAccounts.edges[0].node).toEqual({ id: a.id, deletedAt: deleteAccount.deletedAt });
    expect((await t.ok(ENTITIES, rep, { url: t.system.urls.accounts }))._entities).toEqual([{ id: a.id, code: a.code }]);

    // History and requests stay, readable after deletion.
    const kept = await t.ok(READ, { id: a.id });
    expect(kept.account.history.edges.map((e: any) => e.node.action)).toEqual(['DELETE', 'CREATE']);
    expect(kept.account.requests.totalCount).toBe(1);

    // A deleted account is not edited until restored.
    const edit = await t.gql(UPDATE, { id: a.id, input: { name: 'Ghost' } });
    expect(edit.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('restore needs account:restore, brings the account back and is in the history', async () => {
    const a = await createAccount(t);
    await t.ok(DELETE, { id: a.id });
    const before = await counts(t);
    const denied = await t.gql(RESTORE, { id: a.id }, { token: sales });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await counts(t)).toEqual(before);
    const { restoreAccount } = await t.ok(RESTORE, { id: a.id }, { token: admin });
    expect(restoreAccount).toEqual({ id: a.id, deletedAt: null, version: 3 });
    expect((await t.ok(READ, { id: a.id }, { token: sales })).account.history.edges.map((e: any) => e.node.action)).toEqual(['RESTORE', 'DELETE', 'CREATE']);
    // Restoring an account that is not deleted changes nothing.
    expect((await t.ok(RESTORE, { id: a.id })).restoreAccount.version).toBe(3);
  });

  it('unknown and malformed ids', async () => {
    expect((await t.gql(DELETE, { id: '00000000-0000-0000-0000-000000000000' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(DELETE, { id: 'abc' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await t.gql(RESTORE, { id: 'abc' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

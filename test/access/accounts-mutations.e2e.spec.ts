import { cells, row, runCell, startWorld, unique, type MutationCase, type World } from './world';

/**
 * Every mutation of the accounts subgraph x every role, through the gateway.
 * Rows in ROLES order: admin sales finance viewer portal portalOther low.
 * securityCheckRoles is on (the default): writes need their right; portal
 * users never change accounts; `low` (admin rights, level 0) never finds an
 * account above its level.
 */
const CASES: MutationCase[] = [
  {
    name: 'createAccount',
    run: ({ w }, token) =>
      w.t.gql(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`, { input: { name: unique('New'), type: 'CUSTOMER', address: { line1: 'a 1', countryCode: 'NL' } } }, { token }),
    expect: row('o o F F F F o'),
  },
  {
    name: 'updateAccount',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { phone: "+31 20 123 4567" }) { id } }`, { id: accountId }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'changeAccountStatus',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($id: ID!) { changeAccountStatus(id: $id, status: BLOCKED) { id } }`, { id: accountId }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'changeAccountType',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($id: ID!) { changeAccountType(id: $id, type: RESELLER) { id } }`, { id: accountId }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'takeOwnership',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($id: ID!) { takeOwnership(id: $id) { id } }`, { id: accountId }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'deleteAccount',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: accountId }, { token }),
    expect: row('o F F F F F N'),
  },
  {
    name: 'restoreAccount',
    setup: async ({ w, accountId }) => {
      await w.deleteAccount(accountId);
      return {};
    },
    run: ({ w, accountId }, token) => w.t.gql(`mutation($id: ID!) { restoreAccount(id: $id) { id } }`, { id: accountId }, { token }),
    expect: row('o F F F F F N'),
  },
  {
    name: 'importAccounts (UPSERT matching the target by code)',
    run: ({ w, accountCode }, token) =>
      w.t.gql(
        `mutation($input: ImportAccountsInput!) { importAccounts(input: $input) { created updated failed errors { row field message } } }`,
        {
          input: {
            rows: [{ Code: accountCode, Name: 'Imported name', Type: 'CUSTOMER', Street: 'Import St 1', Country: 'NL' }],
            mapping: [
              { from: 'Code', to: 'code' },
              { from: 'Name', to: 'name' },
              { from: 'Type', to: 'type' },
              { from: 'Street', to: 'address.line1' },
              { from: 'Country', to: 'address.countryCode' },
            ],
            mode: 'UPSERT',
            expectedCount: 1,
          },
        },
        { token },
      ),
    expect: row('o o F F F F o', {
      admin: { ok: (r) => expect(r.data.importAccounts).toMatchObject({ created: 0, updated: 1, failed: 0 }) },
      sales: { ok: (r) => expect(r.data.importAccounts).toMatchObject({ created: 0, updated: 1, failed: 0 }) },
      // The account above the caller's level is not theirs to update: the row makes a new account (its code is
      // taken, so it gets the next free one), and the hidden account keeps its name.
      low: {
        ok: async (r, { w, accountId }) => {
          expect(r.data.importAccounts).toMatchObject({ created: 1, updated: 0, failed: 0 });
          const [hidden] = await w.t.dataSource('accounts').query(`SELECT name, version FROM accounts.account WHERE id = $1`, [accountId]);
          expect(hidden).toMatchObject({ version: 1 });
          expect(hidden.name).not.toBe('Imported name');
        },
      },
    }),
  },
  {
    name: 'createRequest',
    run: ({ w, accountId }, token) =>
      w.t.gql(`mutation($input: CreateRequestInput!) { createRequest(input: $input) { id } }`, { input: { accountId, type: 'Question', subject: 'Access' } }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'updateRequest',
    setup: async ({ w, accountId }) => ({ request: await w.request(accountId) }),
    run: ({ w, data }, token) => w.t.gql(`mutation($id: ID!) { updateRequest(id: $id, status: IN_PROGRESS) { id } }`, { id: data.request.id }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'updateAccountSettings',
    run: ({ w }, token) => w.t.gql(`mutation { updateAccountSettings(input: { defaultSource: "Access test" }) { defaultSource } }`, {}, { token }),
    expect: row('o F F F F F o'),
  },
];

describe('access matrix: accounts mutations x roles (through the gateway)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(() => w?.t.stop());

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(cells(c))('%s -> %s', (role) => runCell(w, c, role));
  });

  it('a user cannot give an account a security level above their own', async () => {
    const low = await w.token('low', w.otherAccountId);
    const before = await w.snapshot();
    const r = await w.t.gql(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`, {
      input: { name: unique('High'), type: 'CUSTOMER', address: { line1: 'a 1', countryCode: 'NL' }, securityLevel: 5 },
    }, { token: low });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'securityLevel' });
    expect(await w.snapshot()).toEqual(before);
  });

  it('requests of deleted accounts cannot be changed; the deleted account cannot be edited until restored', async () => {
    const { id } = await w.account();
    const request = await w.request(id);
    await w.deleteAccount(id);
    const before = await w.snapshot();
    const update = await w.t.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { phone: "1" }) { id } }`, { id });
    expect(update.errors?.[0].extensions?.code).toBe('CONFLICT');
    const req = await w.t.gql(`mutation($id: ID!) { updateRequest(id: $id, status: DONE) { id } }`, { id: request.id });
    expect(req.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await w.snapshot()).toEqual(before);
  });
});

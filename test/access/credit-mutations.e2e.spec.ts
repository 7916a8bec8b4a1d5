import { cells, row, runCell, startWorld, type MutationCase, type World } from './world';

/**
 * Every mutation of the credit-control subgraph x every role, through the gateway.
 * Rows in ROLES order: admin sales finance viewer portal portalOther low.
 * credit:manage is admin's and finance's; nobody else changes credit.
 */
const CASES: MutationCase[] = [
  {
    name: 'setCreditPolicy',
    run: ({ w }, token) => w.t.gql(`mutation { setCreditPolicy(checkMode: NONE, onHoldAction: ALLOW_PENDING_SALES_ORDERS) { checkMode } }`, {}, { token }),
    expect: row('o F o F F F o'),
  },
  {
    name: 'setCreditLimit',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($a: ID!) { setCreditLimit(accountId: $a, limit: "1000") { limit { amount } } }`, { a: accountId }, { token }),
    expect: row('o F o F F F N'),
  },
  {
    name: 'holdAccount',
    run: ({ w, accountId }, token) => w.t.gql(`mutation($a: ID!) { holdAccount(accountId: $a, note: "Access") { onHold } }`, { a: accountId }, { token }),
    expect: row('o F o F F F N'),
  },
  {
    name: 'releaseAccountHold',
    setup: async ({ w, accountId }) => {
      await w.t.ok(`mutation($a: ID!) { holdAccount(accountId: $a) { onHold } }`, { a: accountId });
      return {};
    },
    run: ({ w, accountId }, token) => w.t.gql(`mutation($a: ID!) { releaseAccountHold(accountId: $a) { onHold } }`, { a: accountId }, { token }),
    expect: row('o F o F F F N'),
  },
];

describe('access matrix: credit mutations x roles (through the gateway)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(() => w?.t.stop());

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(cells(c))('%s -> %s', (role) => runCell(w, c, role));
  });

  it('a deleted account gets no new credit terms, even from those who may see it (NOT_FOUND, nothing written)', async () => {
    const { id } = await w.account();
    await w.deleteAccount(id);
    const before = await w.snapshot();
    for (const query of [
      `mutation($a: ID!) { setCreditLimit(accountId: $a, limit: "5") { onHold } }`,
      `mutation($a: ID!) { holdAccount(accountId: $a) { onHold } }`,
      `mutation($a: ID!) { releaseAccountHold(accountId: $a) { onHold } }`,
    ]) {
      const r = await w.t.gql(query, { a: id });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
    }
    expect(await w.snapshot()).toEqual(before);
  });
});

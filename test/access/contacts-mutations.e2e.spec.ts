import { cells, row, runCell, startWorld, unique, type MutationCase, type World } from './world';

/**
 * Every mutation of the contacts subgraph x every role, through the gateway.
 * Rows in ROLES order: admin sales finance viewer portal portalOther low.
 * contact:write is admin's and sales'; portal users edit their own account's
 * contacts (and persons linked to it alone), nothing else.
 */
const CASES: MutationCase[] = [
  {
    name: 'createContact',
    run: ({ w, accountId }, token) =>
      w.t.gql(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, { input: { accountId, lastName: unique('New') } }, { token }),
    expect: row('o o F F o N N'),
  },
  {
    name: 'updateContact',
    setup: async ({ w, accountId }) => ({ contact: await w.contact(accountId) }),
    run: ({ w, data }, token) => w.t.gql(`mutation($id: ID!) { updateContact(id: $id, input: { jobTitle: "Buyer" }) { id } }`, { id: data.contact.id }, { token }),
    expect: row('o o F F o N N'),
  },
  {
    name: 'deleteContact',
    setup: async ({ w, accountId }) => ({ contact: await w.contact(accountId) }),
    run: ({ w, data }, token) => w.t.gql(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: data.contact.id }, { token }),
    expect: row('o o F F o N N'),
  },
  {
    name: 'setMainContact',
    setup: async ({ w, accountId }) => {
      await w.contact(accountId);
      return { contact: await w.contact(accountId) };
    },
    run: ({ w, data }, token) => w.t.gql(`mutation($id: ID!) { setMainContact(id: $id) { id isMain } }`, { id: data.contact.id }, { token }),
    expect: row('o o F F o N N'),
  },
  {
    name: 'markEmailBounced',
    setup: async ({ w, accountId }) => ({ contact: await w.contact(accountId) }),
    run: ({ w, data }, token) => w.t.gql(`mutation($e: String!) { markEmailBounced(email: $e) }`, { e: data.contact.email.toUpperCase() }, { token }),
    expect: row('o o F F F F o', {
      admin: { ok: (r) => expect(r.data.markEmailBounced).toBe(1) },
      sales: { ok: (r) => expect(r.data.markEmailBounced).toBe(1) },
      // The only contact with that address is at an account above the caller's level: not counted, not touched.
      low: { ok: (r) => expect(r.data.markEmailBounced).toBe(0), nothingWritten: true },
    }),
  },
  {
    name: 'updatePerson',
    setup: async ({ w, accountId }) => ({ contact: await w.contact(accountId) }),
    run: ({ w, data }, token) => w.t.gql(`mutation($id: ID!) { updatePerson(id: $id, input: { firstName: "Anna" }) { id } }`, { id: data.contact.personId }, { token }),
    expect: row('o o F F o N N'),
  },
  {
    name: 'mergePersons',
    setup: async ({ w, accountId }) => ({ keep: await w.contact(accountId), merge: await w.contact(accountId) }),
    run: ({ w, data }, token) =>
      w.t.gql(`mutation($k: ID!, $m: ID!) { mergePersons(keepId: $k, mergeId: $m) { id } }`, { k: data.keep.personId, m: data.merge.personId }, { token }),
    expect: row('o o F F F F N'),
  },
  {
    name: 'linkUser',
    setup: async ({ w }) => ({ userId: await w.user() }),
    run: ({ w, data, accountId }, token) => w.t.gql(`mutation($u: ID!, $a: ID) { linkUser(userId: $u, accountId: $a) { id } }`, { u: data.userId, a: accountId }, { token }),
    expect: row('o o F F F F N'),
  },
];

describe('access matrix: contacts mutations x roles (through the gateway)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(() => w?.t.stop());

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(cells(c))('%s -> %s', (role) => runCell(w, c, role));
  });

  it('a deleted account takes no contact changes, even from those who may see it (NOT_FOUND, nothing written)', async () => {
    const { id } = await w.account();
    const contact = await w.contact(id);
    const userId = await w.user();
    await w.deleteAccount(id);
    const before = await w.snapshot();
    for (const [query, vars, field] of [
      [`mutation($a: ID!) { createContact(input: { accountId: $a, lastName: "Late" }) { id } }`, { a: id }, 'accountId'],
      [`mutation($id: ID!) { updateContact(id: $id, input: { jobTitle: "Late" }) { id } }`, { id: contact.id }, 'id'],
      [`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: contact.id }, 'id'],
      [`mutation($id: ID!) { setMainContact(id: $id) { id } }`, { id: contact.id }, 'id'],
      [`mutation($u: ID!, $a: ID!) { linkUser(userId: $u, accountId: $a) { id } }`, { u: userId, a: id }, 'accountId'],
    ] as const) {
      const r = await w.t.gql(query, vars);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field });
    }
    expect(await w.snapshot()).toEqual(before);
    // The admin still reads it (account:restore).
    const read = await w.t.ok(`query($id: ID!) { account(id: $id) { deletedAt contacts { id } } }`, { id });
    expect(read.account.contacts).toEqual([{ id: contact.id }]);
  });

  it('a refused contact of a hidden account never names the account', async () => {
    const secret = await w.account(5);
    const contact = await w.contact(secret.id);
    const r = await w.t.gql(`mutation($id: ID!) { updateContact(id: $id, input: { jobTitle: "x" }) { id } }`, { id: contact.id }, { token: await w.token('low', w.otherAccountId) });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(r.errors?.[0].message).not.toContain(secret.id);
  });
});

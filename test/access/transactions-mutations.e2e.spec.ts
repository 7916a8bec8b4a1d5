import { cells, line, row, runCell, startWorld, unique, type CaseContext, type MutationCase, type World } from './world';

/**
 * Every mutation of the transactions subgraph x every role, through the gateway.
 * Rows in ROLES order: admin sales finance viewer portal portalOther low.
 * document:create is admin's, sales' and finance's; document:void admin's and
 * finance's; portal users accept (or reject) their own quotes, create their
 * own sales orders (through credit control) and record their own payments,
 * nothing else: allocating stays with staff (a portal payment allocates
 * through its `allocations` input).
 */
const create = (mutation: string) => ({ w, accountId }: CaseContext, token: string) =>
  w.t.gql(`mutation($input: DocumentInput!) { ${mutation}(input: $input) { id } }`, { input: { accountId, lines: [line('10')] } }, { token });

const byId = (mutation: string, key: string) => ({ w, data }: CaseContext, token: string) =>
  w.t.gql(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id: data[key].id }, { token });

const CASES: MutationCase[] = [
  { name: 'createQuote', run: create('createQuote'), expect: row('o o o F F F N') },
  {
    name: 'acceptQuote',
    setup: async ({ w, accountId }) => ({ quote: await w.document('createQuote', accountId) }),
    run: byId('acceptQuote', 'quote'),
    expect: row('o o o F o N N'),
  },
  {
    name: 'rejectQuote',
    setup: async ({ w, accountId }) => ({ quote: await w.document('createQuote', accountId) }),
    run: byId('rejectQuote', 'quote'),
    expect: row('o o o F o N N'),
  },
  { name: 'createSalesOrder', run: create('createSalesOrder'), expect: row('o o o F o N N') },
  {
    name: 'releaseSalesOrder',
    setup: async ({ w, accountId }) => {
      const order = await w.document('createSalesOrder', accountId);
      // A PENDING order whatever the credit policy: OPEN and PENDING orders count alike in the balance row.
      await w.t.dataSource('transactions').query(`UPDATE transactions.document SET status = 'PENDING' WHERE id = $1`, [order.id]);
      return { order };
    },
    run: byId('releaseSalesOrder', 'order'),
    expect: row('o o o F F F N'),
  },
  { name: 'createCashSale', run: create('createCashSale'), expect: row('o o o F F F N') },
  {
    name: 'invoiceSalesOrder',
    setup: async ({ w, accountId }) => ({ order: await w.document('createSalesOrder', accountId) }),
    run: byId('invoiceSalesOrder', 'order'),
    expect: row('o o o F F F N'),
  },
  { name: 'createInvoice', run: create('createInvoice'), expect: row('o o o F F F N') },
  { name: 'createCreditNote', run: create('createCreditNote'), expect: row('o o o F F F N') },
  {
    name: 'recordPayment',
    run: ({ w, accountId }, token) =>
      w.t.gql(`mutation($input: PaymentInput!) { recordPayment(input: $input) { id } }`, { input: { accountId, amount: '10', idempotencyKey: unique('key') } }, { token }),
    expect: row('o o o F o N N'),
  },
  {
    name: 'allocate',
    setup: async ({ w, accountId }) => ({ invoice: await w.document('createInvoice', accountId, '100'), payment: await w.payment(accountId, '50') }),
    run: ({ w, data }, token) =>
      w.t.gql(`mutation($f: ID!, $to: ID!) { allocate(fromId: $f, toId: $to, amount: "10") { amount { amount } } }`, { f: data.payment.id, to: data.invoice.id }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'refund',
    setup: async ({ w, accountId }) => ({ payment: await w.payment(accountId, '50') }),
    run: ({ w, accountId }, token) =>
      w.t.gql(`mutation($input: PaymentInput!) { refund(input: $input) { id } }`, { input: { accountId, amount: '10', idempotencyKey: unique('key'), autoAllocate: true } }, { token }),
    expect: row('o o o F F F N'),
  },
  {
    name: 'voidDocument',
    setup: async ({ w, accountId }) => ({ invoice: await w.document('createInvoice', accountId) }),
    run: byId('voidDocument', 'invoice'),
    expect: row('o F o F F F N'),
  },
];

describe('access matrix: transactions mutations x roles (through the gateway)', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(() => w?.t.stop());

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(cells(c))('%s -> %s', (role) => runCell(w, c, role));
  });

  it('a deleted account takes no documents or payments, even from those who may see it (NOT_FOUND, nothing written)', async () => {
    const { id } = await w.account();
    await w.deleteAccount(id);
    const before = await w.snapshot();
    for (const mutation of ['createQuote', 'createSalesOrder', 'createInvoice', 'createCreditNote', 'createCashSale']) {
      const r = await w.t.gql(`mutation($input: DocumentInput!) { ${mutation}(input: $input) { id } }`, { input: { accountId: id, lines: [line('10')] } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
    }
    const pay = await w.t.gql(`mutation($input: PaymentInput!) { recordPayment(input: $input) { id } }`, { input: { accountId: id, amount: '1', idempotencyKey: unique('key') } });
    expect(pay.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
    expect(await w.snapshot()).toEqual(before);
  });

  it("a refused document of a hidden account never names the account", async () => {
    const secret = await w.account(5);
    const quote = await w.document('createQuote', secret.id);
    const r = await w.t.gql(`mutation($id: ID!) { acceptQuote(id: $id) { id } }`, { id: quote.id }, { token: await w.token('low', w.otherAccountId) });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(r.errors?.[0].message).not.toContain(secret.id);
  });

  it('a payment retried by a user who may no longer see the account gets nothing back', async () => {
    const { id } = await w.account();
    const key = unique('key');
    const input = { accountId: id, amount: '10', idempotencyKey: key };
    await w.t.ok(`mutation($input: PaymentInput!) { recordPayment(input: $input) { id } }`, { input });
    await w.t.ok(`mutation($id: ID!) { updateAccount(id: $id, input: { securityLevel: 5 }) { id } }`, { id });
    const r = await w.t.gql(`mutation($input: PaymentInput!) { recordPayment(input: $input) { id ref } }`, { input }, { token: await w.token('low', w.otherAccountId) });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
  });
});

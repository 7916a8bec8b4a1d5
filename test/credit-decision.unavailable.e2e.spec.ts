import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestSystem, type GqlResponse, type TestSystem } from './support/system';
import { create, createAccount, DOC, ledgerViolations, line, snapshot } from './transactions/helpers';

/**
 * Credit control answering garbage, then down: every credit-checked command
 * (createSalesOrder, acceptQuote, releaseSalesOrder, createCashSale) is
 * refused with SERVICE_UNAVAILABLE and writes nothing; never silently allowed.
 * A file of its own: it stops the credit-control subgraph.
 */

const ORDER = `mutation($input: DocumentInput!) { createSalesOrder(input: $input) { ${DOC} } }`;
const CASH_SALE = `mutation($input: DocumentInput!) { createCashSale(input: $input) { ${DOC} } }`;
const ACCEPT = `mutation($id: ID!) { acceptQuote(id: $id) { ${DOC} } }`;
const RELEASE = `mutation($id: ID!) { releaseSalesOrder(id: $id) { ${DOC} } }`;
const DOCUMENT = `query($id: ID!) { document(id: $id) { status } }`;

/** A stand-in for credit control that answers `reply` to everything. */
async function fakeCreditControl(reply: { status: number; body: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('credit control unreachable or answering garbage: credit-checked documents are refused', () => {
  let t: TestSystem;
  let accountId: string;
  let quoteId: string;
  let pendingId: string;
  beforeAll(async () => {
    t = await startTestSystem();
    accountId = await createAccount(t);
    // A PENDING order to release, on an account that is clear again (so only credit control's absence stops it).
    await t.ok(`mutation { setCreditPolicy(checkMode: NONE, onHoldAction: ALLOW_PENDING_SALES_ORDERS) { checkMode } }`);
    await t.ok(`mutation($a: ID!) { holdAccount(accountId: $a) { onHold } }`, { a: accountId });
    pendingId = (await t.ok(ORDER, { input: { accountId, lines: [line('Goods', '1', '40')] } })).createSalesOrder.id;
    await t.ok(`mutation($a: ID!) { releaseAccountHold(accountId: $a) { onHold } }`, { a: accountId });
    quoteId = (await create(t, 'createQuote', { accountId, lines: [line('Goods', '1', '60')] })).id;
  });
  afterAll(() => t?.stop());
  afterEach(async () => expect(await ledgerViolations(t.dataSource('transactions'))).toEqual([]));

  const commands: [string, () => Promise<GqlResponse>][] = [
    ['createSalesOrder', () => t.gql(ORDER, { input: { accountId, lines: [line('Goods', '1', '10')] } })],
    ['createCashSale', () => t.gql(CASH_SALE, { input: { accountId, lines: [line('Goods', '1', '10')] } })],
    ['acceptQuote', () => t.gql(ACCEPT, { id: quoteId })],
    ['releaseSalesOrder', () => t.gql(RELEASE, { id: pendingId })],
  ];

  /** Every credit-checked command: SERVICE_UNAVAILABLE naming credit control, and nothing written. */
  async function expectAllRefused(message: RegExp): Promise<void> {
    const ds = t.dataSource('transactions');
    const before = await snapshot(ds);
    for (const [name, run] of commands) {
      const r = await run();
      expect([name, r.errors?.[0].extensions]).toEqual([name, expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'credit-control' })]);
      expect(r.errors?.[0].message).toMatch(message);
      expect(r.errors?.[0].message).toMatch(/Nothing was changed/);
    }
    expect(await snapshot(ds)).toEqual(before);
    expect((await t.ok(DOCUMENT, { id: quoteId })).document.status).toBe('SENT');
    expect((await t.ok(DOCUMENT, { id: pendingId })).document.status).toBe('PENDING');
  }

  describe('garbage', () => {
    const urls = () => t.system.urls;
    let real: string;
    beforeEach(() => {
      real = urls()['credit-control'];
    });
    afterEach(() => {
      urls()['credit-control'] = real;
    });

    it.each([
      ['an unknown outcome', 200, JSON.stringify({ data: { creditDecision: { outcome: 'MAYBE', reasons: [] } } }), /no valid decision/],
      ['no decision', 200, JSON.stringify({ data: { creditDecision: null } }), /no valid decision/],
      ['reasons that are not a list', 200, JSON.stringify({ data: { creditDecision: { outcome: 'ALLOW', reasons: 'none' } } }), /no valid decision/],
      ['a refusal without a reason', 200, JSON.stringify({ data: { creditDecision: { outcome: 'REFUSE', reasons: [] } } }), /no valid decision/],
      ['a window that is not a number', 200, JSON.stringify({ data: { creditDecision: { outcome: 'ALLOW', reasons: [], exposureThreshold: 'lots', overdueMatters: false } } }), /no valid decision/],
      ['no window', 200, JSON.stringify({ data: { creditDecision: { outcome: 'ALLOW', reasons: [] } } }), /no valid decision/],
      ['an empty body', 200, '{}', /cannot be reached/],
      ['HTML', 502, '<html>Bad gateway</html>', /cannot be reached/],
      ['an error without a code', 200, JSON.stringify({ errors: [{ message: 'boom' }] }), /cannot be reached/],
      ['an API error of its own (not the user input)', 200, JSON.stringify({ errors: [{ message: 'Missing right', extensions: { code: 'FORBIDDEN' } }] }), /failed \(Missing right\)/],
    ])('%s', async (_what, status, body, message) => {
      const fake = await fakeCreditControl({ status, body });
      urls()['credit-control'] = fake.url;
      try {
        await expectAllRefused(message as RegExp);
      } finally {
        await fake.close();
      }
    });

    it('with credit control back, the same commands go through', async () => {
      const r = await t.gql(ORDER, { input: { accountId, lines: [line('Goods', '1', '10')] } });
      expect(r.errors).toBeUndefined();
      expect(r.data.createSalesOrder.status).toBe('OPEN');
    });
  });

  describe('down', () => {
    beforeAll(async () => {
      const creditControl = t.system.subgraphs['credit-control'];
      await creditControl.stop();
      creditControl.stop = async () => undefined; // stopped already: t.stop() must not stop it twice
    });

    it('refuses every credit-checked command with SERVICE_UNAVAILABLE and writes nothing', async () => {
      await expectAllRefused(/cannot be reached/);
    });

    it('documents without a credit decision still work', async () => {
      const r = await t.gql(`mutation($input: DocumentInput!) { createInvoice(input: $input) { status } }`, { input: { accountId, lines: [line('Goods', '1', '5')] } });
      expect(r.errors).toBeUndefined();
    });
  });
});

import { performance } from 'node:perf_hooks';
import type { CreditGate, CreditQuestion } from '../subgraphs/transactions/credit-gate';
import { startTestSystem, type GqlResponse, type TestSystem } from './support/system';
import { create, createAccount, daysFromToday, DOC, invoice, ledgerViolations, line, newKey, PAY, receivables, snapshot } from './transactions/helpers';

/**
 * Credit control's decision on every new sales order (created, or from an
 * accepted quote), release of a PENDING order, and cash sale: through the
 * gateway, with the real credit-control subgraph answering transactions.
 * The policy is global, so every test sets the one it needs (tests in a
 * file run one after another). Credit control being down: credit-decision.unavailable.e2e.spec.ts.
 */

const ORDER = `mutation($input: DocumentInput!) { createSalesOrder(input: $input) { ${DOC} } }`;
const CASH_SALE = `mutation($input: DocumentInput!) { createCashSale(input: $input) { ${DOC} } }`;
const ACCEPT = `mutation($id: ID!) { acceptQuote(id: $id) { ${DOC} } }`;
const RELEASE = `mutation($id: ID!) { releaseSalesOrder(id: $id) { ${DOC} } }`;
const DOCUMENT = `query($id: ID!) { document(id: $id) { status } }`;
const SET_POLICY = `mutation($checkMode: CreditCheckMode!, $onHoldAction: OnHoldAction!) {
  setCreditPolicy(checkMode: $checkMode, onHoldAction: $onHoldAction) { checkMode onHoldAction } }`;
const SET_LIMIT = `mutation($accountId: ID!, $limit: Decimal) { setCreditLimit(accountId: $accountId, limit: $limit) { onHold } }`;
const HOLD = `mutation($accountId: ID!) { holdAccount(accountId: $accountId, note: "Collections") { onHold } }`;
const RELEASE_HOLD = `mutation($accountId: ID!) { releaseAccountHold(accountId: $accountId) { onHold } }`;
const CREDIT = `query($id: ID!) { account(id: $id) { credit { limit { amount } exposure { amount } available { amount } onHold holdReasons } } }`;

const ACTIONS = ['ALLOW_NOTHING', 'ALLOW_PENDING_SALES_ORDERS', 'ALLOW_CASH_SALES', 'ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES'] as const;
type Action = (typeof ACTIONS)[number];
type Command = 'createSalesOrder' | 'acceptQuote' | 'createCashSale';
type Hold = 'not held' | 'held by hand' | 'held by the policy (PAST_DUE)';

/** What an account on hold may still do (seed 004, "Customer on hold"); REFUSED is CREDIT_HOLD. */
const ON_HOLD: Record<Action, { order: string; cashSale: string }> = {
  ALLOW_NOTHING: { order: 'REFUSED', cashSale: 'REFUSED' },
  ALLOW_PENDING_SALES_ORDERS: { order: 'PENDING', cashSale: 'REFUSED' },
  ALLOW_CASH_SALES: { order: 'REFUSED', cashSale: 'PAID' },
  ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES: { order: 'PENDING', cashSale: 'PAID' },
};

const numbers = (refs: string[]) => refs.map((r) => Number(r.split('-')[1])).sort((a, b) => a - b);
const contiguous = (ns: number[]) => ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);

describe('the credit decision on new documents, through the gateway', () => {
  let t: TestSystem;
  let gate: CreditGate;
  let salesToken: string;
  beforeAll(async () => {
    t = await startTestSystem();
    gate = t.system.subgraphs.transactions.services.creditGate;
    salesToken = await t.token({ roles: ['sales'] }); // no credit:manage: the decision is asked with the service identity
  });
  afterAll(() => t?.stop());
  afterEach(async () => {
    jest.restoreAllMocks();
    expect(await ledgerViolations(t.dataSource('transactions'))).toEqual([]);
  });

  const setPolicy = (checkMode: string, onHoldAction: Action) => t.ok(SET_POLICY, { checkMode, onHoldAction });
  const setLimit = (accountId: string, limit: string | null) => t.ok(SET_LIMIT, { accountId, limit });
  const hold = (accountId: string) => t.ok(HOLD, { accountId });
  const releaseHold = (accountId: string) => t.ok(RELEASE_HOLD, { accountId });
  const credit = async (accountId: string) => (await t.ok(CREDIT, { id: accountId })).account.credit;
  const written = () => snapshot(t.dataSource('transactions'));
  const order = (accountId: string, amount: string, token = salesToken) => t.gql(ORDER, { input: { accountId, lines: [line('Goods', '1', amount)] } }, { token });
  const cashSale = (accountId: string, amount: string, token = salesToken) => t.gql(CASH_SALE, { input: { accountId, lines: [line('Goods', '1', amount)] } }, { token });
  const release = (id: string) => t.gql(RELEASE, { id }, { token: salesToken });
  const status = async (id: string) => (await t.ok(DOCUMENT, { id })).document.status;
  /** An invoice already past due: dated `daysAgo`, due 30 days later (before today). */
  const overdueInvoice = (accountId: string, amount: string, daysAgo = 60) =>
    invoice(t, accountId, amount, { date: daysFromToday(-daysAgo), dueDate: daysFromToday(-daysAgo + 30) });

  /** The command, ready to run; a quote to accept is created first (before "nothing written" is measured). */
  async function prepare(command: Command, accountId: string, amount: string): Promise<{ run: () => Promise<GqlResponse>; quoteId?: string }> {
    if (command === 'acceptQuote') {
      const quote = await create(t, 'createQuote', { accountId, lines: [line('Goods', '1', amount)] });
      return { run: () => t.gql(ACCEPT, { id: quote.id }, { token: salesToken }), quoteId: quote.id };
    }
    return { run: () => (command === 'createSalesOrder' ? order : cashSale)(accountId, amount) };
  }

  /** OPEN / PENDING / PAID (the new document's status), REFUSED (CREDIT_HOLD), or the unexpected error. */
  function outcomeOf(r: GqlResponse): string {
    if (r.errors?.length) return r.errors[0].extensions?.code === 'CREDIT_HOLD' ? 'REFUSED' : `ERROR ${JSON.stringify(r.errors)}`;
    return (Object.values(r.data)[0] as { status: string }).status;
  }

  describe('the table: 4 on-hold actions x on hold or not x sales order (created or from a quote) or cash sale', () => {
    const cases: [Action, Hold, Command][] = [];
    for (const action of ACTIONS) {
      for (const held of ['not held', 'held by hand', 'held by the policy (PAST_DUE)'] as Hold[]) {
        for (const command of ['createSalesOrder', 'acceptQuote', 'createCashSale'] as Command[]) cases.push([action, held, command]);
      }
    }

    it.each(cases)('%s, account %s: %s', async (action, held, command) => {
      await setPolicy(held === 'held by the policy (PAST_DUE)' ? 'PAST_DUE' : 'NONE', action);
      const accountId = await createAccount(t);
      if (held === 'held by hand') await hold(accountId);
      if (held === 'held by the policy (PAST_DUE)') await overdueInvoice(accountId, '10');
      const reasons = held === 'held by hand' ? ['MANUAL'] : held === 'not held' ? [] : ['INVOICES_PAST_DUE'];
      expect(await credit(accountId)).toMatchObject({ onHold: held !== 'not held', holdReasons: reasons });

      const { run, quoteId } = await prepare(command, accountId, '250');
      const before = await written();
      const r = await run();

      const isOrder = command !== 'createCashSale';
      const expected = held === 'not held' ? (isOrder ? 'OPEN' : 'PAID') : ON_HOLD[action][isOrder ? 'order' : 'cashSale'];
      expect(outcomeOf(r)).toBe(expected);
      if (expected === 'REFUSED') {
        expect(r.errors![0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons });
        expect(r.errors![0].message).toMatch(isOrder ? /sales order/ : /cash sale/);
        expect(await written()).toEqual(before);
        if (quoteId) expect(await status(quoteId)).toBe('SENT');
        return;
      }
      const doc = Object.values(r.data)[0] as any;
      expect(doc).toMatchObject({ type: isOrder ? 'SALES_ORDER' : 'CASH_SALE', total: { amount: '250.00' }, account: { id: accountId } });
      if (quoteId) expect(doc.source).toMatchObject({ id: quoteId, status: 'ACCEPTED' });
      expect((await receivables(t, accountId)).openOrders.amount).toBe(isOrder ? '250.00' : '0.00');
    });
  });

  describe('check modes', () => {
    it('NONE ignores limits and past-due invoices', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '100');
      await overdueInvoice(accountId, '500');
      expect(outcomeOf(await order(accountId, '1000'))).toBe('OPEN');
      expect(outcomeOf(await cashSale(accountId, '1000'))).toBe('PAID');
      expect(await credit(accountId)).toEqual({ limit: { amount: '100.00' }, exposure: { amount: '1500.00' }, available: { amount: '-1400.00' }, onHold: false, holdReasons: [] });
    });

    it('CREDIT_LIMIT: an order that would pass the limit is refused, one that reaches it exactly is allowed; cash sales add nothing', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '1000');
      await invoice(t, accountId, '600');
      const before = await written();
      const over = await order(accountId, '400.01');
      expect(over.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['CREDIT_LIMIT_EXCEEDED'] });
      expect(await written()).toEqual(before);
      // Only this order would pass the limit: the account itself is not on hold.
      expect(await credit(accountId)).toMatchObject({ onHold: false, holdReasons: [], available: { amount: '400.00' } });
      expect(outcomeOf(await cashSale(accountId, '5000'))).toBe('PAID');
      expect(outcomeOf(await order(accountId, '400.00'))).toBe('OPEN');
      expect(await credit(accountId)).toMatchObject({ exposure: { amount: '1000.00' }, available: { amount: '0.00' }, onHold: false });
      expect((await order(accountId, '0.01')).errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['CREDIT_LIMIT_EXCEEDED'] });
      expect(outcomeOf(await cashSale(accountId, '10'))).toBe('PAID'); // at the limit is within it
    });

    it('CREDIT_LIMIT: an account above its limit is on hold, and what it may still do follows the on-hold action', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '100');
      await invoice(t, accountId, '150'); // invoices are not credit-checked
      expect(await credit(accountId)).toMatchObject({ onHold: true, holdReasons: ['CREDIT_LIMIT_EXCEEDED'] });
      expect((await cashSale(accountId, '1')).errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['CREDIT_LIMIT_EXCEEDED'] });
      await setPolicy('CREDIT_LIMIT', 'ALLOW_CASH_SALES');
      expect(outcomeOf(await cashSale(accountId, '1'))).toBe('PAID');
      expect(outcomeOf(await order(accountId, '1'))).toBe('REFUSED');
      await setPolicy('CREDIT_LIMIT', 'ALLOW_PENDING_SALES_ORDERS');
      expect(outcomeOf(await order(accountId, '1'))).toBe('PENDING');
      expect(outcomeOf(await cashSale(accountId, '1'))).toBe('REFUSED');
    });

    it('CREDIT_LIMIT: without a limit nothing is checked, and past-due invoices do not matter', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await overdueInvoice(accountId, '999999');
      expect(outcomeOf(await order(accountId, '1000000'))).toBe('OPEN');
      expect(await credit(accountId)).toMatchObject({ limit: null, available: null, onHold: false, holdReasons: [] });
    });

    it('CREDIT_LIMIT: held by hand and past the limit gives both reasons', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '50');
      await hold(accountId);
      const r = await order(accountId, '60');
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['MANUAL', 'CREDIT_LIMIT_EXCEEDED'] });
    });

    it('PAST_DUE: an invoice past its due date holds the account, limits do not matter, paying it ends the hold', async () => {
      await setPolicy('PAST_DUE', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '1');
      await invoice(t, accountId, '50', { dueDate: daysFromToday(0) }); // due today is not past due
      expect(outcomeOf(await order(accountId, '100'))).toBe('OPEN');
      const late = await overdueInvoice(accountId, '30', 40);
      expect(await credit(accountId)).toMatchObject({ onHold: true, holdReasons: ['INVOICES_PAST_DUE'] });
      const before = await written();
      const r = await order(accountId, '100');
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['INVOICES_PAST_DUE'] });
      expect(await written()).toEqual(before);
      await t.ok(PAY, { input: { accountId, amount: '30', idempotencyKey: newKey(), allocations: [{ documentId: late.id, amount: '30' }], autoAllocate: false } });
      expect(await credit(accountId)).toMatchObject({ onHold: false, holdReasons: [] });
      expect(outcomeOf(await order(accountId, '100'))).toBe('OPEN');
    });

    it('transactions sends the figures and the amount, in the account currency; an account without documents has zeros', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const accountId = await createAccount(t, { currency: 'GBP' });
      const questions: CreditQuestion[] = [];
      const decide = gate.decide.bind(gate);
      jest.spyOn(gate, 'decide').mockImplementation(async (ctx, q) => {
        questions.push(q);
        return decide(ctx, q);
      });
      expect(outcomeOf(await order(accountId, '12.50'))).toBe('OPEN');
      expect(questions).toEqual([{ accountId, documentType: 'SALES_ORDER', amount: '12.5', currency: 'GBP', figures: { balance: '0', openOrders: '0', overdue: '0' } }]);
    });

    it("credit control's CONFLICT (a limit in another currency than the document's) reaches the caller; nothing is written", async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '100');
      // Not reachable through the API (an account's currency never changes): terms left from before a data fix.
      await t.dataSource('credit-control').query(`UPDATE credit_control.account_credit SET currency = 'USD' WHERE account_id = $1`, [accountId]);
      const before = await written();
      const r = await order(accountId, '10');
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'currency' });
      expect(await written()).toEqual(before);
    });

    it('a portal user gets the same decision on its own orders', async () => {
      await setPolicy('NONE', 'ALLOW_PENDING_SALES_ORDERS');
      const accountId = await createAccount(t);
      const portal = await t.token({ roles: ['portal'], accountId });
      await hold(accountId);
      expect(outcomeOf(await order(accountId, '20', portal))).toBe('PENDING');
      await setPolicy('NONE', 'ALLOW_NOTHING');
      expect((await order(accountId, '20', portal)).errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['MANUAL'] });
    });
  });

  describe('releasing a PENDING order', () => {
    /** A PENDING order (released is refused, the order stays PENDING), then `clear`, then released. */
    async function pendingUntil(accountId: string, amount: string, reasons: string[], clear: (pendingId: string) => Promise<unknown>): Promise<void> {
      const r = await order(accountId, amount);
      expect(outcomeOf(r)).toBe('PENDING');
      const pending = r.data.createSalesOrder;
      expect((await receivables(t, accountId)).openOrders.amount).toBe(pending.total.amount); // counts in exposure already

      const before = await written();
      const refused = await release(pending.id);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons });
      expect(refused.errors?.[0].message).toMatch(/stays PENDING/);
      expect(await written()).toEqual(before);
      expect(await status(pending.id)).toBe('PENDING');

      await clear(pending.id);
      const released = await release(pending.id);
      expect(released.errors).toBeUndefined();
      expect(released.data.releaseSalesOrder).toMatchObject({ id: pending.id, status: 'OPEN', ref: pending.ref });
      expect((await receivables(t, accountId)).openOrders.amount).toBe(pending.total.amount); // not counted twice
      expect((await release(pending.id)).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    }

    it('while held by hand it stays PENDING; releasing the hold lets it go', async () => {
      await setPolicy('NONE', 'ALLOW_PENDING_SALES_ORDERS');
      const accountId = await createAccount(t);
      await hold(accountId);
      await pendingUntil(accountId, '300', ['MANUAL'], () => releaseHold(accountId));
    });

    it('past the limit it stays PENDING; raising the limit to exactly the exposure lets it go (the order is not counted twice)', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES');
      const accountId = await createAccount(t);
      await setLimit(accountId, '1000');
      await invoice(t, accountId, '900');
      // The PENDING order counts in exposure: 1100 > 1000, the account is on hold now.
      await pendingUntil(accountId, '200', ['CREDIT_LIMIT_EXCEEDED'], async (pendingId) => {
        expect(await credit(accountId)).toMatchObject({ exposure: { amount: '1100.00' }, onHold: true, holdReasons: ['CREDIT_LIMIT_EXCEEDED'] });
        await setLimit(accountId, '1099.99');
        expect(outcomeOf(await release(pendingId))).toBe('REFUSED');
        await setLimit(accountId, '1100');
      });
      expect(await credit(accountId)).toMatchObject({ exposure: { amount: '1100.00' }, available: { amount: '0.00' }, onHold: false });
    });

    it('with a past-due invoice it stays PENDING; paying the invoice lets it go', async () => {
      await setPolicy('PAST_DUE', 'ALLOW_PENDING_SALES_ORDERS');
      const accountId = await createAccount(t);
      const late = await overdueInvoice(accountId, '75');
      await pendingUntil(accountId, '40', ['INVOICES_PAST_DUE'], () =>
        t.ok(PAY, { input: { accountId, amount: '75', idempotencyKey: newKey(), allocations: [{ documentId: late.id, amount: '75' }], autoAllocate: false } }),
      );
    });

    it('an order from an accepted quote is released the same way; under ALLOW_NOTHING a held account keeps it PENDING', async () => {
      await setPolicy('NONE', 'ALLOW_PENDING_SALES_ORDERS');
      const accountId = await createAccount(t);
      await hold(accountId);
      const quote = await create(t, 'createQuote', { accountId, lines: [line('Goods', '2', '25')] });
      const pending = (await t.ok(ACCEPT, { id: quote.id })).acceptQuote;
      expect(pending).toMatchObject({ status: 'PENDING', source: { id: quote.id, status: 'ACCEPTED' } });
      await setPolicy('NONE', 'ALLOW_NOTHING');
      expect((await release(pending.id)).errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['MANUAL'] });
      expect(await status(pending.id)).toBe('PENDING');
      await releaseHold(accountId);
      expect(outcomeOf(await release(pending.id))).toBe('OPEN');
    });
  });

  describe('concurrency', () => {
    it('20 concurrent orders of 100 against a limit of 1,000 (CREDIT_LIMIT, ALLOW_NOTHING): exactly 10 OPEN and 10 CREDIT_HOLD', async () => {
      await setPolicy('CREDIT_LIMIT', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      await setLimit(accountId, '1000');
      const asked = jest.spyOn(gate, 'decide'); // calls through to credit control; counts the questions
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 20 }, () => order(accountId, '100')));
      const ms = Math.round(performance.now() - started);

      const outcomes = results.map(outcomeOf);
      expect(outcomes.filter((o) => o === 'OPEN')).toHaveLength(10);
      expect(outcomes.filter((o) => o === 'REFUSED')).toHaveLength(10);
      for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['CREDIT_LIMIT_EXCEEDED'] });
      const refs = results.filter((r) => !r.errors).map((r) => r.data.createSalesOrder.ref as string);
      expect(contiguous(numbers(refs))).toBe(true); // and ledgerViolations (afterEach) checks the counter: gapless
      expect((await receivables(t, accountId)).openOrders.amount).toBe('1000.00');
      expect(await credit(accountId)).toMatchObject({ exposure: { amount: '1000.00' }, available: { amount: '0.00' }, onHold: false });
      // Every order asked once or, if it lost the race near the limit, again: never 12 times (CONFLICT).
      expect(asked.mock.calls.length).toBeLessThan(20 * 3);
      if (process.env.CREDIT_TIMING) {
        process.stdout.write(`\n[credit-decision] 20 concurrent orders (${t.database.kind}): ${ms} ms, ${asked.mock.calls.length} credit decisions asked\n`);
      }
    });

    it('orders that cannot change the decision do not wait for each other: 30 concurrent orders under NONE are asked once each', async () => {
      await setPolicy('NONE', 'ALLOW_NOTHING');
      const accountId = await createAccount(t);
      const asked = jest.spyOn(gate, 'decide');
      const results = await Promise.all(Array.from({ length: 30 }, () => order(accountId, '100')));
      expect(results.map(outcomeOf)).toEqual(Array(30).fill('OPEN'));
      expect(asked.mock.calls.length).toBe(30); // the decision's window: exposure does not matter under NONE
      expect((await receivables(t, accountId)).openOrders.amount).toBe('3000.00');
    });
  });
});

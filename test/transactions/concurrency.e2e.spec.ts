import type { CreditDecision, CreditGate, CreditQuestion } from '../../subgraphs/transactions/credit-gate';
import { CREDIT_ATTEMPTS } from '../../subgraphs/transactions/document.service';
import { startTestSystem, type TestSystem } from '../support/system';
import { create, createAccount, DOC, invoice, ledgerViolations, line, newKey, pay, PAY, receivables, snapshot } from './helpers';

const ORDER = `mutation($input: DocumentInput!) { createSalesOrder(input: $input) { ${DOC} } }`;
const CASH_SALE = `mutation($input: DocumentInput!) { createCashSale(input: $input) { ${DOC} } }`;
const RELEASE = `mutation($id: ID!) { releaseSalesOrder(id: $id) { ${DOC} } }`;
const ACCEPT = `mutation($id: ID!) { acceptQuote(id: $id) { ${DOC} } }`;
const ALLOCATE = `mutation($fromId: ID!, $toId: ID!, $amount: Decimal!) { allocate(fromId: $fromId, toId: $toId, amount: $amount) { amount { amount } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const numbers = (refs: string[]) => refs.map((r) => Number(r.split('-')[1])).sort((a, b) => a - b);
const contiguous = (ns: number[]) => ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);

describe('transactions under concurrency', () => {
  let t: TestSystem;
  let gate: CreditGate;
  beforeAll(async () => {
    t = await startTestSystem();
    gate = t.system.subgraphs.transactions.services.creditGate;
  });
  afterAll(() => t?.stop());
  afterEach(async () => {
    jest.restoreAllMocks();
    expect(await ledgerViolations(t.dataSource('transactions'))).toEqual([]);
  });

  it('refs are unique and gapless when many documents are created at once', async () => {
    const accounts = await Promise.all([createAccount(t), createAccount(t), createAccount(t)]);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.gql(`mutation($input: DocumentInput!) { createInvoice(input: $input) { ref } }`, { input: { accountId: accounts[i % 3], lines: [line('x', '1', String(i + 1))] } }),
      ),
    );
    const refs = results.map((r) => r.data.createInvoice.ref as string);
    expect(new Set(refs).size).toBe(12);
    expect(contiguous(numbers(refs))).toBe(true);
  });

  it('a failed create gives its number back: no gaps among concurrent successes and failures', async () => {
    const accountId = await createAccount(t);
    const inv = await invoice(t, accountId, '10');
    const [{ last_value: before }] = await t.dataSource('transactions').query(`SELECT last_value FROM transactions.counter WHERE type = 'PAYMENT'`);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.gql(PAY, {
          input: { accountId, amount: '20', idempotencyKey: newKey(), allocations: [{ documentId: inv.id, amount: i % 2 ? '11' : '0.5' }], autoAllocate: false },
        }),
      ),
    );
    expect(results.filter((r) => r.errors?.[0].extensions?.field === 'allocations.0.amount')).toHaveLength(5);
    const refs = results.filter((r) => !r.errors).map((r) => r.data.recordPayment.ref as string);
    expect(refs).toHaveLength(5);
    expect(numbers(refs)).toEqual([1, 2, 3, 4, 5].map((n) => Number(before) + n));
  });

  it('10 concurrent retries of one payment apply it once and all answer with it', async () => {
    const accountId = await createAccount(t);
    await invoice(t, accountId, '500');
    const input = { accountId, amount: '125.50', idempotencyKey: newKey() };
    const results = await Promise.all(Array.from({ length: 10 }, () => t.gql(PAY, { input })));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data.recordPayment.id)).size).toBe(1);
    const [{ n }] = await t.dataSource('transactions').query(`SELECT count(*)::int AS n FROM transactions.document WHERE account_id = $1 AND type = 'PAYMENT'`, [accountId]);
    expect(n).toBe(1);
    expect((await receivables(t, accountId)).balance.amount).toBe('374.50');
  });

  it('concurrent uses of one key with different parameters: one payment, the others CONFLICT', async () => {
    const accountId = await createAccount(t);
    const idempotencyKey = newKey();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => t.gql(PAY, { input: { accountId, amount: String(i + 1), idempotencyKey } })));
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    expect((await receivables(t, accountId)).balance.amount).toBe(`-${ok[0].data.recordPayment.total.amount}`);
  });

  it('concurrent allocations to one invoice never take it below zero', async () => {
    const accountId = await createAccount(t);
    const inv = await invoice(t, accountId, '100');
    const payments = [];
    for (let i = 0; i < 5; i++) payments.push(await pay(t, accountId, '30', { autoAllocate: false }));
    const results = await Promise.all(payments.map((p) => t.gql(ALLOCATE, { fromId: p.id, toId: inv.id, amount: '30' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const { document } = await t.ok(`query($id: ID!) { document(id: $id) { status openAmount { amount } } }`, { id: inv.id });
    expect(document).toEqual({ status: 'PARTIALLY_PAID', openAmount: { amount: '10.00' } });
  });

  it('voiding and paying one invoice at once: one of them wins, the ledger stays whole', async () => {
    const accountId = await createAccount(t);
    const inv = await invoice(t, accountId, '80');
    const [voided, paid] = await Promise.all([
      t.gql(`mutation($id: ID!) { voidDocument(id: $id) { status } }`, { id: inv.id }),
      t.gql(PAY, { input: { accountId, amount: '80', idempotencyKey: newKey(), allocations: [{ documentId: inv.id, amount: '80' }] } }),
    ]);
    const outcomes = [voided.errors ? 'void refused' : 'voided', paid.errors ? 'payment refused' : 'paid'];
    expect([['voided', 'payment refused'], ['void refused', 'paid']]).toContainEqual(outcomes);
  });

  describe('credit decisions (the gate stubbed or wrapped; the real decisions: credit-decision.e2e.spec.ts)', () => {
    it('concurrent orders on one account all succeed: each decision is retried until it stands on the figures under the lock', async () => {
      const accountId = await createAccount(t);
      const questions: CreditQuestion[] = [];
      const decide = gate.decide.bind(gate);
      jest.spyOn(gate, 'decide').mockImplementation(async (ctx, q) => {
        questions.push(q);
        await sleep(15); // a remote call: the figures move meanwhile
        const { outcome, reasons } = await decide(ctx, q);
        return { outcome, reasons }; // without its window: it stands only on the very figures asked with
      });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => t.gql(ORDER, { input: { accountId, lines: [line('x', '1', String(10 * (i + 1)))] } })));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(contiguous(numbers(results.map((r) => r.data.createSalesOrder.ref)))).toBe(true);
      expect((await receivables(t, accountId)).openOrders.amount).toBe('550.00');
      expect(questions.length).toBeGreaterThan(10); // some were asked again
      expect(questions.every((q) => q.documentType === 'SALES_ORDER' && q.currency === 'EUR' && q.accountId === accountId)).toBe(true);
    });

    it('gives up with CONFLICT when the figures keep moving, writing nothing', async () => {
      const accountId = await createAccount(t);
      await invoice(t, accountId, '1');
      const ds = t.dataSource('transactions');
      let calls = 0;
      jest.spyOn(gate, 'decide').mockImplementation(async () => {
        calls += 1;
        await ds.query(`UPDATE transactions.account_balance SET open_orders = open_orders + 1 WHERE account_id = $1`, [accountId]);
        return { outcome: 'ALLOW', reasons: [] };
      });
      const before = await ds.query(`SELECT last_value FROM transactions.counter WHERE type = 'SALES_ORDER'`);
      const r = await t.gql(ORDER, { input: { accountId, lines: [line('x', '1', '10')] } });
      await ds.query(`UPDATE transactions.account_balance SET open_orders = open_orders - $2 WHERE account_id = $1`, [accountId, calls]);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', retryable: true });
      expect(calls).toBe(CREDIT_ATTEMPTS);
      expect(await ds.query(`SELECT last_value FROM transactions.counter WHERE type = 'SALES_ORDER'`)).toEqual(before);
    });

    it('PENDING: the order waits, counts in open orders, and is released once credit allows', async () => {
      const accountId = await createAccount(t);
      await invoice(t, accountId, '70');
      let decision: CreditDecision = { outcome: 'PENDING', reasons: ['CREDIT_LIMIT_EXCEEDED'] };
      const questions: CreditQuestion[] = [];
      jest.spyOn(gate, 'decide').mockImplementation(async (_ctx, q) => {
        questions.push(q);
        return decision;
      });
      const order = (await t.ok(ORDER, { input: { accountId, lines: [line('x', '3', '10')] } })).createSalesOrder;
      expect(order.status).toBe('PENDING');
      expect(questions[0]).toEqual({ accountId, documentType: 'SALES_ORDER', amount: '30', currency: 'EUR', figures: { balance: '70', openOrders: '0', overdue: '0' } });
      expect((await receivables(t, accountId)).openOrders.amount).toBe('30.00');

      const held = await t.gql(RELEASE, { id: order.id });
      expect(held.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['CREDIT_LIMIT_EXCEEDED'] });
      expect(questions[1].figures.openOrders).toBe('0'); // asked without the order itself

      decision = { outcome: 'ALLOW', reasons: [] };
      const released = (await t.ok(RELEASE, { id: order.id })).releaseSalesOrder;
      expect(released.status).toBe('OPEN');
      expect((await receivables(t, accountId)).openOrders.amount).toBe('30.00');
      const again = await t.gql(RELEASE, { id: order.id });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['FULFILLED', 'VOID'] });
    });

    it('REFUSE: orders, accepted quotes and cash sales are refused with CREDIT_HOLD and nothing is written', async () => {
      const accountId = await createAccount(t);
      const quote = await create(t, 'createQuote', { accountId, lines: [line('x', '1', '10')] });
      jest.spyOn(gate, 'decide').mockResolvedValue({ outcome: 'REFUSE', reasons: ['INVOICES_PAST_DUE'] });
      const ds = t.dataSource('transactions');
      const before = await snapshot(ds);
      for (const [q, vars] of [
        [ORDER, { input: { accountId, lines: [line('x', '1', '10')] } }],
        [CASH_SALE, { input: { accountId, lines: [line('x', '1', '10')] } }],
        [ACCEPT, { id: quote.id }],
      ] as const) {
        const r = await t.gql(q, vars);
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['INVOICES_PAST_DUE'] });
      }
      expect(await snapshot(ds)).toEqual(before);
    });

    it('a cash sale is allowed or refused, never pending', async () => {
      const accountId = await createAccount(t);
      jest.spyOn(gate, 'decide').mockResolvedValue({ outcome: 'PENDING', reasons: ['MANUAL'] });
      const r = await t.gql(CASH_SALE, { input: { accountId, lines: [line('x', '1', '10')] } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'CREDIT_HOLD', reasons: ['MANUAL'] });
      const order = (await t.ok(ORDER, { input: { accountId, lines: [line('x', '1', '10')] } })).createSalesOrder;
      expect(order.status).toBe('PENDING');
    });
  });
});

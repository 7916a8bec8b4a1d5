import { randomUUID } from 'node:crypto';
import { mintToken } from '../../subgraphs/common';
import { startTestSystem, type TestSystem } from '../support/system';
import { create, createAccount, daysFromToday, invoice, ledgerViolations, line, pay, receivables } from './helpers';

const STATEMENT = `query($id: ID!, $from: Date, $to: Date) { account(id: $id) { statement(from: $from, to: $to) {
  account { id } from to openingBalance { amount currency } closingBalance { amount }
  lines { date description debit { amount } credit { amount } balance { amount } document { id ref type } }
} } }`;
const AGING = `query($asOf: Date, $groupBy: AgingGroup) { receivablesAging(asOf: $asOf, groupBy: $groupBy) {
  key account { id } total { amount currency }
  aging { current { amount } days1to30 { amount } days31to60 { amount } days61to90 { amount } over90 { amount } }
} }`;
const LIST = `query($filter: DocumentFilter, $first: Int, $after: String) { documents(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id ref type status date } }
} }`;
const VOID = `mutation($id: ID!) { voidDocument(id: $id) { id } }`;

describe('transactions: receivables, statements, find and BI', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());
  afterEach(async () => {
    expect(await ledgerViolations(t.dataSource('transactions'))).toEqual([]);
  });

  it('receivables: balance, overdue, unallocated, open orders and aging by days past due', async () => {
    const accountId = await createAccount(t);
    const due = async (daysPastDue: number, amount: string) =>
      invoice(t, accountId, amount, { date: daysFromToday(-daysPastDue - 30), dueDate: daysFromToday(-daysPastDue) });
    await due(-5, '1'); // due in 5 days
    await due(0, '2'); // due today: not yet past due
    await due(1, '4');
    await due(30, '8');
    await due(31, '16');
    await due(60, '32');
    await due(61, '64');
    await due(90, '128');
    await due(91, '256');
    await create(t, 'createSalesOrder', { accountId, lines: [line('x', '1', '1000')] });
    await pay(t, accountId, '0.50', { autoAllocate: false });
    const r = await receivables(t, accountId);
    expect(r).toEqual({
      balance: { amount: '510.50', currency: 'EUR' },
      overdue: { amount: '508.00' },
      unallocated: { amount: '0.50' },
      openOrders: { amount: '1000.00' },
      aging: {
        current: { amount: '3.00' },
        days1to30: { amount: '12.00' },
        days31to60: { amount: '48.00' },
        days61to90: { amount: '192.00' },
        over90: { amount: '256.00' },
      },
    });
  });

  it('an account without documents reports zeros in its own currency', async () => {
    const accountId = await createAccount(t, { currency: 'CHF' });
    const r = await receivables(t, accountId);
    expect(r.balance).toEqual({ amount: '0.00', currency: 'CHF' });
    expect(r.aging.over90.amount).toBe('0.00');
    const { account } = await t.ok(STATEMENT, { id: accountId });
    expect(account.statement).toMatchObject({ from: null, to: daysFromToday(0), openingBalance: { amount: '0.00', currency: 'CHF' }, lines: [] });
  });

  it('statement without from: open invoices, open credit notes and unallocated payments, oldest first, with a running balance', async () => {
    const accountId = await createAccount(t);
    const inv = await invoice(t, accountId, '100', { date: daysFromToday(-40) });
    await invoice(t, accountId, '30', { date: daysFromToday(-35) }).then((i) => pay(t, accountId, '30', { date: daysFromToday(-34), allocations: [{ documentId: i.id, amount: '30' }] }));
    await pay(t, accountId, '40', { date: daysFromToday(-30), allocations: [{ documentId: inv.id, amount: '40' }] });
    const cn = await create(t, 'createCreditNote', { accountId, date: daysFromToday(-20), lines: [line('Returned', '1', '10')] });
    const unallocated = await pay(t, accountId, '5', { date: daysFromToday(-10), autoAllocate: false });
    await create(t, 'createQuote', { accountId, lines: [line('x', '1', '999')] });
    const { account } = await t.ok(STATEMENT, { id: accountId });
    const s = account.statement;
    expect(s.lines.map((l: any) => [l.document.id, l.debit?.amount ?? null, l.credit?.amount ?? null, l.balance.amount])).toEqual([
      [inv.id, '60.00', null, '60.00'],
      [cn.id, null, '10.00', '50.00'],
      [unallocated.id, null, '5.00', '45.00'],
    ]);
    expect(s.lines[0].description).toBe(`Invoice ${inv.ref}, due ${daysFromToday(-10)}`);
    expect(s.closingBalance.amount).toBe('45.00');
    expect((await receivables(t, accountId)).balance.amount).toBe('45.00');
  });

  it('statement for a period: opening balance at from, every document in the period, closing balance at to', async () => {
    const accountId = await createAccount(t);
    const before = await invoice(t, accountId, '100', { date: '2025-01-10' });
    const p = await pay(t, accountId, '40', { date: '2025-01-20' });
    const cn = await create(t, 'createCreditNote', { accountId, date: '2025-02-05', lines: [line('x', '1', '10')] });
    const sale = await create(t, 'createCashSale', { accountId, date: '2025-02-10', lines: [line('x', '1', '25')] });
    await invoice(t, accountId, '50', { date: '2025-03-01' });
    const { account } = await t.ok(STATEMENT, { id: accountId, from: '2025-01-15', to: '2025-02-28' });
    const s = account.statement;
    expect(s).toMatchObject({ from: '2025-01-15', to: '2025-02-28', openingBalance: { amount: '100.00' }, closingBalance: { amount: '50.00' } });
    expect(s.lines.map((l: any) => [l.date, l.document.id, l.debit?.amount ?? null, l.credit?.amount ?? null, l.balance.amount])).toEqual([
      ['2025-01-20', p.id, null, '40.00', '60.00'],
      ['2025-02-05', cn.id, null, '10.00', '50.00'],
      ['2025-02-10', sale.id, '25.00', '25.00', '50.00'],
    ]);
    expect(s.lines[2].description).toBe(`Cash sale ${sale.ref}`);
    void before;

    // A void is a line on the day it happens; the original stays in its own period.
    await t.ok(VOID, { id: cn.id });
    const { account: later } = await t.ok(STATEMENT, { id: accountId, from: '2025-01-01' });
    const last = later.statement.lines[later.statement.lines.length - 1];
    expect(last).toMatchObject({ date: daysFromToday(0), description: `Void of Credit note ${cn.ref}`, debit: { amount: '10.00' }, credit: null });
    expect(later.statement.closingBalance.amount).toBe((await receivables(t, accountId)).balance.amount);

    const bad = await t.gql(STATEMENT, { id: accountId, from: '2025-03-01', to: '2025-02-01' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('finds documents: by id and ref, by account, types, statuses, dates, open, overdue and money in/out', async () => {
    const accountId = await createAccount(t);
    const old = await invoice(t, accountId, '10', { date: daysFromToday(-60) });
    const recent = await invoice(t, accountId, '20', { date: daysFromToday(-2) });
    const paid = await invoice(t, accountId, '5', { date: daysFromToday(-1) });
    const p = await pay(t, accountId, '5', { allocations: [{ documentId: paid.id, amount: '5' }] });
    const quote = await create(t, 'createQuote', { accountId, lines: [line('x', '1', '1')] });
    const ids = async (filter: Record<string, unknown>) => (await t.ok(LIST, { filter: { accountId, ...filter } })).documents.edges.map((e: any) => e.node.id);

    expect(await ids({})).toEqual([quote.id, p.id, paid.id, recent.id, old.id]);
    expect(await ids({ types: ['INVOICE'] })).toEqual([paid.id, recent.id, old.id]);
    expect(await ids({ statuses: ['PAID'] })).toEqual([p.id, paid.id]);
    expect(await ids({ types: ['INVOICE'], open: true })).toEqual([recent.id, old.id]);
    expect(await ids({ overdue: true })).toEqual([old.id]);
    expect(await ids({ from: daysFromToday(-2), to: daysFromToday(-1) })).toEqual([paid.id, recent.id]);
    expect(await ids({ flow: 'IN' })).toEqual([p.id]);
    expect(await ids({ flow: 'OUT' })).toEqual([]);
    expect(await ids({ flow: 'IN', types: ['INVOICE'] })).toEqual([]);

    const byRef = await t.ok(`query($ref: String!) { document(ref: $ref) { id } }`, { ref: recent.ref.toLowerCase() });
    expect(byRef.document.id).toBe(recent.id);
    expect((await t.ok(`{ document(ref: "INV-999999") { id } }`)).document).toBeNull();
    expect((await t.ok(`{ document(id: "nope") { id } }`)).document).toBeNull();
    const bad = await t.gql(LIST, { filter: { accountId, from: '2025-02-01', to: '2025-01-01' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
  });

  it('keyset pagination walks every document once, newest first, with a totalCount', async () => {
    const accountId = await createAccount(t);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await invoice(t, accountId, String(i + 1), { date: daysFromToday(-(i % 3)) })).id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { documents }: any = await t.ok(LIST, { filter: { accountId }, first: 3, after });
      expect(documents.totalCount).toBe(7);
      seen.push(...documents.edges.map((e: any) => e.node.id));
      after = documents.pageInfo.hasNextPage ? documents.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(new Set(seen)).toEqual(new Set(made));
    const { documents } = await t.ok(LIST, { filter: { accountId }, first: 200 });
    const dates = documents.edges.map((e: any) => e.node.date);
    expect([...dates].sort().reverse()).toEqual(dates);

    const nested = await t.ok(`query($id: ID!, $after: String) { account(id: $id) { documents(types: [INVOICE], first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`, { id: accountId });
    const rest = await t.ok(`query($id: ID!, $after: String) { account(id: $id) { documents(types: [INVOICE], first: 4, after: $after) { totalCount pageInfo { hasNextPage } edges { node { id } } } } }`, { id: accountId, after: nested.account.documents.pageInfo.endCursor });
    expect([...nested.account.documents.edges, ...rest.account.documents.edges].map((e: any) => e.node.id)).toEqual(seen);
    expect(rest.account.documents).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: false } });

    for (const cursor of ['garbage', Buffer.from('["x", 1]').toString('base64url')]) {
      const r = await t.gql(LIST, { filter: { accountId }, after: cursor });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const tooMany = await t.gql(LIST, { filter: { accountId }, first: 201 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the account card loads documents and receivables with the rest of the account', async () => {
    const accountId = await createAccount(t);
    const order = await create(t, 'createSalesOrder', { accountId, lines: [line('x', '2', '10')] });
    const r = await t.gql(`query($id: ID!) { account(id: $id) {
      id currency
      receivables { balance { amount currency } overdue { amount } aging { over90 { amount } } }
      credit { exposure { amount } }
      documents(types: [SALES_ORDER], first: 10) { edges { node { ref status total { amount } } } }
    } }`, { id: accountId });
    expect(r.errors).toBeUndefined();
    expect(r.data.account.documents.edges).toEqual([{ node: { ref: order.ref, status: 'OPEN', total: { amount: '20.00' } } }]);
    expect(r.data.account.credit.exposure.amount).toBe('20.00');
  });

  describe('receivablesAging (BI)', () => {
    it('per account (key = code) and per classification, in each currency', async () => {
      const cls = `cls-${randomUUID().slice(0, 6)}`;
      const a = await createAccount(t, { classification: cls });
      const b = await createAccount(t, { classification: cls });
      const c = await createAccount(t, { classification: cls, currency: 'USD' });
      await invoice(t, a, '100', { date: daysFromToday(-50), dueDate: daysFromToday(-20) });
      await invoice(t, b, '40', { date: daysFromToday(-100), dueDate: daysFromToday(-95) });
      await invoice(t, b, '2', { dueDate: daysFromToday(3) });
      await invoice(t, c, '7', { date: daysFromToday(-40), dueDate: daysFromToday(-35) });

      const { receivablesAging: perAccount } = await t.ok(AGING, {});
      const rowA = perAccount.find((r: any) => r.account?.id === a);
      const { account } = await t.ok(`query($id: ID!) { account(id: $id) { code } }`, { id: a });
      expect(rowA).toMatchObject({ key: account.code, total: { amount: '100.00', currency: 'EUR' }, aging: { days1to30: { amount: '100.00' } } });

      const { receivablesAging: perClass } = await t.ok(AGING, { groupBy: 'CLASSIFICATION' });
      const mine = perClass.filter((r: any) => r.key === cls);
      expect(mine).toEqual([
        {
          key: cls,
          account: null,
          total: { amount: '142.00', currency: 'EUR' },
          aging: { current: { amount: '2.00' }, days1to30: { amount: '100.00' }, days31to60: { amount: '0.00' }, days61to90: { amount: '0.00' }, over90: { amount: '40.00' } },
        },
        {
          key: cls,
          account: null,
          total: { amount: '7.00', currency: 'USD' },
          aging: { current: { amount: '0.00' }, days1to30: { amount: '0.00' }, days31to60: { amount: '7.00' }, days61to90: { amount: '0.00' }, over90: { amount: '0.00' } },
        },
      ]);
      expect(perClass.find((r: any) => r.key === '(none)')).toBeDefined();
    });

    it('as of a past date: what was open then (later payments, voids and invoices do not count)', async () => {
      const accountId = await createAccount(t);
      const settled = await invoice(t, accountId, '100', { date: daysFromToday(-20), dueDate: daysFromToday(-10) });
      await pay(t, accountId, '100', { allocations: [{ documentId: settled.id, amount: '100' }] });
      const voided = await invoice(t, accountId, '30', { date: daysFromToday(-20), dueDate: daysFromToday(-5) });
      await t.ok(VOID, { id: voided.id });
      await invoice(t, accountId, '7', { date: daysFromToday(0) });
      const row = async (asOf?: string) => (await t.ok(AGING, { asOf })).receivablesAging.find((r: any) => r.account?.id === accountId);

      expect(await row()).toMatchObject({ total: { amount: '7.00' }, aging: { current: { amount: '7.00' } } });
      expect(await row(daysFromToday(-1))).toMatchObject({ total: { amount: '130.00' }, aging: { days1to30: { amount: '130.00' } } });
      expect(await row(daysFromToday(-30))).toBeUndefined();
      expect(await row(daysFromToday(40))).toMatchObject({ total: { amount: '7.00' }, aging: { days1to30: { amount: '7.00' } } });
    });

    it('portal users see only their own account', async () => {
      const own = await createAccount(t);
      await invoice(t, own, '3');
      const portal = await t.token({ roles: ['portal'], accountId: own });
      const { receivablesAging } = await t.ok(AGING, {}, { token: portal });
      expect(receivablesAging.map((r: any) => r.account.id)).toEqual([own]);
    });
  });

  describe('for credit control: accountFigures and accountIdsWithOverdue (@inaccessible, service identity only)', () => {
    const Q = `query($ids: [ID!]!) { accountFigures(accountIds: $ids) { accountId currency balance openOrders overdue unallocated } accountIdsWithOverdue }`;

    it('answers the service identity in one statement, for the accounts that have a balance row', async () => {
      const service = await mintToken(t.secret, { sub: 'service:test', roles: ['service'] });
      const a = await createAccount(t);
      const b = await createAccount(t, { currency: 'JPY' });
      const empty = await createAccount(t);
      await invoice(t, a, '100', { date: daysFromToday(-40), dueDate: daysFromToday(-10) });
      await invoice(t, a, '50');
      await pay(t, a, '20', { autoAllocate: false });
      await create(t, 'createSalesOrder', { accountId: a, lines: [line('x', '1', '15')] });
      await invoice(t, b, '1000');
      const r = await t.gql(Q, { ids: [a, b, empty, randomUUID()] }, { url: t.system.urls.transactions, token: service });
      expect(r.errors).toBeUndefined();
      expect(r.sqlStatements).toBe(2);
      expect(r.data.accountFigures).toEqual(
        expect.arrayContaining([
          { accountId: a, currency: 'EUR', balance: '130.00', openOrders: '15.00', overdue: '100.00', unallocated: '20.00' },
          { accountId: b, currency: 'JPY', balance: '1000', openOrders: '0', overdue: '0', unallocated: '0' },
        ]),
      );
      expect(r.data.accountFigures).toHaveLength(2);
      expect(r.data.accountIdsWithOverdue).toContain(a);
      expect(r.data.accountIdsWithOverdue).not.toContain(b);

      const bad = await t.gql(Q, { ids: ['x'] }, { url: t.system.urls.transactions, token: service });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountIds' });
    });

    it('is refused to users, and absent from the public supergraph', async () => {
      const direct = await t.gql(Q, { ids: [] }, { url: t.system.urls.transactions });
      expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const viaGateway = await t.gql(Q, { ids: [] });
      expect(viaGateway.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('SQL statements do not grow with the number of items', () => {
    const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Account {
      receivables { balance { amount } overdue { amount } aging { over90 { amount } } }
      hasTransactions
      documents(first: 5) { totalCount edges { node { ref total { amount } lines { amount { amount } } allocations { from { ref } to { ref } } source { ref } } } }
      statement { lines { document { ref } } }
    } } }`;

    it('for a page of accounts (what the gateway sends for the account card)', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const id = await createAccount(t);
        const order = await create(t, 'createSalesOrder', { accountId: id, lines: [line('x', '1', '10'), line('y', '2', '5')] });
        await t.ok(`mutation($id: ID!) { invoiceSalesOrder(id: $id) { id } }`, { id: order.id });
        await pay(t, id, '5');
        ids.push(id);
      }
      // As the service: a user would need accounts' visibility stamp on each representation (see test/access).
      const service = await mintToken(t.secret, { sub: 'service:test', roles: ['service'] });
      const run = (n: number) =>
        t.gql(ENTITIES, { reps: ids.slice(0, n).map((id) => ({ __typename: 'Account', id, currency: 'EUR' })) }, { url: t.system.urls.transactions, token: service });
      const two = await run(2);
      const eight = await run(8);
      expect(two.errors).toBeUndefined();
      expect(eight.errors).toBeUndefined();
      expect(eight.data._entities[7].documents.edges).toHaveLength(3);
      expect(eight.sqlStatements).toBe(two.sqlStatements);
    });

    it('a malformed id in a hand-made _entities call matches nothing instead of failing', async () => {
      const q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Account { receivables { balance { amount } } hasTransactions statement { lines { description } } documents { totalCount } } ... on Document { id } } }`;
      const service = await mintToken(t.secret, { sub: 'service:test', roles: ['service'] });
      const r = await t.gql(q, { reps: [{ __typename: 'Account', id: 'junk', currency: 'EUR' }, { __typename: 'Document', id: 'junk' }] }, { url: t.system.urls.transactions, token: service });
      expect(r.errors).toBeUndefined();
      expect(r.data._entities).toEqual([{ receivables: { balance: { amount: '0.00' } }, hasTransactions: false, statement: { lines: [] }, documents: { totalCount: 0 } }, null]);
    });

    it('for a page of documents', async () => {
      const q = `query($first: Int) { documents(first: $first) { totalCount edges { node { ref lines { amount { amount } } allocations { from { ref } to { ref } } source { ref source { ref } } account { id } } } } }`;
      const small = await t.gql(q, { first: 3 }, { url: t.system.urls.transactions });
      const large = await t.gql(q, { first: 100 }, { url: t.system.urls.transactions });
      expect(large.errors).toBeUndefined();
      expect(large.data.documents.edges.length).toBeGreaterThan(20);
      expect(large.sqlStatements).toBe(small.sqlStatements);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { mintToken } from '../subgraphs/common';
import { startTestSystem, type TestSystem } from './support/system';

/**
 * accountsOnHold, the part held by the current POLICY (manual holds are
 * covered in credit-control.e2e.spec.ts). Credit control asks transactions, with
 * the service identity, for two internal (@inaccessible) fields:
 *
 *   accountFigures(accountIds: [ID!]!): [AccountFigures!]!
 *     AccountFigures { accountId currency balance openOrders overdue unallocated }  (Decimal strings;
 *     rows only for accounts that have transactions)
 *   accountIdsWithOverdue: [ID!]!
 */
describe('accountsOnHold by the credit policy', () => {
  let t: TestSystem;
  let serviceToken: string;
  beforeAll(async () => {
    t = await startTestSystem();
    serviceToken = await mintToken(t.secret, { sub: 'service:test', roles: ['service'] });
  });
  afterAll(() => t?.stop());

  const newAccount = async (): Promise<string> =>
    (
      await t.ok(`mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`, {
        input: { name: `On hold ${randomUUID().slice(0, 8)}`, type: 'CUSTOMER', currency: 'EUR', address: { line1: 'Dorpsstraat 1', countryCode: 'NL' } },
      })
    ).createAccount.id;
  const lines = (amount: string) => [{ description: 'Goods', quantity: '1', unitPrice: amount }];
  const invoice = (accountId: string, amount: string, date: string, dueDate: string) =>
    t.ok(`mutation($input: DocumentInput!) { createInvoice(input: $input) { id } }`, { input: { accountId, date, dueDate, lines: lines(amount) } });
  const salesOrder = (accountId: string, amount: string) => t.ok(`mutation($input: DocumentInput!) { createSalesOrder(input: $input) { id status } }`, { input: { accountId, lines: lines(amount) } });
  const setPolicy = (checkMode: string) =>
    t.ok(`mutation($m: CreditCheckMode!) { setCreditPolicy(checkMode: $m, onHoldAction: ALLOW_NOTHING) { checkMode } }`, { m: checkMode });
  const setLimit = (accountId: string, limit: string) => t.ok(`mutation($a: ID!, $l: Decimal) { setCreditLimit(accountId: $a, limit: $l) { version } }`, { a: accountId, l: limit });
  const onHold = async (): Promise<Map<string, string[]>> => {
    const { accountsOnHold } = await t.ok(`{ accountsOnHold(first: 200) { totalCount edges { node { id credit { holdReasons } } } } }`);
    expect(accountsOnHold.totalCount).toBe(accountsOnHold.edges.length);
    return new Map(accountsOnHold.edges.map((e: any) => [e.node.id, e.node.credit.holdReasons]));
  };
  const today = () => new Date().toISOString().slice(0, 10);
  const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

  it('the transactions contract credit control relies on answers for the service identity', async () => {
    const id = await newAccount();
    await setPolicy('NONE');
    await invoice(id, '10.00', today(), daysFromNow(30));
    const r = await t.gql(`query($ids: [ID!]!) { accountFigures(accountIds: $ids) { accountId currency balance openOrders overdue unallocated } accountIdsWithOverdue }`, { ids: [id, randomUUID()] }, { url: t.system.urls.transactions, token: serviceToken });
    expect(r.errors).toBeUndefined();
    expect(r.data.accountFigures).toEqual([expect.objectContaining({ accountId: id, currency: 'EUR' })]);
    expect(r.data.accountIdsWithOverdue).not.toContain(id);
  });

  it('CREDIT_LIMIT: accounts whose balance + open orders is above their limit, besides manual holds', async () => {
    await setPolicy('NONE'); // documents first, without credit decisions in the way
    const [overByInvoice, overByOrder, within, noLimit, manual] = [await newAccount(), await newAccount(), await newAccount(), await newAccount(), await newAccount()];
    await invoice(overByInvoice, '150.00', today(), daysFromNow(30));
    await salesOrder(overByOrder, '150.00');
    await invoice(within, '100.00', today(), daysFromNow(30));
    await invoice(noLimit, '99999.00', today(), daysFromNow(30));
    await setLimit(overByInvoice, '100');
    await setLimit(overByOrder, '100');
    await setLimit(within, '100'); // exposure equal to the limit is within it
    await t.ok(`mutation($a: ID!) { holdAccount(accountId: $a, note: "manual") { onHold } }`, { a: manual });
    await setPolicy('CREDIT_LIMIT');

    const held = await onHold();
    expect(held.get(overByInvoice)).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(held.get(overByOrder)).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(held.get(manual)).toEqual(['MANUAL']);
    expect(held.has(within)).toBe(false);
    expect(held.has(noLimit)).toBe(false);

    await setPolicy('NONE');
    const none = await onHold();
    expect(none.has(overByInvoice)).toBe(false);
    expect(none.get(manual)).toEqual(['MANUAL']);
  });

  it('PAST_DUE: accounts with an invoice past its due date', async () => {
    await setPolicy('NONE');
    const [late, onTime] = [await newAccount(), await newAccount()];
    await invoice(late, '10.00', daysFromNow(-60), daysFromNow(-30));
    await invoice(onTime, '10.00', today(), daysFromNow(30));
    await setPolicy('PAST_DUE');
    const held = await onHold();
    expect(held.get(late)).toEqual(['INVOICES_PAST_DUE']);
    expect(held.has(onTime)).toBe(false);
    await setPolicy('NONE');
  });

  it('pages through policy and manual holds together, in id order, without duplicates', async () => {
    await setPolicy('NONE');
    const accounts = await Promise.all(Array.from({ length: 5 }, () => newAccount()));
    for (const id of accounts) await invoice(id, '50.00', today(), daysFromNow(30));
    for (const id of accounts) await setLimit(id, '10');
    await t.ok(`mutation($a: ID!) { holdAccount(accountId: $a) { onHold } }`, { a: accounts[0] }); // held both ways
    await setPolicy('CREDIT_LIMIT');
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { accountsOnHold }: any = await t.ok(`query($after: String) { accountsOnHold(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
      ids.push(...accountsOnHold.edges.map((e: any) => e.node.id));
      if (!accountsOnHold.pageInfo.hasNextPage) break;
      after = accountsOnHold.pageInfo.endCursor;
    }
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids).toEqual(expect.arrayContaining(accounts));
    await setPolicy('NONE');
  });

  it('under a policy mode, transactions being unreachable is a clear SERVICE_UNAVAILABLE, never a shorter list', async () => {
    await setPolicy('CREDIT_LIMIT');
    const urls = t.system.urls;
    const real = urls.transactions;
    urls.transactions = 'http://127.0.0.1:1/graphql';
    try {
      const r = await t.gql(`{ accountsOnHold { edges { node { id } } } }`);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'transactions' });
    } finally {
      urls.transactions = real;
      await setPolicy('NONE');
    }
  });
});

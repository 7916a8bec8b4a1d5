import { loadDemoDataIfEmpty } from '../scripts/demo';
import { startTestSystem, type TestSystem } from './support/system';

describe('credit control demo data', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
    expect(await loadDemoDataIfEmpty(t.system)).toBe(true);
  });
  afterAll(() => t?.stop());

  const credit = (code: string) =>
    t.ok(`query($code: String) { account(code: $code) { currency credit { limit { amount currency } onHold holdReasons manualHold { note by { id } } } } }`, { code });

  it('puts limits on the demo customers, in their currency', async () => {
    expect((await credit('1001')).account.credit.limit).toEqual({ amount: '25000.00', currency: 'EUR' });
    expect((await credit('1002')).account.credit.limit).toEqual({ amount: '10000.00', currency: 'GBP' });
    expect((await credit('1003')).account.credit.limit).toBeNull(); // a supplier
  });

  it('holds one account by hand, with a note', async () => {
    const { account } = await credit('1002');
    expect(account.credit).toMatchObject({ onHold: true, holdReasons: ['MANUAL'], manualHold: { note: expect.stringMatching(/dispute/i), by: { id: expect.any(String) } } });
  });

  it('sets a policy that shows them: CREDIT_LIMIT, pending orders and cash sales while on hold', async () => {
    expect((await t.ok(`{ creditPolicy { checkMode onHoldAction } }`)).creditPolicy).toEqual({ checkMode: 'CREDIT_LIMIT', onHoldAction: 'ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES' });
  });

  /** The account card of API.md, by code. */
  const card = async (code: string) => {
    const { account } = await t.ok(`query($code: String) { account(code: $code) { id } }`, { code });
    return (
      await t.ok(
        `query AccountCard($id: ID!) {
          account(id: $id) {
            id code name type status currency
            address { line1 city countryCode }
            mainContact { fullName email phone }
            contacts { fullName jobTitle email emailValid }
            receivables { balance { amount currency } overdue { amount } aging { over90 { amount } } }
            credit { limit { amount } available { amount } onHold holdReasons }
            documents(types: [SALES_ORDER], first: 10) { edges { node { ref status total { amount } } } }
            requests(first: 5) { edges { node { number subject status } } }
            requestStats { byMonth { month count } }
          }
        }`,
        { id: account.id },
      )
    ).account;
  };
  const onHold = async () => {
    const { accountsOnHold } = await t.ok(`{ accountsOnHold { totalCount edges { node { code credit { holdReasons } } } } }`);
    return accountsOnHold;
  };

  it('has exactly one account on hold (1002, by hand) and every limited account within its limit', async () => {
    expect(await onHold()).toEqual({ totalCount: 1, edges: [{ node: { code: '1002', credit: { holdReasons: ['MANUAL'] } } }] });
    const { accounts } = await t.ok(`{ accounts(first: 50) { edges { node { code credit { limit { amount } available { amount } } } } } }`);
    const limited = accounts.edges.map((e: any) => e.node).filter((n: any) => n.credit.limit);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    for (const n of limited) expect([n.code, Number(n.credit.available.amount) > 0]).toEqual([n.code, true]);
  });

  it('has exactly one account past due (1005), and the cards show both', async () => {
    const { accounts } = await t.ok(`{ accounts(first: 50) { edges { node { code receivables { overdue { amount } } } } } }`);
    expect(accounts.edges.filter((e: any) => e.node.receivables.overdue.amount !== '0.00').map((e: any) => e.node.code)).toEqual(['1005']);

    const held = await card('1002');
    expect(held.credit).toMatchObject({ limit: { amount: '10000.00' }, onHold: true, holdReasons: ['MANUAL'] });
    const late = await card('1005');
    expect(Number(late.receivables.overdue.amount)).toBeGreaterThan(0);
    expect(Number(late.receivables.aging.over90.amount)).toBeGreaterThan(0);
    expect(late.credit).toMatchObject({ onHold: false, holdReasons: [] }); // the demo policy is CREDIT_LIMIT
    expect(late.documents.edges.length).toBeGreaterThan(0);
  });

  it('under PAST_DUE the past-due account is held too', async () => {
    await t.ok(`mutation { setCreditPolicy(checkMode: PAST_DUE, onHoldAction: ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES) { checkMode } }`);
    try {
      const held = await onHold();
      expect(held.edges.map((e: any) => [e.node.code, e.node.credit.holdReasons]).sort()).toEqual([['1002', ['MANUAL']], ['1005', ['INVOICES_PAST_DUE']]]);
      expect((await card('1005')).credit).toMatchObject({ onHold: true, holdReasons: ['INVOICES_PAST_DUE'] });
    } finally {
      await t.ok(`mutation { setCreditPolicy(checkMode: CREDIT_LIMIT, onHoldAction: ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES) { checkMode } }`);
    }
  });
});

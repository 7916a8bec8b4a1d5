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
});

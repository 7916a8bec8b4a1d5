import { loadDemoDataIfEmpty } from '../../scripts/demo';
import { startTestSystem, type TestSystem } from '../support/system';

describe('accounts: demo data', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  it('loads realistic accounts of several types and statuses, with requests', async () => {
    expect(await loadDemoDataIfEmpty(t.system)).toBe(true);
    const { accounts } = await t.ok(`{ accounts(first: 50) { totalCount edges { node { code type status } } } }`);
    expect(accounts.totalCount).toBeGreaterThanOrEqual(10);
    const nodes = accounts.edges.map((e: any) => e.node);
    expect(new Set(nodes.map((n: any) => n.type)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(nodes.map((n: any) => n.status)).size).toBeGreaterThanOrEqual(4);
    const card = await t.ok(`{ account(code: "1001") { name requests(first: 5) { totalCount edges { node { number subject status } } } requestStats { byMonth { month count } byType { type count hours } } history { totalCount } } }`);
    expect(card.account.requests.totalCount).toBeGreaterThan(0);
    expect(card.account.requestStats.byMonth).toHaveLength(12);
    expect(card.account.history.totalCount).toBe(1);
    const { deletedAccounts } = await t.ok(`{ deletedAccounts { totalCount } }`);
    expect(deletedAccounts.totalCount).toBe(1);
    // New requests continue the demo's numbering.
    const { createRequest } = await t.ok(`mutation { createRequest(input: { accountId: "${(await t.ok(`{ account(code: "1002") { id } }`)).account.id}", type: "Service", subject: "After the demo" }) { number } }`);
    expect(createRequest.number).toBe('REQ-000011');
  });
});

import { startTestSystem, type TestSystem } from '../support/system';
import { counts, createAccount } from './helpers';

describe('accounts: delete while the transactions subgraph is down', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  it('is refused with a clear error and writes nothing', async () => {
    const a = await createAccount(t);
    const transactions = t.system.subgraphs.transactions;
    await transactions.stop();
    transactions.stop = async () => undefined;
    const before = await counts(t);
    const r = await t.gql(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: a.id });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'transactions' });
    expect(r.errors?.[0].message).toMatch(/transactions.*cannot be reached/);
    expect(await counts(t)).toEqual(before);
    const still = await t.ok(`query($id: ID!) { account(id: $id) { id deletedAt } }`, { id: a.id });
    expect(still.account).toEqual({ id: a.id, deletedAt: null });
  });
});

import { Client } from 'pg';
import { benchId, generateDataset } from '../../bench/dataset';
import { CARD_QUERY, PAGE_QUERY } from '../../bench/queries';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The account card in one call, and the rule that makes it cheap: the SQL a
 * request runs does not grow with the number of accounts in it. The data is
 * the benchmark's dataset (3 contacts, 20 documents, 5 requests per account).
 */
describe('the account card', () => {
  let t: TestSystem;
  const ACCOUNTS = 60;

  beforeAll(async () => {
    t = await startTestSystem();
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await generateDataset(client, { accounts: ACCOUNTS, progress: false });
    } finally {
      await client.end();
    }
  });
  afterAll(() => t?.stop());

  const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(1_000_000 + from + i));

  function expectComplete(card: any) {
    expect(card).toMatchObject({ code: expect.any(String), name: expect.any(String), currency: expect.stringMatching(/^[A-Z]{3}$/) });
    expect(card.contacts).toHaveLength(3);
    expect(card.mainContact.fullName).toBe(card.contacts.find((c: any) => c.fullName === card.mainContact.fullName).fullName);
    expect(card.receivables.balance.currency).toBe(card.currency);
    expect(Number(card.receivables.overdue.amount)).toBeGreaterThan(0);
    expect(card.documents.edges).toHaveLength(4);
    expect(card.requests.edges).toHaveLength(5);
    expect(card.requestStats.byMonth).toHaveLength(12);
    expect(typeof card.credit.onHold).toBe('boolean');
  }

  it('answers every part of one card in one call', async () => {
    const r = await t.gql(CARD_QUERY, { id: benchId('a', 7) });
    expect(r.errors).toBeUndefined();
    expectComplete(r.data.account);
    expect(r.data.account.id).toBe(benchId('a', 7));
  });

  it('answers a page of 50 cards with no more SQL statements than one card', async () => {
    const one = await t.gql(PAGE_QUERY, { codes: codes(1, 1) });
    const fifty = await t.gql(PAGE_QUERY, { codes: codes(1, 50) });
    expect(one.errors).toBeUndefined();
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data.accounts.edges).toHaveLength(50);
    for (const { node } of fifty.data.accounts.edges) expectComplete(node);
    console.log(`SQL statements: 1 card ${one.sqlStatements}, 50 cards ${fifty.sqlStatements}`);
    expect(fifty.sqlStatements).toBeGreaterThan(0);
    expect(fifty.sqlStatements).toBeLessThanOrEqual(one.sqlStatements);
  });

  it('costs the same SQL for the single-card query whichever account it is', async () => {
    const counts = new Set<number>();
    for (const i of [2, 20, 40]) counts.add((await t.gql(CARD_QUERY, { id: benchId('a', i) })).sqlStatements);
    expect(counts.size).toBe(1);
  });
});

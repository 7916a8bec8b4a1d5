import { randomUUID } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { mintToken, VisibilityStamps } from '../../subgraphs/common';
import { readCommitted } from '../../scripts/supergraph';
import { startWorld, type World } from './world';

/**
 * Entity resolution across subgraphs: what the contacts, transactions and
 * credit-control subgraphs add to Account answers only with the accounts
 * subgraph's signed visibility stamp (or for the service identity). So calling
 * a subgraph directly, or a query path that skips accounts, gains nothing.
 */
const CARD = `query AccountCard($id: ID!) {
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
}`;

const ENTITIES = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { ${selection} } } }`;

/** Sequential fetch levels of a query plan: fetches in a Sequence add up, in a Parallel the longest counts. */
function fetchLevels(node: any): number {
  if (!node) return 0;
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Flatten':
      return fetchLevels(node.node);
    case 'Sequence':
      return node.nodes.reduce((n: number, child: any) => n + fetchLevels(child), 0);
    case 'Parallel':
      return Math.max(0, ...node.nodes.map(fetchLevels));
    default:
      throw new Error(`Unexpected plan node ${node.kind}`);
  }
}

function services(node: any, out = new Set<string>()): Set<string> {
  if (node?.kind === 'Fetch') out.add(node.serviceName);
  for (const child of node?.nodes ?? (node?.node ? [node.node] : [])) services(child, out);
  return out;
}

describe('access: entity resolution needs accounts\' visibility stamp', () => {
  let w: World;
  let stamps: VisibilityStamps;
  let account: { id: string; code: string };
  let other: { id: string; code: string };
  let secret: { id: string; code: string };
  let salesId: string;
  let sales: string;
  let service: string;

  beforeAll(async () => {
    w = await startWorld();
    stamps = new VisibilityStamps(w.t.secret);
    service = await mintToken(w.t.secret, { sub: 'service:test', roles: ['service'] });
    salesId = w.subs.sales;
    sales = await w.token('sales', w.otherAccountId);
    account = await w.account(0);
    other = await w.account(0);
    secret = await w.account(5);
    for (const a of [account, secret]) {
      await w.contact(a.id);
      await w.document('createSalesOrder', a.id, '40');
      await w.document('createInvoice', a.id, '100');
      await w.t.ok(`mutation($a: ID!) { setCreditLimit(accountId: $a, limit: "1000") { onHold } }`, { a: a.id });
      await w.request(a.id);
    }
  });
  afterAll(() => w?.t.stop());

  it('the account card works through the gateway, in three fetch levels (accounts; contacts and transactions; credit control)', async () => {
    const { account: card } = await w.t.ok(CARD, { id: account.id });
    expect(card).toMatchObject({
      id: account.id,
      contacts: [expect.objectContaining({ emailValid: true })],
      mainContact: expect.objectContaining({ fullName: expect.any(String) }),
      receivables: { balance: { amount: '100.00', currency: 'EUR' }, overdue: { amount: '0.00' } },
      credit: { limit: { amount: '1000.00' }, available: { amount: '860.00' }, onHold: false, holdReasons: [] },
      documents: { edges: [{ node: { status: 'OPEN', total: { amount: '40.00' } } }] },
      requests: { edges: [expect.objectContaining({ node: expect.objectContaining({ status: 'OPEN' }) })] },
    });

    // The plan the gateway makes of the committed supergraph, captured while it runs the card against the subgraphs.
    const plans: any[] = [];
    const gateway = new ApolloGateway({
      supergraphSdl: readCommitted('supergraph.graphql')!,
      buildService: ({ name }) =>
        new (class extends RemoteGraphQLDataSource<{ token: string }> {
          override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ token: string }>) {
            if (context?.token) request.http?.headers.set('authorization', `Bearer ${context.token}`);
          }
        })({ url: (w.t.system.urls as Record<string, string>)[name], fetcher: fetch as never }),
      experimental_didResolveQueryPlan: ({ queryPlan }) => {
        plans.push(queryPlan);
      },
    });
    const server = new ApolloServer<{ token: string }>({ gateway });
    await server.start();
    try {
      const res = await server.executeOperation({ query: CARD, variables: { id: account.id } }, { contextValue: { token: w.t.adminToken } });
      expect(res.body.kind === 'single' && res.body.singleResult.errors).toBeFalsy();
      expect(res.body.kind === 'single' && (res.body.singleResult.data as any).account.credit.available.amount).toBe('860.00');
    } finally {
      await server.stop();
    }
    expect(plans).toHaveLength(1);
    expect(fetchLevels(plans[0].node)).toBe(3);
    expect(services(plans[0].node)).toEqual(new Set(['accounts', 'contacts', 'transactions', 'credit-control']));
  });

  describe('calling a subgraph directly with a user token', () => {
    const cases = [
      { name: 'no stamp', stamp: () => undefined },
      { name: 'a forged stamp', stamp: () => `${Math.floor(Date.now() / 1000) + 300}.${'A'.repeat(43)}` },
      { name: "another user's stamp", stamp: () => stamps.sign(account.id, randomUUID()) },
      { name: "another account's stamp", stamp: () => stamps.sign(other.id, salesId) },
      { name: 'an expired stamp', stamp: () => stamps.sign(account.id, salesId, Date.now() - 10 * 60_000) },
      { name: 'a stamp signed with another secret', stamp: () => new VisibilityStamps('not-the-secret').sign(account.id, salesId) },
    ];
    const rep = (stamp: string | undefined, extra: Record<string, unknown> = {}) => ({ r: [{ __typename: 'Account', id: account.id, visibilityStamp: stamp, ...extra }] });
    const receivables = { receivables: { balance: { amount: '100.00', currency: 'EUR' }, overdue: { amount: '0.00' }, openOrders: { amount: '40.00' } } };

    it.each(cases)('contacts: $name gets no contacts', async ({ stamp }) => {
      const r = await w.t.gql(ENTITIES('contacts { id } mainContact { id } person { id }'), rep(stamp()), { url: w.t.system.urls.contacts, token: sales });
      expect(r.data._entities).toEqual([{ contacts: [], mainContact: null, person: null }]);
    });

    it.each(cases)('transactions: $name gets no documents, and NOT_FOUND for receivables, statement, hasTransactions', async ({ stamp }) => {
      const url = w.t.system.urls.transactions;
      const docs = await w.t.gql(ENTITIES('documents { totalCount edges { node { id } } }'), rep(stamp(), { currency: 'EUR' }), { url, token: sales });
      expect(docs.data._entities).toEqual([{ documents: { totalCount: 0, edges: [] } }]);
      for (const field of ['receivables { balance { amount } }', 'statement { closingBalance { amount } }', 'hasTransactions']) {
        const r = await w.t.gql(ENTITIES(field), rep(stamp(), { currency: 'EUR' }), { url, token: sales });
        expect([field, r.errors?.[0].extensions?.code]).toEqual([field, 'NOT_FOUND']);
        expect(r.data?._entities?.[0] ?? null).toBeNull();
      }
    });

    it.each(cases)('credit control: $name gets NOT_FOUND', async ({ stamp }) => {
      const r = await w.t.gql(ENTITIES('credit { onHold limit { amount } }'), rep(stamp(), receivables), { url: w.t.system.urls['credit-control'], token: sales });
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(r.data?._entities?.[0] ?? null).toBeNull();
    });

    it("with the user's own valid stamp (what the gateway passes on) every subgraph answers", async () => {
      const stamp = stamps.sign(account.id, salesId);
      const c = await w.t.gql(ENTITIES('contacts { id }'), rep(stamp), { url: w.t.system.urls.contacts, token: sales });
      expect(c.data._entities[0].contacts).toHaveLength(1);
      const tx = await w.t.gql(ENTITIES('documents { totalCount } hasTransactions receivables { balance { amount } }'), rep(stamp, { currency: 'EUR' }), { url: w.t.system.urls.transactions, token: sales });
      expect(tx.data._entities[0]).toEqual({ documents: { totalCount: 2 }, hasTransactions: true, receivables: { balance: { amount: '100.00' } } });
      const cr = await w.t.gql(ENTITIES('credit { limit { amount } }'), rep(stamp, receivables), { url: w.t.system.urls['credit-control'], token: sales });
      expect(cr.data._entities[0].credit.limit.amount).toBe('1000.00');
    });

    it('the service identity needs no stamp', async () => {
      const c = await w.t.gql(ENTITIES('contacts { id }'), rep(undefined), { url: w.t.system.urls.contacts, token: service });
      expect(c.data._entities[0].contacts).toHaveLength(1);
      const tx = await w.t.gql(ENTITIES('hasTransactions documents { totalCount }'), rep(undefined, { currency: 'EUR' }), { url: w.t.system.urls.transactions, token: service });
      expect(tx.data._entities[0]).toEqual({ hasTransactions: true, documents: { totalCount: 2 } });
      const cr = await w.t.gql(ENTITIES('credit { limit { amount } }'), rep(undefined, receivables), { url: w.t.system.urls['credit-control'], token: service });
      expect(cr.data._entities[0].credit.limit.amount).toBe('1000.00');
    });

    it('accounts signs stamps only for accounts the caller may see', async () => {
      const low = await w.token('low', w.otherAccountId);
      const ask = (id: string) => w.t.gql(ENTITIES('id visibilityStamp'), { r: [{ __typename: 'Account', id }] }, { url: w.t.system.urls.accounts, token: low });
      const visible = (await ask(account.id)).data._entities[0];
      expect(stamps.verify(visible.visibilityStamp, account.id, w.subs.low)).toBe(true);
      expect((await ask(secret.id)).data._entities).toEqual([null]);
    });
  });

  it('a query path that skips accounts (me -> crmAccount) shows nothing of an account above the caller\'s level', async () => {
    const [contact] = (await w.t.ok(`query($id: ID!) { account(id: $id) { contacts { id } } }`, { id: secret.id })).account.contacts;
    await w.t.ok(`mutation($u: ID!, $a: ID!, $c: ID!) { linkUser(userId: $u, accountId: $a, contactId: $c) { id } }`, { u: w.subs.low, a: secret.id, c: contact.id });
    const low = await w.token('low', w.otherAccountId);
    const r = await w.t.gql(`{ me { id crmAccount { hasTransactions receivables { balance { amount } } credit { onHold } contacts { id } } crmContact { id } } }`, {}, { token: low });
    expect(r.errors).toBeUndefined();
    expect(r.data.me).toEqual({ id: w.subs.low, crmAccount: null, crmContact: null });
    // An admin who may see the account sees the link.
    const seen = await w.t.ok(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { crmAccount { id } crmContact { id } } } }`, { r: [{ __typename: 'User', id: w.subs.low }] }, { url: w.t.system.urls.contacts });
    expect(seen._entities[0]).toEqual({ crmAccount: { id: secret.id }, crmContact: { id: contact.id } });
  });

  describe('internal fields', () => {
    it('hiddenAccountIds (deleted unless account:restore, above the level) is for services only, and not in the public API', async () => {
      const deleted = await w.account(0);
      await w.deleteAccount(deleted.id);
      const Q = `query($l: Int!, $r: Boolean!) { hiddenAccountIds(securityLevel: $l, mayRestore: $r) }`;
      const hidden = async (level: number, restore: boolean) =>
        new Set((await w.t.ok(Q, { l: level, r: restore }, { url: w.t.system.urls.accounts, token: service })).hiddenAccountIds);
      const asSales = await hidden(10, false);
      expect(asSales.has(deleted.id)).toBe(true);
      expect(asSales.has(secret.id)).toBe(false);
      const asLow = await hidden(0, true);
      expect(asLow.has(secret.id)).toBe(true);
      expect(asLow.has(deleted.id)).toBe(false);
      // A user asking for the list would learn of accounts they may not see.
      for (const token of [sales, w.t.adminToken]) {
        const r = await w.t.gql(Q, { l: 10, r: true }, { url: w.t.system.urls.accounts, token });
        expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      for (const query of [Q, `query($id: ID!) { account(id: $id) { visibilityStamp } }`]) {
        const r = await w.t.gql(query, { id: account.id, l: 0, r: false });
        expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });

    it('service-only internal fields refuse users, even admins calling the subgraph directly', async () => {
      const input = { accountId: account.id, documentType: 'SALES_ORDER', amount: '1', currency: 'EUR', balance: '0', openOrders: '0', overdue: '0' };
      for (const [url, query, vars] of [
        [w.t.system.urls['credit-control'], `query($i: CreditCheckInput!) { creditDecision(input: $i) { outcome } }`, { i: input }],
        [w.t.system.urls.transactions, `query($ids: [ID!]!) { accountFigures(accountIds: $ids) { accountId } }`, { ids: [account.id] }],
        [w.t.system.urls.transactions, `{ accountIdsWithOverdue }`, {}],
      ] as const) {
        expect((await w.t.gql(query, vars, { url })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect((await w.t.gql(query, vars, { url, token: service })).errors).toBeUndefined();
      }
    });

    it('every subgraph refuses a request without a valid token', async () => {
      for (const url of Object.values(w.t.system.urls)) {
        for (const token of [null, 'garbage']) {
          const r = await w.t.gql(ENTITIES('id'), { r: [{ __typename: 'Account', id: account.id }] }, { url, token });
          expect([url, r.status, r.errors?.[0].extensions?.code]).toEqual([url, 401, 'UNAUTHENTICATED']);
        }
      }
    });
  });
});

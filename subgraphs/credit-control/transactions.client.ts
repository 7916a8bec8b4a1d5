import { serviceUnavailable, type InternalClient } from '../common';

/** The receivables figures credit status is derived from, as the gateway passes them to `Account.credit`. */
export interface ReceivablesFigures {
  balance: { amount: string; currency: string };
  overdue: { amount: string };
  openOrders: { amount: string };
}

/** Contract of the transactions subgraph's internal `accountFigures` (service identity, @inaccessible there). */
export interface AccountFigures {
  accountId: string;
  currency: string;
  balance: string;
  openOrders: string;
  overdue: string;
  unallocated: string;
}

const RECEIVABLES = 'receivables { balance { amount currency } overdue { amount } openOrders { amount } }';

/**
 * What credit control asks the transactions subgraph. Never called while a
 * database transaction is open (one PGlite session: it would deadlock).
 */
export class TransactionsClient {
  constructor(private readonly internal: InternalClient) {}

  /**
   * Receivables of accounts, through transactions' `_entities`, as the gateway
   * fetches them before `Account.credit`. `currency` is what transactions'
   * `receivables` requires from accounts. Asked as the service: callers ask
   * only for accounts the caller may see, established through the account
   * lookup (the caller's token would need accounts' visibility stamp).
   */
  async receivables(accounts: readonly { id: string; currency: string }[]): Promise<ReceivablesFigures[]> {
    if (accounts.length === 0) return [];
    const data = await this.internal.request<{ _entities: ({ receivables: ReceivablesFigures } | null)[] }>(
      'transactions',
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { ${RECEIVABLES} } } }`,
      { representations: accounts.map((a) => ({ __typename: 'Account', id: a.id, currency: a.currency })) },
      'service',
    );
    return data._entities.map((e, i) => {
      if (!e?.receivables) throw serviceUnavailable('transactions', `The transactions service returned no receivables for account ${accounts[i].id}`);
      return e.receivables;
    });
  }

  /** Figures of the given accounts; rows only for accounts that have transactions. */
  async accountFigures(accountIds: readonly string[]): Promise<AccountFigures[]> {
    if (accountIds.length === 0) return [];
    const data = await this.internal.request<{ accountFigures: AccountFigures[] }>(
      'transactions',
      `query($accountIds: [ID!]!) { accountFigures(accountIds: $accountIds) { accountId currency balance openOrders overdue unallocated } }`,
      { accountIds },
      'service',
    );
    return data.accountFigures;
  }

  /** Accounts with any invoice past due. */
  async accountIdsWithOverdue(): Promise<string[]> {
    const data = await this.internal.request<{ accountIdsWithOverdue: string[] }>('transactions', `{ accountIdsWithOverdue }`, {}, 'service');
    return data.accountIdsWithOverdue;
  }
}

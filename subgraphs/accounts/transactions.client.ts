import { serviceUnavailable, type InternalClient } from '../common';

/**
 * Whether an account has transactions, from the transactions subgraph (its
 * `Account.hasTransactions`, through `_entities`, as the service). A
 * subgraph that is down or answers nothing useful is SERVICE_UNAVAILABLE:
 * a delete never passes silently.
 */
export function hasTransactionsVia(internal: InternalClient) {
  return async (accountId: string): Promise<boolean> => {
    const [answer] = await internal.entities<{ hasTransactions?: unknown }>('transactions', 'Account', [accountId], 'hasTransactions', 'service');
    if (!answer || typeof answer.hasTransactions !== 'boolean') {
      throw serviceUnavailable('transactions', 'The transactions service did not say whether the account has transactions; nothing was changed');
    }
    return answer.hasTransactions;
  };
}

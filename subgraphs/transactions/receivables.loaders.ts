import DataLoader from 'dataloader';
import { byKey } from '../common';
import type { AccountBalance } from './balance.entity';
import type { TransactionsServices } from './index';

export function createTransactionLoaders(services: TransactionsServices) {
  return {
    balanceByAccountId: new DataLoader<string, AccountBalance | null>(async (ids) =>
      byKey(ids, await services.balanceRepository.findByAccountIds(ids), (b) => b.accountId),
    ),
  };
}
export type TransactionsLoaders = ReturnType<typeof createTransactionLoaders>;

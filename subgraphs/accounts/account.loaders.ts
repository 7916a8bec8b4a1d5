import DataLoader from 'dataloader';
import { byKey } from '../common';
import type { Account } from './account.entity';
import type { AccountsServices } from './index';

/** Per-request loaders: one query per kind of data for a whole page. */
export function createAccountLoaders(services: AccountsServices) {
  return {
    accountById: new DataLoader<string, Account | null>(async (ids) =>
      byKey(ids, await services.accountRepository.findByIds(ids), (a) => a.id),
    ),
  };
}
export type AccountsLoaders = ReturnType<typeof createAccountLoaders>;

import DataLoader from 'dataloader';
import { byKey } from '../common';
import type { AccountCredit } from './credit.entity';
import type { CreditControlServices } from './index';

export function createCreditLoaders(services: CreditControlServices) {
  return {
    creditByAccountId: new DataLoader<string, AccountCredit | null>(async (ids) =>
      byKey(ids, await services.creditRepository.findByAccountIds(ids), (c) => c.accountId),
    ),
  };
}
export type CreditControlLoaders = ReturnType<typeof createCreditLoaders>;

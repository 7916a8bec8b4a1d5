import type { DataSource } from 'typeorm';
import { AccountBalance } from './balance.entity';

/** All SQL for balances. */
export class BalanceRepository {
  constructor(private readonly ds: DataSource) {}

  async findByAccountIds(accountIds: readonly string[]): Promise<AccountBalance[]> {
    if (accountIds.length === 0) return [];
    return this.ds.getRepository(AccountBalance).createQueryBuilder('b').where('b.account_id = ANY(:accountIds)', { accountIds }).getMany();
  }
}

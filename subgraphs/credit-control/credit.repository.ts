import type { DataSource } from 'typeorm';
import { AccountCredit } from './credit.entity';

/** All SQL for credit terms. */
export class CreditRepository {
  constructor(private readonly ds: DataSource) {}

  async findByAccountIds(accountIds: readonly string[]): Promise<AccountCredit[]> {
    if (accountIds.length === 0) return [];
    return this.ds.getRepository(AccountCredit).createQueryBuilder('c').where('c.account_id = ANY(:accountIds)', { accountIds }).getMany();
  }
}

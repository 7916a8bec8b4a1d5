import type { DataSource, EntityManager } from 'typeorm';
import { Account } from './account.entity';

/** All SQL for accounts. */
export class AccountRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    return this.ds.getRepository(Account).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids }).getMany();
  }

  async findByCode(code: string): Promise<Account | null> {
    return this.ds.getRepository(Account).findOneBy({ code });
  }

  async insert(manager: EntityManager, account: Account): Promise<void> {
    await manager.getRepository(Account).insert(account);
  }

  /** The next free numeric code, for a code that is taken or not given. */
  async nextNumericCode(manager: EntityManager): Promise<string> {
    const [row] = await manager.query(
      `SELECT coalesce(max(code::bigint), 0) + 1 AS next FROM accounts.account WHERE code ~ '^[0-9]{1,18}$'`,
    );
    return String(row.next);
  }

  async codeExists(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM accounts.account WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}

import type { DataSource } from 'typeorm';
import { Contact } from './contact.entity';

/** All SQL for contacts. */
export class ContactRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    return this.ds.getRepository(Contact).createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).getMany();
  }

  /** Contacts of many accounts in one statement, main contact first, then by name. */
  async findByAccountIds(accountIds: readonly string[]): Promise<Contact[]> {
    if (accountIds.length === 0) return [];
    return this.ds
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where('c.account_id = ANY(:accountIds)', { accountIds })
      .orderBy('c.is_main', 'DESC')
      .addOrderBy('c.full_name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }
}

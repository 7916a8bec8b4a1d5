import DataLoader from 'dataloader';
import { byKey, groupByKey } from '../common';
import type { Contact } from './contact.entity';
import type { ContactRepository } from './contact.repository';

/** Per-request contact loaders: one query per kind of data for a whole page of accounts. */
export function createContactLoaders(contacts: ContactRepository) {
  return {
    contactById: new DataLoader<string, Contact | null>(async (ids) => byKey(ids, await contacts.findByIds(ids), (c) => c.id)),
    contactsByAccountId: new DataLoader<string, Contact[]>(async (accountIds) =>
      groupByKey(accountIds, await contacts.findByAccountIds(accountIds), (c) => c.accountId),
    ),
    /** Roles at company accounts (Person.contacts). */
    rolesByPersonId: new DataLoader<string, Contact[]>(async (personIds) =>
      groupByKey(personIds, await contacts.findRolesByPersonIds(personIds), (c) => c.personId),
    ),
  };
}

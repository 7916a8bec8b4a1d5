import DataLoader from 'dataloader';
import { byKey, groupByKey } from '../common';
import type { Contact } from './contact.entity';
import type { ContactsServices } from './index';

/** Per-request loaders: one query per kind of data for a whole page of accounts. */
export function createContactLoaders(services: ContactsServices) {
  return {
    contactById: new DataLoader<string, Contact | null>(async (ids) =>
      byKey(ids, await services.contactRepository.findByIds(ids), (c) => c.id),
    ),
    contactsByAccountId: new DataLoader<string, Contact[]>(async (accountIds) =>
      groupByKey(accountIds, await services.contactRepository.findByAccountIds(accountIds), (c) => c.accountId),
    ),
  };
}
export type ContactsLoaders = ReturnType<typeof createContactLoaders>;

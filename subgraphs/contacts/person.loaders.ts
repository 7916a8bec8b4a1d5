import DataLoader from 'dataloader';
import { byKey, groupByKey } from '../common';
import type { Person } from './person.entity';
import type { PersonRepository } from './person.repository';

/** Per-request person loaders. */
export function createPersonLoaders(persons: PersonRepository) {
  return {
    personById: new DataLoader<string, Person | null>(async (ids) => byKey(ids, await persons.findByIds(ids), (p) => p.id)),
    /** The person of a person account (Account.person). */
    personByAccountId: new DataLoader<string, Person | null>(async (accountIds) =>
      byKey(accountIds, await persons.findByAccountIds(accountIds), (r) => r.accountId).map((r) => r?.person ?? null),
    ),
    /** A person's person accounts, oldest link first (Person.account, Person.accounts). */
    personAccountIdsByPersonId: new DataLoader<string, string[]>(async (personIds) =>
      groupByKey(personIds, await persons.findAccountLinksByPersonIds(personIds), (r) => r.personId).map((rows) => rows.map((r) => r.accountId)),
    ),
    /** Every account a person is linked to, for deciding whether the caller may see the person. */
    linkedAccountIdsByPersonId: new DataLoader<string, string[]>(async (personIds) =>
      groupByKey(personIds, await persons.findLinkedAccountIds(personIds), (r) => r.personId).map((rows) => rows.map((r) => r.accountId)),
    ),
  };
}

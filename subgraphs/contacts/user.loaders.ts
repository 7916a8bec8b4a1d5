import DataLoader from 'dataloader';
import { byKey, isUuid } from '../common';
import type { User } from './user.entity';
import type { UserRepository } from './user.repository';

/** Per-request user loaders. */
export function createUserLoaders(users: UserRepository) {
  return {
    /** Stored users; null for ids without a record (and for ids that are no UUID, such as a service's). */
    userById: new DataLoader<string, User | null>(async (ids) => {
      const uuids = ids.filter(isUuid).map((id) => id.toLowerCase());
      const found = await users.findByIds(uuids);
      return byKey(
        ids.map((id) => id.toLowerCase()),
        found,
        (u) => u.id,
      );
    }),
    userByContactId: new DataLoader<string, User | null>(async (contactIds) =>
      byKey(contactIds, await users.findByContactIds(contactIds), (u) => u.crmContactId!),
    ),
  };
}

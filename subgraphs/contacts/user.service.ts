import type { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, isUuid, notFound, requireRight, uuid, type Identity } from '../common';
import { writableAccount } from './contact.access';
import { isForeignKeyViolation, isUniqueViolation } from './db';
import type { ContactsContext } from './index';
import { User } from './user.entity';
import type { UserRepository } from './user.repository';

/** Subjects (with their claims) this process has already written; bounded, oldest forgotten first. */
const SEEN_LIMIT = 10_000;

/**
 * Users (Elfsquad): a record per token subject, made on its first request;
 * optionally linked to a CRM account and a contact of that account.
 */
export class UserService {
  private readonly seen = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly users: UserRepository,
  ) {}

  /**
   * Called on every request: writes only the first time this process sees a
   * subject with these claims, so a steady stream of requests costs no SQL.
   * Services are not users; neither are subjects that are no UUID.
   */
  async ensureUser(identity: Identity): Promise<void> {
    if (identity.isService || !isUuid(identity.userId)) return;
    const email = clip(identity.email, 320);
    const name = clip(identity.name, 200);
    const key = `${identity.userId.toLowerCase()}\u0000${email ?? ''}\u0000${name ?? ''}`;
    if (this.seen.has(key)) return;
    await this.users.upsertFromClaims(identity.userId.toLowerCase(), email, name);
    if (this.seen.size >= SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(key);
  }

  /**
   * A user by id for another subgraph's reference (an account's owner, an
   * audit entry's actor). A service is shown by its name; a person who has not
   * signed in yet has no record and is shown as an unknown user, id kept.
   */
  async resolve(ctx: ContactsContext, id: string): Promise<User> {
    const stored = await ctx.loaders.userById.load(id);
    if (stored) return stored;
    const service = /^service:(.+)$/.exec(id);
    return Object.assign(new User(), {
      id,
      email: '',
      displayName: service ? `${service[1]} (service)` : 'Unknown user',
      crmAccountId: null,
      crmContactId: null,
      stored: false,
    });
  }

  /**
   * Links a user to a CRM account and a contact of that account; both
   * optional (none unlinks). A contact without an account means its account.
   */
  async link(ctx: ContactsContext, rawUserId: string, rawAccountId?: string | null, rawContactId?: string | null): Promise<User> {
    requireRight(ctx.identity, 'contact:write');
    if (ctx.identity.isPortal) throw forbidden(undefined, 'Portal users cannot link users');
    const userId = uuid('userId', rawUserId);
    let accountId = rawAccountId ? uuid('accountId', rawAccountId) : null;
    const contactId = rawContactId ? uuid('contactId', rawContactId) : null;
    if (!(await ctx.loaders.userById.load(userId))) throw notFound('User', userId, 'userId');
    if (contactId) {
      const contact = await ctx.loaders.contactById.load(contactId);
      if (!contact) throw notFound('Contact', contactId, 'contactId');
      if (accountId && contact.accountId !== accountId) throw badInput('contactId', `Contact ${contactId} is not a contact of account ${accountId}`);
      accountId = contact.accountId;
    }
    if (accountId) await writableAccount(ctx, accountId, rawAccountId ? 'accountId' : 'contactId');

    try {
      return await this.ds.transaction(async (db) => {
        const user = await this.users.lockForUpdate(db, userId);
        if (!user) throw notFound('User', userId, 'userId');
        if (contactId) {
          const other = await this.users.findOtherUserOfContact(db, contactId, userId);
          if (other) throw conflict(`Contact ${contactId} is linked to another user`, { field: 'contactId' });
        }
        if (user.crmAccountId !== accountId || user.crmContactId !== contactId) await this.users.setCrmLink(db, userId, accountId, contactId);
        const [updated] = await this.users.findByIds([userId], db);
        return updated;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'app_user_crm_contact_key')) throw conflict(`Contact ${contactId} is linked to another user`, { field: 'contactId' });
      // The contact was deleted in between.
      if (contactId && isForeignKeyViolation(err)) throw notFound('Contact', contactId, 'contactId');
      throw err;
    }
  }
}

function clip(value: string | null, max: number): string | null {
  const v = value?.trim();
  return v ? v.slice(0, max) : null;
}

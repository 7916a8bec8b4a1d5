import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  badInput,
  conflict,
  decodeCursor,
  forbidden,
  notFound,
  optionalString,
  pageSize,
  requireRight,
  staleVersion,
  toConnection,
  uuid,
  type Connection,
} from '../common';
import { isPersonVisible, visibleAccount, visibleAccountIds, writableAccount } from './contact.access';
import { Contact } from './contact.entity';
import type { ContactCursor, ContactListFilter, ContactRepository } from './contact.repository';
import { check } from './contact.validation';
import { isUniqueViolation } from './db';
import type { ContactFilter } from './dto/contact-filter.input';
import { NEW_PERSON_FIELDS, type CreateContactInput } from './dto/create-contact.input';
import type { UpdateContactInput } from './dto/update-contact.input';
import type { ContactsContext } from './index';
import { composeFullName, Person } from './person.entity';
import type { PersonRepository } from './person.repository';

/** The rules of contacts: a person's role at an account, and its main contact. */
export class ContactService {
  constructor(
    private readonly ds: DataSource,
    private readonly contacts: ContactRepository,
    private readonly persons: PersonRepository,
  ) {}

  async create(ctx: ContactsContext, input: CreateContactInput): Promise<Contact> {
    requireRight(ctx.identity, 'contact:write');
    const accountId = uuid('accountId', input.accountId);
    const personId = input.personId ? uuid('personId', input.personId) : null;
    const fields = {
      jobTitle: check.jobTitle(input.jobTitle) ?? null,
      jobDescription: check.jobDescription(input.jobDescription) ?? null,
      email: check.email(input.email) ?? null,
      phone: check.phone('phone', input.phone) ?? null,
      mobile: check.phone('mobile', input.mobile) ?? null,
      fax: check.phone('fax', input.fax) ?? null,
    };
    let newPerson: Person | null = null;
    if (personId) {
      const given = NEW_PERSON_FIELDS.find((f) => input[f] !== undefined && input[f] !== null);
      if (given) throw badInput(given, `Give personId or the fields of a new person, not both (${given})`);
      const person = await ctx.loaders.personById.load(personId);
      if (!person || !(await isPersonVisible(ctx, personId))) throw notFound('Person', personId, 'personId');
    } else {
      newPerson = this.newPerson(input);
    }
    // Remote facts first: no call to another subgraph while a transaction is open.
    const account = await writableAccount(ctx, accountId, 'accountId');
    const isPersonAccount = account.kind === 'PERSON';
    if (newPerson && isPersonAccount) {
      // The contact of a person account is the person themself: their own email and numbers.
      Object.assign(newPerson, { email: fields.email, phone: fields.phone, mobile: fields.mobile, fax: fields.fax });
    }

    try {
      return await this.ds.transaction(async (db) => {
        await this.contacts.lockAccount(db, accountId);
        const targetPersonId = personId ?? newPerson!.id;
        if (personId && !(await this.persons.lockShared(db, personId))) throw notFound('Person', personId, 'personId');
        const linkedPerson = isPersonAccount ? await this.persons.findAccountLink(db, accountId) : null;
        if (linkedPerson && linkedPerson !== targetPersonId) {
          throw badInput(personId ? 'personId' : 'accountId', `Account ${accountId} is the person account of person ${linkedPerson}; its contact is that person`);
        }
        if (personId && (await this.contacts.existsForPerson(db, accountId, personId))) {
          throw conflict(`Person ${personId} is already a contact of account ${accountId}`, { field: 'personId' });
        }
        const now = new Date();
        const currentMain = await this.contacts.findMainId(db, accountId);
        const isMain = !currentMain || input.isMain === true;
        if (currentMain && isMain) await this.contacts.setMain(db, currentMain, false, now);
        if (newPerson) await this.persons.insert(db, Object.assign(newPerson, { createdAt: now, updatedAt: now }));
        if (isPersonAccount && !linkedPerson) await this.persons.insertAccountLink(db, accountId, targetPersonId, now);
        const contact = Object.assign(new Contact(), {
          id: randomUUID(),
          accountId,
          personId: targetPersonId,
          ...fields,
          emailValid: fields.email !== null,
          emailOptIn: input.emailOptIn ?? false,
          isMain,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        await this.contacts.insert(db, contact);
        const [created] = await this.contacts.findByIds([contact.id], db);
        return created;
      });
    } catch (err) {
      // Belt and braces: the advisory lock serialises creates, the indexes would catch a race anyway.
      if (isUniqueViolation(err, 'contact_one_main_per_account')) throw conflict('Another contact became main at the same time; try again');
      if (isUniqueViolation(err, 'contact_account_person_key')) throw conflict(`Person ${personId} is already a contact of account ${accountId}`, { field: 'personId' });
      throw err;
    }
  }

  private newPerson(input: CreateContactInput): Person {
    const name = {
      title: check.title(input.title) ?? null,
      initials: check.initials(input.initials) ?? null,
      firstName: check.name('firstName', input.firstName) ?? null,
      middleName: check.name('middleName', input.middleName) ?? null,
      lastName: check.lastName(input.lastName),
      suffix: check.suffix(input.suffix) ?? null,
    };
    return Object.assign(new Person(), {
      id: randomUUID(),
      ...name,
      fullName: composeFullName(name),
      language: check.language(input.language) ?? null,
      email: null,
      phone: null,
      mobile: null,
      fax: null,
      address: null,
      socialLinks: [] as Person['socialLinks'],
      jobExperiences: [] as Person['jobExperiences'],
      personalDataClassifications: [] as string[],
      version: 1,
    });
  }

  async update(ctx: ContactsContext, rawId: string, input: UpdateContactInput, expectedVersion?: number | null): Promise<Contact> {
    requireRight(ctx.identity, 'contact:write');
    const id = uuid('id', rawId);
    const given = <K extends keyof UpdateContactInput>(k: K) => input[k] !== undefined;
    const changes = {
      jobTitle: given('jobTitle') ? (check.jobTitle(input.jobTitle) ?? null) : undefined,
      jobDescription: given('jobDescription') ? (check.jobDescription(input.jobDescription) ?? null) : undefined,
      email: given('email') ? (check.email(input.email) ?? null) : undefined,
      phone: given('phone') ? (check.phone('phone', input.phone) ?? null) : undefined,
      mobile: given('mobile') ? (check.phone('mobile', input.mobile) ?? null) : undefined,
      fax: given('fax') ? (check.phone('fax', input.fax) ?? null) : undefined,
    };
    await this.findWritable(ctx, id);

    return this.ds.transaction(async (db) => {
      const current = await this.contacts.lockForUpdate(db, id);
      if (!current) throw notFound('Contact', id, 'id');
      if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== current.version) {
        throw staleVersion(expectedVersion, current.version);
      }
      const next = Object.assign(new Contact(), current);
      for (const [k, v] of Object.entries(changes)) if (v !== undefined) (next as any)[k] = v;
      const emailChanged = next.email !== current.email;
      // Entering or changing an email makes it valid again; removing it leaves nothing to be valid.
      if (emailChanged) next.emailValid = next.email !== null;
      if (input.emailValid !== undefined && input.emailValid !== null) {
        if (input.emailValid && !next.email) throw badInput('emailValid', 'There is no email to be valid');
        next.emailValid = input.emailValid;
      }
      // The opt-in is the contact's permission, whatever the address: email changes never touch it.
      if (input.emailOptIn !== undefined && input.emailOptIn !== null) next.emailOptIn = input.emailOptIn;

      const fields: (keyof Contact)[] = ['jobTitle', 'jobDescription', 'email', 'emailValid', 'emailOptIn', 'phone', 'mobile', 'fax'];
      if (fields.every((f) => next[f] === current[f])) return current;
      next.version = current.version + 1;
      next.updatedAt = new Date();
      await this.contacts.update(db, next);
      return next;
    });
  }

  async delete(ctx: ContactsContext, rawId: string): Promise<Contact> {
    return this.withMainContactLock(ctx, rawId, async (db, current) => {
      await this.contacts.delete(db, current.id);
      // Deleting the main contact promotes the oldest remaining one.
      if (current.isMain) await this.contacts.promoteOldest(db, current.accountId, new Date());
      return current;
    });
  }

  async setMain(ctx: ContactsContext, rawId: string): Promise<Contact> {
    return this.withMainContactLock(ctx, rawId, async (db, current) => {
      const id = current.id;
      if (current.isMain) return current;
      const now = new Date();
      const mainId = await this.contacts.findMainId(db, current.accountId);
      if (mainId) await this.contacts.setMain(db, mainId, false, now);
      await this.contacts.setMain(db, id, true, now);
      const [updated] = await this.contacts.findByIds([id], db);
      return updated;
    });
  }

  /**
   * A contact the caller may change, locked inside a transaction together with
   * its account's main-contact lock: for the writes that can move the main contact.
   */
  private async withMainContactLock<T>(ctx: ContactsContext, rawId: string, fn: (db: EntityManager, current: Contact) => Promise<T>): Promise<T> {
    requireRight(ctx.identity, 'contact:write');
    const id = uuid('id', rawId);
    const found = await this.findWritable(ctx, id);
    return this.ds.transaction(async (db) => {
      await this.contacts.lockAccount(db, found.accountId);
      const current = await this.contacts.lockForUpdate(db, id);
      if (!current) throw notFound('Contact', id, 'id');
      return fn(db, current);
    });
  }

  /**
   * A bounce from the mail system: every contact with this address, in any
   * case, is no longer valid; at accounts the caller may see (the count says
   * nothing of the others). Not for portal users: a bounce is the mail
   * system's news, reported by staff or a service.
   */
  async markEmailBounced(ctx: ContactsContext, rawEmail: string): Promise<number> {
    requireRight(ctx.identity, 'contact:write');
    if (ctx.identity.isPortal) throw forbidden(undefined, 'Portal users cannot report bounces');
    const email = check.email(rawEmail);
    if (!email) throw badInput('email', 'email is required');
    return this.contacts.markEmailBounced(email, await ctx.loaders.hiddenAccounts.ids(), new Date());
  }

  /** The contact as the caller may see it, or null. */
  async findVisible(ctx: ContactsContext, id: string): Promise<Contact | null> {
    const contact = await ctx.loaders.contactById.load(id);
    if (!contact) return null;
    return (await visibleAccountIds(ctx, [contact.accountId])).has(contact.accountId) ? contact : null;
  }

  /** Loads a contact the caller may change, before any transaction (visibility is a remote call). */
  private async findWritable(ctx: ContactsContext, id: string): Promise<Contact> {
    const contact = await ctx.loaders.contactById.load(id);
    if (!contact) throw notFound('Contact', id, 'id');
    try {
      await writableAccount(ctx, contact.accountId, 'id');
    } catch {
      // Never name the account of a contact the caller may not see.
      throw notFound('Contact', id, 'id');
    }
    return contact;
  }

  /**
   * Contacts by account, by part of the name, email or job title, or by exact
   * email; ordered by name, keyset-paginated. Contacts at accounts the caller
   * may not see are left out in SQL (accounts' hidden ids, asked once; a
   * portal user's own account only), so pages are full and `totalCount` right.
   */
  async list(ctx: ContactsContext, filter: ContactFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<Contact>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    if (cursor && !(cursor.length === 2 && typeof cursor[0] === 'string' && typeof cursor[1] === 'string' && /^[0-9a-f-]{36}$/i.test(cursor[1]))) {
      throw badInput('after', 'Invalid cursor');
    }
    const search = optionalString('filter.search', filter?.search, 200);
    const email = optionalString('filter.email', filter?.email, 254);
    const where: ContactListFilter = {
      accountId: filter?.accountId ? uuid('filter.accountId', filter.accountId) : null,
      search: search ? `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      email: email ?? null,
    };
    const cursorOf = (c: Contact): ContactCursor => [c.fullName, c.id];
    if (where.accountId) {
      // One account, asked for by id: NOT_FOUND when the caller may not see it.
      await visibleAccount(ctx, where.accountId, 'filter.accountId');
    } else if (ctx.identity.isPortal) {
      where.accountId = ctx.identity.accountId;
      if (!(await visibleAccountIds(ctx, [where.accountId!])).size) return toConnection([], size, cursorOf, () => 0);
    } else {
      where.hiddenAccountIds = await ctx.loaders.hiddenAccounts.ids();
    }
    const rows = size === 0 ? [] : await this.contacts.page(where, cursor as ContactCursor | null, size + 1);
    return toConnection(rows, size, cursorOf, () => this.contacts.count(where));
  }
}

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, forbidden, notFound, requireRight, staleVersion, uuid } from '../common';
import { canChangePerson, isPersonVisible } from './contact.access';
import type { ContactRepository, FlexibleField } from './contact.repository';
import { check } from './contact.validation';
import type { UpdatePersonInput } from './dto/update-person.input';
import type { ContactsContext } from './index';
import { composeFullName, Person } from './person.entity';
import type { PersonRepository } from './person.repository';
import { PersonField } from './person.types';
import type { UserRepository } from './user.repository';

/** PersonField -> the Person property it names. */
const FIELD_PROPERTY: Record<PersonField, keyof Person> = {
  [PersonField.TITLE]: 'title',
  [PersonField.INITIALS]: 'initials',
  [PersonField.FIRST_NAME]: 'firstName',
  [PersonField.MIDDLE_NAME]: 'middleName',
  [PersonField.LAST_NAME]: 'lastName',
  [PersonField.SUFFIX]: 'suffix',
  [PersonField.LANGUAGE]: 'language',
  [PersonField.ADDRESS]: 'address',
  [PersonField.EMAIL]: 'email',
  [PersonField.PHONE]: 'phone',
  [PersonField.MOBILE]: 'mobile',
  [PersonField.FAX]: 'fax',
};

const FLEXIBLE: FlexibleField[] = ['email', 'phone', 'mobile', 'fax'];

/** The rules of persons: editing, propagation to contacts (Exact), merging two records of one person. */
export class PersonService {
  constructor(
    private readonly ds: DataSource,
    private readonly persons: PersonRepository,
    private readonly contacts: ContactRepository,
    private readonly users: UserRepository,
  ) {}

  /** The person as the caller may see it, or null. */
  async findVisible(ctx: ContactsContext, id: string): Promise<Person | null> {
    const person = await ctx.loaders.personById.load(id);
    if (!person) return null;
    return (await isPersonVisible(ctx, id)) ? person : null;
  }

  async update(
    ctx: ContactsContext,
    rawId: string,
    input: UpdatePersonInput,
    propagateToContacts: boolean,
    expectedVersion?: number | null,
  ): Promise<Person> {
    requireRight(ctx.identity, 'contact:write');
    const id = uuid('id', rawId);
    const given = <K extends keyof UpdatePersonInput>(k: K) => input[k] !== undefined;
    const changes: Partial<Person> = {};
    if (given('title')) changes.title = check.title(input.title) ?? null;
    if (given('initials')) changes.initials = check.initials(input.initials) ?? null;
    if (given('firstName')) changes.firstName = check.name('firstName', input.firstName) ?? null;
    if (given('middleName')) changes.middleName = check.name('middleName', input.middleName) ?? null;
    if (given('lastName')) changes.lastName = check.lastName(input.lastName);
    if (given('suffix')) changes.suffix = check.suffix(input.suffix) ?? null;
    if (given('language')) changes.language = check.language(input.language) ?? null;
    if (given('email')) changes.email = check.email(input.email) ?? null;
    if (given('phone')) changes.phone = check.phone('phone', input.phone) ?? null;
    if (given('mobile')) changes.mobile = check.phone('mobile', input.mobile) ?? null;
    if (given('fax')) changes.fax = check.phone('fax', input.fax) ?? null;
    if (given('address')) changes.address = check.address(input.address) ?? null;
    if (given('socialLinks')) changes.socialLinks = check.socialLinks(input.socialLinks);
    if (given('jobExperiences')) changes.jobExperiences = check.jobExperiences(input.jobExperiences);
    if (given('personalDataClassifications')) changes.personalDataClassifications = check.classifications(input.personalDataClassifications);
    await this.findChangeable(ctx, id, 'id');

    return this.ds.transaction(async (db) => {
      const [current] = await this.persons.lockForUpdate(db, [id]);
      if (!current) throw notFound('Person', id, 'id');
      if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== current.version) {
        throw staleVersion(expectedVersion, current.version);
      }
      const next = Object.assign(new Person(), current, changes);
      next.fullName = composeFullName(next);
      const now = new Date();
      if (!samePerson(current, next)) {
        next.version = current.version + 1;
        next.updatedAt = now;
        await this.persons.update(db, next);
      }
      // Exact: the flexible fields just edited go to every contact of the person only when asked; otherwise contacts keep theirs.
      if (propagateToContacts) {
        const values: Partial<Record<FlexibleField, string | null>> = {};
        for (const f of FLEXIBLE) if (f in changes) values[f] = next[f];
        await this.contacts.propagate(db, id, values, now);
      }
      return samePerson(current, next) ? current : next;
    });
  }

  /**
   * Exact's linking of two records of one person: the merged person's
   * contacts, person accounts and user links move to the kept person, the
   * fields named are copied, lists are combined, the merged person is removed
   * and the merge recorded; all in one transaction.
   */
  async merge(ctx: ContactsContext, rawKeepId: string, rawMergeId: string, takeFromMerged: PersonField[] | null | undefined): Promise<Person> {
    requireRight(ctx.identity, 'contact:write');
    // Merging is master-data housekeeping across accounts, not editing one's own contacts.
    if (ctx.identity.isPortal) throw forbidden(undefined, 'Portal users cannot merge persons');
    const keepId = uuid('keepId', rawKeepId);
    const mergeId = uuid('mergeId', rawMergeId);
    if (keepId === mergeId) throw badInput('mergeId', 'A person cannot be merged with itself');
    const take = [...new Set(takeFromMerged ?? [])];
    await this.findChangeable(ctx, keepId, 'keepId');
    await this.findChangeable(ctx, mergeId, 'mergeId');

    return this.ds.transaction(async (db) => {
      // Same lock order as creating contacts: accounts first, then persons.
      for (const accountId of await this.contacts.accountIdsOfPersons(db, [keepId, mergeId])) await this.contacts.lockAccount(db, accountId);
      const locked = await this.persons.lockForUpdate(db, [keepId, mergeId], true);
      const kept = locked.find((p) => p.id === keepId);
      const merged = locked.find((p) => p.id === mergeId);
      if (!kept) throw notFound('Person', keepId, 'keepId');
      if (!merged) throw notFound('Person', mergeId, 'mergeId');
      const now = new Date();

      const next = Object.assign(new Person(), kept);
      for (const field of take) (next as any)[FIELD_PROPERTY[field]] = merged[FIELD_PROPERTY[field]];
      next.fullName = composeFullName(next);
      next.socialLinks = unique([...kept.socialLinks, ...merged.socialLinks]);
      next.jobExperiences = unique([...kept.jobExperiences, ...merged.jobExperiences]);
      next.personalDataClassifications = [...new Set([...kept.personalDataClassifications, ...merged.personalDataClassifications])];
      next.version = kept.version + 1;
      next.updatedAt = now;

      // Both were contacts at one account: the kept person's contact stays there, users follow to it.
      const pairs = await this.contacts.mergeCollidingContacts(db, keepId, mergeId, now);
      const usersRelinked = await this.users.relinkContacts(db, pairs);
      await this.contacts.deleteMany(db, pairs.map((p) => p.mergedId));
      const contactsMoved = await this.contacts.movePerson(db, mergeId, keepId, now);
      const personAccountsMoved = await this.persons.moveAccountLinks(db, mergeId, keepId);
      await this.persons.update(db, next);
      await this.persons.delete(db, mergeId);
      await this.persons.insertMerge(
        db,
        {
          id: randomUUID(),
          keptPersonId: keepId,
          mergedPersonId: mergeId,
          mergedPerson: merged,
          fieldsTaken: take,
          contactsMoved,
          contactsRemoved: pairs.map((p) => p.mergedId),
          personAccountsMoved,
          usersRelinked,
          actorId: ctx.identity.userId,
        },
        now,
      );
      return next;
    });
  }

  /** Loads a person the caller may change, before any transaction (visibility is a remote call). */
  private async findChangeable(ctx: ContactsContext, id: string, field: string): Promise<Person> {
    const person = await ctx.loaders.personById.load(id);
    if (!person || !(await isPersonVisible(ctx, id))) throw notFound('Person', id, field);
    if (!(await canChangePerson(ctx, id))) throw forbidden(undefined, `Person ${id} is linked to other accounts too`);
    return person;
  }
}

const PERSON_FIELDS: (keyof Person)[] = [
  'title', 'initials', 'firstName', 'middleName', 'lastName', 'suffix', 'language', 'email', 'phone', 'mobile', 'fax',
  'address', 'socialLinks', 'jobExperiences', 'personalDataClassifications',
];

function samePerson(a: Person, b: Person): boolean {
  return PERSON_FIELDS.every((f) => stableJson(a[f] ?? null) === stableJson(b[f] ?? null));
}

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = stableJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

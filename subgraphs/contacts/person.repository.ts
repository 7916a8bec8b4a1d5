import type { DataSource } from 'typeorm';
import type { Address } from '../common';
import { run, type Db } from './db';
import { Person } from './person.entity';
import type { JobExperience, SocialLink } from './person.types';

const COLUMNS = `p.id, p.title, p.initials, p.first_name, p.middle_name, p.last_name, p.suffix, p.full_name, p.language,
  p.email, p.phone, p.mobile, p.fax, p.address, p.social_links, p.job_experiences, p.personal_data_classifications,
  p.version, p.created_at, p.updated_at`;

export function toPerson(r: Record<string, any>): Person {
  return Object.assign(new Person(), {
    id: r.id,
    title: r.title,
    initials: r.initials,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    suffix: r.suffix,
    fullName: r.full_name,
    language: r.language,
    email: r.email,
    phone: r.phone,
    mobile: r.mobile,
    fax: r.fax,
    address: (r.address as Address | null) ?? null,
    socialLinks: (r.social_links as SocialLink[]) ?? [],
    jobExperiences: (r.job_experiences as JobExperience[]) ?? [],
    personalDataClassifications: (r.personal_data_classifications as string[]) ?? [],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** What a merge record keeps (contacts.person_merge). */
export interface PersonMergeRecord {
  id: string;
  keptPersonId: string;
  mergedPersonId: string;
  mergedPerson: Person;
  fieldsTaken: string[];
  contactsMoved: string[];
  contactsRemoved: string[];
  personAccountsMoved: string[];
  usersRelinked: string[];
  actorId: string;
}

/** All SQL for persons, person accounts and merge records. */
export class PersonRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[], db: Db = this.ds): Promise<Person[]> {
    if (ids.length === 0) return [];
    const { rows } = await run(db, `SELECT ${COLUMNS} FROM contacts.person p WHERE p.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toPerson);
  }

  /** The persons of person accounts, with the account each belongs to. */
  async findByAccountIds(accountIds: readonly string[]): Promise<{ accountId: string; person: Person }[]> {
    if (accountIds.length === 0) return [];
    const { rows } = await run(
      this.ds,
      `SELECT pa.account_id AS link_account_id, ${COLUMNS}
         FROM contacts.person_account pa JOIN contacts.person p ON p.id = pa.person_id
        WHERE pa.account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    return rows.map((r) => ({ accountId: r.link_account_id, person: toPerson(r) }));
  }

  /** Person accounts of many persons, oldest link first. */
  async findAccountLinksByPersonIds(personIds: readonly string[]): Promise<{ personId: string; accountId: string }[]> {
    if (personIds.length === 0) return [];
    const { rows } = await run(
      this.ds,
      `SELECT person_id, account_id FROM contacts.person_account WHERE person_id = ANY($1::uuid[]) ORDER BY linked_at, account_id`,
      [personIds],
    );
    return rows.map((r) => ({ personId: r.person_id, accountId: r.account_id }));
  }

  /** Every account a person is linked to: where they are a contact, and their person accounts. */
  async findLinkedAccountIds(personIds: readonly string[], db: Db = this.ds): Promise<{ personId: string; accountId: string }[]> {
    if (personIds.length === 0) return [];
    const { rows } = await run(
      db,
      `SELECT person_id, account_id FROM contacts.contact WHERE person_id = ANY($1::uuid[])
       UNION
       SELECT person_id, account_id FROM contacts.person_account WHERE person_id = ANY($1::uuid[])`,
      [personIds],
    );
    return rows.map((r) => ({ personId: r.person_id, accountId: r.account_id }));
  }

  /** Locks persons for a change of their fields (not of their key), in id order. */
  async lockForUpdate(db: Db, ids: readonly string[], keyChange = false): Promise<Person[]> {
    const { rows } = await run(
      db,
      `SELECT ${COLUMNS} FROM contacts.person p WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR ${keyChange ? 'UPDATE' : 'NO KEY UPDATE'}`,
      [ids],
    );
    return rows.map(toPerson);
  }

  /** Keeps a person from being merged away or deleted until the transaction ends. */
  async lockShared(db: Db, id: string): Promise<boolean> {
    const { rows } = await run(db, `SELECT 1 FROM contacts.person WHERE id = $1 FOR KEY SHARE`, [id]);
    return rows.length > 0;
  }

  async insert(db: Db, p: Person): Promise<void> {
    await run(
      db,
      `INSERT INTO contacts.person (id, title, initials, first_name, middle_name, last_name, suffix, full_name, language,
         email, phone, mobile, fax, address, social_links, job_experiences, personal_data_classifications, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        p.id, p.title, p.initials, p.firstName, p.middleName, p.lastName, p.suffix, p.fullName, p.language,
        p.email, p.phone, p.mobile, p.fax, p.address ? JSON.stringify(p.address) : null,
        JSON.stringify(p.socialLinks), JSON.stringify(p.jobExperiences), p.personalDataClassifications,
        p.version, p.createdAt, p.updatedAt,
      ],
    );
  }

  /** Writes every field; the caller has the row locked and has bumped the version. */
  async update(db: Db, p: Person): Promise<void> {
    await run(
      db,
      `UPDATE contacts.person SET title = $2, initials = $3, first_name = $4, middle_name = $5, last_name = $6, suffix = $7,
         full_name = $8, language = $9, email = $10, phone = $11, mobile = $12, fax = $13, address = $14, social_links = $15,
         job_experiences = $16, personal_data_classifications = $17, version = $18, updated_at = $19
       WHERE id = $1`,
      [
        p.id, p.title, p.initials, p.firstName, p.middleName, p.lastName, p.suffix, p.fullName, p.language,
        p.email, p.phone, p.mobile, p.fax, p.address ? JSON.stringify(p.address) : null,
        JSON.stringify(p.socialLinks), JSON.stringify(p.jobExperiences), p.personalDataClassifications,
        p.version, p.updatedAt,
      ],
    );
  }

  async delete(db: Db, id: string): Promise<void> {
    await run(db, `DELETE FROM contacts.person WHERE id = $1`, [id]);
  }

  /** The person a person account belongs to, if linked. */
  async findAccountLink(db: Db, accountId: string): Promise<string | null> {
    const { rows } = await run(db, `SELECT person_id FROM contacts.person_account WHERE account_id = $1`, [accountId]);
    return rows[0]?.person_id ?? null;
  }

  async insertAccountLink(db: Db, accountId: string, personId: string, at: Date): Promise<void> {
    await run(db, `INSERT INTO contacts.person_account (account_id, person_id, linked_at) VALUES ($1, $2, $3)`, [accountId, personId, at]);
  }

  /** Moves person-account links from one person to another; returns the accounts moved. */
  async moveAccountLinks(db: Db, fromPersonId: string, toPersonId: string): Promise<string[]> {
    const { rows } = await run(db, `UPDATE contacts.person_account SET person_id = $2 WHERE person_id = $1 RETURNING account_id`, [
      fromPersonId,
      toPersonId,
    ]);
    return rows.map((r) => r.account_id);
  }

  async insertMerge(db: Db, m: PersonMergeRecord, at: Date): Promise<void> {
    await run(
      db,
      `INSERT INTO contacts.person_merge (id, kept_person_id, merged_person_id, merged_person, fields_taken, contacts_moved,
         contacts_removed, person_accounts_moved, users_relinked, actor_id, merged_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        m.id, m.keptPersonId, m.mergedPersonId, JSON.stringify(m.mergedPerson), m.fieldsTaken, m.contactsMoved,
        m.contactsRemoved, m.personAccountsMoved, m.usersRelinked, m.actorId, at,
      ],
    );
  }
}

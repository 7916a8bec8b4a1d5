import type { DataSource } from 'typeorm';
import { run, type Db } from './db';
import { Contact } from './contact.entity';

const COLUMNS = `c.id, c.account_id, c.person_id, p.full_name, c.job_title, c.job_description, c.email, c.email_valid,
  c.email_opt_in, c.phone, c.mobile, c.fax, c.is_main, c.version, c.created_at, c.updated_at`;
const FROM = `contacts.contact c JOIN contacts.person p ON p.id = c.person_id`;

export function toContact(r: Record<string, any>): Contact {
  return Object.assign(new Contact(), {
    id: r.id,
    accountId: r.account_id,
    personId: r.person_id,
    fullName: r.full_name,
    jobTitle: r.job_title,
    jobDescription: r.job_description,
    email: r.email,
    emailValid: r.email_valid,
    emailOptIn: r.email_opt_in,
    phone: r.phone,
    mobile: r.mobile,
    fax: r.fax,
    isMain: r.is_main,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** The flexible fields a person shares with their contacts (Exact). */
export type FlexibleField = 'email' | 'phone' | 'mobile' | 'fax';

export interface ContactListFilter {
  accountId?: string | null;
  /** Accounts the caller may not see: their contacts are left out. */
  hiddenAccountIds?: readonly string[] | null;
  /** Lower-cased LIKE pattern, already escaped. */
  search?: string | null;
  email?: string | null;
}

/** Sort key of the contacts list: full name, then id. */
export type ContactCursor = [string, string];

/** All SQL for contacts. */
export class ContactRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[], db: Db = this.ds): Promise<Contact[]> {
    if (ids.length === 0) return [];
    const { rows } = await run(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toContact);
  }

  /** Contacts of many accounts in one statement, main contact first, then by name. */
  async findByAccountIds(accountIds: readonly string[]): Promise<Contact[]> {
    if (accountIds.length === 0) return [];
    const { rows } = await run(
      this.ds,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE c.account_id = ANY($1::uuid[]) ORDER BY c.is_main DESC, p.full_name, c.id`,
      [accountIds],
    );
    return rows.map(toContact);
  }

  /**
   * Persons' roles at company accounts: their contacts, except the one at
   * their own person account (that contact is the person account itself).
   */
  async findRolesByPersonIds(personIds: readonly string[]): Promise<Contact[]> {
    if (personIds.length === 0) return [];
    const { rows } = await run(
      this.ds,
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE c.person_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM contacts.person_account pa WHERE pa.account_id = c.account_id AND pa.person_id = c.person_id)
        ORDER BY c.created_at, c.id`,
      [personIds],
    );
    return rows.map(toContact);
  }

  /**
   * Serialises every change of an account's contacts that can touch its main
   * contact (create, delete, set main, merge): two first contacts created at
   * once cannot both become main. Transaction-scoped, so PGlite-safe.
   */
  async lockAccount(db: Db, accountId: string): Promise<void> {
    await run(db, `SELECT pg_advisory_xact_lock(hashtext('contacts.account:' || $1::text))`, [accountId]);
  }

  async lockForUpdate(db: Db, id: string): Promise<Contact | null> {
    const { rows } = await run(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    return rows[0] ? toContact(rows[0]) : null;
  }

  async findMainId(db: Db, accountId: string): Promise<string | null> {
    const { rows } = await run(db, `SELECT id FROM contacts.contact WHERE account_id = $1 AND is_main`, [accountId]);
    return rows[0]?.id ?? null;
  }

  async existsForPerson(db: Db, accountId: string, personId: string): Promise<boolean> {
    const { rows } = await run(db, `SELECT 1 FROM contacts.contact WHERE account_id = $1 AND person_id = $2`, [accountId, personId]);
    return rows.length > 0;
  }

  async insert(db: Db, c: Contact): Promise<void> {
    await run(
      db,
      `INSERT INTO contacts.contact (id, account_id, person_id, job_title, job_description, email, email_valid, email_opt_in,
         phone, mobile, fax, is_main, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        c.id, c.accountId, c.personId, c.jobTitle, c.jobDescription, c.email, c.emailValid, c.emailOptIn,
        c.phone, c.mobile, c.fax, c.isMain, c.version, c.createdAt, c.updatedAt,
      ],
    );
  }

  /** Writes the editable fields; the caller has the row locked and has bumped the version. */
  async update(db: Db, c: Contact): Promise<void> {
    await run(
      db,
      `UPDATE contacts.contact SET job_title = $2, job_description = $3, email = $4, email_valid = $5, email_opt_in = $6,
         phone = $7, mobile = $8, fax = $9, version = $10, updated_at = $11
       WHERE id = $1`,
      [c.id, c.jobTitle, c.jobDescription, c.email, c.emailValid, c.emailOptIn, c.phone, c.mobile, c.fax, c.version, c.updatedAt],
    );
  }

  async setMain(db: Db, id: string, isMain: boolean, at: Date): Promise<void> {
    await run(db, `UPDATE contacts.contact SET is_main = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND is_main <> $2`, [
      id,
      isMain,
      at,
    ]);
  }

  async delete(db: Db, id: string): Promise<void> {
    await run(db, `DELETE FROM contacts.contact WHERE id = $1`, [id]);
  }

  /** Makes the oldest remaining contact of an account its main contact, if it has any left. */
  async promoteOldest(db: Db, accountId: string, at: Date): Promise<string | null> {
    const { rows } = await run(
      db,
      `UPDATE contacts.contact SET is_main = true, version = version + 1, updated_at = $2
        WHERE id = (SELECT id FROM contacts.contact WHERE account_id = $1 ORDER BY created_at, id LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM contacts.contact WHERE account_id = $1 AND is_main)
        RETURNING id`,
      [accountId, at],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Marks every contact with this email (any case) as bounced; returns how
   * many have it. Contacts at `hiddenAccountIds` (accounts the caller may not
   * see) are neither changed nor counted.
   */
  async markEmailBounced(email: string, hiddenAccountIds: readonly string[], at: Date): Promise<number> {
    const { count } = await run(
      this.ds,
      `UPDATE contacts.contact
          SET email_valid = false,
              version = version + CASE WHEN email_valid THEN 1 ELSE 0 END,
              updated_at = CASE WHEN email_valid THEN $3 ELSE updated_at END
        WHERE lower(email) = lower($1) AND account_id <> ALL($2::uuid[])`,
      [email, hiddenAccountIds, at],
    );
    return count;
  }

  /**
   * Copies a person's flexible fields to all their contacts. A changed email
   * counts as newly entered (valid again); the opt-in is never touched.
   */
  async propagate(db: Db, personId: string, values: Partial<Record<FlexibleField, string | null>>, at: Date): Promise<number> {
    const fields = (Object.keys(values) as FlexibleField[]).filter((f) => ['email', 'phone', 'mobile', 'fax'].includes(f));
    if (fields.length === 0) return 0;
    const params: unknown[] = [personId, at];
    const sets: string[] = [];
    const changed: string[] = [];
    for (const f of fields) {
      params.push(values[f] ?? null);
      const p = `$${params.length}::text`;
      sets.push(`${f} = ${p}`);
      changed.push(`${f} IS DISTINCT FROM ${p}`);
      if (f === 'email') sets.push(`email_valid = CASE WHEN email IS DISTINCT FROM ${p} THEN ${p} IS NOT NULL ELSE email_valid END`);
    }
    const { count } = await run(
      db,
      `UPDATE contacts.contact SET ${sets.join(', ')}, version = version + 1, updated_at = $2
        WHERE person_id = $1 AND (${changed.join(' OR ')})`,
      params,
    );
    return count;
  }

  /** Accounts where any of these persons is a contact (to lock them before a merge). */
  async accountIdsOfPersons(db: Db, personIds: readonly string[]): Promise<string[]> {
    const { rows } = await run(db, `SELECT DISTINCT account_id FROM contacts.contact WHERE person_id = ANY($1::uuid[]) ORDER BY account_id`, [
      personIds,
    ]);
    return rows.map((r) => r.account_id);
  }

  /**
   * A merge where both persons are contacts at one account keeps the kept
   * person's contact there: it takes what it lacks from the merged one and,
   * if that one was main, becomes main. Returns the pairs, then the caller
   * relinks users and removes the merged contacts.
   */
  async mergeCollidingContacts(db: Db, keepId: string, mergeId: string, at: Date): Promise<{ mergedId: string; keptId: string }[]> {
    const { rows } = await run(
      db,
      `SELECT m.id AS merged_id, k.id AS kept_id, m.is_main AS merged_main
         FROM contacts.contact m JOIN contacts.contact k ON k.account_id = m.account_id AND k.person_id = $1
        WHERE m.person_id = $2 ORDER BY m.id`,
      [keepId, mergeId],
    );
    if (rows.length === 0) return [];
    const pairs = rows.map((r) => ({ mergedId: r.merged_id as string, keptId: r.kept_id as string, mergedMain: r.merged_main as boolean }));
    const mergedIds = pairs.map((p) => p.mergedId);
    const keptIds = pairs.map((p) => p.keptId);
    await run(
      db,
      `UPDATE contacts.contact k SET
          job_title = coalesce(k.job_title, m.job_title),
          job_description = coalesce(k.job_description, m.job_description),
          email_valid = CASE WHEN k.email IS NULL THEN m.email_valid ELSE k.email_valid END,
          email_opt_in = CASE WHEN k.email IS NULL THEN m.email_opt_in ELSE k.email_opt_in END,
          email = coalesce(k.email, m.email),
          phone = coalesce(k.phone, m.phone),
          mobile = coalesce(k.mobile, m.mobile),
          fax = coalesce(k.fax, m.fax),
          version = k.version + 1, updated_at = $3
         FROM unnest($1::uuid[], $2::uuid[]) AS pair(merged_id, kept_id) JOIN contacts.contact m ON m.id = pair.merged_id
        WHERE k.id = pair.kept_id`,
      [mergedIds, keptIds, at],
    );
    const mainPairs = pairs.filter((p) => p.mergedMain);
    if (mainPairs.length) {
      // Unset first: the partial unique index allows one main per account at any moment.
      await run(db, `UPDATE contacts.contact SET is_main = false WHERE id = ANY($1::uuid[])`, [mainPairs.map((p) => p.mergedId)]);
      await run(db, `UPDATE contacts.contact SET is_main = true WHERE id = ANY($1::uuid[])`, [mainPairs.map((p) => p.keptId)]);
    }
    return pairs.map(({ mergedId, keptId }) => ({ mergedId, keptId }));
  }

  async deleteMany(db: Db, ids: readonly string[]): Promise<void> {
    if (ids.length) await run(db, `DELETE FROM contacts.contact WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Moves all of one person's contacts to another; returns the contacts moved. */
  async movePerson(db: Db, fromPersonId: string, toPersonId: string, at: Date): Promise<string[]> {
    const { rows } = await run(
      db,
      `UPDATE contacts.contact SET person_id = $2, version = version + 1, updated_at = $3 WHERE person_id = $1 RETURNING id`,
      [fromPersonId, toPersonId, at],
    );
    return rows.map((r) => r.id);
  }

  /** One page of the contacts list, keyset on (full name, id); LIMIT as given (first + 1). */
  async page(filter: ContactListFilter, after: ContactCursor | null, limit: number): Promise<Contact[]> {
    const { where, params } = listWhere(filter);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(p.full_name, c.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(limit);
    const { rows } = await run(
      this.ds,
      `SELECT ${COLUMNS} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.full_name, c.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toContact);
  }

  /** How many contacts match. */
  async count(filter: ContactListFilter): Promise<number> {
    const { where, params } = listWhere(filter);
    const { rows } = await run(this.ds, `SELECT count(*)::int AS n FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
    return rows[0].n;
  }
}

function listWhere(filter: ContactListFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.accountId) {
    params.push(filter.accountId);
    where.push(`c.account_id = $${params.length}::uuid`);
  }
  if (filter.hiddenAccountIds?.length) {
    params.push(filter.hiddenAccountIds);
    where.push(`c.account_id <> ALL($${params.length}::uuid[])`);
  }
  if (filter.email) {
    params.push(filter.email);
    where.push(`lower(c.email) = lower($${params.length})`);
  }
  if (filter.search) {
    params.push(filter.search);
    const p = `$${params.length}`;
    where.push(`(lower(p.full_name) LIKE ${p} OR lower(c.email) LIKE ${p} OR lower(c.job_title) LIKE ${p})`);
  }
  return { where, params };
}

import type { DataSource } from 'typeorm';
import { run, type Db } from './db';
import { User } from './user.entity';

const COLUMNS = `u.id, u.email, u.display_name, u.crm_account_id, u.crm_contact_id`;

export function toUser(r: Record<string, any>): User {
  return Object.assign(new User(), {
    id: r.id,
    email: r.email ?? '',
    displayName: r.display_name || r.email || r.id,
    crmAccountId: r.crm_account_id,
    crmContactId: r.crm_contact_id,
    stored: true,
  });
}

/** All SQL for users (contacts.app_user). */
export class UserRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[], db: Db = this.ds): Promise<User[]> {
    if (ids.length === 0) return [];
    const { rows } = await run(db, `SELECT ${COLUMNS} FROM contacts.app_user u WHERE u.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toUser);
  }

  async findByContactIds(contactIds: readonly string[]): Promise<User[]> {
    if (contactIds.length === 0) return [];
    const { rows } = await run(this.ds, `SELECT ${COLUMNS} FROM contacts.app_user u WHERE u.crm_contact_id = ANY($1::uuid[])`, [contactIds]);
    return rows.map(toUser);
  }

  /**
   * Creates the user of a token's subject, or refreshes the email and name
   * when the token's claims changed. Writes nothing when nothing changed.
   */
  async upsertFromClaims(id: string, email: string | null, displayName: string | null): Promise<void> {
    await run(
      this.ds,
      `INSERT INTO contacts.app_user (id, email, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE
          SET email = coalesce(EXCLUDED.email, app_user.email),
              display_name = coalesce(EXCLUDED.display_name, app_user.display_name),
              version = app_user.version + 1, updated_at = now()
        WHERE (EXCLUDED.email IS NOT NULL AND EXCLUDED.email IS DISTINCT FROM app_user.email)
           OR (EXCLUDED.display_name IS NOT NULL AND EXCLUDED.display_name IS DISTINCT FROM app_user.display_name)`,
      [id, email, displayName],
    );
  }

  async lockForUpdate(db: Db, id: string): Promise<User | null> {
    const { rows } = await run(db, `SELECT ${COLUMNS} FROM contacts.app_user u WHERE u.id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** The user other than `exceptUserId` linked to a contact, if any. */
  async findOtherUserOfContact(db: Db, contactId: string, exceptUserId: string): Promise<string | null> {
    const { rows } = await run(db, `SELECT id FROM contacts.app_user WHERE crm_contact_id = $1 AND id <> $2`, [contactId, exceptUserId]);
    return rows[0]?.id ?? null;
  }

  async setCrmLink(db: Db, id: string, accountId: string | null, contactId: string | null): Promise<void> {
    await run(
      db,
      `UPDATE contacts.app_user SET crm_account_id = $2, crm_contact_id = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, accountId, contactId],
    );
  }

  /**
   * After a merge, users linked to a removed contact follow to the kept
   * contact at the same account, unless another user is linked there already.
   */
  async relinkContacts(db: Db, pairs: readonly { mergedId: string; keptId: string }[]): Promise<string[]> {
    if (pairs.length === 0) return [];
    const { rows } = await run(
      db,
      `UPDATE contacts.app_user u SET crm_contact_id = pair.kept_id, version = u.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[]) AS pair(merged_id, kept_id)
        WHERE u.crm_contact_id = pair.merged_id
          AND NOT EXISTS (SELECT 1 FROM contacts.app_user x WHERE x.crm_contact_id = pair.kept_id)
        RETURNING u.id`,
      [pairs.map((p) => p.mergedId), pairs.map((p) => p.keptId)],
    );
    return rows.map((r) => r.id);
  }
}

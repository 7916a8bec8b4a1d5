import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Persons (the natural person), contacts as a person's role at an account,
 * person accounts, users, and the record of person merges.
 */
export class PersonsContactsUsers1767312000000 implements MigrationInterface {
  name = 'PersonsContactsUsers1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contacts.person (
        id uuid PRIMARY KEY,
        title text,
        initials text,
        first_name text,
        middle_name text,
        last_name text NOT NULL,
        suffix text,
        full_name text NOT NULL,
        language text,
        email text,
        phone text,
        mobile text,
        fax text,
        address jsonb,
        social_links jsonb NOT NULL DEFAULT '[]',
        job_experiences jsonb NOT NULL DEFAULT '[]',
        personal_data_classifications text[] NOT NULL DEFAULT '{}',
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_full_name_idx ON contacts.person (lower(full_name))`);

    // Contacts made before persons existed get a person each, named by their full name.
    await q.query(`ALTER TABLE contacts.contact ADD COLUMN person_id uuid`);
    await q.query(`
      INSERT INTO contacts.person (id, last_name, full_name, email, created_at, updated_at)
      SELECT c.id, c.full_name, c.full_name, c.email, c.created_at, c.updated_at FROM contacts.contact c`);
    await q.query(`UPDATE contacts.contact SET person_id = id`);
    await q.query(`
      ALTER TABLE contacts.contact
        ALTER COLUMN person_id SET NOT NULL,
        ADD CONSTRAINT contact_person_fk FOREIGN KEY (person_id) REFERENCES contacts.person (id),
        DROP COLUMN full_name,
        ADD COLUMN job_title text,
        ADD COLUMN job_description text,
        ADD COLUMN email_valid boolean NOT NULL DEFAULT false,
        ADD COLUMN email_opt_in boolean NOT NULL DEFAULT false,
        ADD COLUMN phone text,
        ADD COLUMN mobile text,
        ADD COLUMN fax text`);
    await q.query(`UPDATE contacts.contact SET email_valid = true WHERE email IS NOT NULL`);
    // One role per person at an account.
    await q.query(`CREATE UNIQUE INDEX contact_account_person_key ON contacts.contact (account_id, person_id)`);
    await q.query(`CREATE INDEX contact_person_idx ON contacts.contact (person_id)`);
    await q.query(`CREATE INDEX contact_email_idx ON contacts.contact (lower(email)) WHERE email IS NOT NULL`);

    // An account of kind PERSON and its person. A person has one person account,
    // or several after two person records were merged.
    await q.query(`
      CREATE TABLE contacts.person_account (
        account_id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES contacts.person (id),
        linked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_account_person_idx ON contacts.person_account (person_id)`);

    // A user is a token's subject; its login email is not a contact's email.
    await q.query(`
      CREATE TABLE contacts.app_user (
        id uuid PRIMARY KEY,
        email text,
        display_name text,
        crm_account_id uuid,
        crm_contact_id uuid REFERENCES contacts.contact (id) ON DELETE SET NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_crm_contact_key ON contacts.app_user (crm_contact_id) WHERE crm_contact_id IS NOT NULL`);

    // Who merged which person into which, what was taken over, and what moved.
    await q.query(`
      CREATE TABLE contacts.person_merge (
        id uuid PRIMARY KEY,
        kept_person_id uuid NOT NULL,
        merged_person_id uuid NOT NULL,
        merged_person jsonb NOT NULL,
        fields_taken text[] NOT NULL,
        contacts_moved uuid[] NOT NULL,
        contacts_removed uuid[] NOT NULL,
        person_accounts_moved uuid[] NOT NULL,
        users_relinked uuid[] NOT NULL,
        actor_id text NOT NULL,
        merged_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_merge_kept_idx ON contacts.person_merge (kept_person_id)`);
    await q.query(`CREATE INDEX person_merge_merged_idx ON contacts.person_merge (merged_person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contacts.person_merge`);
    await q.query(`DROP TABLE contacts.app_user`);
    await q.query(`DROP TABLE contacts.person_account`);
    await q.query(`ALTER TABLE contacts.contact ADD COLUMN full_name text`);
    await q.query(`UPDATE contacts.contact c SET full_name = p.full_name FROM contacts.person p WHERE p.id = c.person_id`);
    await q.query(`
      ALTER TABLE contacts.contact
        ALTER COLUMN full_name SET NOT NULL,
        DROP COLUMN person_id, DROP COLUMN job_title, DROP COLUMN job_description, DROP COLUMN email_valid,
        DROP COLUMN email_opt_in, DROP COLUMN phone, DROP COLUMN mobile, DROP COLUMN fax`);
    await q.query(`DROP TABLE contacts.person`);
  }
}

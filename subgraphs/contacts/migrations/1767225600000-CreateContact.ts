import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContact1767225600000 implements MigrationInterface {
  name = 'CreateContact1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contacts.contact (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        full_name text NOT NULL,
        email text,
        is_main boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contact_account_idx ON contacts.contact (account_id)`);
    // Exactly one main contact per account that has contacts.
    await q.query(`CREATE UNIQUE INDEX contact_one_main_per_account ON contacts.contact (account_id) WHERE is_main`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contacts.contact`);
  }
}

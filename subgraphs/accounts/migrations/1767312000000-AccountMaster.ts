import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full account master: contact fields, ownership, soft delete, settings,
 * audit history, code counters, the postcode -> city memory and requests.
 */
export class AccountMaster1767312000000 implements MigrationInterface {
  name = 'AccountMaster1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE accounts.account
        ADD COLUMN external_id text,
        ADD COLUMN billing_addresses jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN shipping_addresses jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN website text,
        ADD COLUMN email text,
        ADD COLUMN phone text,
        ADD COLUMN phone_extension text,
        ADD COLUMN fax text,
        ADD COLUMN rating int CHECK (rating BETWEEN 1 AND 7),
        ADD COLUMN source text,
        ADD COLUMN security_level int NOT NULL DEFAULT 0 CHECK (security_level >= 0),
        ADD COLUMN owner_id uuid,
        ADD COLUMN remarks text,
        ADD COLUMN free_fields jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN contract_number text,
        ADD COLUMN deleted_at timestamptz,
        ADD COLUMN deleted_by text`);
    await q.query(`CREATE UNIQUE INDEX account_external_id_key ON accounts.account (external_id) WHERE external_id IS NOT NULL`);
    // Keyset pagination per sort order, over the accounts that are not deleted.
    await q.query(`CREATE INDEX account_name_idx ON accounts.account (lower(name), id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX account_created_idx ON accounts.account (created_at, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX account_updated_idx ON accounts.account (updated_at, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX account_deleted_idx ON accounts.account (deleted_at, id) WHERE deleted_at IS NOT NULL`);
    await q.query(`CREATE INDEX account_owner_idx ON accounts.account (owner_id) WHERE owner_id IS NOT NULL`);
    // "The next free numeric code" is max + 1 over the all-digit codes: an index answers it.
    await q.query(`CREATE INDEX account_numeric_code_idx ON accounts.account ((code::numeric)) WHERE code ~ '^[0-9]{1,30}$'`);

    await q.query(`
      CREATE TABLE accounts.account_settings (
        id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        type_select boolean NOT NULL DEFAULT true,
        security_check_roles boolean NOT NULL DEFAULT true,
        contract_mandatory boolean NOT NULL DEFAULT false,
        mandatory_fields jsonb NOT NULL DEFAULT '[]',
        base_currency char(3) NOT NULL DEFAULT 'EUR',
        code_prefix text NOT NULL DEFAULT '',
        default_rating int CHECK (default_rating BETWEEN 1 AND 7),
        default_classification text,
        default_source text,
        free_field_definitions jsonb NOT NULL DEFAULT '[]',
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO accounts.account_settings (id) VALUES (1)`);

    await q.query(`
      CREATE TABLE accounts.counter (
        name text PRIMARY KEY,
        next_value bigint NOT NULL
      )`);

    await q.query(`
      CREATE TABLE accounts.audit_entry (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        account_id uuid NOT NULL,
        at timestamptz NOT NULL,
        actor_id text,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX audit_entry_account_idx ON accounts.audit_entry (account_id, seq)`);

    await q.query(`
      CREATE TABLE accounts.postcode_city (
        country_code char(2) NOT NULL,
        postcode text NOT NULL,
        city text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (country_code, postcode)
      )`);

    await q.query(`
      CREATE TABLE accounts.request (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        type text NOT NULL,
        subject text NOT NULL,
        status text NOT NULL,
        hours numeric(10,2) NOT NULL DEFAULT 0 CHECK (hours >= 0),
        created_by text,
        closed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX request_account_idx ON accounts.request (account_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE accounts.request`);
    await q.query(`DROP TABLE accounts.postcode_city`);
    await q.query(`DROP TABLE accounts.audit_entry`);
    await q.query(`DROP TABLE accounts.counter`);
    await q.query(`DROP TABLE accounts.account_settings`);
    await q.query(`DROP INDEX accounts.account_numeric_code_idx, accounts.account_owner_idx, accounts.account_deleted_idx,
      accounts.account_updated_idx, accounts.account_created_idx, accounts.account_name_idx, accounts.account_external_id_key`);
    await q.query(`
      ALTER TABLE accounts.account
        DROP COLUMN external_id, DROP COLUMN billing_addresses, DROP COLUMN shipping_addresses, DROP COLUMN website,
        DROP COLUMN email, DROP COLUMN phone, DROP COLUMN phone_extension, DROP COLUMN fax, DROP COLUMN rating,
        DROP COLUMN source, DROP COLUMN security_level, DROP COLUMN owner_id, DROP COLUMN remarks, DROP COLUMN free_fields,
        DROP COLUMN contract_number, DROP COLUMN deleted_at, DROP COLUMN deleted_by`);
  }
}

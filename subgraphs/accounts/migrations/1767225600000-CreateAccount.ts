import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccount1767225600000 implements MigrationInterface {
  name = 'CreateAccount1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts.account (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        type_since date NOT NULL,
        status text NOT NULL,
        status_since timestamptz NOT NULL,
        address jsonb NOT NULL,
        currency char(3) NOT NULL,
        classification text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX account_code_key ON accounts.account (code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE accounts.account`);
  }
}

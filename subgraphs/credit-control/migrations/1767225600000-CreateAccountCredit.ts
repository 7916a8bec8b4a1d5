import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountCredit1767225600000 implements MigrationInterface {
  name = 'CreateAccountCredit1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_control.account_credit (
        account_id uuid PRIMARY KEY,
        credit_limit numeric(20,4) CHECK (credit_limit >= 0),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit_control.account_credit`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountBalance1767225600000 implements MigrationInterface {
  name = 'CreateAccountBalance1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transactions.account_balance (
        account_id uuid PRIMARY KEY,
        currency char(3) NOT NULL,
        balance numeric(20,4) NOT NULL DEFAULT 0,
        unallocated numeric(20,4) NOT NULL DEFAULT 0,
        open_orders numeric(20,4) NOT NULL DEFAULT 0,
        document_count int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transactions.account_balance`);
  }
}

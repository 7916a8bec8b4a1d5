import type { DataSource, EntityManager } from 'typeorm';

export interface IdempotencyRow {
  key: string;
  operation: string;
  requestHash: string;
  documentId: string;
}

const COLUMNS = `key, operation, request_hash AS "requestHash", document_id AS "documentId"`;

/** All SQL for idempotency keys of recordPayment and refund. */
export class IdempotencyRepository {
  constructor(private readonly ds: DataSource) {}

  async find(key: string, m: EntityManager = this.ds.manager): Promise<IdempotencyRow | null> {
    const rows: IdempotencyRow[] = await m.query(`SELECT ${COLUMNS} FROM transactions.idempotency_key WHERE key = $1`, [key]);
    return rows[0] ?? null;
  }

  /**
   * Claims the key for this transaction. false: another transaction holds or
   * held it (the unique index makes a concurrent claim wait for the first to end).
   */
  async claim(m: EntityManager, row: IdempotencyRow): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO transactions.idempotency_key (key, operation, request_hash, document_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [row.key, row.operation, row.requestHash, row.documentId],
    );
    return rows.length > 0;
  }
}

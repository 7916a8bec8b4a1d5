import type { DataSource, EntityManager } from 'typeorm';
import type { RequestStatus } from './account.enums';
import { Request } from './request.entity';

type Row = Record<string, any>;

function toRequest(r: Row): Request {
  return Object.assign(new Request(), {
    id: r.id,
    number: r.number,
    accountId: r.account_id,
    type: r.type,
    subject: r.subject,
    status: r.status,
    hours: Number(r.hours),
    createdBy: r.created_by,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  });
}

export interface RequestPageRow {
  request: Request;
  /** created_at as PostgreSQL text: exact to the microsecond for the cursor. */
  sortKey: string;
}

/** All SQL for requests. */
export class RequestRepository {
  constructor(private readonly ds: DataSource) {}

  async findByIds(ids: readonly string[]): Promise<Request[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await this.ds.query(`SELECT * FROM accounts.request WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toRequest);
  }

  async lock(m: EntityManager, id: string): Promise<Request | null> {
    const [row] = await m.query(`SELECT * FROM accounts.request WHERE id = $1 FOR UPDATE`, [id]);
    return row ? toRequest(row) : null;
  }

  /** REQ-000001, REQ-000002, ...: a counter row locked until commit, so numbers are gapless and unique. */
  async nextNumber(m: EntityManager): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO accounts.counter (name, next_value) VALUES ('request', 2)
       ON CONFLICT (name) DO UPDATE SET next_value = accounts.counter.next_value + 1
       RETURNING next_value - 1 AS n`,
    );
    return `REQ-${String(row.n).padStart(6, '0')}`;
  }

  async insert(m: EntityManager, requests: readonly Request[]): Promise<void> {
    if (requests.length === 0) return;
    await m.query(
      `INSERT INTO accounts.request (id, number, account_id, type, subject, status, hours, created_by, closed_at, version, created_at, updated_at)
       SELECT id, number, account_id, type, subject, status, hours, created_by, closed_at, version, created_at, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, number text, account_id uuid, type text, subject text, status text, hours numeric,
         created_by text, closed_at timestamptz, version int, created_at timestamptz, updated_at timestamptz)`,
      [
        JSON.stringify(
          requests.map((r) => ({
            id: r.id,
            number: r.number,
            account_id: r.accountId,
            type: r.type,
            subject: r.subject,
            status: r.status,
            hours: r.hours.toFixed(2),
            created_by: r.createdBy,
            closed_at: r.closedAt?.toISOString() ?? null,
            version: r.version,
            created_at: r.createdAt.toISOString(),
            updated_at: r.updatedAt.toISOString(),
          })),
        ),
      ],
    );
  }

  async update(m: EntityManager, r: Request): Promise<void> {
    await m.query(
      `UPDATE accounts.request SET status = $2, hours = $3, closed_at = $4, version = $5, updated_at = $6 WHERE id = $1`,
      [r.id, r.status, r.hours.toFixed(2), r.closedAt, r.version, r.updatedAt],
    );
  }

  /** Newest first, per account: one statement for all accounts asked with the same arguments. */
  async pages(
    accountIds: readonly string[],
    status: RequestStatus | null,
    first: number,
    after: [string, string] | null,
  ): Promise<RequestPageRow[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM (
         SELECT r.*, r.created_at::text AS sort_key,
                row_number() OVER (PARTITION BY r.account_id ORDER BY r.created_at DESC, r.id DESC) AS rn
         FROM accounts.request r
         WHERE r.account_id = ANY($1::uuid[])
           AND ($2::text IS NULL OR r.status = $2::text)
           AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
       ) x WHERE x.rn <= $5 ORDER BY x.account_id, x.created_at DESC, x.id DESC`,
      [accountIds, status, after?.[0] ?? null, after?.[1] ?? null, first + 1],
    );
    return rows.map((r) => ({ request: toRequest(r), sortKey: r.sort_key }));
  }

  async counts(accountIds: readonly string[], status: RequestStatus | null): Promise<Map<string, number>> {
    const rows: Row[] = await this.ds.query(
      `SELECT account_id, count(*)::int AS n FROM accounts.request
       WHERE account_id = ANY($1::uuid[]) AND ($2::text IS NULL OR status = $2::text) GROUP BY account_id`,
      [accountIds, status],
    );
    return new Map(rows.map((r) => [r.account_id, r.n]));
  }

  /** Requests per account and month ('YYYY-MM', UTC) since `from`. */
  async countsByMonth(accountIds: readonly string[], from: Date): Promise<Array<{ accountId: string; month: string; count: number }>> {
    const rows: Row[] = await this.ds.query(
      `SELECT account_id, to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS n
       FROM accounts.request WHERE account_id = ANY($1::uuid[]) AND created_at >= $2 GROUP BY 1, 2`,
      [accountIds, from],
    );
    return rows.map((r) => ({ accountId: r.account_id, month: r.month, count: r.n }));
  }

  /** Requests and hours per account and type. */
  async totalsByType(accountIds: readonly string[]): Promise<Array<{ accountId: string; type: string; count: number; hours: number }>> {
    const rows: Row[] = await this.ds.query(
      `SELECT account_id, type, count(*)::int AS n, sum(hours)::text AS hours
       FROM accounts.request WHERE account_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, n DESC, type`,
      [accountIds],
    );
    return rows.map((r) => ({ accountId: r.account_id, type: r.type, count: r.n, hours: Number(r.hours) }));
  }
}

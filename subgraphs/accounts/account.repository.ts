import type { DataSource, EntityManager } from 'typeorm';
import { Account } from './account.entity';
import { AccountOrder, SortDirection, type AccountKind, type AccountStatus, type AccountType } from './account.enums';
import type { AuditEntry } from './account.types';
import { visibilitySql, type Visibility } from './account.visibility';

/** Rows are written in chunks of this many (one statement each): 10,000 accounts are 5 INSERTs. */
const CHUNK = 2000;

const COLUMNS: Array<[keyof Account, string, string]> = [
  ['id', 'id', 'uuid'],
  ['code', 'code', 'text'],
  ['externalId', 'external_id', 'text'],
  ['kind', 'kind', 'text'],
  ['name', 'name', 'text'],
  ['type', 'type', 'text'],
  ['typeSince', 'type_since', 'date'],
  ['status', 'status', 'text'],
  ['statusSince', 'status_since', 'timestamptz'],
  ['address', 'address', 'jsonb'],
  ['billingAddresses', 'billing_addresses', 'jsonb'],
  ['shippingAddresses', 'shipping_addresses', 'jsonb'],
  ['website', 'website', 'text'],
  ['email', 'email', 'text'],
  ['phone', 'phone', 'text'],
  ['phoneExtension', 'phone_extension', 'text'],
  ['fax', 'fax', 'text'],
  ['currency', 'currency', 'char(3)'],
  ['classification', 'classification', 'text'],
  ['rating', 'rating', 'int'],
  ['source', 'source', 'text'],
  ['securityLevel', 'security_level', 'int'],
  ['ownerId', 'owner_id', 'uuid'],
  ['remarks', 'remarks', 'text'],
  ['freeFields', 'free_fields', 'jsonb'],
  ['contractNumber', 'contract_number', 'text'],
  ['version', 'version', 'int'],
  ['createdAt', 'created_at', 'timestamptz'],
  ['updatedAt', 'updated_at', 'timestamptz'],
  ['deletedAt', 'deleted_at', 'timestamptz'],
  ['deletedBy', 'deleted_by', 'text'],
];
const SELECT = COLUMNS.map(([, c]) => `a.${c}`).join(', ');
const RECORD = COLUMNS.map(([, c, t]) => `${c} ${t}`).join(', ');

type Row = Record<string, unknown>;

export function toAccount(row: Row): Account {
  const a = new Account();
  for (const [prop, col] of COLUMNS) (a as unknown as Row)[prop] = row[col];
  return a;
}

function toRecord(a: Account): Row {
  const r: Row = {};
  for (const [prop, col] of COLUMNS) {
    const v = (a as unknown as Row)[prop];
    r[col] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  return r;
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keyset pagination: the sort expression and its SQL type per order. */
const ORDER_SQL: Record<AccountOrder, [string, string]> = {
  [AccountOrder.NAME]: ['lower(a.name)', 'text'],
  [AccountOrder.CODE]: ['a.code', 'text'],
  [AccountOrder.CREATED_AT]: ['a.created_at', 'timestamptz'],
  [AccountOrder.UPDATED_AT]: ['a.updated_at', 'timestamptz'],
};

export interface AccountListFilter {
  search?: string | null;
  types?: AccountType[] | null;
  statuses?: AccountStatus[] | null;
  kinds?: AccountKind[] | null;
  classification?: string | null;
  ownerId?: string | null;
  codes?: string[] | null;
}

export interface AccountPageQuery {
  visibility: Visibility;
  filter: AccountListFilter;
  order: AccountOrder;
  direction: SortDirection;
  first: number;
  /** Sort key and id of the last row seen. */
  after: [string, string] | null;
  deleted: 'exclude' | 'only';
}

export interface AccountPageRow {
  account: Account;
  sortKey: string;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** All SQL for accounts, their history, code counters and the postcode -> city memory. */
export class AccountRepository {
  constructor(private readonly ds: DataSource) {}

  /** Any account by id, deleted ones too: callers apply visibility. */
  async findByIds(ids: readonly string[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await this.ds.query(`SELECT ${SELECT} FROM accounts.account a WHERE a.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toAccount);
  }

  async findByCodes(codes: readonly string[]): Promise<Account[]> {
    if (codes.length === 0) return [];
    const rows: Row[] = await this.ds.query(`SELECT ${SELECT} FROM accounts.account a WHERE a.code = ANY($1::text[])`, [codes]);
    return rows.map(toAccount);
  }

  /**
   * The accounts a caller may not see for reasons other subgraphs cannot know
   * (deleted, security level): what `hiddenAccountIds` answers. A portal
   * user's restriction to their own account is not in it (the others apply it).
   */
  async hiddenIds(v: Visibility): Promise<string[]> {
    if (v.all) return [];
    const rows: { id: string }[] = await this.ds.query(
      `SELECT a.id FROM accounts.account a
        WHERE a.security_level > $1 OR (a.deleted_at IS NOT NULL AND NOT $2::boolean)
        ORDER BY a.id`,
      [Math.min(v.maxSecurityLevel, 2_147_483_647), v.includeDeleted],
    );
    return rows.map((r) => r.id);
  }

  /** The visible accounts (same rule as hiddenIds) grouped by classification. */
  async idsByClassification(maxSecurityLevel: number, includeDeleted: boolean): Promise<{ classification: string | null; accountIds: string[] }[]> {
    return this.ds.query(
      `SELECT a.classification, array_agg(a.id) AS "accountIds" FROM accounts.account a
        WHERE a.security_level <= $1 AND (a.deleted_at IS NULL OR $2::boolean)
        GROUP BY a.classification`,
      [Math.min(maxSecurityLevel, 2_147_483_647), includeDeleted],
    );
  }

  private where(q: Pick<AccountPageQuery, 'visibility' | 'filter' | 'deleted'>, params: unknown[]): string[] {
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = visibilitySql(q.visibility, 'a', add, { deleted: q.deleted });
    const f = q.filter;
    if (f.search) {
      const p = add(`%${escapeLike(f.search)}%`);
      where.push(`(a.name ILIKE ${p} OR a.code ILIKE ${p} OR a.email ILIKE ${p})`);
    }
    if (f.types) where.push(`a.type = ANY(${add(f.types)}::text[])`);
    if (f.statuses) where.push(`a.status = ANY(${add(f.statuses)}::text[])`);
    if (f.kinds) where.push(`a.kind = ANY(${add(f.kinds)}::text[])`);
    if (f.classification) where.push(`lower(a.classification) = lower(${add(f.classification)})`);
    if (f.ownerId) where.push(`a.owner_id = ${add(f.ownerId)}::uuid`);
    if (f.codes) where.push(`a.code = ANY(${add(f.codes)}::text[])`);
    return where;
  }

  /** One page (first + 1 rows) of accounts in keyset order. */
  async page(q: AccountPageQuery): Promise<AccountPageRow[]> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const [expr, type] = q.deleted === 'only' ? ['a.deleted_at', 'timestamptz'] : ORDER_SQL[q.order];
    const desc = q.direction === SortDirection.DESC;
    if (q.after) {
      params.push(q.after[0], q.after[1]);
      where.push(`(${expr}, a.id) ${desc ? '<' : '>'} ($${params.length - 1}::${type}, $${params.length}::uuid)`);
    }
    params.push(q.first + 1);
    const dir = desc ? 'DESC' : 'ASC';
    const rows: Row[] = await this.ds.query(
      `SELECT ${SELECT}, (${expr})::text AS sort_key FROM accounts.account a
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${expr} ${dir}, a.id ${dir} LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ account: toAccount(r), sortKey: r.sort_key as string }));
  }

  async count(q: Pick<AccountPageQuery, 'visibility' | 'filter' | 'deleted'>): Promise<number> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM accounts.account a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return row.n;
  }

  // ---- inside a transaction (always the transaction's EntityManager) ----

  /** Locks and returns the accounts, deleted ones too. */
  async lockByIds(m: EntityManager, ids: readonly string[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await m.query(`SELECT ${SELECT} FROM accounts.account a WHERE a.id = ANY($1::uuid[]) ORDER BY a.id FOR UPDATE`, [ids]);
    return rows.map(toAccount);
  }

  /** Locks the accounts matching these external ids or codes (import upserts). */
  async lockByExternalIdsOrCodes(m: EntityManager, externalIds: readonly string[], codes: readonly string[]): Promise<Account[]> {
    if (externalIds.length === 0 && codes.length === 0) return [];
    const rows: Row[] = await m.query(
      `SELECT ${SELECT} FROM accounts.account a WHERE a.external_id = ANY($1::text[]) OR a.code = ANY($2::text[]) ORDER BY a.id FOR UPDATE`,
      [externalIds, codes],
    );
    return rows.map(toAccount);
  }

  /**
   * Serialises code assignment until the transaction ends, so that two creates
   * with one code both succeed, with different codes (transaction-scoped: safe
   * on the embedded database, which shares one session).
   */
  async lockCodes(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('accounts.account.code'))`);
  }

  async takenCodes(m: EntityManager, codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: Row[] = await m.query(`SELECT code FROM accounts.account WHERE code = ANY($1::text[])`, [codes]);
    return new Set(rows.map((r) => r.code as string));
  }

  /** External id -> the account holding it. */
  async takenExternalIds(m: EntityManager, externalIds: readonly string[]): Promise<Map<string, { id: string; code: string }>> {
    if (externalIds.length === 0) return new Map();
    const rows: Row[] = await m.query(`SELECT id, code, external_id FROM accounts.account WHERE external_id = ANY($1::text[])`, [externalIds]);
    return new Map(rows.map((r) => [r.external_id as string, { id: r.id as string, code: r.code as string }]));
  }

  /** The largest all-digit code (an index answers it), or null. */
  async maxNumericCode(m: EntityManager): Promise<bigint | null> {
    const [row] = await m.query(`SELECT max(code::numeric)::text AS max FROM accounts.account WHERE code ~ '^[0-9]{1,30}$'`);
    return row.max === null ? null : BigInt(row.max);
  }

  /**
   * `count` codes `prefix` + the prefix's sequence, skipping codes that are
   * taken or in `reserved`; the sequence is a counter row locked in the
   * transaction, so it never hands out a code twice.
   */
  async nextPrefixedCodes(m: EntityManager, prefix: string, count: number, reserved: readonly string[]): Promise<string[]> {
    if (count === 0) return [];
    const name = `code:${prefix}`;
    await m.query(`INSERT INTO accounts.counter (name, next_value) VALUES ($1, 1) ON CONFLICT (name) DO NOTHING`, [name]);
    const [{ next_value: start }] = await m.query(`SELECT next_value FROM accounts.counter WHERE name = $1 FOR UPDATE`, [name]);
    const rows: Row[] = await m.query(
      // generate_series in the select list is evaluated lazily (ProjectSet): LIMIT stops it early.
      `SELECT n FROM (SELECT generate_series($2::bigint, $2::bigint + $3::bigint + 10000000) AS n) s
       WHERE NOT EXISTS (SELECT 1 FROM accounts.account a WHERE a.code = $1 || n)
         AND NOT (($1 || n) = ANY($4::text[]))
       LIMIT $3`,
      [prefix, start, count, reserved],
    );
    const numbers = rows.map((r) => Number(r.n));
    await m.query(`UPDATE accounts.counter SET next_value = $2 WHERE name = $1`, [name, numbers[numbers.length - 1] + 1]);
    return numbers.map((n) => `${prefix}${n}`);
  }

  async insert(m: EntityManager, accounts: readonly Account[]): Promise<void> {
    for (const chunk of chunks(accounts)) {
      await m.query(
        `INSERT INTO accounts.account (${COLUMNS.map(([, c]) => c).join(', ')})
         SELECT ${COLUMNS.map(([, c]) => c).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD})`,
        [JSON.stringify(chunk.map(toRecord))],
      );
    }
  }

  /** Writes every column of these (locked) accounts. */
  async update(m: EntityManager, accounts: readonly Account[]): Promise<void> {
    const set = COLUMNS.filter(([p]) => p !== 'id' && p !== 'createdAt')
      .map(([, c]) => `${c} = r.${c}`)
      .join(', ');
    for (const chunk of chunks(accounts)) {
      await m.query(
        `UPDATE accounts.account a SET ${set} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD}) WHERE a.id = r.id`,
        [JSON.stringify(chunk.map(toRecord))],
      );
    }
  }

  async insertHistory(m: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    for (const chunk of chunks(entries)) {
      await m.query(
        `INSERT INTO accounts.audit_entry (id, account_id, at, actor_id, action, changes)
         SELECT r.id, r.account_id, r.at, r.actor_id, r.action, r.changes
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(j, ord),
              jsonb_to_record(e.j) AS r(id uuid, account_id uuid, at timestamptz, actor_id text, action text, changes jsonb)
         ORDER BY e.ord`,
        [JSON.stringify(chunk.map((e) => ({ id: e.id, account_id: e.accountId, at: e.at.toISOString(), actor_id: e.actorId, action: e.action, changes: e.changes })))],
      );
    }
  }

  /** History, newest first, per account: one statement for all accounts asked with the same page arguments. */
  async historyPages(accountIds: readonly string[], first: number, beforeSeq: number | null): Promise<AuditEntry[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM (
         SELECT h.*, row_number() OVER (PARTITION BY h.account_id ORDER BY h.seq DESC) AS rn
         FROM accounts.audit_entry h
         WHERE h.account_id = ANY($1::uuid[]) AND ($2::bigint IS NULL OR h.seq < $2::bigint)
       ) x WHERE x.rn <= $3 ORDER BY x.account_id, x.seq DESC`,
      [accountIds, beforeSeq, first + 1],
    );
    return rows.map((r) => ({
      id: r.id as string,
      seq: Number(r.seq),
      accountId: r.account_id as string,
      at: r.at as Date,
      actorId: (r.actor_id as string | null) ?? null,
      action: r.action as string,
      changes: r.changes as AuditEntry['changes'],
    }));
  }

  async historyCounts(accountIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Row[] = await this.ds.query(
      `SELECT account_id, count(*)::int AS n FROM accounts.audit_entry WHERE account_id = ANY($1::uuid[]) GROUP BY account_id`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.account_id as string, r.n as number]));
  }

  /** Cities known for (country, postcode key) pairs, from earlier addresses. */
  async knownCities(m: EntityManager, pairs: ReadonlyArray<[string, string]>): Promise<Map<string, string>> {
    if (pairs.length === 0) return new Map();
    const rows: Row[] = await m.query(
      `SELECT p.country_code, p.postcode, p.city FROM accounts.postcode_city p
       JOIN unnest($1::text[], $2::text[]) AS k(country_code, postcode) ON p.country_code = k.country_code AND p.postcode = k.postcode`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return new Map(rows.map((r) => [`${(r.country_code as string).trim()}|${r.postcode}`, r.city as string]));
  }

  /** Remembers the city of each (country, postcode key): the latest address wins. */
  async rememberCities(m: EntityManager, entries: ReadonlyMap<string, [string, string, string]>): Promise<void> {
    if (entries.size === 0) return;
    const list = [...entries.values()];
    for (const chunk of chunks(list, 5000)) {
      await m.query(
        `INSERT INTO accounts.postcode_city (country_code, postcode, city, updated_at)
         SELECT c, p, city, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS k(c, p, city)
         ON CONFLICT (country_code, postcode) DO UPDATE SET city = EXCLUDED.city, updated_at = EXCLUDED.updated_at
         WHERE accounts.postcode_city.city IS DISTINCT FROM EXCLUDED.city`,
        [chunk.map((e) => e[0]), chunk.map((e) => e[1]), chunk.map((e) => e[2])],
      );
    }
  }
}

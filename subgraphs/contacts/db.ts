/** What repositories need of a DataSource or a transaction's EntityManager. */
export interface Db {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * Runs a statement and returns its rows and the number of rows it touched.
 * TypeORM answers UPDATE and DELETE with `[rows, count]` and anything else
 * with the rows; this hides the difference.
 */
export async function run<T = Record<string, any>>(db: Db, sql: string, parameters: unknown[] = []): Promise<{ rows: T[]; count: number }> {
  const raw = await db.query(sql, parameters);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return { rows: raw[0], count: raw[1] };
  return { rows: raw as T[], count: (raw as T[]).length };
}

type DriverError = { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };

/** A PostgreSQL error's SQLSTATE and constraint, from the driver's error or TypeORM's wrapper. */
export function pgError(err: unknown): { code?: string; constraint?: string } {
  const e = err as DriverError | undefined;
  return { code: e?.code ?? e?.driverError?.code, constraint: e?.constraint ?? e?.driverError?.constraint };
}

/** PostgreSQL's unique_violation, optionally on one index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = pgError(err);
  return e.code === '23505' && (!constraint || e.constraint === constraint);
}

/** PostgreSQL's foreign_key_violation: what was referred to is gone. */
export function isForeignKeyViolation(err: unknown): boolean {
  return pgError(err).code === '23503';
}

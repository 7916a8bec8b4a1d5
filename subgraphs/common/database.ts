import 'reflect-metadata';
import { DataSource, type Logger, type MixedList, type EntitySchema, type QueryRunner } from 'typeorm';
import { types as pgTypes, Client } from 'pg';
import { countSqlStatements } from './request-scope';
import { logger } from './log';

// Keep `date` columns as 'YYYY-MM-DD' strings (no time zone shifts) and
// `numeric` as strings (money is never a float). 1082 = date, 1700 = numeric.
pgTypes.setTypeParser(1082, (v) => v);
pgTypes.setTypeParser(1700, (v) => v);
// bigint counts fit in a JS number for our purposes (row counts, sequences).
pgTypes.setTypeParser(20, (v) => Number(v));

/** Counts every statement TypeORM sends (for the per-request SQL count) and logs failures. */
class CountingLogger implements Logger {
  constructor(private readonly schema: string) {}
  logQuery(query: string, parameters?: unknown[]): void {
    countSqlStatements();
    if (logger.isLevelEnabled('trace')) logger.trace({ schema: this.schema, query, parameters }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    logger.debug({ schema: this.schema, err: String(error), query: query.slice(0, 500) }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    logger.warn({ schema: this.schema, ms: time, query: query.slice(0, 500) }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    logger.debug({ schema: this.schema }, message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn({ schema: this.schema }, String(message));
  }
}

export interface SubgraphDataSourceOptions {
  /** PostgreSQL schema this subgraph owns, e.g. `accounts`. */
  schema: string;
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function>;
  poolSize?: number;
}

/**
 * A DataSource bound to one subgraph's PostgreSQL schema. Every table name is
 * schema-qualified (entities via `schema`, raw SQL by hand): with the embedded
 * default all connections share one PGlite session, so `search_path` or other
 * session state must never be relied on.
 */
export function createSubgraphDataSource(o: SubgraphDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    entities: o.entities,
    migrations: o.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logging: true,
    logger: new CountingLogger(o.schema),
    maxQueryExecutionTime: 1000,
    extra: { max: o.poolSize ?? 10, idleTimeoutMillis: 30_000, application_name: `cmg-${o.schema}` },
  });
}

/**
 * Creates the schema, then applies pending migrations under an advisory lock so
 * that replicas starting together do not race.
 */
export async function initializeDataSource(ds: DataSource, schema: string): Promise<void> {
  await ensureSchema(urlOf(ds), schema);
  await ds.initialize();
  const runner: QueryRunner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

function urlOf(ds: DataSource): string {
  return (ds.options as { url: string }).url;
}

async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`);
  } catch (err) {
    // Two processes creating the schema at once: the loser sees a unique violation.
    if ((err as { code?: string }).code !== '23505') throw err;
  } finally {
    await client.end();
  }
}

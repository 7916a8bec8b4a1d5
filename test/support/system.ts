import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { mintToken, type MintOptions, type SubgraphName } from '../../subgraphs/common';
import { startSystem, type RunningSystem, type SystemOptions } from '../../scripts/system';
import { createTestDatabase, type TestDatabase } from './database';

export interface GqlResponse<T = any> {
  status: number;
  data: T | null;
  errors: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }> | undefined;
  /** SQL statements the request ran, summed over every subgraph (x-sql-statements). */
  sqlStatements: number;
  headers: Headers;
}

export interface GqlOptions {
  /** A bearer token; `null` sends none. Default: the admin token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Another endpoint, e.g. a subgraph's URL. Default: the gateway. */
  url?: string;
}

export interface TestSystem {
  gatewayUrl: string;
  system: RunningSystem;
  database: TestDatabase;
  secret: string;
  /** admin, security level 10 */
  adminToken: string;
  token(o: Partial<MintOptions> & { roles: MintOptions['roles'] }): Promise<string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, o?: GqlOptions): Promise<GqlResponse<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, o?: GqlOptions): Promise<T>;
  dataSource(subgraph: SubgraphName): DataSource;
  stop(): Promise<void>;
}

/**
 * The four subgraphs and the gateway on free ports against a database of this
 * test file's own. Call in beforeAll, stop in afterAll.
 */
export async function startTestSystem(o: Partial<Omit<SystemOptions, 'databaseUrl' | 'authSecret'>> = {}): Promise<TestSystem> {
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  let system: RunningSystem;
  try {
    system = await startSystem({ databaseUrl: database.url, authSecret: secret, gatewayPort: 0, poolSize: 5, ...o });
  } catch (err) {
    await database.drop();
    throw err;
  }
  const adminToken = await mintToken(secret, { sub: randomUUID(), roles: ['admin'], securityLevel: 10, email: 'admin@example.com', name: 'Test Admin' });

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, go: GqlOptions = {}): Promise<GqlResponse<T>> {
    const token = go.token === undefined ? adminToken : go.token;
    const res = await fetch(go.url ?? system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...go.headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: { data?: T; errors?: GqlResponse['errors'] } = {};
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `Not JSON (HTTP ${res.status}): ${text.slice(0, 200)}` }] };
    }
    return { status: res.status, data: body.data ?? null, errors: body.errors, sqlStatements: Number(res.headers.get('x-sql-statements') ?? NaN), headers: res.headers };
  }

  return {
    gatewayUrl: system.gatewayUrl,
    system,
    database,
    secret,
    adminToken,
    token: (t) => mintToken(secret, { sub: randomUUID(), ...t }),
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, go?: GqlOptions): Promise<T> {
      const r = await gql<T>(query, variables, go);
      if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors ?? r.status)}`);
      return r.data;
    },
    dataSource: (name) => system.subgraphs[name].dataSource,
    async stop() {
      await system.stop();
      await database.drop();
    },
  };
}

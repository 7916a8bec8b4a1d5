/** Settings read from the environment (see README, "Settings"). */

export const SUBGRAPH_NAMES = ['accounts', 'contacts', 'transactions', 'credit-control'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const DEFAULT_PORTS: Record<SubgraphName, number> = {
  accounts: 4001,
  contacts: 4002,
  transactions: 4003,
  'credit-control': 4004,
};

/** `credit-control` -> `CREDIT_CONTROL` */
export function envPrefix(name: SubgraphName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** Where a subgraph is reached: `<NAME>_URL`, default http://127.0.0.1:400x/graphql. */
export function subgraphUrlFromEnv(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${envPrefix(name)}_URL`] || `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`;
}

export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphUrlFromEnv(n, env)])) as Record<SubgraphName, string>;
}

/** `<NAME>_DATABASE_URL`, falling back to `DATABASE_URL`. */
export function databaseUrlFromEnv(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`${envPrefix(name)}_DATABASE_URL`] || env.DATABASE_URL || undefined;
}

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** The port a URL names, for serving a subgraph where the others expect it. */
export function portOf(url: string): number {
  const u = new URL(url);
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

export function intFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

/** SQL_STATEMENT_COUNT: count each request's SQL statements; default on, off in production. */
export function sqlCountingFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SQL_STATEMENT_COUNT ? env.SQL_STATEMENT_COUNT === 'true' : !isProduction(env);
}

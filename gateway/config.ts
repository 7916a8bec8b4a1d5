import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayOptions } from './server';

export const DEFAULT_SUPERGRAPH_PATH = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** Subgraph name -> URL: `<NAME>_URL` from the settings, else the URL in the supergraph. */
export function subgraphUrls(supergraphSdl: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const m of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    const [, name, url] = m;
    urls[name] = env[`${name.toUpperCase().replace(/-/g, '_')}_URL`] || url;
  }
  return urls;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** The gateway's settings (README, Settings). */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  const production = env.NODE_ENV === 'production';
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH || DEFAULT_SUPERGRAPH_PATH, 'utf8');
  return {
    supergraphSdl,
    subgraphUrls: subgraphUrls(supergraphSdl, env),
    port: int(env, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    auth: { secret: env.AUTH_SECRET, jwksUrl: env.AUTH_JWKS_URL || undefined },
    production,
    introspection: env.GATEWAY_INTROSPECTION ? env.GATEWAY_INTROSPECTION === 'true' : !production,
    limits: {
      maxDepth: int(env, 'GATEWAY_MAX_DEPTH', 12),
      maxAliases: int(env, 'GATEWAY_MAX_ALIASES', 15),
      maxTokens: int(env, 'GATEWAY_MAX_TOKENS', 2000),
      maxCost: int(env, 'GATEWAY_MAX_COST', 150_000),
      blockFieldSuggestions: production,
    },
    maxBodyBytes: int(env, 'GATEWAY_MAX_BODY_BYTES', 10 * 1024 * 1024),
    exposeSqlCount: env.SQL_STATEMENT_COUNT ? env.SQL_STATEMENT_COUNT === 'true' : !production,
    subgraphFetch: env.GATEWAY_SUBGRAPH_FETCH === 'fetch' ? 'fetch' : 'undici',
    queryPlanCacheMiB: env.GATEWAY_QUERY_PLAN_CACHE_MIB ? Number(env.GATEWAY_QUERY_PLAN_CACHE_MIB) : 50,
  };
}

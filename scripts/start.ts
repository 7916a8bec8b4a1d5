import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mintToken, portOf, subgraphUrlsFromEnv, SUBGRAPH_NAMES, databaseUrlFromEnv, intFromEnv, type SubgraphName } from '../subgraphs/common';
import { loadDemoDataIfEmpty } from './demo';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { authSecret, dataDir } from './secret';
import { startSystem } from './system';

/**
 * `npm start`: the whole system in one process. Without DATABASE_URL it runs
 * on the embedded default (PGlite under DATA_DIR); demo data on first start.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const secret = authSecret({ create: true });
  let embedded: EmbeddedPostgres | null = null;
  const configured = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, databaseUrlFromEnv(n)])) as Record<SubgraphName, string | undefined>;
  let databaseUrl: Record<SubgraphName, string>;
  if (Object.values(configured).every(Boolean)) {
    databaseUrl = configured as Record<SubgraphName, string>;
  } else {
    const dir = join(dataDir(), 'pglite');
    mkdirSync(dir, { recursive: true });
    embedded = await startEmbeddedPostgres({ dataDir: dir, port: intFromEnv('EMBEDDED_DB_PORT', 0) });
    databaseUrl = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, configured[n] ?? embedded!.url])) as Record<SubgraphName, string>;
  }

  const urls = subgraphUrlsFromEnv();
  const system = await startSystem({
    databaseUrl,
    authSecret: secret,
    gatewayPort: intFromEnv('PORT', 4000),
    subgraphPorts: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, portOf(urls[n])])),
    host: process.env.HOST || '127.0.0.1',
    transport: process.env.SUBGRAPH_TRANSPORT === 'in-process' ? 'in-process' : 'http',
  });
  const seeded = process.env.DEMO_DATA === 'false' ? false : await loadDemoDataIfEmpty(system);
  const token = await mintToken(secret, { sub: '00000000-0000-4000-8000-000000000001', roles: ['admin'], securityLevel: 10, name: 'Admin', email: 'admin@example.com', expiresIn: '30d' });

  console.log(`
Customer master graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s${embedded ? ` (embedded PostgreSQL in ${dataDir()})` : ''}${seeded ? ', demo data loaded' : ''}.

  Gateway:      ${system.gatewayUrl}
  Admin token:  ${token}

  curl -s ${system.gatewayUrl} -H 'content-type: application/json' \\
    -H "authorization: Bearer ${token}" \\
    -d '{"query":"{ account(code: \\"1001\\") { name status contacts { fullName } receivables { balance { amount currency } } credit { onHold } } }"}'
`);

  const shutdown = async () => {
    await system.stop();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error('Could not start:', err);
  process.exit(1);
});

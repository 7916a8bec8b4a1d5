import http from 'node:http';
import { readFileSync } from 'node:fs';
import { DEFAULT_SUPERGRAPH_PATH, subgraphUrls } from '../gateway/config';

/** What this file uses of @graphql-hive/gateway (installed by bench/hive-install.ts, not a dependency). */
interface HiveGatewayModule {
  createGatewayRuntime(options: {
    supergraph: string;
    logging: string;
    propagateHeaders: { fromClientToSubgraphs: (o: { request: Request }) => Record<string, string> };
  }): http.RequestListener;
}

/**
 * Hive Gateway over the same supergraph and the same subgraphs, for
 * comparison: `node dist/bench/hive-gateway.js` with HIVE_GATEWAY_MODULE,
 * PORT and <NAME>_URL. It forwards the bearer token like ours; it verifies
 * nothing itself.
 */
async function main(): Promise<void> {
  const { createGatewayRuntime } = require(process.env.HIVE_GATEWAY_MODULE ?? '@graphql-hive/gateway') as HiveGatewayModule;
  let supergraph = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
  for (const [name, url] of Object.entries(subgraphUrls(supergraph))) {
    supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+`), `$1${url}`);
  }
  const gateway = createGatewayRuntime({
    supergraph,
    logging: 'error',
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
    },
  });
  const server = http.createServer(gateway);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 4010), '127.0.0.1', resolve));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import 'reflect-metadata';
import { gatewayOptionsFromEnv } from '../gateway/config';
import { startGateway, type GatewayOptions, type RunningGateway } from '../gateway/server';
import { startSubgraph, type RunningSubgraph, type SubgraphName, type SubgraphUrls } from '../subgraphs/common';
import { SUBGRAPHS } from './subgraphs';

export interface SystemOptions {
  /** One URL for all, or one per subgraph. */
  databaseUrl: string | Record<SubgraphName, string>;
  authSecret: string;
  /** 0 picks free ports (tests). */
  gatewayPort: number;
  subgraphPorts?: Partial<Record<SubgraphName, number>>;
  host?: string;
  poolSize?: number;
  /** Overrides of the gateway's settings. */
  gateway?: Partial<GatewayOptions>;
  /**
   * How the gateway reaches the subgraphs: over HTTP (default; as in
   * production with one process each), or in this process without HTTP.
   * Subgraphs call each other over HTTP either way.
   */
  transport?: 'http' | 'in-process';
}

export interface RunningSystem {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph<any>>;
  urls: SubgraphUrls;
  stop(): Promise<void>;
}

/** The four subgraphs and the gateway in one process: `npm start` and the end-to-end tests. */
export async function startSystem(o: SystemOptions): Promise<RunningSystem> {
  const urls = {} as SubgraphUrls;
  const started = await Promise.all(
    SUBGRAPHS.map((m) =>
      startSubgraph(m, {
        databaseUrl: typeof o.databaseUrl === 'string' ? o.databaseUrl : o.databaseUrl[m.name],
        port: o.subgraphPorts?.[m.name] ?? 0,
        host: o.host,
        auth: { secret: o.authSecret },
        urls: () => urls,
        poolSize: o.poolSize,
      }),
    ),
  );
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph<any>>;
  for (const s of started) {
    urls[s.name as SubgraphName] = s.url;
    subgraphs[s.name as SubgraphName] = s;
  }
  const gateway = await startGateway({
    ...gatewayOptionsFromEnv(),
    subgraphUrls: { ...urls },
    port: o.gatewayPort,
    host: o.host ?? '127.0.0.1',
    auth: { secret: o.authSecret },
    localSubgraphs: o.transport === 'in-process' ? subgraphs : undefined,
    ...o.gateway,
  });
  return {
    gatewayUrl: gateway.url,
    gateway,
    subgraphs,
    urls,
    async stop() {
      await gateway.stop();
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}

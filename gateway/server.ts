import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GatewayAuth } from './auth';
import { armor, pageSizeLimit, tokenLimit, type LimitOptions } from './limits';
import { createSubgraphFetcher } from './fetcher';
import { InProcessDataSource, type LocalSubgraph } from './in-process';
import { createMetrics } from './metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
export const SQL_COUNT_HEADER = 'x-sql-statements';
const REQUEST_ID_RE = /^[\w.:-]{1,100}$/;

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name (as in the supergraph) -> GraphQL URL. */
  subgraphUrls: Record<string, string>;
  port: number;
  host?: string;
  auth: { secret?: string; jwksUrl?: string };
  production: boolean;
  introspection: boolean;
  limits: LimitOptions;
  maxBodyBytes: number;
  /** Report the SQL statements a request ran (header x-sql-statements). */
  exposeSqlCount: boolean;
  /** Subgraphs in this process, called without HTTP (SUBGRAPH_TRANSPORT=in-process); the others over HTTP. */
  localSubgraphs?: Record<string, LocalSubgraph>;
  /** HTTP client for the subgraphs: undici's request pool (default) or Node's global fetch (slower; kept to measure). */
  subgraphFetch?: 'undici' | 'fetch';
  /** Query plan cache, approximate MiB (plans are reused for every repeat of an operation). */
  queryPlanCacheMiB?: number;
}

export interface GatewayContext {
  token: string;
  requestId: string;
  sqlStatements: number;
  /** Milliseconds spent in each subgraph fetch, in order (Server-Timing outside production). */
  fetches: Array<[string, number]>;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Forwards the caller's token and the request id; adds up the subgraphs' SQL counts. */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly subgraph: string,
  ) {
    super(config);
  }

  override async process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    const started = performance.now();
    try {
      return await super.process(options);
    } finally {
      const context = (options as { context?: GatewayContext }).context;
      context?.fetches?.push([this.subgraph, performance.now() - started]);
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context?.token) return; // health checks have no caller
    request.http?.headers.set('authorization', `Bearer ${context.token}`);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  /**
   * A subgraph that refuses a request outright (HTTP 4xx/5xx, e.g. a bad
   * Decimal or Date in the variables) answers with GraphQL errors: keep their
   * message and code instead of Apollo's "400: Bad Request", and never pass on
   * the subgraph's URL, body or stack.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    let body: { errors?: Array<{ message?: unknown; extensions?: Record<string, unknown> }> } | undefined;
    try {
      body = (await response.json()) as typeof body;
    } catch {
      body = undefined;
    }
    const first = body?.errors?.[0];
    if (first && typeof first.message === 'string') {
      const { stacktrace: _s, exception: _e, ...extensions } = first.extensions ?? {};
      return new GraphQLError(first.message, { extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } });
    }
    return new GraphQLError(`A subgraph answered HTTP ${response.status}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }

  override didReceiveResponse({ response, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const n = Number(response.http?.headers.get(SQL_COUNT_HEADER));
    if (context && Number.isFinite(n)) context.sqlStatements += n;
    return response;
  }
}

function maskInProduction(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    if (!production) return formatted;
    const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = extensions.code;
    if (!code || code === 'INTERNAL_SERVER_ERROR') {
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return { ...formatted, extensions };
  };
}

export async function startGateway(o: GatewayOptions): Promise<RunningGateway> {
  const auth = new GatewayAuth(o.auth);
  const fetcher = o.subgraphFetch === 'fetch' ? (fetch as never) : createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: o.supergraphSdl,
    experimental_approximateQueryPlanStoreMiB: o.queryPlanCacheMiB ?? 50,
    buildService: ({ name, url }) => {
      const local = o.localSubgraphs?.[name];
      return local ? new InProcessDataSource(name, local) : new ForwardingDataSource({ url: o.subgraphUrls[name] ?? url, fetcher }, name);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;

  const sqlCountHeader: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (o.exposeSqlCount && contextValue?.requestId) {
            response.http.headers.set(SQL_COUNT_HEADER, String(contextValue.sqlStatements));
            const timing = contextValue.fetches.map(([name, ms], i) => `${name.replace(/[^\w-]/g, '')};desc="fetch ${i + 1}";dur=${ms.toFixed(1)}`);
            if (timing.length) response.http.headers.set('server-timing', timing.join(', '));
          }
          if (contextValue?.requestId) response.http.headers.set(REQUEST_ID_HEADER, contextValue.requestId);
        },
      };
    },
  };

  const protection = armor(o.limits);
  const metrics = createMetrics({ sqlCounts: o.exposeSqlCount });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: o.introspection,
    includeStacktraceInErrorResponses: !o.production,
    hideSchemaDetailsFromClientErrors: o.production,
    nodeEnv: o.production ? 'production' : 'development',
    allowBatchedHttpRequests: false,
    validationRules: protection.validationRules,
    formatError: maskInProduction(o.production),
    plugins: [
      ...protection.plugins,
      pageSizeLimit,
      sqlCountHeader,
      metrics.plugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/metrics', async (_req, res) => {
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/ready', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(o.subgraphUrls).map(async ([name, url]) => {
        try {
          const r = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(2000) });
          return [name, r.ok ? 'ok' : `HTTP ${r.status}`] as const;
        } catch {
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, s]) => s === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', subgraphs: Object.fromEntries(checks) });
  });

  app.use(
    '/graphql',
    express.json({ limit: o.maxBodyBytes }),
    tokenLimit(o.limits.maxTokens),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const { token } = await auth.verify(req.headers.authorization);
        const incoming = req.header(REQUEST_ID_HEADER);
        return { token, requestId: incoming && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID(), sqlStatements: 0, fetches: [] };
      },
    }),
  );

  // A body over the limit or unparsable JSON: a GraphQL-shaped error, never an HTML stack page.
  app.use((err: { status?: number; type?: string; message?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status ?? 500;
    const message = err.type === 'entity.too.large' ? `Request body larger than ${o.maxBodyBytes} bytes` : status < 500 ? 'Bad request' : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(o.port, o.host ?? '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${o.host && o.host !== '0.0.0.0' ? o.host : '127.0.0.1'}:${port}/graphql`,
    port,
    async stop() {
      await apollo.stop();
    },
  };
}

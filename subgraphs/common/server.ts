import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
  ApolloServerPluginSchemaReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { DataSource } from 'typeorm';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ServiceTokenSource, TokenVerifier, type TokenVerifierOptions } from './auth';
import { databaseUrlFromEnv, envPrefix, intFromEnv, isProduction, portOf, sqlCountingFromEnv, subgraphUrlsFromEnv } from './config';
import type { BaseContext, RequestContext } from './context';
import { createSubgraphDataSource, initializeDataSource } from './database';
import { AppError, formatError } from './errors';
import { InternalClient, type SubgraphUrls } from './internal-client';
import { VisibilityStamps } from './visibility';
import { logger } from './log';
import { REQUEST_ID_HEADER, runInRequestScope, SQL_COUNT_HEADER, type RequestScope } from './request-scope';
import type { SubgraphModule } from './subgraph';

export interface SubgraphServerOptions {
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  auth: TokenVerifierOptions & { secret: string };
  /** Where the other subgraphs are; read at call time. */
  urls: () => SubgraphUrls;
  poolSize?: number;
  maxBodyBytes?: number;
  /**
   * Count each request's SQL statements (x-sql-statements header; tests and
   * the gateway's metrics read it). Following a request through its async
   * calls costs every promise a hook, so production leaves it off by default.
   */
  countSql?: boolean;
}

export interface RunningSubgraph<S = unknown> {
  name: string;
  url: string;
  port: number;
  dataSource: DataSource;
  services: S;
  /**
   * Runs an operation in this process, as `/graphql` would (same token check,
   * context, plugins and error formatting), without HTTP. For a gateway in the
   * same process (SUBGRAPH_TRANSPORT=in-process).
   */
  execute(
    request: { query: string; variables?: Record<string, unknown>; operationName?: string },
    caller: { authorization: string | undefined; requestId?: string },
  ): Promise<{ data?: Record<string, unknown> | null; errors?: ReadonlyArray<GraphQLFormattedError>; sqlStatements: number }>;
  stop(): Promise<void>;
}

const REQUEST_ID_RE = /^[\w.:-]{1,100}$/;

/** Serves one subgraph: migrations, then GraphQL at /graphql and /health. */
export async function startSubgraph<S, L>(module: SubgraphModule<S, L>, o: SubgraphServerOptions): Promise<RunningSubgraph<S>> {
  const dataSource = createSubgraphDataSource({
    schema: module.dbSchema,
    url: o.databaseUrl,
    entities: module.entities,
    migrations: module.migrations,
    poolSize: o.poolSize,
  });
  await initializeDataSource(dataSource, module.dbSchema);
  const services = module.createServices(dataSource);
  const verifier = new TokenVerifier(o.auth);
  const serviceToken = new ServiceTokenSource(o.auth.secret, module.name);
  const stamps = new VisibilityStamps(o.auth.secret);
  const countSql = o.countSql ?? sqlCountingFromEnv();

  /** The request context, the same for HTTP and in-process calls: verified identity, scope, loaders. */
  async function contextFor(authorization: string | undefined, scope: RequestScope): Promise<RequestContext<S, L>> {
    let identity;
    try {
      identity = await verifier.verifyHeader(authorization);
    } catch (err) {
      throw err instanceof AppError ? err.toGraphQLError() : err;
    }
    const base: BaseContext<S> = {
      identity,
      requestId: scope.requestId,
      scope,
      stamps,
      services,
      internal: new InternalClient({ urls: o.urls, serviceToken, userToken: identity.token, requestId: scope.requestId }),
    };
    const loaders = module.createLoaders(base);
    const context: RequestContext<S, L> = { ...base, loaders };
    if (module.onRequest) await module.onRequest(context);
    return context;
  }

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;

  const sqlCountHeader: ApolloServerPlugin<RequestContext<S, L>> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (countSql && contextValue?.scope) response.http.headers.set(SQL_COUNT_HEADER, String(contextValue.scope.sqlStatements));
        },
      };
    },
  };

  const apollo = new ApolloServer<RequestContext<S, L>>({
    schema: module.buildSchema(),
    formatError: (formatted, error) => {
      const result = formatError(formatted, error);
      if (result.extensions?.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, subgraph: module.name }, formatted.message);
      return result;
    },
    includeStacktraceInErrorResponses: !isProduction(),
    hideSchemaDetailsFromClientErrors: isProduction(),
    introspection: true,
    nodeEnv: isProduction() ? 'production' : 'development',
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      // Cache hints are not used; the plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      sqlCountHeader,
    ],
  });
  await apollo.start();

  app.get('/health', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok', subgraph: module.name });
    } catch {
      res.status(503).json({ status: 'unavailable', subgraph: module.name });
    }
  });

  app.use(
    '/graphql',
    (req, res, next) => {
      const incoming = req.header(REQUEST_ID_HEADER);
      const scope: RequestScope = { requestId: incoming && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID(), sqlStatements: 0 };
      res.locals.scope = scope;
      if (countSql) runInRequestScope(scope, next);
      else next();
    },
    express.json({ limit: o.maxBodyBytes ?? 20 * 1024 * 1024 }),
    expressMiddleware(apollo, { context: ({ req, res }) => contextFor(req.headers.authorization, res.locals.scope as RequestScope) }),
  );

  // Unparsable or oversized bodies: a GraphQL-shaped error, never an HTML stack page.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status ?? 500;
    res.status(status).json({
      errors: [{ message: err.type === 'entity.too.large' ? 'Request body too large' : status < 500 ? 'Bad request' : 'Internal server error', extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }],
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(o.port, o.host ?? '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${o.host && o.host !== '0.0.0.0' ? o.host : '127.0.0.1'}:${port}/graphql`;
  logger.info({ subgraph: module.name, url }, 'subgraph listening');

  return {
    name: module.name,
    url,
    port,
    dataSource,
    services,
    async execute(request, caller) {
      const scope: RequestScope = { requestId: caller.requestId && REQUEST_ID_RE.test(caller.requestId) ? caller.requestId : randomUUID(), sqlStatements: 0 };
      const run = async () => {
        let contextValue: RequestContext<S, L>;
        try {
          contextValue = await contextFor(caller.authorization, scope);
        } catch (err) {
          const e = err as GraphQLError;
          return { errors: [{ message: e.message, extensions: { ...e.extensions, http: undefined } }] };
        }
        const response = await apollo.executeOperation(request, { contextValue });
        if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported in-process');
        const { data, errors } = response.body.singleResult;
        return { data: data as Record<string, unknown> | null | undefined, errors };
      };
      const result = countSql ? await runInRequestScope(scope, run) : await run();
      return { ...result, sqlStatements: scope.sqlStatements };
    },
    async stop() {
      await apollo.stop();
      await dataSource.destroy();
    },
  };
}

/**
 * Entry point of `subgraphs/<name>/main.ts`: one subgraph in its own process,
 * on the port of its `<NAME>_URL`, against `<NAME>_DATABASE_URL` or `DATABASE_URL`.
 */
export async function serveFromEnv<S, L>(module: SubgraphModule<S, L>): Promise<RunningSubgraph<S>> {
  const databaseUrl = databaseUrlFromEnv(module.name);
  const secret = process.env.AUTH_SECRET;
  if (!databaseUrl) throw new Error(`Set ${envPrefix(module.name)}_DATABASE_URL or DATABASE_URL (npm start runs everything on the embedded default)`);
  if (!secret) throw new Error('Set AUTH_SECRET');
  const urls = subgraphUrlsFromEnv();
  const running = await startSubgraph(module, {
    databaseUrl,
    port: intFromEnv('PORT', portOf(urls[module.name])),
    host: process.env.HOST || '0.0.0.0',
    auth: { secret, jwksUrl: process.env.AUTH_JWKS_URL || undefined },
    urls: () => urls,
    poolSize: intFromEnv('DB_POOL_SIZE', 10),
  });
  const shutdown = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return running;
}

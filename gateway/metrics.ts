import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { GatewayContext } from './server';

/** Prometheus metrics of one gateway process, served at /metrics. */
export function createMetrics(o: { sqlCounts: boolean } = { sqlCounts: true }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'Time from request to response',
    labelNames: ['operation'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const sql = new Histogram({
    name: 'gateway_graphql_sql_statements',
    help: 'SQL statements one request ran across all subgraphs',
    labelNames: ['operation'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'Errors in responses by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue, operationName, errors: errs }) {
          const operation = (operationName ?? 'anonymous').slice(0, 64);
          duration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          requests.inc({ operation, outcome: errs?.length ? 'error' : 'ok' });
          if (o.sqlCounts && contextValue?.requestId) sql.observe({ operation }, contextValue.sqlStatements);
          for (const e of errs ?? []) errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
      };
    },
  };
  return { registry, plugin };
}

import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './server';

/** A subgraph running in this process (scripts/system.ts wires them; the gateway imports no subgraph). */
export interface LocalSubgraph {
  execute(
    request: { query: string; variables?: Record<string, unknown>; operationName?: string },
    caller: { authorization: string | undefined; requestId?: string },
  ): Promise<{ data?: Record<string, unknown> | null; errors?: ReadonlyArray<GraphQLFormattedError>; sqlStatements: number }>;
}

/**
 * Sends a fetch of the query plan to a subgraph in the same process: the
 * subgraph checks the forwarded token and builds its context exactly as over
 * HTTP, but no request is serialised, sent, parsed and answered in between.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly name: string,
    private readonly subgraph: LocalSubgraph,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = (options as { context?: GatewayContext }).context;
    const started = performance.now();
    try {
      const result = await this.subgraph.execute(
        { query: request.query!, variables: request.variables as Record<string, unknown> | undefined, operationName: request.operationName },
        { authorization: context?.token ? `Bearer ${context.token}` : undefined, requestId: context?.requestId },
      );
      if (context) context.sqlStatements += result.sqlStatements;
      return { data: result.data ?? null, errors: result.errors as GatewayGraphQLResponse['errors'] };
    } finally {
      context?.fetches?.push([this.name, performance.now() - started]);
    }
  }
}

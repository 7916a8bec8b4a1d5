import { AppError, ErrorCode, serviceUnavailable } from './errors';
import type { SubgraphName } from './config';
import type { ServiceTokenSource } from './auth';
import { countSqlStatements, REQUEST_ID_HEADER, SQL_COUNT_HEADER } from './request-scope';

export type SubgraphUrls = Record<SubgraphName, string>;

export interface InternalClientOptions {
  /** Read at call time: in tests the peers' ports are known only after they listen. */
  urls: () => SubgraphUrls;
  serviceToken: ServiceTokenSource;
  /** The caller's bearer token, for calls made on the user's behalf. */
  userToken: string;
  requestId: string;
  timeoutMs?: number;
}

/** Whose identity an internal call carries. */
export type CallAs = 'user' | 'service';

const CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Calls another subgraph's own GraphQL endpoint: entities through `_entities`,
 * commands through `@inaccessible` fields. A peer that is down, slow or
 * answering garbage is SERVICE_UNAVAILABLE; a peer's own API error keeps its code.
 */
export class InternalClient {
  constructor(private readonly o: InternalClientOptions) {}

  async request<T>(target: SubgraphName, query: string, variables: Record<string, unknown> = {}, as: CallAs = 'user'): Promise<T> {
    const token = as === 'service' ? await this.o.serviceToken.get() : this.o.userToken;
    let response: Response;
    try {
      response = await fetch(this.o.urls()[target], {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          [REQUEST_ID_HEADER]: this.o.requestId,
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch {
      throw serviceUnavailable(target);
    }
    countSqlStatements(Number(response.headers.get(SQL_COUNT_HEADER)) || 0);
    let body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw serviceUnavailable(target);
    }
    if (body.errors?.length) {
      const first = body.errors[0];
      const code = String(first.extensions?.code ?? '');
      if (CODES.has(code)) {
        const { code: _c, stacktrace: _s, ...extensions } = first.extensions ?? {};
        throw new AppError(code as ErrorCode, first.message, extensions);
      }
      throw serviceUnavailable(target, `The ${target} service failed: ${first.message}`);
    }
    if (!response.ok || body.data === undefined || body.data === null) throw serviceUnavailable(target);
    return body.data;
  }

  /**
   * Resolves entities by id in their owner; the answer is in key order, null
   * where the owner returned none (unknown, or not visible to the caller).
   */
  async entities<T>(target: SubgraphName, typename: string, ids: readonly string[], selection: string, as: CallAs = 'user'): Promise<(T | null)[]> {
    if (ids.length === 0) return [];
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`;
    const data = await this.request<{ _entities: (T | null)[] }>(
      target,
      query,
      { representations: ids.map((id) => ({ __typename: typename, id })) },
      as,
    );
    return data._entities;
  }
}

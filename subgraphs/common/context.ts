import type { Identity } from './auth';
import type { InternalClient } from './internal-client';
import type { RequestScope } from './request-scope';
import type { VisibilityStamps } from './visibility';

/**
 * What every resolver gets: who asks (verified), the request's scope (id, SQL
 * count), a client for other subgraphs, the subgraph's services (built once at
 * start) and its DataLoaders (built per request, never shared between requests).
 */
export interface RequestContext<Services = unknown, Loaders = unknown> {
  identity: Identity;
  requestId: string;
  scope: RequestScope;
  internal: InternalClient;
  /** Signs (accounts) and checks (the others) which accounts the caller may see. */
  stamps: VisibilityStamps;
  services: Services;
  loaders: Loaders;
}

/** The part of the context that exists before the subgraph's loaders are made. */
export type BaseContext<Services = unknown> = Omit<RequestContext<Services, never>, 'loaders'>;

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one GraphQL request has done so far, followed through async calls:
 * the SQL statements it ran (tests assert on it; metrics export it) and its id.
 */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function countSqlStatements(n = 1): void {
  const scope = storage.getStore();
  if (scope) scope.sqlStatements += n;
}

/** Header on every subgraph response (and summed by the gateway): SQL statements the request ran. */
export const SQL_COUNT_HEADER = 'x-sql-statements';
export const REQUEST_ID_HEADER = 'x-request-id';

import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isProduction } from './config';

/** The error codes of API.md (Conventions), plus SERVICE_UNAVAILABLE for a dependency that is down. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  CREDIT_HOLD = 'CREDIT_HOLD',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
};

/**
 * The one error type services throw. Resolvers never build GraphQLErrors;
 * `formatError` turns an AppError into the API's shape once, here.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toGraphQLError(): GraphQLError {
    const status = HTTP_STATUS[this.code];
    return new GraphQLError(this.message, {
      extensions: { ...this.extensions, code: this.code, ...(status ? { http: { status } } : {}) },
    });
  }
}

export const unauthenticated = (message = 'A valid bearer token is required') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (right?: string, message?: string) =>
  new AppError(ErrorCode.FORBIDDEN, message ?? (right ? `Missing right ${right}` : 'Not allowed'), right ? { right } : {});
export const notFound = (what: string, id?: string, field?: string) =>
  new AppError(ErrorCode.NOT_FOUND, id ? `${what} ${id} not found` : `${what} not found`, field ? { field } : {});
export const badInput = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field, ...extra });
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.CONFLICT, message, extra);
export const staleVersion = (expected: number, actual: number) =>
  conflict(`Stale version: expected ${expected}, current is ${actual}`, { field: 'expectedVersion', currentVersion: actual });
export const invalidTransition = (message: string, allowed: string[]) =>
  new AppError(ErrorCode.INVALID_TRANSITION, message, { allowed });
export const creditHold = (message: string, reasons: string[]) =>
  new AppError(ErrorCode.CREDIT_HOLD, message, { reasons });
export const serviceUnavailable = (service: string, message?: string) =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, message ?? `The ${service} service cannot be reached; nothing was changed`, {
    service,
  });

const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * Apollo Server `formatError`: AppErrors keep their code and extensions; anything
 * unexpected (a driver error, a bug) is logged by the caller and, in production,
 * reduced to a message without SQL or stack.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    const gql = original.toGraphQLError();
    const { http: _http, ...extensions } = gql.extensions as Record<string, unknown>;
    return { ...formatted, message: gql.message, extensions };
  }
  const code = (formatted.extensions?.code as string | undefined) ?? 'INTERNAL_SERVER_ERROR';
  if (KNOWN_CODES.has(code)) return formatted;
  if (isProduction()) {
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}

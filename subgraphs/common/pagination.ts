import { type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Lazy: counted only when a client asks for it. */
  readonly totalCount: Promise<number> | number;
}

/** `first` as the API allows it: default 20, 0..200, anything else BAD_USER_INPUT. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Opaque keyset cursor: the sort values of the last row seen. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): unknown[] | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    if (cursor.length > 1000) throw new Error('too long');
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values)) throw new Error('not a list');
    return values;
  } catch {
    throw badInput(field, 'Invalid cursor');
  }
}

/**
 * Builds a connection from `rows` fetched with LIMIT first + 1 (the extra row
 * only tells whether there is a next page).
 */
export function toConnection<T>(
  rows: readonly T[],
  first: number,
  cursorOf: (row: T) => readonly unknown[],
  count: () => Promise<number> | number,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  let counted: Promise<number> | number | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}

/**
 * `FooConnection` and `FooEdge` object types for a node type. Pass
 * `shareable` when several subgraphs return the same connection type.
 */
export function connectionType<T extends object>(name: string, node: ClassType<T>, options: { shareable?: boolean } = {}) {
  @ObjectType(`${name}Edge`)
  @(options.shareable ? Directive('@shareable') : () => undefined)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  @(options.shareable ? Directive('@shareable') : () => undefined)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionType;
}

import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response, NextFunction } from 'express';
import { GraphQLError, Kind, Lexer, Source, TokenKind, visit, type DocumentNode, type ValueNode } from 'graphql';

export const MAX_PAGE_SIZE = 200;

export interface LimitOptions {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Hide "Did you mean ...?" in errors. */
  blockFieldSuggestions: boolean;
}

/**
 * Depth, aliases, directives and cost, checked in validation (graphql-armor).
 * Tokens are counted by `tokenLimit` instead: armor's Apollo plugin for them
 * re-parses in `parsingDidStart` and turns every syntax error into an HTTP 500.
 */
export function armor(o: LimitOptions) {
  return new ApolloArmor({
    maxDepth: { n: o.maxDepth },
    maxAliases: { n: o.maxAliases },
    maxTokens: { enabled: false },
    costLimit: { maxCost: o.maxCost },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: o.blockFieldSuggestions },
  }).protect();
}

function intValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

/** The largest `first` an operation asks for, literals and variables alike. */
export function largestPageRequested(document: DocumentNode, variables: Record<string, unknown>): number | null {
  let largest: number | null = null;
  visit(document, {
    Argument(node) {
      if (node.name.value !== 'first') return;
      const v = intValue(node.value, variables);
      if (typeof v === 'number' && (largest === null || v > largest)) largest = v;
    },
  });
  return largest;
}

/** `first` above 200 is refused at the gateway, before any subgraph is asked. */
export const pageSizeLimit: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request }) {
        const largest = largestPageRequested(document, request.variables ?? {});
        if (largest !== null && largest > MAX_PAGE_SIZE) {
          throw new GraphQLError(`first must be at most ${MAX_PAGE_SIZE}`, {
            extensions: { code: 'BAD_USER_INPUT', field: 'first', http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** Tokens in a document, counting stops after `max` (cheap on huge queries). Syntax errors are left to the parser. */
export function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++n > max) break;
  } catch {
    // Not lexable: the GraphQL parser will answer with a proper syntax error.
  }
  return n;
}

/** Express middleware before Apollo: a document of more than `max` tokens is refused with 400. */
export function tokenLimit(max: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string' && countTokens(query, max) > max) {
      res.status(400).json({ errors: [{ message: `Query has more than ${max} tokens`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      return;
    }
    next();
  };
}

import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

export const MAX_PAGE_SIZE = 200;

export interface LimitOptions {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Hide "Did you mean ...?" in errors. */
  blockFieldSuggestions: boolean;
}

/** Depth, aliases, tokens and cost, checked before planning (graphql-armor). */
export function armor(o: LimitOptions) {
  return new ApolloArmor({
    maxDepth: { n: o.maxDepth },
    maxAliases: { n: o.maxAliases },
    maxTokens: { n: o.maxTokens },
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

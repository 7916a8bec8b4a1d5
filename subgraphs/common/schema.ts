import 'reflect-metadata';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type EnumTypeDefinitionNode, type GraphQLSchema, isEnumType, parse } from 'graphql';
import { buildSchemaSync, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { DateTimeScalar } from './scalars';

/** Federation directives every subgraph may use; the `@link` imports all of them. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@override", "@tag"])';

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;

export interface SubgraphSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /** Entities reachable only through `_entities` must be listed, or their reference resolver never runs. */
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
  /** type-graphql cannot put directives on enums: enum name -> directives, e.g. `{ Secret: ['@inaccessible'] }`. */
  enumDirectives?: Record<string, string[]>;
}

function buildTypeGraphQLSchema(options: SubgraphSchemaOptions): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    skipCheck: true,
  });
  for (const [name, directives] of Object.entries(options.enumDirectives ?? {})) {
    const type = schema.getType(name);
    if (!isEnumType(type)) throw new Error(`enumDirectives: ${name} is not an enum of this schema`);
    // printSchemaWithDirectives prints the directives of a type's astNode.
    const node = parse(`enum ${name} ${directives.join(' ')} { _ }`).definitions[0] as EnumTypeDefinitionNode;
    Object.assign(type, { astNode: { ...node, values: [] } });
  }
  return schema;
}

/** The subgraph SDL as published: Federation 2 `@link` plus every type with its directives. */
export function buildSubgraphSdl(options: SubgraphSchemaOptions): string {
  return sdlOf(buildTypeGraphQLSchema(options));
}

function sdlOf(schema: GraphQLSchema): string {
  return `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}\n`;
}

/** A Federation 2 subgraph schema from type-graphql resolvers, with reference resolvers wired. */
export function buildFederatedSchema(options: SubgraphSchemaOptions): GraphQLSchema {
  const schema = buildTypeGraphQLSchema(options);
  const sdl = sdlOf(schema);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, ref] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: ref.__resolveReference } as never;
  }
  return buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]);
}

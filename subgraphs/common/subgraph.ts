import type { GraphQLSchema } from 'graphql';
import type { DataSource, MixedList, EntitySchema } from 'typeorm';
import type { SubgraphName } from './config';
import type { BaseContext } from './context';

/**
 * What a subgraph module exports so that one server (subgraphs/common/server.ts)
 * can run it, alone or beside the others.
 */
export interface SubgraphModule<Services = unknown, Loaders = unknown> {
  name: SubgraphName;
  /** The PostgreSQL schema it owns. */
  dbSchema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function>;
  /** The federated schema; needs no database. */
  buildSchema(): GraphQLSchema;
  /** The published SDL (schema/<name>.graphql). */
  buildSdl(): string;
  createServices(dataSource: DataSource): Services;
  createLoaders(context: BaseContext<Services>): Loaders;
  /** Runs once per request after the token is verified (e.g. creating the user record). */
  onRequest?(context: BaseContext<Services> & { loaders: Loaders }): Promise<void>;
  /**
   * Loads this subgraph's part of the demo data on first start. Accounts adds
   * the demo accounts to `demo`; the others attach their data to those.
   */
  seedDemo?(dataSource: DataSource, demo: DemoData): Promise<void>;
}

/** What demo loading passes from one subgraph to the next (accounts first). */
export interface DemoAccount {
  id: string;
  code: string;
  name: string;
  kind: string;
  type: string;
  status: string;
  currency: string;
}
export interface DemoData {
  accounts: DemoAccount[];
}

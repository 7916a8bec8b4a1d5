import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { AccountBalance } from './balance.entity';
import { BalanceRepository } from './balance.repository';
import { migrations } from './migrations';
import { createTransactionLoaders, type TransactionsLoaders } from './receivables.loaders';
import { schemaOptions } from './schema';

export interface TransactionsServices {
  balanceRepository: BalanceRepository;
}

export type TransactionsContext = RequestContext<TransactionsServices, TransactionsLoaders>;

export const transactionsSubgraph: SubgraphModule<TransactionsServices, TransactionsLoaders> = {
  name: 'transactions',
  dbSchema: 'transactions',
  entities: [AccountBalance],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices: (ds: DataSource) => ({ balanceRepository: new BalanceRepository(ds) }),
  createLoaders: (ctx) => createTransactionLoaders(ctx.services),
};

import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { AccountCredit } from './credit.entity';
import { createCreditLoaders, type CreditControlLoaders } from './credit.loaders';
import { CreditRepository } from './credit.repository';
import { migrations } from './migrations';
import { schemaOptions } from './schema';

export interface CreditControlServices {
  creditRepository: CreditRepository;
}

export type CreditControlContext = RequestContext<CreditControlServices, CreditControlLoaders>;

export const creditControlSubgraph: SubgraphModule<CreditControlServices, CreditControlLoaders> = {
  name: 'credit-control',
  dbSchema: 'credit_control',
  entities: [AccountCredit],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices: (ds: DataSource) => ({ creditRepository: new CreditRepository(ds) }),
  createLoaders: (ctx) => createCreditLoaders(ctx.services),
};

import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { seedCreditControlDemo } from './credit.demo';
import { AccountCredit, CreditChange, CreditPolicyRow } from './credit.entity';
import { createCreditLoaders, type CreditControlLoaders } from './credit.loaders';
import { CreditRepository } from './credit.repository';
import { CreditService } from './credit.service';
import { migrations } from './migrations';
import { OnHoldService } from './on-hold.service';
import { schemaOptions } from './schema';

export interface CreditControlServices {
  creditRepository: CreditRepository;
  creditService: CreditService;
  onHoldService: OnHoldService;
}

export type CreditControlContext = RequestContext<CreditControlServices, CreditControlLoaders>;

export const creditControlSubgraph: SubgraphModule<CreditControlServices, CreditControlLoaders> = {
  name: 'credit-control',
  dbSchema: 'credit_control',
  entities: [AccountCredit, CreditPolicyRow, CreditChange],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices(ds: DataSource): CreditControlServices {
    const creditRepository = new CreditRepository(ds);
    return { creditRepository, creditService: new CreditService(ds, creditRepository), onHoldService: new OnHoldService(creditRepository) };
  },
  createLoaders: (ctx) => createCreditLoaders(ctx),
  seedDemo: seedCreditControlDemo,
};

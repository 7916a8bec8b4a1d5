import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { seedAccountsDemo } from './account.demo';
import { Account } from './account.entity';
import { createAccountLoaders, type AccountsLoaders } from './account.loaders';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { migrations } from './migrations';
import { schemaOptions } from './schema';

export interface AccountsServices {
  accountRepository: AccountRepository;
  accountService: AccountService;
}

export type AccountsContext = RequestContext<AccountsServices, AccountsLoaders>;

export const accountsSubgraph: SubgraphModule<AccountsServices, AccountsLoaders> = {
  name: 'accounts',
  dbSchema: 'accounts',
  entities: [Account],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices(ds: DataSource): AccountsServices {
    const accountRepository = new AccountRepository(ds);
    return { accountRepository, accountService: new AccountService(ds, accountRepository) };
  },
  createLoaders: (ctx) => createAccountLoaders(ctx.services),
  seedDemo: seedAccountsDemo,
};

import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { seedAccountsDemo } from './account.demo';
import { Account } from './account.entity';
import { AccountImportService } from './account-import.service';
import { createAccountLoaders, type AccountsLoaders } from './account.loaders';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { migrations } from './migrations';
import { Request } from './request.entity';
import { RequestRepository } from './request.repository';
import { RequestService } from './request.service';
import { schemaOptions } from './schema';
import { AccountSettings } from './settings.entity';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

export interface AccountsServices {
  accountRepository: AccountRepository;
  requestRepository: RequestRepository;
  settingsRepository: SettingsRepository;
  accountService: AccountService;
  accountImportService: AccountImportService;
  requestService: RequestService;
  settingsService: SettingsService;
}

export type AccountsContext = RequestContext<AccountsServices, AccountsLoaders>;

export function createAccountsServices(ds: DataSource): AccountsServices {
  const accountRepository = new AccountRepository(ds);
  const requestRepository = new RequestRepository(ds);
  const settingsRepository = new SettingsRepository(ds);
  return {
    accountRepository,
    requestRepository,
    settingsRepository,
    accountService: new AccountService(ds, accountRepository, settingsRepository),
    accountImportService: new AccountImportService(ds, accountRepository, settingsRepository),
    requestService: new RequestService(ds, requestRepository, accountRepository, settingsRepository),
    settingsService: new SettingsService(ds, settingsRepository),
  };
}

export const accountsSubgraph: SubgraphModule<AccountsServices, AccountsLoaders> = {
  name: 'accounts',
  dbSchema: 'accounts',
  entities: [Account, Request, AccountSettings],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices: createAccountsServices,
  createLoaders: (ctx) => createAccountLoaders(ctx),
  seedDemo: seedAccountsDemo,
};

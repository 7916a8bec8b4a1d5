import type { SubgraphSchemaOptions } from '../common';
import { Account } from './account.entity';
import { accountReference } from './account.reference';
import { AccountResolver } from './account.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [AccountResolver],
  orphanedTypes: [Account],
  referenceResolvers: { Account: accountReference },
};

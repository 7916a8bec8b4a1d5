import type { SubgraphSchemaOptions } from '../common';
import { AccountRef } from './account.stub';
import { AccountCreditResolver } from './credit.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [AccountCreditResolver],
  orphanedTypes: [AccountRef],
};

import type { SubgraphSchemaOptions } from '../common';
import { AccountRef } from './account.stub';
import { AccountReceivablesResolver } from './receivables.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [AccountReceivablesResolver],
  orphanedTypes: [AccountRef],
};

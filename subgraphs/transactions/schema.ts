import type { SubgraphSchemaOptions } from '../common';
import { AccountRef } from './account.stub';
import { AccountTransactionsResolver, ReceivablesResolver } from './account.resolver';
import { Document } from './document.entity';
import { documentReference } from './document.reference';
import { AllocationResolver, DocumentResolver, StatementLineResolver } from './document.resolver';
import { InternalResolver } from './internal.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [DocumentResolver, AllocationResolver, StatementLineResolver, AccountTransactionsResolver, ReceivablesResolver, InternalResolver],
  orphanedTypes: [AccountRef, Document],
  referenceResolvers: { Document: documentReference },
};

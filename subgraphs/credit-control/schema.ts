import type { SubgraphSchemaOptions } from '../common';
import { AccountRef } from './account.stub';
import { AccountCreditResolver, CreditDecisionResolver, CreditResolver } from './credit.resolver';
import { UserRef } from './user.stub';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [AccountCreditResolver, CreditResolver, CreditDecisionResolver],
  orphanedTypes: [AccountRef, UserRef],
  // type-graphql cannot decorate enums; these are internal like the field that uses them.
  enumDirectives: { CreditDocumentType: ['@inaccessible'], CreditOutcome: ['@inaccessible'] },
};

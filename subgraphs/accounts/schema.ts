import type { SubgraphSchemaOptions } from '../common';
import { Account } from './account.entity';
import { accountReference, requestReference } from './account.reference';
import { AccountResolver, AuditEntryResolver } from './account.resolver';
import { UserRef } from './account.types';
import { InternalResolver } from './internal.resolver';
import { Request } from './request.entity';
import { RequestResolver } from './request.resolver';
import { SettingsResolver } from './settings.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [AccountResolver, AuditEntryResolver, RequestResolver, SettingsResolver, InternalResolver],
  orphanedTypes: [Account, Request, UserRef],
  referenceResolvers: { Account: accountReference, Request: requestReference },
};

import type { SubgraphSchemaOptions } from '../common';
import { AccountRef } from './account.stub';
import { Contact } from './contact.entity';
import { contactReference } from './contact.reference';
import { AccountContactsResolver, ContactResolver } from './contact.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [ContactResolver, AccountContactsResolver],
  orphanedTypes: [Contact, AccountRef],
  referenceResolvers: { Contact: contactReference },
};

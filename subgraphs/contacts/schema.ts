import type { SubgraphSchemaOptions } from '../common';
import { AccountRef } from './account.stub';
import { Contact } from './contact.entity';
import { contactReference } from './contact.reference';
import { AccountContactsResolver, ContactResolver } from './contact.resolver';
import { Person } from './person.entity';
import { personReference } from './person.reference';
import { PersonResolver } from './person.resolver';
import { User } from './user.entity';
import { userReference } from './user.reference';
import { UserResolver } from './user.resolver';

export const schemaOptions: SubgraphSchemaOptions = {
  resolvers: [ContactResolver, AccountContactsResolver, PersonResolver, UserResolver],
  orphanedTypes: [Contact, Person, User, AccountRef],
  referenceResolvers: { Contact: contactReference, Person: personReference, User: userReference },
};

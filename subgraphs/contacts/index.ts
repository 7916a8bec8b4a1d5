import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, createAccountLookup, createHiddenAccounts, type BaseContext, type RequestContext, type SubgraphModule } from '../common';
import { seedContactsDemo } from './contact.demo';
import { createContactLoaders } from './contact.loaders';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { migrations } from './migrations';
import { createPersonLoaders } from './person.loaders';
import { PersonRepository } from './person.repository';
import { PersonService } from './person.service';
import { schemaOptions } from './schema';
import { createUserLoaders } from './user.loaders';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

export interface ContactsServices {
  contactRepository: ContactRepository;
  personRepository: PersonRepository;
  userRepository: UserRepository;
  contactService: ContactService;
  personService: PersonService;
  userService: UserService;
}

function createServices(ds: DataSource): ContactsServices {
  const contactRepository = new ContactRepository(ds);
  const personRepository = new PersonRepository(ds);
  const userRepository = new UserRepository(ds);
  return {
    contactRepository,
    personRepository,
    userRepository,
    contactService: new ContactService(ds, contactRepository, personRepository),
    personService: new PersonService(ds, personRepository, contactRepository, userRepository),
    userService: new UserService(ds, userRepository),
  };
}

/** Per-request loaders, never shared between requests. */
function createLoaders(ctx: BaseContext<ContactsServices>) {
  return {
    ...createContactLoaders(ctx.services.contactRepository),
    ...createPersonLoaders(ctx.services.personRepository),
    ...createUserLoaders(ctx.services.userRepository),
    /** Accounts as the caller may see them, from the accounts subgraph, batched. */
    accountLookup: createAccountLookup(ctx.internal),
    /** Accounts the caller may not see (deleted, security level), asked once per request; for lists across accounts. */
    hiddenAccounts: createHiddenAccounts(ctx.identity, ctx.internal),
  };
}
export type ContactsLoaders = ReturnType<typeof createLoaders>;

export type ContactsContext = RequestContext<ContactsServices, ContactsLoaders>;

export const contactsSubgraph: SubgraphModule<ContactsServices, ContactsLoaders> = {
  name: 'contacts',
  dbSchema: 'contacts',
  entities: [],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices,
  createLoaders,
  // The user record of a token's subject, written once per process and subject.
  onRequest: (ctx) => ctx.services.userService.ensureUser(ctx.identity),
  seedDemo: seedContactsDemo,
};

import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { Contact } from './contact.entity';
import { createContactLoaders, type ContactsLoaders } from './contact.loaders';
import { ContactRepository } from './contact.repository';
import { migrations } from './migrations';
import { schemaOptions } from './schema';

export interface ContactsServices {
  contactRepository: ContactRepository;
}

export type ContactsContext = RequestContext<ContactsServices, ContactsLoaders>;

export const contactsSubgraph: SubgraphModule<ContactsServices, ContactsLoaders> = {
  name: 'contacts',
  dbSchema: 'contacts',
  entities: [Contact],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices: (ds: DataSource) => ({ contactRepository: new ContactRepository(ds) }),
  createLoaders: (ctx) => createContactLoaders(ctx.services),
};

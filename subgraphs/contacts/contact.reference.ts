import type { ContactsContext } from './index';

export const contactReference = {
  __resolveReference(reference: { id: string }, ctx: ContactsContext) {
    return ctx.loaders.contactById.load(reference.id);
  },
};

import { isUuid } from '../common';
import type { ContactsContext } from './index';

export const personReference = {
  __resolveReference(reference: { id: string }, ctx: ContactsContext) {
    return isUuid(reference.id) ? ctx.services.personService.findVisible(ctx, reference.id.toLowerCase()) : null;
  },
};

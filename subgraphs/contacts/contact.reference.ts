import { isUuid } from '../common';
import type { ContactsContext } from './index';

export const contactReference = {
  __resolveReference(reference: { id: string }, ctx: ContactsContext) {
    return isUuid(reference.id) ? ctx.services.contactService.findVisible(ctx, reference.id.toLowerCase()) : null;
  },
};

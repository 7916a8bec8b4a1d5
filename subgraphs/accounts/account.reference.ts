import { isUuid } from '../common';
import type { AccountsContext } from './index';

/** `_entities`: null for an id the caller may not see (account.visibility.ts) or that is malformed. */
export const accountReference = {
  __resolveReference(reference: { id: string }, ctx: AccountsContext) {
    return typeof reference.id === 'string' && isUuid(reference.id) ? ctx.loaders.accountById.load(reference.id.toLowerCase()) : null;
  },
};

export const requestReference = {
  __resolveReference(reference: { id: string }, ctx: AccountsContext) {
    return typeof reference.id === 'string' && isUuid(reference.id) ? ctx.loaders.requestById.load(reference.id.toLowerCase()) : null;
  },
};

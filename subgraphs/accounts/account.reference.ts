import type { AccountsContext } from './index';

export const accountReference = {
  __resolveReference(reference: { id: string }, ctx: AccountsContext) {
    return ctx.loaders.accountById.load(reference.id);
  },
};

import type { TransactionsContext } from './index';

export const documentReference = {
  __resolveReference(reference: { id: string }, ctx: TransactionsContext) {
    return ctx.loaders.documentById.load(reference.id);
  },
};

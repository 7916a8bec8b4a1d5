import type { TransactionsContext } from './index';

export const documentReference = {
  /** By key, for other subgraphs and the gateway; a portal user gets only their own account's documents. */
  async __resolveReference(reference: { id: string }, ctx: TransactionsContext) {
    const doc = await ctx.loaders.documentById.load(reference.id);
    if (doc && ctx.identity.isPortal && doc.accountId !== ctx.identity.accountId) return null;
    return doc;
  },
};

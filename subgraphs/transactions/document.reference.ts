import { mayShowAccount } from '../common';
import type { TransactionsContext } from './index';

export const documentReference = {
  /**
   * By key, for other subgraphs and the gateway: only documents of accounts the
   * caller may see (a portal user's own; for others, not hidden by deletion or
   * security level: one call to accounts per request, whatever the batch).
   */
  async __resolveReference(reference: { id: string }, ctx: TransactionsContext) {
    const doc = await ctx.loaders.documentById.load(reference.id);
    return doc && (await mayShowAccount(ctx.identity, ctx.loaders.hiddenAccounts, doc.accountId)) ? doc : null;
  },
};

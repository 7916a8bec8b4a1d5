import type DataLoader from 'dataloader';
import { conflict, forbidden, notFound, type AccountFacts, type Identity } from '../common';

export interface AccountAccessContext {
  identity: Identity;
  loaders: { account: DataLoader<string, AccountFacts | null> };
}

/** Statuses that take no new quotes, orders, cash sales or invoices (payments, credit notes and refunds stay possible). */
const NO_NEW_SALES = new Set(['BLOCKED', 'INACTIVE']);

/**
 * The account a command acts on, as the caller may see it (accounts decides:
 * unknown, deleted and invisible are all NOT_FOUND). Portal users act only on
 * their own account. Asked before any transaction opens (it is an HTTP call).
 */
export async function accountForCommand(ctx: AccountAccessContext, accountId: string, field: string): Promise<AccountFacts> {
  if (ctx.identity.isPortal && ctx.identity.accountId !== accountId) throw notFound('Account', accountId, field);
  const facts = await ctx.loaders.account.load(accountId);
  if (!facts) throw notFound('Account', accountId, field);
  return facts;
}

export function assertTakesNewSales(facts: AccountFacts, what: string): void {
  if (NO_NEW_SALES.has(facts.status)) {
    throw conflict(`Account ${facts.code} is ${facts.status}: it takes no new ${what}`, { field: 'accountId', status: facts.status });
  }
}

/** Portal users may accept or reject their quotes, create sales orders and record payments; nothing else. */
export function assertNotPortal(identity: Identity, what: string): void {
  if (identity.isPortal) throw forbidden(undefined, `Portal users cannot ${what}`);
}

/** Account fields (documents, statement) for a portal user: their own account only. */
export function assertMayRead(identity: Identity, accountId: string): void {
  if (identity.isPortal && identity.accountId !== accountId) throw notFound('Account', accountId);
}

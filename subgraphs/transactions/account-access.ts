import type DataLoader from 'dataloader';
import { conflict, forbidden, isLive, notFound, type AccountFacts, type Identity, type VisibilityStamps } from '../common';

export interface AccountAccessContext {
  identity: Identity;
  loaders: { account: DataLoader<string, AccountFacts | null> };
}

export interface AccountReadContext {
  identity: Identity;
  stamps: VisibilityStamps;
}

/** Statuses that take no new quotes, orders, cash sales or invoices (payments, credit notes and refunds stay possible). */
const NO_NEW_SALES = new Set(['BLOCKED', 'INACTIVE']);

/**
 * The account a command acts on, as the caller may see it (accounts decides:
 * unknown, invisible and, for writes, deleted are all NOT_FOUND). Portal users
 * act only on their own account. Asked before any transaction opens (it is an
 * HTTP call). `field` names the input the account came from: when that is a
 * document (`id`, `fromId`), the document is what is not found, and the
 * account's id is never named.
 */
export async function accountForCommand(ctx: AccountAccessContext, accountId: string, field: string): Promise<AccountFacts> {
  const missing = () => (field === 'accountId' ? notFound('Account', accountId, field) : notFound('Document', undefined, field));
  if (ctx.identity.isPortal && ctx.identity.accountId !== accountId) throw missing();
  const facts = await ctx.loaders.account.load(accountId);
  if (!isLive(facts)) throw missing();
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

/**
 * Whether the caller may read what this subgraph adds to an account: the
 * accounts subgraph's stamp (`@requires(fields: "visibilityStamp")`, services
 * need none), and for portal users their own account only.
 */
export function mayRead(ctx: AccountReadContext, account: { id: string; visibilityStamp?: unknown }): boolean {
  if (!ctx.stamps.allows(ctx.identity, account)) return false;
  return !ctx.identity.isPortal || ctx.identity.accountId === account.id;
}

/** For Account fields that cannot be empty (receivables, statement, hasTransactions): NOT_FOUND, as for an unknown account. */
export function assertMayRead(ctx: AccountReadContext, account: { id: string; visibilityStamp?: unknown }): void {
  if (!mayRead(ctx, account)) throw notFound('Account', account.id);
}

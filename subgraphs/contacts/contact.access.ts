import { isLive, notFound, type AccountFacts } from '../common';
import type { ContactsContext } from './index';

/**
 * Who may see what. An account's visibility is the accounts subgraph's
 * decision (deleted, security level, a portal user's own account), asked
 * through the per-request, batched account lookup. A portal user is kept to
 * their own account here as well, before anything is asked.
 */

/** The account as the caller may see it, or NOT_FOUND naming `field`. Call before opening a transaction. */
export async function visibleAccount(ctx: ContactsContext, accountId: string, field: string): Promise<AccountFacts> {
  const { identity } = ctx;
  if (identity.isPortal && accountId !== identity.accountId) throw notFound('Account', accountId, field);
  const facts = await ctx.loaders.accountLookup.load(accountId);
  if (!facts) throw notFound('Account', accountId, field);
  return facts;
}

/**
 * The account a write acts on: visible, and not deleted (those who may
 * restore see deleted accounts, but nothing is added to or changed on one).
 */
export async function writableAccount(ctx: ContactsContext, accountId: string, field: string): Promise<AccountFacts> {
  const facts = await visibleAccount(ctx, accountId, field);
  if (!isLive(facts)) throw notFound('Account', accountId, field);
  return facts;
}

/** Which of these accounts the caller may see, asked in one batch. */
export async function visibleAccountIds(ctx: ContactsContext, accountIds: readonly string[]): Promise<Set<string>> {
  const { identity } = ctx;
  const ids = [...new Set(accountIds)].filter((id) => !identity.isPortal || id === identity.accountId);
  if (ids.length === 0) return new Set();
  const facts = await ctx.loaders.accountLookup.loadMany(ids);
  const visible = new Set<string>();
  facts.forEach((f, i) => {
    if (f instanceof Error) throw f;
    if (f) visible.add(ids[i]);
  });
  return visible;
}

/**
 * A person is visible when the caller may see any account the person is
 * linked to (as a contact or as a person account). A person with no links at
 * all (their last contact was deleted) is visible to staff, not to portal users.
 */
export async function isPersonVisible(ctx: ContactsContext, personId: string): Promise<boolean> {
  const linked = await ctx.loaders.linkedAccountIdsByPersonId.load(personId);
  if (linked.length === 0) return !ctx.identity.isPortal;
  return (await visibleAccountIds(ctx, linked)).size > 0;
}

/**
 * Changing a person changes what every account they are linked to shows, so
 * a portal user may change only persons linked to their own account alone.
 */
export async function canChangePerson(ctx: ContactsContext, personId: string): Promise<boolean> {
  if (!ctx.identity.isPortal) return isPersonVisible(ctx, personId);
  const linked = await ctx.loaders.linkedAccountIdsByPersonId.load(personId);
  return linked.length > 0 && linked.every((id) => id === ctx.identity.accountId) && (await visibleAccountIds(ctx, linked)).size > 0;
}

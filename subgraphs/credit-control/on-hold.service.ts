import { badInput, decodeCursor, Dec, encodeCursor, isUuid, pageSize, type Connection } from '../common';
import type { AccountRef } from './account.stub';
import { CreditCheckMode } from './credit.enums';
import { POLICY } from './credit.loaders';
import type { AccountLimit, CreditRepository, HeldScope } from './credit.repository';
import type { AccountFigures } from './transactions.client';
import type { CreditControlContext } from './index';

/**
 * Accounts whose exposure (balance + open orders) is above their limit. Pure:
 * `figures` has rows only for accounts that have transactions; the others
 * have no exposure, so they are never above a limit.
 */
export function accountIdsOverLimit(limits: readonly AccountLimit[], figures: readonly AccountFigures[]): string[] {
  const byAccount = new Map(figures.map((f) => [f.accountId.toLowerCase(), f]));
  return limits
    .filter((l) => {
      const f = byAccount.get(l.accountId);
      return f !== undefined && new Dec(f.balance).plus(f.openOrders).gt(l.limit);
    })
    .map((l) => l.accountId);
}

/** Sorted union of two sorted id lists (uuids compare as their lower-case text does in PostgreSQL). */
export function mergeSortedIds(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/**
 * `accountsOnHold` for the collections team: accounts held by hand (our
 * table) and accounts held by the current policy, in id order (keyset).
 *
 * The policy part asks transactions at read time rather than keeping a
 * projection of its figures here: the figures change with every document
 * and payment, a projection would need an event feed transactions does not
 * have and could lag the decision that uses the same figures; asking is one
 * batched call per page (CREDIT_LIMIT: figures of the accounts that have a
 * limit; PAST_DUE: the accounts with anything overdue). Under NONE nothing
 * is asked, so manual holds never depend on transactions being up; under the
 * other modes a transactions outage is a clear SERVICE_UNAVAILABLE, never a
 * silently shorter list.
 *
 * Only accounts the caller may see are listed: the accounts subgraph's hidden
 * ids (deleted, security level; one call per request) are left out in SQL and
 * from the policy's list, and a portal user sees only their own account; so
 * pages are full and `totalCount` is right.
 */
export class OnHoldService {
  constructor(private readonly repo: CreditRepository) {}

  async accountsOnHold(ctx: CreditControlContext, rawFirst: number | null | undefined, after: string | null | undefined): Promise<Connection<AccountRef>> {
    const first = pageSize(rawFirst);
    const afterId = cursorId(after);
    const scope = await this.scopeOf(ctx);
    if (!scope) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    const hidden = new Set(scope.hidden);
    const shown = (id: string) => !hidden.has(id) && (scope.only === null || id === scope.only);
    const policyHeld = (await this.policyHeldIds(ctx)).filter(shown);

    const manual = await this.repo.heldAccountIds(afterId, first + 1, scope);
    const derived = policyHeld.filter((id) => afterId === null || id > afterId).slice(0, first + 1);
    const ids = mergeSortedIds(manual, derived).slice(0, first + 1);
    const edges = ids.slice(0, first).map((id) => ({ cursor: encodeCursor([id]), node: { id } as AccountRef }));
    let counted: Promise<number> | undefined;
    const count = async () => mergeSortedIds(await this.repo.allHeldAccountIds(scope), policyHeld).length;
    return {
      edges,
      pageInfo: { hasNextPage: ids.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      get totalCount() {
        counted ??= count();
        return counted;
      },
    };
  }

  /** What the caller may see; null when nothing (a portal user whose account id is malformed). */
  private async scopeOf(ctx: CreditControlContext): Promise<HeldScope | null> {
    const only = ctx.identity.isPortal ? (ctx.identity.accountId ?? '').toLowerCase() : null;
    if (only !== null && !isUuid(only)) return null;
    return { hidden: await ctx.loaders.hiddenAccounts.ids(), only };
  }

  /** Accounts the current policy holds, sorted; no call at all under NONE. */
  private async policyHeldIds(ctx: CreditControlContext): Promise<string[]> {
    const policy = await ctx.loaders.policy.load(POLICY);
    let ids: string[] = [];
    if (policy.checkMode === CreditCheckMode.CREDIT_LIMIT) {
      const limits = await this.repo.limits();
      ids = accountIdsOverLimit(limits, await ctx.loaders.transactions.accountFigures(limits.map((l) => l.accountId)));
    } else if (policy.checkMode === CreditCheckMode.PAST_DUE) {
      ids = (await ctx.loaders.transactions.accountIdsWithOverdue()).map((id) => id.toLowerCase()).filter(isUuid);
    }
    return [...new Set(ids)].sort();
  }
}

function cursorId(after: string | null | undefined): string | null {
  const values = decodeCursor(after);
  if (values === null) return null;
  const [id] = values;
  if (values.length !== 1 || typeof id !== 'string' || !isUuid(id)) throw badInput('after', 'Invalid cursor');
  return id.toLowerCase();
}

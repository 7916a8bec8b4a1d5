import { badInput, decodeCursor, Dec, encodeCursor, isUuid, pageSize, type Connection } from '../common';
import type { AccountRef } from './account.stub';
import { CreditCheckMode } from './credit.enums';
import { POLICY } from './credit.loaders';
import type { AccountLimit, CreditRepository } from './credit.repository';
import type { AccountFigures } from './transactions.client';
import type { CreditControlContext } from './index';

/** Rounds of "fetch a window, drop what the caller may not see" before a page is returned short. */
const MAX_ROUNDS = 5;

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
 * Only accounts the caller may see are listed (accounts decides, batched).
 */
export class OnHoldService {
  constructor(private readonly repo: CreditRepository) {}

  async accountsOnHold(ctx: CreditControlContext, rawFirst: number | null | undefined, after: string | null | undefined): Promise<Connection<AccountRef>> {
    const first = pageSize(rawFirst);
    const afterId = cursorId(after);
    const policyHeld = await this.policyHeldIds(ctx);

    const visible: string[] = [];
    let scannedTo = afterId;
    let exhausted = false;
    for (let round = 0; round < MAX_ROUNDS && visible.length <= first; round++) {
      const window = first + 1 - visible.length;
      const manual = await this.repo.heldAccountIds(scannedTo, window);
      const derived = policyHeld.filter((id) => scannedTo === null || id > scannedTo).slice(0, window);
      const candidates = mergeSortedIds(manual, derived).slice(0, window);
      const facts = await this.visibility(ctx, candidates);
      candidates.forEach((id, i) => facts[i] && visible.push(id));
      if (candidates.length < window) {
        exhausted = true;
        break;
      }
      scannedTo = candidates[candidates.length - 1];
    }

    const page = visible.slice(0, first);
    const edges = page.map((id) => ({ cursor: encodeCursor([id]), node: { id } as AccountRef }));
    const hasNextPage = visible.length > first || !exhausted;
    let endCursor = edges.length ? edges[edges.length - 1].cursor : null;
    // A page cut short by many accounts the caller may not see still moves the cursor past them.
    if (hasNextPage && visible.length <= first && scannedTo) endCursor = encodeCursor([scannedTo]);
    const count = async () => {
      const all = mergeSortedIds(await this.repo.allHeldAccountIds(), policyHeld);
      return (await this.visibility(ctx, all)).filter(Boolean).length;
    };
    let counted: Promise<number> | undefined;
    return {
      edges,
      pageInfo: { hasNextPage, endCursor },
      get totalCount() {
        counted ??= count();
        return counted;
      },
    };
  }

  /** Whether the caller may see each account: accounts decides (one batched call); a portal user only ever its own. */
  private async visibility(ctx: CreditControlContext, ids: readonly string[]): Promise<boolean[]> {
    const mine = ctx.identity.isPortal ? ids.filter((id) => id === ctx.identity.accountId) : ids;
    const facts = await Promise.all(mine.map((id) => ctx.loaders.accountById.load(id)));
    const seen = new Set(mine.filter((_, i) => facts[i] !== null));
    return ids.map((id) => seen.has(id));
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

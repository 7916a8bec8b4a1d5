import { hasRight, type Identity } from './auth';
import type { InternalClient } from './internal-client';

/**
 * The accounts the caller may not see, for lists and aggregates across
 * accounts in the subgraphs that do not own accounts (DESIGN.md, visibility):
 * deleted accounts unless the caller may restore them, and accounts above the
 * caller's security level. Asked once per request from the accounts
 * subgraph's internal `hiddenAccountIds` (as the service, with the caller's
 * verified level and restore right: accounts applies its rule to them, and no
 * user ever gets the list) and excluded in SQL (`account_id <> ALL($hidden)`),
 * so that pages are full and counts are right.
 *
 * Portal users are not covered by the list: restrict them in SQL to
 * `identity.accountId` as well. The service identity sees every account and
 * asks nothing.
 */
export interface HiddenAccounts {
  /** The hidden account ids (lower case); one call per request at most. */
  ids(): Promise<string[]>;
  /** The same as a set, for filtering rows that are already loaded. */
  set(): Promise<ReadonlySet<string>>;
}

export function createHiddenAccounts(identity: Identity, internal: InternalClient): HiddenAccounts {
  let asked: Promise<string[]> | null = null;
  let asSet: Promise<ReadonlySet<string>> | null = null;
  const ids = () => {
    if (identity.isService) return Promise.resolve([]);
    asked ??= internal
      .request<{ hiddenAccountIds: string[] }>(
        'accounts',
        'query($level: Int!, $restore: Boolean!) { hiddenAccountIds(securityLevel: $level, mayRestore: $restore) }',
        { level: Math.min(identity.securityLevel, 2_147_483_647), restore: hasRight(identity, 'account:restore') },
        'service',
      )
      .then((d) => d.hiddenAccountIds.map((id) => id.toLowerCase()));
    return asked;
  };
  return {
    ids,
    set: () => (asSet ??= ids().then((list) => new Set(list))),
  };
}

/**
 * Whether the caller may see an account id, from what a row already says:
 * portal users only their own account, everyone only accounts not hidden.
 */
export async function mayShowAccount(identity: Identity, hidden: HiddenAccounts, accountId: string): Promise<boolean> {
  if (identity.isService) return true;
  if (identity.isPortal && accountId !== identity.accountId) return false;
  return !(await hidden.set()).has(accountId.toLowerCase());
}

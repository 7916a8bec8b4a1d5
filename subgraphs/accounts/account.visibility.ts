import { hasRight, type Identity } from '../common';

/**
 * Who may see which account: the one rule every read in this subgraph applies
 * (account, accounts, lists, `_entities`), so that other subgraphs asking with
 * the caller's token learn nothing the caller may not see.
 *
 * - the service identity sees everything;
 * - deleted accounts only for callers who may restore them (account:restore);
 * - an account whose securityLevel is above the caller's, never;
 * - a portal user only their own account.
 */
export interface Visibility {
  all: boolean;
  includeDeleted: boolean;
  maxSecurityLevel: number;
  /** Set for portal users: the only account they see. */
  onlyAccountId: string | null;
}

export function visibilityOf(identity: Identity): Visibility {
  if (identity.isService) return { all: true, includeDeleted: true, maxSecurityLevel: Number.MAX_SAFE_INTEGER, onlyAccountId: null };
  return {
    all: false,
    includeDeleted: hasRight(identity, 'account:restore'),
    maxSecurityLevel: identity.securityLevel,
    onlyAccountId: identity.isPortal ? (identity.accountId ?? '') : null,
  };
}

export interface VisibilityFacts {
  id: string;
  securityLevel: number;
  deletedAt: Date | null;
}

export function isVisible(v: Visibility, account: VisibilityFacts): boolean {
  if (v.all) return true;
  if (account.deletedAt && !v.includeDeleted) return false;
  if (account.securityLevel > v.maxSecurityLevel) return false;
  if (v.onlyAccountId !== null && account.id !== v.onlyAccountId) return false;
  return true;
}

/**
 * The same rule as SQL over `accounts.account` aliased `alias`, for lists.
 * `addParam` appends a parameter and returns its placeholder. Lists of live
 * accounts pass `includeDeleted: false` whatever the caller's rights:
 * deleted accounts are listed only by `deletedAccounts`.
 */
export function visibilitySql(
  v: Visibility,
  alias: string,
  addParam: (value: unknown) => string,
  o: { deleted: 'exclude' | 'only' | 'asAllowed' } = { deleted: 'asAllowed' },
): string[] {
  const where: string[] = [];
  if (o.deleted === 'exclude' || (o.deleted === 'asAllowed' && !v.includeDeleted)) where.push(`${alias}.deleted_at IS NULL`);
  if (o.deleted === 'only') where.push(`${alias}.deleted_at IS NOT NULL`);
  if (v.all) return where;
  where.push(`${alias}.security_level <= ${addParam(Math.min(v.maxSecurityLevel, 2_147_483_647))}`);
  if (v.onlyAccountId !== null) where.push(`${alias}.id::text = ${addParam(v.onlyAccountId)}`);
  return where;
}

import DataLoader from 'dataloader';
import type { InternalClient } from './internal-client';

/** What other subgraphs need to know of an account, from its owner. */
export interface AccountFacts {
  id: string;
  code: string;
  name: string;
  /** COMPANY or PERSON */
  kind: string;
  type: string;
  status: string;
  currency: string;
  classification: string | null;
  /** Set when the account is soft-deleted: only callers who may restore see such accounts at all. Refuse new data for them. */
  deletedAt: string | null;
}

const SELECTION = 'id code name kind type status currency classification deletedAt';

/**
 * Per-request loader of accounts as the caller may see them: one `_entities`
 * call to the accounts subgraph for all ids asked in a tick, carrying the
 * caller's token. null means unknown or not visible to the caller (deleted,
 * above their security level, another portal customer's); treat both as
 * NOT_FOUND so that nobody learns which ids exist.
 */
export function createAccountLookup(internal: InternalClient): DataLoader<string, AccountFacts | null> {
  return new DataLoader<string, AccountFacts | null>(
    (ids) => internal.entities<AccountFacts>('accounts', 'Account', ids, SELECTION, 'user'),
    { maxBatchSize: 500 },
  );
}

/** For writes: an account that is deleted is as good as unknown. */
export function isLive(facts: AccountFacts | null): facts is AccountFacts {
  return facts !== null && !facts.deletedAt;
}

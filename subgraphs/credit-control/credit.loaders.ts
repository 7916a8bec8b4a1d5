import DataLoader from 'dataloader';
import { byKey, createAccountLookup, createHiddenAccounts, type BaseContext } from '../common';
import type { AccountCredit, CreditPolicyRow } from './credit.entity';
import { TransactionsClient, type ReceivablesFigures } from './transactions.client';
import type { CreditControlServices } from './index';

/** The policy is one row: every loader key is this one. */
export const POLICY = 'policy';

/** Per-request loaders: one statement (or one call) per kind of data for a whole page of accounts. */
export function createCreditLoaders(ctx: BaseContext<CreditControlServices>) {
  const { creditRepository } = ctx.services;
  const transactions = new TransactionsClient(ctx.internal);
  /** Loaded at most once per request; the terms' statement brings it along. */
  const policy = new DataLoader<typeof POLICY, CreditPolicyRow>(async (keys) => {
    const row = await creditRepository.findPolicy();
    return keys.map(() => row);
  });
  return {
    /** Terms of a page of accounts; the same statement reads the policy and primes its loader. */
    creditByAccountId: new DataLoader<string, AccountCredit | null>(async (ids) => {
      const { policy: row, terms } = await creditRepository.findTermsWithPolicy(ids);
      policy.prime(POLICY, row);
      return byKey(ids, terms, (c) => c.accountId);
    }),
    policy,
    /** Accounts as the caller may see them (null: unknown or invisible). */
    accountById: createAccountLookup(ctx.internal),
    /** Accounts the caller may not see (deleted, security level), asked once per request; for lists across accounts. */
    hiddenAccounts: createHiddenAccounts(ctx.identity, ctx.internal),
    /** Receivables from transactions, for mutation results (Account.credit gets them from the gateway). */
    receivablesByAccount: new DataLoader<{ id: string; currency: string }, ReceivablesFigures, string>((accounts) => transactions.receivables(accounts), {
      cacheKeyFn: (a) => a.id,
      maxBatchSize: 500,
    }),
    transactions,
  };
}
export type CreditControlLoaders = ReturnType<typeof createCreditLoaders>;

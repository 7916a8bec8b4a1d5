import { Dec, isUuid, money } from '../common';
import type { AccountCredit, CreditPolicyRow } from './credit.entity';
import { exposureOf, holdReasonsOf } from './credit.decision';
import type { CreditStatus, ManualHold } from './credit.types';
import type { ReceivablesFigures } from './transactions.client';

export function manualHoldOf(terms: AccountCredit | null): ManualHold | null {
  if (!terms?.holdSince) return null;
  // `by` is the token's subject: a user id (UUID) for people, `service:<name>` for services.
  return { since: terms.holdSince, by: terms.holdBy && isUuid(terms.holdBy) ? { id: terms.holdBy } : null, note: terms.holdNote };
}

/**
 * An account's credit status from its terms (null: none), the current policy
 * and its receivables. Figures are in the account's currency, and so is a limit.
 */
export function creditStatusOf(policy: CreditPolicyRow, terms: AccountCredit | null, receivables: ReceivablesFigures): CreditStatus {
  const currency = receivables.balance.currency;
  const figures = { balance: receivables.balance.amount, openOrders: receivables.openOrders.amount, overdue: receivables.overdue.amount };
  const exposure = exposureOf(figures);
  const limit = terms?.creditLimit ?? null;
  const holdReasons = holdReasonsOf(policy, { limit, heldManually: terms?.holdSince != null }, figures);
  return {
    limit: limit === null ? null : money(limit, terms?.currency ?? currency),
    exposure: money(exposure, currency),
    available: limit === null ? null : money(new Dec(limit).minus(exposure), currency),
    onHold: holdReasons.length > 0,
    holdReasons,
    manualHold: manualHoldOf(terms),
    version: terms?.version ?? 0,
  };
}

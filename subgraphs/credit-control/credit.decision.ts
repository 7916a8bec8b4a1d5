import { Dec, type DecValue } from '../common';
import { CreditCheckMode, CreditDocumentType, CreditOutcome, HoldReason, OnHoldAction } from './credit.enums';

/**
 * The credit rules of DESIGN.md (Credit control), as pure functions: no
 * database, no clock, no network, so the whole table is tested exhaustively.
 */

export interface PolicyFacts {
  checkMode: CreditCheckMode;
  onHoldAction: OnHoldAction;
}

export interface TermsFacts {
  /** null: no limit */
  limit: DecValue | string | null;
  heldManually: boolean;
}

/** The account's receivables as transactions reports them, in the account's currency. */
export interface FigureFacts {
  balance: DecValue | string;
  openOrders: DecValue | string;
  overdue: DecValue | string;
}

/** balance + open sales orders */
export function exposureOf(figures: Pick<FigureFacts, 'balance' | 'openOrders'>): DecValue {
  return new Dec(figures.balance).plus(figures.openOrders);
}

/**
 * Why the account is on hold; empty when it is not. `addedExposure` is what a
 * new document would add (a sales order's amount) for "would pass the limit".
 * A limit is passed when exposure is strictly above it: exposure equal to the
 * limit is still within it.
 */
export function holdReasonsOf(policy: PolicyFacts, terms: TermsFacts, figures: FigureFacts, addedExposure: DecValue | string = '0'): HoldReason[] {
  const reasons: HoldReason[] = [];
  if (terms.heldManually) reasons.push(HoldReason.MANUAL);
  if (policy.checkMode === CreditCheckMode.CREDIT_LIMIT && terms.limit !== null && exposureOf(figures).plus(addedExposure).gt(terms.limit)) {
    reasons.push(HoldReason.CREDIT_LIMIT_EXCEEDED);
  }
  if (policy.checkMode === CreditCheckMode.PAST_DUE && new Dec(figures.overdue).gt(0)) reasons.push(HoldReason.INVOICES_PAST_DUE);
  return reasons;
}

/** What an account on hold may still do (seed 004, "Customer on hold"). */
export function outcomeOnHold(action: OnHoldAction, documentType: CreditDocumentType): CreditOutcome {
  if (documentType === CreditDocumentType.SALES_ORDER) {
    return action === OnHoldAction.ALLOW_PENDING_SALES_ORDERS || action === OnHoldAction.ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES
      ? CreditOutcome.PENDING
      : CreditOutcome.REFUSE;
  }
  return action === OnHoldAction.ALLOW_CASH_SALES || action === OnHoldAction.ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES
    ? CreditOutcome.ALLOW
    : CreditOutcome.REFUSE;
}

export interface CreditQuestion {
  documentType: CreditDocumentType;
  /** The new document's total, >= 0. */
  amount: DecValue | string;
}

export interface CreditAnswer {
  outcome: CreditOutcome;
  /** Why the account is (or with this order would be) on hold; empty when it is not. */
  reasons: HoldReason[];
}

/**
 * The decision on a new sales order or cash sale. A sales order adds its
 * amount to exposure ("would pass the limit with this order"); a cash sale is
 * paid at once and adds nothing, so it is refused only when the account is
 * already on hold and the policy does not allow cash sales then.
 */
export function decideCredit(policy: PolicyFacts, terms: TermsFacts, figures: FigureFacts, question: CreditQuestion): CreditAnswer {
  const added = question.documentType === CreditDocumentType.SALES_ORDER ? question.amount : '0';
  const reasons = holdReasonsOf(policy, terms, figures, added);
  if (reasons.length === 0) return { outcome: CreditOutcome.ALLOW, reasons };
  return { outcome: outcomeOnHold(policy.onHoldAction, question.documentType), reasons };
}

/**
 * On which figures a decision stands. The reasons (and so the outcome) depend
 * on the figures only through two comparisons: exposure above `limit - added`
 * (mode CREDIT_LIMIT with a limit) and overdue above 0 (mode PAST_DUE). So the
 * same decision holds for any figures on the same side of both. Transactions
 * asks before it takes its per-account lock and checks under the lock that
 * the figures are still on the same side; only then does it act on the
 * decision, else it asks again. (Without this it would have to ask again
 * whenever any figure moved: concurrent orders far from any limit would
 * retry for nothing.)
 */
export interface DecisionWindow {
  /** The decision stands while exposure stays above this, or at or below it, as it was; null: exposure does not matter. */
  exposureThreshold: DecValue | null;
  /** The decision stands only while overdue stays zero, or above zero, as it was. */
  overdueMatters: boolean;
}

export function decisionWindow(policy: PolicyFacts, terms: TermsFacts, question: CreditQuestion): DecisionWindow {
  const added = question.documentType === CreditDocumentType.SALES_ORDER ? question.amount : '0';
  return {
    exposureThreshold: policy.checkMode === CreditCheckMode.CREDIT_LIMIT && terms.limit !== null ? new Dec(terms.limit).minus(added) : null,
    overdueMatters: policy.checkMode === CreditCheckMode.PAST_DUE,
  };
}

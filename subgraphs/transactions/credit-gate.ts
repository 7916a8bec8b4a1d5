import { AppError, Dec, ErrorCode, serviceUnavailable, type Identity } from '../common';

export type CreditDocumentType = 'SALES_ORDER' | 'CASH_SALE';
export type CreditOutcome = 'ALLOW' | 'PENDING' | 'REFUSE';

/** The account's receivables as they stand, without the document being decided. */
export interface CreditFigures {
  balance: string;
  /** OPEN and PENDING sales orders; releasing an order leaves that order out. */
  openOrders: string;
  overdue: string;
}

export interface CreditQuestion {
  accountId: string;
  documentType: CreditDocumentType;
  /** The new document's total. */
  amount: string;
  currency: string;
  figures: CreditFigures;
}

export interface CreditDecision {
  outcome: CreditOutcome;
  reasons: string[];
  /**
   * The figures the decision stands on, as credit control says (see `stillStands`);
   * without it, only on exactly the figures asked with.
   */
  window?: CreditWindow;
}

export interface CreditWindow {
  /** Stands while exposure (balance + openOrders) stays above this, or at or below it, as it was; null: exposure does not matter. */
  exposureThreshold: string | null;
  /** Stands only while overdue stays zero, or above zero, as it was. */
  overdueMatters: boolean;
}

/** What the gate needs of the request: who asks and how to reach credit control. */
export interface CreditGateContext {
  identity: Identity;
  internal: { request<T>(target: 'credit-control', query: string, variables?: Record<string, unknown>, as?: 'user' | 'service'): Promise<T> };
}

/** credit-control's internal field (`@inaccessible` there, service identity only). */
const CREDIT_DECISION = `query CreditDecision($input: CreditCheckInput!) {
  creditDecision(input: $input) { outcome reasons exposureThreshold overdueMatters }
}`;

const OUTCOMES = new Set<string>(['ALLOW', 'PENDING', 'REFUSE']);
const DECIMAL = /^-?\d{1,20}(\.\d{1,10})?$/;
const WHAT: Record<CreditDocumentType, string> = { SALES_ORDER: 'sales order', CASH_SALE: 'cash sale' };

/**
 * The credit decision on a new sales order or cash sale (DESIGN.md, credit
 * control): asks the credit-control subgraph (`creditDecision`, internal,
 * with the service identity), passing the account's figures and the new
 * document's amount. Only this class knows where the decision comes from.
 *
 * Never silently allowed: credit control down, slow, or answering anything
 * but a well-formed decision is SERVICE_UNAVAILABLE, and the command writes
 * nothing. Its own CONFLICT (the limit is in another currency than the
 * document) is passed on; any other error it gives is a broken contract
 * between the two subgraphs, not the user's input, so SERVICE_UNAVAILABLE too.
 *
 * Callers ask outside any database transaction (a remote call inside one
 * deadlocks on the embedded database, and no lock is held during network
 * I/O), then re-read the figures under the account lock and ask again if they
 * left the decision's window (`stillStands`): see DocumentService.withCreditDecision.
 * A decision for a cash sale is ALLOW or not; PENDING only means something for orders.
 */
export class CreditGate {
  async decide(ctx: CreditGateContext, q: CreditQuestion): Promise<CreditDecision> {
    const input = {
      accountId: q.accountId,
      documentType: q.documentType,
      amount: q.amount,
      currency: q.currency,
      balance: q.figures.balance,
      openOrders: q.figures.openOrders,
      overdue: q.figures.overdue,
    };
    let data: { creditDecision?: unknown };
    try {
      data = await ctx.internal.request<{ creditDecision?: unknown }>('credit-control', CREDIT_DECISION, { input }, 'service');
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.CONFLICT) throw err;
      const failed = err instanceof AppError && err.code !== ErrorCode.SERVICE_UNAVAILABLE ? err.message : null;
      throw unavailable(q.documentType, failed ? `credit control failed (${failed})` : 'credit control cannot be reached or gave no answer');
    }
    return checkDecision(q.documentType, data?.creditDecision);
  }
}

function unavailable(type: CreditDocumentType, why: string): AppError {
  return serviceUnavailable('credit-control', `No credit decision on the ${WHAT[type]}: ${why}. Nothing was changed; try again later`);
}

/** Only a well-formed answer counts; anything else is refused, never taken for ALLOW. */
function checkDecision(type: CreditDocumentType, raw: unknown): CreditDecision {
  const d = raw as { outcome?: unknown; reasons?: unknown; exposureThreshold?: unknown; overdueMatters?: unknown } | null | undefined;
  const wellFormed =
    typeof d === 'object' &&
    d !== null &&
    typeof d.outcome === 'string' &&
    OUTCOMES.has(d.outcome) &&
    Array.isArray(d.reasons) &&
    d.reasons.every((r) => typeof r === 'string' && r.length > 0) &&
    (d.outcome === 'ALLOW' || d.reasons.length > 0) &&
    (d.exposureThreshold === null || (typeof d.exposureThreshold === 'string' && DECIMAL.test(d.exposureThreshold))) &&
    typeof d.overdueMatters === 'boolean';
  if (!wellFormed) throw unavailable(type, 'credit control gave no valid decision');
  return {
    outcome: d.outcome as CreditOutcome,
    reasons: [...(d.reasons as string[])],
    window: { exposureThreshold: d.exposureThreshold as string | null, overdueMatters: d.overdueMatters as boolean },
  };
}

/**
 * Whether a decision asked on `asked` still stands on `now` (the figures
 * under the account lock): both on the same side of its window. A decision
 * without a window stands only on the very same figures.
 */
export function stillStands(decision: CreditDecision, asked: CreditFigures, now: CreditFigures): boolean {
  const w = decision.window;
  if (!w) {
    return new Dec(asked.balance).eq(now.balance) && new Dec(asked.openOrders).eq(now.openOrders) && new Dec(asked.overdue).eq(now.overdue);
  }
  const exposure = (f: CreditFigures) => new Dec(f.balance).plus(f.openOrders);
  if (w.exposureThreshold !== null && exposure(asked).gt(w.exposureThreshold) !== exposure(now).gt(w.exposureThreshold)) return false;
  if (w.overdueMatters && new Dec(asked.overdue).gt(0) !== new Dec(now.overdue).gt(0)) return false;
  return true;
}

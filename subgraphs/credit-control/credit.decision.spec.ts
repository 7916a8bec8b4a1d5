import { Dec, type DecValue } from '../common';
import { decideCredit, decisionWindow, holdReasonsOf, outcomeOnHold, type FigureFacts, type PolicyFacts, type TermsFacts } from './credit.decision';
import { CreditCheckMode, CreditDocumentType, CreditOutcome, HoldReason, OnHoldAction } from './credit.enums';

const { NONE, CREDIT_LIMIT, PAST_DUE } = CreditCheckMode;
const { SALES_ORDER, CASH_SALE } = CreditDocumentType;
const { ALLOW, PENDING, REFUSE } = CreditOutcome;
const MODES = [NONE, CREDIT_LIMIT, PAST_DUE];
const ACTIONS = Object.values(OnHoldAction);
const DOCS = [SALES_ORDER, CASH_SALE];

/** Seed 004, "Customer on hold", written out by hand: what an account ON HOLD may still do. */
const ON_HOLD: Record<OnHoldAction, Record<CreditDocumentType, CreditOutcome>> = {
  ALLOW_NOTHING: { SALES_ORDER: REFUSE, CASH_SALE: REFUSE },
  ALLOW_PENDING_SALES_ORDERS: { SALES_ORDER: PENDING, CASH_SALE: REFUSE },
  ALLOW_CASH_SALES: { SALES_ORDER: REFUSE, CASH_SALE: ALLOW },
  ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES: { SALES_ORDER: PENDING, CASH_SALE: ALLOW },
};

/**
 * Situations of an account (limit 1,000), each with the reasons it should
 * be on hold for, per check mode and document, written out by hand.
 */
interface Situation {
  name: string;
  figures: FigureFacts;
  amount: string;
  /** reasons besides MANUAL, by mode then document */
  reasons: Record<CreditCheckMode, Record<CreditDocumentType, HoldReason[]>>;
}
const none = { SALES_ORDER: [], CASH_SALE: [] };
const SITUATIONS: Situation[] = [
  {
    name: 'well within the limit, nothing overdue',
    figures: { balance: '300', openOrders: '200', overdue: '0' },
    amount: '100',
    reasons: { NONE: none, CREDIT_LIMIT: none, PAST_DUE: none },
  },
  {
    name: 'already above the limit',
    figures: { balance: '900', openOrders: '100.01', overdue: '0' },
    amount: '10',
    reasons: {
      NONE: none,
      CREDIT_LIMIT: { SALES_ORDER: [HoldReason.CREDIT_LIMIT_EXCEEDED], CASH_SALE: [HoldReason.CREDIT_LIMIT_EXCEEDED] },
      PAST_DUE: none,
    },
  },
  {
    name: 'within the limit, but this order would pass it (a cash sale adds no exposure)',
    figures: { balance: '900', openOrders: '50', overdue: '0' },
    amount: '50.01',
    reasons: { NONE: none, CREDIT_LIMIT: { SALES_ORDER: [HoldReason.CREDIT_LIMIT_EXCEEDED], CASH_SALE: [] }, PAST_DUE: none },
  },
  {
    name: 'this order takes exposure exactly to the limit',
    figures: { balance: '900', openOrders: '50', overdue: '0' },
    amount: '50',
    reasons: { NONE: none, CREDIT_LIMIT: none, PAST_DUE: none },
  },
  {
    name: 'something overdue, within the limit',
    figures: { balance: '300', openOrders: '0', overdue: '0.01' },
    amount: '100',
    reasons: { NONE: none, CREDIT_LIMIT: none, PAST_DUE: { SALES_ORDER: [HoldReason.INVOICES_PAST_DUE], CASH_SALE: [HoldReason.INVOICES_PAST_DUE] } },
  },
];

describe('the credit decision (4 actions x held or not x sales order or cash sale x each mode)', () => {
  const cases = SITUATIONS.flatMap((s) =>
    MODES.flatMap((checkMode) => ACTIONS.flatMap((onHoldAction) => [false, true].flatMap((heldManually) => DOCS.map((doc) => ({ s, checkMode, onHoldAction, heldManually, doc }))))),
  );

  it('covers every combination', () => expect(cases).toHaveLength(SITUATIONS.length * 3 * 4 * 2 * 2));

  it.each(cases.map((c) => [`${c.s.name}; ${c.checkMode}, ${c.onHoldAction}, ${c.heldManually ? 'held by hand' : 'not held'}, ${c.doc}`, c]))('%s', (_name, c) => {
    const { s, checkMode, onHoldAction, heldManually, doc } = c as (typeof cases)[number];
    const reasons = [...(heldManually ? [HoldReason.MANUAL] : []), ...s.reasons[checkMode][doc]];
    const expected = reasons.length === 0 ? ALLOW : ON_HOLD[onHoldAction][doc];
    const answer = decideCredit({ checkMode, onHoldAction }, { limit: '1000', heldManually }, s.figures, { documentType: doc, amount: s.amount });
    expect(answer).toEqual({ outcome: expected, reasons });
  });
});

describe('credit rules at the edges', () => {
  const limitPolicy: PolicyFacts = { checkMode: CREDIT_LIMIT, onHoldAction: OnHoldAction.ALLOW_NOTHING };
  const noHold: TermsFacts = { limit: '1000', heldManually: false };

  it('an account without a limit is never over it', () => {
    const answer = decideCredit(limitPolicy, { limit: null, heldManually: false }, { balance: '1e15', openOrders: '0', overdue: '5' }, { documentType: SALES_ORDER, amount: '1e15' });
    expect(answer).toEqual({ outcome: ALLOW, reasons: [] });
  });

  it('a limit of 0 allows only orders of nothing', () => {
    const zero = { limit: '0', heldManually: false };
    const figures = { balance: '0', openOrders: '0', overdue: '0' };
    expect(decideCredit(limitPolicy, zero, figures, { documentType: SALES_ORDER, amount: '0' }).outcome).toBe(ALLOW);
    expect(decideCredit(limitPolicy, zero, figures, { documentType: SALES_ORDER, amount: '0.01' }).outcome).toBe(REFUSE);
    expect(decideCredit(limitPolicy, zero, figures, { documentType: CASH_SALE, amount: '500' }).outcome).toBe(ALLOW);
  });

  it('a credit balance (negative) leaves room under the limit', () => {
    const answer = decideCredit(limitPolicy, noHold, { balance: '-500', openOrders: '0', overdue: '0' }, { documentType: SALES_ORDER, amount: '1500' });
    expect(answer.outcome).toBe(ALLOW);
  });

  it('decimal, not float: 0.1 + 0.2 is exactly 0.3', () => {
    const tight = { limit: '0.3', heldManually: false };
    expect(decideCredit(limitPolicy, tight, { balance: '0.1', openOrders: '0', overdue: '0' }, { documentType: SALES_ORDER, amount: '0.2' }).outcome).toBe(ALLOW);
    expect(holdReasonsOf(limitPolicy, tight, { balance: '0.1', openOrders: '0.2', overdue: '0' })).toEqual([]);
  });

  it('all three reasons at once, in a stable order', () => {
    const reasons = holdReasonsOf({ checkMode: CREDIT_LIMIT, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: '1', heldManually: true }, { balance: '2', openOrders: '0', overdue: '2' });
    expect(reasons).toEqual([HoldReason.MANUAL, HoldReason.CREDIT_LIMIT_EXCEEDED]);
    const pastDue = holdReasonsOf({ checkMode: PAST_DUE, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: '1', heldManually: true }, { balance: '2', openOrders: '0', overdue: '2' });
    expect(pastDue).toEqual([HoldReason.MANUAL, HoldReason.INVOICES_PAST_DUE]);
  });

  it('outcomeOnHold is the seed table', () => {
    for (const action of ACTIONS) for (const doc of DOCS) expect(outcomeOnHold(action, doc)).toBe(ON_HOLD[action][doc]);
  });

  it('20 orders of 100 against 1,000, decided one after another with the accepted ones counted: 10 accepted, 10 refused', () => {
    // What transactions does under its per-account lock: read figures, ask, insert; the next order sees the last.
    let openOrders = '0';
    const outcomes = Array.from({ length: 20 }, () => {
      const { outcome } = decideCredit(limitPolicy, noHold, { balance: '0', openOrders, overdue: '0' }, { documentType: SALES_ORDER, amount: '100' });
      if (outcome === ALLOW) openOrders = new Dec(openOrders).plus(100).toString();
      return outcome;
    });
    expect(outcomes.filter((o) => o === ALLOW)).toHaveLength(10);
    expect(outcomes.filter((o) => o === REFUSE)).toHaveLength(10);
    expect(outcomes.slice(10).every((o) => o === REFUSE)).toBe(true);
  });
});

describe('the window a decision stands on', () => {
  /** A small deterministic generator (no flaky tests): amounts in cents around the interesting edges. */
  function* figuresNear(limit: number, amount: number): Generator<FigureFacts> {
    const exposures = [-500, 0, limit - amount - 0.01, limit - amount, limit - amount + 0.01, limit, limit + 0.01, 2 * limit + 7.77];
    for (const exposure of exposures) {
      for (const overdue of ['0', '0.01', '250']) {
        for (const balanceShare of [0, 0.5, 1]) {
          const balance = new Dec(exposure).times(balanceShare).toDecimalPlaces(2);
          yield { balance: balance.toFixed(), openOrders: new Dec(exposure).minus(balance).toFixed(), overdue };
        }
      }
    }
  }
  const side = (f: FigureFacts, threshold: DecValue | null) => (threshold === null ? 'any' : new Dec(f.balance).plus(f.openOrders).gt(threshold));
  const overdueSide = (f: FigureFacts, matters: boolean) => (matters ? new Dec(f.overdue).gt(0) : 'any');

  it('figures on the same side of the window give the same decision, outcome and reasons (every mode, action, hold, document, limit)', () => {
    let compared = 0;
    for (const checkMode of MODES) {
      for (const onHoldAction of ACTIONS) {
        for (const heldManually of [false, true]) {
          for (const limit of ['1000', null]) {
            for (const documentType of DOCS) {
              const policy = { checkMode, onHoldAction };
              const terms = { limit, heldManually };
              const question = { documentType, amount: '100' };
              const window = decisionWindow(policy, terms, question);
              // Figures grouped by the side of the window they are on: within a group, one decision.
              const groups = new Map<string, string>();
              for (const figures of figuresNear(1000, 100)) {
                const key = `${side(figures, window.exposureThreshold)}/${overdueSide(figures, window.overdueMatters)}`;
                const decision = JSON.stringify(decideCredit(policy, terms, figures, question));
                if (!groups.has(key)) groups.set(key, decision);
                expect([key, decision]).toEqual([key, groups.get(key)]);
                compared++;
              }
            }
          }
        }
      }
    }
    expect(compared).toBe(3 * 4 * 2 * 2 * 2 * 8 * 3 * 3);
  });

  it('is as wide as the rules allow: NONE and accounts without a limit do not depend on exposure; only PAST_DUE on overdue', () => {
    const question = { documentType: SALES_ORDER, amount: '100' };
    expect(decisionWindow({ checkMode: NONE, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: '1000', heldManually: true }, question)).toEqual({ exposureThreshold: null, overdueMatters: false });
    expect(decisionWindow({ checkMode: CREDIT_LIMIT, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: null, heldManually: false }, question)).toEqual({ exposureThreshold: null, overdueMatters: false });
    expect(decisionWindow({ checkMode: PAST_DUE, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: '1000', heldManually: false }, question)).toEqual({ exposureThreshold: null, overdueMatters: true });
    const limited = decisionWindow({ checkMode: CREDIT_LIMIT, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: '1000', heldManually: false }, question);
    expect(limited.exposureThreshold?.toFixed()).toBe('900'); // an order of 100 passes 1,000 from an exposure above 900
    const cash = decisionWindow({ checkMode: CREDIT_LIMIT, onHoldAction: OnHoldAction.ALLOW_NOTHING }, { limit: '1000', heldManually: false }, { documentType: CASH_SALE, amount: '100' });
    expect(cash.exposureThreshold?.toFixed()).toBe('1000'); // a cash sale adds nothing
  });
});

import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Dec, type DecValue } from '../common';
import { today } from './dates';
import type { Document } from './document.entity';
import { CREDIT_TYPES, DocumentStatus, DocumentType } from './document.enums';
import type { DocumentRepository, DocumentState, NewAllocation } from './document.repository';
import type { BalanceDelta, LedgerRepository, NewLedgerEntry } from './ledger.repository';

export interface ParsedLine {
  description: string;
  quantity: DecValue;
  unitPrice: DecValue;
  /** quantity x unit price, rounded to the currency minor unit */
  amount: DecValue;
}

export interface NewDocument {
  type: DocumentType;
  status: DocumentStatus;
  accountId: string;
  currency: string;
  date: string;
  dueDate?: string | null;
  sourceId?: string | null;
  /** Given lines, or the lines of another document (quote -> order -> invoice). */
  lines?: ParsedLine[];
  copyLinesFrom?: string;
  total: DecValue;
  createdBy: string | null;
  /** Chosen up front when something must point at the document before it exists (an idempotency key). */
  id?: string;
}

export interface AllocationPlan {
  from: Document;
  to: Document;
  amount: DecValue;
  date: string;
}

const ZERO = new Dec(0);
const str = (v: DecValue) => v.toFixed();

/** Status of an invoice, payment, credit note or refund with this open amount. */
export function statusForOpenAmount(type: DocumentType, open: DecValue, total: DecValue): DocumentStatus {
  if (type === DocumentType.INVOICE) {
    if (open.isZero()) return DocumentStatus.PAID;
    return open.eq(total) ? DocumentStatus.OPEN : DocumentStatus.PARTIALLY_PAID;
  }
  if (type === DocumentType.REFUND) return DocumentStatus.PAID;
  return open.isZero() ? DocumentStatus.PAID : DocumentStatus.OPEN;
}

/**
 * What is still open on a new document: an invoice's unpaid amount, a payment's
 * or credit note's unallocated amount, a refund's unfunded amount (funded at
 * once), an order's not-yet-invoiced total. Quotes and cash sales: nothing.
 */
function initialOpenAmount(type: DocumentType, status: DocumentStatus, total: DecValue): DecValue {
  switch (type) {
    case DocumentType.INVOICE:
    case DocumentType.PAYMENT:
    case DocumentType.CREDIT_NOTE:
    case DocumentType.REFUND:
      return total;
    case DocumentType.SALES_ORDER:
      return status === DocumentStatus.OPEN || status === DocumentStatus.PENDING ? total : ZERO;
    default:
      return ZERO;
  }
}

/**
 * The ledger effect of posting a document. Invoices and refunds debit, credit
 * notes and payments credit; a cash sale posts both its sale (debit) and its
 * payment (credit), so it nets to zero on the balance and is money in.
 */
function postingOf(doc: { id: string; type: DocumentType; status: DocumentStatus; accountId: string; date: string }, total: DecValue) {
  const entry = (amount: DecValue): NewLedgerEntry => ({ accountId: doc.accountId, documentId: doc.id, kind: 'POST', entryDate: doc.date, amount: str(amount) });
  const t = total;
  switch (doc.type) {
    case DocumentType.INVOICE:
    case DocumentType.REFUND:
      return { entries: [entry(t)], delta: { balance: str(t) } };
    case DocumentType.CREDIT_NOTE:
    case DocumentType.PAYMENT:
      return { entries: [entry(t.neg())], delta: { balance: str(t.neg()), unallocated: str(t) } };
    case DocumentType.CASH_SALE:
      return { entries: [entry(t), entry(t.neg())], delta: {} };
    case DocumentType.SALES_ORDER:
      return { entries: [], delta: doc.status === DocumentStatus.OPEN || doc.status === DocumentStatus.PENDING ? { openOrders: str(t) } : {} };
    default:
      return { entries: [], delta: {} };
  }
}

/**
 * Writes documents, allocations and their ledger effect inside a transaction
 * that the caller opened and that holds the account lock. Rules about who may
 * do what, and input checks, are the services'; this keeps the ledger, the
 * open amounts and the balance row in step. Also used by the demo data.
 */
export class Posting {
  constructor(
    private readonly docs: DocumentRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  /** The first thing every write on an account does: the account lock, then its balance row. */
  async lockAccount(m: EntityManager, accountId: string, currency: string): Promise<void> {
    await this.ledger.lockAccount(m, accountId);
    await this.ledger.ensureBalanceRow(m, accountId, currency);
  }

  async create(m: EntityManager, d: NewDocument): Promise<Document> {
    const ref = await this.docs.nextRef(m, d.type);
    const open = initialOpenAmount(d.type, d.status, d.total);
    const id = d.id ?? randomUUID();
    const doc = await this.docs.insert(
      m,
      {
        id,
        ref,
        type: d.type,
        status: d.status,
        accountId: d.accountId,
        currency: d.currency,
        date: d.date,
        dueDate: d.dueDate ?? null,
        sourceId: d.sourceId ?? null,
        total: str(d.total),
        openAmount: str(open),
        createdBy: d.createdBy,
      },
      (d.lines ?? []).map((l) => ({ description: l.description, quantity: str(l.quantity), unitPrice: str(l.unitPrice), amount: str(l.amount) })),
    );
    if (d.copyLinesFrom) await this.docs.copyLines(m, d.copyLinesFrom, id);
    const { entries, delta } = postingOf({ id, type: d.type, status: d.status, accountId: d.accountId, date: d.date }, d.total);
    await this.ledger.insertEntries(m, entries);
    await this.ledger.applyBalance(m, d.accountId, { ...delta, documentCount: 1 });
    return doc;
  }

  /**
   * Moves money from payments or credit notes to invoices or refunds. The
   * documents must be locked by the caller; amounts are checked there too
   * (the database refuses a negative open amount regardless).
   */
  async allocate(m: EntityManager, accountId: string, plans: AllocationPlan[]): Promise<NewAllocation[]> {
    if (plans.length === 0) return [];
    const open = new Map<string, { doc: Document; open: DecValue }>();
    const track = (doc: Document) => open.get(doc.id) ?? open.set(doc.id, { doc, open: new Dec(doc.openAmount) }).get(doc.id)!;
    let moved = ZERO;
    const rows: NewAllocation[] = plans.map((p) => {
      const from = track(p.from);
      const to = track(p.to);
      from.open = from.open.minus(p.amount);
      to.open = to.open.minus(p.amount);
      if (from.open.isNeg() || to.open.isNeg()) throw new Error(`allocation of ${p.amount} exceeds an open amount`);
      moved = moved.plus(p.amount);
      return { id: randomUUID(), accountId, fromId: p.from.id, toId: p.to.id, amount: str(p.amount), date: p.date };
    });
    await this.docs.insertAllocations(m, rows);
    const states: DocumentState[] = [...open.values()].map(({ doc, open: o }) => ({
      id: doc.id,
      status: statusForOpenAmount(doc.type, o, new Dec(doc.total)),
      openAmount: str(o),
    }));
    await this.docs.updateStates(m, states);
    await this.ledger.applyBalance(m, accountId, { unallocated: str(moved.neg()) });
    return rows;
  }

  /** A status change with its effect on open orders (quotes and orders have no ledger effect). */
  async transition(m: EntityManager, doc: Document, status: DocumentStatus, openAmount: DecValue, delta: BalanceDelta = {}): Promise<void> {
    await this.docs.updateStates(m, [{ id: doc.id, status, openAmount: str(openAmount) }]);
    if (Object.keys(delta).length) await this.ledger.applyBalance(m, doc.accountId, delta);
  }

  /**
   * Voids a document without allocations: its ledger entries are reversed by
   * new entries dated today (the ledger is never changed), its open amount
   * leaves the balance row. Voiding an order's invoice makes the order OPEN
   * again (pass it, locked, as `sourceOrder`).
   */
  async void(m: EntityManager, doc: Document, sourceOrder: Document | null): Promise<void> {
    const on = today();
    const posted = await this.ledger.postedEntries(m, doc.id);
    const reversal = posted.map<NewLedgerEntry>((e) => ({
      accountId: doc.accountId,
      documentId: doc.id,
      kind: 'VOID',
      entryDate: on,
      amount: str(new Dec(e.amount).neg()),
    }));
    let balance = ZERO;
    for (const e of reversal) balance = balance.plus(e.amount);
    let openOrders = ZERO;
    let unallocated = ZERO;
    if (CREDIT_TYPES.includes(doc.type)) unallocated = new Dec(doc.openAmount).neg();
    if (doc.type === DocumentType.SALES_ORDER) openOrders = openOrders.minus(doc.openAmount);
    const states: DocumentState[] = [{ id: doc.id, status: DocumentStatus.VOID, openAmount: '0', voidedOn: on }];
    if (sourceOrder && sourceOrder.status === DocumentStatus.FULFILLED) {
      states.push({ id: sourceOrder.id, status: DocumentStatus.OPEN, openAmount: sourceOrder.total });
      openOrders = openOrders.plus(sourceOrder.total);
    }
    await this.ledger.insertEntries(m, reversal);
    await this.docs.updateStates(m, states);
    await this.ledger.applyBalance(m, doc.accountId, { balance: str(balance), unallocated: str(unallocated), openOrders: str(openOrders) });
  }
}

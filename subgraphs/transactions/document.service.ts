import type { DataSource, EntityManager } from 'typeorm';
import {
  creditHold,
  conflict,
  Dec,
  invalidTransition,
  notFound,
  requireRight,
  uuid,
  badInput,
  type AccountFacts,
  type DecValue,
} from '../common';
import { accountForCommand, assertNotPortal, assertTakesNewSales } from './account-access';
import { stillStands, type CreditDecision, type CreditDocumentType, type CreditFigures, type CreditGate } from './credit-gate';
import { today } from './dates';
import type { Document } from './document.entity';
import { DocumentStatus, DocumentType, nextStatuses } from './document.enums';
import type { DocumentRepository } from './document.repository';
import {
  checkLines,
  DEFAULT_PAYMENT_TERM_DAYS,
  documentDate,
  dueDate as checkDueDate,
  optionalId,
  priceLines,
} from './document.validation';
import type { DocumentInput } from './dto/document.input';
import type { TransactionsContext } from './index';
import { statusForOpenAmount, type NewDocument, type Posting } from './posting';
import type { ReceivablesRepository } from './receivables.repository';

/** Attempts of a credit-checked command before it gives up with CONFLICT (concurrent writes on one account). */
export const CREDIT_ATTEMPTS = 12;

const ZERO = new Dec(0);
/** Types a BLOCKED or INACTIVE account takes no new ones of. */
const SALES_TYPES = new Set([DocumentType.QUOTE, DocumentType.SALES_ORDER, DocumentType.CASH_SALE, DocumentType.INVOICE]);
const LABEL: Record<DocumentType, string> = {
  QUOTE: 'Quote',
  SALES_ORDER: 'Sales order',
  CASH_SALE: 'Cash sale',
  INVOICE: 'Invoice',
  CREDIT_NOTE: 'Credit note',
  PAYMENT: 'Payment',
  REFUND: 'Refund',
};
const NOUN: Record<DocumentType, string> = {
  QUOTE: 'quotes',
  SALES_ORDER: 'sales orders',
  CASH_SALE: 'cash sales',
  INVOICE: 'invoices',
  CREDIT_NOTE: 'credit notes',
  PAYMENT: 'payments',
  REFUND: 'refunds',
};

/** Signals that the figures left the decision's window between asking and the lock: roll back and ask again. */
class FiguresMoved extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Status of a new document; credit control may still make an order PENDING. */
function initialStatus(type: DocumentType, total: DecValue): DocumentStatus {
  switch (type) {
    case DocumentType.QUOTE:
      return DocumentStatus.SENT;
    case DocumentType.CASH_SALE:
      return DocumentStatus.PAID;
    case DocumentType.INVOICE:
    case DocumentType.CREDIT_NOTE:
      return statusForOpenAmount(type, total, total);
    default:
      return DocumentStatus.OPEN;
  }
}

function refuseTransition(doc: Document, target: DocumentStatus, why?: string): never {
  throw invalidTransition(
    why ?? `${doc.ref} is ${doc.status} and cannot become ${target}`,
    nextStatuses(doc.type, doc.status),
  );
}

/**
 * Quotes, sales orders, cash sales, invoices and credit notes, their status
 * flow, and voiding. Remote facts (the account, the credit decision) are
 * gathered before a transaction opens; every write on an account runs under
 * that account's lock (Posting.lockAccount).
 */
export class DocumentService {
  constructor(
    private readonly ds: DataSource,
    private readonly docs: DocumentRepository,
    private readonly receivables: ReceivablesRepository,
    private readonly posting: Posting,
    private readonly creditGate: CreditGate,
  ) {}

  /** A quote is created SENT (offered to the customer), who may accept or reject it. */
  createQuote(ctx: TransactionsContext, input: DocumentInput): Promise<Document> {
    return this.createPlain(ctx, input, DocumentType.QUOTE);
  }

  createInvoice(ctx: TransactionsContext, input: DocumentInput): Promise<Document> {
    return this.createPlain(ctx, input, DocumentType.INVOICE);
  }

  createCreditNote(ctx: TransactionsContext, input: DocumentInput): Promise<Document> {
    return this.createPlain(ctx, input, DocumentType.CREDIT_NOTE);
  }

  /** OPEN, or PENDING, or refused with CREDIT_HOLD, as credit control decides. */
  async createSalesOrder(ctx: TransactionsContext, input: DocumentInput): Promise<Document> {
    const draft = await this.prepare(ctx, input, DocumentType.SALES_ORDER);
    return this.withCreditDecision(ctx, draft, 'SALES_ORDER', draft.total, null, (m, decision) => {
      if (decision.outcome === 'REFUSE') throw creditHold('Credit control refuses the sales order', decision.reasons);
      const status = decision.outcome === 'PENDING' ? DocumentStatus.PENDING : DocumentStatus.OPEN;
      return this.posting.create(m, { ...draft, status });
    });
  }

  /** Sold and paid at once: posts the sale and its payment (nets to zero), counts as money in. */
  async createCashSale(ctx: TransactionsContext, input: DocumentInput): Promise<Document> {
    const draft = await this.prepare(ctx, input, DocumentType.CASH_SALE);
    return this.withCreditDecision(ctx, draft, 'CASH_SALE', draft.total, null, (m, decision) => {
      if (decision.outcome !== 'ALLOW') throw creditHold('Credit control refuses the cash sale', decision.reasons);
      return this.posting.create(m, draft);
    });
  }

  /** Accepts a quote and creates its sales order (returned; its `source` is the quote), through credit control. */
  async acceptQuote(ctx: TransactionsContext, id: string): Promise<Document> {
    requireRight(ctx.identity, 'document:create');
    const quote = await this.documentFor(ctx, id, DocumentType.QUOTE);
    const account = await accountForCommand(ctx, quote.accountId, 'id');
    assertTakesNewSales(account, NOUN.SALES_ORDER);
    if (!nextStatuses(quote.type, quote.status).includes(DocumentStatus.ACCEPTED)) refuseTransition(quote, DocumentStatus.ACCEPTED);
    const total = new Dec(quote.total);
    const draft: NewDocument = {
      type: DocumentType.SALES_ORDER,
      status: DocumentStatus.OPEN,
      accountId: quote.accountId,
      currency: quote.currency,
      date: today(),
      sourceId: quote.id,
      copyLinesFrom: quote.id,
      total,
      createdBy: ctx.identity.userId,
    };
    return this.withCreditDecision(ctx, draft, 'SALES_ORDER', total, null, async (m, decision) => {
      const [locked] = await this.docs.lockByIds(m, [quote.id]);
      if (!nextStatuses(locked.type, locked.status).includes(DocumentStatus.ACCEPTED)) refuseTransition(locked, DocumentStatus.ACCEPTED);
      if (decision.outcome === 'REFUSE') throw creditHold('Credit control refuses the sales order', decision.reasons);
      const status = decision.outcome === 'PENDING' ? DocumentStatus.PENDING : DocumentStatus.OPEN;
      const order = await this.posting.create(m, { ...draft, status });
      await this.posting.transition(m, locked, DocumentStatus.ACCEPTED, ZERO);
      return order;
    });
  }

  async rejectQuote(ctx: TransactionsContext, id: string): Promise<Document> {
    requireRight(ctx.identity, 'document:create');
    const quote = await this.documentFor(ctx, id, DocumentType.QUOTE);
    const account = await accountForCommand(ctx, quote.accountId, 'id');
    await this.ds.transaction(async (m) => {
      await this.posting.lockAccount(m, account.id, account.currency);
      const [locked] = await this.docs.lockByIds(m, [quote.id]);
      if (!nextStatuses(locked.type, locked.status).includes(DocumentStatus.REJECTED)) refuseTransition(locked, DocumentStatus.REJECTED);
      await this.posting.transition(m, locked, DocumentStatus.REJECTED, ZERO);
    });
    return this.reload(quote.id);
  }

  /** PENDING -> OPEN once credit control allows the order. */
  async releaseSalesOrder(ctx: TransactionsContext, id: string): Promise<Document> {
    requireRight(ctx.identity, 'document:create');
    assertNotPortal(ctx.identity, 'release sales orders');
    const order = await this.documentFor(ctx, id, DocumentType.SALES_ORDER);
    const account = await accountForCommand(ctx, order.accountId, 'id');
    assertTakesNewSales(account, NOUN.SALES_ORDER);
    if (order.status !== DocumentStatus.PENDING) refuseTransition(order, DocumentStatus.OPEN);
    const total = new Dec(order.total);
    const draft = { accountId: order.accountId, currency: order.currency };
    // The order is in openOrders already: the question is asked without it.
    await this.withCreditDecision(ctx, draft, 'SALES_ORDER', total, total, async (m, decision) => {
      const [locked] = await this.docs.lockByIds(m, [order.id]);
      if (locked.status !== DocumentStatus.PENDING) refuseTransition(locked, DocumentStatus.OPEN);
      if (decision.outcome !== 'ALLOW') throw creditHold(`${order.ref} stays PENDING: credit control does not allow it yet`, decision.reasons);
      await this.posting.transition(m, locked, DocumentStatus.OPEN, total);
    });
    return this.reload(order.id);
  }

  /** Creates the order's invoice (returned; its `source` is the order) and marks the order FULFILLED. */
  async invoiceSalesOrder(ctx: TransactionsContext, id: string, dueDateInput: string | null | undefined): Promise<Document> {
    requireRight(ctx.identity, 'document:create');
    assertNotPortal(ctx.identity, 'invoice sales orders');
    const order = await this.documentFor(ctx, id, DocumentType.SALES_ORDER);
    const date = today();
    const due = checkDueDate(date, dueDateInput, DEFAULT_PAYMENT_TERM_DAYS);
    const account = await accountForCommand(ctx, order.accountId, 'id');
    assertTakesNewSales(account, NOUN.INVOICE);
    if (order.status !== DocumentStatus.OPEN) refuseTransition(order, DocumentStatus.FULFILLED);
    return this.ds.transaction(async (m) => {
      await this.posting.lockAccount(m, account.id, account.currency);
      const [locked] = await this.docs.lockByIds(m, [order.id]);
      if (locked.status !== DocumentStatus.OPEN) refuseTransition(locked, DocumentStatus.FULFILLED);
      const total = new Dec(locked.total);
      await this.posting.transition(m, locked, DocumentStatus.FULFILLED, ZERO, { openOrders: total.neg().toFixed() });
      return this.posting.create(m, {
        type: DocumentType.INVOICE,
        status: statusForOpenAmount(DocumentType.INVOICE, total, total),
        accountId: locked.accountId,
        currency: locked.currency,
        date,
        dueDate: due,
        sourceId: locked.id,
        copyLinesFrom: locked.id,
        total,
        createdBy: ctx.identity.userId,
      });
    });
  }

  /**
   * Voids a document that has no allocations: its ledger entries are reversed
   * (new entries dated today), an order leaves the open orders, a voided
   * order's invoice reopens the order.
   */
  async voidDocument(ctx: TransactionsContext, id: string): Promise<Document> {
    requireRight(ctx.identity, 'document:void');
    const doc = await this.documentFor(ctx, id, null);
    const account = await accountForCommand(ctx, doc.accountId, 'id');
    await this.ds.transaction(async (m) => {
      await this.posting.lockAccount(m, account.id, account.currency);
      const locked = await this.docs.lockByIds(m, doc.sourceId ? [doc.id, doc.sourceId] : [doc.id]);
      const target = locked.find((d) => d.id === doc.id)!;
      const source = locked.find((d) => d.id === doc.sourceId) ?? null;
      if (target.status === DocumentStatus.VOID) refuseTransition(target, DocumentStatus.VOID, `${target.ref} is already VOID`);
      if (await this.docs.hasAllocations(m, target.id)) {
        throw conflict(`${target.ref} has allocations and cannot be voided`, { field: 'id' });
      }
      if (target.type === DocumentType.QUOTE && target.status === DocumentStatus.ACCEPTED) {
        refuseTransition(target, DocumentStatus.VOID, `${target.ref} is ACCEPTED: void its sales order instead`);
      }
      if (target.type === DocumentType.SALES_ORDER && target.status === DocumentStatus.FULFILLED) {
        refuseTransition(target, DocumentStatus.VOID, `${target.ref} is FULFILLED: void its invoice first`);
      }
      const reopen = target.type === DocumentType.INVOICE && source?.type === DocumentType.SALES_ORDER ? source : null;
      await this.posting.void(m, target, reopen);
    });
    return this.reload(doc.id);
  }

  /** Checks and prices a new document; the account is asked (HTTP) here, before any transaction. */
  private async prepare(ctx: TransactionsContext, input: DocumentInput, type: DocumentType): Promise<NewDocument & { total: DecValue }> {
    requireRight(ctx.identity, 'document:create');
    if (type !== DocumentType.SALES_ORDER) assertNotPortal(ctx.identity, `create ${NOUN[type]}`);
    const accountId = uuid('accountId', input.accountId);
    const shapes = checkLines(input.lines);
    const date = documentDate('date', input.date);
    const due = checkDueDate(date, input.dueDate, type === DocumentType.INVOICE ? DEFAULT_PAYMENT_TERM_DAYS : null);
    const sourceId = optionalId('sourceId', input.sourceId);
    const account = await accountForCommand(ctx, accountId, 'accountId');
    if (SALES_TYPES.has(type)) assertTakesNewSales(account, NOUN[type]);
    const { lines, total } = priceLines(shapes, account.currency);
    if (sourceId) await this.checkSource(sourceId, account);
    return { type, status: initialStatus(type, total), accountId, currency: account.currency, date, dueDate: due, sourceId, lines, total, createdBy: ctx.identity.userId };
  }

  private async checkSource(sourceId: string, account: AccountFacts): Promise<void> {
    const [source] = await this.docs.findByIds([sourceId]);
    if (!source || source.accountId !== account.id) throw notFound('Document', sourceId, 'sourceId');
    if (source.status === DocumentStatus.VOID) throw badInput('sourceId', `${source.ref} is VOID`);
  }

  private async createPlain(ctx: TransactionsContext, input: DocumentInput, type: DocumentType): Promise<Document> {
    const draft = await this.prepare(ctx, input, type);
    return this.ds.transaction(async (m) => {
      await this.posting.lockAccount(m, draft.accountId, draft.currency);
      return this.posting.create(m, draft);
    });
  }

  /**
   * The credit-control pattern (DESIGN.md; README "Credit decisions"): (1)
   * outside any transaction, read the account's figures and ask the gate; (2)
   * in a transaction, under the account lock, read them again; if they left
   * the decision's window (credit control says which figures it stands on),
   * roll back and start over (bounded, with jitter), else apply the decision.
   * So concurrent orders can never together pass a limit: every decision
   * stands on the figures that hold under the lock. `exclude` is an amount
   * already in openOrders that the question must not count (releasing a PENDING order).
   */
  private async withCreditDecision<T>(
    ctx: TransactionsContext,
    draft: { accountId: string; currency: string },
    documentType: CreditDocumentType,
    amount: DecValue,
    exclude: DecValue | null,
    apply: (m: EntityManager, decision: CreditDecision) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.figures(draft.accountId, exclude);
      const decision = await this.creditGate.decide(ctx, {
        accountId: draft.accountId,
        documentType,
        amount: amount.toFixed(),
        currency: draft.currency,
        figures: before,
      });
      try {
        return await this.ds.transaction(async (m) => {
          await this.posting.lockAccount(m, draft.accountId, draft.currency);
          if (!stillStands(decision, before, await this.figures(draft.accountId, exclude, m))) throw new FiguresMoved();
          return apply(m, decision);
        });
      } catch (err) {
        if (!(err instanceof FiguresMoved)) throw err;
        if (attempt >= CREDIT_ATTEMPTS) throw conflict('The account is busy with other documents; retry', { retryable: true });
        await sleep(Math.random() * 20 * Math.min(attempt, 5));
      }
    }
  }

  private async figures(accountId: string, exclude: DecValue | null, m?: EntityManager): Promise<CreditFigures> {
    const [row] = await this.receivables.figures([accountId], today(), m);
    const openOrders = new Dec(row?.openOrders ?? 0).minus(exclude ?? 0);
    return { balance: new Dec(row?.balance ?? 0).toFixed(), openOrders: openOrders.toFixed(), overdue: new Dec(row?.overdue ?? 0).toFixed() };
  }

  /** A document by id for a command: NOT_FOUND (field `id`) when unknown, of another type, or not the portal user's. */
  private async documentFor(ctx: TransactionsContext, id: string, type: DocumentType | null): Promise<Document> {
    const docId = uuid('id', id);
    const [doc] = await this.docs.findByIds([docId]);
    if (!doc || (type && doc.type !== type)) throw notFound(type ? LABEL[type] : 'Document', id, 'id');
    if (ctx.identity.isPortal && doc.accountId !== ctx.identity.accountId) throw notFound('Document', id, 'id');
    return doc;
  }

  private async reload(id: string): Promise<Document> {
    const [doc] = await this.docs.findByIds([id]);
    return doc;
  }
}

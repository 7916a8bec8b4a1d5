import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, Dec, money, notFound, requireRight, uuid, type AccountFacts, type DecValue } from '../common';
import { accountForCommand, assertNotPortal } from './account-access';
import { maxDate, today } from './dates';
import type { Allocation, Document } from './document.entity';
import { CREDIT_TYPES, DocumentStatus, DocumentType } from './document.enums';
import type { DocumentRepository } from './document.repository';
import { documentDate, idempotencyKey, moneyAmount, positiveAmount } from './document.validation';
import type { PaymentInput } from './dto/payment.input';
import type { IdempotencyRepository, IdempotencyRow } from './idempotency.repository';
import type { TransactionsContext } from './index';
import type { AllocationPlan, Posting } from './posting';

type Operation = 'recordPayment' | 'refund';

interface CheckedPayment {
  accountId: string;
  key: string;
  hash: string;
  date: string;
  allocations: { documentId: string; raw: string }[];
}

/** Another transaction claimed the idempotency key first: answer with its result. */
class KeyTaken extends Error {}

const ZERO = new Dec(0);

/**
 * Payments, refunds and allocations. recordPayment and refund are idempotent
 * on `idempotencyKey`: the key is claimed (unique index) in the same
 * transaction that writes the document, so of concurrent retries the first
 * wins and the others return its document; the key with other parameters is a CONFLICT.
 * Keys are kept with their document (never purged: "at least 24 hours").
 */
export class PaymentService {
  constructor(
    private readonly ds: DataSource,
    private readonly docs: DocumentRepository,
    private readonly keys: IdempotencyRepository,
    private readonly posting: Posting,
  ) {}

  /**
   * A payment, allocated as listed, or (autoAllocate, without a list) to the
   * oldest due invoices first; the rest stays unallocated.
   */
  async recordPayment(ctx: TransactionsContext, input: PaymentInput): Promise<Document> {
    requireRight(ctx.identity, 'payment:record');
    const p = this.check('recordPayment', input);
    // The account first, a replay after: a retry answers only a caller who may still act on the account.
    const account = await accountForCommand(ctx, p.accountId, 'accountId');
    const replay = await this.replay(p, 'recordPayment');
    if (replay) return replay;
    const amount = moneyAmount('amount', input.amount, account.currency);
    const wanted = this.allocationAmounts(p, account.currency, amount, 'more than the payment');
    return this.claimAndWrite(p, 'recordPayment', account, async (m, id) => {
      const payment = await this.posting.create(m, {
        id,
        type: DocumentType.PAYMENT,
        status: DocumentStatus.OPEN,
        accountId: account.id,
        currency: account.currency,
        date: p.date,
        total: amount,
        createdBy: ctx.identity.userId,
      });
      let plans: AllocationPlan[];
      if (wanted.length) {
        const invoices = await this.lockTargets(m, account, wanted, (d) => d.type === DocumentType.INVOICE, 'an invoice');
        plans = wanted.map((w, i) => ({ from: payment, to: invoices[i], amount: w.amount, date: maxDate(p.date, invoices[i].date) }));
      } else if (input.autoAllocate) {
        plans = spread(payment, 'from', amount, await this.docs.lockOpenInvoices(m, account.id), p.date);
      } else {
        plans = [];
      }
      await this.posting.allocate(m, account.id, plans);
      return payment;
    });
  }

  /**
   * Pays unallocated money back: the refund is funded from the listed payments
   * and credit notes (the amounts must add up to it), or from the oldest
   * unallocated ones first.
   */
  async refund(ctx: TransactionsContext, input: PaymentInput): Promise<Document> {
    requireRight(ctx.identity, 'payment:record');
    assertNotPortal(ctx.identity, 'record refunds');
    const p = this.check('refund', input);
    const account = await accountForCommand(ctx, p.accountId, 'accountId');
    const replay = await this.replay(p, 'refund');
    if (replay) return replay;
    const amount = moneyAmount('amount', input.amount, account.currency);
    const wanted = this.allocationAmounts(p, account.currency, amount, 'more than the refund');
    if (wanted.length) {
      const sum = wanted.reduce((s, w) => s.plus(w.amount), ZERO);
      if (!sum.eq(amount)) throw badInput('allocations', `The allocations add up to ${sum.toFixed()}, the refund is ${amount.toFixed()}`);
    } else if (!input.autoAllocate) {
      throw badInput('allocations', 'Say which payments or credit notes the refund pays back, or set autoAllocate');
    }
    return this.claimAndWrite(p, 'refund', account, async (m, id) => {
      let credits: Document[];
      if (wanted.length) {
        credits = await this.lockTargets(m, account, wanted, (d) => CREDIT_TYPES.includes(d.type), 'a payment or credit note');
      } else {
        credits = await this.docs.lockOpenCredits(m, account.id);
        const available = credits.reduce((s, d) => s.plus(d.openAmount), ZERO);
        if (available.lt(amount)) throw badInput('amount', `The account has ${money(available, account.currency).amount} unallocated; the refund is more`);
      }
      const refund = await this.posting.create(m, {
        id,
        type: DocumentType.REFUND,
        status: DocumentStatus.PAID,
        accountId: account.id,
        currency: account.currency,
        date: p.date,
        total: amount,
        createdBy: ctx.identity.userId,
      });
      const plans = wanted.length
        ? wanted.map((w, i) => ({ from: credits[i], to: refund, amount: w.amount, date: maxDate(p.date, credits[i].date) }))
        : spread(refund, 'to', amount, credits, p.date);
      await this.posting.allocate(m, account.id, plans);
      return refund;
    });
  }

  /** A payment or credit note to an invoice; never more than either's open amount. */
  async allocate(ctx: TransactionsContext, fromId: string, toId: string, rawAmount: string): Promise<Allocation> {
    requireRight(ctx.identity, 'payment:record');
    assertNotPortal(ctx.identity, 'allocate payments');
    const fromKey = uuid('fromId', fromId);
    const toKey = uuid('toId', toId);
    positiveAmount('amount', rawAmount);
    const found = await this.docs.findByIds([fromKey, toKey]);
    const from = found.find((d) => d.id === fromKey);
    const to = found.find((d) => d.id === toKey);
    if (!from) throw notFound('Document', fromId, 'fromId');
    if (!to) throw notFound('Document', toId, 'toId');
    if (!CREDIT_TYPES.includes(from.type)) throw badInput('fromId', `${from.ref} is not a payment or credit note`);
    if (to.type !== DocumentType.INVOICE) throw badInput('toId', `${to.ref} is not an invoice`);
    if (to.accountId !== from.accountId) throw badInput('toId', `${to.ref} belongs to another account than ${from.ref}`);
    const account = await accountForCommand(ctx, from.accountId, 'fromId');
    const amount = moneyAmount('amount', rawAmount, account.currency);
    const row = await this.ds.transaction(async (m) => {
      await this.posting.lockAccount(m, account.id, account.currency);
      const locked = await this.docs.lockByIds(m, [from.id, to.id]);
      const lockedFrom = locked.find((d) => d.id === from.id)!;
      const lockedTo = locked.find((d) => d.id === to.id)!;
      assertOpenFor(lockedFrom, amount, 'amount');
      assertOpenFor(lockedTo, amount, 'amount');
      const [made] = await this.posting.allocate(m, account.id, [
        { from: lockedFrom, to: lockedTo, amount, date: maxDate(today(), lockedFrom.date, lockedTo.date) },
      ]);
      return made;
    });
    return { id: row.id, fromId: row.fromId, toId: row.toId, amount: money(row.amount, account.currency), date: row.date };
  }

  /** Shape checks that need no account; the request hash for idempotency. */
  private check(operation: Operation, input: PaymentInput): CheckedPayment {
    const accountId = uuid('accountId', input.accountId);
    const key = idempotencyKey(input.idempotencyKey);
    const amount = positiveAmount('amount', input.amount);
    const date = documentDate('date', input.date);
    const seen = new Set<string>();
    const allocations = (input.allocations ?? []).map((a, i) => {
      const documentId = uuid(`allocations.${i}.documentId`, a.documentId);
      if (seen.has(documentId)) throw badInput(`allocations.${i}.documentId`, 'The document is listed twice');
      seen.add(documentId);
      return { documentId, raw: positiveAmount(`allocations.${i}.amount`, a.amount).toFixed() };
    });
    const hash = createHash('sha256')
      .update(
        JSON.stringify({
          operation,
          accountId,
          amount: amount.toFixed(),
          date: input.date ?? null,
          allocations: allocations.map((a) => [a.documentId, a.raw]),
          autoAllocate: allocations.length ? null : Boolean(input.autoAllocate),
        }),
      )
      .digest('hex');
    return { accountId, key, hash, date, allocations };
  }

  private allocationAmounts(p: CheckedPayment, currency: string, total: DecValue, tooMuch: string): { documentId: string; amount: DecValue }[] {
    const wanted = p.allocations.map((a, i) => ({ documentId: a.documentId, amount: moneyAmount(`allocations.${i}.amount`, a.raw, currency) }));
    const sum = wanted.reduce((s, w) => s.plus(w.amount), ZERO);
    if (sum.gt(total)) throw badInput('allocations', `The allocations add up to ${sum.toFixed()}, ${tooMuch}`);
    return wanted;
  }

  /** The first result for a key seen before, or CONFLICT when it came with other parameters. */
  private async replay(p: CheckedPayment, operation: Operation): Promise<Document | null> {
    const seen = await this.keys.find(p.key);
    return seen ? this.answerFor(seen, p, operation) : null;
  }

  private async answerFor(seen: IdempotencyRow, p: CheckedPayment, operation: Operation): Promise<Document> {
    if (seen.operation !== operation || seen.requestHash !== p.hash) {
      throw conflict('This idempotencyKey was used for a different request', { field: 'idempotencyKey' });
    }
    const [doc] = await this.docs.findByIds([seen.documentId]);
    return doc;
  }

  /**
   * One transaction: the account lock, then the key claim, then the writes. A
   * key claimed by another transaction meanwhile rolls this one back and
   * answers with that one's document.
   */
  private async claimAndWrite(
    p: CheckedPayment,
    operation: Operation,
    account: AccountFacts,
    write: (m: EntityManager, id: string) => Promise<Document>,
  ): Promise<Document> {
    const id = randomUUID();
    try {
      await this.ds.transaction(async (m) => {
        await this.posting.lockAccount(m, account.id, account.currency);
        if (!(await this.keys.claim(m, { key: p.key, operation, requestHash: p.hash, documentId: id }))) throw new KeyTaken();
        await write(m, id);
      });
      // As committed, with its allocations applied.
      const [doc] = await this.docs.findByIds([id]);
      return doc;
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
      const seen = await this.keys.find(p.key);
      if (!seen) throw conflict('A concurrent request with this idempotencyKey failed; retry', { field: 'idempotencyKey' });
      return this.answerFor(seen, p, operation);
    }
  }

  /**
   * Locks the listed documents (in input order): each must be of the account,
   * of the right type, not void, with an open amount that covers its allocation.
   */
  private async lockTargets(
    m: EntityManager,
    account: AccountFacts,
    wanted: { documentId: string; amount: DecValue }[],
    fits: (d: Document) => boolean,
    what: string,
  ): Promise<Document[]> {
    const locked = await this.docs.lockByIds(
      m,
      wanted.map((w) => w.documentId),
    );
    return wanted.map((w, i) => {
      const doc = locked.find((d) => d.id === w.documentId);
      if (!doc || doc.accountId !== account.id) throw notFound('Document', w.documentId, `allocations.${i}.documentId`);
      if (!fits(doc)) throw badInput(`allocations.${i}.documentId`, `${doc.ref} is not ${what}`);
      assertOpenFor(doc, w.amount, `allocations.${i}.amount`);
      return doc;
    });
  }
}

function assertOpenFor(doc: Document, amount: DecValue, field: string): void {
  if (doc.status === DocumentStatus.VOID) throw badInput(field, `${doc.ref} is VOID`);
  if (amount.gt(doc.openAmount)) throw badInput(field, `${amount.toFixed()} is more than the open amount of ${doc.ref} (${new Dec(doc.openAmount).toFixed()})`);
}

/** Spreads `amount` over `others` in their order; the new document is the `from` (a payment) or the `to` (a refund). */
function spread(doc: Document, role: 'from' | 'to', amount: DecValue, others: Document[], date: string): AllocationPlan[] {
  const plans: AllocationPlan[] = [];
  let left = amount;
  for (const other of others) {
    if (left.isZero()) break;
    const take = Dec.min(left, other.openAmount);
    if (take.isZero()) continue;
    plans.push(role === 'from' ? { from: doc, to: other, amount: take, date: maxDate(date, other.date) } : { from: other, to: doc, amount: take, date: maxDate(date, other.date) });
    left = left.minus(take);
  }
  return plans;
}

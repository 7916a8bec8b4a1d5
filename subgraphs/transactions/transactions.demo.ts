import type { DataSource, EntityManager } from 'typeorm';
import { Dec, type DemoAccount, type DemoData } from '../common';
import { addDays, today } from './dates';
import type { Document } from './document.entity';
import { DocumentStatus, DocumentType } from './document.enums';
import { DocumentRepository } from './document.repository';
import { priceLines } from './document.validation';
import { LedgerRepository } from './ledger.repository';
import { Posting } from './posting';

/** Prices are written in EUR-like magnitudes; currencies with smaller units get larger numbers. */
const SCALE: Record<string, number> = { SEK: 10, NOK: 10, DKK: 7, JPY: 150 };

type Line = [description: string, quantity: string, unitPrice: string];

/**
 * The one demo account with invoices past due (Dupont: blocked after three
 * reminders, a payment plan in its requests). The others paid theirs: their
 * open invoices are not yet due.
 */
const PAST_DUE_CODE = '1005';

/**
 * Each demo account gets a history: quotes (one sent, one accepted into an
 * order), open orders, an invoiced order, invoices old and current,
 * payments (allocated and partly unallocated), a credit note and a cash sale.
 * One account (PAST_DUE_CODE) left its old invoices unpaid: past due, over
 * 90 days. Written through Posting, so ledger, open amounts and balances agree.
 */
export async function seedTransactionsDemo(ds: DataSource, demo: DemoData): Promise<void> {
  const docs = new DocumentRepository(ds);
  const posting = new Posting(docs, new LedgerRepository());
  for (const [i, account] of demo.accounts.entries()) {
    await ds.transaction((m) => seedAccount(m, docs, posting, account, i));
  }
}

async function seedAccount(m: EntityManager, docs: DocumentRepository, posting: Posting, account: DemoAccount, index: number): Promise<void> {
  const now = today();
  const factor = new Dec(SCALE[account.currency] ?? 1).times(1 + index * 0.25);
  await posting.lockAccount(m, account.id, account.currency);

  const create = (type: DocumentType, status: DocumentStatus, daysAgo: number, lines: Line[], o: { dueIn?: number; sourceId?: string } = {}) => {
    const priced = priceLines(
      lines.map(([description, quantity, unitPrice]) => ({ description, quantity: new Dec(quantity), unitPrice: new Dec(unitPrice).times(factor).toDecimalPlaces(2) })),
      account.currency,
    );
    const date = addDays(now, -daysAgo);
    return posting.create(m, {
      type,
      status,
      accountId: account.id,
      currency: account.currency,
      date,
      dueDate: o.dueIn === undefined ? null : addDays(date, o.dueIn),
      sourceId: o.sourceId ?? null,
      lines: priced.lines,
      total: priced.total,
      createdBy: null,
    });
  };
  const pay = (type: DocumentType.PAYMENT | DocumentType.CREDIT_NOTE, daysAgo: number, amount: string, lines: Line[] = []) =>
    type === DocumentType.CREDIT_NOTE
      ? create(type, DocumentStatus.OPEN, daysAgo, lines)
      : posting.create(m, {
          type,
          status: DocumentStatus.OPEN,
          accountId: account.id,
          currency: account.currency,
          date: addDays(now, -daysAgo),
          total: new Dec(amount).times(factor).toDecimalPlaces(2),
          createdBy: null,
        });
  const settle = async (from: Document, to: Document, share: string) => {
    const locked = await docs.lockByIds(m, [from.id, to.id]);
    const f = locked.find((d) => d.id === from.id)!;
    const t = locked.find((d) => d.id === to.id)!;
    const amount = Dec.min(f.openAmount, t.openAmount).times(share).toDecimalPlaces(2);
    await posting.allocate(m, account.id, [{ from: f, to: t, amount, date: f.date > t.date ? f.date : t.date }]);
  };

  // Quotes: one waiting for an answer, one accepted into an order.
  await create(DocumentType.QUOTE, DocumentStatus.SENT, 5, [['Consultancy, hours', '8', '95.00'], ['Travel expenses', '1', '60.00']]);
  const accepted = await create(DocumentType.QUOTE, DocumentStatus.ACCEPTED, 25, [['Service contract, yearly', '1', '1800.00']]);
  await create(DocumentType.SALES_ORDER, DocumentStatus.OPEN, 24, [['Service contract, yearly', '1', '1800.00']], { sourceId: accepted.id });
  await create(DocumentType.SALES_ORDER, DocumentStatus.OPEN, 3, [['Installation kit', '2', '450.00'], ['Mounting brackets', '12', '7.50']]);

  // An order invoiced 40 days ago, due 10 days ago.
  const invoicedOrder = await create(DocumentType.SALES_ORDER, DocumentStatus.OPEN, 45, [['Replacement pump', '1', '640.00']]);
  await posting.transition(m, invoicedOrder, DocumentStatus.FULFILLED, new Dec(0), { openOrders: new Dec(invoicedOrder.total).neg().toFixed() });
  const orderInvoice = await create(DocumentType.INVOICE, DocumentStatus.OPEN, 40, [['Replacement pump', '1', '640.00']], { dueIn: 30, sourceId: invoicedOrder.id });

  // Invoices: from 130 and 100 days ago (due after 30 days), and one not yet due.
  const old = await create(DocumentType.INVOICE, DocumentStatus.OPEN, 130, [['Spare parts', '4', '75.00']], { dueIn: 30 });
  const annual = await create(DocumentType.INVOICE, DocumentStatus.OPEN, 100, [['Annual maintenance', '1', '1200.00']], { dueIn: 30 });
  await create(DocumentType.INVOICE, DocumentStatus.OPEN, 10, [['Filters', '3', '150.00']], { dueIn: 30 });

  if (account.code === PAST_DUE_CODE) {
    // Past due: part of the annual invoice paid, half of the order's invoice, the old one not at all.
    await settle(await pay(DocumentType.PAYMENT, 60, '500.00'), annual, '1');
    await settle(await pay(DocumentType.PAYMENT, 2, '700.00'), orderInvoice, '0.5');
  } else {
    // Paid up: every invoice that is due is settled; the last payment leaves some money unallocated.
    await settle(await pay(DocumentType.PAYMENT, 105, '300.00'), old, '1');
    await settle(await pay(DocumentType.PAYMENT, 72, '1200.00'), annual, '1');
    await settle(await pay(DocumentType.PAYMENT, 12, '700.00'), orderInvoice, '1');
  }

  // A credit note for returned goods, unallocated, and a cash sale.
  await pay(DocumentType.CREDIT_NOTE, 30, '0', [['Returned goods', '1', '75.00']]);
  await create(DocumentType.CASH_SALE, DocumentStatus.PAID, 7, [['Cleaning kit', '1', '49.95']]);
}

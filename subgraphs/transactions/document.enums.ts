import { registerEnumType } from 'type-graphql';

export enum DocumentType {
  QUOTE = 'QUOTE',
  SALES_ORDER = 'SALES_ORDER',
  CASH_SALE = 'CASH_SALE',
  INVOICE = 'INVOICE',
  CREDIT_NOTE = 'CREDIT_NOTE',
  PAYMENT = 'PAYMENT',
  REFUND = 'REFUND',
}

export enum DocumentStatus {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  PENDING = 'PENDING',
  OPEN = 'OPEN',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
  VOID = 'VOID',
}

export enum AgingGroup {
  ACCOUNT = 'ACCOUNT',
  CLASSIFICATION = 'CLASSIFICATION',
}

/** Salesorder's "Money In" and "Money Out" transactions. */
export enum MoneyFlow {
  IN = 'IN',
  OUT = 'OUT',
}

registerEnumType(DocumentType, { name: 'DocumentType' });
registerEnumType(DocumentStatus, { name: 'DocumentStatus' });
registerEnumType(AgingGroup, { name: 'AgingGroup' });
registerEnumType(MoneyFlow, { name: 'MoneyFlow', description: 'IN: payments and cash sales; OUT: refunds' });

/** `ref` prefixes: QU-000001, SO-000042, ... */
export const REF_PREFIX: Record<DocumentType, string> = {
  QUOTE: 'QU',
  SALES_ORDER: 'SO',
  CASH_SALE: 'CS',
  INVOICE: 'INV',
  CREDIT_NOTE: 'CN',
  PAYMENT: 'PAY',
  REFUND: 'RF',
};

export const MONEY_FLOW_TYPES: Record<MoneyFlow, DocumentType[]> = {
  IN: [DocumentType.PAYMENT, DocumentType.CASH_SALE],
  OUT: [DocumentType.REFUND],
};

/** Debit documents that payments and credit notes are allocated to. */
export const DEBIT_TYPES = [DocumentType.INVOICE, DocumentType.REFUND];
/** Credit documents whose open amount is the account's unallocated money. */
export const CREDIT_TYPES = [DocumentType.PAYMENT, DocumentType.CREDIT_NOTE];
/** Types that touch the receivables ledger (and appear on statements). */
export const LEDGER_TYPES = [DocumentType.INVOICE, DocumentType.CREDIT_NOTE, DocumentType.PAYMENT, DocumentType.REFUND, DocumentType.CASH_SALE];

/**
 * Where each status may go next (for INVALID_TRANSITION's `allowed`). Invoices,
 * payments and credit notes move between OPEN, PARTIALLY_PAID and PAID by allocation.
 */
export const NEXT_STATUSES: Record<DocumentType, Partial<Record<DocumentStatus, DocumentStatus[]>>> = {
  QUOTE: {
    DRAFT: [DocumentStatus.ACCEPTED, DocumentStatus.REJECTED, DocumentStatus.VOID],
    SENT: [DocumentStatus.ACCEPTED, DocumentStatus.REJECTED, DocumentStatus.VOID],
    REJECTED: [DocumentStatus.VOID],
  },
  SALES_ORDER: {
    PENDING: [DocumentStatus.OPEN, DocumentStatus.VOID],
    OPEN: [DocumentStatus.FULFILLED, DocumentStatus.VOID],
  },
  CASH_SALE: { PAID: [DocumentStatus.VOID] },
  INVOICE: {
    OPEN: [DocumentStatus.PARTIALLY_PAID, DocumentStatus.PAID, DocumentStatus.VOID],
    PARTIALLY_PAID: [DocumentStatus.OPEN, DocumentStatus.PAID],
    PAID: [DocumentStatus.OPEN, DocumentStatus.PARTIALLY_PAID],
  },
  CREDIT_NOTE: { OPEN: [DocumentStatus.PAID, DocumentStatus.VOID], PAID: [DocumentStatus.OPEN] },
  PAYMENT: { OPEN: [DocumentStatus.PAID, DocumentStatus.VOID], PAID: [DocumentStatus.OPEN] },
  REFUND: { PAID: [] },
};

export function nextStatuses(type: DocumentType, status: DocumentStatus): DocumentStatus[] {
  return NEXT_STATUSES[type][status] ?? [];
}

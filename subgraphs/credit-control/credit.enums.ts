import { registerEnumType } from 'type-graphql';

export enum CreditCheckMode {
  /** No automatic holds. */
  NONE = 'NONE',
  /** On hold while exposure is above the limit; a sales order that would take it above is treated as on hold. */
  CREDIT_LIMIT = 'CREDIT_LIMIT',
  /** On hold while any invoice is past due. */
  PAST_DUE = 'PAST_DUE',
}

/** What is still allowed for an account on hold. */
export enum OnHoldAction {
  ALLOW_NOTHING = 'ALLOW_NOTHING',
  ALLOW_PENDING_SALES_ORDERS = 'ALLOW_PENDING_SALES_ORDERS',
  ALLOW_CASH_SALES = 'ALLOW_CASH_SALES',
  ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES = 'ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES',
}

export enum HoldReason {
  MANUAL = 'MANUAL',
  CREDIT_LIMIT_EXCEEDED = 'CREDIT_LIMIT_EXCEEDED',
  INVOICES_PAST_DUE = 'INVOICES_PAST_DUE',
}

/** The documents transactions asks about (internal: @inaccessible). */
export enum CreditDocumentType {
  SALES_ORDER = 'SALES_ORDER',
  CASH_SALE = 'CASH_SALE',
}

/** ALLOW: create as asked; PENDING: create the sales order as PENDING; REFUSE: CREDIT_HOLD (internal: @inaccessible). */
export enum CreditOutcome {
  ALLOW = 'ALLOW',
  PENDING = 'PENDING',
  REFUSE = 'REFUSE',
}

registerEnumType(CreditCheckMode, {
  name: 'CreditCheckMode',
  valuesConfig: {
    NONE: { description: 'No automatic holds' },
    CREDIT_LIMIT: { description: 'On hold while exposure is above the limit, or when a new sales order would take it above' },
    PAST_DUE: { description: 'On hold while an invoice is past due' },
  },
});
registerEnumType(OnHoldAction, {
  name: 'OnHoldAction',
  description: 'What is still allowed for an account on hold',
  valuesConfig: {
    ALLOW_NOTHING: { description: 'No sales orders, no cash sales' },
    ALLOW_PENDING_SALES_ORDERS: { description: 'Sales orders are created PENDING; no cash sales' },
    ALLOW_CASH_SALES: { description: 'Only cash sales' },
    ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES: { description: 'Cash sales, and sales orders created PENDING' },
  },
});
registerEnumType(HoldReason, { name: 'HoldReason' });
registerEnumType(CreditDocumentType, { name: 'CreditDocumentType' });
registerEnumType(CreditOutcome, { name: 'CreditOutcome' });

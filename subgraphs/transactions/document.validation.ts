import { badInput, Dec, minorUnits, parseAmount, requiredString, uuid, type DecValue } from '../common';
import { addDays, today } from './dates';
import type { DocumentLineInput } from './dto/document.input';
import type { ParsedLine } from './posting';

/**
 * Input checks of documents and payments. Each throws BAD_USER_INPUT naming
 * the field (`lines.0.quantity`, `allocations.1.amount`), before anything is written.
 */

export const MAX_LINES = 500;
export const MAX_DESCRIPTION = 1000;
export const MAX_IDEMPOTENCY_KEY = 200;
/** Larger amounts are a typo, and keep clear of numeric(20,4). */
export const MAX_AMOUNT = new Dec('100000000000000');
const QUANTITY_DECIMALS = 4;
const PRICE_DECIMALS = 4;
const MAX_QUANTITY = '1000000000';
const MIN_DATE = '1900-01-01';
const MAX_DATE = '2999-12-31';
export const DEFAULT_PAYMENT_TERM_DAYS = 30;

export interface LineShape {
  description: string;
  quantity: DecValue;
  unitPrice: DecValue;
}

/** Lines without the currency: at least one, quantity > 0, unit price >= 0. */
export function checkLines(lines: DocumentLineInput[] | null | undefined): LineShape[] {
  if (!lines || lines.length === 0) throw badInput('lines', 'A document needs at least one line');
  if (lines.length > MAX_LINES) throw badInput('lines', `A document has at most ${MAX_LINES} lines`);
  return lines.map((l, i) => ({
    description: requiredString(`lines.${i}.description`, l.description, MAX_DESCRIPTION),
    quantity: parseAmount(`lines.${i}.quantity`, l.quantity, { maxDecimals: QUANTITY_DECIMALS, min: 0, minExclusive: true, max: MAX_QUANTITY }),
    unitPrice: parseAmount(`lines.${i}.unitPrice`, l.unitPrice, { maxDecimals: PRICE_DECIMALS, min: 0, max: MAX_AMOUNT }),
  }));
}

/** Line amounts rounded to the currency minor unit; the total is their sum. */
export function priceLines(lines: LineShape[], currency: string): { lines: ParsedLine[]; total: DecValue } {
  const scale = minorUnits(currency);
  let total = new Dec(0);
  const priced = lines.map((l, i) => {
    const amount = l.quantity.times(l.unitPrice).toDecimalPlaces(scale, Dec.ROUND_HALF_UP);
    if (amount.gt(MAX_AMOUNT)) throw badInput(`lines.${i}.unitPrice`, `The line amount is over ${MAX_AMOUNT.toFixed()}`);
    total = total.plus(amount);
    return { ...l, amount };
  });
  if (total.gt(MAX_AMOUNT)) throw badInput('lines', `The total is over ${MAX_AMOUNT.toFixed()}`);
  return { lines: priced, total };
}

/** A money amount in the account's currency: > 0 (or >= 0), no more decimals than the currency has. */
export function moneyAmount(field: string, raw: string, currency: string, o: { allowZero?: boolean } = {}): DecValue {
  return parseAmount(field, raw, { maxDecimals: minorUnits(currency), min: 0, minExclusive: !o.allowZero, max: MAX_AMOUNT });
}

/** Shape of a money amount before the currency is known (the scale is checked by moneyAmount later). */
export function positiveAmount(field: string, raw: string): DecValue {
  return parseAmount(field, raw, { maxDecimals: 4, min: 0, minExclusive: true, max: MAX_AMOUNT });
}

export function documentDate(field: string, value: string | null | undefined): string {
  const date = value ?? today();
  if (date < MIN_DATE || date > MAX_DATE) throw badInput(field, `${field} must be between ${MIN_DATE} and ${MAX_DATE}`);
  return date;
}

/** The due date: given (not before the date), or date + the payment term for invoices. */
export function dueDate(date: string, value: string | null | undefined, defaultDays: number | null): string | null {
  if (value === null || value === undefined) return defaultDays === null ? null : addDays(date, defaultDays);
  documentDate('dueDate', value);
  if (value < date) throw badInput('dueDate', 'dueDate is before the document date');
  return value;
}

export function optionalId(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : uuid(field, value);
}

export function idempotencyKey(value: string): string {
  return requiredString('idempotencyKey', value, MAX_IDEMPOTENCY_KEY);
}

import Decimal from 'decimal.js';
import { badInput } from './errors';

/** Decimal arithmetic for money: never JavaScript floats. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type DecValue = InstanceType<typeof Dec>;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

const MINOR_UNITS = new Map<string, number>();

/** Digits after the decimal point for a currency (EUR 2, JPY 0, BHD 3). Asked per amount, so remembered: building an Intl.NumberFormat is slow. */
export function minorUnits(currency: string): number {
  let digits = MINOR_UNITS.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    MINOR_UNITS.set(currency, digits);
  }
  return digits;
}

/** Rounds to the currency's minor unit and formats as a fixed decimal string. */
export function formatAmount(value: Decimal.Value, currency: string): string {
  return new Dec(value).toFixed(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

/** A `Money` GraphQL value. */
export function money(value: Decimal.Value, currency: string): { amount: string; currency: string } {
  return { amount: formatAmount(value, currency), currency };
}

/**
 * Parses a user-supplied amount (already shape-checked by the Decimal scalar),
 * refusing more decimals than `maxDecimals` and values outside bounds.
 */
export function parseAmount(
  field: string,
  raw: string,
  o: { maxDecimals?: number; min?: Decimal.Value; minExclusive?: boolean; max?: Decimal.Value } = {},
): DecValue {
  let value: DecValue;
  try {
    value = new Dec(raw);
  } catch {
    throw badInput(field, `${field} is not a number`);
  }
  if (!value.isFinite()) throw badInput(field, `${field} is not a number`);
  if (o.maxDecimals !== undefined && value.decimalPlaces() > o.maxDecimals) {
    throw badInput(field, `${field} has more than ${o.maxDecimals} decimals`);
  }
  if (o.min !== undefined && (o.minExclusive ? value.lte(o.min) : value.lt(o.min))) {
    throw badInput(field, `${field} must be ${o.minExclusive ? 'greater than' : 'at least'} ${o.min}`);
  }
  if (o.max !== undefined && value.gt(o.max)) throw badInput(field, `${field} must be at most ${o.max}`);
  return value;
}

import { badInput } from './errors';

/**
 * Input checks shared by the subgraphs. Each throws BAD_USER_INPUT naming the
 * field, so a refusal always says what to fix.
 */

export const MAX_NAME = 200;
export const MAX_SHORT = 100;
export const MAX_TEXT = 10_000;

/** Trims; null/undefined stay as they are; '' becomes null for optional fields. */
export function optionalString(field: string, value: string | null | undefined, max = MAX_SHORT): string | null | undefined {
  if (value === undefined || value === null) return value;
  const v = value.trim();
  if (v.length > max) throw badInput(field, `${field} is longer than ${max} characters`);
  return v === '' ? null : v;
}

export function requiredString(field: string, value: string | null | undefined, max = MAX_NAME): string {
  const v = optionalString(field, value, max);
  if (!v) throw badInput(field, `${field} is required`);
  return v;
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function optionalEmail(field: string, value: string | null | undefined): string | null | undefined {
  const v = optionalString(field, value, 254);
  if (v && !EMAIL_RE.test(v)) throw badInput(field, `${field} is not a valid email address`);
  return v;
}

export function optionalUrl(field: string, value: string | null | undefined): string | null | undefined {
  const v = optionalString(field, value, 2000);
  if (!v) return v;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw badInput(field, `${field} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(field, `${field} must be an http or https URL`);
  return v;
}

/** Region codes Intl knows that are not countries in ISO 3166-1. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** ISO 3166-1 alpha-2, upper case. */
export function countryCode(field: string, value: string | null | undefined): string {
  const v = (value ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(v) || !regionNames.of(v) || NOT_COUNTRIES.has(v)) throw badInput(field, `${field} must be an ISO 3166-1 alpha-2 country code`);
  return v;
}

export function intInRange(field: string, value: number | null | undefined, min: number, max: number): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `${field} must be an integer from ${min} to ${max}`);
  return value;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** An id argument: a malformed one is BAD_USER_INPUT (never a SQL error). */
export function uuid(field: string, value: string): string {
  if (!isUuid(value)) throw badInput(field, `${field} is not a valid id`);
  return value.toLowerCase();
}

import sanitizeHtml from 'sanitize-html';
import {
  AppError,
  badInput,
  countryCode,
  ErrorCode,
  intInRange,
  isCurrency,
  isIsoDate,
  MAX_NAME,
  optionalEmail,
  optionalString,
  optionalUrl,
  requiredString,
  uuid,
  type Address,
  type AddressInput,
} from '../common';
import { AccountKind, AccountType, FreeFieldType } from './account.enums';
import type { FreeField } from './account.entity';
import type { AccountSettings, FreeFieldDefinition } from './settings.entity';

/** Length limits of the account's strings (a longer value is refused, never cut). */
export const LIMITS = {
  code: 30,
  externalId: 100,
  name: MAX_NAME,
  line: 200,
  postcode: 20,
  city: 100,
  stateCode: 10,
  phone: 40,
  phoneExtension: 10,
  short: 100,
  contractNumber: 50,
  remarks: 20_000,
  freeFieldValue: 1000,
  addresses: 20,
  freeFields: 100,
} as const;

/**
 * Collects BAD_USER_INPUT refusals instead of stopping at the first, so that an
 * import can report every problem of a row. A single mutation throws the first.
 */
export class Problems {
  readonly list: Array<{ field: string; message: string }> = [];

  run<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT) {
        this.add(String(err.extensions.field ?? ''), err.message);
        return undefined;
      }
      throw err;
    }
  }

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  throwFirst(): void {
    if (this.list.length) throw badInput(this.list[0].field, this.list[0].message);
  }
}

/** The account's values after validation, as stored. */
export interface AccountValues {
  code: string | null;
  externalId: string | null;
  kind: AccountKind;
  name: string;
  type: AccountType;
  typeSince: string | null;
  address: Address;
  billingAddresses: Address[];
  shippingAddresses: Address[];
  website: string | null;
  email: string | null;
  phone: string | null;
  phoneExtension: string | null;
  fax: string | null;
  currency: string;
  classification: string | null;
  rating: number | null;
  source: string | null;
  securityLevel: number;
  ownerId: string | null;
  remarks: string | null;
  freeFields: FreeField[];
  contractNumber: string | null;
}

/** The fields of CreateAccountInput, as a plain shape (imports build it from rows). */
export interface AccountInputShape {
  code?: unknown;
  externalId?: unknown;
  kind?: unknown;
  name?: unknown;
  type?: unknown;
  typeSince?: unknown;
  address?: Partial<Record<keyof AddressInput, unknown>> | null;
  billingAddresses?: Array<Partial<Record<keyof AddressInput, unknown>>> | null;
  shippingAddresses?: Array<Partial<Record<keyof AddressInput, unknown>>> | null;
  website?: unknown;
  email?: unknown;
  phone?: unknown;
  phoneExtension?: unknown;
  fax?: unknown;
  currency?: unknown;
  classification?: unknown;
  rating?: unknown;
  source?: unknown;
  securityLevel?: unknown;
  ownerId?: unknown;
  remarks?: unknown;
  freeFields?: Array<{ key?: unknown; value?: unknown }> | null;
  contractNumber?: unknown;
}

function str(field: string, value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badInput(field, `${field} must be a string`);
}

function int(field: string, value: unknown): number | null | undefined {
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const v = value.trim();
    if (v === '') return null;
    if (/^-?\d{1,12}$/.test(v)) return Number(v);
  }
  throw badInput(field, `${field} must be an integer`);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A trimmed single-line string: no control characters. */
function text(field: string, value: unknown, max: number): string | null | undefined {
  const v = optionalString(field, str(field, value), max);
  if (v && CONTROL.test(v)) throw badInput(field, `${field} contains control characters`);
  return v;
}

const CODE_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u;

export function code(field: string, value: unknown): string | null | undefined {
  const v = text(field, value, LIMITS.code);
  if (v && !CODE_RE.test(v)) throw badInput(field, `${field} may hold letters, digits, spaces and . _ / - only`);
  return v;
}

const PHONE_RE = /^\+?[0-9 ()./-]+$/;

function phone(field: string, value: unknown, max = LIMITS.phone): string | null | undefined {
  const v = text(field, value, max);
  if (v && (!PHONE_RE.test(v) || (v.match(/\d/g)?.length ?? 0) < 3)) throw badInput(field, `${field} is not a phone number`);
  return v;
}

function phoneExtension(field: string, value: unknown): string | null | undefined {
  const v = text(field, value, LIMITS.phoneExtension);
  if (v && !/^[0-9]+$/.test(v)) throw badInput(field, `${field} must be digits`);
  return v;
}

function oneOf<T extends string>(field: string, value: unknown, values: Record<string, T>): T | undefined {
  const v = str(field, value)?.trim().toUpperCase();
  if (!v) return undefined;
  if (!(Object.values(values) as string[]).includes(v)) throw badInput(field, `${field} must be one of ${Object.values(values).join(', ')}`);
  return v as T;
}

export function currencyCode(field: string, value: unknown): string | null | undefined {
  const raw = str(field, value);
  if (raw === undefined || raw === null) return raw;
  const v = raw.trim().toUpperCase();
  if (v === '') return null;
  if (!isCurrency(v)) throw badInput(field, `${field} must be an ISO 4217 currency code`);
  return v;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags,
  allowedAttributes: { a: ['href', 'name', 'target', 'title'], '*': ['title'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/** Remarks are HTML (Exact): formatting is kept; scripts, event handlers and javascript: URLs are dropped. */
export function sanitiseRemarks(field: string, value: unknown): string | null | undefined {
  const raw = str(field, value);
  if (raw === undefined || raw === null) return raw;
  if (raw.length > LIMITS.remarks) throw badInput(field, `${field} is longer than ${LIMITS.remarks} characters`);
  const clean = sanitizeHtml(raw, SANITIZE).trim();
  return clean === '' ? null : clean;
}

export function address(field: string, input: AccountInputShape['address'], p: Problems): Address | undefined {
  if (input === undefined || input === null) {
    p.add(field, `${field} is required`);
    return undefined;
  }
  if (typeof input !== 'object') {
    p.add(field, `${field} must be an address`);
    return undefined;
  }
  const before = p.list.length;
  const a: Address = {
    line1: p.run(() => requiredString(`${field}.line1`, str(`${field}.line1`, input.line1), LIMITS.line)) as string,
    line2: p.run(() => text(`${field}.line2`, input.line2, LIMITS.line)) ?? null,
    postcode: p.run(() => text(`${field}.postcode`, input.postcode, LIMITS.postcode)) ?? null,
    city: p.run(() => text(`${field}.city`, input.city, LIMITS.city)) ?? null,
    stateCode: p.run(() => text(`${field}.stateCode`, input.stateCode, LIMITS.stateCode)) ?? null,
    countryCode: p.run(() => countryCode(`${field}.countryCode`, str(`${field}.countryCode`, input.countryCode))) as string,
  };
  if (a.stateCode) a.stateCode = a.stateCode.toUpperCase();
  if (a.postcode) a.postcode = a.postcode.toUpperCase();
  return p.list.length === before ? a : undefined;
}

function addressList(field: string, input: AccountInputShape['billingAddresses'], p: Problems): Address[] | undefined {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    p.add(field, `${field} must be a list of addresses`);
    return undefined;
  }
  if (input.length > LIMITS.addresses) {
    p.add(field, `${field} may hold at most ${LIMITS.addresses} addresses`);
    return undefined;
  }
  const out = input.map((a, i) => address(`${field}[${i}]`, a, p));
  return out.every(Boolean) ? (out as Address[]) : undefined;
}

const NUMBER_RE = /^-?\d{1,15}(\.\d{1,10})?$/;

/** Free field values checked against their definitions; stored as strings in definition order. */
export function freeFields(
  input: AccountInputShape['freeFields'],
  definitions: readonly FreeFieldDefinition[],
  p: Problems,
  current: readonly FreeField[] = [],
): FreeField[] | undefined {
  if (input === undefined || input === null) return [...current];
  if (!Array.isArray(input)) {
    p.add('freeFields', 'freeFields must be a list');
    return undefined;
  }
  if (input.length > LIMITS.freeFields) {
    p.add('freeFields', `freeFields may hold at most ${LIMITS.freeFields} entries`);
    return undefined;
  }
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const values = new Map(current.map((f) => [f.key, f.value]));
  const seen = new Set<string>();
  const before = p.list.length;
  for (const f of input) {
    const key = typeof f?.key === 'string' ? f.key.trim() : '';
    const field = key && key.length <= 50 ? `freeFields.${key}` : 'freeFields';
    const def = byKey.get(key);
    if (!def) {
      p.add(field, `${key ? `"${key.slice(0, 50)}"` : 'an empty key'} is not a defined free field`);
      continue;
    }
    if (seen.has(key)) {
      p.add(field, `${field} is given twice`);
      continue;
    }
    seen.add(key);
    const value = p.run(() => freeFieldValue(field, def.type, f.value));
    if (value === undefined) continue;
    if (value === null) values.delete(key);
    else values.set(key, value);
  }
  if (p.list.length !== before) return undefined;
  return definitions.filter((d) => values.has(d.key)).map((d) => ({ key: d.key, value: values.get(d.key) ?? null }));
}

function freeFieldValue(field: string, type: FreeFieldType, value: unknown): string | null {
  const v = text(field, value, LIMITS.freeFieldValue);
  if (v === undefined || v === null) return null;
  switch (type) {
    case FreeFieldType.NUMBER:
      if (!NUMBER_RE.test(v)) throw badInput(field, `${field} must be a number`);
      return v;
    case FreeFieldType.DATE:
      if (!isIsoDate(v)) throw badInput(field, `${field} must be a date (YYYY-MM-DD)`);
      return v;
    case FreeFieldType.BOOLEAN:
      if (!/^(true|false)$/i.test(v)) throw badInput(field, `${field} must be true or false`);
      return v.toLowerCase();
    default:
      return v;
  }
}

/** Who saves: the default owner, and the highest security level they may give (their own). */
export interface Caller {
  ownerId: string | null;
  maxSecurityLevel: number;
}

/** 0 or more, and never above the caller's own level: nobody creates an account they could not see. */
function securityLevel(value: number | null | undefined, caller: Caller): number | null | undefined {
  const v = intInRange('securityLevel', value, 0, 2_147_483_647);
  if (v !== null && v !== undefined && v > caller.maxSecurityLevel) {
    throw badInput('securityLevel', `securityLevel cannot be above your own security level (${caller.maxSecurityLevel})`);
  }
  return v;
}

/**
 * Validates every field of a new account and applies the settings' defaults.
 * Returns undefined when there are problems (they are in `p`).
 */
export function validateNewAccount(
  input: AccountInputShape,
  settings: AccountSettings,
  p: Problems,
  caller: Caller = { ownerId: null, maxSecurityLevel: Number.MAX_SAFE_INTEGER },
): AccountValues | undefined {
  const before = p.list.length;
  const type = p.run(() => oneOf('type', input.type, AccountType));
  if (input.type === undefined || input.type === null || input.type === '') p.add('type', 'type is required');
  const typeSince = p.run(() => {
    const v = str('typeSince', input.typeSince);
    if (v === undefined || v === null || v === '') return null;
    if (!isIsoDate(v)) throw badInput('typeSince', 'typeSince must be a date (YYYY-MM-DD)');
    return v;
  });
  const rating = p.run(() => intInRange('rating', int('rating', input.rating), 1, 7));
  const values: Partial<AccountValues> = {
    code: p.run(() => code('code', input.code)) ?? null,
    externalId: p.run(() => text('externalId', input.externalId, LIMITS.externalId)) ?? null,
    kind: p.run(() => oneOf('kind', input.kind, AccountKind)) ?? AccountKind.COMPANY,
    name: p.run(() => requiredString('name', str('name', input.name), LIMITS.name)),
    type,
    typeSince: typeSince ?? null,
    address: address('address', input.address, p),
    billingAddresses: addressList('billingAddresses', input.billingAddresses, p),
    shippingAddresses: addressList('shippingAddresses', input.shippingAddresses, p),
    website: p.run(() => optionalUrl('website', str('website', input.website))) ?? null,
    email: p.run(() => optionalEmail('email', str('email', input.email))) ?? null,
    phone: p.run(() => phone('phone', input.phone)) ?? null,
    phoneExtension: p.run(() => phoneExtension('phoneExtension', input.phoneExtension)) ?? null,
    fax: p.run(() => phone('fax', input.fax)) ?? null,
    currency: p.run(() => currencyCode('currency', input.currency)) ?? settings.baseCurrency,
    classification: p.run(() => text('classification', input.classification, LIMITS.short)) ?? settings.defaultClassification ?? null,
    rating: rating ?? settings.defaultRating ?? null,
    source: p.run(() => text('source', input.source, LIMITS.short)) ?? settings.defaultSource ?? null,
    securityLevel: p.run(() => securityLevel(int('securityLevel', input.securityLevel), caller)) ?? 0,
    ownerId: p.run(() => {
      const v = str('ownerId', input.ownerId);
      return v ? uuid('ownerId', v.trim()) : null;
    }) ?? caller.ownerId,
    remarks: p.run(() => sanitiseRemarks('remarks', input.remarks)) ?? null,
    freeFields: freeFields(input.freeFields, settings.freeFieldDefinitions, p),
    contractNumber: p.run(() => text('contractNumber', input.contractNumber, LIMITS.contractNumber)) ?? null,
  };
  if (p.list.length !== before) return undefined;
  const account = values as AccountValues;
  if (!settings.typeSelect && account.type !== AccountType.NOT_VALIDATED) {
    p.add('type', 'Only NOT_VALIDATED accounts may be created (settings.typeSelect is off)');
  }
  checkSettingsRules(account, settings, p);
  return p.list.length === before ? account : undefined;
}

/**
 * Validates the fields an update gives, onto the current values; absent fields
 * are kept, null clears. Returns the merged values, or undefined on problems.
 */
export function validateAccountChanges(
  input: AccountInputShape,
  current: AccountValues,
  settings: AccountSettings,
  p: Problems,
  caller: Caller = { ownerId: null, maxSecurityLevel: Number.MAX_SAFE_INTEGER },
): AccountValues | undefined {
  const before = p.list.length;
  const next: AccountValues = { ...current };
  const has = (k: keyof AccountInputShape) => input[k] !== undefined;
  if (has('externalId')) next.externalId = p.run(() => text('externalId', input.externalId, LIMITS.externalId)) ?? null;
  if (has('name')) next.name = p.run(() => requiredString('name', str('name', input.name), LIMITS.name)) as string;
  if (has('address')) next.address = address('address', input.address, p) as Address;
  if (has('billingAddresses')) next.billingAddresses = addressList('billingAddresses', input.billingAddresses, p) as Address[];
  if (has('shippingAddresses')) next.shippingAddresses = addressList('shippingAddresses', input.shippingAddresses, p) as Address[];
  if (has('website')) next.website = p.run(() => optionalUrl('website', str('website', input.website))) ?? null;
  if (has('email')) next.email = p.run(() => optionalEmail('email', str('email', input.email))) ?? null;
  if (has('phone')) next.phone = p.run(() => phone('phone', input.phone)) ?? null;
  if (has('phoneExtension')) next.phoneExtension = p.run(() => phoneExtension('phoneExtension', input.phoneExtension)) ?? null;
  if (has('fax')) next.fax = p.run(() => phone('fax', input.fax)) ?? null;
  if (has('currency')) {
    const c = p.run(() => currencyCode('currency', input.currency));
    if (c !== undefined && c !== current.currency) {
      p.add('currency', `The currency of an account cannot change once set (it is ${current.currency})`);
    }
  }
  if (has('classification')) next.classification = p.run(() => text('classification', input.classification, LIMITS.short)) ?? null;
  if (has('rating')) next.rating = p.run(() => intInRange('rating', int('rating', input.rating), 1, 7)) ?? null;
  if (has('source')) next.source = p.run(() => text('source', input.source, LIMITS.short)) ?? null;
  if (has('securityLevel')) {
    if (input.securityLevel === null) p.add('securityLevel', 'securityLevel cannot be cleared; 0 is the lowest');
    else next.securityLevel = p.run(() => securityLevel(int('securityLevel', input.securityLevel), caller)) as number;
  }
  if (has('remarks')) next.remarks = p.run(() => sanitiseRemarks('remarks', input.remarks)) ?? null;
  if (has('freeFields')) next.freeFields = freeFields(input.freeFields, settings.freeFieldDefinitions, p, current.freeFields) as FreeField[];
  if (has('contractNumber')) next.contractNumber = p.run(() => text('contractNumber', input.contractNumber, LIMITS.contractNumber)) ?? null;
  if (has('type')) {
    const t = p.run(() => oneOf('type', input.type, AccountType));
    if (t) next.type = t;
  }
  if (has('typeSince')) {
    const v = p.run(() => {
      const s = str('typeSince', input.typeSince);
      if (!s) return undefined;
      if (!isIsoDate(s)) throw badInput('typeSince', 'typeSince must be a date (YYYY-MM-DD)');
      return s;
    });
    if (v) next.typeSince = v;
  }
  if (has('kind')) {
    const k = p.run(() => oneOf('kind', input.kind, AccountKind));
    if (k && k !== current.kind) p.add('kind', 'The kind of an account cannot change');
  }
  if (p.list.length !== before) return undefined;
  checkSettingsRules(next, settings, p);
  return p.list.length === before ? next : undefined;
}

/** The settings' extra mandatory fields and the contract rule, on the account as it would be saved. */
export function checkSettingsRules(a: AccountValues, settings: AccountSettings, p: Problems): void {
  for (const field of settings.mandatoryFields) {
    if (isMissing(valueAt(a, field))) p.add(field, `${field} is mandatory (settings.mandatoryFields)`);
  }
  if (settings.contractMandatory && a.type === AccountType.CUSTOMER && !a.contractNumber) {
    p.add('contractNumber', 'A CUSTOMER account needs a contract number (settings.contractMandatory)');
  }
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function valueAt(a: AccountValues, path: string): unknown {
  if (path.startsWith('freeFields.')) return a.freeFields.find((f) => f.key === path.slice('freeFields.'.length))?.value ?? null;
  if (path.startsWith('address.')) return (a.address as unknown as Record<string, unknown>)[path.slice('address.'.length)];
  return (a as unknown as Record<string, unknown>)[path];
}

/** Fields the settings may make mandatory: optional CreateAccountInput fields, and defined free fields. */
export const MANDATORY_CANDIDATES = [
  'code',
  'externalId',
  'typeSince',
  'address.line2',
  'address.postcode',
  'address.city',
  'address.stateCode',
  'billingAddresses',
  'shippingAddresses',
  'website',
  'email',
  'phone',
  'phoneExtension',
  'fax',
  'classification',
  'rating',
  'source',
  'ownerId',
  'remarks',
  'contractNumber',
] as const;

/** Normalises a postcode for the postcode -> city memory: upper case, no spaces. */
export function postcodeKey(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

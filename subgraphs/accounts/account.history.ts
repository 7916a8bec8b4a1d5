import type { FieldChange } from './account.types';
import type { AccountValues } from './account.validation';

/**
 * The account's own fields, by their input names (`CreateAccountInput`):
 * what the history records field by field and what an import may map to.
 */
export const ACCOUNT_SCALAR_FIELDS = [
  'code',
  'externalId',
  'kind',
  'name',
  'type',
  'typeSince',
  'website',
  'email',
  'phone',
  'phoneExtension',
  'fax',
  'currency',
  'classification',
  'rating',
  'source',
  'securityLevel',
  'ownerId',
  'remarks',
  'contractNumber',
] as const;
export const ADDRESS_FIELDS = ['line1', 'line2', 'postcode', 'city', 'stateCode', 'countryCode'] as const;

export type HistoryValues = Omit<AccountValues, 'typeSince' | 'code'> & { code: string; typeSince: string };

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The changes from `before` (null: a new account) to `after`, only the fields that differ. */
export function diffAccount(before: HistoryValues | null, after: HistoryValues): FieldChange[] {
  const changes: FieldChange[] = [];
  const push = (field: string, from: unknown, to: unknown) => {
    const f = asText(from);
    const t = asText(to);
    if (f !== t) changes.push({ field, from: f, to: t });
  };
  for (const k of ACCOUNT_SCALAR_FIELDS) push(k, before?.[k], after[k]);
  for (const k of ADDRESS_FIELDS) push(`address.${k}`, before?.address?.[k], after.address[k]);
  push('billingAddresses', before && before.billingAddresses.length ? before.billingAddresses : null, after.billingAddresses.length ? after.billingAddresses : null);
  push('shippingAddresses', before && before.shippingAddresses.length ? before.shippingAddresses : null, after.shippingAddresses.length ? after.shippingAddresses : null);
  const keys = new Set([...(before?.freeFields ?? []).map((f) => f.key), ...after.freeFields.map((f) => f.key)]);
  for (const key of keys) {
    push(`freeFields.${key}`, before?.freeFields.find((f) => f.key === key)?.value, after.freeFields.find((f) => f.key === key)?.value);
  }
  return changes;
}

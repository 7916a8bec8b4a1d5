import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Address } from '../common';
import { Account } from './account.entity';
import { AccountStatus } from './account.enums';
import type { AccountRepository } from './account.repository';
import type { AuditEntry, FieldChange } from './account.types';
import { postcodeKey, type AccountValues } from './account.validation';

/**
 * The mechanics every account write shares (single mutations and imports):
 * codes, postcode -> city, building rows and history entries. All inside the
 * caller's transaction, batched: the statement count does not grow with rows.
 */

const NUMERIC = /^[0-9]{1,30}$/;

/**
 * Codes for new accounts, in order. A wanted code that is free is kept; one
 * that is taken (or wanted twice) is replaced by the next free numeric code
 * (max + 1 over the all-digit codes); none wanted is codePrefix + the prefix's
 * sequence, or with no prefix the next free numeric code. Serialised by a
 * transaction-scoped lock, so concurrent creates with one code both succeed.
 */
export async function assignCodes(repo: AccountRepository, m: EntityManager, prefix: string, wanted: ReadonlyArray<string | null>): Promise<string[]> {
  await repo.lockCodes(m);
  const given = [...new Set(wanted.filter((c): c is string => !!c))];
  const taken = await repo.takenCodes(m, given);
  const result: string[] = new Array(wanted.length);
  const kept = new Set<string>();
  const numeric: number[] = [];
  const prefixed: number[] = [];
  wanted.forEach((c, i) => {
    if (c && !taken.has(c) && !kept.has(c)) {
      kept.add(c);
      result[i] = c;
    } else if (c || prefix === '') numeric.push(i);
    else prefixed.push(i);
  });
  if (numeric.length) {
    let max = (await repo.maxNumericCode(m)) ?? 0n;
    for (const c of kept) if (NUMERIC.test(c) && BigInt(c) > max) max = BigInt(c);
    numeric.forEach((i, k) => (result[i] = String(max + BigInt(k + 1))));
  }
  if (prefixed.length) {
    const codes = await repo.nextPrefixedCodes(m, prefix, prefixed.length, [...kept]);
    prefixed.forEach((i, k) => (result[i] = codes[k]));
  }
  return result;
}

function addressesOf(a: Pick<AccountValues, 'address' | 'billingAddresses' | 'shippingAddresses'>): Address[] {
  return [a.address, ...a.billingAddresses, ...a.shippingAddresses];
}

const keyOf = (a: Address) => `${a.countryCode}|${postcodeKey(a.postcode ?? '')}`;

/** Fills the city of addresses that have a postcode but no city, from earlier addresses in that country. */
export async function fillCities(repo: AccountRepository, m: EntityManager, accounts: ReadonlyArray<Pick<AccountValues, 'address' | 'billingAddresses' | 'shippingAddresses'>>): Promise<void> {
  const missing = accounts.flatMap(addressesOf).filter((a) => a.postcode && !a.city);
  if (missing.length === 0) return;
  const pairs = new Map<string, [string, string]>();
  for (const a of missing) pairs.set(keyOf(a), [a.countryCode, postcodeKey(a.postcode!)]);
  const known = await repo.knownCities(m, [...pairs.values()]);
  for (const a of missing) a.city = known.get(keyOf(a)) ?? null;
}

/** Remembers the cities of these accounts' addresses for later postcode lookups. */
export async function rememberCities(repo: AccountRepository, m: EntityManager, accounts: ReadonlyArray<Pick<AccountValues, 'address' | 'billingAddresses' | 'shippingAddresses'>>): Promise<void> {
  const entries = new Map<string, [string, string, string]>();
  for (const a of accounts.flatMap(addressesOf)) {
    if (a.postcode && a.city) entries.set(keyOf(a), [a.countryCode, postcodeKey(a.postcode), a.city]);
  }
  await repo.rememberCities(m, entries);
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A new, ACTIVE account row. */
export function buildAccount(values: AccountValues, code: string, now: Date): Account {
  return Object.assign(new Account(), {
    ...values,
    id: randomUUID(),
    code,
    typeSince: values.typeSince ?? today(now),
    status: AccountStatus.ACTIVE,
    statusSince: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    deletedBy: null,
  });
}

/** The editable values of a stored account. */
export function valuesOf(a: Account): AccountValues & { code: string; typeSince: string } {
  return {
    code: a.code,
    externalId: a.externalId,
    kind: a.kind,
    name: a.name,
    type: a.type,
    typeSince: a.typeSince,
    address: { ...a.address },
    billingAddresses: a.billingAddresses.map((x) => ({ ...x })),
    shippingAddresses: a.shippingAddresses.map((x) => ({ ...x })),
    website: a.website,
    email: a.email,
    phone: a.phone,
    phoneExtension: a.phoneExtension,
    fax: a.fax,
    currency: a.currency,
    classification: a.classification,
    rating: a.rating,
    source: a.source,
    securityLevel: a.securityLevel,
    ownerId: a.ownerId,
    remarks: a.remarks,
    freeFields: a.freeFields.map((f) => ({ ...f })),
    contractNumber: a.contractNumber,
  };
}

export function auditEntry(accountId: string, actorId: string | null, action: string, changes: FieldChange[], at: Date): AuditEntry {
  return { id: randomUUID(), seq: 0, accountId, at, actorId, action, changes };
}

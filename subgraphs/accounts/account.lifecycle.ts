import { AccountStatus, AccountType } from './account.enums';

/**
 * Status changes (DESIGN.md, Account lifecycle; Exact's status buttons):
 * - to REFERENCE: type CUSTOMER or RESELLER, status ACTIVE
 * - to BLOCKED: type CUSTOMER, RESELLER or SUPPLIER, status ACTIVE
 * - to PILOT, to PASSIVE: type CUSTOMER, status ACTIVE
 * - to ACTIVE: from REFERENCE, BLOCKED, PILOT, PASSIVE or INACTIVE
 * - to INACTIVE: status ACTIVE
 */
const FROM_ACTIVE: Array<[AccountStatus, readonly AccountType[] | 'any']> = [
  [AccountStatus.REFERENCE, [AccountType.CUSTOMER, AccountType.RESELLER]],
  [AccountStatus.BLOCKED, [AccountType.CUSTOMER, AccountType.RESELLER, AccountType.SUPPLIER]],
  [AccountStatus.PILOT, [AccountType.CUSTOMER]],
  [AccountStatus.PASSIVE, [AccountType.CUSTOMER]],
  [AccountStatus.INACTIVE, 'any'],
];

/** The statuses an account of this type and status may change to now (what the UI may offer). */
export function allowedStatusChanges(type: AccountType, status: AccountStatus): AccountStatus[] {
  if (status !== AccountStatus.ACTIVE) return [AccountStatus.ACTIVE];
  return FROM_ACTIVE.filter(([, types]) => types === 'any' || types.includes(type)).map(([to]) => to);
}

/** Statuses that only some types may hold; a type change must keep the status reachable. */
const STATUS_TYPES: Partial<Record<AccountStatus, readonly AccountType[]>> = Object.fromEntries(
  FROM_ACTIVE.filter(([, types]) => types !== 'any').map(([s, types]) => [s, types as readonly AccountType[]]),
);

/**
 * The types an account may change to: any other type, as long as its current
 * status stays one that the new type may hold (a PILOT account stays a CUSTOMER
 * until it is ACTIVE again).
 */
export function allowedTypeChanges(type: AccountType, status: AccountStatus): AccountType[] {
  const holding = STATUS_TYPES[status];
  return Object.values(AccountType).filter((t) => t !== type && (!holding || holding.includes(t)));
}

import { forbidden, requireRight, type Identity, type Right } from '../common';
import type { Caller } from './account.validation';
import type { AccountSettings } from './settings.entity';

/**
 * Creating and editing accounts (and their requests). With
 * `securityCheckRoles` on (the default) the caller needs the right; with it
 * off (Exact's "Security: Check - Roles" unticked) any caller who may write
 * at all may, but read-only callers (viewer, no role) and portal users never
 * do. Delete, restore, import and settings always need their own right.
 */
export function requireAccountWrite(identity: Identity, right: Extract<Right, 'account:create' | 'account:update'>, settings: AccountSettings): void {
  if (identity.isService) return;
  if (identity.isPortal) throw forbidden(right, 'Portal users cannot change accounts');
  if (settings.securityCheckRoles) {
    requireRight(identity, right);
    return;
  }
  if (identity.rights.size === 0) throw forbidden(right, 'Read-only users cannot change accounts');
}

/** The user id of the caller when it is a user (a UUID), for owner and history. */
export function userIdOf(identity: Identity): string | null {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(identity.userId) ? identity.userId.toLowerCase() : null;
}

/** The caller as validation sees it: default owner and highest security level they may give. */
export function callerOf(identity: Identity): Caller {
  return { ownerId: userIdOf(identity), maxSecurityLevel: identity.isService ? Number.MAX_SAFE_INTEGER : identity.securityLevel };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Identity } from './auth';

/**
 * The accounts subgraph decides who may see which account (deleted, security
 * level, a portal user's own account). It signs that decision for the caller
 * as `Account.visibilityStamp` (@inaccessible); every field another subgraph
 * adds to Account `@requires` the stamp and verifies it here. The decision
 * thus travels with the gateway's query plan: no extra round trip to accounts,
 * and a caller who goes to a subgraph directly cannot forge one.
 *
 * A stamp names the account, the caller and an expiry; it is an HMAC under a
 * key derived from AUTH_SECRET, so every subgraph can check it and none needs
 * state.
 */
export class VisibilityStamps {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds = 300,
  ) {
    this.key = createHmac('sha256', secret).update('account-visibility-stamp/v1').digest();
  }

  sign(accountId: string, userId: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `${expires}.${this.mac(accountId, userId, expires)}`;
  }

  verify(stamp: unknown, accountId: string, userId: string, now = Date.now()): boolean {
    if (typeof stamp !== 'string') return false;
    const dot = stamp.indexOf('.');
    const expires = Number(stamp.slice(0, dot));
    if (dot < 1 || !Number.isInteger(expires) || expires < Math.floor(now / 1000)) return false;
    const given = Buffer.from(stamp.slice(dot + 1));
    const expected = Buffer.from(this.mac(accountId, userId, expires));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** True when the caller may see the account a representation names: services always, others with a valid stamp. */
  allows(identity: Identity, representation: { id: string; visibilityStamp?: unknown }): boolean {
    return identity.isService || this.verify(representation.visibilityStamp, representation.id, identity.userId);
  }

  private mac(accountId: string, userId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${accountId}|${userId}|${expires}`).digest('base64url');
  }
}

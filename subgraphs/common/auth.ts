import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { forbidden, unauthenticated } from './errors';

export const RIGHTS = [
  'account:create',
  'account:update',
  'account:delete',
  'account:restore',
  'account:import',
  'account:settings',
  'contact:write',
  'document:create',
  'document:void',
  'payment:record',
  'credit:manage',
] as const;
export type Right = (typeof RIGHTS)[number];

export const ROLES = ['admin', 'sales', 'finance', 'viewer', 'portal', 'service'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles to rights (DESIGN.md, Identity and rights). `portal` holds the rights it
 * needs for its own account; services restrict every portal call to `accountId`.
 * `service` is the identity subgraphs use between themselves.
 */
export const ROLE_RIGHTS: Record<Role, readonly Right[]> = {
  admin: RIGHTS,
  service: RIGHTS,
  sales: ['account:create', 'account:update', 'account:import', 'contact:write', 'document:create', 'payment:record'],
  finance: ['account:update', 'document:create', 'document:void', 'payment:record', 'credit:manage'],
  viewer: [],
  portal: ['contact:write', 'document:create', 'payment:record'],
};

/** Who is asking, from a verified token. */
export interface Identity {
  userId: string;
  roles: Role[];
  rights: ReadonlySet<Right>;
  securityLevel: number;
  /** Set for portal users: the only account they may see. */
  accountId: string | null;
  isService: boolean;
  isPortal: boolean;
  email: string | null;
  name: string | null;
  /** The raw bearer token, forwarded on calls made on the user's behalf. */
  token: string;
  /** When the token expires (ms since the epoch), if it says. */
  expiresAt: number | null;
}

export function hasRight(identity: Identity, right: Right): boolean {
  return identity.rights.has(right);
}

export function requireRight(identity: Identity, right: Right): void {
  if (!identity.rights.has(right)) throw forbidden(right);
}

export function requireService(identity: Identity): void {
  if (!identity.isService) throw forbidden(undefined, 'Only other services may call this field');
}

export interface TokenVerifierOptions {
  /** HS256 shared secret: service tokens, development tokens, and users' tokens unless a JWKS is used. */
  secret?: string;
  /** Also accept users' tokens signed by these keys (an identity provider). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const ASYM_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'];
const CACHE_SIZE = 10_000;

/**
 * Verifies bearer tokens; `alg: none`, a bad signature or an expired token are
 * refused. HS256 tokens are checked against the shared secret, others against
 * the JWKS when one is configured. The `service` role is honoured only in
 * tokens signed with the shared secret: an identity provider cannot grant it.
 */
export class TokenVerifier {
  private readonly secret: Uint8Array | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(private readonly options: TokenVerifierOptions) {
    this.secret = options.secret ? new TextEncoder().encode(options.secret) : null;
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
    if (!this.secret && !this.jwks) throw new Error('AUTH_SECRET or AUTH_JWKS_URL must be set');
  }

  /** Throws UNAUTHENTICATED for a missing or invalid token. */
  async verifyHeader(authorization: string | undefined | null): Promise<Identity> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthenticated();
    return this.verify(match[1]);
  }

  /**
   * Verified tokens, until they expire: a session sends the same token with
   * every request, and each card is verified by the gateway and again by four
   * subgraphs. Only successes are kept, never past `exp`, at most `CACHE_SIZE`.
   */
  private readonly cache = new Map<string, { identity: Identity; expiresAt: number }>();

  async verify(token: string): Promise<Identity> {
    const hit = this.cache.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.identity;
    if (hit) this.cache.delete(token);
    const identity = await this.verifyUncached(token);
    if (identity.expiresAt) {
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(token, { identity, expiresAt: identity.expiresAt });
    }
    return identity;
  }

  private async verifyUncached(token: string): Promise<Identity> {
    let payload: JWTPayload;
    let shared = false;
    try {
      const { alg } = decodeProtectedHeader(token);
      const opts = { issuer: this.options.issuer, audience: this.options.audience };
      if (alg === 'HS256' && this.secret) {
        payload = (await jwtVerify(token, this.secret, { ...opts, algorithms: ['HS256'] })).payload;
        shared = true;
      } else if (this.jwks) {
        payload = (await jwtVerify(token, this.jwks, { ...opts, algorithms: ASYM_ALGS })).payload;
      } else {
        throw new Error(`algorithm ${String(alg)} not accepted`);
      }
    } catch (err) {
      const reason = (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid';
      throw unauthenticated(reason);
    }
    return identityFromClaims(payload, token, shared);
  }
}

function identityFromClaims(payload: JWTPayload, token: string, sharedSecret: boolean): Identity {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw unauthenticated('The token has no subject');
  const rawRoles = Array.isArray(payload.roles) ? payload.roles : [];
  const roles = rawRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string) && (sharedSecret || r !== 'service'));
  const rights = new Set<Right>(roles.flatMap((r) => ROLE_RIGHTS[r]));
  const level = payload.securityLevel;
  const securityLevel = typeof level === 'number' && Number.isInteger(level) && level >= 0 ? level : 0;
  const isService = roles.includes('service');
  const isPortal = !isService && roles.includes('portal') && !roles.some((r) => r === 'admin' || r === 'sales' || r === 'finance');
  const accountId = typeof payload.accountId === 'string' ? payload.accountId : null;
  if (isPortal && !accountId) throw unauthenticated('A portal token needs an accountId claim');
  return {
    userId: payload.sub,
    roles,
    rights,
    securityLevel: isService ? Number.MAX_SAFE_INTEGER : securityLevel,
    accountId: isPortal ? accountId : null,
    isService,
    isPortal,
    email: typeof payload.email === 'string' ? payload.email : null,
    name: typeof payload.name === 'string' ? payload.name : null,
    token,
    expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
  };
}

export interface MintOptions {
  sub?: string;
  roles: Role[];
  securityLevel?: number;
  accountId?: string;
  email?: string;
  name?: string;
  expiresIn?: string | number;
}

/** Signs an HS256 token: development tokens, tests, and the service identity. */
export async function mintToken(secret: string, o: MintOptions): Promise<string> {
  const claims: JWTPayload = { roles: o.roles, securityLevel: o.securityLevel ?? 0 };
  if (o.accountId) claims.accountId = o.accountId;
  if (o.email) claims.email = o.email;
  if (o.name) claims.name = o.name;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.sub ?? randomUUID())
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}

/**
 * The identity a subgraph uses to call another. Tokens are short-lived and
 * re-minted before they expire; nothing here is shared between processes.
 */
export class ServiceTokenSource {
  private token: string | null = null;
  private expiresAt = 0;

  constructor(
    private readonly secret: string,
    private readonly serviceName: string,
  ) {}

  async get(): Promise<string> {
    const now = Date.now();
    if (!this.token || now > this.expiresAt - 60_000) {
      this.token = await mintToken(this.secret, {
        sub: `service:${this.serviceName}`,
        roles: ['service'],
        expiresIn: '10m',
        name: this.serviceName,
      });
      this.expiresAt = now + 10 * 60_000;
    }
    return this.token;
  }
}

import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

const ASYM_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'];
import { GraphQLError } from 'graphql';

export interface GatewayAuthOptions {
  secret?: string;
  jwksUrl?: string;
}

/**
 * The gateway's first check of the bearer token: signature (HS256 with the
 * shared secret, or the identity provider's JWKS), expiry, and never `alg: none`. Subgraphs verify
 * the same token again and decide rights; the gateway only keeps strangers out.
 */
export class GatewayAuth {
  private readonly secret: Uint8Array | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(o: GatewayAuthOptions) {
    this.secret = o.secret ? new TextEncoder().encode(o.secret) : null;
    this.jwks = o.jwksUrl ? createRemoteJWKSet(new URL(o.jwksUrl)) : null;
    if (!this.secret && !this.jwks) throw new Error('AUTH_SECRET or AUTH_JWKS_URL must be set');
  }

  /** Tokens verified before, until they expire (a session repeats its token on every request). */
  private readonly cache = new Map<string, { sub: string; expiresAt: number }>();

  /** Returns the token, or throws UNAUTHENTICATED (HTTP 401). */
  async verify(authorization: string | undefined): Promise<{ token: string; sub: string }> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthenticated('A valid bearer token is required');
    const hit = this.cache.get(match[1]);
    if (hit && hit.expiresAt > Date.now()) return { token: match[1], sub: hit.sub };
    if (hit) this.cache.delete(match[1]);
    try {
      const { alg } = decodeProtectedHeader(match[1]);
      let payload: JWTPayload;
      if (alg === 'HS256' && this.secret) payload = (await jwtVerify(match[1], this.secret, { algorithms: ['HS256'] })).payload;
      else if (this.jwks) payload = (await jwtVerify(match[1], this.jwks, { algorithms: ASYM_ALGS })).payload;
      else throw new Error(`algorithm ${String(alg)} not accepted`);
      if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no subject');
      if (typeof payload.exp === 'number') {
        if (this.cache.size >= 10_000) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(match[1], { sub: payload.sub, expiresAt: payload.exp * 1000 });
      }
      return { token: match[1], sub: payload.sub };
    } catch (err) {
      throw unauthenticated((err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid');
    }
  }
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';

export interface GatewayAuthOptions {
  secret?: string;
  jwksUrl?: string;
}

/**
 * The gateway's first check of the bearer token: signature (HS256 with the
 * shared secret, or a JWKS), expiry, and never `alg: none`. Subgraphs verify
 * the same token again and decide rights; the gateway only keeps strangers out.
 */
export class GatewayAuth {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(o: GatewayAuthOptions) {
    if (o.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(o.jwksUrl));
      this.algorithms = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'];
    } else if (o.secret) {
      this.key = new TextEncoder().encode(o.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('AUTH_SECRET or AUTH_JWKS_URL must be set');
    }
  }

  /** Returns the token, or throws UNAUTHENTICATED (HTTP 401). */
  async verify(authorization: string | undefined): Promise<{ token: string; sub: string }> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthenticated('A valid bearer token is required');
    try {
      const opts = { algorithms: this.algorithms };
      const { payload } =
        typeof this.key === 'function' ? await jwtVerify(match[1], this.key, opts) : await jwtVerify(match[1], this.key, opts);
      if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no subject');
      return { token: match[1], sub: payload.sub };
    } catch (err) {
      throw unauthenticated((err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid');
    }
  }
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { mintToken, ServiceTokenSource, TokenVerifier } from './auth';
import { AppError } from './errors';

const SECRET = 'test-secret-of-sufficient-length-0123456789';
const verifier = new TokenVerifier({ secret: SECRET });
const key = new TextEncoder().encode(SECRET);

async function refusal(header: string | undefined): Promise<AppError> {
  try {
    await verifier.verifyHeader(header);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('accepted');
}

describe('TokenVerifier', () => {
  it('accepts a valid token and maps roles to rights', async () => {
    const token = await mintToken(SECRET, { sub: 'u1', roles: ['sales'], securityLevel: 3, email: 'a@b.co' });
    const id = await verifier.verifyHeader(`Bearer ${token}`);
    expect(id).toMatchObject({ userId: 'u1', roles: ['sales'], securityLevel: 3, isService: false, isPortal: false, accountId: null, email: 'a@b.co', token });
    expect(id.rights.has('account:create')).toBe(true);
    expect(id.rights.has('account:delete')).toBe(false);
  });

  it('gives viewers no rights and admins all', async () => {
    const viewer = await verifier.verify(await mintToken(SECRET, { roles: ['viewer'] }));
    const admin = await verifier.verify(await mintToken(SECRET, { roles: ['admin'] }));
    expect(viewer.rights.size).toBe(0);
    expect(admin.rights.size).toBe(11);
  });

  it('binds a portal user to its account and refuses a portal token without one', async () => {
    const portal = await verifier.verify(await mintToken(SECRET, { roles: ['portal'], accountId: 'acc-1' }));
    expect(portal).toMatchObject({ isPortal: true, accountId: 'acc-1' });
    await expect(verifier.verify(await mintToken(SECRET, { roles: ['portal'] }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ignores unknown roles and a negative or non-integer security level', async () => {
    const token = await new SignJWT({ roles: ['root', 'viewer'], securityLevel: -4 }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(key);
    const id = await verifier.verify(token);
    expect(id.roles).toEqual(['viewer']);
    expect(id.securityLevel).toBe(0);
  });

  it.each([
    ['no header', undefined],
    ['not Bearer', 'Basic abc'],
    ['garbage', 'Bearer abc.def'],
  ])('refuses %s', async (_what, header) => {
    expect((await refusal(header)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses alg none, another secret, an expired token and one without subject', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","roles":["admin"]}').toString('base64url')}.`;
    const other = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(new TextEncoder().encode('other'));
    const expired = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(key);
    const noSub = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key);
    for (const t of [none, other, expired, noSub]) expect((await refusal(`Bearer ${t}`)).code).toBe('UNAUTHENTICATED');
    expect((await refusal(`Bearer ${expired}`)).message).toMatch(/expired/);
  });

  it('mints service tokens with every right and sees every security level', async () => {
    const source = new ServiceTokenSource(SECRET, 'transactions');
    const token = await source.get();
    expect(await source.get()).toBe(token); // reused until close to expiry
    const id = await verifier.verify(token);
    expect(id).toMatchObject({ isService: true, userId: 'service:transactions' });
    expect(id.securityLevel).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('remembers a verified token only until it expires', async () => {
    const v = new TokenVerifier({ secret: SECRET });
    const token = await mintToken(SECRET, { roles: ['viewer'], expiresIn: '1s' });
    const first = await v.verify(token);
    expect(await v.verify(token)).toBe(first);
    await new Promise((r) => setTimeout(r, 1100));
    await expect(v.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('requires a secret or a JWKS URL', () => {
    expect(() => new TokenVerifier({})).toThrow(/AUTH_SECRET/);
  });
});

describe('TokenVerifier with an identity provider (JWKS)', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const idpToken = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('idp-user').setExpirationTime('1h').sign(privateKey);

  it("accepts the provider's tokens and still the shared secret's service tokens", async () => {
    const v = new TokenVerifier({ secret: SECRET, jwksUrl });
    expect((await v.verify(await idpToken({ roles: ['sales'] }))).roles).toEqual(['sales']);
    expect((await v.verify(await new ServiceTokenSource(SECRET, 'accounts').get())).isService).toBe(true);
  });

  it('never lets the provider grant the service role', async () => {
    const v = new TokenVerifier({ secret: SECRET, jwksUrl });
    const id = await v.verify(await idpToken({ roles: ['service', 'viewer'] }));
    expect(id).toMatchObject({ isService: false, roles: ['viewer'] });
  });

  it('refuses HS256 tokens when only a JWKS is configured', async () => {
    const v = new TokenVerifier({ jwksUrl });
    await expect(v.verify(await mintToken(SECRET, { roles: ['admin'] }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR || './data');
}

/** AUTH_SECRET, or for the embedded default one made once and kept in DATA_DIR. */
export function authSecret(o: { create: boolean }, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = join(dataDir(env), 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!o.create) throw new Error(`Set AUTH_SECRET (or start the embedded default once so that ${file} exists)`);
  mkdirSync(dataDir(env), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

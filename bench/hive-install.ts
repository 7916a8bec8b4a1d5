import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Hive Gateway is what the benchmark compares with, not part of the product:
 * it is installed (this exact version, from the npm registry) on the first
 * `npm run bench` into bench/.hive, which git ignores, so `npm ci` stays lean.
 */
export const HIVE_GATEWAY_VERSION = '2.15.1';
export const HIVE_DIR = join(__dirname, '..', '..', 'bench', '.hive');

export function ensureHiveGateway(): string {
  const entry = join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway');
  if (!existsSync(join(entry, 'package.json')) || require(join(entry, 'package.json')).version !== HIVE_GATEWAY_VERSION) {
    console.log(`Installing @graphql-hive/gateway@${HIVE_GATEWAY_VERSION} into bench/.hive (once) ...`);
    execFileSync('npm', ['install', '--prefix', HIVE_DIR, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `@graphql-hive/gateway@${HIVE_GATEWAY_VERSION}`], {
      stdio: 'inherit',
    });
  }
  return entry;
}

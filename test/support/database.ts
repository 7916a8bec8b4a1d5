import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

const LOCAL_POSTGRES = `postgres://${process.env.PGUSER || process.env.USER || 'postgres'}@127.0.0.1:5432/test`;

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A database of its own for one test file, so files run in parallel and twice
 * in a row. TEST_DATABASE_URL if set (`embedded` forces PGlite), else the
 * local PostgreSQL if it answers, else PGlite in memory.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const configured = process.env.TEST_DATABASE_URL;
  const adminUrl = configured === 'embedded' ? null : configured || ((await answers(LOCAL_POSTGRES)) ? LOCAL_POSTGRES : null);
  if (!adminUrl) {
    const pg = await startEmbeddedPostgresProcess();
    return { url: pg.url, kind: 'embedded', drop: () => pg.stop() };
  }
  const name = `cmg_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * PGlite in a child process: jest's module sandbox cannot load its WebAssembly
 * (dynamic import), and a process of its own keeps it off the test's event loop.
 */
export function startEmbeddedPostgresProcess(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'embedded-postgres.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (url) => resolve({ url, stop }));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
}

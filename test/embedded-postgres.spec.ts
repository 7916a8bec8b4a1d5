import { Pool } from 'pg';
import { startEmbeddedPostgresProcess } from './support/database';

/**
 * The embedded default's wire-protocol server (scripts/embedded-postgres.ts):
 * one PGlite session shared by many connections, handed to one connection
 * until it is idle again, so that concurrent extended-protocol queries and
 * transactions never interleave (pglite-socket's queue does: electric-sql/pglite#1046).
 */
describe('embedded PostgreSQL over the wire protocol', () => {
  let pg: { url: string; stop(): Promise<void> };
  let pool: Pool;
  beforeAll(async () => {
    pg = await startEmbeddedPostgresProcess();
    pool = new Pool({ connectionString: pg.url, max: 20 });
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('answers 200 concurrent parameterised queries each with its own parameters', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query('SELECT $1::int + $2::int AS s, $3::text AS t', [i, 1, `x${i}`]).then((r) => r.rows[0])),
    );
    results.forEach((row, i) => expect(row).toEqual({ s: i + 1, t: `x${i}` }));
  });

  it('loses no update under 50 concurrent read-modify-write transactions', async () => {
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const { rows } = await c.query('SELECT n FROM counter WHERE id = $1 FOR UPDATE', [1]);
          await c.query('UPDATE counter SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    expect((await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n).toBe(50);
  });

  it('rolls back the transaction of a client that goes away, and serves the others', async () => {
    const c = await pool.connect();
    await c.query('BEGIN');
    await c.query('UPDATE counter SET n = 999 WHERE id = 1');
    c.release(new Error('gone')); // destroys the connection mid-transaction
    const { rows } = await pool.query('SELECT n FROM counter WHERE id = 1');
    expect(rows[0].n).toBe(50);
  });
});

import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'

/**
 * One PGlite backend session shared by many client connections. A connection
 * holds the session from its first message until PGlite answers ReadyForQuery
 * with status idle: an extended-protocol batch (Parse..Sync) or an open
 * transaction is never interleaved with another connection's messages.
 *
 * (@electric-sql/pglite-socket schedules single messages and keeps affinity only
 * inside transactions, so concurrent parameterised queries clobber each other's
 * unnamed statement: electric-sql/pglite#1046. This replaces its queue.)
 */
class SharedSession {
  private holder: Connection | null = null;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly db: PGlite) {}

  async acquire(conn: Connection): Promise<void> {
    while (this.holder !== null && this.holder !== conn) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.holder = conn;
  }

  release(conn: Connection): void {
    if (this.holder !== conn) return;
    this.holder = null;
    this.waiters.shift()?.();
  }

  holds(conn: Connection): boolean {
    return this.holder === conn;
  }
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: Buffer[] = [];
  private processing = false;
  private started = false;
  private closed = false;
  /** The last bytes PGlite wrote, to see a ReadyForQuery at the end of its answer. */
  private tail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly socket: net.Socket,
    private readonly session: SharedSession,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => void this.close());
    socket.on('close', () => void this.close());
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      // The startup packet has no type byte; every later message has one.
      const headerLength = this.started ? 5 : 4;
      if (this.buffer.length < headerLength) break;
      const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
      if (this.buffer.length < length) break;
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      if (!this.started) {
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) continue;
        this.started = true;
      }
      this.queue.push(Buffer.from(message));
    }
    if (!this.processing) void this.process();
  }

  private async process(): Promise<void> {
    this.processing = true;
    try {
      while (this.queue.length && !this.closed) {
        const message = this.queue.shift()!;
        if (message[0] === TERMINATE && this.started) {
          this.socket.end();
          break;
        }
        await this.session.acquire(this);
        if (this.closed) break;
        await this.session.db.runExclusive(() =>
          this.session.db.execProtocolRawStream(new Uint8Array(message), {
            onRawData: (data) => {
              if (!this.closed && this.socket.writable) this.socket.write(data);
              this.remember(data);
            },
          }),
        );
        if (this.readyAndIdle()) this.session.release(this);
      }
    } catch (err) {
      this.socket.destroy(err as Error);
      await this.close();
    } finally {
      this.processing = false;
    }
  }

  private remember(data: Uint8Array): void {
    const joined = Buffer.concat([this.tail, Buffer.from(data)]);
    this.tail = joined.subarray(Math.max(0, joined.length - 6));
  }

  private readyAndIdle(): boolean {
    const t = this.tail;
    return t.length === 6 && t[0] === READY_FOR_QUERY && t.readInt32BE(1) === 5 && t[5] === 0x49; // 'I'
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    if (this.session.holds(this)) {
      // A client gone mid-transaction must not keep the session: roll back, then pass it on.
      try {
        if (this.session.db.isInTransaction()) await this.session.db.exec('ROLLBACK');
      } finally {
        this.session.release(this);
      }
    }
  }
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served over the wire protocol so
 * that the subgraphs use pg, TypeORM, migrations and transactions exactly as
 * against a real server. `dataDir` undefined keeps everything in memory.
 *
 * Being one session, it runs one transaction at a time across all
 * connections: code must never hold a transaction open while it waits for
 * another connection (or another subgraph). Session state (SET, session
 * advisory locks) is shared by every connection.
 */
export async function startEmbeddedPostgres(o: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(o.dataDir);
  const session = new SharedSession(db);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket, session);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

/** `node dist/scripts/embedded-postgres.js [dataDir]`: serves PGlite and prints its URL (used by the tests). */
if (require.main === module) {
  startEmbeddedPostgres({ dataDir: process.argv[2], port: Number(process.env.PORT ?? 0) }).then(
    (pg) => {
      console.log(pg.url);
      const stop = () => pg.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

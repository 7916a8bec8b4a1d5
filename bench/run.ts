import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Pool } from 'pg';
import { mintToken } from '../subgraphs/common/auth';
import { benchId, generateDataset } from './dataset';
import { formatTable, load, loop, type Figures } from './measure';
import { run, waitFor, type Proc } from './processes';
import { CARD_QUERY, CARD_SQL, PAGE_QUERY, AGING_QUERY } from './queries';
import { CpuMeter, pidsMatching } from './cpu';
import { ensureHiveGateway } from './hive-install';

/**
 * `npm run bench [-- --accounts 10000 | --large] [--seconds 10] [--workers 1] [--fresh] [--no-hive]`
 *
 * Builds (or reuses) a PostgreSQL database with the dataset, runs each
 * subgraph and the gateway as a process of its own (as production does),
 * Hive Gateway over the same subgraphs, and measures with autocannon: the
 * account card at concurrency 1 and 32, a page of 50 cards, receivablesAging
 * by classification, and the floor (the card's data in one hand-written SQL
 * statement). Then the same system as one process whose gateway calls the
 * subgraphs in-process (SUBGRAPH_TRANSPORT=in-process). Prints a table;
 * writes bench/results/<accounts>.json. `--only card,page,aging,floor,single`.
 */
const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    large: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    'no-hive': { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
    ablation: { type: 'boolean', default: false },
  },
});

const ACCOUNTS = args.large ? 1_000_000 : Number(args.accounts);
const SECONDS = Number(args.seconds);
const SECRET = randomBytes(32).toString('hex');
const DATASET_VERSION = 2;
const ADMIN_URL = process.env.BENCH_DATABASE_URL || `postgres://${process.env.PGUSER || process.env.USER || 'postgres'}@127.0.0.1:5432/postgres`;
const PORTS = { gateway: 4500, accounts: 4501, contacts: 4502, transactions: 4503, 'credit-control': 4504, hive: 4510, single: 4520 };

function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** BENCH_CPU_PROF=<dir>: V8 CPU profiles of the gateway and every subgraph, for finding where the time goes. */
const profileArgs = () => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);

const randomAccount = () => benchId('a', 1 + Math.floor(Math.random() * ACCOUNTS));

async function prepareDatabase(): Promise<{ url: string; fresh: boolean }> {
  const name = `cmg_bench_${ACCOUNTS}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (exists && !args.fresh) {
      const c = new Client({ connectionString: databaseUrl(name) });
      await c.connect();
      const ok = await c
        .query('SELECT accounts, version FROM public.bench_meta')
        .then((r) => r.rows[0]?.accounts === ACCOUNTS && r.rows[0]?.version === DATASET_VERSION)
        .catch(() => false);
      await c.end();
      if (ok) return { url: databaseUrl(name), fresh: false };
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    return { url: databaseUrl(name), fresh: true };
  } finally {
    await admin.end();
  }
}

function subgraphUrls(): Record<string, string> {
  return {
    ACCOUNTS_URL: `http://127.0.0.1:${PORTS.accounts}/graphql`,
    CONTACTS_URL: `http://127.0.0.1:${PORTS.contacts}/graphql`,
    TRANSACTIONS_URL: `http://127.0.0.1:${PORTS.transactions}/graphql`,
    CREDIT_CONTROL_URL: `http://127.0.0.1:${PORTS['credit-control']}/graphql`,
  };
}

async function main(): Promise<void> {
  console.log(`Benchmark: ${ACCOUNTS.toLocaleString('en')} accounts, ${SECONDS} s per measurement, ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const db = await prepareDatabase();
  const env = { DATABASE_URL: db.url, AUTH_SECRET: SECRET, NODE_ENV: 'production', DB_POOL_SIZE: '20', ...subgraphUrls() };
  const procs: Proc[] = [];
  const stopAll = () => Promise.all(procs.map((p) => p.stop()));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  try {
    const startSubgraphs = async (extra: Record<string, string>) => {
      for (const name of ['accounts', 'contacts', 'transactions', 'credit-control'] as const) {
        procs.push(run(name, `subgraphs/${name}/main.js`, { ...env, HOST: '127.0.0.1', ...extra }, profileArgs()));
      }
      for (const name of ['accounts', 'contacts', 'transactions', 'credit-control'] as const) await waitFor(`http://127.0.0.1:${PORTS[name]}/health`);
    };
    const startGateway = async (extra: Record<string, string>) => {
      procs.push(run('gateway', 'gateway/main.js', { ...env, PORT: String(PORTS.gateway), HOST: '127.0.0.1', GATEWAY_WORKERS: args.workers, ...extra }, profileArgs()));
      await waitFor(`http://127.0.0.1:${PORTS.gateway}/ready`);
    };
    await startSubgraphs({});

    if (db.fresh) {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const seconds = await generateDataset(client, { accounts: ACCOUNTS });
      await client.query('CREATE TABLE public.bench_meta (accounts int, version int, generated_at timestamptz DEFAULT now(), seconds numeric)');
      await client.query('INSERT INTO public.bench_meta (accounts, version, seconds) VALUES ($1, $2, $3)', [ACCOUNTS, DATASET_VERSION, seconds]);
      await client.end();
      console.log(`Dataset generated in ${seconds.toFixed(1)} s`);
    } else {
      console.log('Dataset reused (--fresh regenerates it)');
    }
    if (args['generate-only']) return;

    await startGateway({});
    if (!args['no-hive']) {
      procs.push(run('hive', 'bench/hive-gateway.js', { ...env, PORT: String(PORTS.hive), LOG_LEVEL: 'error', HIVE_GATEWAY_MODULE: ensureHiveGateway() }));
      await waitFor(`http://127.0.0.1:${PORTS.hive}/healthcheck`);
    }

    const token = await mintToken(SECRET, { sub: '00000000-0000-4000-8000-00000000beef', roles: ['admin'], securityLevel: 100, name: 'Bench', email: 'bench@example.com' });
    const ours = `http://127.0.0.1:${PORTS.gateway}/graphql`;
    const hive = `http://127.0.0.1:${PORTS.hive}/graphql`;
    const card = () => JSON.stringify({ query: CARD_QUERY, variables: { id: randomAccount() } });
    const page = () =>
      JSON.stringify({ query: PAGE_QUERY, variables: { codes: Array.from({ length: 50 }, () => String(1_000_000 + 1 + Math.floor(Math.random() * ACCOUNTS))) } });
    const aging = () => JSON.stringify({ query: AGING_QUERY });

    // One card through each gateway must be complete before anything is measured.
    for (const url of args['no-hive'] ? [ours] : [ours, hive]) {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: card() });
      const body = (await r.json()) as { data?: { account?: unknown }; errors?: unknown };
      if (!body.data?.account || body.errors) throw new Error(`${url} did not answer the card: ${JSON.stringify(body).slice(0, 500)}`);
    }

    const rows: Array<Record<string, string | number>> = [];
    const record = (what: string, gateway: string, c: number, f: Figures) => {
      rows.push({ measurement: what, via: gateway, concurrency: c, 'p50 ms': f.p50, 'p99 ms': f.p99, 'req/s': Math.round(f.rps), errors: f.errors });
      console.log(`  ${what} via ${gateway} at ${c}: p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms, ${Math.round(f.rps)} req/s, ${f.errors} errors`);
    };
    const gateways: Array<[string, string]> = args['no-hive'] ? [['ours', ours]] : [['ours', ours], ['hive', hive]];
    const want = (name: string) => !args.only || args.only.split(',').includes(name);

    if (args.ablation) {
      // Each tuning measured by turning it off (or on) alone; the system restarted for every variant.
      const variants: Array<[string, Record<string, string>, Record<string, string>]> = [
        ['as configured', {}, {}],
        ['global fetch to subgraphs', { GATEWAY_SUBGRAPH_FETCH: 'fetch' }, {}],
        ['no query plan cache (1 KiB)', { GATEWAY_QUERY_PLAN_CACHE_MIB: '0.0009765625' }, {}],
        ['SQL counting on (AsyncLocalStorage)', { SQL_STATEMENT_COUNT: 'true' }, { SQL_STATEMENT_COUNT: 'true' }],
        ['2 gateway workers', { GATEWAY_WORKERS: '2' }, {}],
      ];
      for (const [name, gatewayEnv, subgraphEnv] of variants) {
        await stopAll();
        procs.length = 0;
        await startSubgraphs(subgraphEnv);
        await startGateway(gatewayEnv);
        await load({ url: ours, token, body: card, connections: 8, seconds: 3 });
        record('card', name, 1, await load({ url: ours, token, body: card, connections: 1, seconds: SECONDS }));
        record('card', name, 32, await load({ url: ours, token, body: card, connections: 32, seconds: SECONDS }));
      }
      console.log(`\n${formatTable(rows)}\n`);
      return;
    }

    // Warm-up: JIT, query plan caches, connection pools.
    for (const [, url] of gateways) await load({ url, token, body: card, connections: 8, seconds: 3 });

    if (args.profile) {
      // Where the CPU of one card goes: ms per card in each process, under load at 16.
      const pidOf = (name: string) => () => procs.filter((p) => p.name === name).map((p) => p.child.pid!);
      const meter = new CpuMeter({
        gateway: () => [...pidOf('gateway')(), ...pidsMatching('dist/gateway/main.js'), ...pidOf('hive')()],
        accounts: pidOf('accounts'),
        contacts: pidOf('contacts'),
        transactions: pidOf('transactions'),
        'credit-control': pidOf('credit-control'),
        postgres: () => pidsMatching('postgres:'),
        'load generator': () => [process.pid],
      });
      for (const [name, url] of gateways) {
        meter.begin();
        const f = await load({ url, token, body: card, connections: 16, seconds: SECONDS });
        const used = meter.end();
        const total = Object.values(used).reduce((a, b) => a + b, 0);
        console.log(`\nCPU per card via ${name} (${f.requests} cards at 16, ${Math.round(f.rps)} req/s): ${(total / f.requests).toFixed(2)} ms in all`);
        for (const [group, ms] of Object.entries(used)) console.log(`  ${group.padEnd(16)} ${(ms / f.requests).toFixed(2)} ms`);
      }
      return;
    }

    if (want('card')) {
      for (const [name, url] of gateways) record('card', name, 1, await load({ url, token, body: card, connections: 1, seconds: SECONDS }));
      for (const [name, url] of gateways) record('card', name, 32, await load({ url, token, body: card, connections: 32, seconds: SECONDS }));
    }
    if (want('page')) {
      for (const [name, url] of gateways) record('page of 50 cards', name, 1, await load({ url, token, body: page, connections: 1, seconds: SECONDS }));
      for (const [name, url] of gateways) record('page of 50 cards', name, 8, await load({ url, token, body: page, connections: 8, seconds: SECONDS }));
    }
    if (want('aging')) {
      for (const [name, url] of gateways) record('receivablesAging by classification', name, 1, await load({ url, token, body: aging, connections: 1, seconds: Math.max(SECONDS, 30), timeout: 60 }));
    }
    if (want('floor')) {
      const pool = new Pool({ connectionString: db.url, max: 32 });
      const floor = () => pool.query(CARD_SQL, [randomAccount()]);
      await loop(floor, 8, 2);
      record('card, one SQL statement (floor)', 'pg', 1, await loop(floor, 1, SECONDS));
      record('card, one SQL statement (floor)', 'pg', 32, await loop(floor, 32, SECONDS));
      await pool.end();
    }

    if (want('single')) {
      // The same system as one process (npm start with DATABASE_URL), the gateway calling the subgraphs in-process.
      await stopAll();
      procs.length = 0;
      const single = run('single process', 'scripts/start.js', {
        ...env,
        PORT: String(PORTS.single),
        HOST: '127.0.0.1',
        DEMO_DATA: 'false',
        SUBGRAPH_TRANSPORT: 'in-process',
        ACCOUNTS_URL: `http://127.0.0.1:${PORTS.single + 1}/graphql`,
        CONTACTS_URL: `http://127.0.0.1:${PORTS.single + 2}/graphql`,
        TRANSACTIONS_URL: `http://127.0.0.1:${PORTS.single + 3}/graphql`,
        CREDIT_CONTROL_URL: `http://127.0.0.1:${PORTS.single + 4}/graphql`,
      }, profileArgs());
      procs.push(single);
      await waitFor(`http://127.0.0.1:${PORTS.single}/ready`);
      const url = `http://127.0.0.1:${PORTS.single}/graphql`;
      await load({ url, token, body: card, connections: 8, seconds: 3 });
      const name = 'ours, 1 process';
      record('card', name, 1, await load({ url, token, body: card, connections: 1, seconds: SECONDS }));
      record('card', name, 32, await load({ url, token, body: card, connections: 32, seconds: SECONDS }));
      record('page of 50 cards', name, 8, await load({ url, token, body: page, connections: 8, seconds: SECONDS }));
    }

    console.log(`\n${formatTable(rows)}\n`);
    const ratio = (what: string, c: number, via: string, key: 'p50 ms' | 'req/s') =>
      Number(rows.find((r) => r.measurement === what && r.concurrency === c && r.via === via)?.[key]);
    const oursP50 = ratio('card', 1, 'ours', 'p50 ms');
    const floorP50 = ratio('card, one SQL statement (floor)', 1, 'pg', 'p50 ms');
    const hiveP50 = ratio('card', 1, 'hive', 'p50 ms');
    const oursRps = ratio('card', 32, 'ours', 'req/s');
    const hiveRps = ratio('card', 32, 'hive', 'req/s');
    const floorRps = ratio('card, one SQL statement (floor)', 32, 'pg', 'req/s');
    const ratios = {
      'card p50 ours/floor': oursP50 / floorP50,
      'card p50 ours/hive': oursP50 / hiveP50,
      'card req/s at 32 ours/floor': oursRps / floorRps,
      'card req/s at 32 ours/hive': oursRps / hiveRps,
    };
    for (const [k, v] of Object.entries(ratios)) if (Number.isFinite(v)) console.log(`${k}: ${v.toFixed(2)}`);
    const dir = join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${ACCOUNTS}.json`),
      `${JSON.stringify({ accounts: ACCOUNTS, seconds: SECONDS, workers: Number(args.workers), at: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, rows, ratios }, null, 2)}\n`,
    );
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

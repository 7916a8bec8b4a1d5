require('reflect-metadata');
const { run, waitFor } = require('./dist/bench/processes.js');
const { load } = require('./dist/bench/measure.js');
const { CpuMeter, pidsMatching } = require('./dist/bench/cpu.js');
const { mintToken } = require('./dist/subgraphs/common/auth.js');
const { CARD_QUERY } = require('./dist/bench/queries.js');
const { benchId } = require('./dist/bench/dataset.js');
(async () => {
  const SECRET = 'y'.repeat(40);
  const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cmg_bench_10000', AUTH_SECRET: SECRET, NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'false', PORT: '4700',
    ACCOUNTS_URL: 'http://127.0.0.1:4701/graphql', CONTACTS_URL: 'http://127.0.0.1:4702/graphql', TRANSACTIONS_URL: 'http://127.0.0.1:4703/graphql', CREDIT_CONTROL_URL: 'http://127.0.0.1:4704/graphql', DB_POOL_SIZE: '10' };
  const p = run('all', 'scripts/start.js', env, process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof1'] : []);
  await waitFor('http://127.0.0.1:4700/ready');
  const token = await mintToken(SECRET, { sub: '00000000-0000-4000-8000-00000000beef', roles: ['admin'], securityLevel: 100 });
  const meter = new CpuMeter({ node: () => [p.child.pid], postgres: () => pidsMatching('postgres:'), bench: () => [process.pid] });
  const body = () => JSON.stringify({ query: CARD_QUERY, variables: { id: benchId('a', 1 + Math.floor(Math.random() * 10000)) } });
  await load({ url: 'http://127.0.0.1:4700/graphql', token, body, connections: 8, seconds: 3 });
  for (const c of (process.env.PROF ? [32] : [1, 32])) {
    meter.begin();
    const f = await load({ url: 'http://127.0.0.1:4700/graphql', token, body, connections: c, seconds: 8 });
    const used = meter.end();
    console.log(`c=${c}: ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99}, errors ${f.errors}, CPU/card node ${(used.node / f.requests).toFixed(2)} pg ${(used.postgres / f.requests).toFixed(2)} bench ${(used.bench / f.requests).toFixed(2)}`);
  }
  await p.stop(); process.exit(0);
})();

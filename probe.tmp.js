require('reflect-metadata');
const { run, waitFor } = require('./dist/bench/processes.js');
const { load } = require('./dist/bench/measure.js');
const { CpuMeter } = require('./dist/bench/cpu.js');
const { mintToken } = require('./dist/subgraphs/common/auth.js');
const { benchId } = require('./dist/bench/dataset.js');
(async () => {
  const SECRET = 'y'.repeat(40);
  const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cmg_bench_10000', AUTH_SECRET: SECRET, NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const p = run('contacts', 'subgraphs/contacts/main.js', { ...env, PORT: '4602' });
  const t = run('transactions', 'subgraphs/transactions/main.js', { ...env, PORT: '4603' });
  await waitFor('http://127.0.0.1:4602/health'); await waitFor('http://127.0.0.1:4603/health');
  const token = await mintToken(SECRET, { sub: 'service:bench', roles: ['service'] });
  const meter = new CpuMeter({ contacts: () => [p.child.pid], transactions: () => [t.child.pid], bench: () => [process.pid] });
  const cases = [
    ['contacts', 4602, '{ __typename }', {}],
    ['contacts', 4602, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { contacts { fullName jobTitle email emailValid } mainContact { fullName email phone } } } }', () => ({ r: [{ __typename: 'Account', id: benchId('a', 1 + Math.floor(Math.random() * 10000)) }] })],
    ['transactions', 4603, '{ __typename }', {}],
    ['transactions', 4603, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { receivables { balance { amount currency } overdue { amount } aging { over90 { amount } } } documents(types: [SALES_ORDER], first: 10) { edges { node { ref status total { amount } } } } } } }', () => ({ r: [{ __typename: 'Account', id: benchId('a', 1 + Math.floor(Math.random() * 10000)), currency: 'EUR' }] })],
  ];
  for (const [name, port, query, vars] of cases) {
    const body = () => JSON.stringify({ query, variables: typeof vars === 'function' ? vars() : vars });
    await load({ url: `http://127.0.0.1:${port}/graphql`, token, body, connections: 4, seconds: 2 });
    meter.begin();
    const f = await load({ url: `http://127.0.0.1:${port}/graphql`, token, body, connections: 8, seconds: 5 });
    const used = meter.end();
    console.log(`${name} ${query.slice(0, 40)}: ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, errors ${f.errors}, CPU/req ${(used[name] / f.requests).toFixed(3)} ms (bench ${(used.bench / f.requests).toFixed(3)})`);
  }
  await p.stop(); await t.stop(); process.exit(0);
})();

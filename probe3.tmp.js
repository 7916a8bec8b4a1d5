require('reflect-metadata');
process.env.LOG_LEVEL = 'trace';
const { startSystem } = require('./dist/scripts/system.js');
const { CARD_QUERY } = require('./dist/bench/queries.js');
const { benchId } = require('./dist/bench/dataset.js');
const { mintToken } = require('./dist/subgraphs/common/auth.js');
(async () => {
  const sys = await startSystem({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/cmg_bench_10000', authSecret: 'x'.repeat(32), gatewayPort: 0 });
  const token = await mintToken('x'.repeat(32), { roles: ['admin'], securityLevel: 100, sub: '00000000-0000-4000-8000-00000000beef' });
  const q = () => fetch(sys.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ query: CARD_QUERY, variables: { id: benchId('a', 42) } }) }).then(r => r.text());
  await q();
  console.error('=== MARK ===');
  await q();
  await sys.stop(); process.exit(0);
})();

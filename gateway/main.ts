import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './server';

/**
 * The gateway alone: `npm run start:gateway`. With GATEWAY_WORKERS > 1 (or
 * `auto`: one per core) a node cluster runs that many gateways on one port;
 * they share nothing, so this is the same as running replicas.
 */
function workerCount(): number {
  const raw = process.env.GATEWAY_WORKERS ?? '1';
  if (raw === 'auto') return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`GATEWAY_WORKERS must be a positive integer or auto, got "${raw}"`);
  return n;
}

function serve(): void {
  startGateway(gatewayOptionsFromEnv())
    .then((g) => {
      console.log(JSON.stringify({ level: 'info', msg: 'gateway listening', url: g.url, pid: process.pid }));
      const shutdown = () => g.stop().then(() => process.exit(0), () => process.exit(1));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((err) => {
      console.error('The gateway could not start:', err);
      process.exit(1);
    });
}

const workers = workerCount();
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    console.error(JSON.stringify({ level: 'error', msg: 'gateway worker died; starting another', pid: worker.process.pid, code }));
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} else {
  serve();
}

import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './server';

/** The gateway alone: `npm run start:gateway`. */
startGateway(gatewayOptionsFromEnv())
  .then((g) => {
    console.log(JSON.stringify({ level: 'info', msg: 'gateway listening', url: g.url }));
    const shutdown = () => g.stop().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  })
  .catch((err) => {
    console.error('The gateway could not start:', err);
    process.exit(1);
  });

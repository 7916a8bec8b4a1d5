import 'reflect-metadata';
import { logger, serveFromEnv } from '../common';
import { accountsSubgraph } from './index';

serveFromEnv(accountsSubgraph).catch((err) => {
  logger.fatal({ err }, 'the accounts subgraph could not start');
  process.exit(1);
});

import 'reflect-metadata';
import { logger, serveFromEnv } from '../common';
import { transactionsSubgraph } from './index';

serveFromEnv(transactionsSubgraph).catch((err) => {
  logger.fatal({ err }, 'the transactions subgraph could not start');
  process.exit(1);
});

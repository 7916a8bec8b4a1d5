import 'reflect-metadata';
import { logger, serveFromEnv } from '../common';
import { creditControlSubgraph } from './index';

serveFromEnv(creditControlSubgraph).catch((err) => {
  logger.fatal({ err }, 'the credit-control subgraph could not start');
  process.exit(1);
});

import 'reflect-metadata';
import { logger, serveFromEnv } from '../common';
import { contactsSubgraph } from './index';

serveFromEnv(contactsSubgraph).catch((err) => {
  logger.fatal({ err }, 'the contacts subgraph could not start');
  process.exit(1);
});

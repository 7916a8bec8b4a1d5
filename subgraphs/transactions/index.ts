import type { DataSource } from 'typeorm';
import { buildFederatedSchema, buildSubgraphSdl, type RequestContext, type SubgraphModule } from '../common';
import { CreditGate } from './credit-gate';
import { DocumentQueryService } from './document-query.service';
import { DocumentRepository } from './document.repository';
import { DocumentService } from './document.service';
import { IdempotencyRepository } from './idempotency.repository';
import { LedgerRepository } from './ledger.repository';
import { migrations } from './migrations';
import { PaymentService } from './payment.service';
import { Posting } from './posting';
import { ReceivablesRepository } from './receivables.repository';
import { ReceivablesService } from './receivables.service';
import { schemaOptions } from './schema';
import { seedTransactionsDemo } from './transactions.demo';
import { createTransactionLoaders, type TransactionsLoaders } from './transactions.loaders';

export interface TransactionsServices {
  documentRepository: DocumentRepository;
  ledgerRepository: LedgerRepository;
  receivablesRepository: ReceivablesRepository;
  idempotencyRepository: IdempotencyRepository;
  posting: Posting;
  /** The credit decision: asks the credit-control subgraph. */
  creditGate: CreditGate;
  documentService: DocumentService;
  paymentService: PaymentService;
  documentQueryService: DocumentQueryService;
  receivablesService: ReceivablesService;
}

export type TransactionsContext = RequestContext<TransactionsServices, TransactionsLoaders>;

export function createTransactionsServices(ds: DataSource): TransactionsServices {
  const documentRepository = new DocumentRepository(ds);
  const ledgerRepository = new LedgerRepository();
  const receivablesRepository = new ReceivablesRepository(ds);
  const idempotencyRepository = new IdempotencyRepository(ds);
  const posting = new Posting(documentRepository, ledgerRepository);
  const creditGate = new CreditGate();
  return {
    documentRepository,
    ledgerRepository,
    receivablesRepository,
    idempotencyRepository,
    posting,
    creditGate,
    documentService: new DocumentService(ds, documentRepository, receivablesRepository, posting, creditGate),
    paymentService: new PaymentService(ds, documentRepository, idempotencyRepository, posting),
    documentQueryService: new DocumentQueryService(documentRepository),
    receivablesService: new ReceivablesService(receivablesRepository),
  };
}

export const transactionsSubgraph: SubgraphModule<TransactionsServices, TransactionsLoaders> = {
  name: 'transactions',
  dbSchema: 'transactions',
  // Every statement is hand-written SQL in the repositories; no TypeORM entities.
  entities: [],
  migrations,
  buildSchema: () => buildFederatedSchema(schemaOptions),
  buildSdl: () => buildSubgraphSdl(schemaOptions),
  createServices: createTransactionsServices,
  createLoaders: (ctx) => createTransactionLoaders(ctx),
  seedDemo: seedTransactionsDemo,
};

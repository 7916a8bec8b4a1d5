import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar, DecimalScalar, money, Money, type Connection } from '../common';
import { AccountRef } from './account.stub';
import { Allocation, Document, DocumentConnection, DocumentLine } from './document.entity';
import { AgingGroup } from './document.enums';
import { DocumentFilter } from './dto/document-filter.input';
import { DocumentInput } from './dto/document.input';
import { PaymentInput } from './dto/payment.input';
import type { TransactionsContext } from './index';
import { AgingRow, StatementLine } from './receivables.types';

/** After a write, the request's loaders must not answer from what they read before it. */
async function write<T>(ctx: TransactionsContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    ctx.loaders.clearDocuments();
  }
}

@Resolver(() => Document)
export class DocumentResolver {
  @Query(() => Document, { nullable: true, description: 'By id or by ref (e.g. "INV-000042")' })
  document(
    @Ctx() ctx: TransactionsContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('ref', () => String, { nullable: true }) ref?: string,
  ): Promise<Document | null> {
    return ctx.services.documentQueryService.document(ctx, id, ref);
  }

  @Query(() => DocumentConnection, { description: 'Newest first' })
  documents(
    @Ctx() ctx: TransactionsContext,
    @Arg('filter', () => DocumentFilter, { nullable: true }) filter?: DocumentFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Document>> {
    return ctx.services.documentQueryService.documents(ctx, filter, first, after);
  }

  @Query(() => [AgingRow], { description: 'BI: open invoices by days past due, per account (default) or classification, and currency' })
  receivablesAging(
    @Ctx() ctx: TransactionsContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
    @Arg('groupBy', () => AgingGroup, { nullable: true }) groupBy?: AgingGroup,
  ): Promise<AgingRow[]> {
    return ctx.services.receivablesService.aging(ctx, asOf, groupBy);
  }

  @Mutation(() => Document, { description: 'A quote, SENT' })
  createQuote(@Ctx() ctx: TransactionsContext, @Arg('input', () => DocumentInput) input: DocumentInput): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.createQuote(ctx, input));
  }

  @Mutation(() => Document, { description: 'Accepts the quote and returns the sales order it creates (through credit control); its source is the quote' })
  acceptQuote(@Ctx() ctx: TransactionsContext, @Arg('id', () => ID) id: string): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.acceptQuote(ctx, id));
  }

  @Mutation(() => Document, { description: 'SENT -> REJECTED' })
  rejectQuote(@Ctx() ctx: TransactionsContext, @Arg('id', () => ID) id: string): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.rejectQuote(ctx, id));
  }

  @Mutation(() => Document, { description: 'OPEN, or PENDING when credit control says so (or CREDIT_HOLD)' })
  createSalesOrder(@Ctx() ctx: TransactionsContext, @Arg('input', () => DocumentInput) input: DocumentInput): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.createSalesOrder(ctx, input));
  }

  @Mutation(() => Document, { description: 'PENDING -> OPEN once credit allows' })
  releaseSalesOrder(@Ctx() ctx: TransactionsContext, @Arg('id', () => ID) id: string): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.releaseSalesOrder(ctx, id));
  }

  @Mutation(() => Document, { description: 'Sold and paid at once: nets to zero on the balance, counts as money in' })
  createCashSale(@Ctx() ctx: TransactionsContext, @Arg('input', () => DocumentInput) input: DocumentInput): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.createCashSale(ctx, input));
  }

  @Mutation(() => Document, { description: 'Creates and returns the invoice of an OPEN order (source = the order); the order becomes FULFILLED' })
  invoiceSalesOrder(
    @Ctx() ctx: TransactionsContext,
    @Arg('id', () => ID) id: string,
    @Arg('dueDate', () => DateScalar, { nullable: true, description: 'Default: today + 30 days' }) dueDate?: string,
  ): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.invoiceSalesOrder(ctx, id, dueDate));
  }

  @Mutation(() => Document, { description: 'Due date defaults to date + 30 days' })
  createInvoice(@Ctx() ctx: TransactionsContext, @Arg('input', () => DocumentInput) input: DocumentInput): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.createInvoice(ctx, input));
  }

  @Mutation(() => Document)
  createCreditNote(@Ctx() ctx: TransactionsContext, @Arg('input', () => DocumentInput) input: DocumentInput): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.createCreditNote(ctx, input));
  }

  @Mutation(() => Document, { description: 'Idempotent on input.idempotencyKey' })
  recordPayment(@Ctx() ctx: TransactionsContext, @Arg('input', () => PaymentInput) input: PaymentInput): Promise<Document> {
    return write(ctx, () => ctx.services.paymentService.recordPayment(ctx, input));
  }

  @Mutation(() => Allocation, { description: 'A payment or credit note to an invoice, never more than either open amount' })
  allocate(
    @Ctx() ctx: TransactionsContext,
    @Arg('fromId', () => ID) fromId: string,
    @Arg('toId', () => ID) toId: string,
    @Arg('amount', () => DecimalScalar) amount: string,
  ): Promise<Allocation> {
    return write(ctx, () => ctx.services.paymentService.allocate(ctx, fromId, toId, amount));
  }

  @Mutation(() => Document, { description: 'Pays back unallocated funds; idempotent on input.idempotencyKey' })
  refund(@Ctx() ctx: TransactionsContext, @Arg('input', () => PaymentInput) input: PaymentInput): Promise<Document> {
    return write(ctx, () => ctx.services.paymentService.refund(ctx, input));
  }

  @Mutation(() => Document, { description: 'Only without allocations; the ledger effect is reversed' })
  voidDocument(@Ctx() ctx: TransactionsContext, @Arg('id', () => ID) id: string): Promise<Document> {
    return write(ctx, () => ctx.services.documentService.voidDocument(ctx, id));
  }

  @FieldResolver(() => AccountRef)
  account(@Root() doc: Document): Pick<AccountRef, 'id'> {
    return { id: doc.accountId };
  }

  @FieldResolver(() => [DocumentLine])
  lines(@Root() doc: Document, @Ctx() ctx: TransactionsContext): Promise<DocumentLine[]> {
    return ctx.loaders.linesByDocumentId.load(doc.id);
  }

  @FieldResolver(() => Money)
  total(@Root() doc: Document): Money {
    return money(doc.total, doc.currency);
  }

  @FieldResolver(() => Money, { description: "Invoices: unpaid; payments and credit notes: unallocated; orders: not yet invoiced" })
  openAmount(@Root() doc: Document): Money {
    return money(doc.openAmount, doc.currency);
  }

  @FieldResolver(() => Document, { nullable: true, description: 'quote -> order -> invoice' })
  async source(@Root() doc: Document, @Ctx() ctx: TransactionsContext): Promise<Document | null> {
    return doc.sourceId ? ctx.loaders.documentById.load(doc.sourceId) : null;
  }

  @FieldResolver(() => [Allocation])
  allocations(@Root() doc: Document, @Ctx() ctx: TransactionsContext): Promise<Allocation[]> {
    return ctx.loaders.allocationsByDocumentId.load(doc.id);
  }
}

@Resolver(() => Allocation)
export class AllocationResolver {
  @FieldResolver(() => Document)
  async from(@Root() a: Allocation, @Ctx() ctx: TransactionsContext): Promise<Document> {
    return (await ctx.loaders.documentById.load(a.fromId))!;
  }

  @FieldResolver(() => Document)
  async to(@Root() a: Allocation, @Ctx() ctx: TransactionsContext): Promise<Document> {
    return (await ctx.loaders.documentById.load(a.toId))!;
  }
}

@Resolver(() => StatementLine)
export class StatementLineResolver {
  @FieldResolver(() => Document)
  async document(@Root() line: StatementLine, @Ctx() ctx: TransactionsContext): Promise<Document> {
    return (await ctx.loaders.documentById.load(line.documentId))!;
  }
}

import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { DateScalar, Dec, money, Money, pageSize, toConnection, type Connection } from '../common';
import { assertMayRead, mayRead } from './account-access';
import { AccountRef } from './account.stub';
import { cursorOf, documentQuery } from './document-query.service';
import { Document, DocumentConnection } from './document.entity';
import { DocumentStatus, DocumentType, MoneyFlow } from './document.enums';
import type { TransactionsContext } from './index';
import { agingOf } from './receivables.service';
import { Aging, Receivables, Statement } from './receivables.types';

/**
 * What this subgraph adds to accounts. Everything loads through the request's
 * DataLoaders. Every field `@requires` the account's visibility stamp from the
 * accounts subgraph: without a valid one (a caller who comes here directly)
 * `documents` is empty and the others are NOT_FOUND, as for an unknown account.
 */
@Resolver(() => AccountRef)
export class AccountTransactionsResolver {
  @FieldResolver(() => Receivables)
  @Directive('@requires(fields: "currency visibilityStamp")')
  async receivables(@Root() account: AccountRef, @Ctx() ctx: TransactionsContext): Promise<Partial<Receivables>> {
    assertMayRead(ctx, account);
    const row = await ctx.loaders.balanceByAccountId.load(account.id);
    const currency = row?.currency ?? account.currency;
    return {
      accountId: account.id,
      currency,
      balance: money(row?.balance ?? 0, currency),
      unallocated: money(row?.unallocated ?? 0, currency),
      openOrders: money(row?.openOrders ?? 0, currency),
    };
  }

  @FieldResolver(() => DocumentConnection, { description: 'Newest first' })
  @Directive('@requires(fields: "visibilityStamp")')
  async documents(
    @Root() account: AccountRef,
    @Ctx() ctx: TransactionsContext,
    @Arg('types', () => [DocumentType], { nullable: true }) types?: DocumentType[],
    @Arg('statuses', () => [DocumentStatus], { nullable: true }) statuses?: DocumentStatus[],
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('open', () => Boolean, { nullable: true, description: 'true: only documents with an open amount' }) open?: boolean,
    @Arg('overdue', () => Boolean, { nullable: true, description: 'true: only invoices past due' }) overdue?: boolean,
    @Arg('flow', () => MoneyFlow, { nullable: true, description: 'Money in (payments, cash sales) or out (refunds)' }) flow?: MoneyFlow,
  ): Promise<Connection<Document>> {
    const limit = pageSize(first);
    const query = documentQuery({ types, statuses, open, overdue, flow }, after);
    if (!query || !mayRead(ctx, account)) return toConnection([], limit, cursorOf, () => 0);
    const rows = await ctx.loaders.documentsByAccount.load(JSON.stringify({ accountId: account.id, query, limit: limit + 1 }));
    const { after: _cursor, ...counted } = query;
    return toConnection(rows, limit, cursorOf, () => ctx.loaders.documentCountByAccount.load(JSON.stringify({ accountId: account.id, query: counted })));
  }

  @FieldResolver(() => Statement, { description: 'No from: all open items; with from: the period' })
  @Directive('@requires(fields: "currency visibilityStamp")')
  statement(
    @Root() account: AccountRef,
    @Ctx() ctx: TransactionsContext,
    @Arg('from', () => DateScalar, { nullable: true }) from?: string,
    @Arg('to', () => DateScalar, { nullable: true }) to?: string,
  ): Promise<Statement> {
    return ctx.services.receivablesService.statement(ctx, account, from, to);
  }

  @FieldResolver(() => Boolean, { description: 'Any document at all, voided ones included (accounts asks before deleting)' })
  @Directive('@requires(fields: "visibilityStamp")')
  async hasTransactions(@Root() account: AccountRef, @Ctx() ctx: TransactionsContext): Promise<boolean> {
    assertMayRead(ctx, account);
    const row = await ctx.loaders.balanceByAccountId.load(account.id);
    return (row?.documentCount ?? 0) > 0;
  }
}

@Resolver(() => Receivables)
export class ReceivablesResolver {
  @FieldResolver(() => Money)
  async overdue(@Root() r: Receivables, @Ctx() ctx: TransactionsContext): Promise<Money> {
    const a = await ctx.loaders.agingByAccountId.load(r.accountId);
    const past = a ? new Dec(a.days1to30).plus(a.days31to60).plus(a.days61to90).plus(a.over90) : 0;
    return money(past, r.currency);
  }

  @FieldResolver(() => Aging)
  async aging(@Root() r: Receivables, @Ctx() ctx: TransactionsContext): Promise<Aging> {
    return agingOf(await ctx.loaders.agingByAccountId.load(r.accountId), r.currency);
  }
}

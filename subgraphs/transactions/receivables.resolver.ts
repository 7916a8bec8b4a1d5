import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { money } from '../common';
import { AccountRef } from './account.stub';
import { Receivables } from './receivables.types';
import type { TransactionsContext } from './index';

@Resolver(() => AccountRef)
export class AccountReceivablesResolver {
  @FieldResolver(() => Receivables)
  @Directive('@requires(fields: "currency")')
  async receivables(@Root() account: AccountRef, @Ctx() ctx: TransactionsContext): Promise<Receivables> {
    const row = await ctx.loaders.balanceByAccountId.load(account.id);
    const currency = row?.currency ?? account.currency;
    return {
      balance: money(row?.balance ?? 0, currency),
      overdue: money(0, currency),
      unallocated: money(row?.unallocated ?? 0, currency),
      openOrders: money(row?.openOrders ?? 0, currency),
    };
  }

  @FieldResolver(() => Boolean)
  async hasTransactions(@Root() account: AccountRef, @Ctx() ctx: TransactionsContext): Promise<boolean> {
    const row = await ctx.loaders.balanceByAccountId.load(account.id);
    return (row?.documentCount ?? 0) > 0;
  }
}

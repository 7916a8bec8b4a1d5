import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { Dec, money } from '../common';
import { AccountRef } from './account.stub';
import { CreditStatus, HoldReason } from './credit.types';
import type { CreditControlContext } from './index';

@Resolver(() => AccountRef)
export class AccountCreditResolver {
  @FieldResolver(() => CreditStatus)
  @Directive('@requires(fields: "receivables { balance { amount currency } overdue { amount } openOrders { amount } }")')
  async credit(@Root() account: AccountRef, @Ctx() ctx: CreditControlContext): Promise<CreditStatus> {
    const terms = await ctx.loaders.creditByAccountId.load(account.id);
    const { balance, openOrders } = account.receivables;
    const currency = balance.currency;
    const exposure = new Dec(balance.amount).plus(openOrders.amount);
    const limit = terms?.creditLimit ?? null;
    const holdReasons: HoldReason[] = [];
    if (limit !== null && exposure.gt(limit)) holdReasons.push(HoldReason.CREDIT_LIMIT_EXCEEDED);
    return {
      limit: limit === null ? null : money(limit, currency),
      exposure: money(exposure, currency),
      available: limit === null ? null : money(new Dec(limit).minus(exposure), currency),
      onHold: holdReasons.length > 0,
      holdReasons,
    };
  }
}

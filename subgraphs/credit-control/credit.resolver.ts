import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DecimalScalar, type Connection } from '../common';
import { AccountConnection, AccountRef } from './account.stub';
import type { CreditPolicyRow } from './credit.entity';
import { CreditCheckMode, OnHoldAction } from './credit.enums';
import { CreditPolicy, CreditStatus } from './credit.types';
import { CreditDecision } from './decision.types';
import { CreditCheckInput } from './dto/credit-check.input';
import type { CreditControlContext } from './index';

@Resolver(() => AccountRef)
export class AccountCreditResolver {
  /** Only with accounts' visibility stamp (services need none); without one, NOT_FOUND as for an unknown account. */
  @FieldResolver(() => CreditStatus, { description: "Derived from the account's receivables (owned by transactions)" })
  @Directive('@requires(fields: "visibilityStamp receivables { balance { amount currency } overdue { amount } openOrders { amount } }")')
  credit(@Root() account: AccountRef, @Ctx() ctx: CreditControlContext): Promise<CreditStatus> {
    return ctx.services.creditService.statusOf(ctx, account, account.receivables);
  }
}

@Resolver()
export class CreditResolver {
  @Query(() => CreditPolicy)
  creditPolicy(@Ctx() ctx: CreditControlContext): Promise<CreditPolicyRow> {
    return ctx.services.creditService.policy(ctx);
  }

  @Query(() => AccountConnection, { description: 'Accounts held by hand or by the current credit policy, for the collections team' })
  accountsOnHold(
    @Ctx() ctx: CreditControlContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<AccountRef>> {
    return ctx.services.onHoldService.accountsOnHold(ctx, first, after);
  }

  @Mutation(() => CreditPolicy)
  setCreditPolicy(
    @Ctx() ctx: CreditControlContext,
    @Arg('checkMode', () => CreditCheckMode) checkMode: CreditCheckMode,
    @Arg('onHoldAction', () => OnHoldAction) onHoldAction: OnHoldAction,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CreditPolicyRow> {
    return ctx.services.creditService.setPolicy(ctx, checkMode, onHoldAction, expectedVersion);
  }

  @Mutation(() => CreditStatus, { description: "limit in the account's currency; null removes the limit" })
  setCreditLimit(
    @Ctx() ctx: CreditControlContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('limit', () => DecimalScalar, { nullable: true }) limit?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CreditStatus> {
    return ctx.services.creditService.setLimit(ctx, accountId, limit, expectedVersion);
  }

  @Mutation(() => CreditStatus, { description: 'Holding a held account keeps when and by whom it was held; a given note replaces the old one' })
  holdAccount(
    @Ctx() ctx: CreditControlContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CreditStatus> {
    return ctx.services.creditService.hold(ctx, accountId, note, expectedVersion);
  }

  @Mutation(() => CreditStatus, { description: 'Ends a manual hold; an account not held by hand is returned unchanged. Holds by the policy end with the figures.' })
  releaseAccountHold(
    @Ctx() ctx: CreditControlContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CreditStatus> {
    return ctx.services.creditService.release(ctx, accountId, expectedVersion);
  }
}

/** What transactions asks before a sales order or cash sale: service identity only, absent from the public API. */
@Resolver()
export class CreditDecisionResolver {
  @Query(() => CreditDecision, { description: 'Internal: the credit decision on a new sales order or cash sale' })
  @Directive('@inaccessible')
  creditDecision(@Ctx() ctx: CreditControlContext, @Arg('input', () => CreditCheckInput) input: CreditCheckInput): Promise<CreditDecision> {
    return ctx.services.creditService.decide(ctx, input);
  }
}

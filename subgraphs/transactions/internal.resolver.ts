import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { TransactionsContext } from './index';
import { AccountFigures } from './receivables.types';

/**
 * For the credit-control subgraph: `@inaccessible` (absent from the public
 * supergraph) and for the service identity only.
 */
@Resolver()
export class InternalResolver {
  @Query(() => [AccountFigures], { description: 'The figures of the asked accounts that have documents, in one statement' })
  @Directive('@inaccessible')
  accountFigures(@Ctx() ctx: TransactionsContext, @Arg('accountIds', () => [ID]) accountIds: string[]): Promise<AccountFigures[]> {
    return ctx.services.receivablesService.figures(ctx, accountIds);
  }

  @Query(() => [ID], { description: 'Accounts with an invoice past due and open today' })
  @Directive('@inaccessible')
  accountIdsWithOverdue(@Ctx() ctx: TransactionsContext): Promise<string[]> {
    return ctx.services.receivablesService.accountIdsWithOverdue(ctx);
  }
}

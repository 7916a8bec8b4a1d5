import { Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { visibilityOf } from './account.visibility';
import type { AccountsContext } from './index';

/**
 * For the other subgraphs, `@inaccessible` (absent from the public supergraph).
 * Called with the user's token: the answer is for that caller.
 */
@Resolver()
export class InternalResolver {
  @Query(() => [ID], {
    description:
      'Internal: accounts the caller may not see (deleted unless account:restore, above their security level); other subgraphs exclude them from lists. A portal user is further limited to their own account by each subgraph.',
  })
  @Directive('@inaccessible')
  hiddenAccountIds(@Ctx() ctx: AccountsContext): Promise<string[]> {
    return ctx.services.accountRepository.hiddenIds(visibilityOf(ctx.identity));
  }
}

import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { badInput, requireService } from '../common';
import type { AccountsContext } from './index';

@ObjectType({ simpleResolvers: true })
@Directive('@inaccessible')
export class ClassificationGroup {
  @Field(() => String, { nullable: true, description: 'null: accounts without a classification' })
  classification: string | null;

  @Field(() => [ID])
  accountIds: string[];
}

/** For the other subgraphs: `@inaccessible` (absent from the public supergraph) and for the service identity only. */
@Resolver()
export class InternalResolver {
  /**
   * The accounts a user may not see (account.visibility.ts: deleted unless
   * they may restore, above their security level), for the other subgraphs'
   * lists across accounts. They pass the user's verified claims; a user never
   * gets the list itself (it would name accounts they may not see). A portal
   * user is further limited to their own account by each subgraph.
   */
  @Query(() => [ID], { description: 'Internal: accounts hidden from a user with this security level and restore right' })
  @Directive('@inaccessible')
  hiddenAccountIds(
    @Ctx() ctx: AccountsContext,
    @Arg('securityLevel', () => Int) securityLevel: number,
    @Arg('mayRestore', () => Boolean) mayRestore: boolean,
  ): Promise<string[]> {
    requireService(ctx.identity);
    if (!Number.isInteger(securityLevel) || securityLevel < 0) throw badInput('securityLevel', 'securityLevel must be an integer >= 0');
    return ctx.services.accountRepository.hiddenIds({ all: false, includeDeleted: mayRestore, maxSecurityLevel: securityLevel, onlyAccountId: null });
  }

  /**
   * Every account a user may see, grouped by classification: for reports that
   * aggregate by classification across all accounts (transactions'
   * receivablesAging). One call and one statement, however many accounts.
   */
  @Query(() => [ClassificationGroup], { description: 'Internal: the accounts a user with this security level and restore right may see, by classification' })
  @Directive('@inaccessible')
  accountsByClassification(
    @Ctx() ctx: AccountsContext,
    @Arg('securityLevel', () => Int) securityLevel: number,
    @Arg('mayRestore', () => Boolean) mayRestore: boolean,
  ): Promise<ClassificationGroup[]> {
    requireService(ctx.identity);
    if (!Number.isInteger(securityLevel) || securityLevel < 0) throw badInput('securityLevel', 'securityLevel must be an integer >= 0');
    return ctx.services.accountRepository.idsByClassification(securityLevel, mayRestore);
  }
}

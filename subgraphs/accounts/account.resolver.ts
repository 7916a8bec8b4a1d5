import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { isUuid } from '../common';
import { Account } from './account.entity';
import { CreateAccountInput } from './dto/create-account.input';
import type { AccountsContext } from './index';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true })
  async account(
    @Ctx() ctx: AccountsContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ): Promise<Account | null> {
    if (id) return isUuid(id) ? ctx.loaders.accountById.load(id.toLowerCase()) : null;
    if (code) return ctx.services.accountRepository.findByCode(code);
    return null;
  }

  @Mutation(() => Account)
  async createAccount(@Ctx() ctx: AccountsContext, @Arg('input', () => CreateAccountInput) input: CreateAccountInput): Promise<Account> {
    return ctx.services.accountService.create(ctx.identity, input);
  }
}

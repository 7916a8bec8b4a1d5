import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound, uuid } from '../common';
import { Account } from './account.entity';
import { RequestStatus } from './account.enums';
import { CreateRequestInput } from './dto/create-request.input';
import { Request } from './request.entity';
import type { AccountsContext } from './index';

@Resolver(() => Request)
export class RequestResolver {
  @Query(() => Request, { nullable: true })
  request(@Ctx() ctx: AccountsContext, @Arg('id', () => ID) id: string): Promise<Request | null> {
    return ctx.loaders.requestById.load(uuid('id', id));
  }

  @Mutation(() => Request)
  createRequest(@Ctx() ctx: AccountsContext, @Arg('input', () => CreateRequestInput) input: CreateRequestInput): Promise<Request> {
    return ctx.services.requestService.create(ctx.identity, input);
  }

  @Mutation(() => Request, { description: 'OPEN -> IN_PROGRESS -> DONE or REJECTED; DONE and REJECTED may be reopened' })
  updateRequest(
    @Ctx() ctx: AccountsContext,
    @Arg('id', () => ID) id: string,
    @Arg('status', () => RequestStatus, { nullable: true }) status?: RequestStatus | null,
    @Arg('hours', () => Float, { nullable: true }) hours?: number | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Request> {
    return ctx.services.requestService.update(ctx.identity, id, status, hours, expectedVersion);
  }

  @FieldResolver(() => Account)
  async account(@Root() request: Request, @Ctx() ctx: AccountsContext): Promise<Account> {
    const account = await ctx.loaders.accountById.load(request.accountId);
    if (!account) throw notFound('Account', request.accountId);
    return account;
  }
}

import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, DateScalar, decodeCursor, hasRight, pageSize, toConnection, uuid, type Connection } from '../common';
import { Account } from './account.entity';
import { AccountOrder, AccountStatus, AccountType, RequestStatus, SortDirection } from './account.enums';
import { allowedStatusChanges } from './account.lifecycle';
import { AccountService } from './account.service';
import { AccountConnection, AuditEntry, AuditEntryConnection, ImportResult, RequestStats, UserRef } from './account.types';
import { AccountFilter } from './dto/account-filter.input';
import { CreateAccountInput } from './dto/create-account.input';
import { ImportAccountsInput } from './dto/import-accounts.input';
import { UpdateAccountInput } from './dto/update-account.input';
import { Request, RequestConnection } from './request.entity';
import { hasTransactionsVia } from './transactions.client';
import type { AccountsContext } from './index';

const MAX_STATS_MONTHS = 120;

/** Thin: arguments in, service call, result out. */
@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'By id or by code; null when unknown or not visible to the caller' })
  async account(
    @Ctx() ctx: AccountsContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('code', () => String, { nullable: true }) code?: string | null,
  ): Promise<Account | null> {
    if (id) {
      const account = await ctx.loaders.accountById.load(uuid('id', id));
      return account && (!code || account.code === code.trim()) ? account : null;
    }
    if (code) return ctx.loaders.accountByCode.load(AccountService.codeArg(code));
    throw badInput('id', 'Give an id or a code');
  }

  @Query(() => AccountConnection, { description: 'Accounts the caller may see, not deleted; keyset pagination' })
  accounts(
    @Ctx() ctx: AccountsContext,
    @Arg('filter', () => AccountFilter, { nullable: true }) filter?: AccountFilter | null,
    @Arg('orderBy', () => AccountOrder, { nullable: true, description: 'Default NAME' }) orderBy?: AccountOrder | null,
    @Arg('direction', () => SortDirection, { nullable: true, description: 'Default ASC' }) direction?: SortDirection | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<Account>> {
    return ctx.services.accountService.list(ctx.identity, filter, orderBy, direction, first, after);
  }

  @Query(() => AccountConnection, { description: 'Deleted accounts, most recently deleted first; needs account:restore' })
  deletedAccounts(
    @Ctx() ctx: AccountsContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<Account>> {
    return ctx.services.accountService.deleted(ctx.identity, first, after);
  }

  @Mutation(() => Account)
  createAccount(@Ctx() ctx: AccountsContext, @Arg('input', () => CreateAccountInput) input: CreateAccountInput): Promise<Account> {
    return ctx.services.accountService.create(ctx.identity, input);
  }

  @Mutation(() => Account)
  updateAccount(
    @Ctx() ctx: AccountsContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateAccountInput) input: UpdateAccountInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Account> {
    return ctx.services.accountService.update(ctx.identity, id, input, expectedVersion);
  }

  @Mutation(() => Account, { description: 'Refused with INVALID_TRANSITION (extensions.allowed) unless in allowedStatusChanges' })
  changeAccountStatus(
    @Ctx() ctx: AccountsContext,
    @Arg('id', () => ID) id: string,
    @Arg('status', () => AccountStatus) status: AccountStatus,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Account> {
    return ctx.services.accountService.changeStatus(ctx.identity, id, status, expectedVersion);
  }

  @Mutation(() => Account, { description: 'E.g. LEAD or PROSPECT -> CUSTOMER; sets typeSince (default today)' })
  changeAccountType(
    @Ctx() ctx: AccountsContext,
    @Arg('id', () => ID) id: string,
    @Arg('type', () => AccountType) type: AccountType,
    @Arg('since', () => DateScalar, { nullable: true }) since?: string | null,
    @Arg('contractNumber', () => String, { nullable: true, description: 'Set with the change (a CUSTOMER needs one when settings.contractMandatory)' })
    contractNumber?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Account> {
    return ctx.services.accountService.changeType(ctx.identity, id, type, since, contractNumber, expectedVersion);
  }

  @Mutation(() => Account, { description: 'Makes the caller the owner' })
  takeOwnership(@Ctx() ctx: AccountsContext, @Arg('id', () => ID) id: string): Promise<Account> {
    return ctx.services.accountService.takeOwnership(ctx.identity, id);
  }

  @Mutation(() => Account, { description: 'Soft delete; needs account:delete; CONFLICT while the account has transactions' })
  deleteAccount(@Ctx() ctx: AccountsContext, @Arg('id', () => ID) id: string): Promise<Account> {
    return ctx.services.accountService.delete(ctx.identity, id, hasTransactionsVia(ctx.internal));
  }

  @Mutation(() => Account, { description: 'Needs account:restore' })
  restoreAccount(@Ctx() ctx: AccountsContext, @Arg('id', () => ID) id: string): Promise<Account> {
    return ctx.services.accountService.restore(ctx.identity, id);
  }

  @Mutation(() => ImportResult, { description: 'All rows or none; needs account:import' })
  importAccounts(@Ctx() ctx: AccountsContext, @Arg('input', () => ImportAccountsInput) input: ImportAccountsInput): Promise<ImportResult> {
    return ctx.services.accountImportService.import(ctx.identity, input);
  }

  /**
   * Internal (absent from the public API): this subgraph's signed word that the
   * caller may see the account. Every field another subgraph adds to Account
   * `@requires` it (common/visibility.ts). Only accounts the caller may see get
   * here at all: invisible ones are null already.
   */
  @FieldResolver(() => String, { description: 'Internal: signed visibility of the account for the caller' })
  @Directive('@inaccessible')
  visibilityStamp(@Root() account: Account, @Ctx() ctx: AccountsContext): string {
    return ctx.stamps.sign(account.id, ctx.identity.userId);
  }

  @FieldResolver(() => [AccountStatus], { description: 'The statuses the account may change to now' })
  allowedStatusChanges(@Root() account: Account): AccountStatus[] {
    return account.deletedAt ? [] : allowedStatusChanges(account.type, account.status);
  }

  @FieldResolver(() => UserRef, { nullable: true })
  owner(@Root() account: Account): UserRef | null {
    return account.ownerId ? { id: account.ownerId } : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Set when deleted; only users who may restore see it' })
  deletedAt(@Root() account: Account, @Ctx() ctx: AccountsContext): Date | null {
    return ctx.identity.isService || hasRight(ctx.identity, 'account:restore') ? account.deletedAt : null;
  }

  @FieldResolver(() => AuditEntryConnection, { description: 'Every change, newest first; stays readable after deletion' })
  async history(
    @Root() account: Account,
    @Ctx() ctx: AccountsContext,
    @Arg('first', () => Int, { nullable: true }) firstArg?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<AuditEntry>> {
    const first = pageSize(firstArg);
    const cursor = decodeCursor(after);
    if (cursor && !(cursor.length === 1 && Number.isSafeInteger(cursor[0]))) throw badInput('after', 'Invalid cursor');
    const rows = await ctx.loaders.history.load({ accountId: account.id, first, beforeSeq: cursor ? (cursor[0] as number) : null });
    return toConnection(rows, first, (r) => [r.seq], () => ctx.loaders.historyCount.load(account.id));
  }

  @FieldResolver(() => RequestConnection, { description: 'Newest first' })
  async requests(
    @Root() account: Account,
    @Ctx() ctx: AccountsContext,
    @Arg('first', () => Int, { nullable: true }) firstArg?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => RequestStatus, { nullable: true }) status?: RequestStatus | null,
  ): Promise<Connection<Request>> {
    const first = pageSize(firstArg);
    const cursor = decodeCursor(after);
    if (cursor && !(cursor.length === 2 && typeof cursor[0] === 'string' && typeof cursor[1] === 'string' && /^[0-9a-f-]{36}$/.test(cursor[1]))) {
      throw badInput('after', 'Invalid cursor');
    }
    const rows = await ctx.loaders.requests.load({ accountId: account.id, status: status ?? null, first, after: cursor as [string, string] | null });
    const conn = toConnection(rows, first, (r) => [r.sortKey, r.request.id], () => ctx.loaders.requestCount.load({ accountId: account.id, status: status ?? null }));
    return {
      edges: conn.edges.map((e) => ({ cursor: e.cursor, node: e.node.request })),
      pageInfo: conn.pageInfo,
      get totalCount() {
        return conn.totalCount;
      },
    };
  }

  @FieldResolver(() => RequestStats)
  requestStats(
    @Root() account: Account,
    @Ctx() ctx: AccountsContext,
    @Arg('months', () => Int, { nullable: true, defaultValue: 12, description: `1 .. ${MAX_STATS_MONTHS}` }) monthsArg: number | null,
  ): RequestStats {
    const months = monthsArg ?? 12;
    if (!Number.isInteger(months) || months < 1 || months > MAX_STATS_MONTHS) throw badInput('months', `months must be from 1 to ${MAX_STATS_MONTHS}`);
    // Each part is loaded only when asked for (the card asks only byMonth).
    return {
      get byMonth() {
        return ctx.loaders.requestsByMonth.load({ accountId: account.id, months });
      },
      get byType() {
        return ctx.loaders.requestsByType.load(account.id);
      },
    } as unknown as RequestStats;
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'The user who made the change; null for a service' })
  actor(@Root() entry: AuditEntry): UserRef | null {
    return entry.actorId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entry.actorId) ? { id: entry.actorId } : null;
  }
}

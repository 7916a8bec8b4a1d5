import type { DataSource } from 'typeorm';
import {
  badInput,
  conflict,
  isCurrency,
  isLive,
  minorUnits,
  notFound,
  optionalString,
  parseAmount,
  requireRight,
  requireService,
  staleVersion,
  uuid,
  type AccountFacts,
  type DecValue,
} from '../common';
import { AccountCredit, type CreditPolicyRow, type FieldChange } from './credit.entity';
import { decideCredit, decisionWindow } from './credit.decision';
import type { CreditCheckMode, OnHoldAction } from './credit.enums';
import { POLICY } from './credit.loaders';
import type { CreditRepository } from './credit.repository';
import { creditStatusOf } from './credit.status';
import type { CreditStatus } from './credit.types';
import type { CreditDecision } from './decision.types';
import type { CreditCheckInput } from './dto/credit-check.input';
import type { ReceivablesFigures } from './transactions.client';
import type { CreditControlContext } from './index';

/** Limits up to 15 integer digits: what numeric(20,4) holds with room to add exposure. */
const MAX_LIMIT = '999999999999999';
const MAX_NOTE = 2000;

/**
 * The rules of credit control: the policy, limits and holds (credit:manage),
 * and the decision transactions asks for before a sales order or cash sale.
 *
 * Every mutation gathers what it needs from other subgraphs first (the
 * account, for visibility and currency; its receivables, for the result),
 * then writes in one short transaction: nothing remote happens while a
 * transaction is open, and a dependency that is down fails the mutation
 * before anything is written.
 */
export class CreditService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: CreditRepository,
  ) {}

  policy(ctx: CreditControlContext): Promise<CreditPolicyRow> {
    return ctx.loaders.policy.load(POLICY);
  }

  async setPolicy(ctx: CreditControlContext, checkMode: CreditCheckMode, onHoldAction: OnHoldAction, expectedVersion?: number | null): Promise<CreditPolicyRow> {
    requireRight(ctx.identity, 'credit:manage');
    const row = await this.ds.transaction(async (m) => {
      const current = await this.repo.lockPolicy(m);
      if (expectedVersion != null && expectedVersion !== current.version) throw staleVersion(expectedVersion, current.version);
      if (current.checkMode === checkMode && current.onHoldAction === onHoldAction) return current;
      const next = { ...current, checkMode, onHoldAction, version: current.version + 1, updatedBy: ctx.identity.userId, updatedAt: new Date() };
      await this.repo.updatePolicy(m, next);
      await this.repo.insertChange(m, {
        accountId: null,
        actor: ctx.identity.userId,
        action: 'POLICY',
        at: next.updatedAt,
        changes: changesBetween({ checkMode: current.checkMode, onHoldAction: current.onHoldAction }, { checkMode, onHoldAction }),
      });
      return next;
    });
    ctx.loaders.policy.clear(POLICY).prime(POLICY, row);
    return row;
  }

  /** `Account.credit`: the figures come from the gateway (@requires); terms and policy from loaders. */
  async statusOf(ctx: CreditControlContext, account: { id: string; visibilityStamp?: unknown }, receivables: ReceivablesFigures | undefined): Promise<CreditStatus> {
    // The gateway brings accounts' stamp for accounts the caller may see; a caller who comes here directly has none.
    const accountId = account.id;
    if (!ctx.stamps.allows(ctx.identity, account)) throw notFound('Account', accountId);
    if (ctx.identity.isPortal && accountId !== ctx.identity.accountId) throw notFound('Account', accountId);
    if (!receivables?.balance || !receivables.openOrders || !receivables.overdue) {
      throw badInput('receivables', 'Account.credit needs the receivables figures (the gateway sends them; see @requires)');
    }
    // Terms first: their statement also reads the policy, so the policy costs no second one.
    const terms = await ctx.loaders.creditByAccountId.load(accountId);
    const policy = await ctx.loaders.policy.load(POLICY);
    return creditStatusOf(policy, terms, receivables);
  }

  async setLimit(ctx: CreditControlContext, rawAccountId: string, rawLimit: string | null | undefined, expectedVersion?: number | null): Promise<CreditStatus> {
    requireRight(ctx.identity, 'credit:manage');
    const accountId = uuid('accountId', rawAccountId);
    const limit = rawLimit == null ? null : parseAmount('limit', rawLimit, { min: 0, max: MAX_LIMIT });
    const account = await this.visibleAccount(ctx, accountId);
    if (limit !== null && limit.decimalPlaces() > minorUnits(account.currency)) {
      throw badInput('limit', `limit has more decimals than ${account.currency} allows (${minorUnits(account.currency)})`);
    }
    return this.changeTerms(ctx, account, expectedVersion, (terms) => {
      const from = terms?.creditLimit ?? null;
      if (from === null && limit === null) return null;
      if (from !== null && limit !== null && limit.eq(from) && terms!.currency === account.currency) return null;
      const to = limit === null ? null : limit.toFixed();
      return {
        action: limit === null ? 'LIMIT_REMOVED' : 'LIMIT_SET',
        patch: { creditLimit: to, currency: limit === null ? terms?.currency ?? null : account.currency },
        changes: [{ field: 'limit', from: from === null ? null : formatLimit(from, terms!.currency), to: limit === null ? null : formatLimit(limit, account.currency) }],
      };
    });
  }

  /**
   * Puts a manual hold on. Holding an account that is already held keeps its
   * `since` and `by` (the hold started then) and only replaces the note when
   * one is given: a retry never moves the start of a hold.
   */
  async hold(ctx: CreditControlContext, rawAccountId: string, rawNote: string | null | undefined, expectedVersion?: number | null): Promise<CreditStatus> {
    requireRight(ctx.identity, 'credit:manage');
    const accountId = uuid('accountId', rawAccountId);
    const note = optionalString('note', rawNote, MAX_NOTE) ?? null;
    const account = await this.visibleAccount(ctx, accountId);
    return this.changeTerms(ctx, account, expectedVersion, (terms, now) => {
      if (terms?.holdSince) {
        if (note === null || note === terms.holdNote) return null;
        return { action: 'HOLD_NOTE', patch: { holdNote: note }, changes: [{ field: 'note', from: terms.holdNote, to: note }] };
      }
      return {
        action: 'HOLD',
        patch: { holdSince: now, holdBy: ctx.identity.userId, holdNote: note },
        changes: [
          { field: 'onHold', from: 'false', to: 'true' },
          ...(note === null ? [] : [{ field: 'note', from: null, to: note }]),
        ],
      };
    });
  }

  /**
   * Releases a manual hold. Releasing an account that is not held by hand is
   * an idempotent success that writes nothing (a retry, or two collectors at
   * once, get what they asked for). Holds by the policy are not released here:
   * they end when the figures or the policy change.
   */
  async release(ctx: CreditControlContext, rawAccountId: string, expectedVersion?: number | null): Promise<CreditStatus> {
    requireRight(ctx.identity, 'credit:manage');
    const accountId = uuid('accountId', rawAccountId);
    const account = await this.visibleAccount(ctx, accountId);
    return this.changeTerms(ctx, account, expectedVersion, (terms) => {
      if (!terms?.holdSince) return null;
      return {
        action: 'RELEASE',
        patch: { holdSince: null, holdBy: null, holdNote: null },
        changes: [
          { field: 'onHold', from: 'true', to: 'false' },
          { field: 'heldSince', from: terms.holdSince.toISOString(), to: null },
          { field: 'heldBy', from: terms.holdBy, to: null },
          ...(terms.holdNote === null ? [] : [{ field: 'note', from: terms.holdNote, to: null }]),
        ],
      };
    });
  }

  /**
   * The decision transactions asks for before it creates a sales order or a
   * cash sale, on the account's figures as transactions read them, with the
   * window of figures it stands on: transactions checks under its
   * per-account lock that the figures are still inside it. Service identity only.
   */
  async decide(ctx: CreditControlContext, input: CreditCheckInput): Promise<CreditDecision> {
    requireService(ctx.identity);
    const accountId = uuid('accountId', input.accountId);
    const currency = input.currency.trim().toUpperCase();
    if (!isCurrency(currency)) throw badInput('currency', 'currency must be an ISO 4217 code');
    const amount = parseAmount('amount', input.amount, { min: 0 });
    const balance = parseAmount('balance', input.balance);
    const openOrders = parseAmount('openOrders', input.openOrders, { min: 0 });
    const overdue = parseAmount('overdue', input.overdue, { min: 0 });
    const [terms, policy] = await Promise.all([ctx.loaders.creditByAccountId.load(accountId), ctx.loaders.policy.load(POLICY)]);
    if (terms?.creditLimit != null && terms.currency !== currency) {
      throw conflict(`The credit limit of account ${accountId} is in ${terms.currency}, the document in ${currency}`, { field: 'currency' });
    }
    const termsFacts = { limit: terms?.creditLimit ?? null, heldManually: terms?.holdSince != null };
    const question = { documentType: input.documentType, amount };
    const answer = decideCredit(policy, termsFacts, { balance, openOrders, overdue }, question);
    const window = decisionWindow(policy, termsFacts, question);
    return { ...answer, exposureThreshold: window.exposureThreshold?.toFixed() ?? null, overdueMatters: window.overdueMatters };
  }

  /** NOT_FOUND for an account that does not exist, that the caller may not see, or that is deleted (no new terms for it). */
  private async visibleAccount(ctx: CreditControlContext, accountId: string): Promise<AccountFacts> {
    if (ctx.identity.isPortal && accountId !== ctx.identity.accountId) throw notFound('Account', accountId, 'accountId');
    const account = await ctx.loaders.accountById.load(accountId);
    if (!isLive(account)) throw notFound('Account', accountId, 'accountId');
    return account;
  }

  /**
   * One change of an account's terms: remote facts first (the receivables for
   * the result), then lock, check the version, write row and history, commit.
   * `change` returns null when there is nothing to change (an idempotent retry).
   */
  private async changeTerms(
    ctx: CreditControlContext,
    account: AccountFacts,
    expectedVersion: number | null | undefined,
    change: (terms: AccountCredit | null, now: Date) => { action: string; patch: Partial<AccountCredit>; changes: FieldChange[] } | null,
  ): Promise<CreditStatus> {
    const receivables = await ctx.loaders.receivablesByAccount.load({ id: account.id, currency: account.currency });
    const policy = await ctx.loaders.policy.load(POLICY);
    const terms = await this.ds.transaction(async (m) => {
      await this.repo.lockAccount(m, account.id);
      const current = await this.repo.findTerms(m, account.id);
      const version = current?.version ?? 0;
      if (expectedVersion != null && expectedVersion !== version) throw staleVersion(expectedVersion, version);
      const now = new Date();
      const next = change(current, now);
      if (!next) return current;
      const row = Object.assign(new AccountCredit(), emptyTerms(account.id, now), current ?? {}, next.patch, { version: version + 1, updatedAt: now });
      if (current) await this.repo.updateTerms(m, row);
      else await this.repo.insertTerms(m, row);
      await this.repo.insertChange(m, { accountId: account.id, actor: ctx.identity.userId, action: next.action, changes: next.changes, at: now });
      return row;
    });
    ctx.loaders.creditByAccountId.clear(account.id).prime(account.id, terms);
    return creditStatusOf(policy, terms, receivables);
  }
}

function emptyTerms(accountId: string, now: Date): Omit<AccountCredit, 'version'> {
  return { accountId, creditLimit: null, currency: null, holdSince: null, holdBy: null, holdNote: null, createdAt: now, updatedAt: now };
}

function formatLimit(value: DecValue | string, currency: string | null): string {
  return currency ? `${value.toString()} ${currency}` : value.toString();
}

function changesBetween<T extends Record<string, string>>(from: T, to: T): FieldChange[] {
  return Object.keys(to)
    .filter((k) => from[k] !== to[k])
    .map((field) => ({ field, from: from[field], to: to[field] }));
}

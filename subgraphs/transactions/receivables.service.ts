import { badInput, Dec, formatAmount, hasRight, money, requireService, uuid, type DecValue } from '../common';
import { assertMayRead } from './account-access';
import type { AccountRef } from './account.stub';
import { today } from './dates';
import { AgingGroup, DocumentType } from './document.enums';
import type { TransactionsContext } from './index';
import type { StatementData } from './transactions.loaders';
import type { AgingSums, ReceivablesRepository } from './receivables.repository';
import type { AccountFigures, Aging, AgingRow, Statement, StatementLine } from './receivables.types';

const BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
const MAX_FIGURES = 1000;
const NO_CLASSIFICATION = '(none)';

const NAMES: Partial<Record<string, string>> = {
  [DocumentType.INVOICE]: 'Invoice',
  [DocumentType.CREDIT_NOTE]: 'Credit note',
  [DocumentType.PAYMENT]: 'Payment',
  [DocumentType.REFUND]: 'Refund',
  [DocumentType.CASH_SALE]: 'Cash sale',
};

export function agingOf(sums: Omit<AgingSums, 'accountId'> | null, currency: string): Aging {
  return Object.fromEntries(BUCKETS.map((b) => [b, money(sums?.[b] ?? 0, currency)])) as unknown as Aging;
}

function describe(type: string, ref: string, dueDate: string | null, kind: 'POST' | 'VOID'): string {
  const what = `${NAMES[type] ?? type} ${ref}${type === DocumentType.INVOICE && dueDate ? `, due ${dueDate}` : ''}`;
  return kind === 'VOID' ? `Void of ${what}` : what;
}

/** Receivables reports: statements, aging for BI, and credit-control's figures. */
export class ReceivablesService {
  constructor(private readonly receivables: ReceivablesRepository) {}

  /**
   * Without `from`: every open invoice, open credit note and unallocated
   * payment, oldest first, with a running balance (`to` dates the statement).
   * With `from`: the balance before `from`, every ledger document dated in
   * the period (voids on the day they were voided), the balance at `to`.
   */
  async statement(ctx: TransactionsContext, account: AccountRef, from: string | null | undefined, to: string | null | undefined): Promise<Statement> {
    assertMayRead(ctx, account);
    const end = to ?? today();
    if (from && from > end) throw badInput('to', 'to is before from');
    const data: StatementData = await ctx.loaders.statement.load(JSON.stringify([account.id, from ?? null, end]));
    const currency = account.currency;
    let running: DecValue = new Dec(data.opening);
    const lines: StatementLine[] = data.items.map((item) => {
      running = running.plus(item.debit).minus(item.credit);
      return {
        documentId: item.documentId,
        date: item.date,
        description: describe(item.type, item.ref, item.dueDate, item.kind),
        debit: new Dec(item.debit).isZero() && !new Dec(item.credit).isZero() ? null : money(item.debit, currency),
        credit: new Dec(item.credit).isZero() ? null : money(item.credit, currency),
        balance: money(running, currency),
      };
    });
    return {
      account: { id: account.id, currency },
      from: from ?? null,
      to: end,
      openingBalance: money(data.opening, currency),
      closingBalance: money(running, currency),
      lines,
    };
  }

  /**
   * Open invoices by days past due as of `asOf` (default today), per account or
   * per classification (and currency: amounts in different currencies are never added).
   * Before today, what was open then is rebuilt from document, allocation and void dates.
   * Only accounts the caller may see are counted.
   */
  async aging(ctx: TransactionsContext, asOf: string | null | undefined, groupBy: AgingGroup | null | undefined): Promise<AgingRow[]> {
    const now = today();
    const date = asOf ?? now;
    const only = ctx.identity.isPortal ? [ctx.identity.accountId!] : null;
    if (groupBy === AgingGroup.CLASSIFICATION && !ctx.identity.isPortal) {
      // Across all accounts: grouped in SQL through one call to accounts, never account by account.
      const groups = await this.accountsByClassification(ctx);
      const rows = await this.receivables.agingByClassification(date, date < now, groups);
      return rows
        .map((r) => this.row(r.classification ?? NO_CLASSIFICATION, null, r, r.currency))
        .sort((a, b) => a.key.localeCompare(b.key) || a.total.currency.localeCompare(b.total.currency));
    }
    const sums = await this.receivables.agingReport(date, date < now, only);
    const ids = [...new Set(sums.map((s) => s.accountId))];
    const facts = await ctx.loaders.account.loadMany(ids);
    const factsById = new Map(ids.map((id, i) => [id, facts[i]]));
    const visible = sums.flatMap((s) => {
      const f = factsById.get(s.accountId);
      return f && !(f instanceof Error) ? [{ sums: s, facts: f }] : [];
    });
    if ((groupBy ?? AgingGroup.ACCOUNT) === AgingGroup.ACCOUNT) {
      return visible
        .map(({ sums: s, facts: f }) => this.row(f.code, { id: s.accountId, currency: s.currency }, s, s.currency))
        .sort((a, b) => a.key.localeCompare(b.key) || a.total.currency.localeCompare(b.total.currency));
    }
    const groups = new Map<string, { key: string; currency: string; sums: Record<(typeof BUCKETS)[number], DecValue> }>();
    for (const { sums: s, facts: f } of visible) {
      const key = f.classification ?? NO_CLASSIFICATION;
      const id = JSON.stringify([key, s.currency]);
      const g = groups.get(id) ?? { key, currency: s.currency, sums: Object.fromEntries(BUCKETS.map((b) => [b, new Dec(0)])) as never };
      for (const b of BUCKETS) g.sums[b] = g.sums[b].plus(s[b]);
      groups.set(id, g);
    }
    return [...groups.values()]
      .map((g) => this.row(g.key, null, Object.fromEntries(BUCKETS.map((b) => [b, g.sums[b].toFixed()])) as never, g.currency))
      .sort((a, b) => a.key.localeCompare(b.key) || a.total.currency.localeCompare(b.total.currency));
  }

  /** The accounts the caller may see, by classification, from the accounts subgraph (as the service, with the caller's claims). */
  private async accountsByClassification(ctx: TransactionsContext): Promise<{ classification: string | null; accountIds: string[] }[]> {
    const { identity } = ctx;
    const data = await ctx.internal.request<{ accountsByClassification: { classification: string | null; accountIds: string[] }[] }>(
      'accounts',
      'query($level: Int!, $restore: Boolean!) { accountsByClassification(securityLevel: $level, mayRestore: $restore) { classification accountIds } }',
      { level: Math.min(identity.securityLevel, 2_147_483_647), restore: identity.isService || hasRight(identity, 'account:restore') },
      'service',
    );
    return data.accountsByClassification;
  }

  /** For credit-control (service identity only): the figures of the accounts that have documents, in one statement. */
  async figures(ctx: TransactionsContext, accountIds: string[]): Promise<AccountFigures[]> {
    requireService(ctx.identity);
    if (accountIds.length > MAX_FIGURES) throw badInput('accountIds', `At most ${MAX_FIGURES} accounts at a time`);
    const ids = [...new Set(accountIds.map((id) => uuid('accountIds', id)))];
    const rows = await this.receivables.figures(ids, today());
    return rows.map((r) => ({
      accountId: r.accountId,
      currency: r.currency,
      balance: formatAmount(r.balance, r.currency),
      openOrders: formatAmount(r.openOrders, r.currency),
      overdue: formatAmount(r.overdue, r.currency),
      unallocated: formatAmount(r.unallocated, r.currency),
    }));
  }

  /** For credit-control (service identity only): accounts with an invoice past due and open today. */
  async accountIdsWithOverdue(ctx: TransactionsContext): Promise<string[]> {
    requireService(ctx.identity);
    return this.receivables.accountIdsWithOverdue(today());
  }

  private row(key: string, account: AccountRef | null, sums: Omit<AgingSums, 'accountId' | 'currency'>, currency: string): AgingRow {
    const total = BUCKETS.reduce((t, b) => t.plus(sums[b]), new Dec(0));
    return { key, account, aging: agingOf({ ...sums, currency }, currency), total: money(total, currency) };
  }
}

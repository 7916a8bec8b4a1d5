import DataLoader from 'dataloader';
import { byKey, groupByKey, type BaseContext } from '../common';
import type { Account } from './account.entity';
import type { RequestStatus } from './account.enums';
import type { AuditEntry, RequestStats } from './account.types';
import { isVisible, visibilityOf } from './account.visibility';
import type { RequestPageRow } from './request.repository';
import type { Request } from './request.entity';
import type { AccountsServices } from './index';

/**
 * A loader of per-account lists whose keys carry page arguments: keys asked
 * with the same arguments share one statement, whatever the number of accounts.
 */
function perAccountLoader<K extends { accountId: string }, V>(
  argsOf: (key: K) => string,
  load: (accountIds: string[], sample: K) => Promise<(accountId: string) => V>,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const k of keys) {
        const g = argsOf(k);
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g)!.push(k);
      }
      const results = new Map<string, V>();
      await Promise.all(
        [...groups.entries()].map(async ([g, ks]) => {
          const lookup = await load([...new Set(ks.map((k) => k.accountId))], ks[0]);
          for (const k of ks) results.set(`${g}|${k.accountId}`, lookup(k.accountId));
        }),
      );
      return keys.map((k) => results.get(`${argsOf(k)}|${k.accountId}`)!);
    },
    { cacheKeyFn: (k) => `${argsOf(k)}|${k.accountId}` },
  );
}

export interface HistoryKey {
  accountId: string;
  first: number;
  beforeSeq: number | null;
}
export interface RequestPageKey {
  accountId: string;
  status: RequestStatus | null;
  first: number;
  after: [string, string] | null;
}
export interface RequestStatsKey {
  accountId: string;
  months: number;
}

function monthsBack(months: number, now = new Date()): string[] {
  const out: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** Per-request loaders: one statement per kind of data for a whole page of accounts. */
export function createAccountLoaders(ctx: BaseContext<AccountsServices>) {
  const { accountRepository: accounts, requestRepository: requests } = ctx.services;
  const visibility = visibilityOf(ctx.identity);
  const visible = (a: Account | null) => (a && isVisible(visibility, a) ? a : null);

  const accountById = new DataLoader<string, Account | null>(async (ids) =>
    byKey(ids, await accounts.findByIds(ids), (a) => a.id).map(visible),
  );

  return {
    /** Accounts the caller may see (account.visibility.ts); null otherwise. */
    accountById,
    accountByCode: new DataLoader<string, Account | null>(async (codes) =>
      byKey(codes, await accounts.findByCodes(codes), (a) => a.code).map(visible),
    ),
    history: perAccountLoader<HistoryKey, AuditEntry[]>(
      (k) => `${k.first}:${k.beforeSeq}`,
      async (ids, k) => {
        const rows = await accounts.historyPages(ids, k.first, k.beforeSeq);
        const grouped = new Map(groupByKey(ids, rows, (r) => r.accountId).map((list, i) => [ids[i], list]));
        return (id) => grouped.get(id) ?? [];
      },
    ),
    historyCount: new DataLoader<string, number>(async (ids) => {
      const counts = await accounts.historyCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    requests: perAccountLoader<RequestPageKey, RequestPageRow[]>(
      (k) => JSON.stringify([k.status, k.first, k.after]),
      async (ids, k) => {
        const rows = await requests.pages(ids, k.status, k.first, k.after);
        const grouped = new Map(groupByKey(ids, rows, (r) => r.request.accountId).map((list, i) => [ids[i], list]));
        return (id) => grouped.get(id) ?? [];
      },
    ),
    requestCount: perAccountLoader<{ accountId: string; status: RequestStatus | null }, number>(
      (k) => String(k.status),
      async (ids, k) => {
        const counts = await requests.counts(ids, k.status);
        return (id) => counts.get(id) ?? 0;
      },
    ),
    requestsByMonth: perAccountLoader<RequestStatsKey, RequestStats['byMonth']>(
      (k) => String(k.months),
      async (ids, k) => {
        const months = monthsBack(k.months);
        const byMonth = await requests.countsByMonth(ids, new Date(`${months[0]}-01T00:00:00Z`));
        return (id) => {
          const counts = new Map(byMonth.filter((r) => r.accountId === id).map((r) => [r.month, r.count]));
          return months.map((month) => ({ month, count: counts.get(month) ?? 0 }));
        };
      },
    ),
    requestsByType: new DataLoader<string, RequestStats['byType']>(async (ids) => {
      const byType = await requests.totalsByType(ids);
      return groupByKey(ids, byType, (r) => r.accountId).map((rows) => rows.map(({ type, count, hours }) => ({ type, count, hours })));
    }),
    /** Requests whose account the caller may see. */
    requestById: new DataLoader<string, Request | null>(async (ids) => {
      const found = byKey(ids, await requests.findByIds(ids), (r) => r.id);
      const owners = await accountById.loadMany(found.map((r) => r?.accountId ?? '00000000-0000-0000-0000-000000000000'));
      return found.map((r, i) => (r && owners[i] && !(owners[i] instanceof Error) ? r : null));
    }),
  };
}
export type AccountsLoaders = ReturnType<typeof createAccountLoaders>;

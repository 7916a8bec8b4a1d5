import DataLoader from 'dataloader';
import { byKey, createAccountLookup, createHiddenAccounts, Dec, groupByKey, isUuid, minorUnits, money, type BaseContext } from '../common';
import type { Allocation, Document, DocumentLine } from './document.entity';
import type { DocumentQuery } from './document.repository';
import type { TransactionsServices } from './index';
import type { BalanceRow } from './ledger.repository';
import type { AgingSums } from './receivables.repository';
import { today } from './dates';

/** Raw statement of one account: opening balance and items (debit/credit as numeric strings). */
export interface StatementData {
  opening: string;
  items: {
    documentId: string;
    date: string;
    kind: 'POST' | 'VOID';
    type: string;
    ref: string;
    dueDate: string | null;
    debit: string;
    credit: string;
  }[];
}

/** Key of a page of one account's documents: the account, the query and the page size. */
export interface AccountDocumentsKey {
  accountId: string;
  query: Omit<DocumentQuery, 'accountId'>;
  limit: number;
}

/** Ids as SQL may see them: a malformed id (from a hand-made `_entities` call) matches nothing instead of failing the batch. */
const valid = (ids: readonly string[]) => ids.filter(isUuid);

/**
 * Loaders keyed by a JSON key that carries arguments: keys with the same
 * arguments are answered by one statement for all their accounts.
 */
function byArguments<K extends { accountId: string }, V>(
  run: (accountIds: string[], args: Omit<K, 'accountId'>) => Promise<Map<string, V>>,
  fallback: () => V,
): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const groups = new Map<string, { args: Omit<K, 'accountId'>; accountIds: string[] }>();
    const parsed = keys.map((k) => JSON.parse(k) as K);
    for (const { accountId, ...args } of parsed) {
      const sig = JSON.stringify(args);
      const g = groups.get(sig) ?? { args, accountIds: [] };
      g.accountIds.push(accountId);
      groups.set(sig, g);
    }
    const answers = new Map<string, Map<string, V>>();
    await Promise.all([...groups].map(async ([sig, g]) => answers.set(sig, await run(valid([...new Set(g.accountIds)]), g.args))));
    return parsed.map(({ accountId, ...args }) => answers.get(JSON.stringify(args))!.get(accountId) ?? fallback());
  });
}

/** Per-request DataLoaders: one statement per kind of data for a whole page of accounts or documents. */
export function createTransactionLoaders(ctx: BaseContext<TransactionsServices>) {
  const { documentRepository: docs, receivablesRepository: receivables } = ctx.services;

  const documentById = new DataLoader<string, Document | null>(async (ids) => byKey(ids, await docs.findByIds(valid(ids)), (d) => d.id));

  const linesByDocumentId = new DataLoader<string, DocumentLine[]>(async (ids) =>
    groupByKey(ids, await docs.linesByDocumentIds(valid(ids)), (l) => l.documentId).map((lines) =>
      lines.map((l) => ({
        documentId: l.documentId,
        lineNo: l.lineNo,
        description: l.description,
        quantity: new Dec(l.quantity).toFixed(),
        // A unit price keeps its own decimals (up to 4), at least the currency's.
        unitPrice: { amount: new Dec(l.unitPrice).toFixed(Math.max(minorUnits(l.currency), new Dec(l.unitPrice).decimalPlaces())), currency: l.currency },
        amount: money(l.amount, l.currency),
      })),
    ),
  );

  const allocationsByDocumentId = new DataLoader<string, Allocation[]>(async (ids) => {
    const rows = await docs.allocationsByDocumentIds(valid(ids));
    const byDoc = new Map<string, Allocation[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      const a: Allocation = { id: r.id, fromId: r.fromId, toId: r.toId, amount: money(r.amount, r.currency), date: r.date };
      byDoc.get(r.fromId)?.push(a);
      if (r.toId !== r.fromId) byDoc.get(r.toId)?.push(a);
    }
    return ids.map((id) => byDoc.get(id)!);
  });

  /** Balance row and today's aging of each account, in one statement for a page (the card asks both). */
  const receivablesByAccountId = new DataLoader<string, { balance: BalanceRow | null; aging: AgingSums | null }>(async (ids) =>
    byKey(ids, await receivables.balancesWithAging(valid(ids), today()), (r) => r.accountId).map((r) => {
      if (!r) return { balance: null, aging: null };
      const { accountId, currency, balance, unallocated, openOrders, documentCount, updatedAt, openInvoices, ...buckets } = r;
      return {
        balance: { accountId, currency, balance, unallocated, openOrders, documentCount, updatedAt },
        aging: openInvoices > 0 ? { accountId, currency, ...buckets } : null,
      };
    }),
  );
  const balanceByAccountId = {
    load: async (id: string) => (await receivablesByAccountId.load(id)).balance,
    clearAll: () => receivablesByAccountId.clearAll(),
  };
  /** Today's open invoices of each account, bucketed by days past due. */
  const agingByAccountId = {
    load: async (id: string) => (await receivablesByAccountId.load(id)).aging,
    clearAll: () => receivablesByAccountId.clearAll(),
  };

  const documentsByAccount = byArguments<AccountDocumentsKey, Document[]>(
    async (accountIds, { query, limit }) => {
      const rows = await docs.pageForAccounts(accountIds, query, limit);
      for (const d of rows) documentById.prime(d.id, d);
      const map = new Map<string, Document[]>();
      for (const d of rows) map.set(d.accountId, [...(map.get(d.accountId) ?? []), d]);
      return map;
    },
    () => [],
  );

  const documentCountByAccount = byArguments<Omit<AccountDocumentsKey, 'limit'>, number>(
    async (accountIds, { query }) => new Map((await docs.countForAccounts(accountIds, query)).map((r) => [r.accountId, r.n])),
    () => 0,
  );

  /** Key: JSON [accountId, from | null, to]. */
  const statement = new DataLoader<string, StatementData>(async (keys) => {
    const parsed = keys.map((k) => JSON.parse(k) as [string, string | null, string]);
    const periods = new Map<string, string[]>();
    for (const [id, from, to] of parsed) {
      const sig = JSON.stringify([from, to]);
      periods.set(sig, [...(periods.get(sig) ?? []), id]);
    }
    const answers = new Map<string, StatementData>();
    await Promise.all(
      [...periods].map(async ([sig, ids]) => {
        const [from, to] = JSON.parse(sig) as [string | null, string];
        const data = new Map<string, StatementData>(ids.map((id) => [id, { opening: '0', items: [] }]));
        if (from === null) {
          for (const d of await receivables.openItems(valid(ids))) {
            documentById.prime(d.id, d);
            const credit = d.type === 'CREDIT_NOTE' || d.type === 'PAYMENT';
            data.get(d.accountId)!.items.push({
              documentId: d.id,
              date: d.date,
              kind: 'POST',
              type: d.type,
              ref: d.ref,
              dueDate: d.dueDate,
              debit: credit ? '0' : d.openAmount,
              credit: credit ? d.openAmount : '0',
            });
          }
        } else {
          const [openings, entries] = await Promise.all([receivables.balancesBefore(valid(ids), from), receivables.periodEntries(valid(ids), from, to)]);
          for (const o of openings) data.get(o.accountId)!.opening = o.balance;
          for (const e of entries) data.get(e.accountId)!.items.push(e);
        }
        for (const [id, d] of data) answers.set(JSON.stringify([id, from, to]), d);
      }),
    );
    return parsed.map((k) => answers.get(JSON.stringify(k))!);
  });

  return {
    /** Account facts from the accounts subgraph, as the caller may see them. */
    account: createAccountLookup(ctx.internal),
    /** Accounts the caller may not see (deleted, security level), asked once per request; for lists across accounts. */
    hiddenAccounts: createHiddenAccounts(ctx.identity, ctx.internal),
    documentById,
    linesByDocumentId,
    allocationsByDocumentId,
    balanceByAccountId,
    agingByAccountId,
    documentsByAccount,
    documentCountByAccount,
    statement,
    /** After a write: nothing read before it may be served from cache. */
    clearDocuments() {
      for (const l of [documentById, linesByDocumentId, allocationsByDocumentId, receivablesByAccountId, documentsByAccount, documentCountByAccount, statement]) {
        (l as DataLoader<unknown, unknown>).clearAll();
      }
    },
  };
}
export type TransactionsLoaders = ReturnType<typeof createTransactionLoaders>;

import { badInput, decodeCursor, encodeCursor, isIsoDate, isUuid, mayShowAccount, pageSize, uuid, type Connection } from '../common';
import { today } from './dates';
import type { Document } from './document.entity';
import { MONEY_FLOW_TYPES, type DocumentStatus, type DocumentType, type MoneyFlow } from './document.enums';
import type { DocumentQuery, DocumentRepository } from './document.repository';
import type { DocumentFilter } from './dto/document-filter.input';
import type { TransactionsContext } from './index';

/** What Account.documents and the root `documents` may narrow a list to. */
export interface DocumentArgs {
  types?: DocumentType[] | null;
  statuses?: DocumentStatus[] | null;
  from?: string | null;
  to?: string | null;
  open?: boolean | null;
  overdue?: boolean | null;
  flow?: MoneyFlow | null;
}

export const cursorOf = (d: Document) => [d.date, d.seq];

const EMPTY: Connection<Document> = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };

/**
 * The query of a list: filters checked, money in/out as types, the cursor
 * decoded. null means nothing can match (e.g. a flow and types that exclude each other).
 */
export function documentQuery(args: DocumentArgs, after: string | null | undefined, fieldPrefix = ''): Omit<DocumentQuery, 'accountId'> | null {
  let types = args.types?.length ? [...new Set(args.types)] : null;
  if (args.flow) {
    const flowTypes = MONEY_FLOW_TYPES[args.flow];
    types = types ? types.filter((t) => flowTypes.includes(t)) : flowTypes;
    if (types.length === 0) return null;
  }
  if (args.from && args.to && args.from > args.to) throw badInput(`${fieldPrefix}to`, 'to is before from');
  const cursor = decodeCursor(after);
  let keyset: DocumentQuery['after'] = null;
  if (cursor) {
    const [date, seq] = cursor;
    if (typeof date !== 'string' || !isIsoDate(date) || !Number.isSafeInteger(seq)) throw badInput('after', 'Invalid cursor');
    keyset = { date, seq: seq as number };
  }
  return {
    types,
    statuses: args.statuses?.length ? [...new Set(args.statuses)] : null,
    from: args.from ?? null,
    to: args.to ?? null,
    open: args.open ?? null,
    overdue: args.overdue ?? null,
    today: today(),
    after: keyset,
  };
}

/** Finding documents: by id or ref, and lists across accounts. */
export class DocumentQueryService {
  constructor(private readonly docs: DocumentRepository) {}

  async document(ctx: TransactionsContext, id?: string | null, ref?: string | null): Promise<Document | null> {
    let doc: Document | null = null;
    if (id) {
      if (!isUuid(id)) return null;
      doc = await ctx.loaders.documentById.load(id.toLowerCase());
    } else if (ref) {
      const r = ref.trim().toUpperCase();
      if (!r || r.length > 50) return null;
      doc = await this.docs.findByRef(r);
    }
    return doc && (await mayShowAccount(ctx.identity, ctx.loaders.hiddenAccounts, doc.accountId)) ? doc : null;
  }

  /**
   * Newest first (date, then creation order), keyset-paginated. Documents of
   * accounts the caller may not see are left out in SQL (the accounts
   * subgraph's hidden ids, asked once; a portal user's own account only), so
   * pages are full and `totalCount` counts only what the caller may see.
   */
  async documents(ctx: TransactionsContext, filter: DocumentFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<Document>> {
    const limit = pageSize(first);
    const f = filter ?? {};
    let accountId = f.accountId ? uuid('filter.accountId', f.accountId) : null;
    if (ctx.identity.isPortal) {
      if (accountId && accountId !== ctx.identity.accountId) return EMPTY;
      accountId = ctx.identity.accountId;
    }
    const base = documentQuery(f, after, 'filter.');
    if (!base) return EMPTY;
    const hiddenAccountIds = await ctx.loaders.hiddenAccounts.ids();
    if (accountId && hiddenAccountIds.includes(accountId)) return EMPTY;
    const q: DocumentQuery = { ...base, accountId, hiddenAccountIds: accountId ? null : hiddenAccountIds };
    const rows = await this.docs.page(q, limit + 1);
    const page = rows.slice(0, limit);
    let counted: Promise<number> | undefined;
    const docs = this.docs;
    return {
      edges: page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node })),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? encodeCursor(cursorOf(page[page.length - 1])) : null },
      get totalCount() {
        counted ??= docs.count(q);
        return counted;
      },
    };
  }
}

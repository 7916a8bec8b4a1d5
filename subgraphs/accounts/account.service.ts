import type { DataSource, EntityManager } from 'typeorm';
import {
  badInput,
  conflict,
  decodeCursor,
  forbidden,
  invalidTransition,
  notFound,
  pageSize,
  requireRight,
  staleVersion,
  toConnection,
  uuid,
  type Connection,
  type Identity,
} from '../common';
import type { Account } from './account.entity';
import { AccountOrder, AccountStatus, AccountType, SortDirection } from './account.enums';
import { diffAccount } from './account.history';
import { allowedStatusChanges, allowedTypeChanges } from './account.lifecycle';
import type { AccountListFilter, AccountPageQuery, AccountRepository } from './account.repository';
import { callerOf, requireAccountWrite, userIdOf } from './account.rights';
import type { AuditEntry, FieldChange } from './account.types';
import { Problems, validateAccountChanges, validateNewAccount, code as codeValue, LIMITS } from './account.validation';
import { isVisible, visibilityOf } from './account.visibility';
import { assignCodes, auditEntry, buildAccount, fillCities, rememberCities, today, valuesOf } from './account.write';
import type { AccountFilter } from './dto/account-filter.input';
import type { CreateAccountInput } from './dto/create-account.input';
import type { UpdateAccountInput } from './dto/update-account.input';
import type { AccountSettings } from './settings.entity';
import type { SettingsRepository } from './settings.repository';

/** Asks the transactions subgraph whether an account has transactions (outside any DB transaction). */
export type HasTransactions = (accountId: string) => Promise<boolean>;

const MAX_CODES_FILTER = 200;
const MAX_SEARCH = 100;

/** Maps a unique violation that validation could not foresee (a concurrent write) to the field it concerns. */
function uniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const pgCode = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  if (pgCode === '23505' && constraint === 'account_external_id_key') throw badInput('externalId', 'externalId is already used by another account');
  throw err;
}

/** The rules of the account master: lifecycle, codes, settings, rights, history. */
export class AccountService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountRepository,
    private readonly settings: SettingsRepository,
  ) {}

  // ---- reads ----

  async list(
    identity: Identity,
    filter: AccountFilter | null | undefined,
    order: AccountOrder | null | undefined,
    direction: SortDirection | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Account>> {
    const o = order ?? AccountOrder.NAME;
    const d = direction ?? SortDirection.ASC;
    return this.pageOf(identity, { order: o, direction: d, filter: this.filter(filter), deleted: 'exclude' }, first, after, `${o}:${d}`);
  }

  /** Deleted accounts, most recently deleted first: only for callers who may restore them. */
  async deleted(identity: Identity, first: number | null | undefined, after: string | null | undefined): Promise<Connection<Account>> {
    requireRight(identity, 'account:restore');
    return this.pageOf(identity, { order: AccountOrder.UPDATED_AT, direction: SortDirection.DESC, filter: {}, deleted: 'only' }, first, after, 'deleted');
  }

  private async pageOf(
    identity: Identity,
    q: Pick<AccountPageQuery, 'order' | 'direction' | 'filter' | 'deleted'>,
    firstArg: number | null | undefined,
    afterArg: string | null | undefined,
    cursorTag: string,
  ): Promise<Connection<Account>> {
    const first = pageSize(firstArg);
    const cursor = decodeCursor(afterArg);
    let after: [string, string] | null = null;
    if (cursor) {
      const [tag, key, id] = cursor;
      if (tag !== cursorTag || typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
        throw badInput('after', 'The cursor belongs to another ordering or is invalid');
      }
      after = [key, id];
    }
    const query: AccountPageQuery = { ...q, visibility: visibilityOf(identity), first, after };
    const rows = await this.accounts.page(query);
    const conn = toConnection(rows, first, (r) => [cursorTag, r.sortKey, r.account.id], () => this.accounts.count(query));
    return {
      edges: conn.edges.map((e) => ({ cursor: e.cursor, node: e.node.account })),
      pageInfo: conn.pageInfo,
      get totalCount() {
        return conn.totalCount;
      },
    };
  }

  private filter(f: AccountFilter | null | undefined): AccountListFilter {
    if (!f) return {};
    const search = f.search?.trim() ?? '';
    if (search.length > MAX_SEARCH) throw badInput('filter.search', `filter.search is longer than ${MAX_SEARCH} characters`);
    if (f.codes && f.codes.length > MAX_CODES_FILTER) throw badInput('filter.codes', `At most ${MAX_CODES_FILTER} codes`);
    const classification = f.classification?.trim();
    if (classification && classification.length > LIMITS.short) throw badInput('filter.classification', 'filter.classification is too long');
    return {
      search: search || null,
      types: f.types ?? null,
      statuses: f.statuses ?? null,
      classification: classification || null,
      ownerId: f.ownerId ? uuid('filter.ownerId', f.ownerId) : null,
      codes: f.codes ? f.codes.map((c) => c.trim()) : null,
    };
  }

  // ---- writes ----

  async create(identity: Identity, input: CreateAccountInput): Promise<Account> {
    try {
      return await this.ds.transaction(async (m) => {
        const settings = await this.settings.get(m);
        requireAccountWrite(identity, 'account:create', settings);
        const p = new Problems();
        const values = validateNewAccount(input, settings, p, callerOf(identity));
        p.throwFirst();
        if (values!.externalId && (await this.accounts.takenExternalIds(m, [values!.externalId])).size) {
          throw badInput('externalId', `externalId ${values!.externalId} is already used by another account`);
        }
        await fillCities(this.accounts, m, [values!]);
        const [code] = await assignCodes(this.accounts, m, settings.codePrefix, [values!.code]);
        const now = new Date();
        const account = buildAccount(values!, code, now);
        await this.accounts.insert(m, [account]);
        await this.accounts.insertHistory(m, [auditEntry(account.id, identity.userId, 'CREATE', diffAccount(null, valuesOf(account)), now)]);
        await rememberCities(this.accounts, m, [account]);
        return account;
      });
    } catch (err) {
      return uniqueViolation(err);
    }
  }

  async update(identity: Identity, id: string, input: UpdateAccountInput, expectedVersion?: number | null): Promise<Account> {
    try {
      return await this.change(identity, id, expectedVersion, 'account:update', async (m, account, settings) => {
        const p = new Problems();
        const next = validateAccountChanges(input, valuesOf(account), settings, p, callerOf(identity));
        p.throwFirst();
        if (next!.externalId && next!.externalId !== account.externalId) {
          const holder = (await this.accounts.takenExternalIds(m, [next!.externalId])).get(next!.externalId);
          if (holder && holder.id !== account.id) throw badInput('externalId', `externalId ${next!.externalId} is already used by account ${holder.code}`);
        }
        if (input.address || input.billingAddresses || input.shippingAddresses) await fillCities(this.accounts, m, [next!]);
        const changes = diffAccount(valuesOf(account), { ...next!, code: account.code, typeSince: account.typeSince });
        if (changes.length === 0) return null;
        Object.assign(account, next);
        return { action: 'UPDATE', changes, after: () => rememberCities(this.accounts, m, [account]) };
      });
    } catch (err) {
      return uniqueViolation(err);
    }
  }

  async changeStatus(identity: Identity, id: string, status: AccountStatus, expectedVersion?: number | null): Promise<Account> {
    return this.change(identity, id, expectedVersion, 'account:update', async (_m, account, _s, now) => {
      const allowed = allowedStatusChanges(account.type, account.status);
      if (!allowed.includes(status)) {
        throw invalidTransition(`A ${account.type} account that is ${account.status} cannot become ${status}`, allowed);
      }
      const changes: FieldChange[] = [{ field: 'status', from: account.status, to: status }];
      account.status = status;
      account.statusSince = now;
      return { action: 'STATUS_CHANGE', changes };
    });
  }

  /** LEAD or PROSPECT to CUSTOMER (Salesorder's conversion) and every other type change. */
  async changeType(
    identity: Identity,
    id: string,
    type: AccountType,
    since: string | null | undefined,
    contractNumber: string | null | undefined,
    expectedVersion?: number | null,
  ): Promise<Account> {
    return this.change(identity, id, expectedVersion, 'account:update', async (_m, account, settings, now) => {
      const allowed = allowedTypeChanges(account.type, account.status);
      if (!allowed.includes(type)) {
        const why = type === account.type ? `The account is already a ${type}` : `A ${account.status} account cannot become a ${type}`;
        throw invalidTransition(why, allowed);
      }
      const p = new Problems();
      const next = validateAccountChanges(
        { type, typeSince: since ?? today(now), ...(contractNumber !== undefined ? { contractNumber } : {}) },
        valuesOf(account),
        settings,
        p,
      );
      p.throwFirst();
      const changes = diffAccount(valuesOf(account), { ...next!, code: account.code, typeSince: next!.typeSince ?? account.typeSince });
      Object.assign(account, next);
      return { action: 'TYPE_CHANGE', changes };
    });
  }

  async takeOwnership(identity: Identity, id: string): Promise<Account> {
    const userId = userIdOf(identity);
    if (!userId) throw forbidden(undefined, 'Only a user can own accounts');
    return this.change(identity, id, null, 'account:update', async (_m, account) => {
      if (account.ownerId === userId) return null;
      const changes: FieldChange[] = [{ field: 'ownerId', from: account.ownerId, to: userId }];
      account.ownerId = userId;
      return { action: 'OWNER_CHANGE', changes };
    });
  }

  /**
   * Soft delete. Asks transactions first (never while holding a DB
   * transaction); refused while the account has transactions. Contacts,
   * requests and history stay.
   */
  async delete(identity: Identity, idArg: string, hasTransactions: HasTransactions): Promise<Account> {
    requireRight(identity, 'account:delete');
    const id = uuid('id', idArg);
    const [found] = await this.accounts.findByIds([id]);
    if (!found || !isVisible(visibilityOf(identity), found)) throw notFound('Account', id, 'id');
    if (found.deletedAt) return found;
    if (await hasTransactions(id)) {
      throw conflict(`Account ${found.code} has transactions and cannot be deleted; make it INACTIVE instead`, { field: 'id' });
    }
    return this.change(identity, id, null, 'account:delete', async (_m, account, _s, now) => {
      account.deletedAt = now;
      account.deletedBy = identity.userId;
      return { action: 'DELETE', changes: [{ field: 'deletedAt', from: null, to: now.toISOString() }] };
    });
  }

  async restore(identity: Identity, idArg: string): Promise<Account> {
    requireRight(identity, 'account:restore');
    return this.change(identity, idArg, null, 'account:restore', async (_m, account) => {
      if (!account.deletedAt) return null;
      const changes: FieldChange[] = [{ field: 'deletedAt', from: account.deletedAt.toISOString(), to: null }];
      account.deletedAt = null;
      account.deletedBy = null;
      return { action: 'RESTORE', changes };
    });
  }

  /**
   * One change of one account, atomically: rights, lock, visibility, version,
   * the change itself, the row and its history entry in one transaction.
   * `apply` returns null when nothing changes (no write, no history).
   */
  private async change(
    identity: Identity,
    idArg: string,
    expectedVersion: number | null | undefined,
    right: 'account:update' | 'account:delete' | 'account:restore',
    apply: (
      m: EntityManager,
      account: Account,
      settings: AccountSettings,
      now: Date,
    ) => Promise<{ action: string; changes: FieldChange[]; after?: () => Promise<void> } | null>,
  ): Promise<Account> {
    const id = uuid('id', idArg);
    return this.ds.transaction(async (m) => {
      const settings = await this.settings.get(m);
      if (right === 'account:update') requireAccountWrite(identity, right, settings);
      else requireRight(identity, right);
      const [account] = await this.accounts.lockByIds(m, [id]);
      if (!account || !isVisible(visibilityOf(identity), account)) throw notFound('Account', id, 'id');
      if (account.deletedAt && right !== 'account:restore') {
        if (right === 'account:delete') return account;
        throw conflict(`Account ${account.code} is deleted; restore it first`, { field: 'id' });
      }
      if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== account.version) {
        throw staleVersion(expectedVersion, account.version);
      }
      const now = new Date();
      const result = await apply(m, account, settings, now);
      if (!result) return account;
      account.version += 1;
      account.updatedAt = now;
      await this.accounts.update(m, [account]);
      const entry: AuditEntry = auditEntry(account.id, identity.userId, result.action, result.changes, now);
      await this.accounts.insertHistory(m, [entry]);
      if (result.after) await result.after();
      return account;
    });
  }

  /** Checks a code argument (account(code:)). */
  static codeArg(value: string): string {
    const c = codeValue('code', value);
    if (!c) throw badInput('code', 'code is required');
    return c;
  }
}

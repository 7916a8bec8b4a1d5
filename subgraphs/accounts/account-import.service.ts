import type { DataSource } from 'typeorm';
import { badInput, requireRight, type Identity } from '../common';
import type { Account } from './account.entity';
import { ImportMode } from './account.enums';
import { ACCOUNT_SCALAR_FIELDS, ADDRESS_FIELDS, diffAccount } from './account.history';
import { allowedTypeChanges } from './account.lifecycle';
import type { AccountRepository } from './account.repository';
import { callerOf } from './account.rights';
import type { AuditEntry, ImportResult, ImportRowError } from './account.types';
import { Problems, validateAccountChanges, validateNewAccount, type AccountInputShape, type AccountValues } from './account.validation';
import { isVisible, visibilityOf } from './account.visibility';
import { assignCodes, auditEntry, buildAccount, fillCities, rememberCities, today, valuesOf } from './account.write';
import type { ImportAccountsInput } from './dto/import-accounts.input';
import type { SettingsRepository } from './settings.repository';

export const MAX_IMPORT_ROWS = 10_000;
const MAX_ERRORS = 1000;

const REQUIRED_TO_CREATE = ['name', 'type', 'address.line1', 'address.countryCode'];

interface Target {
  from: string;
  kind: 'scalar' | 'address' | 'free';
  key: string;
}

type Shape = AccountInputShape & { address?: Record<string, unknown> | null; freeFields?: Array<{ key: string; value: unknown }> };

/** A cell: '' and whitespace are null (clear); values are passed on as given for the validators. */
function cell(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() === '') return null;
  return v;
}

/**
 * Imports accounts (Phocas' add/update from selected rows with field mapping,
 * Salesorder's bulk import): all rows or none, every statement batched.
 */
export class AccountImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountRepository,
    private readonly settings: SettingsRepository,
  ) {}

  async import(identity: Identity, input: ImportAccountsInput): Promise<ImportResult> {
    requireRight(identity, 'account:import');
    const rows = input.rows;
    if (rows.length > MAX_IMPORT_ROWS) throw badInput('rows', `At most ${MAX_IMPORT_ROWS} rows per import`);
    if (input.expectedCount !== rows.length) {
      throw badInput('expectedCount', `expectedCount is ${input.expectedCount} but there are ${rows.length} rows: nothing was imported`, {
        rows: rows.length,
      });
    }
    const dryRun = input.dryRun ?? false;
    if (rows.length === 0) return { created: 0, updated: 0, failed: 0, errors: [], dryRun };

    try {
      return await this.ds.transaction(async (m) => {
        const settings = await this.settings.get(m);
        const targets = this.targets(input, settings.freeFieldDefinitions.map((d) => d.key));
        const shapes = rows.map((row) => this.shape(row, targets));
        const upsert = input.mode === ImportMode.UPSERT;

        // Everything that decides codes and matches runs under the code lock.
        await this.accounts.lockCodes(m);
        const externalIds = [...new Set(shapes.map((s) => textKey(s.externalId)).filter((x): x is string => !!x))];
        const codes = [...new Set(shapes.map((s) => textKey(s.code)).filter((x): x is string => !!x))];
        const matched = upsert ? await this.accounts.lockByExternalIdsOrCodes(m, externalIds, codes) : [];
        // Accounts the caller may not see are never updated: their code is as good as free (a new code is
        // assigned), their externalId is taken (unique), without saying by which account.
        const visibility = visibilityOf(identity);
        const existing = matched.filter((a) => isVisible(visibility, a));
        const hiddenExternalIds = new Set(matched.filter((a) => a.externalId && !isVisible(visibility, a)).map((a) => a.externalId!));
        const byExternalId = new Map(existing.filter((a) => a.externalId).map((a) => [a.externalId!, a]));
        const byCode = new Map(existing.map((a) => [a.code, a]));
        const takenExternalIds = upsert ? new Map<string, { id: string; code: string }>() : await this.accounts.takenExternalIds(m, externalIds);

        const errors: ImportRowError[] = [];
        let failed = 0;
        const creates: Array<{ values: AccountValues }> = [];
        const updates: Array<{ account: Account; next: AccountValues }> = [];
        const matchedBy = new Map<string, number>();
        const externalIdRow = new Map<string, number>();
        const caller = callerOf(identity);

        shapes.forEach((shape, row) => {
          const p = new Problems();
          const extId = textKey(shape.externalId);
          const code = textKey(shape.code);
          if (extId) {
            const earlier = externalIdRow.get(extId);
            if (earlier !== undefined) p.add('externalId', `externalId ${extId} is also in row ${earlier}`);
            else externalIdRow.set(extId, row);
          }
          let target: Account | undefined;
          if (upsert) {
            if (extId && hiddenExternalIds.has(extId)) p.add('externalId', `externalId ${extId} is already used by another account`);
            target = (extId && byExternalId.get(extId)) || (code ? byCode.get(code) : undefined);
            if (target && extId && target.externalId && target.externalId !== extId) {
              p.add('code', `Code ${code} belongs to an account with another externalId (${target.externalId})`);
            }
            if (target?.deletedAt) p.add(extId && target.externalId === extId ? 'externalId' : 'code', `The matching account ${target.code} is deleted`);
            if (target) {
              const earlier = matchedBy.get(target.id);
              if (earlier !== undefined) p.add(extId ? 'externalId' : 'code', `Matches the same account (${target.code}) as row ${earlier}`);
              else matchedBy.set(target.id, row);
            }
          } else if (extId && takenExternalIds.has(extId)) {
            p.add('externalId', `externalId ${extId} is already used by account ${takenExternalIds.get(extId)!.code}`);
          }

          if (target && p.ok) {
            const current = valuesOf(target);
            const change: Shape = { ...shape };
            delete change.code;
            delete change.ownerId;
            if (shape.address) change.address = { ...current.address, ...shape.address };
            if (shape.type !== undefined && shape.type !== null) {
              const t = String(shape.type).trim().toUpperCase();
              if (t !== target.type && !allowedTypeChanges(target.type, target.status).includes(t as never)) {
                p.add('type', `A ${target.status} ${target.type} account cannot become ${t}`);
              }
              if (t === target.type) delete change.typeSince;
              else if (change.typeSince === undefined || change.typeSince === null) change.typeSince = today(new Date());
            }
            const next = p.ok ? validateAccountChanges(change, current, settings, p, caller) : undefined;
            if (next) updates.push({ account: target, next });
          } else if (p.ok) {
            for (const field of REQUIRED_TO_CREATE) {
              if (!targets.some((t) => `${t.kind === 'address' ? 'address.' : ''}${t.key}` === field)) p.add(field, `${field} is not mapped, and the row creates an account`);
            }
            const values = p.ok ? validateNewAccount(shape, settings, p, caller) : undefined;
            if (values) creates.push({ values });
          }
          if (!p.ok) {
            failed += 1;
            for (const e of p.list) if (errors.length < MAX_ERRORS) errors.push({ row, field: e.field || null, message: e.message });
          }
        });

        if (failed > 0) {
          return { created: dryRun ? creates.length : 0, updated: dryRun ? updates.length : 0, failed, errors, dryRun };
        }
        const changed = updates.filter((u) => diffAccount(valuesOf(u.account), { ...u.next, code: u.account.code, typeSince: u.next.typeSince ?? u.account.typeSince }).length > 0);
        if (dryRun) return { created: creates.length, updated: changed.length, failed: 0, errors: [], dryRun };

        await fillCities(this.accounts, m, [...creates.map((c) => c.values), ...changed.map((u) => u.next)]);
        const assigned = await assignCodes(this.accounts, m, settings.codePrefix, creates.map((c) => c.values.code));
        const now = new Date();
        const history: AuditEntry[] = [];
        const created = creates.map((c, i) => {
          const account = buildAccount(c.values, assigned[i], now);
          history.push(auditEntry(account.id, identity.userId, 'CREATE', diffAccount(null, valuesOf(account)), now));
          return account;
        });
        const updated = changed.map(({ account, next }) => {
          const before = valuesOf(account);
          const typeChanged = next.type !== account.type;
          Object.assign(account, next);
          account.version += 1;
          account.updatedAt = now;
          history.push(
            auditEntry(account.id, identity.userId, typeChanged ? 'TYPE_CHANGE' : 'UPDATE', diffAccount(before, valuesOf(account)), now),
          );
          return account;
        });
        await this.accounts.insert(m, created);
        await this.accounts.update(m, updated);
        await this.accounts.insertHistory(m, history);
        await rememberCities(this.accounts, m, [...created, ...updated]);
        return { created: created.length, updated: updated.length, failed: 0, errors: [], dryRun: false };
      });
    } catch (err) {
      const e = err as { driverError?: { code?: string; constraint?: string } };
      if (e.driverError?.code === '23505' && e.driverError.constraint === 'account_external_id_key') {
        throw badInput('externalId', 'An externalId of the import was taken by another account meanwhile; nothing was imported');
      }
      throw err;
    }
  }

  private targets(input: ImportAccountsInput, freeFieldKeys: string[]): Target[] {
    if (input.mapping.length === 0) throw badInput('mapping', 'mapping is empty: map at least one source field');
    const seen = new Set<string>();
    const free = new Set(freeFieldKeys);
    const targets = input.mapping.map((mp, i) => {
      const from = mp.from;
      const to = mp.to.trim();
      if (!from || from.length > 200) throw badInput(`mapping[${i}].from`, 'A source field name is 1 to 200 characters');
      if (seen.has(to)) throw badInput(`mapping[${i}].to`, `${to.slice(0, 60)} is mapped twice`);
      seen.add(to);
      if ((ACCOUNT_SCALAR_FIELDS as readonly string[]).includes(to)) return { from, kind: 'scalar' as const, key: to };
      if (to.startsWith('address.') && (ADDRESS_FIELDS as readonly string[]).includes(to.slice(8))) return { from, kind: 'address' as const, key: to.slice(8) };
      if (to.startsWith('freeFields.') && free.has(to.slice(11))) return { from, kind: 'free' as const, key: to.slice(11) };
      throw badInput(
        `mapping[${i}].to`,
        `"${to.slice(0, 60)}" is not an account field that can be imported: one of ${[...ACCOUNT_SCALAR_FIELDS, ...ADDRESS_FIELDS.map((a) => `address.${a}`), ...[...free].map((k) => `freeFields.${k}`)].join(', ')}`,
      );
    });
    if (input.mode === ImportMode.UPSERT && !targets.some((t) => t.kind === 'scalar' && (t.key === 'externalId' || t.key === 'code'))) {
      throw badInput('mapping', 'UPSERT matches on externalId, then code: map at least one of them');
    }
    if (input.mode === ImportMode.CREATE) {
      for (const field of REQUIRED_TO_CREATE) {
        if (!targets.some((t) => (t.kind === 'address' ? `address.${t.key}` : t.key) === field)) throw badInput('mapping', `${field} must be mapped to create accounts`);
      }
    }
    return targets;
  }

  /** A row as CreateAccountInput: only the mapped source fields the row has (absent: unchanged on update). */
  private shape(row: Record<string, unknown>, targets: Target[]): Shape {
    const shape: Shape = {};
    for (const t of targets) {
      if (!Object.prototype.hasOwnProperty.call(row, t.from)) continue;
      const v = cell(row[t.from]);
      if (t.kind === 'scalar') (shape as Record<string, unknown>)[t.key] = v;
      else if (t.kind === 'address') (shape.address ??= {})[t.key] = v;
      else (shape.freeFields ??= []).push({ key: t.key, value: v });
    }
    return shape;
  }
}

/** A code or external id as matched: trimmed text, numbers as text. */
function textKey(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

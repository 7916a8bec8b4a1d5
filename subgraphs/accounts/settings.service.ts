import type { DataSource } from 'typeorm';
import { badInput, intInRange, isCurrency, requireRight, staleVersion, type Identity } from '../common';
import { FreeFieldType } from './account.enums';
import { LIMITS, MANDATORY_CANDIDATES, Problems } from './account.validation';
import type { AccountSettingsInput } from './dto/account-settings.input';
import type { AccountSettings, FreeFieldDefinition } from './settings.entity';
import type { SettingsRepository } from './settings.repository';

const KEY_RE = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
// A prefix starts with a letter, so that generated codes never join the numeric series.
const PREFIX_RE = /^[\p{L}][\p{L}\p{N}._/-]{0,9}$/u;

function optionalText(field: string, v: string | null | undefined, max: number): string | null | undefined {
  if (v === undefined || v === null) return v;
  const t = v.trim();
  if (t.length > max) throw badInput(field, `${field} is longer than ${max} characters`);
  return t === '' ? null : t;
}

/** The installation's account settings (Exact's Accounts: Settings). */
export class SettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: SettingsRepository,
  ) {}

  get(): Promise<AccountSettings> {
    return this.settings.get();
  }

  async update(identity: Identity, input: AccountSettingsInput, expectedVersion?: number | null): Promise<AccountSettings> {
    requireRight(identity, 'account:settings');
    return this.ds.transaction(async (m) => {
      const current = await this.settings.lock(m);
      if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== current.version) {
        throw staleVersion(expectedVersion, current.version);
      }
      const next = Object.assign(Object.create(Object.getPrototypeOf(current)), current) as AccountSettings;
      const p = new Problems();
      if (input.typeSelect !== undefined && input.typeSelect !== null) next.typeSelect = input.typeSelect;
      if (input.securityCheckRoles !== undefined && input.securityCheckRoles !== null) next.securityCheckRoles = input.securityCheckRoles;
      if (input.contractMandatory !== undefined && input.contractMandatory !== null) next.contractMandatory = input.contractMandatory;
      if (input.baseCurrency !== undefined && input.baseCurrency !== null) {
        const c = input.baseCurrency.trim().toUpperCase();
        if (!isCurrency(c)) p.add('baseCurrency', 'baseCurrency must be an ISO 4217 currency code');
        else next.baseCurrency = c;
      }
      if (input.codePrefix !== undefined && input.codePrefix !== null) {
        const prefix = input.codePrefix.trim();
        if (prefix !== '' && !PREFIX_RE.test(prefix)) {
          p.add('codePrefix', 'codePrefix is empty, or a letter followed by at most 9 letters, digits or . _ / -');
        } else next.codePrefix = prefix;
      }
      if (input.defaultRating !== undefined) next.defaultRating = p.run(() => intInRange('defaultRating', input.defaultRating, 1, 7)) ?? null;
      if (input.defaultClassification !== undefined) {
        next.defaultClassification = p.run(() => optionalText('defaultClassification', input.defaultClassification, LIMITS.short)) ?? null;
      }
      if (input.defaultSource !== undefined) next.defaultSource = p.run(() => optionalText('defaultSource', input.defaultSource, LIMITS.short)) ?? null;
      if (input.freeFieldDefinitions !== undefined && input.freeFieldDefinitions !== null) {
        next.freeFieldDefinitions = this.definitions(input.freeFieldDefinitions, p);
      }
      if (input.mandatoryFields !== undefined && input.mandatoryFields !== null) {
        next.mandatoryFields = this.mandatoryFields(input.mandatoryFields, next.freeFieldDefinitions, p);
      } else {
        // A free field that is no longer defined cannot stay mandatory.
        const keys = new Set(next.freeFieldDefinitions.map((d) => `freeFields.${d.key}`));
        next.mandatoryFields = next.mandatoryFields.filter((f) => !f.startsWith('freeFields.') || keys.has(f));
      }
      p.throwFirst();
      next.version = current.version + 1;
      next.updatedAt = new Date();
      await this.settings.save(m, next);
      return next;
    });
  }

  private definitions(input: NonNullable<AccountSettingsInput['freeFieldDefinitions']>, p: Problems): FreeFieldDefinition[] {
    if (input.length > LIMITS.freeFields) {
      p.add('freeFieldDefinitions', `At most ${LIMITS.freeFields} free fields`);
      return [];
    }
    const seen = new Set<string>();
    return input.map((d, i) => {
      const key = d.key.trim();
      const label = d.label.trim();
      if (!KEY_RE.test(key)) p.add(`freeFieldDefinitions[${i}].key`, 'A free field key is a letter followed by at most 49 letters, digits or _');
      else if (seen.has(key)) p.add(`freeFieldDefinitions[${i}].key`, `Free field ${key} is defined twice`);
      seen.add(key);
      if (!label || label.length > LIMITS.short) p.add(`freeFieldDefinitions[${i}].label`, `A label is required, at most ${LIMITS.short} characters`);
      if (!Object.values(FreeFieldType).includes(d.type)) p.add(`freeFieldDefinitions[${i}].type`, 'Unknown free field type');
      return { key, label, type: d.type };
    });
  }

  private mandatoryFields(input: string[], definitions: FreeFieldDefinition[], p: Problems): string[] {
    const allowed = new Set<string>([...MANDATORY_CANDIDATES, ...definitions.map((d) => `freeFields.${d.key}`)]);
    const out: string[] = [];
    for (const raw of input) {
      const f = raw.trim();
      if (!allowed.has(f)) {
        p.add('mandatoryFields', `"${f.slice(0, 60)}" cannot be made mandatory; one of: ${[...allowed].join(', ')}`);
      } else if (!out.includes(f)) out.push(f);
    }
    return out;
  }
}

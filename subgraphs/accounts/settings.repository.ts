import type { DataSource, EntityManager } from 'typeorm';
import { AccountSettings } from './settings.entity';

const SELECT = `SELECT id, type_select, security_check_roles, contract_mandatory, mandatory_fields, base_currency, code_prefix,
  default_rating, default_classification, default_source, free_field_definitions, version, updated_at
  FROM accounts.account_settings WHERE id = 1`;

function toSettings(r: Record<string, any>): AccountSettings {
  return Object.assign(new AccountSettings(), {
    id: r.id,
    typeSelect: r.type_select,
    securityCheckRoles: r.security_check_roles,
    contractMandatory: r.contract_mandatory,
    mandatoryFields: r.mandatory_fields,
    baseCurrency: String(r.base_currency).trim(),
    codePrefix: r.code_prefix,
    defaultRating: r.default_rating,
    defaultClassification: r.default_classification,
    defaultSource: r.default_source,
    freeFieldDefinitions: r.free_field_definitions,
    version: r.version,
    updatedAt: r.updated_at,
  });
}

/** The one settings row of this installation. */
export class SettingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Read per request, never cached in the process: replicas must agree. */
  async get(m: EntityManager | DataSource = this.ds): Promise<AccountSettings> {
    const [row] = await m.query(SELECT);
    return toSettings(row);
  }

  async lock(m: EntityManager): Promise<AccountSettings> {
    const [row] = await m.query(`${SELECT} FOR UPDATE`);
    return toSettings(row);
  }

  async save(m: EntityManager, s: AccountSettings): Promise<void> {
    await m.query(
      `UPDATE accounts.account_settings SET type_select = $1, security_check_roles = $2, contract_mandatory = $3,
         mandatory_fields = $4::jsonb, base_currency = $5, code_prefix = $6, default_rating = $7, default_classification = $8,
         default_source = $9, free_field_definitions = $10::jsonb, version = $11, updated_at = $12
       WHERE id = 1`,
      [
        s.typeSelect,
        s.securityCheckRoles,
        s.contractMandatory,
        JSON.stringify(s.mandatoryFields),
        s.baseCurrency,
        s.codePrefix,
        s.defaultRating,
        s.defaultClassification,
        s.defaultSource,
        JSON.stringify(s.freeFieldDefinitions),
        s.version,
        s.updatedAt,
      ],
    );
  }
}

import type { TestSystem } from '../support/system';

export const ACCOUNT_FIELDS = `id code externalId kind name type typeSince status statusSince allowedStatusChanges
  address { line1 line2 postcode city stateCode countryCode } billingAddresses { line1 city countryCode } shippingAddresses { line1 city countryCode }
  website email phone phoneExtension fax currency classification rating source securityLevel owner { id } remarks
  freeFields { key value } contractNumber version createdAt updatedAt deletedAt`;

export const CREATE = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { ${ACCOUNT_FIELDS} } }`;
export const UPDATE = `mutation($id: ID!, $input: UpdateAccountInput!, $v: Int) { updateAccount(id: $id, input: $input, expectedVersion: $v) { ${ACCOUNT_FIELDS} } }`;
export const STATUS = `mutation($id: ID!, $status: AccountStatus!, $v: Int) { changeAccountStatus(id: $id, status: $status, expectedVersion: $v) { id status statusSince version allowedStatusChanges } }`;
export const TYPE = `mutation($id: ID!, $type: AccountType!, $since: Date, $contractNumber: String) {
  changeAccountType(id: $id, type: $type, since: $since, contractNumber: $contractNumber) { id type typeSince contractNumber version } }`;
export const SETTINGS = `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) {
  typeSelect securityCheckRoles contractMandatory mandatoryFields baseCurrency codePrefix defaultRating defaultClassification defaultSource
  freeFieldDefinitions { key label type } } }`;
export const HISTORY = `query($id: ID!, $first: Int, $after: String) { account(id: $id) { history(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id at action actor { id } changes { field from to } } } } } }`;

let seq = 0;
/** A valid CreateAccountInput, unique per call. */
export function accountInput(patch: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    name: `Test Account ${Date.now().toString(36)}-${seq}`,
    type: 'CUSTOMER',
    address: { line1: `Teststraat ${seq}`, postcode: '1234 AB', city: 'Testdorp', countryCode: 'NL' },
    ...patch,
  };
}

export async function count(t: TestSystem, table = 'account'): Promise<number> {
  const [{ n }] = await t.dataSource('accounts').query(`SELECT count(*)::int AS n FROM accounts.${table}`);
  return n;
}

/** Counts of every table a failed mutation must leave unchanged. */
export async function counts(t: TestSystem): Promise<Record<string, number>> {
  const [row] = await t.dataSource('accounts').query(`SELECT
    (SELECT count(*)::int FROM accounts.account) AS accounts,
    (SELECT count(*)::int FROM accounts.audit_entry) AS history,
    (SELECT count(*)::int FROM accounts.request) AS requests,
    (SELECT coalesce(sum(version), 0)::int FROM accounts.account) AS versions`);
  return row;
}

export async function createAccount(t: TestSystem, patch: Record<string, unknown> = {}, token?: string): Promise<any> {
  const { createAccount } = await t.ok(CREATE, { input: accountInput(patch) }, token ? { token } : {});
  return createAccount;
}

/** Settings back to the defaults (tests in one file share the installation). */
export async function resetSettings(t: TestSystem): Promise<void> {
  await t.ok(SETTINGS, {
    input: {
      typeSelect: true, securityCheckRoles: true, contractMandatory: false, mandatoryFields: [], baseCurrency: 'EUR', codePrefix: '',
      defaultRating: null, defaultClassification: null, defaultSource: null, freeFieldDefinitions: [],
    },
  });
}

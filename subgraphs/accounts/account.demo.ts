import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DemoData } from '../common';
import { Account } from './account.entity';
import { AccountKind, AccountStatus, AccountType } from './account.enums';

const DEMO: Array<Pick<Account, 'code' | 'name' | 'kind' | 'type' | 'status' | 'currency' | 'address'> & { classification?: string | null }> = [
  {
    code: '1001', name: 'Van der Berg Installatietechniek B.V.', kind: AccountKind.COMPANY, type: AccountType.CUSTOMER,
    status: AccountStatus.ACTIVE, currency: 'EUR',
    address: { line1: 'Industrieweg 12', line2: null, postcode: '3542 AD', city: 'Utrecht', stateCode: null, countryCode: 'NL' },
  },
  {
    code: '1002', name: 'Brightline Retail Ltd', kind: AccountKind.COMPANY, type: AccountType.CUSTOMER,
    status: AccountStatus.ACTIVE, currency: 'GBP',
    address: { line1: '14 Canal Street', line2: 'Unit 3', postcode: 'M1 3HE', city: 'Manchester', stateCode: null, countryCode: 'GB' },
  },
  {
    code: '1003', name: 'Nordic Timber AB', kind: AccountKind.COMPANY, type: AccountType.SUPPLIER,
    status: AccountStatus.ACTIVE, currency: 'SEK',
    address: { line1: 'Hamngatan 4', line2: null, postcode: '411 06', city: 'Göteborg', stateCode: null, countryCode: 'SE' },
  },
  {
    code: '1004', name: 'Keller Maschinenbau GmbH', kind: AccountKind.COMPANY, type: AccountType.PROSPECT,
    status: AccountStatus.ACTIVE, currency: 'EUR',
    address: { line1: 'Werkstraße 8', line2: null, postcode: '70565', city: 'Stuttgart', stateCode: 'BW', countryCode: 'DE' },
  },
  {
    code: '1005', name: 'Dupont Équipements SARL', kind: AccountKind.COMPANY, type: AccountType.CUSTOMER,
    status: AccountStatus.BLOCKED, currency: 'EUR',
    address: { line1: '22 rue de la Gare', line2: null, postcode: '69002', city: 'Lyon', stateCode: null, countryCode: 'FR' },
  },
  {
    code: '1006', name: 'Pieter Jansen', kind: AccountKind.PERSON, type: AccountType.CUSTOMER,
    status: AccountStatus.ACTIVE, currency: 'EUR',
    address: { line1: 'Kerkstraat 5', line2: null, postcode: '1017 GB', city: 'Amsterdam', stateCode: null, countryCode: 'NL' },
  },
];

/** A handful of realistic accounts of several types and statuses. */
export async function seedAccountsDemo(ds: DataSource, demo: DemoData): Promise<void> {
  const now = new Date();
  const rows = DEMO.map((d) =>
    Object.assign(new Account(), {
      classification: null,
      ...d,
      id: randomUUID(),
      typeSince: now.toISOString().slice(0, 10),
      statusSince: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  await ds.getRepository(Account).insert(rows);
  demo.accounts.push(...rows.map(({ id, code, name, kind, type, status, currency }) => ({ id, code, name, kind, type, status, currency })));
}

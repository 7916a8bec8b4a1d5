import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Address, DemoData } from '../common';
import { AccountKind, AccountStatus, AccountType, RequestStatus } from './account.enums';
import { diffAccount } from './account.history';
import { AccountRepository } from './account.repository';
import type { AuditEntry } from './account.types';
import type { AccountValues } from './account.validation';
import { auditEntry, buildAccount, rememberCities, valuesOf } from './account.write';
import { Request } from './request.entity';
import { RequestRepository } from './request.repository';

type Demo = Partial<AccountValues> & Pick<AccountValues, 'name' | 'type' | 'currency' | 'address'> & { code: string; status?: AccountStatus; deleted?: boolean };

const a = (line1: string, postcode: string, city: string, countryCode: string, stateCode: string | null = null): Address => ({
  line1,
  line2: null,
  postcode,
  city,
  stateCode,
  countryCode,
});

const DEMO: Demo[] = [
  { code: '1001', name: 'Van der Berg Installatietechniek B.V.', type: AccountType.CUSTOMER, currency: 'EUR', address: a('Industrieweg 12', '3542 AD', 'Utrecht', 'NL'), email: 'info@vdberg-installatie.nl', phone: '+31 30 241 5500', website: 'https://www.vdberg-installatie.nl', classification: 'A', rating: 2, source: 'Trade fair', contractNumber: 'CT-2023-014' },
  { code: '1002', name: 'Brightline Retail Ltd', type: AccountType.CUSTOMER, currency: 'GBP', address: { ...a('14 Canal Street', 'M1 3HE', 'Manchester', 'GB'), line2: 'Unit 3' }, email: 'accounts@brightline-retail.co.uk', phone: '+44 161 496 0123', classification: 'B', rating: 3, source: 'Internet' },
  { code: '1003', name: 'Nordic Timber AB', type: AccountType.SUPPLIER, currency: 'SEK', address: a('Hamngatan 4', '411 06', 'Göteborg', 'SE'), email: 'order@nordictimber.se', phone: '+46 31 700 12 00', rating: 2 },
  { code: '1004', name: 'Keller Maschinenbau GmbH', type: AccountType.PROSPECT, currency: 'EUR', address: a('Werkstraße 8', '70565', 'Stuttgart', 'DE', 'BW'), email: 'vertrieb@keller-maschinenbau.de', source: 'Phone', rating: 4 },
  { code: '1005', name: 'Dupont Équipements SARL', type: AccountType.CUSTOMER, status: AccountStatus.BLOCKED, currency: 'EUR', address: a('22 rue de la Gare', '69002', 'Lyon', 'FR'), classification: 'C', rating: 6, remarks: '<p>Blocked after <b>three</b> reminders; see the credit file.</p>' },
  { code: '1006', name: 'Pieter Jansen', kind: AccountKind.PERSON, type: AccountType.CUSTOMER, currency: 'EUR', address: a('Kerkstraat 5', '1017 GB', 'Amsterdam', 'NL'), email: 'pieter.jansen@example.nl', phone: '+31 6 1234 5678' },
  { code: '1007', name: 'Alpine Outdoor Reseller AG', type: AccountType.RESELLER, status: AccountStatus.REFERENCE, currency: 'CHF', address: a('Bahnhofstrasse 45', '8001', 'Zürich', 'CH'), email: 'partner@alpine-outdoor.ch', classification: 'A', rating: 1 },
  { code: '1008', name: 'Harbour Logistics B.V.', type: AccountType.CUSTOMER, status: AccountStatus.PILOT, currency: 'EUR', address: a('Waalhaven Z.z. 19', '3089 JH', 'Rotterdam', 'NL'), email: 'planning@harbourlogistics.nl', securityLevel: 5, classification: 'A' },
  { code: '1009', name: 'Greenfield Foods Inc.', type: AccountType.LEAD, currency: 'USD', address: a('200 Market Street', '94105', 'San Francisco', 'US', 'CA'), email: 'hello@greenfieldfoods.com', source: 'Internet' },
  { code: '1010', name: 'Costa Brava Hoteles S.L.', type: AccountType.CUSTOMER, status: AccountStatus.INACTIVE, currency: 'EUR', address: a('Passeig del Mar 7', '17310', 'Lloret de Mar', 'ES'), rating: 5 },
  { code: '1011', name: 'Mäkinen Consulting Oy', type: AccountType.NOT_VALIDATED, currency: 'EUR', address: a('Mannerheimintie 12', '00100', 'Helsinki', 'FI'), source: 'Letter of recommendation' },
  { code: '1012', name: 'Oude Molen Bakkerij', type: AccountType.CUSTOMER, currency: 'EUR', address: a('Molenweg 3', '3542 AD', 'Utrecht', 'NL'), deleted: true },
];

const REQUESTS: Array<[code: string, type: string, subject: string, status: RequestStatus, hours: number, monthsAgo: number]> = [
  ['1001', 'Service', 'Heat pump maintenance contract renewal', RequestStatus.DONE, 3.5, 5],
  ['1001', 'Complaint', 'Late delivery of order SO-000012', RequestStatus.DONE, 1.25, 3],
  ['1001', 'Service', 'Quarterly inspection', RequestStatus.IN_PROGRESS, 2, 1],
  ['1001', 'Quotation', 'Extension of the office building', RequestStatus.OPEN, 0, 0],
  ['1002', 'Complaint', 'Damaged pallets on arrival', RequestStatus.REJECTED, 0.5, 2],
  ['1002', 'Quotation', 'Spring collection shelving', RequestStatus.OPEN, 1, 0],
  ['1004', 'Demo', 'On-site product demonstration', RequestStatus.DONE, 6, 4],
  ['1005', 'Credit', 'Payment plan for overdue invoices', RequestStatus.IN_PROGRESS, 2.5, 1],
  ['1007', 'Partner', 'Annual reseller agreement', RequestStatus.DONE, 4, 8],
  ['1008', 'Pilot', 'Pilot evaluation meeting', RequestStatus.OPEN, 1.5, 0],
];

/** Realistic accounts of several types and statuses, with history and requests. */
export async function seedAccountsDemo(ds: DataSource, demo: DemoData): Promise<void> {
  const accounts = new AccountRepository(ds);
  const requests = new RequestRepository(ds);
  const now = new Date();
  const rows = DEMO.map(({ status, deleted, ...d }) => {
    const account = buildAccount(
      {
        externalId: null, kind: AccountKind.COMPANY, typeSince: null, billingAddresses: [], shippingAddresses: [], website: null, email: null,
        phone: null, phoneExtension: null, fax: null, classification: null, rating: null, source: null, securityLevel: 0, ownerId: null,
        remarks: null, freeFields: [], contractNumber: null, ...d,
      },
      d.code,
      now,
    );
    account.status = status ?? AccountStatus.ACTIVE;
    if (deleted) account.deletedAt = now;
    return account;
  });
  const history: AuditEntry[] = rows.map((r) => auditEntry(r.id, null, 'CREATE', diffAccount(null, valuesOf(r)), now));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const reqs = REQUESTS.map(([code, type, subject, status, hours, monthsAgo], i) => {
    const created = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, Math.min(3 + i, 27), 9, 30));
    return Object.assign(new Request(), {
      id: randomUUID(),
      number: `REQ-${String(i + 1).padStart(6, '0')}`,
      accountId: byCode.get(code)!.id,
      type,
      subject,
      status,
      hours,
      createdBy: null,
      version: 1,
      createdAt: created,
      updatedAt: created,
      closedAt: status === RequestStatus.DONE || status === RequestStatus.REJECTED ? created : null,
    });
  });
  await ds.transaction(async (m) => {
    await accounts.insert(m, rows);
    await accounts.insertHistory(m, history);
    await rememberCities(accounts, m, rows);
    await requests.insert(m, reqs);
    await m.query(`INSERT INTO accounts.counter (name, next_value) VALUES ('request', $1) ON CONFLICT (name) DO UPDATE SET next_value = EXCLUDED.next_value`, [reqs.length + 1]);
  });
  demo.accounts.push(
    ...rows.filter((r) => !r.deletedAt).map(({ id, code, name, kind, type, status, currency }) => ({ id, code, name, kind, type, status, currency })),
  );
}

import { registerEnumType } from 'type-graphql';

export enum AccountKind {
  COMPANY = 'COMPANY',
  PERSON = 'PERSON',
}

export enum AccountType {
  ASSOCIATE = 'ASSOCIATE',
  BANK = 'BANK',
  CUSTOMER = 'CUSTOMER',
  DIVISION = 'DIVISION',
  LEAD = 'LEAD',
  NOT_VALIDATED = 'NOT_VALIDATED',
  PROSPECT = 'PROSPECT',
  RESELLER = 'RESELLER',
  SELLER = 'SELLER',
  SUPPLIER = 'SUPPLIER',
  SUSPECT = 'SUSPECT',
}

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  REFERENCE = 'REFERENCE',
  BLOCKED = 'BLOCKED',
  PILOT = 'PILOT',
  PASSIVE = 'PASSIVE',
  INACTIVE = 'INACTIVE',
}

registerEnumType(AccountKind, { name: 'AccountKind' });
registerEnumType(AccountType, { name: 'AccountType' });
registerEnumType(AccountStatus, { name: 'AccountStatus' });

export enum RequestStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  REJECTED = 'REJECTED',
}

export enum FreeFieldType {
  TEXT = 'TEXT',
  NUMBER = 'NUMBER',
  DATE = 'DATE',
  BOOLEAN = 'BOOLEAN',
}

export enum AccountOrder {
  NAME = 'NAME',
  CODE = 'CODE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

export enum ImportMode {
  CREATE = 'CREATE',
  UPSERT = 'UPSERT',
}

registerEnumType(RequestStatus, { name: 'RequestStatus' });
registerEnumType(FreeFieldType, { name: 'FreeFieldType' });
registerEnumType(AccountOrder, { name: 'AccountOrder', description: 'Sort key of accounts; ties are broken by id' });
registerEnumType(SortDirection, { name: 'SortDirection' });
registerEnumType(ImportMode, {
  name: 'ImportMode',
  valuesConfig: {
    CREATE: { description: 'Every row is a new account' },
    UPSERT: { description: 'A row matching an account on externalId, then on code, updates it; other rows create accounts' },
  },
});

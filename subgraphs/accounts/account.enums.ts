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

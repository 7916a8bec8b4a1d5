import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  badInput,
  countryCode,
  isCurrency,
  optionalString,
  requiredString,
  type Identity,
} from '../common';
import { Account } from './account.entity';
import { AccountStatus } from './account.enums';
import type { AccountRepository } from './account.repository';
import type { CreateAccountInput } from './dto/create-account.input';

const BASE_CURRENCY = 'EUR';

/** The rules of the account master. */
export class AccountService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountRepository,
  ) {}

  async create(_identity: Identity, input: CreateAccountInput): Promise<Account> {
    const name = requiredString('name', input.name);
    const address = {
      line1: requiredString('address.line1', input.address.line1),
      line2: optionalString('address.line2', input.address.line2) ?? null,
      postcode: optionalString('address.postcode', input.address.postcode, 20) ?? null,
      city: optionalString('address.city', input.address.city) ?? null,
      stateCode: optionalString('address.stateCode', input.address.stateCode, 10) ?? null,
      countryCode: countryCode('address.countryCode', input.address.countryCode),
    };
    const currency = (input.currency ?? BASE_CURRENCY).trim().toUpperCase();
    if (!isCurrency(currency)) throw badInput('currency', 'currency must be an ISO 4217 code');
    const requestedCode = optionalString('code', input.code, 50);

    return this.ds.transaction(async (manager) => {
      // Serialise code assignment so that two creates with one code both succeed.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('accounts.account.code'))`);
      let code = requestedCode ?? null;
      if (!code || (await this.accounts.codeExists(manager, code))) code = await this.accounts.nextNumericCode(manager);
      const now = new Date();
      const account = Object.assign(new Account(), {
        id: randomUUID(),
        code,
        kind: input.kind,
        name,
        type: input.type,
        typeSince: now.toISOString().slice(0, 10),
        status: AccountStatus.ACTIVE,
        statusSince: now,
        address,
        currency,
        classification: optionalString('classification', input.classification) ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await this.accounts.insert(manager, account);
      return account;
    });
  }
}

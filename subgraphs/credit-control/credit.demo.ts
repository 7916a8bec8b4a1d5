import type { DataSource } from 'typeorm';
import type { DemoData } from '../common';
import { AccountCredit } from './credit.entity';
import { CreditCheckMode, OnHoldAction } from './credit.enums';
import { CreditRepository } from './credit.repository';

/** The admin whose token `npm start` prints. */
const DEMO_ADMIN = '00000000-0000-4000-8000-000000000001';

/**
 * Limits by demo account code, in the account's currency, above what each
 * account owes today (transactions' demo data), so that only the held account
 * is on hold; 1004 and 1006 are close to theirs (an order of a few thousand
 * would pass it). Suppliers, leads and accounts not yet validated get none.
 */
const LIMITS: Record<string, string> = { '1001': '25000', '1002': '10000', '1004': '7500', '1005': '10000', '1006': '8000', '1007': '20000', '1008': '15000' };
const HELD = { code: '1002', note: 'Disputed delivery on the last invoice: no new orders until finance has settled it.' };

/**
 * Limits on the demo accounts, one manual hold with a note, and a policy that
 * shows them: CREDIT_LIMIT, and on hold sales orders are created PENDING and
 * cash sales allowed. (Transactions' demo data has the past-due account, 1005:
 * under PAST_DUE it is held too.)
 */
export async function seedCreditControlDemo(ds: DataSource, demo: DemoData): Promise<void> {
  const repo = new CreditRepository(ds);
  const now = new Date();
  await ds.transaction(async (m) => {
    const policy = await repo.lockPolicy(m);
    await repo.updatePolicy(m, {
      checkMode: CreditCheckMode.CREDIT_LIMIT,
      onHoldAction: OnHoldAction.ALLOW_PENDING_SALES_ORDERS_AND_CASH_SALES,
      version: policy.version + 1,
      updatedBy: DEMO_ADMIN,
      updatedAt: now,
    });
    for (const account of demo.accounts) {
      const limit = LIMITS[account.code] ?? null;
      const held = account.code === HELD.code;
      if (limit === null && !held) continue;
      await repo.insertTerms(
        m,
        Object.assign(new AccountCredit(), {
          accountId: account.id,
          creditLimit: limit,
          currency: limit === null ? null : account.currency,
          holdSince: held ? now : null,
          holdBy: held ? DEMO_ADMIN : null,
          holdNote: held ? HELD.note : null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
      if (limit !== null) await repo.insertChange(m, { accountId: account.id, actor: DEMO_ADMIN, action: 'LIMIT_SET', at: now, changes: [{ field: 'limit', from: null, to: `${limit} ${account.currency}` }] });
      if (held) await repo.insertChange(m, { accountId: account.id, actor: DEMO_ADMIN, action: 'HOLD', at: now, changes: [{ field: 'onHold', from: 'false', to: 'true' }, { field: 'note', from: null, to: HELD.note }] });
    }
  });
}

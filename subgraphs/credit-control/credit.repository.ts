import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountCredit, CreditChange, CreditPolicyRow, type FieldChange } from './credit.entity';
import type { CreditCheckMode, OnHoldAction } from './credit.enums';

/** Which accounts a list across accounts may show: none of `hidden`, and only `only` when set (portal users). */
export interface HeldScope {
  hidden: readonly string[];
  only: string | null;
}

export interface AccountLimit {
  accountId: string;
  limit: string;
  currency: string;
}

/** All SQL for credit terms, the policy and their history. */
export class CreditRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The terms of the accounts and the policy in one statement: `Account.credit`
   * needs both for every account of a page.
   */
  async findTermsWithPolicy(accountIds: readonly string[]): Promise<{ policy: CreditPolicyRow; terms: AccountCredit[] }> {
    const rows: Array<Record<string, any>> = await this.ds.query(
      `SELECT p.check_mode, p.on_hold_action, p.version AS policy_version, p.updated_by AS policy_updated_by,
              p.created_at AS policy_created_at, p.updated_at AS policy_updated_at,
              c.account_id, c.credit_limit, c.currency, c.hold_since, c.hold_by, c.hold_note, c.version, c.created_at, c.updated_at
       FROM credit_control.credit_policy p
       LEFT JOIN credit_control.account_credit c ON c.account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    if (rows.length === 0) throw new Error('credit_control.credit_policy has no row (migration not applied?)');
    const r0 = rows[0];
    const policy = Object.assign(new CreditPolicyRow(), {
      id: true,
      checkMode: r0.check_mode,
      onHoldAction: r0.on_hold_action,
      version: r0.policy_version,
      updatedBy: r0.policy_updated_by,
      createdAt: r0.policy_created_at,
      updatedAt: r0.policy_updated_at,
    });
    const terms = rows
      .filter((r) => r.account_id)
      .map((r) =>
        Object.assign(new AccountCredit(), {
          accountId: r.account_id,
          creditLimit: r.credit_limit,
          currency: r.currency,
          holdSince: r.hold_since,
          holdBy: r.hold_by,
          holdNote: r.hold_note,
          version: r.version,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        }),
      );
    return { policy, terms };
  }

  async findPolicy(): Promise<CreditPolicyRow> {
    const row = await this.ds.getRepository(CreditPolicyRow).findOneBy({ id: true });
    if (!row) throw new Error('credit_control.credit_policy has no row (migration not applied?)');
    return row;
  }

  /** Accounts held by hand, by id, after `afterId` (keyset). */
  /**
   * Accounts held by hand, in id order, after `afterId`. `scope` keeps out the
   * accounts the caller may not see (hidden ids) and, for a portal user, every
   * account but theirs.
   */
  async heldAccountIds(afterId: string | null, limit: number, scope: HeldScope): Promise<string[]> {
    const rows: { account_id: string }[] = await this.ds.query(
      `SELECT account_id FROM credit_control.account_credit
        WHERE hold_since IS NOT NULL AND ($1::uuid IS NULL OR account_id > $1::uuid)
          AND account_id <> ALL($3::uuid[]) AND ($4::uuid IS NULL OR account_id = $4::uuid)
        ORDER BY account_id LIMIT $2`,
      [afterId, limit, scope.hidden, scope.only],
    );
    return rows.map((r) => r.account_id);
  }

  async allHeldAccountIds(scope: HeldScope): Promise<string[]> {
    const rows: { account_id: string }[] = await this.ds.query(
      `SELECT account_id FROM credit_control.account_credit
        WHERE hold_since IS NOT NULL AND account_id <> ALL($1::uuid[]) AND ($2::uuid IS NULL OR account_id = $2::uuid)
        ORDER BY account_id`,
      [scope.hidden, scope.only],
    );
    return rows.map((r) => r.account_id);
  }

  /** Every account that has a limit. */
  async limits(): Promise<AccountLimit[]> {
    const rows: { account_id: string; credit_limit: string; currency: string }[] = await this.ds.query(
      `SELECT account_id, credit_limit, currency FROM credit_control.account_credit WHERE credit_limit IS NOT NULL ORDER BY account_id`,
    );
    return rows.map((r) => ({ accountId: r.account_id, limit: r.credit_limit, currency: r.currency }));
  }

  /** Serialises changes of one account's terms, also while it has no row yet. */
  async lockAccount(m: EntityManager, accountId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('credit_control.account_credit'), hashtext($1))`, [accountId]);
  }

  async findTerms(m: EntityManager, accountId: string): Promise<AccountCredit | null> {
    return m.getRepository(AccountCredit).findOneBy({ accountId });
  }

  async insertTerms(m: EntityManager, terms: AccountCredit): Promise<void> {
    await m.getRepository(AccountCredit).insert(terms);
  }

  /** Writes the row as given; the caller has bumped `version`. */
  async updateTerms(m: EntityManager, terms: AccountCredit): Promise<void> {
    await m.query(
      `UPDATE credit_control.account_credit
          SET credit_limit = $2, currency = $3, hold_since = $4, hold_by = $5, hold_note = $6, version = $7, updated_at = $8
        WHERE account_id = $1`,
      [terms.accountId, terms.creditLimit, terms.currency, terms.holdSince, terms.holdBy, terms.holdNote, terms.version, terms.updatedAt],
    );
  }

  async lockPolicy(m: EntityManager): Promise<CreditPolicyRow> {
    const row = await m.getRepository(CreditPolicyRow).createQueryBuilder('p').setLock('pessimistic_write').where('p.id').getOne();
    if (!row) throw new Error('credit_control.credit_policy has no row (migration not applied?)');
    return row;
  }

  async updatePolicy(m: EntityManager, p: { checkMode: CreditCheckMode; onHoldAction: OnHoldAction; version: number; updatedBy: string; updatedAt: Date }): Promise<void> {
    await m.query(
      `UPDATE credit_control.credit_policy SET check_mode = $1, on_hold_action = $2, version = $3, updated_by = $4, updated_at = $5 WHERE id`,
      [p.checkMode, p.onHoldAction, p.version, p.updatedBy, p.updatedAt],
    );
  }

  async insertChange(m: EntityManager, c: { accountId: string | null; actor: string; action: string; changes: FieldChange[]; at: Date }): Promise<void> {
    await m.getRepository(CreditChange).insert({ id: randomUUID(), ...c });
  }

  /** History of one account's terms, newest first (tests and support). */
  async changesOf(accountId: string | null): Promise<CreditChange[]> {
    const qb = this.ds.getRepository(CreditChange).createQueryBuilder('c');
    (accountId === null ? qb.where('c.account_id IS NULL') : qb.where('c.account_id = :accountId', { accountId })).orderBy('c.at', 'DESC').addOrderBy('c.id', 'DESC');
    return qb.getMany();
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CreditCheckMode, OnHoldAction } from './credit.enums';

/** Credit terms of one account. No row: no limit, no hold. */
@Entity({ name: 'account_credit' })
export class AccountCredit {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: string;

  /** null: no limit. In `currency`, the account's currency when the limit was set. */
  @Column('numeric', { name: 'credit_limit', precision: 20, scale: 4, nullable: true })
  creditLimit: string | null;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  /** null: not held by hand. */
  @Column('timestamptz', { name: 'hold_since', nullable: true })
  holdSince: Date | null;

  /** The `sub` of who put the hold on. */
  @Column('text', { name: 'hold_by', nullable: true })
  holdBy: string | null;

  @Column('text', { name: 'hold_note', nullable: true })
  holdNote: string | null;

  @Column('int', { default: 1 })
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** The one row of the credit policy. */
@Entity({ name: 'credit_policy' })
export class CreditPolicyRow {
  @PrimaryColumn('boolean', { default: true })
  id: boolean;

  @Column('text', { name: 'check_mode' })
  checkMode: CreditCheckMode;

  @Column('text', { name: 'on_hold_action' })
  onHoldAction: OnHoldAction;

  @Column('int', { default: 1 })
  version: number;

  @Column('text', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

/** History of limits, holds and the policy: append-only. */
@Entity({ name: 'credit_change' })
export class CreditChange {
  @PrimaryColumn('uuid')
  id: string;

  /** null: a change of the policy. */
  @Column('uuid', { name: 'account_id', nullable: true })
  accountId: string | null;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  actor: string;

  /** LIMIT_SET, LIMIT_REMOVED, HOLD, HOLD_NOTE, RELEASE, POLICY */
  @Column('text')
  action: string;

  @Column('jsonb')
  changes: FieldChange[];
}

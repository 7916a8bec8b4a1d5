import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Credit terms of one account. No row: no limit, no hold. */
@Entity({ name: 'account_credit' })
export class AccountCredit {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: string;

  @Column('numeric', { name: 'credit_limit', precision: 20, scale: 4, nullable: true })
  creditLimit: string | null;

  @Column('int', { default: 1 })
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

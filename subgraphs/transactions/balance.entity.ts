import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per account, updated in the same transaction as each ledger entry: reading a balance is O(1). */
@Entity({ name: 'account_balance' })
export class AccountBalance {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('numeric', { precision: 20, scale: 4, default: 0 })
  balance: string;

  @Column('numeric', { precision: 20, scale: 4, default: 0 })
  unallocated: string;

  @Column('numeric', { name: 'open_orders', precision: 20, scale: 4, default: 0 })
  openOrders: string;

  @Column('int', { name: 'document_count', default: 0 })
  documentCount: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar, DateScalar, Money } from '../common';
import { AccountRef } from './account.stub';
import { Document } from './document.entity';

@ObjectType({ simpleResolvers: true })
export class Aging {
  @Field(() => Money, { description: 'Open invoices not yet due' })
  current: Money;

  @Field(() => Money)
  days1to30: Money;

  @Field(() => Money)
  days31to60: Money;

  @Field(() => Money)
  days61to90: Money;

  @Field(() => Money)
  over90: Money;
}

@ObjectType()
export class Receivables {
  accountId: string;
  currency: string;

  @Field(() => Money, { description: 'What the account owes: invoices - credit notes - payments + refunds' })
  balance: Money;

  @Field(() => Money, { description: 'Open amount of invoices past their due date' })
  overdue: Money;

  @Field(() => Money, { description: 'Payments and credit notes not yet allocated' })
  unallocated: Money;

  @Field(() => Money, { description: 'Sales orders not yet invoiced (OPEN or PENDING)' })
  openOrders: Money;

  @Field(() => Aging, { description: 'Open invoices by days past due, as of today' })
  aging: Aging;
}

@ObjectType({ simpleResolvers: true })
export class AgingRow {
  @Field({ description: 'ACCOUNT: the account code; CLASSIFICATION: the classification, "(none)" without one' })
  key: string;

  @Field(() => AccountRef, { nullable: true, description: 'Set when grouped by ACCOUNT' })
  account: AccountRef | null;

  @Field(() => Aging)
  aging: Aging;

  @Field(() => Money, { description: 'The sum of the aging buckets: open invoices as of the date' })
  total: Money;
}

@ObjectType({ simpleResolvers: true })
export class StatementLine {
  documentId: string;

  @Field(() => DateScalar)
  date: string;

  /** Resolved through the documentById loader. */
  @Field(() => Document)
  document?: Document;

  @Field()
  description: string;

  @Field(() => Money, { nullable: true })
  debit: Money | null;

  @Field(() => Money, { nullable: true })
  credit: Money | null;

  @Field(() => Money, { description: 'Running balance after this line' })
  balance: Money;
}

@ObjectType({ simpleResolvers: true })
export class Statement {
  @Field(() => AccountRef)
  account: AccountRef;

  @Field(() => DateScalar, { nullable: true, description: 'null: a statement of open items' })
  from: string | null;

  @Field(() => DateScalar)
  to: string;

  @Field(() => Money)
  openingBalance: Money;

  @Field(() => Money)
  closingBalance: Money;

  @Field(() => [StatementLine], { description: 'Oldest first' })
  lines: StatementLine[];
}

/** For the credit-control subgraph only (service identity): an account's figures. */
@ObjectType({ simpleResolvers: true })
@Directive('@inaccessible')
export class AccountFigures {
  @Field(() => ID)
  accountId: string;

  @Field()
  currency: string;

  @Field(() => DecimalScalar)
  balance: string;

  @Field(() => DecimalScalar)
  openOrders: string;

  @Field(() => DecimalScalar)
  overdue: string;

  @Field(() => DecimalScalar)
  unallocated: string;
}

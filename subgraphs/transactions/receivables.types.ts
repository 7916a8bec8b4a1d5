import { Field, ObjectType } from 'type-graphql';
import { Money } from '../common';

@ObjectType({ simpleResolvers: true })
export class Receivables {
  @Field(() => Money, { description: 'What the account owes: invoices - credit notes - payments + refunds' })
  balance: Money;

  @Field(() => Money, { description: 'Open amount of invoices past their due date' })
  overdue: Money;

  @Field(() => Money, { description: 'Payments and credit notes not yet allocated' })
  unallocated: Money;

  @Field(() => Money, { description: 'Sales orders not yet invoiced (OPEN or PENDING)' })
  openOrders: Money;
}

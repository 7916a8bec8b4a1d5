import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../common';

export enum HoldReason {
  MANUAL = 'MANUAL',
  CREDIT_LIMIT_EXCEEDED = 'CREDIT_LIMIT_EXCEEDED',
  INVOICES_PAST_DUE = 'INVOICES_PAST_DUE',
}
registerEnumType(HoldReason, { name: 'HoldReason' });

@ObjectType({ simpleResolvers: true })
export class CreditStatus {
  @Field(() => Money, { nullable: true, description: 'null: no limit set' })
  limit: Money | null;

  @Field(() => Money, { description: 'receivables.balance + receivables.openOrders' })
  exposure: Money;

  @Field(() => Money, { nullable: true, description: 'limit - exposure; null without a limit' })
  available: Money | null;

  @Field()
  onHold: boolean;

  @Field(() => [HoldReason])
  holdReasons: HoldReason[];
}

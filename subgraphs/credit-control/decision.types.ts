import { Directive, Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../common';
import { CreditOutcome, HoldReason } from './credit.enums';

@ObjectType({ simpleResolvers: true })
@Directive('@inaccessible')
export class CreditDecision {
  @Field(() => CreditOutcome)
  outcome: CreditOutcome;

  @Field(() => [HoldReason], { description: 'Why the account is (or with this order would be) on hold; empty when it is not' })
  reasons: HoldReason[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The decision stands while exposure (balance + openOrders as asked) stays above this, or at or below it, as it was; null: exposure does not matter',
  })
  exposureThreshold: string | null;

  @Field({ description: 'The decision stands only while overdue stays zero, or above zero, as it was' })
  overdueMatters: boolean;
}

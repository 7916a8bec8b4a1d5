import { Directive, Field, ObjectType } from 'type-graphql';
import { CreditOutcome, HoldReason } from './credit.enums';

@ObjectType({ simpleResolvers: true })
@Directive('@inaccessible')
export class CreditDecision {
  @Field(() => CreditOutcome)
  outcome: CreditOutcome;

  @Field(() => [HoldReason], { description: 'Why the account is (or with this order would be) on hold; empty when it is not' })
  reasons: HoldReason[];
}

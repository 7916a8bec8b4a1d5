import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../common';
import { CreditCheckMode, HoldReason, OnHoldAction } from './credit.enums';
import { UserRef } from './user.stub';

@ObjectType({ simpleResolvers: true })
export class CreditPolicy {
  @Field(() => CreditCheckMode)
  checkMode: CreditCheckMode;

  @Field(() => OnHoldAction)
  onHoldAction: OnHoldAction;

  @Field(() => Int, { description: 'For expectedVersion on setCreditPolicy' })
  version: number;

  @Field()
  updatedAt: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A hold put on by hand; it stays until releaseAccountHold' })
export class ManualHold {
  @Field()
  since: Date;

  @Field(() => UserRef, { nullable: true, description: 'Who put the hold on; null when it was a service' })
  by: UserRef | null;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType({ simpleResolvers: true })
export class CreditStatus {
  @Field(() => Money, { nullable: true, description: 'null: no limit set' })
  limit: Money | null;

  @Field(() => Money, { description: 'receivables.balance + receivables.openOrders' })
  exposure: Money;

  @Field(() => Money, { nullable: true, description: 'limit - exposure; null without a limit' })
  available: Money | null;

  @Field({ description: 'Held by hand, or by the current credit policy' })
  onHold: boolean;

  @Field(() => [HoldReason])
  holdReasons: HoldReason[];

  @Field(() => ManualHold, { nullable: true })
  manualHold: ManualHold | null;

  @Field(() => Int, { description: "Version of the account's credit terms (0: never set), for expectedVersion" })
  version: number;
}

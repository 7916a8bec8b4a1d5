import { Field, Float, ID, InputType } from 'type-graphql';

@InputType()
export class CreateRequestInput {
  @Field(() => ID)
  accountId: string;

  @Field()
  type: string;

  @Field()
  subject: string;

  @Field(() => Float, { nullable: true, description: 'Hours spent, >= 0, at most 2 decimals; default 0' })
  hours?: number | null;
}

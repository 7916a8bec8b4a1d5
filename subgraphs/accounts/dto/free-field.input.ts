import { Field, InputType } from 'type-graphql';

@InputType()
export class FreeFieldInput {
  @Field()
  key: string;

  @Field(() => String, { nullable: true })
  value?: string | null;
}

import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class ContactFilter {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, email or job title, any case' })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact email, any case' })
  email?: string | null;
}

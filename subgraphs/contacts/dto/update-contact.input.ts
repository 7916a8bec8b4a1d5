import { Field, InputType } from 'type-graphql';

/** Every field optional: absent leaves it as it is, null clears it. */
@InputType()
export class UpdateContactInput {
  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  jobDescription?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => Boolean, { nullable: true })
  emailValid?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  emailOptIn?: boolean | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  mobile?: string | null;

  @Field(() => String, { nullable: true })
  fax?: string | null;
}

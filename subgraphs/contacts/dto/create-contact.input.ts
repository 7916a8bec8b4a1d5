import { Field, ID, InputType } from 'type-graphql';

/** A contact at an account: an existing person (`personId`) or the fields of a new one. */
@InputType()
export class CreateContactInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => ID, { nullable: true, description: 'An existing person; leave the person fields empty then' })
  personId?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  initials?: string | null;

  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  middleName?: string | null;

  @Field(() => String, { nullable: true, description: 'Required without personId' })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  suffix?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  jobDescription?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Permission to email this contact; default false' })
  emailOptIn?: boolean | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  mobile?: string | null;

  @Field(() => String, { nullable: true })
  fax?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Make this the account's main contact (the first contact always is)" })
  isMain?: boolean | null;
}

/** The person fields of CreateContactInput, which go with a new person only. */
export const NEW_PERSON_FIELDS = ['title', 'initials', 'firstName', 'middleName', 'lastName', 'suffix', 'language'] as const;

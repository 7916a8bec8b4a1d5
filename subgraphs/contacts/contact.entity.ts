import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A person's role at an account (contacts.contact). */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Contact {
  @Field(() => ID)
  id: string;

  accountId: string;

  personId: string;

  @Field({ description: "The person's full name" })
  fullName: string;

  @Field(() => String, { nullable: true })
  jobTitle: string | null;

  @Field(() => String, { nullable: true })
  jobDescription: string | null;

  @Field(() => String, { nullable: true, description: 'Work email' })
  email: string | null;

  @Field({ description: 'true when an email is entered or changed; false after a bounce' })
  emailValid: boolean;

  @Field({ description: "The contact's permission to be emailed; survives email changes" })
  emailOptIn: boolean;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  mobile: string | null;

  @Field(() => String, { nullable: true })
  fax: string | null;

  @Field({ description: 'Exactly one main contact per account that has contacts' })
  isMain: boolean;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

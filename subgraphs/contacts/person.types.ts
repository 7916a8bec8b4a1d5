import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common';

@ObjectType({ simpleResolvers: true })
export class SocialLink {
  @Field()
  network: string;

  @Field()
  url: string;
}

/** A past or current job (Exact's job experiences on the person card). */
@ObjectType({ simpleResolvers: true })
export class JobExperience {
  @Field()
  company: string;

  @Field(() => String, { nullable: true })
  role: string | null;

  @Field(() => DateScalar, { nullable: true })
  from: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'null: the current job' })
  to: string | null;
}

@InputType()
export class SocialLinkInput {
  @Field()
  network: string;

  @Field()
  url: string;
}

@InputType()
export class JobExperienceInput {
  @Field()
  company: string;

  @Field(() => String, { nullable: true })
  role?: string | null;

  @Field(() => DateScalar, { nullable: true })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true })
  to?: string | null;
}

/** The fields `mergePersons` may take over from the merged person. */
export enum PersonField {
  TITLE = 'TITLE',
  INITIALS = 'INITIALS',
  FIRST_NAME = 'FIRST_NAME',
  MIDDLE_NAME = 'MIDDLE_NAME',
  LAST_NAME = 'LAST_NAME',
  SUFFIX = 'SUFFIX',
  LANGUAGE = 'LANGUAGE',
  ADDRESS = 'ADDRESS',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  MOBILE = 'MOBILE',
  FAX = 'FAX',
}
registerEnumType(PersonField, { name: 'PersonField' });

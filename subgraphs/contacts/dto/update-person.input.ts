import { Field, InputType } from 'type-graphql';
import { AddressInput } from '../../common';
import { JobExperienceInput, SocialLinkInput } from '../person.types';

/** Every field optional: absent leaves it as it is, null clears it (lastName cannot be cleared). */
@InputType()
export class UpdatePersonInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  initials?: string | null;

  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  middleName?: string | null;

  @Field(() => String, { nullable: true })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  suffix?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  mobile?: string | null;

  @Field(() => String, { nullable: true })
  fax?: string | null;

  @Field(() => AddressInput, { nullable: true })
  address?: AddressInput | null;

  @Field(() => [SocialLinkInput], { nullable: true, description: 'Replaces the list' })
  socialLinks?: SocialLinkInput[] | null;

  @Field(() => [JobExperienceInput], { nullable: true, description: 'Replaces the list' })
  jobExperiences?: JobExperienceInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the list' })
  personalDataClassifications?: string[] | null;
}

import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Address } from '../common';
import { JobExperience, SocialLink } from './person.types';

/** The natural person (contacts.person): one record per human, whatever their roles. */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Person {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true })
  initials: string | null;

  @Field(() => String, { nullable: true })
  firstName: string | null;

  @Field(() => String, { nullable: true })
  middleName: string | null;

  @Field()
  lastName: string;

  @Field(() => String, { nullable: true })
  suffix: string | null;

  @Field({ description: 'First name (or initials), middle name, last name and suffix' })
  fullName: string;

  @Field(() => String, { nullable: true, description: 'BCP 47, e.g. "nl" or "en-GB"' })
  language: string | null;

  @Field(() => String, { nullable: true, description: 'Personal email; a contact has its own work email' })
  email: string | null;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  mobile: string | null;

  @Field(() => String, { nullable: true })
  fax: string | null;

  @Field(() => Address, { nullable: true })
  address: Address | null;

  @Field(() => [SocialLink])
  socialLinks: SocialLink[];

  @Field(() => [JobExperience])
  jobExperiences: JobExperience[];

  @Field(() => [String])
  personalDataClassifications: string[];

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

/** Name parts a full name is composed from. */
export type PersonName = Pick<Person, 'initials' | 'firstName' | 'middleName' | 'lastName' | 'suffix'>;

/**
 * "Jan van der Berg Jr.": first name (initials when there is none), middle
 * name, last name, suffix. The title is a salutation for letters, not part of the name.
 */
export function composeFullName(p: PersonName): string {
  return [p.firstName || p.initials, p.middleName, p.lastName, p.suffix].filter((part) => part && part.trim()).join(' ');
}

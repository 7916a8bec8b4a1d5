import { Field, InputType, Int } from 'type-graphql';
import { FreeFieldType } from '../account.enums';

@InputType()
export class FreeFieldDefinitionInput {
  @Field()
  key: string;

  @Field()
  label: string;

  @Field(() => FreeFieldType)
  type: FreeFieldType;
}

/** Absent fields are kept; null clears the optional defaults. */
@InputType()
export class AccountSettingsInput {
  @Field(() => Boolean, { nullable: true })
  typeSelect?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  securityCheckRoles?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  contractMandatory?: boolean | null;

  @Field(() => [String], { nullable: true })
  mandatoryFields?: string[] | null;

  @Field(() => String, { nullable: true })
  baseCurrency?: string | null;

  @Field(() => String, { nullable: true })
  codePrefix?: string | null;

  @Field(() => Int, { nullable: true })
  defaultRating?: number | null;

  @Field(() => String, { nullable: true })
  defaultClassification?: string | null;

  @Field(() => String, { nullable: true })
  defaultSource?: string | null;

  @Field(() => [FreeFieldDefinitionInput], { nullable: true, description: 'Replaces the whole list' })
  freeFieldDefinitions?: FreeFieldDefinitionInput[] | null;
}

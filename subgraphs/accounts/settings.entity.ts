import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FreeFieldType } from './account.enums';

@ObjectType({ simpleResolvers: true })
export class FreeFieldDefinition {
  @Field()
  key: string;

  @Field()
  label: string;

  @Field(() => FreeFieldType)
  type: FreeFieldType;
}

/** Per installation: one row (id = 1). */
@Entity({ name: 'account_settings' })
@ObjectType({ simpleResolvers: true })
export class AccountSettings {
  @PrimaryColumn('int')
  id: number;

  @Column('boolean', { name: 'type_select' })
  @Field({ description: 'false: users may only create NOT_VALIDATED accounts' })
  typeSelect: boolean;

  @Column('boolean', { name: 'security_check_roles' })
  @Field({ description: 'true (the default): creating and editing accounts need the rights of the caller\'s roles; false: any role that may write (not viewer, not portal) may' })
  securityCheckRoles: boolean;

  @Column('boolean', { name: 'contract_mandatory' })
  @Field({ description: 'true: CUSTOMER accounts need a contractNumber' })
  contractMandatory: boolean;

  @Column('jsonb', { name: 'mandatory_fields' })
  @Field(() => [String], { description: 'Extra required CreateAccountInput fields, by path (e.g. email, address.postcode, freeFields.segment)' })
  mandatoryFields: string[];

  @Column('char', { name: 'base_currency', length: 3 })
  @Field()
  baseCurrency: string;

  @Column('text', { name: 'code_prefix' })
  @Field({ description: 'Generated codes are this prefix and a sequence' })
  codePrefix: string;

  @Column('int', { name: 'default_rating', nullable: true })
  @Field(() => Int, { nullable: true })
  defaultRating: number | null;

  @Column('text', { name: 'default_classification', nullable: true })
  @Field(() => String, { nullable: true })
  defaultClassification: string | null;

  @Column('text', { name: 'default_source', nullable: true })
  @Field(() => String, { nullable: true })
  defaultSource: string | null;

  @Column('jsonb', { name: 'free_field_definitions' })
  @Field(() => [FreeFieldDefinition])
  freeFieldDefinitions: FreeFieldDefinition[];

  @Column('int')
  @Field(() => Int)
  version: number;

  @Column('timestamptz', { name: 'updated_at' })
  @Field()
  updatedAt: Date;
}

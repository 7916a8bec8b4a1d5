import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Address, DateScalar } from '../common';
import { AccountKind, AccountStatus, AccountType } from './account.enums';

@ObjectType({ simpleResolvers: true })
export class FreeField {
  @Field()
  key: string;

  @Field(() => String, { nullable: true })
  value: string | null;
}

/**
 * The account master. Other subgraphs select `id code name kind type status
 * currency classification` through `_entities`; keep those fields.
 */
@Entity({ name: 'account' })
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Account {
  @PrimaryColumn('uuid')
  @Field(() => ID)
  id: string;

  @Column('text')
  @Field({ description: 'Unique; a taken code given on create is replaced by the next free numeric code' })
  code: string;

  @Column('text', { name: 'external_id', nullable: true })
  @Field(() => String, { nullable: true, description: 'Id in the ERP or source system; unique when set (the upsert key of imports)' })
  externalId: string | null;

  @Column('text')
  @Field(() => AccountKind)
  kind: AccountKind;

  @Column('text')
  @Field()
  name: string;

  @Column('text')
  @Field(() => AccountType)
  type: AccountType;

  @Column('date', { name: 'type_since' })
  @Field(() => DateScalar)
  typeSince: string;

  @Column('text')
  @Field(() => AccountStatus)
  status: AccountStatus;

  @Column('timestamptz', { name: 'status_since' })
  @Field()
  statusSince: Date;

  @Column('jsonb')
  @Field(() => Address)
  address: Address;

  @Column('jsonb', { name: 'billing_addresses' })
  @Field(() => [Address])
  billingAddresses: Address[];

  @Column('jsonb', { name: 'shipping_addresses' })
  @Field(() => [Address])
  shippingAddresses: Address[];

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  website: string | null;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  phone: string | null;

  @Column('text', { name: 'phone_extension', nullable: true })
  @Field(() => String, { nullable: true })
  phoneExtension: string | null;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  fax: string | null;

  @Column('char', { length: 3 })
  @Field({ description: 'ISO 4217; set on create, immutable afterwards' })
  currency: string;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  classification: string | null;

  @Column('int', { nullable: true })
  @Field(() => Int, { nullable: true, description: '1 (best) .. 7' })
  rating: number | null;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  source: string | null;

  @Column('int', { name: 'security_level', default: 0 })
  @Field(() => Int, { description: 'Only users whose security level is at least this see the account' })
  securityLevel: number;

  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId: string | null;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true, description: 'Sanitised HTML' })
  remarks: string | null;

  @Column('jsonb', { name: 'free_fields' })
  @Field(() => [FreeField])
  freeFields: FreeField[];

  @Column('text', { name: 'contract_number', nullable: true })
  @Field(() => String, { nullable: true, description: 'Mandatory for CUSTOMER accounts when settings.contractMandatory is on' })
  contractNumber: string | null;

  @Column('int', { default: 1 })
  @Field(() => Int)
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  @Field()
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  @Field()
  updatedAt: Date;

  /** Exposed through a resolver: only users who may restore see it. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @Column('text', { name: 'deleted_by', nullable: true })
  deletedBy: string | null;
}

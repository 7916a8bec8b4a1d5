import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Address, DateScalar } from '../common';
import { AccountKind, AccountStatus, AccountType } from './account.enums';

@Entity({ name: 'account' })
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Account {
  @PrimaryColumn('uuid')
  @Field(() => ID)
  id: string;

  @Column('text')
  @Field()
  code: string;

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

  @Column('char', { length: 3 })
  @Field()
  currency: string;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  classification: string | null;

  @Column('int', { default: 1 })
  @Field(() => Int)
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  @Field()
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  @Field()
  updatedAt: Date;
}

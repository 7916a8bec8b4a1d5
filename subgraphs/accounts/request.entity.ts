import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { connectionType } from '../common';
import { RequestStatus } from './account.enums';

/** A workflow request on an account (Exact's account card). `account` is resolved in request.resolver.ts. */
@Entity({ name: 'request' })
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Request {
  @PrimaryColumn('uuid')
  @Field(() => ID)
  id: string;

  @Column('text')
  @Field({ description: 'REQ- and a gapless sequence' })
  number: string;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @Column('text')
  @Field()
  type: string;

  @Column('text')
  @Field()
  subject: string;

  @Column('text')
  @Field(() => RequestStatus)
  status: RequestStatus;

  @Column('numeric', { precision: 10, scale: 2 })
  @Field(() => Float)
  hours: number;

  @Column('text', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('int', { default: 1 })
  @Field(() => Int)
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  @Field()
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  @Field()
  updatedAt: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  @Field(() => Date, { nullable: true })
  closedAt: Date | null;
}

export const RequestConnection = connectionType('Request', Request);

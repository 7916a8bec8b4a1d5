import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'contact' })
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Contact {
  @PrimaryColumn('uuid')
  @Field(() => ID)
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @Column('text', { name: 'full_name' })
  @Field()
  fullName: string;

  @Column('text', { nullable: true })
  @Field(() => String, { nullable: true })
  email: string | null;

  @Column('boolean', { name: 'is_main', default: false })
  @Field()
  isMain: boolean;

  @Column('int', { default: 1 })
  @Field(() => Int)
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

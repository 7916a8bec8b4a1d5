import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The accounts subgraph's entity, by key; this subgraph adds contacts to it. */
@ObjectType('Account')
@Directive('@key(fields: "id")')
export class AccountRef {
  @Field(() => ID)
  id: string;
}

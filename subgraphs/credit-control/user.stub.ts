import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The contacts subgraph's user, by key only: this subgraph cannot resolve users, it only points at them. */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserRef {
  @Field(() => ID)
  id: string;
}

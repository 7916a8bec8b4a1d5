import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The accounts subgraph's entity, by key; this subgraph adds contacts and the person to it. */
@ObjectType('Account')
@Directive('@key(fields: "id")')
export class AccountRef {
  @Field(() => ID)
  id: string;
}

export const accountRef = (id: string): AccountRef => Object.assign(new AccountRef(), { id });

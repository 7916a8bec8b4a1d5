import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The accounts subgraph's entity, by key; this subgraph adds contacts and the
 * person to it. `visibilityStamp` is accounts' signed word that the caller may
 * see the account (common/visibility.ts): every field added here `@requires` it.
 */
@ObjectType('Account')
@Directive('@key(fields: "id")')
export class AccountRef {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  @Directive('@external')
  visibilityStamp?: string;
}

export const accountRef = (id: string): AccountRef => Object.assign(new AccountRef(), { id });

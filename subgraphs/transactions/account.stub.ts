import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The accounts subgraph's entity, by key. `currency` is fetched from accounts
 * (`@requires`) so that an account without documents still reports its
 * receivables and statement in its own currency. `visibilityStamp` is
 * accounts' signed word that the caller may see the account
 * (common/visibility.ts): every field added here `@requires` it.
 */
@ObjectType('Account')
@Directive('@key(fields: "id")')
export class AccountRef {
  @Field(() => ID)
  id: string;

  @Field()
  @Directive('@external')
  currency: string;

  @Field(() => String)
  @Directive('@external')
  visibilityStamp?: string;
}

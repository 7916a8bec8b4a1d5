import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { connectionType, Money } from '../common';

/** Transactions' receivables, only the figures credit status is derived from. */
@ObjectType('Receivables')
export class ReceivablesRef {
  @Field(() => Money)
  @Directive('@external')
  balance: Money;

  @Field(() => Money)
  @Directive('@external')
  overdue: Money;

  @Field(() => Money)
  @Directive('@external')
  openOrders: Money;
}

/**
 * The accounts subgraph's entity, by key, with what the gateway fetches first:
 * the receivables (transactions) and `visibilityStamp`, accounts' signed word
 * that the caller may see the account (common/visibility.ts).
 */
@ObjectType('Account')
@Directive('@key(fields: "id")')
export class AccountRef {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  @Directive('@external')
  visibilityStamp?: string;

  @Field(() => ReceivablesRef)
  @Directive('@external')
  receivables: ReceivablesRef;
}

/** `accountsOnHold`; accounts defines the same connection, so both are @shareable. */
export const AccountConnection = connectionType('Account', AccountRef, { shareable: true });

import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A user: the subject of a token (contacts.app_user). The login email is the
 * user's own and never the linked contact's (Elfsquad).
 */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id: string;

  @Field({ description: "The login email from the token's claims; empty when the token had none" })
  email: string;

  @Field()
  displayName: string;

  crmAccountId: string | null;

  crmContactId: string | null;

  /** false for users made up for a reference without a record (see user.reference.ts). */
  stored: boolean;
}

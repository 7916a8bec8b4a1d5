import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AccountRef, accountRef } from './account.stub';
import { Contact } from './contact.entity';
import type { ContactsContext } from './index';
import { User } from './user.entity';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user' })
  async me(@Ctx() ctx: ContactsContext): Promise<User | null> {
    return ctx.services.userService.resolve(ctx, ctx.identity.userId);
  }

  @Mutation(() => User, { description: 'Links a user to a CRM account and a contact of that account; both optional' })
  async linkUser(
    @Ctx() ctx: ContactsContext,
    @Arg('userId', () => ID) userId: string,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string | null,
    @Arg('contactId', () => ID, { nullable: true }) contactId?: string | null,
  ): Promise<User> {
    return ctx.services.userService.link(ctx, userId, accountId, contactId);
  }

  @FieldResolver(() => AccountRef, { nullable: true })
  crmAccount(@Root() user: User): AccountRef | null {
    return user.crmAccountId ? accountRef(user.crmAccountId) : null;
  }

  /** Only when the caller may see the contact's account (a user is reachable from any account's owner). */
  @FieldResolver(() => Contact, { nullable: true })
  async crmContact(@Root() user: User, @Ctx() ctx: ContactsContext): Promise<Contact | null> {
    return user.crmContactId ? ctx.services.contactService.findVisible(ctx, user.crmContactId) : null;
  }
}

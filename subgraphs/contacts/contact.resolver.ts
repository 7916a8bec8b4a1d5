import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { isUuid } from '../common';
import { AccountRef } from './account.stub';
import { Contact } from './contact.entity';
import type { ContactsContext } from './index';

@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => Contact, { nullable: true })
  async contact(@Ctx() ctx: ContactsContext, @Arg('id', () => ID) id: string): Promise<Contact | null> {
    return isUuid(id) ? ctx.loaders.contactById.load(id.toLowerCase()) : null;
  }
}

@Resolver(() => AccountRef)
export class AccountContactsResolver {
  @FieldResolver(() => [Contact])
  async contacts(@Root() account: AccountRef, @Ctx() ctx: ContactsContext): Promise<Contact[]> {
    return ctx.loaders.contactsByAccountId.load(account.id);
  }

  @FieldResolver(() => Contact, { nullable: true })
  async mainContact(@Root() account: AccountRef, @Ctx() ctx: ContactsContext): Promise<Contact | null> {
    const contacts = await ctx.loaders.contactsByAccountId.load(account.id);
    return contacts.find((c) => c.isMain) ?? null;
  }
}

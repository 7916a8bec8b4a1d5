import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionType, isUuid, type Connection } from '../common';
import { AccountRef, accountRef } from './account.stub';
import { Contact } from './contact.entity';
import { ContactFilter } from './dto/contact-filter.input';
import { CreateContactInput } from './dto/create-contact.input';
import { UpdateContactInput } from './dto/update-contact.input';
import type { ContactsContext } from './index';
import { Person } from './person.entity';
import { User } from './user.entity';

export const ContactConnection = connectionType('Contact', Contact);

@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => Contact, { nullable: true })
  async contact(@Ctx() ctx: ContactsContext, @Arg('id', () => ID) id: string): Promise<Contact | null> {
    return isUuid(id) ? ctx.services.contactService.findVisible(ctx, id.toLowerCase()) : null;
  }

  @Query(() => ContactConnection)
  async contacts(
    @Ctx() ctx: ContactsContext,
    @Arg('filter', () => ContactFilter, { nullable: true }) filter?: ContactFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<Contact>> {
    return ctx.services.contactService.list(ctx, filter, first, after);
  }

  @Mutation(() => Contact)
  async createContact(@Ctx() ctx: ContactsContext, @Arg('input', () => CreateContactInput) input: CreateContactInput): Promise<Contact> {
    return ctx.services.contactService.create(ctx, input);
  }

  @Mutation(() => Contact)
  async updateContact(
    @Ctx() ctx: ContactsContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateContactInput) input: UpdateContactInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Contact> {
    return ctx.services.contactService.update(ctx, id, input, expectedVersion);
  }

  @Mutation(() => Contact)
  async deleteContact(@Ctx() ctx: ContactsContext, @Arg('id', () => ID) id: string): Promise<Contact> {
    return ctx.services.contactService.delete(ctx, id);
  }

  @Mutation(() => Contact)
  async setMainContact(@Ctx() ctx: ContactsContext, @Arg('id', () => ID) id: string): Promise<Contact> {
    return ctx.services.contactService.setMain(ctx, id);
  }

  @Mutation(() => Int, { description: 'Contacts affected' })
  async markEmailBounced(@Ctx() ctx: ContactsContext, @Arg('email', () => String) email: string): Promise<number> {
    return ctx.services.contactService.markEmailBounced(ctx, email);
  }

  @FieldResolver(() => AccountRef)
  account(@Root() contact: Contact): AccountRef {
    return accountRef(contact.accountId);
  }

  @FieldResolver(() => Person)
  async person(@Root() contact: Contact, @Ctx() ctx: ContactsContext): Promise<Person | null> {
    return ctx.loaders.personById.load(contact.personId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user linked to this contact' })
  async user(@Root() contact: Contact, @Ctx() ctx: ContactsContext): Promise<User | null> {
    return ctx.loaders.userByContactId.load(contact.id);
  }
}

/**
 * What this subgraph adds to accounts. Each field `@requires` the account's
 * visibility stamp, so it answers only for accounts that the accounts subgraph
 * showed this caller (the gateway fetches the stamp first; a caller who comes
 * here directly has none). Without a valid stamp the answer is that of an
 * account with no contacts: [] or null.
 */
@Resolver(() => AccountRef)
export class AccountContactsResolver {
  @FieldResolver(() => [Contact])
  @Directive('@requires(fields: "visibilityStamp")')
  async contacts(@Root() account: AccountRef, @Ctx() ctx: ContactsContext): Promise<Contact[]> {
    if (!mayRead(ctx, account)) return [];
    return ctx.loaders.contactsByAccountId.load(account.id);
  }

  @FieldResolver(() => Contact, { nullable: true })
  @Directive('@requires(fields: "visibilityStamp")')
  async mainContact(@Root() account: AccountRef, @Ctx() ctx: ContactsContext): Promise<Contact | null> {
    if (!mayRead(ctx, account)) return null;
    const contacts = await ctx.loaders.contactsByAccountId.load(account.id);
    return contacts.find((c) => c.isMain) ?? null;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'For kind PERSON: the person this account is' })
  @Directive('@requires(fields: "visibilityStamp")')
  async person(@Root() account: AccountRef, @Ctx() ctx: ContactsContext): Promise<Person | null> {
    if (!mayRead(ctx, account)) return null;
    return ctx.loaders.personByAccountId.load(account.id);
  }
}

/** The stamp says accounts showed this caller the account (services need none); a portal user's own account only, besides. */
function mayRead(ctx: ContactsContext, account: AccountRef): boolean {
  if (!ctx.stamps.allows(ctx.identity, account)) return false;
  return !ctx.identity.isPortal || ctx.identity.accountId === account.id;
}

import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isUuid, mayShowAccount } from '../common';
import { AccountRef, accountRef } from './account.stub';
import { visibleAccountIds } from './contact.access';
import { Contact } from './contact.entity';
import { UpdatePersonInput } from './dto/update-person.input';
import type { ContactsContext } from './index';
import { Person } from './person.entity';
import { PersonField } from './person.types';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  async person(@Ctx() ctx: ContactsContext, @Arg('id', () => ID) id: string): Promise<Person | null> {
    return isUuid(id) ? ctx.services.personService.findVisible(ctx, id.toLowerCase()) : null;
  }

  @Mutation(() => Person)
  async updatePerson(
    @Ctx() ctx: ContactsContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePersonInput) input: UpdatePersonInput,
    @Arg('propagateToContacts', () => Boolean, { nullable: true, defaultValue: false }) propagateToContacts: boolean,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Person> {
    return ctx.services.personService.update(ctx, id, input, propagateToContacts ?? false, expectedVersion);
  }

  @Mutation(() => Person, { description: 'Merges two records of one person into keepId; mergeId is removed' })
  async mergePersons(
    @Ctx() ctx: ContactsContext,
    @Arg('keepId', () => ID) keepId: string,
    @Arg('mergeId', () => ID) mergeId: string,
    @Arg('takeFromMerged', () => [PersonField], { nullable: true }) takeFromMerged?: PersonField[] | null,
  ): Promise<Person> {
    return ctx.services.personService.merge(ctx, keepId, mergeId, takeFromMerged);
  }

  @FieldResolver(() => [Contact], { description: "This person's roles at company accounts" })
  async contacts(@Root() person: Person, @Ctx() ctx: ContactsContext): Promise<Contact[]> {
    const roles = await ctx.loaders.rolesByPersonId.load(person.id);
    const visible = await visibleAccountIds(ctx, roles.map((c) => c.accountId));
    return roles.filter((c) => visible.has(c.accountId));
  }

  @FieldResolver(() => AccountRef, { nullable: true, description: 'The person account, when there is one' })
  async account(@Root() person: Person, @Ctx() ctx: ContactsContext): Promise<AccountRef | null> {
    const [first] = await this.visiblePersonAccounts(person, ctx);
    return first ? accountRef(first) : null;
  }

  @FieldResolver(() => [AccountRef], { description: 'All person accounts of this person (more than one after merging two person records)' })
  async accounts(@Root() person: Person, @Ctx() ctx: ContactsContext): Promise<AccountRef[]> {
    return (await this.visiblePersonAccounts(person, ctx)).map(accountRef);
  }

  /** The person accounts the caller may see (the accounts subgraph would answer null for the others, in a non-null list). */
  private async visiblePersonAccounts(person: Person, ctx: ContactsContext): Promise<string[]> {
    const ids = await ctx.loaders.personAccountIdsByPersonId.load(person.id);
    const shown = await Promise.all(ids.map((id) => mayShowAccount(ctx.identity, ctx.loaders.hiddenAccounts, id)));
    return ids.filter((_, i) => shown[i]);
  }
}

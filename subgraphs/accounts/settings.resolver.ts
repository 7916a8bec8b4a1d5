import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { AccountSettingsInput } from './dto/account-settings.input';
import { AccountSettings } from './settings.entity';
import type { AccountsContext } from './index';

@Resolver(() => AccountSettings)
export class SettingsResolver {
  @Query(() => AccountSettings)
  accountSettings(@Ctx() ctx: AccountsContext): Promise<AccountSettings> {
    return ctx.services.settingsService.get();
  }

  @Mutation(() => AccountSettings, { description: 'Needs account:settings' })
  updateAccountSettings(
    @Ctx() ctx: AccountsContext,
    @Arg('input', () => AccountSettingsInput) input: AccountSettingsInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<AccountSettings> {
    return ctx.services.settingsService.update(ctx.identity, input, expectedVersion);
  }
}

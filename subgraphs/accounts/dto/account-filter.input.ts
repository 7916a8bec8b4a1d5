import { Field, ID, InputType } from 'type-graphql';
import { AccountStatus, AccountType } from '../account.enums';

@InputType()
export class AccountFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, code or email, case-insensitive' })
  search?: string | null;

  @Field(() => [AccountType], { nullable: true })
  types?: AccountType[] | null;

  @Field(() => [AccountStatus], { nullable: true })
  statuses?: AccountStatus[] | null;

  @Field(() => String, { nullable: true })
  classification?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => [String], { nullable: true })
  codes?: string[] | null;
}

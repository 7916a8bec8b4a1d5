import { Field, InputType } from 'type-graphql';
import { AddressInput } from '../../common';
import { AccountKind, AccountType } from '../account.enums';

@InputType()
export class CreateAccountInput {
  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => AccountKind, { defaultValue: AccountKind.COMPANY })
  kind: AccountKind;

  @Field()
  name: string;

  @Field(() => AccountType)
  type: AccountType;

  @Field(() => AddressInput)
  address: AddressInput;

  @Field(() => String, { nullable: true, description: 'ISO 4217; default: the base currency' })
  currency?: string | null;

  @Field(() => String, { nullable: true })
  classification?: string | null;
}

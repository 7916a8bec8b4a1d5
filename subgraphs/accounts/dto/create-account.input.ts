import { Field, ID, InputType, Int } from 'type-graphql';
import { AddressInput, DateScalar } from '../../common';
import { AccountKind, AccountType } from '../account.enums';
import { FreeFieldInput } from './free-field.input';

@InputType()
export class CreateAccountInput {
  @Field(() => String, { nullable: true, description: 'Unique; a taken code is replaced by the next free numeric code; none: codePrefix and a sequence' })
  code?: string | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => AccountKind, { nullable: true, defaultValue: AccountKind.COMPANY })
  kind?: AccountKind | null;

  @Field()
  name: string;

  @Field(() => AccountType)
  type: AccountType;

  @Field(() => DateScalar, { nullable: true, description: 'Default: today' })
  typeSince?: string | null;

  @Field(() => AddressInput)
  address: AddressInput;

  @Field(() => [AddressInput], { nullable: true })
  billingAddresses?: AddressInput[] | null;

  @Field(() => [AddressInput], { nullable: true })
  shippingAddresses?: AddressInput[] | null;

  @Field(() => String, { nullable: true })
  website?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  phoneExtension?: string | null;

  @Field(() => String, { nullable: true })
  fax?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217; default: settings.baseCurrency. Cannot be changed later.' })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: 'Default: settings.defaultClassification' })
  classification?: string | null;

  @Field(() => Int, { nullable: true, description: '1 (best) .. 7; default: settings.defaultRating' })
  rating?: number | null;

  @Field(() => String, { nullable: true, description: 'Default: settings.defaultSource' })
  source?: string | null;

  @Field(() => Int, { nullable: true, description: 'Default 0' })
  securityLevel?: number | null;

  @Field(() => ID, { nullable: true, description: 'Default: the caller' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'HTML; sanitised (scripts, event handlers and javascript: URLs are dropped)' })
  remarks?: string | null;

  @Field(() => [FreeFieldInput], { nullable: true })
  freeFields?: FreeFieldInput[] | null;

  @Field(() => String, { nullable: true })
  contractNumber?: string | null;
}

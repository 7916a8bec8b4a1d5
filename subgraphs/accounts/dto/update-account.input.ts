import { Field, InputType, Int } from 'type-graphql';
import { AddressInput } from '../../common';
import { FreeFieldInput } from './free-field.input';

/** Every field optional: absent leaves it as it is, null clears it. currency may be repeated unchanged, never changed. */
@InputType()
export class UpdateAccountInput {
  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => AddressInput, { nullable: true })
  address?: AddressInput | null;

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

  @Field(() => String, { nullable: true, description: 'Only the current currency is accepted' })
  currency?: string | null;

  @Field(() => String, { nullable: true })
  classification?: string | null;

  @Field(() => Int, { nullable: true })
  rating?: number | null;

  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => Int, { nullable: true })
  securityLevel?: number | null;

  @Field(() => String, { nullable: true })
  remarks?: string | null;

  @Field(() => [FreeFieldInput], { nullable: true, description: 'The fields given are set (null value: removed); others are kept' })
  freeFields?: FreeFieldInput[] | null;

  @Field(() => String, { nullable: true })
  contractNumber?: string | null;
}

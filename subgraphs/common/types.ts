import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar } from './scalars';

/** Value types several subgraphs return; @shareable in each (DESIGN.md, pitfalls). */

@ObjectType({ simpleResolvers: true })
@Directive('@shareable')
export class Money {
  @Field(() => DecimalScalar)
  amount: string;

  @Field()
  currency: string;
}

@ObjectType({ simpleResolvers: true })
@Directive('@shareable')
export class Address {
  @Field()
  line1: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  stateCode?: string | null;

  @Field()
  countryCode: string;
}

@InputType()
export class AddressInput {
  @Field()
  line1: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  stateCode?: string | null;

  @Field()
  countryCode: string;
}

import { Field, InputType, Int } from 'type-graphql';
import { JSONObjectScalar } from '../../common';
import { ImportMode } from '../account.enums';

@InputType()
export class FieldMapping {
  @Field({ description: 'A key of the rows' })
  from: string;

  @Field({ description: 'A CreateAccountInput field path, e.g. name, address.city, freeFields.segment' })
  to: string;
}

@InputType()
export class ImportAccountsInput {
  @Field(() => [JSONObjectScalar], { description: 'Source records, keyed by source field names; at most 10,000' })
  rows: Record<string, unknown>[];

  @Field(() => [FieldMapping], { description: 'Source field -> account field; unmapped fields are ignored' })
  mapping: FieldMapping[];

  @Field(() => ImportMode)
  mode: ImportMode;

  @Field(() => Int, { description: 'Must equal the number of rows, or nothing is written' })
  expectedCount: number;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Validate and count without writing' })
  dryRun?: boolean | null;
}

import { Field, ID, InputType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../../common';

@InputType()
export class DocumentLineInput {
  @Field()
  description: string;

  @Field(() => DecimalScalar, { description: '> 0, at most 4 decimals' })
  quantity: string;

  @Field(() => DecimalScalar, { description: '>= 0, at most 4 decimals' })
  unitPrice: string;
}

@InputType()
export class DocumentInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => DateScalar, { nullable: true, description: 'Default: today' })
  date?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Invoices: default date + 30 days' })
  dueDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'A document of the same account this one follows from' })
  sourceId?: string | null;

  @Field(() => [DocumentLineInput], { description: 'At least one line' })
  lines: DocumentLineInput[];
}

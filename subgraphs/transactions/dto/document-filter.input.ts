import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../common';
import { DocumentStatus, DocumentType, MoneyFlow } from '../document.enums';

@InputType()
export class DocumentFilter {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => [DocumentType], { nullable: true })
  types?: DocumentType[] | null;

  @Field(() => [DocumentStatus], { nullable: true })
  statuses?: DocumentStatus[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Documents dated on or after' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Documents dated on or before' })
  to?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only documents with an open amount' })
  open?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only invoices past their due date and open today' })
  overdue?: boolean | null;

  @Field(() => MoneyFlow, { nullable: true, description: 'IN: payments and cash sales; OUT: refunds' })
  flow?: MoneyFlow | null;
}

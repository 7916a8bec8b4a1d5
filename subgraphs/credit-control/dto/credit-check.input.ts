import { Directive, Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../common';
import { CreditDocumentType } from '../credit.enums';

/**
 * What transactions sends with each new sales order or cash sale: the
 * account's current figures and the new document's amount. Internal (@inaccessible).
 */
@InputType()
@Directive('@inaccessible')
export class CreditCheckInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => CreditDocumentType)
  documentType: CreditDocumentType;

  @Field(() => DecimalScalar, { description: "The new document's total, >= 0" })
  amount: string;

  @Field({ description: "The account's currency (ISO 4217)" })
  currency: string;

  @Field(() => DecimalScalar)
  balance: string;

  @Field(() => DecimalScalar, { description: 'Open sales orders, without the document asked about' })
  openOrders: string;

  @Field(() => DecimalScalar)
  overdue: string;
}

import { Field, ID, InputType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../../common';

@InputType()
export class AllocationInput {
  @Field(() => ID, { description: 'recordPayment: an invoice; refund: a payment or credit note' })
  documentId: string;

  @Field(() => DecimalScalar)
  amount: string;
}

@InputType()
export class PaymentInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => DecimalScalar, { description: '> 0, in the currency minor unit at most' })
  amount: string;

  @Field(() => DateScalar, { nullable: true, description: 'Default: today' })
  date?: string | null;

  @Field({ description: 'A retry with the same key returns the first result; the same key with other parameters is a CONFLICT' })
  idempotencyKey: string;

  @Field(() => [AllocationInput], { nullable: true, description: 'Explicit allocations; when given, autoAllocate is not used' })
  allocations?: AllocationInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Without explicit allocations: recordPayment settles the oldest due invoices first; refund draws on the oldest unallocated funds first',
  })
  autoAllocate?: boolean | null;
}

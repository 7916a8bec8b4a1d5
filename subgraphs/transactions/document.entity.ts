import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionType, DateScalar, DecimalScalar, Money } from '../common';
import { DocumentStatus, DocumentType } from './document.enums';

/**
 * A row of transactions.document (SQL in document.repository.ts), and the
 * `Document` entity. `total` and `openAmount` are numeric strings here; the
 * resolver turns them into Money. Fields that need other rows (lines,
 * allocations, source, account) are resolved through DataLoaders.
 */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Document {
  @Field(() => ID)
  id: string;

  /** Insertion order: the tie-breaker of keyset pagination. */
  seq: number;

  @Field({ description: 'Per-type prefix and gapless sequence, e.g. "SO-000042"' })
  ref: string;

  @Field(() => DocumentType)
  type: DocumentType;

  @Field(() => DocumentStatus)
  status: DocumentStatus;

  accountId: string;

  @Field(() => DateScalar)
  date: string;

  @Field(() => DateScalar, { nullable: true })
  dueDate: string | null;

  @Field({ description: "The account's currency" })
  currency: string;

  sourceId: string | null;

  total: string;

  openAmount: string;

  @Field(() => DateScalar, { nullable: true, description: 'When the document was voided' })
  voidedOn: string | null;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType({ simpleResolvers: true })
export class DocumentLine {
  documentId: string;
  lineNo: number;

  @Field()
  description: string;

  @Field(() => DecimalScalar)
  quantity: string;

  @Field(() => Money)
  unitPrice: Money;

  @Field(() => Money, { description: 'quantity x unit price, rounded to the currency minor unit' })
  amount: Money;
}

/** Money moved from a payment or credit note (`from`) to an invoice or refund (`to`). */
@ObjectType()
export class Allocation {
  id: string;
  fromId: string;
  toId: string;

  @Field(() => Money)
  amount: Money;

  @Field(() => DateScalar, { description: 'From when the allocation counts (aging as of a date)' })
  date: string;
}

/** `DocumentConnection` / `DocumentEdge`. */
export const DocumentConnection = connectionType('Document', Document);

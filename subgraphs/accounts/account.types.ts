import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../common';
import { Account } from './account.entity';

/** The contacts subgraph owns `User`; this subgraph only returns its key. */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserRef {
  @Field(() => ID)
  id: string;
}

@ObjectType({ simpleResolvers: true })
export class FieldChange {
  @Field({ description: 'An input field path, e.g. name or address.city' })
  field: string;

  @Field(() => String, { nullable: true })
  from: string | null;

  @Field(() => String, { nullable: true })
  to: string | null;
}

@ObjectType({ simpleResolvers: true })
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  actorId: string | null;

  @Field({ description: 'CREATE, UPDATE, STATUS_CHANGE, TYPE_CHANGE, OWNER_CHANGE, DELETE or RESTORE' })
  action: string;

  @Field(() => [FieldChange])
  changes: FieldChange[];

  /** Keyset position (newest first). */
  seq: number;
  accountId: string;
}

@ObjectType({ simpleResolvers: true })
export class MonthCount {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ simpleResolvers: true })
export class RequestTypeStat {
  @Field()
  type: string;

  @Field(() => Int)
  count: number;

  @Field(() => Float)
  hours: number;
}

@ObjectType({ simpleResolvers: true })
export class RequestStats {
  @Field(() => [MonthCount], { description: 'The last `months` calendar months (UTC), oldest first, months without requests included' })
  byMonth: MonthCount[];

  @Field(() => [RequestTypeStat], { description: 'Every request of the account, per type' })
  byType: RequestTypeStat[];
}

@ObjectType({ simpleResolvers: true })
export class ImportRowError {
  @Field(() => Int, { description: 'Index of the row in input.rows, from 0' })
  row: number;

  @Field(() => String, { nullable: true, description: 'The account field (CreateAccountInput path)' })
  field: string | null;

  @Field()
  message: string;
}

@ObjectType({ simpleResolvers: true })
export class ImportResult {
  @Field(() => Int, { description: 'Accounts created (with dryRun: that would be created). 0 when any row failed: nothing is written.' })
  created: number;

  @Field(() => Int, { description: 'Accounts updated (with dryRun: that would be updated). 0 when any row failed.' })
  updated: number;

  @Field(() => Int, { description: 'Rows refused' })
  failed: number;

  @Field(() => [ImportRowError], { description: 'Per-row errors, at most 1000' })
  errors: ImportRowError[];

  @Field()
  dryRun: boolean;
}

export const AccountConnection = connectionType('Account', Account, { shareable: true });
export const AuditEntryConnection = connectionType('AuditEntry', AuditEntry);

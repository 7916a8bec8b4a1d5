import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, conflict, invalidTransition, notFound, requiredString, staleVersion, uuid, type Identity } from '../common';
import { RequestStatus } from './account.enums';
import type { AccountRepository } from './account.repository';
import { requireAccountWrite } from './account.rights';
import { isVisible, visibilityOf } from './account.visibility';
import type { CreateRequestInput } from './dto/create-request.input';
import { Request } from './request.entity';
import type { RequestRepository } from './request.repository';
import type { SettingsRepository } from './settings.repository';

const MAX_HOURS = 100_000;

/** Where a request may go from each status; staying is always allowed. */
export const REQUEST_TRANSITIONS: Record<RequestStatus, RequestStatus[]> = {
  [RequestStatus.OPEN]: [RequestStatus.IN_PROGRESS, RequestStatus.DONE, RequestStatus.REJECTED],
  [RequestStatus.IN_PROGRESS]: [RequestStatus.OPEN, RequestStatus.DONE, RequestStatus.REJECTED],
  [RequestStatus.DONE]: [RequestStatus.OPEN],
  [RequestStatus.REJECTED]: [RequestStatus.OPEN],
};
const CLOSED = new Set([RequestStatus.DONE, RequestStatus.REJECTED]);

function hoursValue(field: string, value: number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isFinite(value) || value < 0 || value > MAX_HOURS) throw badInput(field, `${field} must be from 0 to ${MAX_HOURS}`);
  if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) throw badInput(field, `${field} has more than 2 decimals`);
  return Math.round(value * 100) / 100;
}

/** Workflow requests on an account (Exact's account card). */
export class RequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly requests: RequestRepository,
    private readonly accounts: AccountRepository,
    private readonly settings: SettingsRepository,
  ) {}

  async create(identity: Identity, input: CreateRequestInput): Promise<Request> {
    const accountId = uuid('accountId', input.accountId);
    const type = requiredString('type', input.type, 50);
    const subject = requiredString('subject', input.subject, 200);
    const hours = hoursValue('hours', input.hours) ?? 0;
    return this.ds.transaction(async (m) => {
      requireAccountWrite(identity, 'account:update', await this.settings.get(m));
      const [account] = await this.accounts.lockByIds(m, [accountId]);
      if (!account || !isVisible(visibilityOf(identity), account)) throw notFound('Account', accountId, 'accountId');
      if (account.deletedAt) throw conflict(`Account ${account.code} is deleted`, { field: 'accountId' });
      const now = new Date();
      const request = Object.assign(new Request(), {
        id: randomUUID(),
        number: await this.requests.nextNumber(m),
        accountId,
        type,
        subject,
        status: RequestStatus.OPEN,
        hours,
        createdBy: identity.userId,
        version: 1,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      });
      await this.requests.insert(m, [request]);
      return request;
    });
  }

  async update(
    identity: Identity,
    idArg: string,
    status: RequestStatus | null | undefined,
    hoursArg: number | null | undefined,
    expectedVersion?: number | null,
  ): Promise<Request> {
    const id = uuid('id', idArg);
    const hours = hoursValue('hours', hoursArg);
    return this.ds.transaction(async (m) => {
      requireAccountWrite(identity, 'account:update', await this.settings.get(m));
      const request = await this.requests.lock(m, id);
      const [account] = request ? await this.accounts.lockByIds(m, [request.accountId]) : [];
      if (!request || !account || !isVisible(visibilityOf(identity), account)) throw notFound('Request', id, 'id');
      if (account.deletedAt) throw conflict(`Account ${account.code} is deleted`, { field: 'id' });
      if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== request.version) {
        throw staleVersion(expectedVersion, request.version);
      }
      let changed = false;
      if (status && status !== request.status) {
        const allowed = REQUEST_TRANSITIONS[request.status];
        if (!allowed.includes(status)) throw invalidTransition(`A ${request.status} request cannot become ${status}`, allowed);
        request.status = status;
        request.closedAt = CLOSED.has(status) ? new Date() : null;
        changed = true;
      }
      if (hours !== undefined && hours !== request.hours) {
        request.hours = hours;
        changed = true;
      }
      if (!changed) return request;
      request.version += 1;
      request.updatedAt = new Date();
      await this.requests.update(m, request);
      return request;
    });
  }
}

import { AccountCredit, CreditPolicyRow } from './credit.entity';
import { CreditCheckMode, HoldReason, OnHoldAction } from './credit.enums';
import { creditStatusOf } from './credit.status';
import { accountIdsOverLimit, mergeSortedIds } from './on-hold.service';

const policy = (checkMode: CreditCheckMode) =>
  Object.assign(new CreditPolicyRow(), { id: true, checkMode, onHoldAction: OnHoldAction.ALLOW_NOTHING, version: 1, updatedBy: null, createdAt: new Date(), updatedAt: new Date() });
const terms = (patch: Partial<AccountCredit>) =>
  Object.assign(new AccountCredit(), { accountId: 'a', creditLimit: null, currency: null, holdSince: null, holdBy: null, holdNote: null, version: 1, createdAt: new Date(), updatedAt: new Date(), ...patch });
const receivables = (balance: string, openOrders: string, overdue: string, currency = 'EUR') => ({ balance: { amount: balance, currency }, openOrders: { amount: openOrders }, overdue: { amount: overdue } });

describe('credit status', () => {
  it('no terms: no limit, exposure in the account currency, not held, version 0', () => {
    expect(creditStatusOf(policy(CreditCheckMode.CREDIT_LIMIT), null, receivables('0.00', '0.00', '0.00', 'JPY'))).toEqual({
      limit: null,
      exposure: { amount: '0', currency: 'JPY' },
      available: null,
      onHold: false,
      holdReasons: [],
      manualHold: null,
      version: 0,
    });
  });

  it('limit, exposure, available (negative when over) and the policy-dependent reasons', () => {
    const t = terms({ creditLimit: '1000.0000', currency: 'EUR' });
    const over = creditStatusOf(policy(CreditCheckMode.CREDIT_LIMIT), t, receivables('800.00', '250.50', '10.00'));
    expect(over).toMatchObject({ limit: { amount: '1000.00', currency: 'EUR' }, exposure: { amount: '1050.50' }, available: { amount: '-50.50' }, onHold: true, holdReasons: [HoldReason.CREDIT_LIMIT_EXCEEDED] });
    expect(creditStatusOf(policy(CreditCheckMode.NONE), t, receivables('800.00', '250.50', '10.00'))).toMatchObject({ onHold: false, holdReasons: [] });
    expect(creditStatusOf(policy(CreditCheckMode.PAST_DUE), t, receivables('800.00', '250.50', '10.00'))).toMatchObject({ onHold: true, holdReasons: [HoldReason.INVOICES_PAST_DUE] });
  });

  it('a manual hold: since, by (a user id; a service is null), note', () => {
    const since = new Date('2026-01-02T03:04:05Z');
    const byUser = creditStatusOf(policy(CreditCheckMode.NONE), terms({ holdSince: since, holdBy: '3f0b1c9e-8c1d-4b6a-9f4e-2a1b3c4d5e6f', holdNote: 'n' }), receivables('0', '0', '0'));
    expect(byUser).toMatchObject({ onHold: true, holdReasons: [HoldReason.MANUAL], manualHold: { since, by: { id: '3f0b1c9e-8c1d-4b6a-9f4e-2a1b3c4d5e6f' }, note: 'n' } });
    const byService = creditStatusOf(policy(CreditCheckMode.NONE), terms({ holdSince: since, holdBy: 'service:x' }), receivables('0', '0', '0'));
    expect(byService.manualHold).toEqual({ since, by: null, note: null });
  });
});

describe('accountsOnHold helpers', () => {
  it('accounts over their limit: exposure strictly above; accounts without transactions never', () => {
    const limits = [
      { accountId: 'a', limit: '100', currency: 'EUR' },
      { accountId: 'b', limit: '100', currency: 'EUR' },
      { accountId: 'c', limit: '100', currency: 'EUR' },
    ];
    const figures = [
      { accountId: 'a', currency: 'EUR', balance: '60', openOrders: '40', overdue: '0', unallocated: '0' },
      { accountId: 'b', currency: 'EUR', balance: '60', openOrders: '40.01', overdue: '0', unallocated: '0' },
    ];
    expect(accountIdsOverLimit(limits, figures)).toEqual(['b']);
  });

  it('merges two sorted id lists without duplicates', () => {
    expect(mergeSortedIds(['a', 'c', 'e'], ['b', 'c', 'f'])).toEqual(['a', 'b', 'c', 'e', 'f']);
    expect(mergeSortedIds([], ['b'])).toEqual(['b']);
    expect(mergeSortedIds(['a'], [])).toEqual(['a']);
  });
});

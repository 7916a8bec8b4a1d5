import { VisibilityStamps } from './visibility';
import type { Identity } from './auth';

describe('VisibilityStamps', () => {
  const stamps = new VisibilityStamps('secret', 300);
  const now = Date.UTC(2026, 0, 1);

  it('verifies its own stamp for the same account and caller only', () => {
    const s = stamps.sign('acc-1', 'user-1', now);
    expect(stamps.verify(s, 'acc-1', 'user-1', now)).toBe(true);
    expect(stamps.verify(s, 'acc-2', 'user-1', now)).toBe(false);
    expect(stamps.verify(s, 'acc-1', 'user-2', now)).toBe(false);
  });

  it('expires', () => {
    const s = stamps.sign('acc-1', 'user-1', now);
    expect(stamps.verify(s, 'acc-1', 'user-1', now + 299_000)).toBe(true);
    expect(stamps.verify(s, 'acc-1', 'user-1', now + 301_000)).toBe(false);
  });

  it('refuses forgeries, other secrets and junk', () => {
    const s = stamps.sign('acc-1', 'user-1', now);
    const [exp, mac] = s.split('.');
    expect(stamps.verify(`${Number(exp) + 1000}.${mac}`, 'acc-1', 'user-1', now)).toBe(false);
    expect(stamps.verify(new VisibilityStamps('other').sign('acc-1', 'user-1', now), 'acc-1', 'user-1', now)).toBe(false);
    for (const junk of [undefined, null, '', '.', 'abc', 42, `${exp}.`]) expect(stamps.verify(junk, 'acc-1', 'user-1', now)).toBe(false);
  });

  it('lets services through without a stamp', () => {
    const service = { isService: true, userId: 'service:x' } as Identity;
    const user = { isService: false, userId: 'user-1' } as Identity;
    expect(stamps.allows(service, { id: 'acc-1' })).toBe(true);
    expect(stamps.allows(user, { id: 'acc-1' })).toBe(false);
    expect(stamps.allows(user, { id: 'acc-1', visibilityStamp: stamps.sign('acc-1', 'user-1') })).toBe(true);
  });
});

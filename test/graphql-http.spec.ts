import { serverAudits } from 'graphql-http';
import { startTestSystem, type TestSystem } from './support/system';

/** GraphQL over HTTP: the gateway passes the graphql-http server audit with no errors. */
describe('graphql-http server audit of the gateway', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  it('has no failing MUST or SHOULD audits', async () => {
    const audits = serverAudits({
      url: () => t.gatewayUrl,
      fetchFn: (input: string | URL | Request, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${t.adminToken}`);
        return fetch(input, { ...init, headers });
      },
    });
    const results = await Promise.all(audits.map((a) => a.fn()));
    const failures = results.flatMap((r) => (r.status === 'error' ? [`${r.name}: ${r.reason}`] : []));
    const warnings = results.flatMap((r) => (r.status === 'warn' ? [`${r.name}: ${r.reason}`] : []));
    if (warnings.length) console.log(`graphql-http warnings:\n  ${warnings.join('\n  ')}`);
    expect(failures).toEqual([]);
    console.log(`graphql-http audit: ${results.filter((r) => r.status === 'ok').length} ok, ${warnings.length} warnings, ${failures.length} errors`);
  });
});

import autocannon from 'autocannon';

export interface Figures {
  p50: number;
  p99: number;
  /** requests per second */
  rps: number;
  errors: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  token: string;
  /** One GraphQL body per request, e.g. a different account each time. */
  body: () => string;
  connections: number;
  seconds: number;
  /** Counts a response as an error when it has GraphQL errors. */
  checkBodies?: boolean;
  /** Seconds before a request counts as failed (autocannon's default is 10). */
  timeout?: number;
}

/** HTTP load with autocannon: latency percentiles, throughput and errors (HTTP or GraphQL). */
export async function load(o: LoadOptions): Promise<Figures> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: o.url,
    method: 'POST',
    connections: o.connections,
    duration: o.seconds,
    timeout: o.timeout ?? 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: o.body() }),
        onResponse: (_status: number, body: string) => {
          if (o.checkBodies !== false && body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.non2xx + result.timeouts + graphqlErrors,
    requests: result.requests.total,
  };
}

/** The same figures for an async function run in a loop at a given concurrency (the SQL floor). */
export async function loop(fn: () => Promise<unknown>, concurrency: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        try {
          await fn();
        } catch {
          errors++;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN;
  return { p50: pct(50), p99: pct(99), rps: latencies.length / elapsed, errors, requests: latencies.length };
}

export function formatTable(rows: Array<Record<string, string | number>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c] ?? '').length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(columns), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(columns.map((c) => cell(r[c] ?? ''))))].join('\n');
}

import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) a process has used so far, in ms, from /proc. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Pids of every process whose command line contains `needle` (e.g. the PostgreSQL server's backends). */
export function pidsMatching(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** CPU used by groups of processes between two readings. */
export class CpuMeter {
  private start = new Map<string, number>();
  constructor(private readonly groups: Record<string, () => number[]>) {}

  private read(): Map<string, number> {
    const m = new Map<string, number>();
    for (const [name, pids] of Object.entries(this.groups)) m.set(name, pids().reduce((sum, pid) => sum + cpuMs(pid), 0));
    return m;
  }

  begin(): void {
    this.start = this.read();
  }

  /** ms of CPU per group since begin(). */
  end(): Record<string, number> {
    const now = this.read();
    return Object.fromEntries([...now].map(([k, v]) => [k, v - (this.start.get(k) ?? 0)]));
  }
}

import type { DemoData } from '../subgraphs/common';
import type { RunningSystem } from './system';
import { SUBGRAPHS } from './subgraphs';

/** Loads the demo data into an empty database; returns false when there was data already. */
export async function loadDemoDataIfEmpty(system: RunningSystem): Promise<boolean> {
  const [{ n }] = await system.subgraphs.accounts.dataSource.query('SELECT count(*)::int AS n FROM accounts.account');
  if (n > 0) return false;
  const demo: DemoData = { accounts: [] };
  for (const m of SUBGRAPHS) {
    if (m.seedDemo) await m.seedDemo(system.subgraphs[m.name].dataSource, demo);
  }
  return true;
}

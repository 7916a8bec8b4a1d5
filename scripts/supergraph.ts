import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphUrlFromEnv } from '../subgraphs/common/config';
import { SUBGRAPHS } from './subgraphs';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

export interface GeneratedSchemas {
  /** file name -> contents */
  files: Record<string, string>;
  errors: string[];
}

/**
 * Builds each subgraph's SDL (no database needed) and composes the
 * supergraph. URLs in the supergraph are the defaults; the gateway takes the
 * real ones from its settings.
 */
export function generateSchemas(): GeneratedSchemas {
  const files: Record<string, string> = {};
  const services = SUBGRAPHS.map((m) => {
    const sdl = m.buildSdl();
    files[`${m.name}.graphql`] = sdl;
    return { name: m.name, typeDefs: parse(sdl), url: subgraphUrlFromEnv(m.name, {}) };
  });
  const result = composeServices(services);
  if (result.errors) return { files, errors: result.errors.map((e) => e.message) };
  files['supergraph.graphql'] = result.supergraphSdl;
  return { files, errors: [] };
}

export function readCommitted(file: string): string | null {
  try {
    return readFileSync(join(SCHEMA_DIR, file), 'utf8');
  } catch {
    return null;
  }
}

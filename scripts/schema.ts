import 'reflect-metadata';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchemas, readCommitted, SCHEMA_DIR } from './supergraph';

/** `npm run schema`: writes schema/<subgraph>.graphql and schema/supergraph.graphql. `--check` only compares. */
function main(): void {
  const check = process.argv.includes('--check');
  const { files, errors } = generateSchemas();
  if (errors.length) {
    console.error(`Composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  if (check) {
    const stale = Object.keys(files).filter((f) => readCommitted(f) !== files[f]);
    if (stale.length) {
      console.error(`Stale: ${stale.join(', ')}. Run npm run schema and commit schema/.`);
      process.exit(1);
    }
    console.log('schema/ is up to date');
    return;
  }
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const old of readdirSync(SCHEMA_DIR)) if (old.endsWith('.graphql') && !(old in files)) rmSync(join(SCHEMA_DIR, old));
  for (const [file, contents] of Object.entries(files)) writeFileSync(join(SCHEMA_DIR, file), contents);
  console.log(`Wrote ${Object.keys(files).map((f) => `schema/${f}`).join(', ')}`);
}

main();

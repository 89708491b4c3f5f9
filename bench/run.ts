/**
 * `npm run bench [-- --json] [--quick] [SECTION...]`: runs every benchmark section found in bench/*.ts (or only
 * the named ones) and prints one table per section, or with `--json` one JSON object keyed by section id:
 * `{ "search": { "title": ..., "rows": [{ "name", "median", "p95", "runs", ... }] }, ... }`, plus the top-level keys
 * sections publish (`pageScan`, `contentScript_bytes`).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { table, type Row, type Section } from './lib/section';

const HERE = dirname(fileURLToPath(import.meta.url));

async function discover(): Promise<Section[]> {
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .sort();
  const sections: Section[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(HERE, f)).href)) as { default?: Section | Section[] };
    if (!mod.default) {
      // A file that is not (yet) a section, e.g. a benchmark still being wired: say so and go on.
      process.stderr.write(`bench: bench/${f} has no default export (a Section or a list of them): skipped\n`);
      continue;
    }
    sections.push(...(Array.isArray(mod.default) ? mod.default : [mod.default]));
  }
  return sections;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const quick = args.includes('--quick');
  const only = args.filter((a) => !a.startsWith('--'));
  const all = await discover();
  const unknown = only.filter((o) => !all.some((s) => s.id === o));
  if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}; known: ${all.map((s) => s.id).join(', ')}`);
  const chosen = only.length ? all.filter((s) => only.includes(s.id)) : all;
  const out: Record<string, { title: string; rows: Row[] }> = {};
  const published: Record<string, unknown> = {};
  const log = (msg: string): void => {
    process.stderr.write(`bench: ${msg}\n`);
  };
  for (const s of chosen) {
    log(`running ${s.id}`);
    const rows = await s.run({ quick, log, publish: (key, value) => (published[key] = value) });
    out[s.id] = { title: s.title, rows };
    if (!json) process.stdout.write(`${table(s, rows)}\n\n`);
  }
  // A key published under a section's own id (e.g. `library`) joins that section's title and rows.
  const merged: Record<string, unknown> = { ...out };
  for (const [key, value] of Object.entries(published)) {
    const section = out[key];
    merged[key] = section && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...section, ...value } : value;
  }
  if (json) process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

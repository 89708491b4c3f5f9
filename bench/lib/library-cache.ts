/**
 * The library benchmark's 1,000 analysed articles, cached between runs: analysing them is the benchmark's setup
 * (minutes on a loaded machine), not what it measures. Each article goes through the real `analyseArticle` once;
 * the result is kept in node_modules/.cache keyed by a hash of everything that could change it (the pipeline's and
 * the generator's sources, the data files), and written to the store through its real transaction on every run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pipeline } from '../../lib/index/document';
import { analyseArticle, type Analysed } from '../../lib/library/analyse';
import type { LibraryArticle } from '../../lib/library/format';
import { syntheticArticle } from './library-articles';

const ROOT = join(import.meta.dirname, '..', '..');
const INPUTS = ['lib/index', 'lib/library', 'lib/match', 'lib/text', 'lib/rank', 'data', 'bench/lib/library-articles.ts'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).sort().flatMap((f) => files(join(path, f)));
}

function inputsHash(n: number): string {
  const h = createHash('sha256').update(String(n));
  for (const f of INPUTS.flatMap(files)) h.update(f).update(readFileSync(join(ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

export type Entry = { article: LibraryArticle; analysed: Analysed };

/** Articles 0..n-1, analysed (from the cache when the inputs have not changed); `cached` says which. */
export function analysedLibrary(n: number, pipeline: () => Pipeline, log: (msg: string) => void): { entries: Entry[]; cached: boolean } {
  const dir = join(ROOT, 'node_modules', '.cache', 'backstory-bench');
  const file = join(dir, `library-${inputsHash(n)}.json`);
  if (existsSync(file)) return { entries: JSON.parse(readFileSync(file, 'utf8')) as Entry[], cached: true };
  log(`analysing ${n} synthetic articles (cached in ${file} for the next run)`);
  const p = pipeline();
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const article = syntheticArticle(i);
    entries.push({ article, analysed: analyseArticle(article, p) });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(entries));
  return { entries, cached: false };
}

/**
 * Search benchmarks: query latency through the background's query() (MiniSearch + snippets), at the seed index
 * and at a synthetic index of 10,000 items. Budget: a query under 2 ms at 10,000 items.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackstoryService } from '../lib/background/service';
import { searchDocs } from '../lib/index/build';
import type { BackstoryIndex } from '../lib/index/types';
import type { MatcherTable } from '../lib/match/types';
import { createSearch, serializeSearch, type SerializedSearch } from '../lib/search/options';
import { summarize, timeSync, type Row, type Section } from './lib/section';
import { syntheticIndex } from './lib/synthetic';

const ROOT = join(import.meta.dirname, '..');
const read = <T>(name: string): T => JSON.parse(readFileSync(join(ROOT, 'data', name), 'utf8')) as T;

/** Queries by what they exercise; every query runs through the same path as the popup's. */
export const QUERIES: Record<string, string[]> = {
  exact: ['putin', 'schoigu', 'drones', 'sanctions', 'tehran'],
  'prefix (typing)': ['p', 'pu', 'put', 'pez', 'dro', 'khame'],
  'fuzzy (typos)': ['peseschkian', 'pezeshkiyan', 'pezeshkan', 'shoygu', 'drohnen', 'raissi'],
  'other scripts': ['پزشکیان', 'шойгу', 'путин'],
  'several words': ['putin tehran', 'iran russia', 'iran russia drones', 'masoud pez', 'shahed drones ukraine'],
};

function measure(service: BackstoryService, label: string, runs: number): Row[] {
  const rows: Row[] = [];
  const all: number[] = [];
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const samples: number[] = [];
    for (const query of queries) {
      samples.push(...timeSync(() => service.query({ type: 'search', query, limit: 40 }), runs));
    }
    all.push(...samples);
    rows.push(summarize(`${label}: ${kind}`, samples));
  }
  rows.push(summarize(`${label}: all queries`, all, { budget: label.startsWith('10,000') ? 2 : undefined }));
  return rows;
}

const section: Section = {
  id: 'search',
  title: 'Search query latency (background query(), MiniSearch + snippets)',
  run: async ({ quick, log }) => {
    const index = read<BackstoryIndex>('index.json');
    const table = read<MatcherTable>('matcher.json');
    const runs = quick ? 5 : 30;
    const seedItems = index.entities.length + index.events.length + index.claims.length + index.documents.length;
    const seed = new BackstoryService(index, read<SerializedSearch>('search.json'), table);
    const rows = measure(seed, `seed (${seedItems} items)`, runs);
    log('building a synthetic index of 10,000 items');
    const big = syntheticIndex(index, 10_000);
    const t0 = performance.now();
    const serialized = serializeSearch(createSearch(searchDocs(big)));
    const buildMs = performance.now() - t0;
    // Through JSON as in the extension, so the loaded index is the one the background would have.
    const service = new BackstoryService(big, JSON.parse(JSON.stringify(serialized)) as SerializedSearch, table);
    rows.push(...measure(service, '10,000 items', runs));
    rows.push({ name: '10,000 items: build the search index (once, for reference)', median: Math.round(buildMs), p95: Math.round(buildMs), runs: 1 });
    return rows;
  },
};

export default section;

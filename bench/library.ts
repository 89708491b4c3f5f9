/**
 * Library benchmark (issue 13): the reader's own articles, with synthetic articles written by
 * bench/lib/library-articles.ts. Budgets: adding a 1,500-word article under 500 ms p95 (extraction with
 * Readability, the pipeline, one IndexedDB transaction; the pipeline set up once, as the offscreen document keeps
 * it); with 1,000 articles, a worker wake to the first sidebar payload under 100 ms p95, the worker's memory under
 * 150 MB, a popup query under 5 ms p95. Run in Node: happy-dom's DOMParser and fake-indexeddb stand in for the
 * browser's (both slower than Chromium's own), and the message hops between sidebar, worker and offscreen document
 * (a few milliseconds) are not included.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Window } from 'happy-dom';
import { BackstoryService } from '../lib/background/service';
import type { BackstoryIndex } from '../lib/index/types';
import { analyseArticle } from '../lib/library/analyse';
import { bundledPipeline } from '../lib/library/bundled-pipeline';
import { LibraryEngine } from '../lib/library/engine';
import { LibraryStore } from '../lib/library/store';
import type { MatcherTable } from '../lib/match/types';
import type { RankStats } from '../lib/rank/stats';
import type { SerializedSearch } from '../lib/search/options';
import { summarize, type Row, type Section } from './lib/section';
import { syntheticArticle, syntheticPage } from './lib/library-articles';

const ROOT = join(import.meta.dirname, '..');
const text = (name: string): string => readFileSync(join(ROOT, 'data', name), 'utf8');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A page on the corridor and the drones, as the sidebar frame describes it. */
const PAGE = ['person:sergey-lavrov', 'person:abbas-araghchi', 'place:north-south-transport-corridor', 'weapon:shahed-136', 'country:russia', 'country:iran', 'place:tehran', 'place:moscow'];
const QUERIES = ['lavrov', 'corridor', 'plan numbered 512', 'shahed drones', 'araghchi tehran', 'bushehr', 'pezeshkian kazan', 'customs figures'];

const section: Section = {
  id: 'library',
  title: "The reader's library (add, wake with 1,000 articles, memory, popup query)",
  run: async ({ quick, log, publish }) => {
    const win = new Window();
    const parse = (html: string): Document => new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    const t0 = performance.now();
    const pipeline = bundledPipeline();
    const setup = performance.now() - t0;
    const rows: Row[] = [];

    // 1. Adding a 1,500-word article, click to "Added" (in the worker: extract, analyse, store).
    const store = await LibraryStore.open(new IDBFactory());
    const engine = new LibraryEngine(store, pipeline, parse);
    const addRuns = quick ? 5 : 30;
    const add: number[] = [];
    let words = 0;
    for (let i = 0; i < addRuns + 2; i++) {
      const a = syntheticArticle(100_000 + i, 1500);
      words = a.text.split(/\s+/).length;
      const html = syntheticPage(a);
      const s = performance.now();
      await engine.addPage({ url: a.url, html, lang: 'en', contentType: 'text/html' });
      if (i >= 2) add.push(performance.now() - s);
    }
    rows.push(summarize(`add a ${words.toLocaleString('en')}-word article (extract, analyse, one transaction)`, add, { budget: 500, budgetOn: 'p95', note: `pipeline set up once: ${setup.toFixed(0)} ms` }));

    // 2. A library of 1,000 articles (600 words each).
    const n = quick ? 200 : 1000;
    log(`analysing ${n} synthetic articles`);
    const big = await LibraryStore.open(new IDBFactory(), 'bench-library');
    const b0 = performance.now();
    for (let i = 0; i < n; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(n, i + 50); j++) {
        const article = syntheticArticle(j);
        batch.push({ article, analysed: analyseArticle(article, pipeline) });
      }
      await big.add(batch);
    }
    const items0 = await big.items();
    const ev = items0.reduce((s, it) => s + it.events.length, 0);
    const cl = items0.reduce((s, it) => s + it.claims.length, 0);
    log(`${n} articles: ${ev} events, ${cl} claims, analysed and stored in ${((performance.now() - b0) / 1000).toFixed(1)} s`);

    // 3. Wake → first sidebar payload: the bundled index loaded, the library's items read, the payload ranked.
    const raw = { index: text('index.json'), search: text('search.json'), table: text('matcher.json'), rank: text('rank.json') };
    const wakeRuns = quick ? 5 : 10;
    const wake: number[] = [];
    const libShare: number[] = [];
    const readShare: number[] = [];
    let payloadItems = 0;
    let libraryInPayload = 0;
    for (let i = 0; i < wakeRuns + 1; i++) {
      const s = performance.now();
      const service = new BackstoryService(JSON.parse(raw.index) as BackstoryIndex, JSON.parse(raw.search) as SerializedSearch, JSON.parse(raw.table) as MatcherTable, JSON.parse(raw.rank) as RankStats);
      const l0 = performance.now();
      const items = await big.items();
      const l1 = performance.now();
      service.setLibrary(items);
      const p = service.payload(PAGE, '2026-01-01', { title: `Corridor and drones ${i}`, text: 'Lavrov and Araghchi on the corridor and the drones.' }, null, true);
      const e = performance.now();
      payloadItems = p.ranked.length;
      libraryInPayload = Object.values(p.documents).filter((d) => d.library).length;
      if (i > 0) {
        wake.push(e - s);
        libShare.push(e - l0);
        readShare.push(l1 - l0);
      }
    }
    rows.push(summarize(`${n} articles: worker wake → first sidebar payload`, wake, { budget: 100, budgetOn: 'p95', note: `bundled index + library; ${payloadItems} items ranked, ${libraryInPayload} library articles in it` }));
    rows.push(summarize(`${n} articles: of which the library (read items, join events, rank)`, libShare, { note: `reading ${n} items from IndexedDB: median ${summarize('', readShare).median.toFixed(1)} ms` }));

    // 4. Popup: the first search that reads the library loads its entries; then each query.
    const service = new BackstoryService(JSON.parse(raw.index) as BackstoryIndex, JSON.parse(raw.search) as SerializedSearch, JSON.parse(raw.table) as MatcherTable, JSON.parse(raw.rank) as RankStats);
    service.setLibrary(await big.items());
    const f0 = performance.now();
    service.loadLibrarySearch(await big.docs());
    const firstLoad = performance.now() - f0;
    const q: number[] = [];
    let hits = 0;
    for (let i = 0; i < (quick ? 40 : 400); i++) {
      const query = QUERIES[i % QUERIES.length]!;
      const s = performance.now();
      hits += service.query({ type: 'search', query, limit: 30 }, true).length;
      q.push(performance.now() - s);
    }
    rows.push(summarize(`${n} articles: popup query (bundled + library)`, q.slice(QUERIES.length), { budget: 5, budgetOn: 'p95', note: `${(hits / q.length).toFixed(1)} hits per query; loading the library's search entries once: ${firstLoad.toFixed(0)} ms` }));

    // 5. Memory of the worker's state: the bundled index, the library's items and its search entries.
    big.close();
    store.close();
    gc();
    const before = process.memoryUsage().heapUsed;
    const held: unknown[] = [service];
    gc();
    const heap = process.memoryUsage().heapUsed;
    const heapMb = heap / 1024 / 1024;
    rows.push({ name: `${n} articles: worker memory (heap with the service, library and its search)`, median: NaN, p95: NaN, runs: 1, note: `${heapMb.toFixed(1)} MB heap (budget 150 MB; includes the benchmark's own modules and pipeline)` });
    void before;
    void held;
    publish('library', { add_p95_ms: summarize('', add).p95, wake_p95_ms: summarize('', wake).p95, query_p95_ms: summarize('', q).p95, heap_mb: Math.round(heapMb * 10) / 10, articles: n, events: ev, claims: cl });
    return rows;
  },
};

export default section;

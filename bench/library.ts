/**
 * Library benchmark (issue 13): the reader's own articles, with synthetic articles written by
 * bench/lib/library-articles.ts. Budgets: adding a 1,500-word article under 500 ms p95 (extraction with
 * Readability, the pipeline, one IndexedDB transaction; the pipeline set up once, as the offscreen document keeps
 * it); with 1,000 articles, a worker wake to the first sidebar payload under 100 ms p95, the worker's memory under
 * 150 MB, a popup query under 5 ms p95. Run in Node: happy-dom's DOMParser and fake-indexeddb stand in for the
 * browser's (both slower than Chromium's own), and the message hops between sidebar, worker and offscreen document
 * (a few milliseconds) are not included. The synthetic articles are like wire copy: 600 words with 2-3 events and
 * 3-6 claims each (bench/lib/library-articles.ts); the 1,000 are analysed by the real `analyseArticle` once and
 * cached between runs (bench/lib/library-cache.ts), then stored through the store's real transaction. The wake is
 * the background's own (lib/background/library-sync.ts: the kept view read); wall times on a loaded machine are
 * given with the CPU time beside them.
 *
 * Then the same budgets in real Chromium (bench/lib/library-chromium.ts): the built extension in Debian's
 * Chromium, its real IndexedDB filled with the same 1,000 articles, the service worker stopped for real before each
 * wake, its heap read through the DevTools protocol, the popup's query and an add timed from an extension page
 * (messaging, offscreen document and IndexedDB included), and where a wake's time goes (a CPU profile of the
 * worker from its first line, printed to stderr). Its rows start with "Chromium:"; `--json` has them under
 * `library.chromium`. `npm run bench -- library --chromium-only` runs only those, `--node-only` only the Node rows.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Window } from 'happy-dom';
import { BackstoryService } from '../lib/background/service';
import type { BackstoryIndex } from '../lib/index/types';
import { LibrarySync } from '../lib/background/library-sync';
import type { SidebarPayload } from '../lib/messages';
import { bundledPipeline } from '../lib/library/bundled-pipeline';
import { LibraryEngine } from '../lib/library/engine';
import { LIBRARY_DB, LibraryStore } from '../lib/library/store';
import type { MatcherTable } from '../lib/match/types';
import type { RankStats } from '../lib/rank/stats';
import type { SerializedSearch } from '../lib/search/options';
import { summarize, type Row, type Section, type SectionContext } from './lib/section';
import { PAGE_IDS, payloadPage, syntheticArticle, syntheticPage } from './lib/library-articles';
import { analysedLibrary } from './lib/library-cache';
import { libraryInChromium, type ChromiumLibraryFigures } from './lib/library-chromium';

const ROOT = join(import.meta.dirname, '..');
const text = (name: string): string => readFileSync(join(ROOT, 'data', name), 'utf8');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Garbage collections seen (start, end on performance.now()'s clock), and how much of them fell in [from, to]
 * (Node reports them a little later: `settled` first).
 */
const collections: Array<[number, number]> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push([e.startTime, e.startTime + e.duration]);
}).observe({ entryTypes: ['gc'] });
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));
const gcWithin = (from: number, to: number): number => collections.reduce((ms, [a, b]) => ms + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0);

const QUERIES = ['lavrov', 'corridor', 'plan numbered 512', 'shahed drones', 'araghchi tehran', 'bushehr', 'pezeshkian kazan', 'customs figures'];

/** The Node rows, with the figures they publish. */
async function inNode({ quick, log }: SectionContext): Promise<{ rows: Row[]; figures: Record<string, number> }> {
  const win = new Window();
  const parse = (html: string): Document => new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  const t0 = performance.now();
  const pipeline = bundledPipeline();
  const setup = performance.now() - t0;
  const rows: Row[] = [];

  // 1. Adding a 1,500-word article, click to "Added" (in the worker: extract, analyse, store).
  const addFactory = new IDBFactory();
  const store = await LibraryStore.open(addFactory);
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

  // 2. A library of 1,000 articles (600 words, 2-3 events and 3-6 claims each), analysed by the real
  // `analyseArticle` once and cached between runs (setup, not measured), stored through the store's transaction.
  const n = quick ? 200 : 1000;
  const b0 = performance.now();
  const { entries, cached } = analysedLibrary(n, () => pipeline, log);
  const bigFactory = new IDBFactory();
  const big = await LibraryStore.open(bigFactory, 'bench-library');
  for (let i = 0; i < n; i += 50) await big.add(entries.slice(i, i + 50));
  const ev = entries.reduce((s, e) => s + e.analysed.item.events.length, 0);
  const cl = entries.reduce((s, e) => s + e.analysed.item.claims.length, 0);
  log(`${n} articles: ${ev} events, ${cl} claims, ${cached ? 'analysis read from the cache' : 'analysed'}, stored in ${((performance.now() - b0) / 1000).toFixed(1)} s`);

  // The background's wake, as lib/platform/library-background.ts does it: the bundled index loaded, the store
  // opened, the library's view read (lib/background/library-sync.ts), then the first sidebar payload.
  const raw = { index: text('index.json'), search: text('search.json'), table: text('matcher.json'), rank: text('rank.json') };
  const newService = (): BackstoryService =>
    new BackstoryService(JSON.parse(raw.index) as BackstoryIndex, JSON.parse(raw.search) as SerializedSearch, JSON.parse(raw.table) as MatcherTable, JSON.parse(raw.rank) as RankStats);
  const wakeOnce = async (i: number): Promise<{ ms: number; cpu: number; lib: number; read: number; at: [number, number]; payload: SidebarPayload; sync: LibrarySync }> => {
    const c = process.cpuUsage();
    const s = performance.now();
    const service = newService();
    const l0 = performance.now();
    const store = await LibraryStore.open(factory, 'bench-library');
    const sync = new LibrarySync(store, service);
    await sync.wake();
    const l1 = performance.now();
    const { pageDate, page } = payloadPage(i);
    const payload = service.payload(PAGE_IDS, pageDate, page, null, true);
    const e = performance.now();
    const cu = process.cpuUsage(c);
    return { ms: e - s, cpu: (cu.user + cu.system) / 1000, lib: e - l0, read: l1 - l0, at: [s, e], payload, sync };
  };
  const factory = bigFactory;
  // 3. The first wake after the library changed without its view kept (e.g. after an update): worked out from
  // the stored items, and kept. Then wakes as they usually are: the kept view read.
  const cold = await wakeOnce(-1);
  cold.sync.store.close();
  const wakeRuns = quick ? 5 : 10;
  const wake: number[] = [];
  const wakeCpu: number[] = [];
  const libShare: number[] = [];
  const readShare: number[] = [];
  const wakeAt: Array<[number, number]> = [];
  let payloadItems = 0;
  let payloadCarried = 0;
  let libraryInPayload = 0;
  for (let i = 0; i < wakeRuns + 1; i++) {
    const w = await wakeOnce(i);
    w.sync.store.close();
    payloadItems = w.payload.more ? w.payload.more.events + w.payload.more.claims : w.payload.ranked.length;
    payloadCarried = w.payload.ranked.length;
    libraryInPayload = Object.values(w.payload.documents).filter((d) => d.library).length;
    if (i > 0) {
      wake.push(w.ms);
      wakeCpu.push(w.cpu);
      libShare.push(w.lib);
      readShare.push(w.read);
      wakeAt.push(w.at);
    }
  }
  await settled();
  const wakeGc = wakeAt.map(([from, to]) => gcWithin(from, to));
  rows.push(summarize(`${n} articles: worker wake → first sidebar payload`, wake, { budget: 100, budgetOn: 'p95', note: `${payloadItems} items ranked, the best ${payloadCarried} sent, ${libraryInPayload} library articles in them; CPU median ${summarize('', wakeCpu).median.toFixed(0)} ms; garbage collection in it: median ${summarize('', wakeGc).median.toFixed(0)} ms (the benchmark's own heap is collected too)` }));
  rows.push(
    summarize(`${n} articles: of which the library (open, read the view, rank)`, libShare, {
      note: `reading the kept view: median ${summarize('', readShare).median.toFixed(1)} ms; first wake without a kept view: ${cold.ms.toFixed(0)} ms`,
    }),
  );

  // 4. Popup: the first search that reads the library loads its kept entries; then each query. (The first
  // search ever builds them from the stored texts and keeps them: that is setup here.)
  const warm = await wakeOnce(-2);
  const s0 = performance.now();
  await warm.sync.beforeSearch();
  const built = performance.now() - s0;
  warm.sync.store.close();
  let sync: LibrarySync | null = (await wakeOnce(-3)).sync;
  let service: BackstoryService | null = sync.service;
  const f0 = performance.now();
  await sync.beforeSearch();
  const firstLoad = performance.now() - f0;
  const q: number[] = [];
  let hits = 0;
  const q0 = performance.now();
  for (let i = 0; i < (quick ? 40 : 400); i++) {
    const query = QUERIES[i % QUERIES.length]!;
    const s = performance.now();
    hits += (await sync.snippets(service.query({ type: 'search', query, limit: 30 }, true))).length;
    q.push(performance.now() - s);
  }
  const qTime = performance.now() - q0;
  await settled();
  const qGc = gcWithin(q0, q0 + qTime);
  rows.push(
    summarize(`${n} articles: popup query (bundled + library)`, q.slice(QUERIES.length), {
      budget: 5,
      budgetOn: 'p95',
      note: `${(hits / q.length).toFixed(1)} hits per query; garbage collection ${((100 * qGc) / qTime).toFixed(0)}% of the queries' time; first library search after a wake (kept entries loaded): ${firstLoad.toFixed(0)} ms; built from the texts once: ${built.toFixed(0)} ms`,
    }),
  );

  // 5. Memory of the worker's state: the bundled index, the library's view and its search entries. The heap
  // with the service held, and what it holds (the heap again without it).
  sync.store.close();
  big.close();
  store.close();
  entries.length = 0;
  // The stand-in IndexedDB keeps its databases in this heap (a browser keeps them on disk): deleted first.
  const drop = (f: IDBFactory, name: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const r = f.deleteDatabase(name);
      r.onsuccess = () => resolve();
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error(`${name}: a connection is still open`));
    });
  await drop(bigFactory, 'bench-library');
  await drop(addFactory, LIBRARY_DB);
  gc();
  const heap = process.memoryUsage().heapUsed;
  const payloadCount = service.libraryCount;
  sync = null;
  service = null;
  gc();
  const heapMb = heap / 1024 / 1024;
  const serviceMb = (heap - process.memoryUsage().heapUsed) / 1024 / 1024;
  rows.push({
    name: `${n} articles: worker memory (heap with the service, library view and its search)`,
    median: NaN,
    p95: NaN,
    runs: 1,
    note: `${heapMb.toFixed(1)} MB heap (budget 150 MB; includes the benchmark's own modules, happy-dom and the analysis pipeline, which live in the offscreen document, not the worker); the service with ${payloadCount} library articles holds ${serviceMb.toFixed(1)} MB of it`,
  });
  return { rows, figures: { add_p95_ms: summarize('', add).p95, wake_p95_ms: summarize('', wake).p95, query_p95_ms: summarize('', q).p95, heap_mb: Math.round(heapMb * 10) / 10, articles: n, events: ev, claims: cl } };
}

const section: Section = {
  id: 'library',
  title: "The reader's library (add, wake with 1,000 articles, memory, popup query; in Node, happy-dom and fake-indexeddb standing in for the browser; then in real Chromium)",
  run: async (ctx) => {
    const args = process.argv.slice(2);
    const node = !args.includes('--chromium-only');
    const chromium = !args.includes('--node-only');
    const rows: Row[] = [];
    let published: Record<string, unknown> = {};
    if (node) {
      const r = await inNode(ctx);
      rows.push(...r.rows);
      published = { ...r.figures };
    }
    if (chromium) {
      // Always the budgets' 1,000 articles (the analysis cached as for the Node rows).
      const { entries } = analysedLibrary(1000, () => bundledPipeline(), ctx.log);
      const r = await libraryInChromium({ quick: ctx.quick, log: ctx.log, entries, queries: QUERIES });
      rows.push(...r.rows);
      published.chromium = r.figures satisfies ChromiumLibraryFigures;
    }
    ctx.publish('library', published);
    return rows;
  },
};

export default section;

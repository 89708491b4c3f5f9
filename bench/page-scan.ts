/**
 * Page scan in real Chromium: on every page of ../shared/fixtures/readability-pages (or the in-repo subset in
 * tests/fixtures/readability when ../shared is absent) and on two generated on-topic pages (10 MB of text;
 * 200,000 text nodes), in one browser, several rounds per page:
 *
 * - floor: a TreeWalker over the body's text nodes reading `.data`, nothing else;
 * - Backstory: the full scan (collect, normalise, match, gate; on topic, register CSS highlights), from the same
 *   lib/ modules the content script is built from, bundled for the page by esbuild (bench/lib/page-entry.ts);
 * - mark.js: `new Mark(body).mark(aliases, …)` with its accurate whole-word options, every alias of the gazetteer
 *   in its original spelling, on a fresh copy of the page's body each round.
 *
 * Per page the median over rounds is taken; the rows give median, p95 and max of those per-page medians, by page
 * size class (text length) and overall. Ratios are per page (pair by pair) and then summarised. The longest task
 * comes from running the content script's own runner (lib/content/run.ts) on each page with a PerformanceObserver
 * for long tasks, and from timing each slice of the sliced scan. Budgets (DESIGN.md): median under 3 ms, no task
 * over 50 ms, at most 2× the floor, at least 10× faster than mark.js.
 *
 * Flags: `--markjs-all` runs mark.js on every real page (default: every tenth); `--synthetic-only` measures only
 * the two synthetic pages (no extension build, no real pages, no mark.js): the longest-task figures in a minute,
 * published as `pageScan.syntheticMaxTask_ms` alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { highlightCss } from '../lib/highlight/css';
import type { Gazetteer } from '../lib/match/types';
import { chromePath, EXTENSION_DIR, FIXTURES, ROOT, SHARED_PAGES, startServer, type Route } from '../tests/e2e/harness';
import { buildExtension } from './lib/chromium';
import type { RoundResult, TaskResult } from './lib/page-entry';
import { percentile, round, type Row, type Section } from './lib/section';
import { hugeNodesPage, tenMegabytePage } from './lib/synthetic-pages';
import { CONTENT_SCRIPT_FILE, contentScriptBytes as contentScriptBytesOf } from './lib/content-script';

interface PageResult {
  name: string;
  isolated: boolean;
  synthetic: boolean;
  chars: number;
  textNodes: number;
  floor: number;
  ours: number;
  oursCold: number;
  /** Fresh page load, content script's first line to the topic decision (median over loads). */
  firstScan: number;
  /** Fresh page load, first line to the end of a walk over the text nodes. */
  firstScanFloor: number;
  /** The same two, in the first load of a new renderer process (`coldLoads`: nothing compiled or cached yet). */
  firstScanFirstLoad: number;
  firstScanFloorFirstLoad: number;
  markjs: number | null;
  marks: number;
  markError: string | null;
  onTopic: boolean;
  ranges: number;
  matcherBuild: number;
  tasks: TaskResult;
}

async function bundle(entry = 'bench/lib/page-entry.ts', banner = ''): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, entry)],
    banner: { js: banner },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Every alias and demonym of the gazetteer in its original spelling (what mark.js is asked to find). */
function aliases(): string[] {
  const gaz = JSON.parse(readFileSync(join(ROOT, 'data/gazetteer.json'), 'utf8')) as Gazetteer;
  return [...new Set(gaz.entities.flatMap((e) => [...e.aliases, ...(e.demonyms ?? [])]))].sort();
}

const SYNTHETIC: Record<string, () => string> = { 'synthetic-10mb-text.html': tenMegabytePage, 'synthetic-200k-nodes.html': hugeNodesPage };

function sizeClass(r: PageResult): string {
  if (r.synthetic) return r.name.replace(/\.html$/, '');
  return r.chars < 20_000 ? 'pages < 20k chars' : r.chars <= 100_000 ? 'pages 20k–100k chars' : 'pages > 100k chars';
}

const median = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 0.5);

interface Stats {
  median_ms: number;
  p95_ms: number;
  max_ms: number;
}
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  return { median_ms: round(percentile(s, 0.5)), p95_ms: round(percentile(s, 0.95)), max_ms: round(s[s.length - 1] ?? NaN) };
}
function ratioStats(xs: number[]): { median: number; p95: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  return { median: r2(percentile(s, 0.5)), p95: r2(percentile(s, 0.95)), min: r2(s[0] ?? NaN), max: r2(s[s.length - 1] ?? NaN) };
}

/**
 * A page as the extension finds it: the highlight stylesheet the manifest ships is there before the page is built
 * (here adopted by a script that runs before the page's own), so registering highlights restyles nothing.
 */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, highlightCss());
  return page;
}

async function measurePage(browser: Browser, url: string, name: string, code: string, markSource: string, keywords: string[], runs: number, markRuns: number): Promise<PageResult> {
  const page = await newPage(browser);
  try {
    // Captured pages reference scripts and images on other hosts: refuse those at once.
    const origin = new URL(url).origin;
    await page.route((u) => u.origin !== origin, (route) => route.abort());
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    // Let the first layout and paint finish, so that they are not counted as the scan's tasks.
    await page.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0)))));
    await page.evaluate(code);
    const r = await page.evaluate((n) => (window as unknown as { __bsBench: { rounds: (n: number) => RoundResult } }).__bsBench.rounds(n), runs);
    const tasks = await page.evaluate(() => (window as unknown as { __bsBench: { tasks: () => Promise<TaskResult> } }).__bsBench.tasks());
    let markjs: number | null = null;
    let marks = 0;
    let markError: string | null = null;
    if (markRuns > 0) {
      await page.evaluate(markSource);
      const m = await page.evaluate(
        ([k, n]) => (window as unknown as { __bsBench: { markjs: (k: string[], n: number) => { times: number[]; marks: number; error: string | null } } }).__bsBench.markjs(k, n),
        [keywords, markRuns] as const,
      );
      markjs = m.error ? null : median(m.times);
      marks = m.marks;
      markError = m.error;
    }
    return {
      name,
      isolated: r.isolated,
      synthetic: name in SYNTHETIC,
      chars: r.chars,
      textNodes: r.textNodes,
      floor: median(r.floor),
      ours: median(r.ours),
      oursCold: r.oursCold,
      firstScan: NaN,
      firstScanFloor: NaN,
      firstScanFirstLoad: NaN,
      firstScanFloorFirstLoad: NaN,
      markjs,
      marks,
      markError,
      onTopic: r.onTopic,
      ranges: r.ranges,
      matcherBuild: r.matcherBuild,
      tasks,
    };
  } finally {
    await page.close();
  }
}

/** The bundle's first statement: the clock the cold-path figures start from. */
const FIRST_LINE = 'var __bsT0 = performance.now();';

/**
 * Cold path: in `loads` fresh loads of the page, evaluates the bundle (first statement reads the clock) and waits
 * for the time it records: the median over loads, and the first load's time apart. `inject` is the page script the
 * background would inject where the quick reject lets the page through: evaluated on the bundle's request
 * (`__bsInject`), a round trip to this process and back, as the real one is a round trip to the background.
 *
 * The page is a new tab in a browser context of its own (`browser.newPage`), so in a new renderer process: its first
 * load compiles the bundle's functions and regular expressions for the first time in that process, the next loads
 * find them in the process's caches (the first page a reader opens on a site, and the ones after it). The first
 * load took 3 to 8 times the others (11–30 ms against 2–5 on small pages), so the median is taken over 5 loads even
 * in a quick run: over 3, one slow load beside the first one decided it.
 */
async function coldLoads(browser: Browser, url: string, code: string, loads: number, inject = ''): Promise<{ median: number; first: number }> {
  const page = await newPage(browser);
  try {
    const origin = new URL(url).origin;
    await page.route((u) => u.origin !== origin, (route) => route.abort());
    if (inject) await page.exposeFunction('__bsInject', async () => void (await page.evaluate(inject)));
    const times: number[] = [];
    for (let i = 0; i < loads; i++) {
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
      await page.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0)))));
      await page.evaluate(code);
      times.push(await page.evaluate(() => (window as unknown as { __bsFirst: Promise<{ ms: number }> }).__bsFirst.then((r) => r.ms)));
    }
    return { median: median(times), first: times[0]! };
  } finally {
    await page.close();
  }
}

/** Loads per page for the cold-path figures (`coldLoads`). */
const coldLoadCount = (quick: boolean): number => (quick ? 5 : 9);

const fmt = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(0));

const section: Section = {
  id: 'page',
  title: 'Page scan, real Chromium: per-page medians over rounds, by page size (floor = walk text nodes and read them)',
  run: async ({ quick, log, publish }) => {
    const syntheticOnly = process.argv.includes('--synthetic-only');
    if (!syntheticOnly) buildExtension(log);
    const contentScriptBytes = syntheticOnly ? NaN : contentScriptBytesOf(EXTENSION_DIR);
    const code = await bundle();
    const firstCode = await bundle('bench/lib/first-scan-entry.ts', FIRST_LINE);
    const pageCode = await bundle('bench/lib/first-page-entry.ts');
    const floorCode = await bundle('bench/lib/floor-entry.ts', FIRST_LINE);
    // mark.js takes seconds per page: by default it runs on every tenth page of the full set (all of --quick's).
    const markAll = process.argv.includes('--markjs-all');
    const markSource = readFileSync(join(ROOT, 'node_modules/mark.js/dist/mark.min.js'), 'utf8');
    const keywords = aliases();
    const shared = existsSync(SHARED_PAGES);
    const dir = shared ? SHARED_PAGES : join(FIXTURES, 'readability');
    let files = readdirSync(dir).filter((n) => n.endsWith('.html')).sort();
    const markSample = new Set(files.filter((_, i) => markAll || i % 10 === 0));
    if (quick) files = files.filter((_, i) => i % 10 === 0);
    if (syntheticOnly) files = [];
    log(`${files.length} pages from ${shared ? '../shared/fixtures/readability-pages' : 'tests/fixtures/readability (../shared absent)'}, ${keywords.length} aliases for mark.js`);

    // Pages are served cross-origin isolated, so that performance.now() has 5 µs resolution instead of 100 µs
    // (a walk of a small page takes well under 100 µs). Their resources on other hosts are refused anyway.
    const ISOLATED = { 'content-type': 'text/html; charset=utf-8', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    const synthetic = new Map<string, string>();
    const routes: Route[] = [
      (req, res) => {
        const m = /^\/bench\/(synthetic\/)?([\w.-]+\.html)$/.exec(req.url ?? '');
        if (!m) return false;
        const name = m[2]!;
        const make = SYNTHETIC[name];
        if (m[1] && make && !synthetic.has(name)) synthetic.set(name, make());
        const html = m[1] ? synthetic.get(name) : files.includes(name) ? readFileSync(join(dir, name)) : undefined;
        if (html === undefined) return false;
        res.writeHead(200, ISOLATED);
        res.end(html);
        return true;
      },
    ];
    const server = await startServer(routes);
    const browser = await chromium.launch({
      executablePath: chromePath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const results: PageResult[] = [];
    try {
      const runs = quick ? 3 : 9;
      const loads = coldLoadCount(quick);
      for (const [i, f] of files.entries()) {
        const url = `${server.url}/bench/${f}`;
        // mark.js takes seconds per page with ~1,800 keywords: one round (on a fresh copy) on the sampled pages.
        const r = await measurePage(browser, url, f, code, markSource, keywords, runs, markSample.has(f) ? 1 : 0);
        const floorLoads = await coldLoads(browser, url, floorCode, loads);
        const firstLoads = await coldLoads(browser, url, firstCode, loads, pageCode);
        Object.assign(r, { firstScanFloor: floorLoads.median, firstScan: firstLoads.median, firstScanFloorFirstLoad: floorLoads.first, firstScanFirstLoad: firstLoads.first });
        results.push(r);
        log(`  ${i + 1}/${files.length} ${f}: ${r.chars} chars, floor ${fmt(r.floor)} ms, Backstory ${fmt(r.ours)} ms, first scan ${fmt(r.firstScan)} ms (floor ${fmt(r.firstScanFloor)} ms; first load ${fmt(r.firstScanFirstLoad)} ms, floor ${fmt(r.firstScanFloorFirstLoad)} ms), mark.js ${r.markjs === null ? (r.markError ?? 'not sampled') : `${fmt(r.markjs)} ms`}`);
      }
      for (const name of Object.keys(SYNTHETIC)) {
        log(`  ${name}`);
        // mark.js is not run here: at its rate on the real pages it would take many minutes (estimated below).
        const r = await measurePage(browser, `${server.url}/bench/synthetic/${name}`, name, code, markSource, keywords, quick ? 1 : 3, 0);
        log(`    longest task ${fmt(r.tasks.longTask)} ms (${r.tasks.longTasks} over 50 ms), longest slice of the content script's ${fmt(r.tasks.longestSlice)} ms of ${r.tasks.slices}; npm run scan's longest step ${fmt(r.tasks.cliLongestSlice)} ms`);
        results.push(r);
      }
    } finally {
      await browser.close();
      await server.close();
    }

    const real = results.filter((r) => !r.synthetic);
    if (results.some((r) => !r.isolated)) log('warning: some pages were not cross-origin isolated: timer resolution 100 µs there');
    // mark.js time per character of text on the real pages, for the synthetic pages' estimate.
    const markRate = median(real.filter((r) => r.markjs !== null).map((r) => r.markjs! / Math.max(r.chars, 1)));
    const rows: Row[] = [];
    const classes = ['pages < 20k chars', 'pages 20k–100k chars', 'pages > 100k chars', 'all readability pages', ...Object.keys(SYNTHETIC).map((n) => n.replace(/\.html$/, ''))];
    const json: Record<string, unknown> = {};
    for (const cls of classes) {
      const group = cls === 'all readability pages' ? real : results.filter((r) => sizeClass(r) === cls);
      if (!group.length) continue;
      const withMark = group.filter((r) => r.markjs !== null);
      const floor = stats(group.map((r) => r.floor));
      const ours = stats(group.map((r) => r.ours));
      const markjs = stats(withMark.map((r) => r.markjs!));
      const ratioOursToFloor = ratioStats(group.map((r) => r.ours / Math.max(r.floor, 0.001)));
      const ratioMarkjsToOurs = ratioStats(withMark.map((r) => r.markjs! / Math.max(r.ours, 0.001)));
      const maxTask = Math.max(...group.map((r) => Math.max(r.tasks.longTask, r.tasks.longestSlice)));
      const chars = group.map((r) => r.chars);
      const onTopic = group.filter((r) => r.onTopic).length;
      const n = group.length;
      const all = cls === 'all readability pages';
      const row = (name: string, s: Stats, extra: Partial<Row> = {}): Row => ({ name: `${cls}: ${name}`, median: s.median_ms, p95: s.p95_ms, runs: n, ...extra });
      rows.push(row('floor', floor, { note: `max ${fmt(floor.max_ms)} ms; ${Math.min(...chars)}–${Math.max(...chars)} chars` }));
      rows.push(row('Backstory', ours, { ...(all ? { budget: 3 } : {}), note: `max ${fmt(ours.max_ms)} ms; on topic ${onTopic}/${n}; ranges ${group.reduce((a, r) => a + r.ranges, 0)}` }));
      if (!withMark.length) {
        const est = median(group.map((r) => r.chars)) * markRate;
        rows.push({ name: `${cls}: mark.js`, median: NaN, p95: NaN, runs: 0, note: `not run: about ${Math.round(est / 1000)} s per round at its rate on the real pages` });
      } else rows.push(row('mark.js', markjs, { runs: withMark.length, note: `max ${fmt(markjs.max_ms)} ms; marks ${withMark.reduce((a, r) => a + r.marks, 0)}${withMark.length < n ? `; threw on ${n - withMark.length} page(s), left out` : ''}` }));
      rows.push({
        name: `${cls}: ratio Backstory/floor (×)`,
        median: ratioOursToFloor.median,
        p95: ratioOursToFloor.p95,
        runs: n,
        note: `max ${ratioOursToFloor.max}× (budget ≤ 2×: ${ratioOursToFloor.median <= 2 ? 'ok' : 'OVER'})`,
      });
      if (withMark.length) rows.push({
        name: `${cls}: ratio mark.js/Backstory (×)`,
        median: ratioMarkjsToOurs.median,
        p95: ratioMarkjsToOurs.p95,
        runs: withMark.length,
        note: `min ${ratioMarkjsToOurs.min}× (budget ≥ 10×: ${ratioMarkjsToOurs.median >= 10 ? 'ok' : 'UNDER'})`,
      });
      rows.push({ name: `${cls}: longest task`, median: round(maxTask), p95: round(maxTask), runs: n, note: `max over pages (budget ≤ 50 ms: ${maxTask <= 50 ? 'ok' : 'OVER'})` });
      json[cls] = { pages: n, floor, ours, markjs, ratioOursToFloor, ratioMarkjsToOurs, maxTask_ms: round(maxTask), onTopic };
    }
    const cold = stats(real.map((r) => r.oursCold));
    rows.push({ name: 'all readability pages: Backstory first run on the page (cold JIT)', median: cold.median_ms, p95: cold.p95_ms, runs: real.length, note: `max ${fmt(cold.max_ms)} ms` });
    const mb = stats(real.map((r) => r.matcherBuild));
    rows.push({ name: 'precompiled matcher → typed arrays, once per page load', median: mb.median_ms, p95: mb.p95_ms, runs: real.length, note: 'not in the warm scan figures' });
    const firstScan = stats(real.map((r) => r.firstScan));
    const firstScanFloor = stats(real.map((r) => r.firstScanFloor));
    const firstScanFirstLoad = stats(real.map((r) => r.firstScanFirstLoad));
    const firstScanFloorFirstLoad = stats(real.map((r) => r.firstScanFloorFirstLoad));
    const loadsNote = `fresh page load, bundle's first line to the decision (quick reject; page script injected where it passes), median of ${coldLoadCount(quick)} loads per page in a new tab`;
    rows.push({ name: 'all readability pages: first scan (cold path, all setup)', median: firstScan.median_ms, p95: firstScan.p95_ms, runs: real.length, budget: 3, note: `max ${fmt(firstScan.max_ms)} ms; ${loadsNote}` });
    rows.push({ name: 'all readability pages: first scan floor (text walk, cold)', median: firstScanFloor.median_ms, p95: firstScanFloor.p95_ms, runs: real.length, note: `max ${fmt(firstScanFloor.max_ms)} ms; the same way` });
    rows.push({ name: 'all readability pages: first scan, first load in a new renderer process', median: firstScanFirstLoad.median_ms, p95: firstScanFirstLoad.p95_ms, runs: real.length, note: `max ${fmt(firstScanFirstLoad.max_ms)} ms; the tab's first load: the script's functions and patterns compiled for the first time in the process` });
    rows.push({ name: 'all readability pages: first scan floor, first load in a new renderer process', median: firstScanFloorFirstLoad.median_ms, p95: firstScanFloorFirstLoad.p95_ms, runs: real.length, note: `max ${fmt(firstScanFloorFirstLoad.max_ms)} ms; the same way` });
    const syntheticMaxTask = Math.max(...results.filter((r) => r.synthetic).map((r) => Math.max(r.tasks.longTask, r.tasks.longestSlice)));
    rows.push({ name: 'synthetic pages: longest task', median: round(syntheticMaxTask), p95: round(syntheticMaxTask), runs: results.filter((r) => r.synthetic).length, note: `budget ≤ 50 ms: ${syntheticMaxTask <= 50 ? 'ok' : 'OVER'}` });
    if (syntheticOnly) {
      publish('pageScan', { syntheticOnly: true, syntheticMaxTask_ms: round(syntheticMaxTask), classes: json });
      return rows.filter((r) => r.name.startsWith('synthetic'));
    }
    rows.push({ name: 'content script bundle', median: NaN, p95: NaN, runs: 1, note: `${contentScriptBytes} bytes (.output/chrome-mv3/${CONTENT_SCRIPT_FILE})` });

    const all = json['all readability pages'] as { floor: Stats; ours: Stats; markjs: Stats; ratioOursToFloor: object; ratioMarkjsToOurs: object };
    const maxTaskAll = Math.max(...results.map((r) => Math.max(r.tasks.longTask, r.tasks.longestSlice)));
    publish('pageScan', {
      pages: real.length,
      source: shared ? '../shared/fixtures/readability-pages' : 'tests/fixtures/readability',
      floor: all.floor,
      ours: all.ours,
      markjs: all.markjs,
      ratioOursToFloor: all.ratioOursToFloor,
      ratioMarkjsToOurs: all.ratioMarkjsToOurs,
      maxTask_ms: round(maxTaskAll),
      oursCold: cold,
      matcherBuild: mb,
      firstScan,
      firstScanFloor,
      firstScanFirstLoad,
      firstScanFloorFirstLoad,
      syntheticMaxTask_ms: round(syntheticMaxTask),
      markjsPages: real.filter((r) => r.markjs !== null).length,
      classes: json,
    });
    publish('contentScript_bytes', contentScriptBytes);
    return rows;
  },
};

export default section;

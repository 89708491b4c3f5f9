/**
 * The page-scan benchmark's in-page code, bundled by bench/page-scan.ts with esbuild into one IIFE from the same
 * lib/ modules the content script is built from (collector, matcher, topic gate, highlight layer, the content
 * script's runner). It installs `window.__bsBench`; every figure is measured inside the page with
 * performance.now(), so no Playwright round trip is counted.
 */
import tableJson from '../../data/matcher-packed.json';
import sidesJson from '../../data/sides.json';
import { collectText, rangeFor, runToEnd } from '../../lib/dom/collect';
import { HighlightLayer } from '../../lib/dom/highlights';
import { MAX_HIGHLIGHTS, runOnPage } from '../../lib/content/run';
import { Matcher } from '../../lib/match/matcher';
import type { PackedTable } from '../../lib/match/packed';
import { SideCheck, type SidePatterns } from '../../lib/match/sides';
import { quickSteps } from '../../lib/content/quick';
import type { EntityType } from '../../lib/match/types';
import type { Send } from '../../lib/messages';
import { matchSteps, runSliced, scanDocument, scanSteps, zoneMentions } from '../../lib/dom/scan';
import { decide } from '../../lib/topic/gate';

// The content script's form of the matcher: precompiled, decoded into typed arrays (timed as `matcherBuild`).
const table = tableJson as unknown as PackedTable;
const ALL_TYPES = new Set<EntityType>(['person', 'organisation', 'country', 'place', 'weapon', 'agreement', 'event']);

export interface RoundResult {
  /** Whether performance.now() has its fine (5 µs) resolution: the page is cross-origin isolated. */
  isolated: boolean;
  floor: number[];
  ours: number[];
  /** The first (cold) run of each, before the JIT has seen the code on this page. */
  floorCold: number;
  oursCold: number;
  matcherBuild: number;
  chars: number;
  textNodes: number;
  onTopic: boolean;
  mentions: number;
  ranges: number;
}

export interface TaskResult {
  /** Longest task the browser reported (PerformanceObserver 'longtask', only tasks over 50 ms exist there). */
  longTask: number;
  longTasks: number;
  /**
   * Longest slice of the content script's sliced work (the quick reject, then the page script's scan and decision),
   * measured around each slice: what it runs per task.
   */
  longestSlice: number;
  slices: number;
  /**
   * Longest slice of `npm run scan`'s walk (lib/dom/scan.ts, `scanSteps`) through the same slicer. It joins the page's
   * text into one string, which the content script no longer does (lib/text/pieces.ts): not a task of a page's.
   */
  cliLongestSlice: number;
  onTopic: boolean;
}

/** The floor: walk the page's text nodes and read their text, nothing else. */
function floor(): { chars: number; nodes: number } {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let chars = 0;
  let nodes = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    chars += (n as Text).data.length;
    nodes++;
  }
  return { chars, nodes };
}

/** The full scan: collect, normalise, match, gate, and (on topic) register highlights by type. */
function scan(matcher: Matcher, layer: HighlightLayer): { onTopic: boolean; mentions: number; ranges: number } {
  const s = scanDocument(document, matcher, null);
  let ranges = 0;
  if (s.decision.onTopic) {
    const byType = new Map<EntityType, AbstractRange[]>();
    // Like the content script: the first MAX_HIGHLIGHTS mentions (document order) are highlighted.
    let shown = 0;
    for (const m of s.mentions) {
      if (m.start < 0) continue;
      if (++shown > MAX_HIGHLIGHTS) break;
      const r = rangeFor(s.page, m.start, m.end);
      if (!r) continue;
      const type = table.entities[m.entity]!.type;
      const list = byType.get(type) ?? [];
      list.push(r);
      byType.set(type, list);
    }
    ranges = layer.set(byType);
  }
  return { onTopic: s.decision.onTopic, mentions: s.mentions.length, ranges };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function rounds(n: number): RoundResult {
  let matcher!: Matcher;
  const matcherBuild = time(() => {
    matcher = new Matcher(table);
  });
  // The rules are on the page from the start (bench/page-scan.ts ships them as the manifest does).
  const layer = new HighlightLayer(document, 'background', { css: 'shipped' });
  let f = floor();
  let s = { onTopic: false, mentions: 0, ranges: 0 };
  const floorCold = time(() => {
    f = floor();
  });
  const oursCold = time(() => {
    s = scan(matcher, layer);
  });
  layer.clear();
  // Two untimed rounds more, then the timed ones (the cold figures above are reported on their own).
  for (let i = 0; i < 2; i++) {
    floor();
    scan(matcher, layer);
    layer.clear();
  }
  const out: RoundResult = { isolated: crossOriginIsolated, floor: [], ours: [], floorCold, oursCold, matcherBuild, chars: f.chars, textNodes: f.nodes, ...s };
  for (let i = 0; i < n; i++) {
    out.floor.push(time(() => floor()));
    out.ours.push(time(() => scan(matcher, layer)));
    layer.clear();
  }
  return out;
}

/** Where the scan's time goes: median milliseconds of collect, match (with word count), zones + gate. */
function breakdown(n: number): { collect: number; match: number; gate: number; all: number } {
  const matcher = new Matcher(table);
  const med = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const c: number[] = [];
  const m: number[] = [];
  const g: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    const page = collectText(document.body);
    c.push(performance.now() - t0);
    t0 = performance.now();
    const found = runToEnd(matchSteps(matcher, page.text));
    m.push(performance.now() - t0);
    t0 = performance.now();
    decide(table, zoneMentions(page, found.mentions), found.words);
    g.push(performance.now() - t0);
    t0 = performance.now();
    scanDocument(document, matcher, null);
    all.push(performance.now() - t0);
  }
  return { collect: med(c), match: med(m), gate: med(g), all: med(all) };
}

interface MarkInstance {
  mark: (keywords: string | string[], options: Record<string, unknown>) => void;
}

/** mark.js on a fresh copy of the original body each round; returns the times and the marks made. */
function markjs(keywords: string[], n: number): { times: number[]; marks: number; error: string | null } {
  const Mark = (window as unknown as { Mark: new (ctx: Element) => MarkInstance }).Mark;
  const pristine = document.body.cloneNode(true) as HTMLElement;
  const limiters = [...',.;:!?\'"“”‘’«»()[]{}-–—/…'];
  const options = { accuracy: { value: 'exactly', limiters }, separateWordSearch: false, diacritics: true, caseSensitive: false };
  const times: number[] = [];
  let marks = 0;
  for (let i = 0; i < n; i++) {
    const fresh = pristine.cloneNode(true) as HTMLElement;
    document.body.replaceWith(fresh);
    const t0 = performance.now();
    marks = 0;
    try {
      // One call per keyword: this is what mark.js does for an array, but its array path recurses once per
      // keyword and, with ~1,800 keywords, runs out of stack inside RegExp.exec.
      const instance = new Mark(fresh);
      for (const keyword of keywords) instance.mark(keyword, { ...options, done: (count: number) => (marks += count) });
    } catch (e) {
      document.body.replaceWith(pristine);
      return { times, marks, error: e instanceof Error ? e.message.slice(0, 60) : String(e) };
    }
    times.push(performance.now() - t0);
  }
  document.body.replaceWith(pristine);
  return { times, marks, error: null };
}

/**
 * The content script's own run (lib/content/run.ts: sliced collect and match, gate, highlights, sidebar) with a
 * PerformanceObserver for long tasks and every slice of its sliced work timed; before it, `npm run scan`'s walk
 * through the same slicer, timed apart.
 */
async function tasks(): Promise<TaskResult> {
  const matcher = new Matcher(table);
  let cliLongestSlice = 0;
  const scanned = await runSliced(scanSteps(document, matcher, null), () => false, 8, (ms) => {
    cliLongestSlice = Math.max(cliLongestSlice, ms);
  });
  const onTopic = scanned.decision.onTopic;
  let longestSlice = 0;
  let slices = 0;
  const onSlice = (ms: number): void => {
    longestSlice = Math.max(longestSlice, ms);
    slices++;
  };

  let longTask = 0;
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTask = Math.max(longTask, e.duration);
      longTasks++;
    }
  });
  observer.observe({ type: 'longtask' });
  // As a page load runs it: the content script's quick reject (sliced), then, where it passes, the page script.
  const passed = await runSliced(quickSteps(document, new SideCheck(sidesJson as SidePatterns)), () => false, 8, onSlice);
  const send = ((req: { type: string }) => (req.type === 'report' ? Promise.resolve(null) : new Promise(() => {}))) as unknown as Send;
  const running = runOnPage({
    doc: document,
    table,
    // As the page script runs it: the side check skipped on the first scan where the quick reject passed.
    sides: sidesJson as SidePatterns,
    sidesPassed: passed,
    send,
    frameUrl: () => 'about:blank',
    highlightStyle: 'background',
    density: 'story',
    enabledTypes: ALL_TYPES,
    sidebarOpen: false,
    site: { host: location.host, rule: null, set: () => {} },
    onSidebarOpenChange: () => {},
    onSlice,
  });
  await running.ready;
  // Let the highlights paint: the frames after the scan belong to it.
  await new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0))));
  for (const e of observer.takeRecords()) {
    longTask = Math.max(longTask, e.duration);
    longTasks++;
  }
  observer.disconnect();
  running.teardown();
  return { longTask, longTasks, longestSlice, slices, cliLongestSlice, onTopic };
}

(window as unknown as { __bsBench: unknown }).__bsBench = { rounds, markjs, tasks, breakdown };

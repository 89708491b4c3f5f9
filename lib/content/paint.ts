/**
 * Paints mentions as CSS highlights, one named highlight per entity type and one for the quiet style; which
 * mentions and in which style is the density's choice (lib/highlight/density.ts). `undo` removes them.
 *
 * A huge page is painted in batches: the mentions on screen first, then the others a batch per task, nearest the
 * screen first, so that the reader sees the names in front of them at once. A new paint or `undo` stops a batch run.
 *
 * At most PAINT_WINDOW ranges are registered at once, the ones around the screen, and the window moves as the
 * reader scrolls: a page with thousands of mentions never has thousands of ranges registered. (Wall times under load
 * first suggested the ranges made the frames after a change long; a later CPU trace of the 10 MB synthetic page
 * found those frames, 52–68 ms, to be the browser repainting the page, about the same at 300 ranges as at 1,000.
 * Chromium checks every registered highlight again and repaints the page in each frame after any change to them,
 * and with an underlined style it also recomputes the page's overflow: on the 10 MB page under load, 25 ms and 30 ms
 * of CPU for one range as for a thousand. So the rest of the window is one batch, PAINT_BATCH: a frame apiece for
 * batches of 400 made three or four such frames where one does; a window of no more than a batch is registered in
 * one task.)
 */
import { rangeFor } from '../dom/collect';
import { HighlightLayer, QUIET, QUIET_FLAT, type HighlightKey } from '../dom/highlights';
import { sectionIndexes } from '../dom/sections';
import { paintPlan, sectionKey, type Density } from '../highlight/density';
import type { HighlightStyle } from '../settings';
import type { Found } from './mentions';

/** Most ranges registered at once: the ones nearest the screen; the window follows the reader's scrolling. */
export const PAINT_WINDOW = 1000;
/** Ranges registered per task after the ones on screen: the rest of the window at once. */
export const PAINT_BATCH = PAINT_WINDOW;

export interface Painter {
  /**
   * Paints these mentions (document order), replacing what was painted: the ones on screen now, the rest in
   * batches over the next tasks. Resolves when all are registered, or when a later `paint` or `undo` stopped it.
   * `sections`: the section of each (lib/dom/sections.ts), when the caller found them already (in steps of its own).
   */
  paint: (visible: Found[], sections?: readonly number[]) => Promise<void>;
  /** Whether these are the mentions painted (or being painted) now, which `paint` keeps as they are. */
  shows: (visible: readonly Found[]) => boolean;
  undo: () => void;
}

export interface PaintOptions {
  /** Ranges per batch after the first (default PAINT_BATCH). */
  batch?: number;
  /** Where the screen is in these mentions (document order): `[first on screen, first below it)`. */
  screen?: (mentions: readonly Found[]) => [number, number];
  /** Waits for the next task (default: a zero timeout). */
  nextTask?: () => Promise<void>;
  /** Most ranges registered at once (default PAINT_WINDOW). */
  window?: number;
  /**
   * Whether the page is huge (asked at each paint): then the quiet style is a faint tint, not an underline, which
   * makes Chromium recompute the whole page's overflow in the frame after each change (QUIET_FLAT).
   */
  huge?: () => boolean;
}

interface Planned {
  f: Found;
  key: HighlightKey;
}

export function painter(doc: Document, style: HighlightStyle, density: Density, options: PaintOptions = {}): Painter {
  const batch = Math.max(1, options.batch ?? PAINT_BATCH);
  const screen = options.screen ?? ((mentions: readonly Found[]) => onScreen(doc, mentions));
  const nextTask = options.nextTask ?? (() => new Promise<void>((ok) => setTimeout(ok, 0)));
  const size = Math.max(1, options.window ?? PAINT_WINDOW);
  // Removes the scroll listener of the last paint that needed one (a window smaller than its mentions).
  let stopFollowing = (): void => {};
  // Made on the first paint: a page that is never on topic gets no layer. The rules come with the manifest.
  let layer: HighlightLayer | null = null;
  // Bumped by every paint and by undo: a batch run that sees another number stops.
  let run = 0;
  // The last paint's mentions and its run (null after undo): the same mentions again keep what is registered.
  let last: { visible: readonly Found[]; painting: Promise<void> } | null = null;

  const byKey = (plan: readonly Planned[], [from, to]: [number, number]): Map<HighlightKey, AbstractRange[]> => {
    const out = new Map<HighlightKey, AbstractRange[]>();
    for (let i = from; i < to; i++) {
      const { f, key } = plan[i]!;
      f.range ??= rangeFor(f.page, f.start, f.end);
      if (!f.range) continue;
      const list = out.get(key) ?? [];
      list.push(f.range);
      out.set(key, list);
    }
    return out;
  };

  return {
    paint: (visible, sections) => {
      // A page that keeps changing without naming anything new asks for the same mentions again (every batch of
      // mutations): repainting would take the off-screen highlights down and put them back in batches.
      if (last && sameMentions(last.visible, visible)) return last.painting;
      const painting = paintAll(visible, sections ?? sectionIndexes(doc, visible.map((f) => f.startNode)));
      last = { visible, painting };
      return painting;
    },
    shows: (visible) => last !== null && sameMentions(last.visible, visible),
    undo: () => {
      run++;
      last = null;
      stopFollowing();
      layer?.clear();
    },
  };

  async function paintAll(visible: readonly Found[], sections: readonly number[]): Promise<void> {
    const mine = ++run;
    stopFollowing();
    const current = (layer ??= new HighlightLayer(doc, style, { css: 'shipped' }));
    const quiet = options.huge?.() ? QUIET_FLAT : QUIET;
    const plan: Planned[] = paintPlan(
      visible.map((f, i) => ({ f, entity: f.entity, section: sectionKey(sections[i]!, f.zm.zone) })),
      density,
    ).map(({ mention, style: how }) => ({ f: mention.f, key: how === 'quiet' ? quiet : mention.f.entity.type }));
    const found = plan.map((p) => p.f);
    const shown = screen(found);
    let [lo, hi] = paintWindow(plan.length, shown, size);
    // A window of one batch or less is registered at once: each change is a frame of the browser repainting the page,
    // whatever the number of ranges, and the screen's span and the rest in two tasks were often two such frames.
    const [first, ...rest] =
      hi - lo <= batch ? [[lo, hi] as [number, number]] : paintOrder(hi - lo, [shown[0] - lo, shown[1] - lo], batch).map(([a, b]): [number, number] => [a + lo, b + lo]);
    if (hi - lo < plan.length) stopFollowing = follow(() => {
      // The reader scrolled: where the screen is now; a window with little left beyond it on a side is moved.
      const now = screen(found);
      const margin = Math.floor(size / 4);
      if ((now[0] - lo >= margin || lo === 0) && (hi - now[1] >= margin || hi === plan.length)) return;
      [lo, hi] = paintWindow(plan.length, now, size);
      current.set(byKey(plan, [lo, hi]));
    });
    current.set(first ? byKey(plan, first) : new Map());
    for (const span of rest) {
      await nextTask();
      if (run !== mine) return;
      current.add(byKey(plan, span));
    }
  }

  /** Calls `moved` once per task in which the page (or the window's size) scrolled; returns the undo. */
  function follow(moved: () => void): () => void {
    const view = doc.defaultView;
    if (!view) return () => {};
    let pending = false;
    let stopped = false;
    const onScroll = (): void => {
      if (pending) return;
      pending = true;
      void nextTask().then(() => {
        pending = false;
        if (!stopped) moved();
      });
    };
    view.addEventListener('scroll', onScroll, { passive: true, capture: true });
    view.addEventListener('resize', onScroll, { passive: true });
    return () => {
      stopped = true;
      view.removeEventListener('scroll', onScroll, { capture: true });
      view.removeEventListener('resize', onScroll);
    };
  }
}

/**
 * The `size` mentions of `n` to register, around the on-screen ones `[from, to)`: as many above as below where the
 * page has them, the screen's own first when they alone are more.
 *
 * @example
 * paintWindow(100, [40, 44], 10) // => [37, 47]
 */
export function paintWindow(n: number, [from, to]: [number, number], size: number): [number, number] {
  if (n <= size) return [0, n];
  const a = Math.max(0, Math.min(from, n));
  const b = Math.max(a, Math.min(to, n));
  if (b - a >= size) return [a, a + size];
  const extra = size - (b - a);
  let lo = a - Math.floor(extra / 2);
  lo = Math.max(0, Math.min(lo, n - size));
  return [lo, lo + size];
}

/** The same mentions, in the same order (the page's scan keeps a mention's object while its text stays). */
function sameMentions(a: readonly Found[], b: readonly Found[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The order of painting `n` mentions whose on-screen ones are `[from, to)`: that span first, then spans of at most
 * `batch`, alternately below and above it, nearest first. Together they cover `[0, n)` once.
 *
 * @example
 * paintOrder(10, [4, 6], 3) // => [[4, 6], [6, 9], [1, 4], [9, 10], [0, 1]]
 */
export function paintOrder(n: number, [from, to]: [number, number], batch: number): Array<[number, number]> {
  const lo = Math.max(0, Math.min(from, n));
  const hi = Math.max(lo, Math.min(to, n));
  const out: Array<[number, number]> = [];
  if (hi > lo) out.push([lo, hi]);
  let below = hi;
  let above = lo;
  while (below < n || above > 0) {
    if (below < n) {
      out.push([below, Math.min(n, below + batch)]);
      below = Math.min(n, below + batch);
    }
    if (above > 0) {
      out.push([Math.max(0, above - batch), above]);
      above = Math.max(0, above - batch);
    }
  }
  return out;
}

/**
 * Where the screen is in these mentions (document order, which is top to bottom on most pages): binary searches on
 * the layout boxes of their text's elements, about 2 × log₂ n box reads. A page laid out otherwise (columns,
 * fixed boxes) gets a rougher span; every mention is painted in the end all the same.
 */
export function onScreen(doc: Document, mentions: readonly Found[]): [number, number] {
  const view = doc.defaultView;
  const height = view?.innerHeight ?? 0;
  const box = (i: number): DOMRect | null => mentions[i]!.startNode.parentElement?.getBoundingClientRect() ?? null;
  // First mention whose box does not end above the screen, then the first that starts below it.
  const first = search(mentions.length, (i) => (box(i)?.bottom ?? 0) >= 0);
  const end = search(mentions.length, (i) => i >= first && (box(i)?.top ?? 0) > height);
  return [first, Math.max(first, end)];
}

/** The first index in [0, n) for which `ok` holds, assuming it holds from some index on (n when never). */
function search(n: number, ok: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

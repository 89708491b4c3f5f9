// @vitest-environment happy-dom
/**
 * The painter on a huge page: the mentions on screen are registered in the task that paints, the others a batch
 * per later task, nearest the screen first, until every one is; `undo` or a newer paint stops a batch run.
 * happy-dom has no CSS Custom Highlight API: a registry that records what is registered stands in for it.
 */
import { describe, expect, test } from 'vitest';
import { PageMentions, type Found } from '../../../lib/content/mentions';
import { onScreen, painter, paintOrder, paintWindow } from '../../../lib/content/paint';
import { runToEnd } from '../../../lib/dom/collect';
import { Matcher } from '../../../lib/match/matcher';
import { packTable } from '../../../lib/match/packed';
import { realMatcher, useFakeHighlights } from '../helpers';

const highlights = useFakeHighlights();

// happy-dom has no StaticRange; the painter only builds them and hands them on.
(globalThis as { StaticRange?: unknown }).StaticRange ??= class {
  constructor(init: object) {
    Object.assign(this, init);
  }
};

const matcher = new Matcher(packTable(realMatcher().table));

/** A page of `n` paragraphs naming Putin and Pezeshkian; its mentions in document order. */
function page(n: number): { doc: Document; visible: Found[] } {
  const paragraphs = Array.from({ length: n }, (_, i) => `<p id="p${i}">Putin met Pezeshkian, meeting ${i}.</p>`).join('');
  const doc = new DOMParser().parseFromString(`<html><head><title>Russia and Iran</title></head><body><article>${paragraphs}</article></body></html>`, 'text/html');
  const mentions = new PageMentions(doc, matcher, () => null);
  runToEnd(mentions.fullScan());
  return { doc, visible: mentions.ofTypes(new Set(['person'])) };
}

/** The ranges registered now, as indexes into `visible`. */
function registered(visible: Found[]): number[] {
  const out: number[] = [];
  for (const h of highlights().values()) for (const r of h) out.push(visible.findIndex((f) => f.range === r));
  return out.sort((a, b) => a - b);
}
const span = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** Tasks the painter waits for, released by the test one at a time. */
function tasks(): { nextTask: () => Promise<void>; release: () => Promise<void>; waiting: () => number } {
  const queue: Array<() => void> = [];
  return {
    nextTask: () => new Promise<void>((ok) => queue.push(ok)),
    release: async () => {
      queue.shift()?.();
      // Let the painter run up to its next wait.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    waiting: () => queue.length,
  };
}

describe('painting in batches', () => {
  test('the mentions on screen first, in the same task; then a batch per task, below and above by turns; all in the end', async () => {
    const { doc, visible } = page(30);
    expect(visible).toHaveLength(60);
    const t = tasks();
    let done = false;
    const painting = painter(doc, 'background', 'all', { batch: 10, screen: () => [24, 30], nextTask: t.nextTask })
      .paint(visible)
      .then(() => (done = true));
    expect(registered(visible)).toEqual(span(24, 30));
    await t.release();
    expect(registered(visible)).toEqual(span(24, 40));
    await t.release();
    expect(registered(visible)).toEqual(span(14, 40));
    for (let i = 0; i < 10 && t.waiting(); i++) await t.release();
    await painting;
    expect(done).toBe(true);
    expect(registered(visible)).toEqual(span(0, 60));
    // One highlight per entity type, under the background style's name.
    expect([...highlights().keys()]).toEqual(['backstory-person']);
  });

  test('a window of no more than one batch (by default, the whole window) is registered in the task that paints, at once', async () => {
    const { doc, visible } = page(30);
    const t = tasks();
    const painting = painter(doc, 'background', 'all', { batch: 60, screen: () => [24, 30], nextTask: t.nextTask }).paint(visible);
    expect(registered(visible)).toEqual(span(0, 60));
    expect(t.waiting()).toBe(0);
    await painting;
    // The default batch is the window: the window around the screen at once.
    void painter(doc, 'background', 'all', { window: 20, screen: () => [24, 30], nextTask: t.nextTask }).paint(visible);
    expect(registered(visible)).toEqual(span(17, 37));
    expect(t.waiting()).toBe(0);
  });

  test('undo while a batch run is under way: everything goes, and nothing is added afterwards', async () => {
    const { doc, visible } = page(30);
    const t = tasks();
    const paint = painter(doc, 'underline', 'all', { batch: 10, screen: () => [0, 5], nextTask: t.nextTask });
    const painting = paint.paint(visible);
    await t.release();
    expect(registered(visible)).toEqual(span(0, 15));
    expect([...highlights().keys()]).toEqual(['backstory-underline-person']);
    paint.undo();
    expect(highlights().size).toBe(0);
    while (t.waiting()) await t.release();
    await painting;
    expect(highlights().size).toBe(0);
  });

  test('a newer paint replaces a running one: the older run adds nothing more', async () => {
    const { doc, visible } = page(30);
    const t = tasks();
    const paint = painter(doc, 'background', 'all', { batch: 10, screen: () => [0, 10], nextTask: t.nextTask });
    const first = paint.paint(visible);
    const fewer = visible.slice(0, 12);
    const second = paint.paint(fewer);
    expect(registered(visible)).toEqual(span(0, 10));
    while (t.waiting()) await t.release();
    await Promise.all([first, second]);
    expect(registered(visible)).toEqual(span(0, 12));
  });

  test('the same mentions again (a page that keeps changing but names nothing new) keep every highlight registered', async () => {
    const { doc, visible } = page(30);
    const t = tasks();
    const paint = painter(doc, 'background', 'all', { batch: 10, screen: () => [0, 10], nextTask: t.nextTask });
    const first = paint.paint(visible);
    while (t.waiting()) await t.release();
    await first;
    expect(registered(visible)).toEqual(span(0, 60));
    // Repainted, the off-screen ones would go until their batches came back (a dip a reader sees as flicker).
    const again = paint.paint([...visible]);
    expect(registered(visible)).toEqual(span(0, 60));
    expect(t.waiting()).toBe(0);
    await again;
    // Another list (one mention fewer) is painted anew; after undo the same list is painted anew too.
    void paint.paint(visible.slice(0, 59));
    expect(registered(visible)).toEqual(span(0, 10));
    while (t.waiting()) await t.release();
    paint.undo();
    void paint.paint(visible.slice(0, 59));
    expect(registered(visible)).toEqual(span(0, 10));
    while (t.waiting()) await t.release();
  });
});

describe('a window of ranges that follows the screen', () => {
  test('more mentions than the window: only the window around the screen is registered, and it moves when the reader scrolls far enough', async () => {
    const { doc, visible } = page(30);
    const t = tasks();
    let at: [number, number] = [24, 30];
    const paint = painter(doc, 'background', 'all', { batch: 5, window: 20, screen: () => at, nextTask: t.nextTask });
    const painting = paint.paint(visible);
    expect(registered(visible)).toEqual(span(24, 30));
    while (t.waiting()) await t.release();
    await painting;
    // Seven above the screen, seven below: never more than the window.
    expect(registered(visible)).toEqual(span(17, 37));
    const view = doc.defaultView!;
    // A short scroll keeps the window (the screen is still well inside it): nothing registered again.
    at = [26, 32];
    view.dispatchEvent(new Event('scroll'));
    await t.release();
    expect(registered(visible)).toEqual(span(17, 37));
    // Scrolled to the end: the last mentions are registered, the window pressed against the end.
    at = [54, 60];
    view.dispatchEvent(new Event('scroll'));
    view.dispatchEvent(new Event('scroll'));
    expect(t.waiting()).toBe(1);
    await t.release();
    expect(registered(visible)).toEqual(span(40, 60));
    // A scroll inside the page (an inner scroller) counts too; back to the top.
    at = [0, 4];
    doc.getElementById('p3')!.dispatchEvent(new Event('scroll'));
    await t.release();
    expect(registered(visible)).toEqual(span(0, 20));
    // After undo, scrolling registers nothing.
    paint.undo();
    at = [54, 60];
    view.dispatchEvent(new Event('scroll'));
    expect(t.waiting()).toBe(0);
    expect(highlights().size).toBe(0);
  });

  test('a page with no more mentions than the window registers them all and does not follow scrolling', async () => {
    const { doc, visible } = page(30);
    const t = tasks();
    const painting = painter(doc, 'background', 'all', { batch: 10, window: 60, screen: () => [50, 56], nextTask: t.nextTask }).paint(visible);
    while (t.waiting()) await t.release();
    await painting;
    expect(registered(visible)).toEqual(span(0, 60));
    doc.defaultView!.dispatchEvent(new Event('scroll'));
    expect(t.waiting()).toBe(0);
  });
});

describe('paintWindow', () => {
  test('holds the screen, has the window size (or every mention), as much above as below where it can', () => {
    expect(paintWindow(100, [40, 44], 10)).toEqual([37, 47]);
    expect(paintWindow(100, [0, 4], 10)).toEqual([0, 10]);
    expect(paintWindow(100, [97, 100], 10)).toEqual([90, 100]);
    expect(paintWindow(8, [3, 4], 10)).toEqual([0, 8]);
    // More on screen than the window holds: the top of the screen first.
    expect(paintWindow(100, [20, 60], 10)).toEqual([20, 30]);
    for (const n of [11, 50]) {
      for (const [from, to] of [[0, 0], [3, 5], [n - 1, n], [n, n], [-2, 3]] as Array<[number, number]>) {
        const [lo, hi] = paintWindow(n, [from, to], 10);
        expect(hi - lo).toBe(10);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(n);
        const a = Math.max(0, Math.min(from, n));
        const b = Math.max(a, Math.min(to, n));
        expect(lo).toBeLessThanOrEqual(Math.min(a, n - 10));
        expect(hi).toBeGreaterThanOrEqual(Math.min(b, n));
      }
    }
  });
});

describe('paintOrder', () => {
  test('the screen span first, then batches nearest first, covering every mention exactly once', () => {
    expect(paintOrder(10, [4, 6], 3)).toEqual([[4, 6], [6, 9], [1, 4], [9, 10], [0, 1]]);
    for (const n of [0, 1, 7, 50]) {
      for (const [from, to] of [[0, 0], [0, 3], [2, 5], [n, n], [n - 2, n + 4], [-3, 2]] as Array<[number, number]>) {
        for (const batch of [1, 4, 100]) {
          const order = paintOrder(n, [from, to], batch);
          const covered = order.flatMap(([a, b]) => span(a, b));
          expect(covered.sort((a, b) => a - b)).toEqual(span(0, n));
          for (const [a, b] of order.slice(1)) expect(b - a).toBeLessThanOrEqual(batch);
          const lo = Math.max(0, Math.min(from, n));
          const hi = Math.max(lo, Math.min(to, n));
          if (hi > lo) expect(order[0]).toEqual([lo, hi]);
        }
      }
    }
  });
});

describe('onScreen', () => {
  test('finds the mentions whose text is on screen from the layout boxes of a page scrolled down', () => {
    const { doc, visible } = page(50);
    const height = doc.defaultView!.innerHeight;
    // Paragraph i is laid out at i × 100 px; the page is scrolled down by 1,050 px.
    for (let i = 0; i < 50; i++) {
      const top = i * 100 - 1050;
      doc.getElementById(`p${i}`)!.getBoundingClientRect = () => ({ top, bottom: top + 100, left: 0, right: 800, width: 800, height: 100, x: 0, y: top, toJSON: () => ({}) });
    }
    const [from, to] = onScreen(doc, visible);
    // Paragraph 9 ends at -50 (above the screen), 10 is the first on it; the first below starts after `height`.
    const firstBelow = Math.floor((height + 1050) / 100) + 1;
    expect([from, to]).toEqual([2 * 10, 2 * firstBelow]);
  });
});

describe('the quiet style on a huge page', () => {
  test('is the flat tint, under its own name, for the same mentions as the underline on any other page', async () => {
    // Russia and Iran are common names: quiet at their first mention in a section (lib/highlight/density.ts).
    const html = '<h2>Talks</h2><p>Putin met Pezeshkian in Russia; Iran and Russia signed.</p><h2>Later</h2><p>Russia and Iran met again.</p>';
    const doc = new DOMParser().parseFromString(`<html><head><title>Russia and Iran</title></head><body><article>${html}</article></body></html>`, 'text/html');
    const mentions = new PageMentions(doc, matcher, () => null);
    runToEnd(mentions.fullScan());
    const visible = mentions.ofTypes(new Set(['person', 'country']));
    const quietOn = async (huge: boolean): Promise<Map<string, number>> => {
      const p = painter(doc, 'background', 'story', { huge: () => huge });
      await p.paint(visible);
      const sizes = new Map([...highlights()].map(([name, ranges]) => [name, ranges.size]));
      p.undo();
      return sizes;
    };
    const normal = await quietOn(false);
    const huge = await quietOn(true);
    expect(normal.get('backstory-quiet')).toBe(4);
    expect(normal.has('backstory-quiet-flat')).toBe(false);
    expect(huge.has('backstory-quiet')).toBe(false);
    expect(huge.get('backstory-quiet-flat')).toBe(normal.get('backstory-quiet'));
    expect(huge.get('backstory-person')).toBe(normal.get('backstory-person'));
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { outermost, PageWatcher } from '../../../lib/content/watch';

beforeEach(() => {
  document.body.innerHTML = '<main id="app"></main>';
});
afterEach(() => vi.useRealTimers());

const app = (): HTMLElement => document.getElementById('app')!;
/** Lets the MutationObserver deliver its records (microtasks) and advances the fake clock. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('PageWatcher', () => {
  test('added text is handed over once per interval, outermost subtrees only', async () => {
    vi.useFakeTimers();
    const batches: Node[][] = [];
    const w = new PageWatcher(document.body, { intervalMs: 100, maxIntervalMs: 1000, backoffAfter: 5, maxRoots: 50, url: () => 'u', onBatch: async (roots) => void batches.push(roots) });
    w.start();
    const div = document.createElement('div');
    div.innerHTML = '<p>Putin</p><p>Raisi</p>';
    app().append(div);
    app().append(document.createTextNode('Tehran'));
    await advance(50);
    expect(batches).toHaveLength(0);
    await advance(100);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((n) => n.textContent)).toEqual(['PutinRaisi', 'Tehran']);
    w.stop();
  });

  test('a page that mutates without end gets longer and longer intervals, up to the cap', async () => {
    vi.useFakeTimers();
    let batches = 0;
    const w = new PageWatcher(document.body, { intervalMs: 100, maxIntervalMs: 800, backoffAfter: 2, maxRoots: 50, url: () => 'u', onBatch: async () => void batches++ });
    w.start();
    const clock = document.createElement('p');
    app().append(clock);
    const tick = setInterval(() => {
      clock.textContent = String(Date.now());
    }, 5);
    await advance(10_000);
    clearInterval(tick);
    w.stop();
    expect(w.stats.intervalMs).toBe(800);
    // Without back-off it would be 100 batches in 10 s; with it, a few at 100, 200, 400 ms, then one per 800 ms.
    expect(w.stats.batches).toBeLessThan(20);
    expect(w.stats.batches).toBeGreaterThan(5);
    // Every batch still gets the clock's current text (the budget keeps the newest node, not stale ones).
    expect(batches).toBe(w.stats.batches);
  });

  test('a batch holds at most maxRoots subtrees; the rest are counted as dropped', async () => {
    vi.useFakeTimers();
    const sizes: number[] = [];
    const w = new PageWatcher(document.body, { intervalMs: 100, maxIntervalMs: 100, backoffAfter: 5, maxRoots: 3, url: () => 'u', onBatch: async (roots) => void sizes.push(roots.length) });
    w.start();
    for (let i = 0; i < 10; i++) app().append(document.createElement('p'));
    await advance(150);
    expect(sizes).toEqual([3]);
    expect(w.stats.dropped).toBe(7);
    w.stop();
  });

  test('a URL change (SPA navigation) is reported; nothing happens after stop', async () => {
    vi.useFakeTimers();
    let url = '/a';
    const seen: boolean[] = [];
    const w = new PageWatcher(document.body, { intervalMs: 100, maxIntervalMs: 100, backoffAfter: 5, maxRoots: 5, url: () => url, onBatch: async (_r, changed) => void seen.push(changed) });
    w.start();
    url = '/b';
    app().append(document.createElement('p'));
    await advance(150);
    expect(seen).toEqual([true]);
    w.stop();
    app().append(document.createElement('p'));
    await advance(500);
    expect(seen).toEqual([true]);
  });

  test('outermost drops nodes inside others of the list', () => {
    document.body.innerHTML = '<div id="a"><p id="b">x</p></div><p id="c"></p>';
    const [a, b, c] = ['a', 'b', 'c'].map((id) => document.getElementById(id)!);
    expect(outermost([b!, a!, c!])).toEqual([a, c]);
  });
});

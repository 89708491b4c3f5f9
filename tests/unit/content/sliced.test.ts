// @vitest-environment happy-dom
/**
 * The content script's scan in short tasks: `runSliced` yields to the event loop and stops with `Cancelled`;
 * `runOnPage` (what the content script runs on a page) reports what `npm run scan` reports, draws and reports
 * nothing once torn down mid-scan, and lets a failure reject `ready` instead of passing for a cancellation.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { runOnPage, type RunOptions } from '../../../lib/content/run';
import type { MatcherTable } from '../../../lib/match/types';
import type { PageReport } from '../../../lib/messages';
import { afterFrame, Cancelled, endOfTask, nextTask, runSliced } from '../../../lib/dom/scan';
import { PageWatcher } from '../../../lib/content/watch';
import { HOST_TAG } from '../../../lib/ui/shadow';
import { ROOT, useFakeHighlights } from '../helpers';

/** A walk of `n` steps, each busy for `ms` milliseconds; `done` counts the steps taken. */
function* busy(n: number, ms: number, done: { steps: number }): Generator<void, string, void> {
  for (let i = 0; i < n; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    done.steps++;
    yield;
  }
  return 'finished';
}

describe('runSliced', () => {
  test('runs the walk in slices of about the budget, letting other tasks run between them', async () => {
    const done = { steps: 0 };
    const slices: number[] = [];
    let stepsWhenOtherTaskRan = -1;
    setTimeout(() => (stepsWhenOtherTaskRan = done.steps), 0);
    expect(await runSliced(busy(40, 1, done), () => false, 8, (ms) => slices.push(ms))).toBe('finished');
    expect(done.steps).toBe(40);
    // 40 ms of work in slices of about 8 ms: several slices, and a task queued at the start ran in between.
    expect(slices.length).toBeGreaterThanOrEqual(3);
    expect(stepsWhenOtherTaskRan).toBeGreaterThan(0);
    expect(stepsWhenOtherTaskRan).toBeLessThan(40);
  });

  test('walks run one after the other in one task share its budget; a walk in a later task has a budget of its own', async () => {
    /** Busy for each of `ms` in turn, yielding between two (not after the last: the walk ends with it). */
    function* work(ms: number[]): Generator<void, void, void> {
      for (const [i, m] of ms.entries()) {
        if (i > 0) yield;
        const until = performance.now() + m;
        while (performance.now() < until);
      }
    }
    // Any earlier sliced work's task is over.
    await nextTask();
    await nextTask();
    const second: number[] = [];
    // A walk of 6 ms (no step to yield after), then, in the same task (awaited: a microtask), one of two steps of
    // 3 ms: the task has used its 8 ms by the end of the first of them, so that walk yields between the two (with a
    // budget of its own, it ran its 6 ms in one slice).
    await runSliced(work([6]), () => false, 8);
    await runSliced(work([3, 3]), () => false, 8, (ms) => second.push(ms));
    expect(second.length, `slices ${JSON.stringify(second)}`).toBe(2);
    // 60 ms later, in another task, a walk of 2 ms under a 50 ms budget runs in one slice: the clock is this task's,
    // not the one of the walks above.
    await new Promise((ok) => setTimeout(ok, 60));
    const later: number[] = [];
    await runSliced(work([1, 1]), () => false, 50, (ms) => later.push(ms));
    expect(later.length, `slices ${JSON.stringify(later)}`).toBe(1);
  });

  test('stops with Cancelled between two slices once cancelled() says so, without finishing the walk', async () => {
    const done = { steps: 0 };
    let cancel = false;
    setTimeout(() => (cancel = true), 0);
    await expect(runSliced(busy(200, 1, done), () => cancel, 4)).rejects.toBeInstanceOf(Cancelled);
    expect(done.steps).toBeGreaterThan(0);
    expect(done.steps).toBeLessThan(200);
  });

  test('yields with a message, not with a (clamped) timer, and never with scheduler.yield() (it starves the page)', async () => {
    const yields = vi.fn(() => Promise.resolve());
    (globalThis as { scheduler?: unknown }).scheduler = { yield: yields };
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const done = { steps: 0 };
      const slices: number[] = [];
      expect(await runSliced(busy(30, 1, done), () => false, 4, (ms) => slices.push(ms))).toBe('finished');
      expect(slices.length).toBeGreaterThanOrEqual(3);
      expect(yields).not.toHaveBeenCalled();
      // The only timers are the slicing clock's, set to forget a task's start once it has ended: none yields.
      expect(timers.mock.calls.every(([fn]) => fn === endOfTask)).toBe(true);
      expect(timers.mock.calls.length).toBeLessThanOrEqual(slices.length);
    } finally {
      timers.mockRestore();
      delete (globalThis as { scheduler?: unknown }).scheduler;
    }
  });

  test('a new task comes from a MessageChannel message: after queued microtasks, with no timer', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const order: string[] = [];
    const task = nextTask().then(() => order.push('task'));
    queueMicrotask(() => order.push('microtask'));
    await task;
    expect(order).toEqual(['microtask', 'task']);
    expect(timers).not.toHaveBeenCalled();
    timers.mockRestore();
  });

  test('an error inside the walk rejects with that error, not with Cancelled', async () => {
    function* failing(): Generator<void, void, void> {
      yield;
      throw new Error('broken page');
    }
    await expect(runSliced(failing(), () => false)).rejects.toThrow('broken page');
  });
});

// happy-dom has no StaticRange; the content script only builds them (as Chromium does) and hands them on.
(globalThis as { StaticRange?: unknown }).StaticRange ??= class {
  constructor(init: object) {
    Object.assign(this, init);
  }
};

const table = JSON.parse(readFileSync(join(ROOT, 'data/matcher.json'), 'utf8')) as MatcherTable;
const highlights = useFakeHighlights();
const FILE = join(ROOT, 'tests/fixtures/pages/on-fr.html');

/** Runs the content script's page run on `html`; `reports` collects what it tells the background. */
function run(html: string, change: Partial<RunOptions> = {}): { running: ReturnType<typeof runOnPage>; reports: PageReport[]; doc: Document } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const reports: PageReport[] = [];
  const send = (async (req: { type: string; report?: PageReport }) => {
    if (req.type === 'report') reports.push(req.report!);
    return { ok: true };
  }) as RunOptions['send'];
  const running = runOnPage({
    doc,
    table,
    send,
    frameUrl: (token) => `sidebar.html#${token}`,
    highlightStyle: 'background',
    density: 'story',
    enabledTypes: new Set(table.entities.map((e) => e.type)),
    sidebarOpen: false,
    onSidebarOpenChange: () => {},
    site: { host: 'localhost', rule: null, set: () => {} },
    ...change,
  });
  return { running, reports, doc };
}

describe('afterFrame', () => {
  test('resolves in a task after the next frame, or after its timeout where no frame comes (a hidden tab)', async () => {
    const frames: FrameRequestCallback[] = [];
    const view = { requestAnimationFrame: (cb: FrameRequestCallback) => frames.push(cb), cancelAnimationFrame: vi.fn() };
    let done = false;
    const waiting = afterFrame({ defaultView: view } as unknown as Document, 60_000).then(() => (done = true));
    await nextTask();
    expect(done).toBe(false);
    expect(frames).toHaveLength(1);
    // The frame: what comes next runs in a task after it, not inside it.
    frames[0]!(0);
    await Promise.resolve();
    expect(done).toBe(false);
    await waiting;
    expect(done).toBe(true);
    // No frame ever: the timeout resolves it, and the frame request is withdrawn.
    const hidden = { requestAnimationFrame: () => 1, cancelAnimationFrame: vi.fn() };
    await afterFrame({ defaultView: hidden } as unknown as Document, 5);
    expect(hidden.cancelAnimationFrame).toHaveBeenCalledWith(1);
  });
});

describe('runOnPage, the content script on a page', () => {
  test('reports what `npm run scan --json` reports for the same file', async () => {
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/scan-cmd.ts'), FILE, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const [fromCli] = JSON.parse(cli.stdout) as Array<{ onTopic: boolean; mentions: Array<{ entityId: string }> }>;
    const { running, reports } = run(readFileSync(FILE, 'utf8'));
    await running.ready;
    expect(fromCli!.onTopic).toBe(true);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.onTopic).toBe(true);
    expect(reports[0]!.mentionCount).toBe(fromCli!.mentions.length);
    expect([...reports[0]!.entityIds].sort()).toEqual([...new Set(fromCli!.mentions.map((m) => m.entityId))].sort());
    running.teardown();
  }, 120_000);

  test('torn down while its scan runs: no report, no decision, nothing added to the page', async () => {
    const para = `<p>Putin met Pezeshkian in Tehran. ${'Words about the harvest and the weather. '.repeat(30)}</p>`;
    const { running, reports, doc } = run(`<!doctype html><html><head><title>Russia and Iran</title></head><body><article>${para.repeat(600)}</article></body></html>`);
    const before = doc.documentElement.outerHTML;
    await new Promise((ok) => setTimeout(ok, 0)); // the first slice has run: the scan is under way
    running.teardown();
    await running.ready;
    // The scan stopped: nothing was decided, reported or drawn, then or later.
    await new Promise((ok) => setTimeout(ok, 50));
    expect(running.decision()).toBeNull();
    expect(reports).toEqual([]);
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  test('a scan that fails rejects ready with its error (the content script then tears down), and reports nothing', async () => {
    const { running, reports } = run('<!doctype html><html><body><p>Putin met Pezeshkian in Tehran.</p></body></html>', {
      table: { ...table, entities: null as unknown as MatcherTable['entities'] },
    });
    await expect(running.ready).rejects.not.toBeInstanceOf(Cancelled);
    expect(reports).toEqual([]);
    running.teardown();
  });
});

describe('runOnPage on a page with many mentions: what it shows, in short tasks, one change at a time', () => {
  const article = (paragraphs: number): string =>
    `<!doctype html><html><head><title>Russia and Iran</title></head><body><article><h1>Putin and Pezeshkian</h1>${'<p>Putin met Pezeshkian in Tehran.</p>'.repeat(paragraphs)}</article></body></html>`;
  /** Waits, task after task, until `ok()` holds. */
  async function until(ok: () => boolean): Promise<void> {
    for (let i = 0; i < 2000 && !ok(); i++) await new Promise((done) => setTimeout(done, 1));
    expect(ok()).toBe(true);
  }
  const registered = (): number => [...highlights().values()].reduce((n, h) => n + h.size, 0);

  test('the tab is drawn first, then every highlight of the window is registered; ready and the report come after', async () => {
    const { running, reports, doc } = run(article(150), { paint: { batch: 10, window: 60, screen: () => [0, 5] } });
    const registry = highlights();
    let tabFirst: boolean | null = null;
    const set = registry.set.bind(registry);
    registry.set = (name, h) => {
      tabFirst ??= doc.querySelector(HOST_TAG) !== null;
      return set(name, h);
    };
    await running.ready;
    expect(tabFirst).toBe(true);
    expect(registered()).toBe(60);
    expect(reports).toHaveLength(1);
    // Every mention is counted (h1 and 150 paragraphs of three), though only the window's are registered.
    expect(reports[0]!.mentionCount).toBe(2 + 3 * 150);
    running.teardown();
    expect(registered()).toBe(0);
  });

  test('text the watcher sees while the first scan is still being shown waits for it: then it is scanned and shown', async () => {
    // The painter's later batches wait for tasks the test releases: the first apply is held half-way.
    const held: Array<() => void> = [];
    const release = (): void => held.shift()?.();
    const flush = vi.spyOn(PageWatcher.prototype as unknown as { flush: () => Promise<void> }, 'flush');
    try {
      const { running, reports, doc } = run(article(30), {
        paint: { batch: 10, screen: () => [0, 5], nextTask: () => new Promise<void>((ok) => held.push(ok)) },
        watch: { intervalMs: 1, maxIntervalMs: 1 },
      });
      await until(() => held.length > 0);
      const first = running.decision();
      expect(first?.onTopic).toBe(true);
      const p = doc.createElement('p');
      p.textContent = 'Lavrov and Araghchi met in Moscow.';
      doc.querySelector('article')!.append(p);
      // The watcher hands its batch over; it waits: nothing decided again, nothing reported yet.
      await until(() => flush.mock.calls.length > 0);
      for (let i = 0; i < 5; i++) await nextTask();
      expect(running.decision()).toBe(first);
      expect(reports).toEqual([]);
      // The first apply finishes, then the batch is scanned and shown.
      await until(() => (release(), reports.length === 2));
      await running.ready;
      expect(reports[0]!.mentionCount).toBe(2 + 3 * 30);
      expect(reports[1]!.mentionCount).toBe(2 + 3 * 30 + 3);
      expect(reports[1]!.entityIds).toContain('person:sergey-lavrov');
      expect(running.decision()).not.toBe(first);
      running.teardown();
    } finally {
      flush.mockRestore();
    }
  });
});

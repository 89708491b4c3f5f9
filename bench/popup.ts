/**
 * Popup "open → first results" in real Chromium: the built extension's popup.html?q=putin opened in a tab; the
 * time is performance.now() (from navigation start) when the first result element appears, seen by a
 * MutationObserver installed before any of the page's scripts run. Budget: 50 ms.
 */
import type { Extension } from '../tests/e2e/harness';
import { withExtension } from './lib/chromium';
import { summarize, type Row, type Section } from './lib/section';

const OBSERVER = `(() => {
  const seen = () => {
    if (globalThis.__bsFirstResult === undefined && document.querySelector('[data-testid=result]')) {
      globalThis.__bsFirstResult = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface Open {
  /** performance.now() when the first result appeared. */
  first: number;
  /** DOMContentLoaded: the page and its scripts have loaded and run (the app has rendered once). */
  ready: number;
}

async function openOnce(ext: Extension, query: string): Promise<Open> {
  const page = await ext.context.newPage();
  try {
    await page.addInitScript(OBSERVER);
    await page.goto(`chrome-extension://${ext.id}/popup.html?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => (globalThis as { __bsFirstResult?: number }).__bsFirstResult !== undefined, undefined, { timeout: 30_000 });
    return await page.evaluate(() => ({
      first: (globalThis as unknown as { __bsFirstResult: number }).__bsFirstResult,
      ready: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
    }));
  } finally {
    await page.close();
  }
}

/** Stops the extension's service worker, so the next open pays for starting it and loading the index. */
async function stopWorker(ext: Extension): Promise<boolean> {
  const page = await ext.context.newPage();
  try {
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    return true;
  } catch {
    return false;
  } finally {
    await page.close();
  }
}

const section: Section = {
  id: 'popup',
  title: 'Popup: open → first results, real Chromium (popup.html?q=putin)',
  run: async ({ quick, log }) =>
    withExtension(log, async (ext): Promise<Row[]> => {
      const runs = quick ? 3 : 15;
      const first = await openOnce(ext, 'putin');
      const warm: Open[] = [];
      for (let i = 0; i < runs; i++) warm.push(await openOnce(ext, 'putin'));
      const rows: Row[] = [
        summarize('first open after launch', [first.first], { note: 'worker just started' }),
        summarize('open with a running worker', warm.map((o) => o.first), { budget: 50 }),
        summarize('  of which: page loaded (DOMContentLoaded)', warm.map((o) => o.ready), { note: 'HTML, scripts, first render' }),
        summarize('  of which: search sent → first result', warm.map((o) => o.first - o.ready), { note: 'messaging, query, render' }),
      ];
      const cold: number[] = [];
      for (let i = 0; i < (quick ? 2 : 5); i++) {
        if (!(await stopWorker(ext))) break;
        cold.push((await openOnce(ext, 'putin')).first);
      }
      if (cold.length) rows.push(summarize('open with a stopped worker', cold, { note: 'worker restart + index load' }));
      return rows;
    }),
};

export default section;

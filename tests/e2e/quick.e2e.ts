/**
 * The quick reject end to end (lib/content/quick.ts): every page parses only the small content script; the page
 * script (matcher, highlights, tab) is injected by the background into a page that may be on topic, at load or
 * when text added later names both sides. Which scripts a page parsed is read from the DevTools protocol
 * (Debugger.scriptParsed, content scripts included), so the test sees what the browser ran.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { gotoAndReport, highlightCounts, seedPage, useSession, type Route } from './harness';

const html = (body: string): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notes</title></head><body>${body}</body></html>`;

const routes: Route[] = [
  (req, res) => {
    const pages: Record<string, string> = {
      // Names one side only: the quick reject leaves it.
      '/one-side': html('<main id="app"><h1>Moscow in winter</h1><p>Putin opened the new metro line in Moscow on Tuesday.</p></main>'),
      '/seed': seedPage(1),
    };
    const body = pages[req.url ?? ''];
    if (body === undefined) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
    return true;
  },
];

const session = useSession(routes);

/** Opens `path` in a new tab that records the extension scripts it parses; waits for the page's report. */
async function open(path: string): Promise<{ page: Page; scripts: () => string[] }> {
  const page = await session.ext.context.newPage();
  const cdp = await session.ext.context.newCDPSession(page);
  const urls: string[] = [];
  cdp.on('Debugger.scriptParsed', (e: { url: string }) => {
    const m = /^chrome-extension:\/\/[^/]+(\/.*)$/.exec(e.url);
    if (m) urls.push(m[1]!);
  });
  await cdp.send('Debugger.enable');
  await gotoAndReport(session.ext, page, `${session.server.url}${path}`);
  return { page, scripts: () => [...urls] };
}

describe('the quick reject', () => {
  test('a page naming one side: the content script only, no page script, no highlight layer, no host', async () => {
    const { page, scripts } = await open('/one-side');
    await expect.poll(scripts).toContain('/content-scripts/content.js');
    expect(scripts()).not.toContain('/content-scripts/page.js');
    expect(await page.evaluate(() => CSS.highlights.size)).toBe(0);
    expect(await page.locator('backstory-root').count()).toBe(0);
    await page.close();
  });

  test('an on-topic page: the page script is injected, highlights and the tab follow', async () => {
    const { page, scripts } = await open('/seed');
    await expect.poll(scripts, { timeout: 30_000 }).toContain('/content-scripts/page.js');
    await expect.poll(async () => Object.keys(await highlightCounts(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('tab').count(), { timeout: 30_000 }).toBe(1);
    await page.close();
  });

  test('a page that names the other side later (text added): the page script is injected then, and highlights', async () => {
    const { page, scripts } = await open('/one-side');
    await expect.poll(scripts).toContain('/content-scripts/content.js');
    expect(scripts()).not.toContain('/content-scripts/page.js');
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Later that day Putin met Pezeshkian in Tehran; Russia and Iran signed the partnership treaty, and Tehran and Moscow praised the Comprehensive Strategic Partnership Treaty between Russia and Iran.';
      document.getElementById('app')!.append(p);
    });
    await expect.poll(scripts, { timeout: 30_000 }).toContain('/content-scripts/page.js');
    await expect.poll(async () => Object.keys(await highlightCounts(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.close();
  });
});

/**
 * The page side end to end, in real Chromium with the built extension: highlights and sidebar on an on-topic
 * article, hover and click, next/previous, the keyboard command path, and pages that must stay untouched
 * (off-topic, readability), plus the hard cases: strict CSP, a same-origin iframe, an SPA, a page that mutates
 * without end and a huge page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadContext, scanHtml } from '../../lib/cli/scan-files';
import { MAX_HIGHLIGHTS } from '../../lib/content/run';
import { expectedSeedScan, expectedSidebar, offTopicPaths, rangeCentreInPage, readabilityPaths } from './fixtures';
import { ROOT, FIXTURES, bodyBeforeAndAfter, highlightCounts, seedPage, waitForReport, type Route, launchExtension, useSession } from './harness';

const html = (body: string, head = ''): string => `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const article = (n: number): string => readFileSync(join(FIXTURES, 'pages', `on-${['fr', 'es', 'ru', 'fa', 'de'][n]}.html`), 'utf8');

const routes: Route[] = [
  (req, res) => {
    if (req.url !== '/csp') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'none'; script-src 'none'" });
    res.end(seedPage(1));
    return true;
  },
  (req, res) => {
    if (req.url !== '/frame-host') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html('<h1>Weekly recipes</h1><p>A soup, a salad and a cake.</p><iframe src="/pages/on-de.html" width="900" height="600" title="embedded article"></iframe>'));
    return true;
  },
  (req, res) => {
    if (req.url !== '/spa' && req.url !== '/spa/article') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html('<main id="app"><h1>Garden diary</h1><p>The tomatoes are finally ripening and the beans need support.</p></main>', '<title>SPA</title>'));
    return true;
  },
  (req, res) => {
    if (req.url !== '/huge') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    // 20,000 paragraphs × 10 text nodes = 200,000 text nodes, about 10 MB of text.
    const filler = 'x'.repeat(52);
    const para = `<p>Putin met Pezeshkian in Tehran. <b>${filler}</b> ${filler} <i>${filler}</i> ${filler} <b>${filler}</b> ${filler} <i>${filler}</i> ${filler} <b>${filler}</b></p>`;
    res.end(html(`<article><h1>Russia and Iran: the long partnership</h1>${para.repeat(20_000)}</article>`, '<title>Huge</title>'));
    return true;
  },
];

const session = useSession(routes);

async function open(url: string): Promise<Page> {
  const page = await session.ext.context.newPage();
  // Captured pages reference scripts and images on other hosts: refuse those at once instead of waiting.
  await page.route((u) => !u.href.startsWith(session.server.url), (route) => route.abort());
  // Captured pages reference resources on hosts that do not answer here: do not wait for their load event.
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

/** Opens the sidebar: the extension remembers per site whether it was left open, so it may be open already. */
async function openSidebar(page: Page): Promise<void> {
  await page.locator('[data-testid="tab"], [data-testid="sidebar"]').first().waitFor();
  if (await page.getByTestId('tab').count()) await page.getByTestId('tab').click();
  await page.getByTestId('sidebar').waitFor();
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** The viewport centre of the first highlighted range whose text is one of `texts` (scrolled into view). */
async function rangeCentre(page: Page, texts: string[]): Promise<{ x: number; y: number; text: string }> {
  return page.evaluate(rangeCentreInPage, texts);
}

describe('an on-topic article', () => {
  test('highlights exactly the scanned mentions; the sidebar lists the index facts for them', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await open(url);
    const report = await waitForReport(session.ext, url);
    const expected = expectedSeedScan(1);
    expect(report.onTopic).toBe(true);
    // Painted at the default density (lib/highlight/density.ts); the count and the gate see every mention.
    await expect.poll(async () => total(await highlightCounts(page))).toBe(expected.painted.length);
    expect(report.mentionCount).toBe(expected.mentions.length);

    await openSidebar(page);
    await page.getByRole('complementary', { name: 'Backstory: background to this article' }).waitFor();
    await expect.poll(() => page.getByTestId('loading').count()).toBe(0);
    // What the sidebar must show, from the index itself (events and claims appear as the index grows).
    const want = expectedSidebar(expected);
    expect(want.entityIds.length).toBeGreaterThan(5);
    expect(await page.getByTestId('entity').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(want.entityIds);
    expect(await page.getByTestId('event').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(want.eventIds);
    expect(await page.getByTestId('claim').count()).toBe(want.claimCount);
    expect(await page.getByTestId('entity').first().textContent()).toBeTruthy();
    await page.close();
  });

  test('hovering a highlight shows the card; clicking it opens the sidebar focused on that entity', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await open(url);
    await waitForReport(session.ext, url);
    await expect.poll(async () => total(await highlightCounts(page))).toBeGreaterThan(0);
    const at = await rangeCentre(page, ['Putin', 'Vladimir Putin', 'Putin’s']);
    await page.mouse.move(at.x, at.y);
    const card = page.getByTestId('hover-card');
    await card.waitFor();
    expect(await card.getAttribute('data-entity')).toBe('person:vladimir-putin');
    await expect.poll(() => page.getByTestId('card-counts').textContent()).toMatch(/Before: \d+ events, \d+ claims on record/);

    await page.mouse.click(at.x, at.y);
    await page.getByTestId('sidebar').waitFor();
    await expect.poll(() => page.getByTestId('entity').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['person:vladimir-putin']);
    expect(await page.getByTestId('sidebar').textContent()).toContain('Showing only: Vladimir Putin');
    await page.close();
  });

  test('next and previous mention move the page selection through the mentions in order', async () => {
    const url = `${session.server.url}/seed/2`;
    const page = await open(url);
    await waitForReport(session.ext, url);
    const expected = expectedSeedScan(2).mentions;
    await openSidebar(page);
    const selected = (): Promise<string> => page.evaluate(() => document.getSelection()?.toString() ?? '');
    await page.getByTestId('next-mention').click();
    await expect.poll(selected).toBe(expected[0]!.text);
    await page.getByTestId('next-mention').click();
    await expect.poll(selected).toBe(expected[1]!.text);
    await page.getByTestId('prev-mention').click();
    await expect.poll(selected).toBe(expected[0]!.text);
    await page.close();
  });

  test('the keyboard command toggles the sidebar (command handler invoked through the service worker)', async () => {
    // Headless Chromium cannot press extension shortcuts: the test checks the declared command and then runs
    // the background's own onCommand handler, which messages the active tab as a key press would.
    const commands = await session.ext.worker.evaluate(() => (globalThis as unknown as { chrome: { commands: { getAll: () => Promise<Array<{ name: string; shortcut?: string }>> } } }).chrome.commands.getAll());
    expect(commands.map((c) => c.name)).toContain('toggle-sidebar');
    const url = `${session.server.url}/seed/3`;
    const page = await open(url);
    await waitForReport(session.ext, url);
    await openSidebar(page);
    await page.bringToFront();
    const toggle = (): Promise<void> => session.ext.worker.evaluate(() => (globalThis as unknown as { backstoryHandleCommand: (n: string) => Promise<void> }).backstoryHandleCommand('toggle-sidebar'));
    await toggle();
    await page.getByTestId('tab').waitFor();
    expect(await page.getByTestId('sidebar').count()).toBe(0);
    await toggle();
    await page.getByTestId('sidebar').waitFor();
    expect(await page.getByTestId('tab').count()).toBe(0);
    await page.close();
  });
});

describe('pages that must stay untouched', () => {
  const offTopic = offTopicPaths();
  const readability = readabilityPaths();

  test.each([...offTopic])('%s: not on topic, no highlight, no host, identical DOM', async (path) => {
    const url = `${session.server.url}${path}`;
    const page = await open(url);
    const report = await waitForReport(session.ext, url);
    expect(report.onTopic).toBe(false);
    expect(await highlightCounts(page)).toEqual({});
    expect(await page.locator('backstory-root').count()).toBe(0);
    const { before, after } = await bodyBeforeAndAfter(page);
    expect(after).toBe(before);
    await page.close();
  });

  test('readability pages naming Russia or Iran in passing get nothing', async () => {
    for (const path of readability) {
      const url = `${session.server.url}${path}`;
      const page = await open(url);
      const report = await waitForReport(session.ext, url);
      expect(report.onTopic, path).toBe(false);
      expect(await highlightCounts(page), path).toEqual({});
      expect(await page.locator('backstory-root').count(), path).toBe(0);
      await page.close();
    }
  });
});

describe('hard pages', () => {
  test('strict CSP (style-src and script-src none): the sidebar is still styled', async () => {
    const url = `${session.server.url}/csp`;
    const page = await open(url);
    expect((await waitForReport(session.ext, url)).onTopic).toBe(true);
    await openSidebar(page);
    const panel = page.getByTestId('sidebar');
    const style = await panel.evaluate((el) => ({ position: getComputedStyle(el).position, width: el.getBoundingClientRect().width, border: getComputedStyle(el).borderLeftStyle }));
    expect(style).toEqual({ position: 'fixed', width: 400, border: 'solid' });
    expect(total(await highlightCounts(page))).toBeGreaterThan(0);
    await page.close();
  });

  test('a same-origin iframe holding an article gets highlights inside the frame; the host page gets nothing', async () => {
    const page = await open(`${session.server.url}/frame-host`);
    await expect.poll(() => page.frame({ url: /on-de\.html$/ }) !== null, { timeout: 20_000 }).toBe(true);
    const frame = page.frame({ url: /on-de\.html$/ });
    const expected = scanHtml('on-de', article(4), loadContext());
    await expect.poll(async () => total(await frame!.evaluate(() => Object.fromEntries([...CSS.highlights].filter(([n]) => n.startsWith('backstory-')).map(([n, h]) => [n, h.size])))), { timeout: 20_000 }).toBe(expected.painted.length);
    expect(await frame!.locator('backstory-root').count()).toBe(1);
    expect(await highlightCounts(page)).toEqual({});
    expect(await page.locator('backstory-root').count()).toBe(0);
    await page.close();
  });

  test('an SPA that navigates to an article, grows by infinite scroll and mutates without end', async () => {
    const url = `${session.server.url}/spa`;
    const page = await open(url);
    expect((await waitForReport(session.ext, url)).onTopic).toBe(false);
    expect(await page.locator('backstory-root').count()).toBe(0);
    // SPA navigation: new URL, the content replaced by an on-topic article.
    const source = article(4);
    await page.evaluate((src) => {
      const parsed = new DOMParser().parseFromString(src, 'text/html');
      history.pushState({}, '', '/spa/article');
      document.getElementById('app')!.replaceChildren(...[...parsed.querySelector('article')!.childNodes].map((n) => document.importNode(n, true)));
    }, source);
    await expect.poll(async () => total(await highlightCounts(page)), { timeout: 20_000 }).toBeGreaterThan(10);
    // Story names are painted at every mention; the common ones (Tehran, Moscow) only once per section.
    const storyNames = (c: Record<string, number>): number => total(c) - (c['backstory-quiet'] ?? 0);
    const first = storyNames(await highlightCounts(page));
    // A page that never stops changing (a ticking clock) ...
    await page.evaluate(() => {
      const clock = document.createElement('p');
      document.getElementById('app')!.append(clock);
      let n = 0;
      setInterval(() => {
        clock.textContent = `tick ${n++}`;
      }, 5);
    });
    // ... still gets what is added to it (infinite scroll), within the throttled budget.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Later: Putin and Pezeshkian spoke by phone; Tehran and Moscow confirmed the call.';
      document.getElementById('app')!.append(p);
    });
    await expect.poll(async () => storyNames(await highlightCounts(page)), { timeout: 20_000 }).toBe(first + 2);
    // Removing the article removes its highlights and, off topic again, the sidebar.
    await page.evaluate(() => {
      history.pushState({}, '', '/spa');
      document.getElementById('app')!.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Back to the garden.' }));
    });
    await expect.poll(async () => page.locator('backstory-root').count(), { timeout: 20_000 }).toBe(0);
    expect(await highlightCounts(page)).toEqual({});
    await page.close();
  });

  test('a huge page (200,000 text nodes, 10 MB of text) is scanned in slices and its highlights are capped', async () => {
    const url = `${session.server.url}/huge`;
    const page = await open(url);
    const report = await waitForReport(session.ext, url, 90_000);
    expect(report.onTopic).toBe(true);
    expect(await page.evaluate(() => document.body.textContent!.length)).toBeGreaterThan(10_000_000);
    await expect.poll(async () => total(await highlightCounts(page))).toBeGreaterThan(0);
    expect(total(await highlightCounts(page))).toBeLessThanOrEqual(MAX_HIGHLIGHTS);
    expect(report.mentionCount).toBe(MAX_HIGHLIGHTS);
    // The page answers: the sidebar opens.
    await openSidebar(page);
    await page.close();
  }, 180_000);
});

describe('screenshots', () => {
  test.each(['light', 'dark'] as const)('the sidebar in %s mode (saved under docs/)', async (scheme) => {
    const other = await launchExtension({ colorScheme: scheme });
    try {
      const page = await other.context.newPage();
      const url = `${session.server.url}/seed/1`;
      await page.goto(url);
      await waitForReport(other, url);
      await openSidebar(page);
      await expect.poll(() => page.getByTestId('loading').count()).toBe(0);
      await page.screenshot({ path: join(ROOT, `docs/sidebar-${scheme}.png`) });
    } finally {
      await other.close();
    }
  });
});

/**
 * The Firefox build in a stock Firefox (puppeteer-core over WebDriver BiDi), checked against the same
 * expectations as the Chromium suite (tests/e2e/fixtures.ts): highlights, sidebar, hover card, untouched pages,
 * popup search, a setting reaching an open tab, sidebar width, and no network request.
 *
 * Without a Firefox the suite is skipped and says so in its name; under CI (CI=true) a missing Firefox fails.
 */
import { describe, expect, test } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { findFirefox, FIREFOX_INSTALL_HELP } from '../../scripts/find-firefox.mjs';
import { expectedSeedScan, expectedSidebar, htmlAtLoadAndNowInPage, offTopicPaths, rangeCentreInPage, readabilityPaths, sidebarWidthProblems } from '../e2e/fixtures';
import {
  EXTENSION_ORIGIN,
  GECKO_ID,
  bodyBeforeAndAfter,
  clickInSidebar,
  clickOn,
  errorsOn,
  highlightCounts,
  openExtensionPage,
  openPage,
  openSidebar,
  testId,
  totalOn,
  until,
  useFirefoxSession,
  waitForReport,
} from './harness';

const firefox = findFirefox();
const inCI = !!process.env.CI && process.env.CI !== 'false';

if (!firefox && inCI) {
  test('Firefox end-to-end: no Firefox found, and CI requires one', () => {
    throw new Error(FIREFOX_INSTALL_HELP);
  });
}

const suiteName = firefox ? `Firefox end-to-end (${firefox})` : 'Firefox end-to-end (skipped: no Firefox found; install firefox-esr or set FIREFOX_PATH)';

describe.skipIf(!firefox)(suiteName, () => {
  const session = useFirefoxSession();
  const ids = (frame: Frame, kind: string): Promise<Array<string | null>> => frame.$$eval(testId(kind), (els) => els.map((e) => e.getAttribute('data-id')));

  test('the Firefox build installs as a temporary add-on and its pages open by moz-extension URL', async () => {
    expect(session.ext.id).toBe(GECKO_ID);
    const options = await openExtensionPage(session.ext, 'options.html');
    expect(await options.evaluate(() => location.origin)).toBe(EXTENSION_ORIGIN);
    expect(await options.title()).toBe('Backstory settings');
    await options.close();
    // Control for the error checks below: an error naming Backstory on a page reaches the watcher.
    const page = await openPage(session.ext, `${session.server.url}/pages/off-navalny.html`);
    await page.evaluate(() => void setTimeout(() => {
      throw new Error('Backstory control error');
    }));
    await until('the control error to be seen', async () => errorsOn(page).some((e) => e.includes('Backstory control error')));
    await page.close();
  });

  test('an on-topic seed page gets exactly the mentions `npm run scan` finds, and a tab that counts them', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await openPage(session.ext, url);
    const expected = expectedSeedScan(1);
    const report = await waitForReport(session.ext, url);
    expect(report.onTopic).toBe(true);
    expect(report.mentionCount).toBe(expected.mentions.length);
    // Painted at the default density (common names once per section); the count is every mention.
    await until('all highlights', async () => (await totalOn(page)) === expected.painted.length);
    expect((await highlightCounts(page))['backstory-person']).toBeGreaterThan(0);
    const tab = await page.waitForSelector(testId('tab'), { timeout: 30_000 });
    expect(await tab!.evaluate((e) => e.textContent)).toContain(String(expected.mentions.length));
    expect(errorsOn(page)).toEqual([]);
    await page.close();
  });

  test('the sidebar opened from its tab lists the index facts for the page, best first as npm run scan ranks them', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await openPage(session.ext, url);
    await waitForReport(session.ext, url);
    await page.waitForSelector(testId('tab'), { timeout: 30_000 });
    const sb = await openSidebar(page);
    await sb.waitForSelector('aside[aria-label="Backstory: background to this article"]');
    await until('the sidebar to load', async () => (await sb.$(testId('loading'))) === null && (await sb.$(testId('entity'))) !== null);
    const want = expectedSidebar(expectedSeedScan(1));
    expect(want.entityIds.length).toBeGreaterThan(5);
    const sorted = async (): Promise<string> => JSON.stringify((await ids(sb, 'entity')).sort());
    await until('the entities', async () => (await sorted()) === JSON.stringify([...want.entityIds].sort())).catch(async (e) => {
      expect(await sorted(), String(e)).toEqual(JSON.stringify([...want.entityIds].sort()));
    });
    // Best first, as `npm run scan` ranks the page; "Show all (N)" then shows every event in the same order.
    expect(await ids(sb, 'event')).toEqual(want.firstEventIds);
    await clickInSidebar(page, sb, testId('more-events'));
    await until('every event', async () => (await ids(sb, 'event')).length === want.eventIds.length);
    expect(await ids(sb, 'event')).toEqual(want.eventIds);
    if (want.claimIds.length > (await sb.$$(testId('claim'))).length) await clickInSidebar(page, sb, testId('more-claims'));
    await until('every claim', async () => (await sb.$$(testId('claim'))).length === want.claimIds.length);
    // The page's own script reads nothing of it: no frame, no iframe element, no sidebar text in reach.
    const fromPage = await page.evaluate(() => {
      const root = document.querySelector('backstory-root')?.shadowRoot;
      return { frames: window.frames.length, iframes: root?.querySelectorAll('iframe').length ?? 0, text: root?.textContent ?? '' };
    });
    expect(fromPage).toEqual({ frames: 0, iframes: 0, text: '' });
    await page.close();
  });

  test('hovering a highlight shows the card for that entity with its counts', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await openPage(session.ext, url);
    await waitForReport(session.ext, url);
    await until('highlights', async () => (await totalOn(page)) > 0);
    const at = await page.evaluate(rangeCentreInPage, ['Putin', 'Vladimir Putin', 'Putin’s']);
    await page.mouse.move(at.x, at.y);
    const card = await page.waitForSelector(testId('hover-card'), { timeout: 30_000 });
    expect(await card!.evaluate((e) => e.getAttribute('data-entity'))).toBe('person:vladimir-putin');
    await until('the card counts', async () => /Before: \d+ events, \d+ claims on record/.test((await page.$eval(testId('card-counts'), (e) => e.textContent)) ?? ''));
    await page.close();
  });

  test.each(offTopicPaths())('%s: not on topic, no highlight, no host, identical DOM, no error', async (path) => {
    const url = `${session.server.url}${path}`;
    const page = await openPage(session.ext, url);
    const report = await waitForReport(session.ext, url);
    expect(report.onTopic).toBe(false);
    expect(await highlightCounts(page)).toEqual({});
    expect(await page.$('backstory-root')).toBeNull();
    const { before, after } = await bodyBeforeAndAfter(page);
    expect(after).toBe(before);
    expect(errorsOn(page)).toEqual([]);
    await page.close();
  });

  test('readability pages naming Russia or Iran in passing: nothing added, identical DOM, no error', async () => {
    for (const path of readabilityPaths()) {
      const url = `${session.server.url}${path}?noscript`;
      const page = await openPage(session.ext, url, { snapshot: true });
        const report = await waitForReport(session.ext, url);
      expect(report.onTopic, path).toBe(false);
      expect(await highlightCounts(page), path).toEqual({});
      expect(await page.$('backstory-root'), path).toBeNull();
      const { before, after } = await page.evaluate(htmlAtLoadAndNowInPage);
      expect(before, path).not.toBeNull();
      expect(after, path).toBe(before);
      expect(errorsOn(page), path).toEqual([]);
      await page.close();
    }
  });

  test.each([
    ['Pezeshkiyan', 'person:masoud-pezeshkian'],
    ['پزشکیان', 'person:masoud-pezeshkian'],
    ['schoigu', 'person:sergei-shoigu'],
  ])('the popup\'s search: %s finds %s', async (q, id) => {
    const popup = await openExtensionPage(session.ext, 'popup.html');
    await until('the search box to have focus', () => popup.evaluate(() => document.activeElement?.id === 'bs-q'));
    await popup.type('[data-testid="search"]', q);
    await until(`${id} first among the entities`, async () => (await popup.$eval('[data-testid="result"][data-kind="entity"]', (e) => e.getAttribute('data-id')).catch(() => null)) === id);
    await popup.close();
  });

  test('unticking a kind of name in the options page removes just those highlights from an open tab', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await openPage(session.ext, url);
    await waitForReport(session.ext, url);
    await until('person highlights', async () => ((await highlightCounts(page))['backstory-person'] ?? 0) > 0);
    const countries = (await highlightCounts(page))['backstory-country'] ?? 0;
    expect(countries).toBeGreaterThan(0);
    const options = await openExtensionPage(session.ext, 'options.html');
    const person = await options.waitForSelector('[data-testid="type-person"]');
    expect(await person!.evaluate((e) => (e as HTMLInputElement).checked)).toBe(true);
    await person!.click();
    // The tab re-scans with the new settings: wait for the new highlights, not just for the old ones to go.
    await until('no person highlights and the countries back', async () => {
      const c = await highlightCounts(page);
      return (c['backstory-person'] ?? 0) === 0 && c['backstory-country'] === countries;
    });
    await person!.click();
    await until('person highlights back', async () => ((await highlightCounts(page))['backstory-person'] ?? 0) > 0);
    await options.close();
    await page.close();
  });

  test.each([800, 1280])('the sidebar in a %i-pixel window: at most 40% of it, 400 px at most', async (width) => {
    const url = `${session.server.url}/seed/2`;
    const page = await openPage(session.ext, url);
    await page.setViewport({ width, height: 800 });
    await waitForReport(session.ext, url);
    const sb = await openSidebar(page);
    // The panel fills its frame, which lies against the page's right edge (clickInSidebar relies on that too).
    const panel = await sb.$eval(testId('sidebar'), (el) => ({ width: el.getBoundingClientRect().width, frame: innerWidth }));
    expect(panel.width).toBe(panel.frame);
    const measured = { width: panel.width, ...(await page.evaluate(() => ({ viewport: innerWidth, page: document.documentElement.clientWidth }))) };
    // Seen from the page, the frame is the host element from its left edge to the page's right edge, and no further.
    const edges = await page.evaluate((w: number) => {
      const at = (x: number): string => document.elementFromPoint(x, 300)?.tagName ?? '';
      const right = document.documentElement.clientWidth;
      return [at(right - 2), at(right - w + 2), at(right - w - 2)];
    }, panel.width);
    expect(edges.slice(0, 2)).toEqual(['BACKSTORY-ROOT', 'BACKSTORY-ROOT']);
    expect(edges[2]).not.toBe('BACKSTORY-ROOT');
    expect(measured.viewport).toBe(width);
    expect(sidebarWidthProblems(measured.width, measured.viewport)).toEqual([]);
    if (width === 800) expect(measured.width).toBeLessThanOrEqual(0.4 * width);
    await page.close();
  });

  test('no request leaves the browser: controls from an extension page and a web page are seen, then browsing and every surface make none', async () => {
    const { ext, server } = session;
    const options = await openExtensionPage(ext, 'options.html');
    const control = await openPage(ext, `${server.url}/seed/0`);
    await options.evaluate(() => fetch('http://extension-control.invalid/x').catch(() => null));
    await control.evaluate(() => fetch('http://page-control.invalid/y').catch(() => null));
    await until('the proxy to record both controls', async () => ext.requests.some((r) => r.includes('extension-control.invalid')) && ext.requests.some((r) => r.includes('page-control.invalid')));
    await control.close();
    ext.requests.length = 0;

    const pages: Page[] = [];
    for (const path of ['/seed/1', '/seed/4', '/pages/on-de.html', '/pages/on-fa.html', '/pages/off-navalny.html', '/pages/off-kazan-travel.html']) {
      const url = `${server.url}${path}`;
      pages.push(await openPage(ext, url));
      await waitForReport(ext, url);
    }
    const article = pages[0]!;
    const sb = await openSidebar(article);
    await until('the sidebar to load', async () => (await sb.$(testId('loading'))) === null && (await sb.$(testId('entity'))) !== null);
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.type('[data-testid="search"]', 'Schoigu');
    await popup.waitForSelector('[data-testid="result"]', { timeout: 30_000 });
    await (await options.waitForSelector('[data-testid="style-underline"]'))!.click();
    await until('the highlights repainted', async () => (await totalOn(article)) > 0);
    expect(ext.requests).toEqual([]);
    for (const p of [...pages, popup, options]) await p.close();
  }, 300_000);
});

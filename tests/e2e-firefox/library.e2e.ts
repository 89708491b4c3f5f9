/**
 * The reader's library in a stock Firefox, where the background page itself runs the library's worker (no offscreen
 * document): "Add to my library" from the sidebar of an article the index has never seen says "Added", adding it
 * again says it is there, and the popup's search and the Library page then find it; the toolbar popup's own "Add to my
 * library" adds the active tab's article.
 * Without a Firefox it is skipped and says so in its name (under CI, firefox.e2e.ts fails the run for that).
 */
import { describe, expect, test } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { findFirefox } from '../../scripts/find-firefox.mjs';
import { clickInSidebar, openExtensionPage, openPage, openSidebar, testId, until, useFirefoxSession, waitForReport } from './harness';

const firefox = findFirefox();
const suiteName = firefox ? `Firefox library (${firefox})` : 'Firefox library (skipped: no Firefox found; install firefox-esr or set FIREFOX_PATH)';
/** A phrase only the added article has (tests/fixtures/library/corridor-deal.html). */
const PHRASE = 'amber ledger protocol';
const WAIT = 90_000;

describe.skipIf(!firefox)(suiteName, () => {
  const session = useFirefoxSession();

  /** The sidebar's "Add to my library" result once there is one: whether it added, and what it says. */
  const addResult = (frame: Frame): Promise<{ ok: string; text: string }> =>
    until(
      'the result of "Add to my library"',
      () => frame.$eval(testId('library-status'), (e) => (e.getAttribute('data-ok') === null ? null : { ok: e.getAttribute('data-ok')!, text: e.textContent ?? '' })),
      WAIT,
    );

  async function addFromSidebar(url: string): Promise<{ page: Page; ok: string; text: string }> {
    const page = await openPage(session.ext, url);
    await page.bringToFront();
    await waitForReport(session.ext, url);
    const frame = await openSidebar(page);
    await clickInSidebar(page, frame, testId('library-add'));
    return { page, ...(await addResult(frame)) };
  }

  /** The Library page's entries (address and text) once its list has loaded. */
  async function libraryEntries(): Promise<Array<{ url: string | null; text: string }>> {
    const options = await openExtensionPage(session.ext, 'options.html');
    try {
      await until('the Library page\'s list', async () => (await options.$('[data-testid="library-entry"], [data-testid="library-empty"]')) !== null, WAIT);
      return await options.$$eval('[data-testid="library-entry"]', (els) => els.map((e) => ({ url: e.getAttribute('data-url'), text: e.textContent ?? '' })));
    } finally {
      await options.close();
    }
  }

  /** Whatever an earlier test or run of this browser left: an empty library. */
  async function emptyLibrary(): Promise<void> {
    const options = await openExtensionPage(session.ext, 'options.html');
    await options.evaluate(() => (globalThis as unknown as { browser: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).browser.runtime.sendMessage({ type: 'libraryClear' }));
    await options.close();
    expect(await libraryEntries()).toEqual([]);
  }

  test('"Add to my library" from the sidebar says "Added"; again, that it is there; the popup and the Library page find it', async () => {
    await emptyLibrary();

    const url = `${session.server.url}/library/corridor-deal.html`;
    const first = await addFromSidebar(url);
    expect(first.ok).toBe('true');
    expect(first.text).toMatch(/^Added: [1-9]\d* events, [1-9]\d* claims$/);
    const [, events, claims] = /^Added: (\d+) events, (\d+) claims$/.exec(first.text)!;
    await first.page.close();

    const again = await addFromSidebar(url);
    expect(again).toMatchObject({ ok: 'false', text: 'This article is already in your library.' });
    await again.page.close();

    // The popup's search finds it by a phrase only it has, marked "from your library".
    const popup = await openExtensionPage(session.ext, 'popup.html');
    await until('the search box to have focus', () => popup.evaluate(() => document.activeElement?.id === 'bs-q'), WAIT);
    await popup.type('[data-testid="search"]', PHRASE);
    await until('a result from the library', async () => (await popup.$('[data-testid="result"] [data-testid="from-library"]')) !== null, WAIT);
    await popup.close();

    const entries = await libraryEntries();
    expect(entries.map((e) => e.url)).toEqual([url]);
    expect(entries[0]!.text).toContain('Caspian Ledger');
    expect(entries[0]!.text).toContain(`${events} events · ${claims} claims`);
  }, 300_000);

  test('the toolbar popup\'s "Add to my library" adds the active tab\'s article and says what it added', async () => {
    await emptyLibrary();

    const url = `${session.server.url}/library/corridor-deal.html`;
    const page = await openPage(session.ext, url);
    await waitForReport(session.ext, url);
    await page.bringToFront();
    // The real toolbar popup, opened over the article (the active tab) as a click on the toolbar button opens it
    // (the profile lets openPopup() run without a click), and driven from the probe page, an extension page
    // in another tab: puppeteer does not expose the popup as a page.
    const probe = await session.ext.probe!;
    expect(await probe.evaluate(async () => (await (globalThis as unknown as { browser: { tabs: { query: (q: object) => Promise<Array<{ url?: string }>> } } }).browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.url)).toBe(url);
    // The Firefox build is Manifest V2: its toolbar button is the browser action.
    await probe.evaluate(() => {
      type Button = { openPopup: () => Promise<void> };
      const b = (globalThis as unknown as { browser: { action?: Button; browserAction?: Button } }).browser;
      return (b.action ?? b.browserAction)!.openPopup();
    });
    /** The popup's element `id` (its text and data-ok), read from the probe; `click` clicks it. Null while there is none. */
    const inPopup = (id: string, click = false): Promise<{ text: string; ok: string | null } | null> =>
      probe.evaluate(
        (testid: string, press: boolean) => {
          const view = (globalThis as unknown as { browser: { extension: { getViews: (q: object) => Window[] } } }).browser.extension.getViews({ type: 'popup' })[0];
          const el = view?.document.querySelector<HTMLElement>(`[data-testid=${testid}]`);
          if (!el) return null;
          if (press) el.click();
          return { text: el.textContent ?? '', ok: el.getAttribute('data-ok') };
        },
        id,
        click,
      );
    await until('the popup\'s "Add to my library"', async () => (await inPopup('library-add'))?.text === 'Add to my library', WAIT);
    await inPopup('library-add', true);
    const status = await until('the popup\'s result', async () => {
      const s = await inPopup('library-status');
      return s?.ok === null || s === null ? null : s;
    }, WAIT);
    expect(status.ok).toBe('true');
    expect(status.text).toMatch(/^Added: [1-9]\d* events, [1-9]\d* claims$/);
    const [, events, claims] = /^Added: (\d+) events, (\d+) claims$/.exec(status.text)!;
    await page.close();
    const entries = await libraryEntries();
    expect(entries.map((e) => e.url)).toEqual([url]);
    expect(entries[0]!.text).toContain(`${events} events · ${claims} claims`);
  }, 300_000);
});

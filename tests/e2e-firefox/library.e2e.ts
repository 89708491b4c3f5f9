/**
 * The reader's library in a stock Firefox, where the background page itself runs the library's worker (no offscreen
 * document): "Add to my library" from the sidebar of an article the index has never seen says "Added", adding it
 * again says it is there, and the popup's search and the Library page then find it.
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

  test('"Add to my library" from the sidebar says "Added"; again, that it is there; the popup and the Library page find it', async () => {
    // Whatever an earlier run of this browser left: start from an empty library.
    const options = await openExtensionPage(session.ext, 'options.html');
    await options.evaluate(() => (globalThis as unknown as { browser: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).browser.runtime.sendMessage({ type: 'libraryClear' }));
    await options.close();
    expect(await libraryEntries()).toEqual([]);

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
});

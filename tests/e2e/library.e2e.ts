/**
 * The reader's library end to end in real Chromium: "Add to my library" from the sidebar of an article the index
 * has never seen; the popup finds it by a phrase only it has; it survives a browser restart (same profile); a later
 * article on the same story shows an item of it in its sidebar, "from your library"; export, remove all, import
 * gives the same library back; removing it removes it everywhere; and nothing of it leaves the browser.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchExtension, openExtensionPage, openSidebar, startServer, type Extension, type Server } from './harness';

const PHRASE = 'amber ledger protocol';
const POLL = { timeout: 90_000, interval: 250 };

let server: Server;
let ext: Extension;
const profile = mkdtempSync(join(tmpdir(), 'backstory-library-e2e-'));

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension({ userDataDir: profile });
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
});

async function searchPopup(query: string): Promise<Page> {
  const popup = await openExtensionPage(ext, 'popup.html');
  await popup.getByTestId('search').fill(query);
  return popup;
}

/** The library results for `query` in a fresh popup (none once the search has answered for the bundled index). */
async function libraryHits(query: string): Promise<number> {
  const popup = await searchPopup(query);
  // The popup shows results or "no results" once the background has answered.
  await expect.poll(async () => (await popup.getByTestId('result').count()) + (await popup.getByTestId('no-results').count()), POLL).toBeGreaterThan(0);
  const n = await popup.locator('[data-testid=result] [data-testid=from-library]').count();
  await popup.close();
  return n;
}

/** Opens the follow-up article's sidebar with every event and claim shown; counts the items from the library. */
async function followupLibraryItems(): Promise<number> {
  const page = await ext.context.newPage();
  await page.goto(`${server.url}/library/corridor-followup.html`);
  const frame = await openSidebar(page);
  await frame.getByTestId('event').first().waitFor();
  for (const more of ['more-events', 'more-claims']) {
    const b = frame.getByTestId(more);
    if ((await b.count()) && (await b.getAttribute('aria-expanded')) === 'false') await b.click();
  }
  const n = await frame.getByTestId('from-library').count();
  // The page's own script reaches nothing of the library: not in its DOM, nor in the open shadow root of the tab
  // and hover card (the library article's outlet, "Caspian Ledger", is named nowhere on this page).
  const seen = await page.evaluate(() => {
    const texts = [document.documentElement.outerHTML];
    for (const el of Array.from(document.querySelectorAll('*'))) if (el.shadowRoot) texts.push(el.shadowRoot.innerHTML);
    return texts.join('\n');
  });
  expect(seen).not.toContain('Caspian Ledger');
  expect(seen).not.toContain('from your library');
  await page.close();
  return n;
}

async function addFromSidebar(path: string): Promise<{ frame: Frame; page: Page; status: string }> {
  const page = await ext.context.newPage();
  await page.goto(`${server.url}${path}`);
  const frame = await openSidebar(page);
  await frame.getByTestId('library-add').click();
  const status = frame.getByTestId('library-status');
  await expect.poll(() => status.getAttribute('data-ok'), POLL).not.toBeNull();
  return { frame, page, status: (await status.textContent()) ?? '' };
}

describe('the reader\'s library', () => {
  test('before: the popup does not know the article, the follow-up shows nothing from a library', async () => {
    expect(await libraryHits(PHRASE)).toBe(0);
    expect(await followupLibraryItems()).toBe(0);
  });

  test('"Add to my library" from the sidebar of an unseen article says what it added; adding it again says it is there', async () => {
    const { page, status } = await addFromSidebar('/library/corridor-deal.html');
    expect(status).toMatch(/^Added: [1-9]\d* events, [1-9]\d* claims$/);
    await page.close();
    const again = await addFromSidebar('/library/corridor-deal.html');
    expect(again.status).toBe('This article is already in your library.');
    await again.page.close();
  });

  test('the popup finds it by a phrase only it contains, marked "from your library"', async () => {
    expect(await libraryHits(PHRASE)).toBeGreaterThan(0);
  });

  test('after the browser restarts (same profile) it is still there', async () => {
    await ext.close();
    ext = await launchExtension({ userDataDir: profile });
    expect(await libraryHits(PHRASE)).toBeGreaterThan(0);
  });

  test('another article on the same story shows an item from it, marked "from your library"; the page cannot see it', async () => {
    expect(await followupLibraryItems()).toBeGreaterThan(0);
  });

  test('the Library page lists it; export, remove all, import gives the same library back', async () => {
    const options = await openExtensionPage(ext, 'options.html');
    const entries = options.getByTestId('library-entry');
    await expect.poll(() => entries.count(), POLL).toBe(1);
    const before = await entries.allTextContents();
    expect(before[0]).toContain('Caspian Ledger');
    expect(before[0]).toMatch(/[1-9]\d* events · [1-9]\d* claims/);
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('library-export').click()]);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(file)).toMatchObject({ format: 'backstory-library', version: 1, articles: [{ outlet: 'Caspian Ledger' }] });

    await options.getByTestId('library-clear').click();
    await options.getByTestId('library-clear-confirm').click();
    await options.getByTestId('library-empty').waitFor();
    expect(await libraryHits(PHRASE)).toBe(0);
    expect(await followupLibraryItems()).toBe(0);

    // A foreign file: a clear error, nothing changed.
    await options.getByTestId('library-import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"notes": []}') });
    await expect.poll(() => options.getByTestId('library-message').textContent(), POLL).toMatch(/^Cannot import notes\.json: not a Backstory library file/);
    expect(await options.getByTestId('library-empty').count()).toBe(1);

    await options.getByTestId('library-import').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect.poll(() => entries.count(), POLL).toBe(1);
    expect(await entries.allTextContents()).toEqual(before);
    expect(await libraryHits(PHRASE)).toBeGreaterThan(0);
    expect(await followupLibraryItems()).toBeGreaterThan(0);
    await options.close();
  });

  test('the reader shows its stored text with the passage and a link to where it was read', async () => {
    const options = await openExtensionPage(ext, 'options.html');
    const [reader] = await Promise.all([ext.context.waitForEvent('page'), options.getByTestId('library-open').click()]);
    await reader.getByTestId('reader-text').waitFor();
    expect(await reader.getByTestId('reader-text').textContent()).toContain(PHRASE);
    expect(await reader.getByTestId('reader-original').getAttribute('href')).toBe(`${server.url}/library/corridor-deal.html`);
    await reader.close();
    await options.close();
  });

  test('removing it removes it everywhere', async () => {
    const options = await openExtensionPage(ext, 'options.html');
    await options.getByTestId('library-remove').click();
    await options.getByTestId('library-empty').waitFor();
    expect(await libraryHits(PHRASE)).toBe(0);
    expect(await followupLibraryItems()).toBe(0);
    await options.close();
  });

  test('nothing left the browser: adding, export and import made no request', () => {
    expect(ext.requests).toEqual([]);
  });
});

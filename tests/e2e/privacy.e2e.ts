/**
 * Privacy end to end: while browsing fixture pages (on and off topic) and using the sidebar, reader, popup and
 * options, no request leaves for anywhere but the local test session.server; and messages from web pages, or malformed
 * messages, are ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BackstoryIndex } from '../../lib/index/types';
import { beforeEach, describe, expect, test } from 'vitest';
import { ROOT, POLL_RESCAN, highlightCounts, highlightStyle, openExtensionPage, gotoAndReport, type ChromeApi, type Report, useSession } from './harness';


const session = useSession();

/** The report the background holds for the tab showing `url`, asked from an extension page. */
const reportOf = (probe: Page, url: string): Promise<Report | null> =>
  probe.evaluate(async (u) => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    for (const t of await chrome.tabs.query({})) {
      const r = (await chrome.runtime.sendMessage({ type: 'pageState', tabId: t.id })) as Report | null;
      if (r?.url === u) return r;
    }
    return null;
  }, url);

const total = async (page: Page): Promise<number> => Object.values(await highlightCounts(page)).reduce((a, b) => a + b, 0);

describe('no network', () => {
  test('the recorder sees requests from the service worker and from pages (controls)', async () => {
    const fromWorker = 'http://worker-control.invalid/x';
    const fromPage = 'http://page-control.invalid/y';
    await session.ext.worker.evaluate((u) => fetch(u).catch(() => null), fromWorker);
    const page = await session.ext.context.newPage();
    await page.goto(`${session.server.url}/seed/0`);
    await page.evaluate((u) => fetch(u).catch(() => null), fromPage);
    await expect.poll(() => session.ext.requests.includes(fromWorker) && session.ext.requests.includes(fromPage)).toBe(true);
    await page.close();
    session.ext.requests.length = 0;
  });

  test('browsing on- and off-topic pages and using every surface makes no request', async () => {
    const urls = ['/seed/1', '/seed/4', '/pages/on-de.html', '/pages/on-fa.html', '/pages/off-navalny.html', '/pages/off-kazan-travel.html'].map((p) => `${session.server.url}${p}`);
    const pages: Page[] = [];
    for (const url of urls) {
      const page = await session.ext.context.newPage();
      await gotoAndReport(session.ext, page, url);
      pages.push(page);
    }
    const article = pages[0]!;
    await expect.poll(() => total(article)).toBeGreaterThan(0);
    await article.getByTestId('tab').click();
    await article.getByTestId('sidebar').waitFor();
    await expect.poll(() => article.getByTestId('loading').count()).toBe(0);
    // A quote opens the reader through the background.
    const readerOpened = session.ext.context.waitForEvent('page', (p) => p.url().includes('/reader.html'));
    await article.getByTestId('quote').first().click();
    const reader = await readerOpened;
    await reader.getByTestId('reader-text').waitFor();

    const popup = await openExtensionPage(session.ext, 'popup.html');
    await popup.getByTestId('search').fill('Schoigu');
    await popup.getByTestId('result').first().waitFor();
    await popup.getByTestId('result').first().click();
    const options = await openExtensionPage(session.ext, 'options.html');
    await options.getByTestId('enabled').waitFor();
    // The highlights are redrawn in the new style: wait until the page shows underlines (not the old backgrounds),
    // so that the check below covers the re-scan too.
    await options.getByTestId('style-underline').check();
    await expect.poll(() => highlightStyle(article), POLL_RESCAN).toBe('underline');
    await expect.poll(() => total(article)).toBeGreaterThan(0);

    expect(session.ext.requests).toEqual([]);
    for (const p of [...pages, reader, popup, options]) await p.close();
  });
});

describe('messages', () => {
  // The sidebar remembers per site that it was left open: start from fresh settings, with the tab showing.
  beforeEach(async () => {
    await session.ext.worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { remove: (k: string) => Promise<void> } } } }).chrome.storage.local.remove('settings'));
  });
  test('a web page cannot talk to Backstory: postMessage is ignored and chrome.runtime is not there', async () => {
    // A document the index has: were the page's message passed on, a reader tab would open.
    const docId = (JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex).documents[0]!.id;
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/seed/1`;
    await gotoAndReport(session.ext, page, url);
    await page.getByTestId('tab').waitFor();
    const reach = await page.evaluate(([id, docId]) => {
      const c = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      window.postMessage({ type: 'command', name: 'toggle-sidebar' }, '*');
      window.postMessage({ type: 'openReader', docId }, '*');
      try {
        (c!.runtime!.sendMessage as (id: string, m: unknown) => void)(id, { type: 'command', name: 'toggle-sidebar' });
        return 'sent';
      } catch {
        return 'unreachable';
      }
    }, [session.ext.id, docId] as const);
    expect(reach).toBe('unreachable');
    // Nothing the page posted took effect: give a reader tab every chance to open (a message round trip to the
    // background and back), then check that none did and that the sidebar is still closed.
    const probe = await openExtensionPage(session.ext, 'options.html');
    expect(await probe.evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({ type: 'ping' }))).toMatchObject({ ok: true });
    await probe.close();
    expect(session.ext.context.pages().filter((p) => p.url().includes('/reader.html'))).toEqual([]);
    expect(await page.getByTestId('sidebar').count()).toBe(0);
    // A well-formed command from the extension itself toggles the sidebar: the page's attempts did not.
    await session.ext.worker.evaluate(() => (globalThis as unknown as { backstoryHandleCommand: (n: string) => Promise<void> }).backstoryHandleCommand('toggle-sidebar'));
    await page.getByTestId('sidebar').waitFor();
    await page.close();
  });

  test('malformed messages get no answer and change nothing; the background still answers good ones', async () => {
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/seed/2`;
    const before = await gotoAndReport(session.ext, page, url);
    await page.getByTestId('tab').waitFor();
    const probe = await openExtensionPage(session.ext, 'options.html');
    const tabsBefore = session.ext.context.pages().length;
    const replies = await probe.evaluate(async (u) => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi & { tabs: { sendMessage: (id: number, m: unknown) => Promise<unknown> } } }).chrome;
      // No answer is an undefined reply; a listener that threw rejects the call (that is a crash, not "ignored").
      const ask = (m: unknown): Promise<unknown> => chrome.runtime.sendMessage(m).then((r) => r ?? 'no answer', (e: Error) => `error: ${e.message}`);
      // (Tab URLs are hidden without the "tabs" permission: the page is found by its content script's report.)
      let tab: { id?: number } | undefined;
      for (const t of await chrome.tabs.query({})) if (((await chrome.runtime.sendMessage({ type: 'pageState', tabId: t.id })) as { url?: string } | null)?.url === u) tab = t;
      const bad = [
        { type: 'report', report: { onTopic: true, entityIds: 'all', mentionCount: 1 } },
        { type: 'openReader', docId: 42 },
        { type: 'search', query: { $regex: '.*' } },
        { type: 'pageState', tabId: String(tab!.id) },
        'ping',
        null,
      ];
      const out: unknown[] = [];
      for (const m of bad) out.push(await ask(m));
      out.push(await chrome.tabs.sendMessage(tab!.id!, { type: 'command', name: 'format-disk' }).then((r) => r ?? 'no answer', (e: Error) => `error: ${e.message}`));
      out.push(await ask({ type: 'ping' }));
      return out;
    }, url);
    expect(replies.slice(0, -1)).toEqual(Array(7).fill('no answer'));
    expect(replies.at(-1)).toMatchObject({ ok: true });
    // Nothing changed: no reader tab opened, the page's report is intact, the sidebar still closed.
    expect(session.ext.context.pages().length).toBe(tabsBefore);
    expect(await reportOf(probe, url)).toEqual(before);
    expect(await page.getByTestId('sidebar').count()).toBe(0);
    await probe.close();
    await page.close();
  });
});

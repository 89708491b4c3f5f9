/**
 * Privacy end to end: while browsing fixture pages (on and off topic) and using the sidebar, reader, popup and
 * options, no request leaves for anywhere but the local test session.server; messages from web pages, or malformed
 * messages, are ignored; and the page's own scripts cannot read the sidebar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BackstoryIndex } from '../../lib/index/types';
import { beforeEach, describe, expect, test } from 'vitest';
import { ROOT, POLL_RESCAN, openSidebar, highlightCounts, highlightStyle, loadedSidebar, openExtensionPage, gotoAndReport, seedPage, sidebar, sidebarClosed, sidebarFrame, type ChromeApi, type Report, type Route, useSession } from './harness';

/**
 * What a page's own script can learn of Backstory's interface, run in the page (main world): the text of every
 * shadow root it can reach (open ones, and any root whose creation it caught by patching attachShadow before
 * Backstory ran), every iframe it can find and what it can read through it, the window's frames, the addresses in
 * its resource timing, and every message posted to it. `window.__spy()` returns all of it as one string per find.
 */
const SPY = `<script>
(() => {
  const caught = [];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { const root = attach.call(this, init); caught.push(root); return root; };
  const messages = [];
  addEventListener('message', (e) => messages.push('message: ' + JSON.stringify(e.data)));
  window.__spy = () => {
    const found = [];
    const roots = [...caught];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); }
        if (el.tagName === 'IFRAME') {
          found.push('iframe: ' + el.src);
          try { found.push('iframe document: ' + el.contentDocument.documentElement.textContent); } catch (e) { found.push('iframe document refused'); }
          try { found.push('iframe window: ' + el.contentWindow.document.body.textContent); } catch (e) { found.push('iframe window refused'); }
          try { el.contentWindow.postMessage({ type: 'sidebar', action: { do: 'view' } }, '*'); } catch (e) {}
        }
      }
    };
    walk(document);
    for (const r of roots) { walk(r); found.push('shadow root: ' + r.textContent); }
    found.push('frames: ' + window.frames.length);
    for (let i = 0; i < window.frames.length; i++) {
      try { found.push('frame ' + i + ': ' + window.frames[i].document.documentElement.textContent); } catch (e) { found.push('frame ' + i + ' refused'); }
      window.frames[i].postMessage({ type: 'sidebar', action: { do: 'view' } }, '*');
    }
    for (const e of performance.getEntriesByType('resource')) found.push('resource: ' + e.name);
    const host = document.querySelector('backstory-root');
    if (host) found.push('host text: ' + host.textContent + ' | active: ' + (document.activeElement && document.activeElement.tagName));
    // A forged push and forged commands, as a page would try them: Backstory must ignore all of them.
    postMessage({ type: 'sidebarPush', token: 'x'.repeat(32), view: { mentionCount: 1, entityIds: [], pageDate: null, host: 'evil', rule: 'never', focus: null, focusSeq: 9 } }, '*');
    postMessage({ type: 'command', name: 'sidebar', action: { do: 'close' } }, '*');
    return found.concat(messages);
  };
})();
</script>`;

const routes: Route[] = [
  (req, res) => {
    if (req.url !== '/spy') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(seedPage(1).replace('<head>', `<head>${SPY}`));
    return true;
  },
];

const session = useSession(routes);

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
    const sb = await loadedSidebar(article);
    // A quote opens the reader through the background.
    const readerOpened = session.ext.context.waitForEvent('page', (p) => p.url().includes('/reader.html'));
    await sb.getByTestId('quote').first().click();
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

  test('adding an article to the library, exporting and importing it make no request', async () => {
    session.ext.requests.length = 0;
    const page = await session.ext.context.newPage();
    await page.goto(`${session.server.url}/library/corridor-deal.html`);
    const frame = await openSidebar(page);
    await frame.getByTestId('library-add').click();
    await expect.poll(() => frame.getByTestId('library-status').getAttribute('data-ok'), { timeout: 90_000 }).toBe('true');
    const options = await openExtensionPage(session.ext, 'options.html');
    await options.getByTestId('library-entry').waitFor();
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('library-export').click()]);
    const file = readFileSync((await download.path())!, 'utf8');
    await options.getByTestId('library-clear').click();
    await options.getByTestId('library-clear-confirm').click();
    await options.getByTestId('library-empty').waitFor();
    await options.getByTestId('library-import').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await options.getByTestId('library-entry').waitFor();
    expect(session.ext.requests).toEqual([]);
    await options.getByTestId('library-remove').click();
    await options.getByTestId('library-empty').waitFor();
    for (const p of [page, options]) await p.close();
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
    expect(sidebarFrame(page)).toBeNull();
    // A well-formed command from the extension itself toggles the sidebar: the page's attempts did not.
    await session.ext.worker.evaluate(() => (globalThis as unknown as { backstoryHandleCommand: (n: string) => Promise<void> }).backstoryHandleCommand('toggle-sidebar'));
    await sidebar(page);
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
    expect(sidebarFrame(page)).toBeNull();
    await probe.close();
    await page.close();
  });
});

describe('the sidebar is out of the page\'s reach', () => {
  beforeEach(async () => {
    await session.ext.worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { remove: (k: string) => Promise<void> } } } }).chrome.storage.local.remove('settings'));
  });

  test('the page\'s own scripts read nothing of the open sidebar while it shows its events; Escape closes it and focus returns to the tab', async () => {
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/spy`;
    await gotoAndReport(session.ext, page, url);
    await page.getByTestId('tab').waitFor();
    const spy = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __spy: () => string[] }).__spy());
    // The spy reads what is readable: the tab in the open shadow root (bundled facts only: a name and a count).
    expect((await spy()).filter((f) => f.startsWith('shadow root: ')).join(' ')).toContain('Backstory');

    await page.getByTestId('tab').click();
    const sb = await loadedSidebar(page);
    await expect.poll(() => sb.getByTestId('event').count(), POLL_RESCAN).toBeGreaterThan(0);
    // What the sidebar visibly shows: its events' quotes and titles, and its heading.
    const shown = await sb.getByTestId('sidebar').evaluate((el) => el.getBoundingClientRect().width);
    expect(shown).toBeGreaterThan(250);
    const secrets = (await sb.locator('[data-testid="event"] [data-testid="quote"]').allTextContents()).map((q) => q.trim().slice(0, 40)).filter((q) => q.length >= 20);
    expect(secrets.length).toBeGreaterThan(2);
    const token = new URL(sidebarFrame(page)!.url()).hash.slice(1);
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    // The page's script and page.evaluate in the main world both come back empty-handed.
    const found = await spy();
    const direct = await page.evaluate(() => {
      const host = document.querySelector('backstory-root');
      return [host?.shadowRoot?.textContent ?? '', host?.shadowRoot?.querySelector('iframe')?.src ?? 'no iframe', String(window.frames.length), document.body.innerText.slice(-2000)].join('\n');
    });
    const all = [...found, direct].join('\n');
    for (const q of secrets) expect(all).not.toContain(q);
    expect(all).not.toContain(token);
    expect(all).not.toContain('sidebar.html');
    expect(all).not.toContain('Before this article');
    expect(found.filter((f) => f.startsWith('iframe'))).toEqual([]);
    expect(found).toContain('frames: 0');
    // Focus in the sidebar shows in the page as focus on the host element, nothing more.
    expect(found.find((f) => f.startsWith('host text: '))).toMatch(/active: BACKSTORY-ROOT$/);
    // The forged push and commands posted by the spy changed nothing: same events, still open. (Messages arrive
    // in order: once a marker posted after them has arrived, they have been dispatched.)
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          addEventListener('message', (e) => e.data === 'spy-done' && done());
          postMessage('spy-done', '*');
        }),
    );
    expect(await sb.locator('[data-testid="event"] [data-testid="quote"]').count()).toBeGreaterThan(2);
    expect(sidebarFrame(page)).not.toBeNull();
    expect(await sb.getByTestId('site-switch').getAttribute('data-host')).toBe(new URL(url).host);

    // Keyboard: Escape in the panel closes it, and focus returns to the tab.
    await sb.getByTestId('sidebar').focus();
    await page.keyboard.press('Escape');
    await sidebarClosed(page);
    await expect.poll(() => page.evaluate(() => document.querySelector('backstory-root')?.shadowRoot?.activeElement?.getAttribute('data-testid') ?? null)).toBe('tab');
    await page.close();
  });
});

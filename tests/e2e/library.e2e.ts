/**
 * The reader's library end to end in real Chromium: "Add to my library" from the sidebar of an article the index
 * has never seen; the popup finds it by a phrase only it has; it survives a browser restart (same profile); a later
 * article on the same story shows an item of it in its sidebar, "from your library"; export, remove all, import
 * gives the same library back; removing it removes it everywhere; and nothing of it leaves the browser. Then, in a
 * browser of their own, the other two ways in: the toolbar popup's button for the active tab, and the page's
 * context-menu entry (registered for pages; its click adds the tab's article and says so on the toolbar button).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { gotoAndReport, launchExtension, openExtensionPage, openSidebar, startServer, useSession, type Extension, type Route, type Server } from './harness';

const PHRASE = 'amber ledger protocol';
const POLL = { timeout: 90_000, interval: 250 };

let server: Server;
let ext: Extension;
const profile = mkdtempSync(join(tmpdir(), 'backstory-library-e2e-'));

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
  beforeAll(async () => {
    server = await startServer();
    ext = await launchExtension({ userDataDir: profile });
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

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

/**
 * The two other ways in, each on a fresh library: the toolbar popup's button for the tab it opens over, and the
 * page's context-menu entry (its result on the toolbar button). One browser for both, the library cleared before
 * each test.
 */
/** A one-page PDF (its text names the story), served at /library/accord.pdf, for Chromium's own PDF viewer. */
function pdfFile(): Buffer {
  const stream = 'BT /F1 18 Tf 40 760 Td (Russia and Iran sign a corridor accord in Tehran.) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const pdfRoute: Route = (req, res) => {
  if (req.url !== '/library/accord.pdf') return false;
  res.writeHead(200, { 'content-type': 'application/pdf' });
  res.end(pdfFile());
  return true;
};

describe('adding from the toolbar popup and from the context menu', () => {
  const session = useSession([pdfRoute]);
  /** Several polls of POLL's length each: a failing one must report its condition, not the test's time limit. */
  const LONG = 300_000;
  type Chrome = {
    tabs: { query: (q: object) => Promise<Array<{ id?: number; url?: string; active?: boolean }>>; create: (o: object) => Promise<{ id?: number }>; get: (id: number) => Promise<object> };
    action: { openPopup: () => Promise<void>; getBadgeText: (d: object) => Promise<string>; getTitle: (d: object) => Promise<string> };
    contextMenus: { create: (p: object, cb?: () => void) => unknown; update: (id: string, p: object) => Promise<void>; onClicked: { dispatch: (info: object, tab?: object) => void } };
    runtime: { sendMessage: (m: unknown) => Promise<unknown>; onInstalled: { dispatch: (d: object) => void } };
    extension: { getViews: (q: object) => Window[] };
  };

  /** An extension page opened in a background tab, so that the tab it is opened beside stays the active one. */
  async function backgroundPage(path: string): Promise<Page> {
    const url = `chrome-extension://${session.ext.id}/${path}`;
    const opened = session.ext.context.waitForEvent('page', (p) => p.url() === url);
    await session.ext.worker.evaluate((u: string) => (globalThis as unknown as { chrome: Chrome }).chrome.tabs.create({ url: u, active: false }), url);
    return opened;
  }

  /** The id of the tab showing `url`. */
  const tabIdOf = (url: string): Promise<number> =>
    session.ext.worker.evaluate(async (u: string) => {
      const tab = (await (globalThis as unknown as { chrome: Chrome }).chrome.tabs.query({})).find((t) => t.url === u);
      if (tab?.id === undefined) throw new Error(`no tab shows ${u}`);
      return tab.id;
    }, url);


  // Chromium cannot open a real context menu headlessly: dispatch the registered onClicked event with what
  // Chromium passes for a click on the page, so the same listener and handler run.
  const click = (id: number, pageUrl: string): Promise<void> =>
    session.ext.worker.evaluate(
      async ([tid, u]) => {
        const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
        chrome.contextMenus.onClicked.dispatch({ menuItemId: 'backstory-add', pageUrl: u, editable: false }, await chrome.tabs.get(tid));
      },
      [id, pageUrl] as const,
    );
  const badge = (id: number): Promise<{ text: string; title: string }> =>
    session.ext.worker.evaluate(async (tid: number) => {
      const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
      return { text: await chrome.action.getBadgeText({ tabId: tid }), title: await chrome.action.getTitle({ tabId: tid }) };
    }, id);

  /** The Library page's entries (address and text), read from a fresh options page once its list has loaded. */
  async function libraryEntries(): Promise<Array<{ url: string | null; text: string }>> {
    const options = await backgroundPage('options.html');
    try {
      await expect.poll(async () => (await options.getByTestId('library-entry').count()) + (await options.getByTestId('library-empty').count()), POLL).toBeGreaterThan(0);
      return await options.getByTestId('library-entry').evaluateAll((els) => els.map((e) => ({ url: e.getAttribute('data-url'), text: e.textContent ?? '' })));
    } finally {
      await options.close();
    }
  }

  async function openArticle(path: string): Promise<{ page: Page; url: string }> {
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}${path}`;
    await gotoAndReport(session.ext, page, url);
    await page.bringToFront();
    return { page, url };
  }

  beforeEach(async () => {
    const options = await backgroundPage('options.html');
    await options.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ type: 'libraryClear' }));
    await options.close();
    expect(await libraryEntries()).toEqual([]);
  });

  test('the toolbar popup\'s "Add to my library" adds the active tab\'s article and says what it added', async () => {
    const { page, url } = await openArticle('/library/corridor-deal.html');
    // The real toolbar popup, opened over the article (the active tab), as a click on the toolbar button opens it.
    // Playwright does not expose it as a page: it is driven from another extension page, opened in the background
    // so that the article stays the active tab.
    const probe = await backgroundPage('options.html');
    expect(await session.ext.worker.evaluate(async () => (await (globalThis as unknown as { chrome: Chrome }).chrome.tabs.query({ active: true, currentWindow: true }))[0]?.url)).toBe(url);
    await session.ext.worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.action.openPopup());
    /** The popup's element `testId` (its text and data-ok), read from the probe; `click` clicks it. Null while there is none. */
    const inPopup = (testId: string, click = false): Promise<{ text: string; ok: string | null } | null> =>
      probe.evaluate(
        ([id, press]) => {
          const view = (globalThis as unknown as { chrome: Chrome }).chrome.extension.getViews({ type: 'popup' })[0];
          const el = view?.document.querySelector<HTMLElement>(`[data-testid=${id}]`);
          if (!el) return null;
          if (press) el.click();
          return { text: el.textContent ?? '', ok: el.getAttribute('data-ok') };
        },
        [testId, click] as const,
      );
    await expect.poll(async () => (await inPopup('library-add'))?.text, POLL).toBe('Add to my library');
    await inPopup('library-add', true);
    await expect.poll(async () => (await inPopup('library-status'))?.ok, POLL).toBe('true');
    const status = (await inPopup('library-status'))!.text;
    expect(status).toMatch(/^Added: [1-9]\d* events, [1-9]\d* claims$/);
    const [, events, claims] = /^Added: (\d+) events, (\d+) claims$/.exec(status)!;
    await probe.close();
    const entries = await libraryEntries();
    expect(entries.map((e) => e.url)).toEqual([url]);
    expect(entries[0]!.text).toContain(`${events} events · ${claims} claims`);
    await page.close();
  }, LONG);

  test('the page\'s context-menu entry is registered for pages', async () => {
    // Created on install: Chromium has no call that lists menu items, but updating one that does not exist fails.
    const exists = (): Promise<string> =>
      session.ext.worker.evaluate(() =>
        (globalThis as unknown as { chrome: Chrome }).chrome.contextMenus.update('backstory-add', {}).then(
          () => 'created',
          (e: Error) => e.message,
        ),
      );
    await expect.poll(exists, POLL).toBe('created');
    // What it was created with: the install event replayed, the real registration code run, and each item it
    // creates recorded on its way to the browser's own contextMenus.create.
    const created = await session.ext.worker.evaluate(async () => {
      const cm = (globalThis as unknown as { chrome: Chrome }).chrome.contextMenus;
      const real = cm.create;
      const calls: object[] = [];
      cm.create = (p: object, cb?: () => void) => {
        calls.push(p);
        return real.call(cm, p, cb);
      };
      try {
        (globalThis as unknown as { chrome: Chrome }).chrome.runtime.onInstalled.dispatch({ reason: 'update', previousVersion: '0.1.0' });
        const deadline = Date.now() + 30_000;
        while (calls.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50)); // polls the condition
        return calls;
      } finally {
        cm.create = real;
      }
    });
    expect(created).toContainEqual({ id: 'backstory-add', title: 'Add this page to my Backstory library', contexts: ['page'] });
    await expect.poll(exists, POLL).toBe('created');
  }, LONG);

  test('clicking the context-menu entry on an article adds it; the toolbar button says so; on a home page it says why not', async () => {
    const { page, url } = await openArticle('/library/corridor-deal.html');
    const tabId = await tabIdOf(url);
    expect((await badge(tabId)).text).toBe('');
    await click(tabId, url);
    await expect.poll(async () => (await badge(tabId)).text, POLL).toBe('✓');
    const { title } = await badge(tabId);
    expect(title).toMatch(/^Added: [1-9]\d* events, [1-9]\d* claims$/);
    const [, events, claims] = /^Added: (\d+) events, (\d+) claims$/.exec(title)!;
    const entries = await libraryEntries();
    expect(entries.map((e) => e.url)).toEqual([url]);
    expect(entries[0]!.text).toContain(`${events} events · ${claims} claims`);

    // A page that is not an article: "!" on the button, the reason in its tooltip, nothing added.
    const home = await openArticle('/library/home.html');
    const homeTab = await tabIdOf(home.url);
    await click(homeTab, home.url);
    await expect.poll(async () => (await badge(homeTab)).text, POLL).toBe('!');
    expect((await badge(homeTab)).title).toBe('This page is not an article (a list, a search or a home page): nothing was added.');
    expect((await libraryEntries()).map((e) => e.url)).toEqual([url]);
    await home.page.close();
    await page.close();
  }, LONG);

  test('in Chromium\'s own PDF viewer the context-menu entry says it is a PDF, and adds nothing', async () => {
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/library/accord.pdf`;
    await page.goto(url);
    await page.bringToFront();
    // Chromium's own viewer shows it (not a download): its extension's frame, where no content script runs.
    await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/')), POLL).toBe(true);
    const tabId = await tabIdOf(url);
    await click(tabId, url);
    await expect.poll(async () => (await badge(tabId)).text, POLL).toBe('!');
    expect((await badge(tabId)).title).toBe('This is a PDF: Backstory adds web articles only. Nothing was added.');
    expect(await libraryEntries()).toEqual([]);
    await page.close();
  }, LONG);
});

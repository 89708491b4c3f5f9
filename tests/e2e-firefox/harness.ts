/**
 * Firefox end-to-end harness: the Firefox build (.output/firefox-mv2) installed as a temporary add-on in a stock
 * Firefox driven by puppeteer-core over WebDriver BiDi (no browser download). The fixture server, pages and
 * expectations are the Chromium suite's (tests/e2e/fixtures.ts).
 *
 * - The add-on's internal UUID is fixed at launch (pref `extensions.webextensions.uuids`), so its pages have a
 *   known moz-extension:// URL.
 * - All traffic except to 127.0.0.1 goes through a recording proxy that answers every request with 502: it is
 *   the no-network check, and it sees the background page, extension pages and content scripts alike.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { findFirefox, FIREFOX_INSTALL_HELP } from '../../scripts/find-firefox.mjs';
import { ROOT, SNAPSHOT_AT_DOMCONTENTLOADED, bodyBeforeAndAfterInPage, highlightCountsInPage, totalHighlights, useBrowserSession, type Route, type Server } from '../e2e/fixtures';

export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output/firefox-mv2');
export const GECKO_ID = 'backstory@backstory.invalid';
/** The add-on's internal UUID, fixed for the session (any valid UUID will do). */
export const ADDON_UUID = '6f1c2b9e-3d4a-4e5f-8a7b-0c1d2e3f4a5b';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

/**
 * Hosts Firefox itself calls on its own schedule (remote settings, experiments, telemetry) even with puppeteer's
 * test prefs. Recorded apart so that they neither hide nor fake a request from Backstory, which has no reason
 * to call them.
 */
const BROWSER_OWN = /^(?:[\w-]+\.)*(?:mozilla\.(?:com|org|net)|firefox\.com|mozaws\.net|mozgcp\.net)(?::\d+)?$/;

interface Recorder {
  /** Requests for any host but 127.0.0.1, in order, as `METHOD URL` or `CONNECT host:port`. */
  requests: string[];
  /** Requests to Firefox's own services (BROWSER_OWN), kept apart. */
  browserOwn: string[];
  port: number;
  close: () => Promise<void>;
}

async function startRecordingProxy(): Promise<Recorder> {
  const requests: string[] = [];
  const browserOwn: string[] = [];
  const record = (line: string, host: string): void => void (BROWSER_OWN.test(host) ? browserOwn : requests).push(line);
  const proxy: HttpServer = createServer((req, res) => {
    record(`${req.method} ${req.url}`, new URL(req.url ?? '', 'http://unknown').host);
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('the end-to-end proxy refuses every request');
  });
  proxy.on('connect', (req, socket) => {
    record(`CONNECT ${req.url}`, req.url ?? '');
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  return {
    requests,
    browserOwn,
    port: (proxy.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((ok) => {
        proxy.closeAllConnections();
        proxy.close(() => ok());
      }),
  };
}

export interface FirefoxExtension {
  browser: Browser;
  /** The gecko id `installExtension` returned. */
  id: string;
  /** Requests from the browser to anywhere but 127.0.0.1 (Firefox's own services excluded, see BROWSER_OWN). */
  requests: string[];
  /** The extension page waitForReport asks the background from, opened once and kept. */
  probe?: Promise<Page>;
  close: () => Promise<void>;
}

export function firefoxPath(): string {
  const p = findFirefox();
  if (!p) throw new Error(FIREFOX_INSTALL_HELP);
  return p;
}

export async function launchFirefox(): Promise<FirefoxExtension> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) throw new Error(`no Firefox build in ${FIREFOX_EXTENSION_DIR}: run npx wxt build -b firefox`);
  const proxy = await startRecordingProxy();
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      protocol: 'webDriverBiDi',
      // Lets WebDriver BiDi navigate a tab to a moz-extension:// page (the popup and options pages).
      args: ['--remote-allow-system-access'],
      defaultViewport: { width: 1280, height: 800 },
      timeout: 120_000,
      protocolTimeout: 120_000,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: ADDON_UUID }),
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.share_proxy_settings': true,
        'network.proxy.no_proxies_on': '',
        // The fixture server (127.0.0.1) goes direct; every other host goes to the recording proxy.
        'network.proxy.allow_hijacking_localhost': false,
        'intl.locale.requested': 'en-US',
        'intl.accept_languages': 'en-US, en',
        'ui.systemUsesDarkTheme': 0,
        // Lets a test open the real toolbar popup with action.openPopup(), which otherwise needs a click.
        'extensions.openPopupWithoutUserGesture.enabled': true,
      },
    });
    const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    const b = browser;
    return {
      browser: b,
      id,
      requests: proxy.requests,
      close: async () => {
        await b.close().catch(() => {});
        await proxy.close();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    await proxy.close();
    throw e;
  }
}

/** One Firefox with the add-on and one fixture server for a test file, closed after its tests. */
export function useFirefoxSession(routes: Route[] = []): { readonly ext: FirefoxExtension; readonly server: Server } {
  return useBrowserSession(() => launchFirefox(), routes);
}

/** Polls `check` until it returns a value that is not null/undefined/false, or fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100)); // polling interval of the condition, not a wait for a result
  }
}

/**
 * Opens an extension page (popup.html, options.html) in a new tab by its moz-extension:// URL. Puppeteer never
 * sees the load event of a page in the extension process, so the navigation is started without waiting for it
 * (BiDi `browsingContext.navigate`, readiness `none`) and the test waits for the document instead.
 */
export async function openExtensionPage(ext: FirefoxExtension, path: string): Promise<Page> {
  const page = await ext.browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${path}`;
  const context = (page.mainFrame() as unknown as { browsingContext?: { navigate: (url: string, wait: string) => Promise<unknown> } }).browsingContext;
  if (!context) throw new Error('puppeteer-core no longer exposes the frame\'s BiDi browsing context: update openExtensionPage');
  await context.navigate(url, 'none');
  await until(`${url} to load`, () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url), 60_000);
  return page;
}

/**
 * Opens a web page in a new tab and waits for its DOM. With `snapshot`, the page's <html> is recorded at
 * DOMContentLoaded (before the content script runs) for `htmlAtLoadAndNow`.
 */
export async function openPage(ext: FirefoxExtension, url: string, opts: { snapshot?: boolean } = {}): Promise<Page> {
  const page = await ext.browser.newPage();
  watches.set(page, watchPage(page));
  if (opts.snapshot) await page.evaluateOnNewDocument(SNAPSHOT_AT_DOMCONTENTLOADED);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  return page;
}

export interface Report {
  url: string;
  onTopic: boolean;
  entityIds: string[];
  mentionCount: number;
}

/** Waits until the content script on `url` has reported to the background (asked from an extension page). */
export async function waitForReport(ext: FirefoxExtension, url: string, timeoutMs = 60_000): Promise<Report> {
  ext.probe ??= openExtensionPage(ext, 'options.html');
  const probe = await ext.probe;
  return until(
      `a report from the content script on ${url}`,
      () =>
        probe.evaluate(async (u: string) => {
          type Api = { tabs: { query: (q: object) => Promise<Array<{ id?: number }>> }; runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
          const api = (globalThis as unknown as { browser: Api }).browser;
          for (const tab of await api.tabs.query({})) {
            if (tab.id === undefined) continue;
            const r = (await api.runtime.sendMessage({ type: 'pageState', tabId: tab.id })) as Report | null;
            if (r?.url === u) return r;
          }
          return null;
        }, url),
    timeoutMs,
  );
}

export const highlightCounts = (page: Page): Promise<Record<string, number>> => page.evaluate(highlightCountsInPage);
export const totalOn = async (page: Page): Promise<number> => totalHighlights(await highlightCounts(page));
export const bodyBeforeAndAfter = (page: Page): Promise<{ before: string; after: string }> => page.evaluate(bodyBeforeAndAfterInPage);

/** An element inside Backstory's open shadow root (or the page), by data-testid. */
export const testId = (id: string, extra = ''): string => `>>> [data-testid="${id}"]${extra}`;

/**
 * A real mouse click at the centre of the element, measured in the page. (Puppeteer's own ElementHandle.click
 * misplaces fixed elements inside a shadow root in Firefox: the click lands on the page text below.)
 */
export async function clickOn(page: Page, selector: string): Promise<void> {
  const el = await page.waitForSelector(selector, { timeout: 30_000 });
  const box = await el!.evaluate((e) => {
    // A real click needs the element on screen (a button below the fold in the sidebar's scrolling list).
    e.scrollIntoView({ block: 'center' });
    const r = e.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
}

/**
 * The sidebar's frame on `page` (the add-on's sidebar.html, in a closed shadow root no page script can reach; the
 * test reaches it through the browser's tree of frames), or null while the sidebar is closed. Asked of each frame:
 * puppeteer's BiDi frame keeps the iframe's first address (about:blank) after it navigated to the extension page.
 */
export async function sidebarFrame(page: Page): Promise<Frame | null> {
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const href = await f.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(`${EXTENSION_ORIGIN}/sidebar.html#`)) return f;
  }
  return null;
}

/** Opens the sidebar (the add-on remembers per site whether it was left open, so it may be open already); returns its frame with the panel. */
export async function openSidebar(page: Page): Promise<Frame> {
  const which = await until('the tab or the sidebar', async () => ((await sidebarFrame(page)) ? 'sidebar' : (await page.$(testId('tab'))) ? 'tab' : null), 60_000);
  if (which === 'tab') await clickOn(page, testId('tab'));
  const frame = await until('the sidebar frame', () => sidebarFrame(page), 30_000);
  await frame.waitForSelector(testId('sidebar'), { timeout: 30_000 });
  // The panel slides in: callers measure and read it where it stays (as the Chromium harness's openSidebar callers do).
  await until('the sidebar panel at rest (its slide-in over)', () => frame.evaluate(() => document.getAnimations().length === 0), 30_000);
  return frame;
}

/**
 * A real mouse click at the centre of an element of the sidebar's frame: the frame lies against the right edge of
 * the page's viewport, so its coordinates are the element's plus the frame's left edge. The panel slides in: the
 * click waits until the element has come to rest inside the frame (clicked during the slide, its centre could lie
 * right of the viewport, and Firefox refuses the move as out of bounds; seen in a loaded run).
 */
export async function clickInSidebar(page: Page, frame: Frame, selector: string): Promise<void> {
  const el = await frame.waitForSelector(selector, { timeout: 30_000 });
  const box = await until(`${selector} at rest inside the sidebar`, () =>
    el!.evaluate((e) => {
      e.scrollIntoView({ block: 'center' });
      const r = e.getBoundingClientRect();
      const resting = r.width > 0 && r.left >= 0 && r.right <= innerWidth && document.getAnimations().length === 0;
      return resting ? { x: r.left + r.width / 2, y: r.top + r.height / 2, frameWidth: innerWidth } : null;
    }),
    30_000,
  );
  const pageWidth = await page.evaluate(() => document.documentElement.clientWidth);
  await page.mouse.click(pageWidth - box.frameWidth + box.x, box.y);
}

const watches = new WeakMap<Page, PageWatch>();
/** Backstory's errors on a page opened by openPage, watched from before its navigation. */
export const errorsOn = (page: Page): string[] => watches.get(page)?.errors ?? [];

export interface PageWatch {
  /** Errors and warnings whose text or stack points at the add-on (its moz-extension URL or the name Backstory). */
  errors: string[];
}

/**
 * Watches a page's JavaScript errors and console messages over BiDi `log.entryAdded`, which Firefox reports for
 * the page's window including its content-script sandboxes. Started before navigating (openPage does).
 */
function watchPage(page: Page): PageWatch {
  const errors: string[] = [];
  const ours = (t: string): boolean => t.includes(EXTENSION_ORIGIN) || /backstory/i.test(t);
  page.on('pageerror', (e) => {
    const text = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    if (ours(text)) errors.push(text);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warn' && m.type() !== 'assert') return;
    const text = `${m.text()} ${m.stackTrace().map((f) => f.url ?? '').join(' ')}`;
    if (ours(text)) errors.push(`console.${m.type()}: ${text}`);
  });
  return { errors };
}

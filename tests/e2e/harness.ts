/**
 * End-to-end harness: the built extension in real Chromium (playwright-core, no browser download), fixture
 * pages served from 127.0.0.1, and helpers to reach the extension's own pages. Every launch and server is
 * closed by the returned `close()`; tests call it in afterAll.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Worker } from 'playwright-core';
import { findChrome, INSTALL_HELP } from '../../scripts/find-chrome.mjs';
import { ROOT, bodyBeforeAndAfterInPage, highlightCountsInPage, useBrowserSession, type Route, type Server } from './fixtures';

// The fixture server, pages and expectations are browser-neutral, shared with the Firefox suite.
export { ROOT, FIXTURES, SHARED_PAGES, seedPage, startServer, type Route, type Server } from './fixtures';
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

export interface Extension {
  context: BrowserContext;
  id: string;
  worker: Worker;
  /** Requests from the extension's origin or its content scripts to anywhere but the test server. */
  requests: string[];
  close: () => Promise<void>;
}

export function chromePath(): string {
  const p = findChrome();
  if (!p) throw new Error(INSTALL_HELP);
  return p;
}

/** `userDataDir`: a profile the caller owns (kept on close: a test restarts the browser on it, then removes it). */
export async function launchExtension(opts: { colorScheme?: 'light' | 'dark'; locale?: string; userDataDir?: string } = {}): Promise<Extension> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`no built extension in ${EXTENSION_DIR}: run npx wxt build`);
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'backstory-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    viewport: { width: 1280, height: 800 },
    // On Linux, Chromium picks the extension's _locales by LANGUAGE, not by --lang.
    ...(opts.locale ? { env: { ...process.env, LANGUAGE: opts.locale.replace('-', '_') } } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      ...(opts.locale ? [`--lang=${opts.locale}`] : []),
    ],
  });
  // Playwright's own waits (locator.waitFor, click, waitForEvent) default to 30 s; on the loaded 2-core CI machine a
  // huge page's sidebar took longer to appear. The tests' time limits still bound every wait.
  context.setDefaultTimeout(90_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 60_000 }));
  const id = new URL(worker.url()).host;
  const requests: string[] = [];
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('http://127.0.0.1') || u.startsWith('chrome-extension://') || u.startsWith('data:') || u === 'about:blank') return;
    requests.push(u);
  });
  return {
    context,
    id,
    worker,
    requests,
    close: async () => {
      await context.close();
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium with the extension and one fixture server for a test file: started before its tests, closed after
 * them. Read `session.ext` and `session.server` inside tests (they are set once `beforeAll` has run).
 */
export function useSession(routes: Route[] = []): { readonly ext: Extension; readonly server: Server } {
  return useBrowserSession(() => launchExtension(), routes);
}

/** Opens an extension page (popup.html, reader.html#..., options.html) in a tab. */
export async function openExtensionPage(ext: Extension, path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.id}/${path}`);
  return page;
}

/** The slice of the extension API the probes use inside an extension page. */
export interface ChromeApi {
  tabs: { query: (q: object) => Promise<Array<{ id?: number; url?: string }>> };
  runtime: { sendMessage: (msg: unknown) => Promise<unknown> };
}

export interface Report {
  url: string;
  onTopic: boolean;
  entityIds: string[];
  mentionCount: number;
}

/** How long a poll waits for a re-scan or a chain of messages (service worker → storage → page) on a loaded machine. */
export const POLL_RESCAN = { timeout: 45_000 };

/**
 * The reports the background holds when it is taken, by tab: `waitForReport` answers only with a report that is
 * not among them (a new tab's, or a changed one), never with one left by an earlier tab showing the same URL.
 */
export type ReportMark = ReadonlyMap<number, string>;

type Probe = Page;
const readReports = (probe: Probe): Promise<Array<[number, Report]>> =>
  probe.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const out: Array<[number, Report]> = [];
    for (const tab of await chrome.tabs.query({})) {
      if (tab.id === undefined) continue;
      const r = (await chrome.runtime.sendMessage({ type: 'pageState', tabId: tab.id })) as Report | null;
      if (r) out.push([tab.id, r]);
    }
    return out;
  });

async function markWith(probe: Probe): Promise<ReportMark> {
  return new Map((await readReports(probe)).map(([id, r]) => [id, JSON.stringify(r)]));
}

/** Takes a mark of the reports there are now: call it before the action whose report you then wait for. */
export async function reportMark(ext: Extension): Promise<ReportMark> {
  const probe = await openExtensionPage(ext, 'options.html');
  try {
    return await markWith(probe);
  } finally {
    await probe.close();
  }
}

async function pollReport(probe: Probe, url: string, since: ReportMark, timeoutMs: number): Promise<Report> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = (await readReports(probe)).find(([id, r]) => r.url === url && since.get(id) !== JSON.stringify(r));
    if (fresh) return fresh[1];
    if (Date.now() > deadline) throw new Error(`no new report from the content script on ${url} within ${timeoutMs} ms`);
    await probe.waitForTimeout(100); // polling interval of the condition, not a fixed wait for a result
  }
}

/**
 * Waits until the content script on `url` has sent a report newer than `since` (a mark taken before the action
 * it follows), and returns it. Asks the background through the real messaging from an extension page.
 */
export async function waitForReport(ext: Extension, url: string, since: ReportMark, timeoutMs = 60_000): Promise<Report> {
  const probe = await openExtensionPage(ext, 'options.html');
  try {
    return await pollReport(probe, url, since, timeoutMs);
  } finally {
    await probe.close();
  }
}

/**
 * One extension page kept open for many marks and waits (a sweep over a hundred pages would otherwise open two
 * extension pages per page). Close it when done.
 */
export interface ReportProbe {
  mark: () => Promise<ReportMark>;
  wait: (url: string, since: ReportMark, timeoutMs?: number) => Promise<Report>;
  close: () => Promise<void>;
}

export async function openReportProbe(ext: Extension): Promise<ReportProbe> {
  const probe = await openExtensionPage(ext, 'options.html');
  return {
    mark: () => markWith(probe),
    wait: (url, since, timeoutMs = 60_000) => pollReport(probe, url, since, timeoutMs),
    close: () => probe.close(),
  };
}

/** Navigates `page` to `url` and waits for the report its content script sends about this load. */
export async function gotoAndReport(ext: Extension, page: Page, url: string, opts: { timeoutMs?: number; waitUntil?: 'load' | 'domcontentloaded' } = {}): Promise<Report> {
  const probe = await openExtensionPage(ext, 'options.html');
  try {
    const since = await markWith(probe);
    await page.goto(url, opts.waitUntil ? { waitUntil: opts.waitUntil } : {});
    return await pollReport(probe, url, since, opts.timeoutMs ?? 60_000);
  } finally {
    await probe.close();
  }
}

/**
 * The sidebar's frame on `page`, or null while the sidebar is closed. It is an extension page (sidebar.html) in a
 * closed shadow root: no page script can reach it, the test reaches it through Playwright's tree of frames.
 */
export function sidebarFrame(page: Page): Frame | null {
  return page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/sidebar\.html#/.test(f.url())) ?? null;
}

/** Polls `ready` (every 100 ms: the interval of the condition, not a wait for a result) until it holds or `timeoutMs` passes. */
async function pollUntil(page: Page, what: string, ready: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

/** Waits for the sidebar's frame and its panel (the loading line may still show). */
export async function sidebar(page: Page, timeoutMs = POLL_RESCAN.timeout): Promise<Frame> {
  await pollUntil(page, 'the sidebar frame', () => sidebarFrame(page) !== null, timeoutMs);
  const frame = sidebarFrame(page)!;
  await frame.getByTestId('sidebar').waitFor({ timeout: timeoutMs });
  return frame;
}

/** Waits until the sidebar is closed: no frame, and the tab back. */
export async function sidebarClosed(page: Page, timeoutMs = POLL_RESCAN.timeout): Promise<void> {
  await pollUntil(page, 'the sidebar to close', () => sidebarFrame(page) === null, timeoutMs);
  await page.getByTestId('tab').waitFor({ timeout: timeoutMs });
}

/** Opens the sidebar (the extension remembers per site whether it was left open, so it may be open already). */
export async function openSidebar(page: Page, timeoutMs = 90_000): Promise<Frame> {
  await pollUntil(page, 'the tab or the sidebar', async () => sidebarFrame(page) !== null || (await page.getByTestId('tab').count()) > 0, timeoutMs);
  if (!sidebarFrame(page)) await page.getByTestId('tab').click();
  return sidebar(page, timeoutMs);
}

/**
 * Waits until the sidebar's panel is at rest: its slide-in animation over (no animation running in its frame), so
 * that what a test measures is where the panel stays, not a frame of the slide (a loaded machine can measure
 * mid-slide: 417.8 px of a 400 px frame once).
 */
export async function sidebarAtRest(page: Page, frame: Frame, timeoutMs = POLL_RESCAN.timeout): Promise<void> {
  await pollUntil(page, 'the sidebar panel at rest (its slide-in over)', () => frame.evaluate(() => document.getAnimations().length === 0), timeoutMs);
}

/** Opens the sidebar and waits until its payload has loaded and the panel is at rest. */
export async function loadedSidebar(page: Page, timeoutMs = 90_000): Promise<Frame> {
  const frame = await openSidebar(page, timeoutMs);
  await frame.getByTestId('loading').waitFor({ state: 'detached', timeout: timeoutMs });
  // What callers read or check (axe's contrast included) is the panel at rest, not at 60% opacity mid-slide.
  await sidebarAtRest(page, frame, timeoutMs);
  return frame;
}

/** Counts the ranges registered under Backstory's highlight names, from the page's main world. */
export async function highlightCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(highlightCountsInPage);
}

/**
 * How the browser styles Backstory's highlights on this page, from the computed `::highlight()` style of the
 * element holding the first highlighted range: 'underline', 'background', or 'none' (no highlight, or unstyled).
 */
export async function highlightStyle(page: Page): Promise<'underline' | 'background' | 'none'> {
  return page.evaluate(() => {
    for (const [name, h] of CSS.highlights) {
      // The quiet highlight (common names at their first mention) is an underline whatever the style setting.
      if (!name.startsWith('backstory-') || name === 'backstory-quiet') continue;
      for (const r of h as unknown as Iterable<AbstractRange>) {
        const el = r.startContainer.parentElement;
        if (!el) continue;
        const cs = getComputedStyle(el, `::highlight(${name})`);
        if (cs.textDecorationLine.includes('underline')) return 'underline';
        if (!/^(transparent|rgba\(.*, 0\))$/.test(cs.backgroundColor)) return 'background';
        return 'none';
      }
    }
    return 'none';
  });
}

/** The page's <body> as parsed from the served HTML, and as it is now. */
export async function bodyBeforeAndAfter(page: Page): Promise<{ before: string; after: string }> {
  return page.evaluate(bodyBeforeAndAfterInPage);
}

export interface PageWatch {
  /** Errors, failed assertions and unhandled rejections from Backstory, in any world of the page (content script included). */
  errors: string[];
  /** Requests started by Backstory's code (its scripts on the initiator stack), wherever they go. */
  requests: string[];
  stop: () => Promise<void>;
}

/**
 * Watches one page through the DevTools protocol, which (unlike Playwright's console events) sees every world,
 * including the content script's isolated world: exceptions and console errors whose text, source or stack
 * points at the extension (its chrome-extension:// URL or the name Backstory), and network requests whose
 * initiator stack runs through the extension's scripts. Start it before navigating.
 */
export async function watchPage(ext: Extension, page: Page): Promise<PageWatch> {
  const errors: string[] = [];
  const requests: string[] = [];
  const origin = `chrome-extension://${ext.id}`;
  const ours = (...texts: Array<string | undefined>): boolean => texts.some((t) => !!t && (t.includes(origin) || /backstory/i.test(t)));
  type Frame = { url: string };
  type Stack = { callFrames: Frame[]; parent?: Stack };
  const urls = (s?: Stack): string[] => (s ? [...s.callFrames.map((f) => f.url), ...urls(s.parent)] : []);
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Runtime.exceptionThrown', (e: { exceptionDetails: { text: string; url?: string; stackTrace?: Stack; exception?: { description?: string } } }) => {
    const d = e.exceptionDetails;
    const text = `${d.text} ${d.exception?.description ?? ''}`;
    if (ours(text, d.url, ...urls(d.stackTrace))) errors.push(text);
  });
  cdp.on('Runtime.consoleAPICalled', (e: { type: string; args: Array<{ value?: unknown; description?: string }>; stackTrace?: Stack }) => {
    if (e.type !== 'error' && e.type !== 'assert' && e.type !== 'warning') return;
    const text = e.args.map((a) => (a.value !== undefined ? String(a.value) : (a.description ?? ''))).join(' ');
    if (ours(text, ...urls(e.stackTrace))) errors.push(`console.${e.type}: ${text}`);
  });
  cdp.on('Log.entryAdded', (e: { entry: { level: string; text: string; url?: string } }) => {
    if (e.entry.level === 'error' && ours(e.entry.text, e.entry.url)) errors.push(e.entry.text);
  });
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string }; initiator: { type: string; url?: string; stack?: Stack } }) => {
    if (ours(e.initiator.url, ...urls(e.initiator.stack))) requests.push(e.request.url);
  });
  await Promise.all([cdp.send('Runtime.enable'), cdp.send('Log.enable'), cdp.send('Network.enable')]);
  return { errors, requests, stop: () => cdp.detach().catch(() => {}) };
}

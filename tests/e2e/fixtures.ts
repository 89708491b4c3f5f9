/**
 * The browser-neutral half of the end-to-end harness, shared by the Chromium suite (tests/e2e, playwright-core) and
 * the Firefox suite (tests/e2e-firefox, puppeteer-core): the fixture server, the pages it serves, and what the
 * extension must do on them, computed once from the index and `npm run scan`'s own code, so that one expectation
 * is written here and checked in both browsers.
 */
import { afterAll, beforeAll } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { FIRST_EVENTS } from '../../lib/ui/limits';
import { loadContext, scanHtml, type ScanResultWithText } from '../../lib/cli/scan-files';
import { renderArticle } from '../../lib/cli/render';
import type { BackstoryIndex } from '../../lib/index/types';

// From the module URL rather than __dirname, so that benchmarks run by tsx (ES modules) can use the harness too.
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const SHARED_PAGES = resolve(ROOT, '../shared/fixtures/readability-pages');

export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8' };

function loadIndex(): BackstoryIndex {
  return JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex;
}

/** A seed document as a simple article page (paragraphs as in the cleaned text). */
export function seedPage(n: number): string {
  const doc = loadIndex().documents[n]!;
  return renderArticle({ title: doc.title, date: doc.date?.value.length === 10 ? doc.date.value : null, lang: doc.lang, paragraphs: doc.text.split('\n\n') });
}

export interface Server {
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves: `/seed/N` (seed N as an article), `/pages/NAME` (tests/fixtures/pages), `/library/NAME` (tests/fixtures/library), `/readability/NAME`
 * (../shared/fixtures/readability-pages, when present), `/readability-local/NAME` (tests/fixtures/readability), and any extra routes given first.
 * A file served with `?noscript` gets `Content-Security-Policy: script-src 'none'; frame-src 'none'`.
 */
export async function startServer(routes: Route[] = []): Promise<Server> {
  const server = createServer((req, res) => {
    try {
      for (const route of routes) if (route(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seed = /^\/seed\/(\d+)$/.exec(url.pathname);
      if (seed) {
        res.writeHead(200, { 'content-type': TYPES['.html']! });
        res.end(seedPage(Number(seed[1])));
        return;
      }
      const file = /^\/pages\/([\w.-]+)$/.exec(url.pathname)
        ? join(FIXTURES, 'pages', url.pathname.slice(7))
        : /^\/readability\/([\w.-]+)$/.exec(url.pathname)
          ? join(SHARED_PAGES, url.pathname.slice(13))
          : /^\/readability-local\/([\w.-]+)$/.exec(url.pathname)
            ? join(FIXTURES, 'readability', url.pathname.slice(19))
            : /^\/library\/([\w.-]+)$/.exec(url.pathname)
              ? join(FIXTURES, 'library', url.pathname.slice(9))
              : null;
      if (file && existsSync(file)) {
        // `?noscript`: the page's own scripts blocked (content scripts are not subject to a page's CSP), so that
        // captured pages that insert tags after loading cannot make "the DOM is unchanged" fail or pass; and their
        // third-party frames (video embeds) not loaded: refused by the test's proxy, Firefox once failed the page's
        // own navigation over them ("Address rejected").
        const csp = url.searchParams.has('noscript') ? { 'content-security-policy': "script-src 'none'; frame-src 'none'" } : {};
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...csp });
        res.end(readFileSync(file));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/**
 * One browser (from `launch`) and one fixture server for a test file: started before its tests, closed after
 * them. Read `session.ext` and `session.server` inside tests (they are set once `beforeAll` has run).
 */
export function useBrowserSession<E extends { close: () => Promise<void> }>(launch: () => Promise<E>, routes: Route[] = []): { readonly ext: E; readonly server: Server } {
  const session = {} as { ext: E; server: Server };
  beforeAll(async () => {
    session.server = await startServer(routes);
    session.ext = await launch();
  });
  afterAll(async () => {
    await session.ext?.close();
    await session.server?.close();
  });
  return session;
}

/** Served paths of the off-topic fixture pages (`/pages/off-*.html`). */
export const offTopicPaths = (): string[] => readdirSync(join(FIXTURES, 'pages')).filter((n) => n.startsWith('off-')).map((n) => `/pages/${n}`);
/** Served paths of the in-repo readability pages, which name Russia or Iran only in passing. */
export const readabilityPaths = (): string[] => readdirSync(join(FIXTURES, 'readability')).filter((n) => n.endsWith('.html')).map((n) => `/readability-local/${n}`);

/** What `npm run scan` finds on seed N as served under `/seed/N`: the content script must find the same. */
export const expectedSeedScan = (n: number): ScanResultWithText => scanHtml(`seed${n}`, seedPage(n), loadContext());

/**
 * What the sidebar must list for a scanned page: its entities from the background's own payload, and its events and
 * claims in the ranked order `npm run scan` gives (the sidebar shows the first FIRST_EVENTS events, then "Show all").
 */
export function expectedSidebar(scan: ScanResultWithText): { entityIds: string[]; firstEventIds: string[]; eventIds: string[]; claimIds: string[] } {
  const ids = [...new Set(scan.mentions.map((m) => m.entityId))];
  const payload = loadContext().service.payload(ids, scan.date);
  return {
    entityIds: payload.entities.filter((e) => e.mentions > 0 || e.roles.length).map((e) => e.id),
    firstEventIds: scan.eventIds.slice(0, FIRST_EVENTS),
    eventIds: scan.eventIds,
    claimIds: scan.claimIds,
  };
}

/** Sum of highlight ranges over Backstory's highlight names. */
export const totalHighlights = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * The sidebar's width in a window `viewport` CSS pixels wide: at most 40% of the window (so an 800-pixel window
 * keeps 60% for the article), never wider than 400 px, and not narrower than 280 px (below 700-pixel windows
 * the floor wins: a narrower sidebar cannot show a quote). Returns the problems found, empty when it is right.
 */
export function sidebarWidthProblems(width: number, viewport: number): string[] {
  // `viewport` is the window's inner width (scrollbar included), which is what 40vw is 40% of.
  const problems: string[] = [];
  if (width > Math.max(viewport * 0.4, 280) + 1) problems.push(`${width} px is more than 40% of a ${viewport}-px window`);
  if (width > 401) problems.push(`${width} px is wider than the 400-px maximum`);
  if (width < Math.min(280, viewport) - 1) problems.push(`${width} px is narrower than the 280-px floor`);
  return problems;
}

/**
 * Runs in the page (pass it to `page.evaluate` with the wanted texts): scrolls the first highlighted range whose
 * text is one of `wanted` into view and returns its viewport centre.
 */
export function rangeCentreInPage(wanted: string[]): { x: number; y: number; text: string } {
  for (const [name, h] of CSS.highlights) {
    if (!name.startsWith('backstory-')) continue;
    for (const r of h as unknown as Iterable<StaticRange>) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      if (!wanted.includes(range.toString())) continue;
      range.startContainer.parentElement!.scrollIntoView({ block: 'center' });
      const box = range.getClientRects()[0]!;
      return { x: box.left + box.width / 2, y: box.top + box.height / 2, text: range.toString() };
    }
  }
  throw new Error(`no highlighted ${wanted.join('/')}`);
}

/** Runs in the page: the ranges registered under Backstory's highlight names, by name. */
export function highlightCountsInPage(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, h] of CSS.highlights) if (name.startsWith('backstory-')) out[name] = h.size;
  return out;
}

/** Runs in the page: its <body> as parsed from the served HTML, and as it is now. */
export async function bodyBeforeAndAfterInPage(): Promise<{ before: string; after: string }> {
  const raw = await (await fetch(location.href)).text();
  const parsed = new DOMParser().parseFromString(raw, 'text/html');
  return { before: parsed.body.outerHTML, after: document.body.outerHTML };
}

/** A script to run before the page's own (an init script): records <html> as parsed, at DOMContentLoaded. */
export const SNAPSHOT_AT_DOMCONTENTLOADED = `document.addEventListener('DOMContentLoaded', () => { window.__bsBefore = document.documentElement.outerHTML; }, { once: true });`;

/** Runs in the page: <html> as recorded by SNAPSHOT_AT_DOMCONTENTLOADED (null without it), and as it is now. */
export function htmlAtLoadAndNowInPage(): { before: string | null; after: string } {
  return { before: (window as unknown as { __bsBefore?: string }).__bsBefore ?? null, after: document.documentElement.outerHTML };
}

/**
 * The robustness sweep, in real Chromium with the built extension. Every readability page of
 * ../shared/fixtures/readability-pages (the in-repo subset in tests/fixtures/readability when ../shared is absent):
 * no error or unhandled rejection from Backstory in any world, not on topic, the DOM under <html> identical before
 * and after the content script ran (the page's own scripts blocked, so that every change would be Backstory's), and
 * no network request from the extension. Then pages that try to break it,
 * one test each: <base> with a legacy encoding, a frameset and a cross-origin frame, web components with the
 * article in open shadow roots, names split across inline elements, Persian (right to left) and Russian, a page
 * that mutates without end, a page that sabotages the globals of its own world, and a page that removes
 * Backstory's shadow host. (Strict CSP, a same-origin iframe, SPA navigation with history.pushState and a 10 MB
 * page are in page.e2e.ts.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadContext, scanHtml } from '../../lib/cli/scan-files';
import { FIXTURES, SHARED_PAGES, launchExtension, openReportProbe, seedPage, startServer, watchPage, type ReportMark, type ReportProbe, type Extension, type PageWatch, type Route, type Server } from './harness';

const shared = existsSync(SHARED_PAGES);
const READABILITY = shared ? SHARED_PAGES : join(FIXTURES, 'readability');
const readabilityPages = readdirSync(READABILITY).filter((n) => n.endsWith('.html')).sort();
const fixture = (name: string): string => readFileSync(join(FIXTURES, 'pages', name), 'utf8');
const html = (body: string, head = '', attrs = 'lang="en"'): string => `<!doctype html><html ${attrs}><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

/** windows-1251: ASCII and Cyrillic as single bytes; anything else as a character reference. */
function toCp1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c >= 0x410 && c <= 0x44f) bytes.push(c - 0x410 + 0xc0);
    else if (c === 0x401) bytes.push(0xa8);
    else if (c === 0x451) bytes.push(0xb8);
    else for (const b of Buffer.from(`&#${c};`, 'latin1')) bytes.push(b);
  }
  return Buffer.from(bytes);
}

const send = (res: Parameters<Route>[1], body: string | Buffer, type = 'text/html; charset=utf-8'): true => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
  return true;
};

const SPLIT_ARTICLE = `<article><h1>Pu<b>tin</b> and Pe<i>zesh</i>kian meet in Teh<span>ran</span></h1>
<p>Vladimir Pu<b>tin</b> and Masoud <em>Pezesh</em>kian signed the Russia–Iran comprehensive strategic partnership treaty.</p>
<p>Ru<span>ss</span>ia and Ir<span>a</span>n agreed on Shahed drones, sanctions and the North–South corridor; Mos<b>cow</b> and Tehran praised it.</p></article>`;

/** The texts the page paints at the default density (every mention is in `mentions`; see lib/highlight/density.ts). */
const paintedTexts = (r: { painted: Array<{ start: number; end: number }>; pageText: string }): string[] => r.painted.map((p) => r.pageText.slice(p.start, p.end));
const SHADOW_TEXT = 'Vladimir Putin and Masoud Pezeshkian signed the Russia–Iran comprehensive strategic partnership treaty in Moscow; Tehran and the Kremlin spoke of Shahed drones and sanctions.';
const SHADOW_PAGE = html(
  `<h1>Putin and Pezeshkian in Tehran</h1><news-article id="a1"></news-article><news-article id="a2"></news-article>
<script>
customElements.define('news-article', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const p = document.createElement('p');
    p.textContent = '${SHADOW_TEXT}';
    root.append(p);
  }
});
</script>`,
  '<title>Web components</title>',
);

const HOSTILE = `<script>
window.__real = { highlights: CSS.highlights, from: Array.from };
Array.prototype.map = function () { return []; };
Array.prototype.filter = function () { return []; };
Array.prototype.includes = function () { return true; };
Array.prototype.sort = function () { throw new Error('page: no sorting here'); };
Node.prototype.appendChild = function () { throw new Error('page: appendChild blocked'); };
Node.prototype.contains = function () { return true; };
Element.prototype.attachShadow = function () { throw new Error('page: no shadow roots'); };
Element.prototype.getAttribute = function () { return 'x'; };
document.createTreeWalker = function () { throw new Error('page: no walking'); };
window.CSS = { highlights: null, supports: () => false };
window.Highlight = function () { throw new Error('page: no highlights'); };
</script>`;

const routes: Route[] = [
  (req, res) => {
    // The sweep's pages, served with their own scripts blocked (script-src 'none'; content scripts are not
    // subject to a page's CSP): captured pages insert tags of their own after loading, so "unchanged" could not
    // tell their changes from Backstory's. The DOM is then exactly as parsed, before and after.
    const m = /^\/sweep\/([\w.-]+\.html)$/.exec(req.url ?? '');
    if (!m || !readabilityPages.includes(m[1]!)) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'none'" });
    res.end(readFileSync(join(READABILITY, m[1]!)));
    return true;
  },
  (req, res) => {
    if (req.url !== '/base-cp1251') return false;
    // A Russian article in windows-1251 (declared only in a meta tag), under a <base> on another host.
    const src = fixture('on-ru.html').replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><base href="https://news.example.invalid/world/">');
    return send(res, toCp1251(src), 'text/html');
  },
  (req, res) => {
    if (req.url !== '/frameset') return false;
    return send(res, `<!doctype html><html><head><title>Frames</title></head><frameset cols="50%,50%"><frame src="/pages/on-de.html" name="article"><frame src="/pages/off-kazan-travel.html" name="travel"></frameset></html>`);
  },
  (req, res) => {
    if (req.url !== '/cross-origin-host') return false;
    const port = (req.headers.host ?? '').split(':')[1];
    return send(res, html(`<h1>Garden diary</h1><p>The beans need support.</p><iframe src="http://localhost:${port}/pages/on-fr.html" width="900" height="600" title="article elsewhere"></iframe>`));
  },
  (req, res) => (req.url === '/shadow' ? send(res, SHADOW_PAGE) : false),
  (req, res) => (req.url === '/split' ? send(res, html(SPLIT_ARTICLE, '<title>Split</title>')) : false),
  (req, res) => {
    if (req.url !== '/mutating') return false;
    const ticker = `<div id="ticker"></div><script>
      const t = document.getElementById('ticker'); let n = 0;
      (function tick() { t.replaceChildren(Object.assign(document.createElement('span'), { textContent: 'Markets ' + n++ })); document.body.dataset.n = String(n); requestAnimationFrame(tick); })();
      setInterval(() => { const p = document.createElement('p'); p.textContent = 'Weather update ' + n; document.body.append(p); if (document.body.children.length > 60) document.body.children[3].remove(); }, 20);
    </script>`;
    return send(res, seedPage(1).replace('</body>', `${ticker}</body>`));
  },
  (req, res) => (req.url === '/hostile' ? send(res, seedPage(1).replace('<head>', `<head>${HOSTILE}`)) : false),
  (req, res) => {
    if (req.url !== '/remove-host') return false;
    const script = `<script>new MutationObserver(() => { for (const h of document.querySelectorAll('backstory-root')) { h.remove(); window.__removed = (window.__removed || 0) + 1; } }).observe(document.documentElement, { childList: true });</script>`;
    return send(res, seedPage(1).replace('</body>', `${script}</body>`));
  },
];

let ext: Extension;
let server: Server;
/** One extension page that takes every mark and waits for every report in this file. */
let reports: ReportProbe;
const workerRequests: string[] = [];
const ctx = loadContext();

beforeAll(async () => {
  server = await startServer(routes);
  ext = await launchExtension();
  reports = await openReportProbe(ext);
  // The service worker's own requests (anything but its packaged files).
  ext.context.on('request', (r) => {
    if (r.serviceWorker() && !r.url().startsWith('chrome-extension://')) workerRequests.push(r.url());
  });
});
afterAll(async () => {
  await reports?.close();
  await ext?.close();
  await server?.close();
});

interface Opened {
  page: Page;
  watch: PageWatch;
  /** The reports there were before this page loaded: its own report is newer. */
  since: ReportMark;
}

/** Opens `path` with the page watched from the start; other hosts are refused at once (they do not answer here). */
async function open(path: string, init?: string): Promise<Opened> {
  const page = await ext.context.newPage();
  const watch = await watchPage(ext, page);
  await page.route((u) => !u.href.startsWith(server.url) && !/^http:\/\/localhost:\d+\//.test(u.href), (route) => route.abort());
  if (init) await page.addInitScript(init);
  const since = await reports.mark();
  await page.goto(`${server.url}${path}`, { waitUntil: 'domcontentloaded' });
  return { page, watch, since };
}

async function close({ page, watch }: Opened): Promise<void> {
  await watch.stop();
  await page.close();
}

/** Backstory's highlight ranges as text, in registration order, read from the page's main world. */
function highlightedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const registry = ((window as unknown as { __real?: { highlights: HighlightRegistry } }).__real?.highlights ?? CSS.highlights) as HighlightRegistry;
    const out: string[] = [];
    registry.forEach((h, name) => {
      if (!name.startsWith('backstory-')) return;
      h.forEach((r) => {
        const range = document.createRange();
        const s = r as StaticRange;
        range.setStart(s.startContainer, s.startOffset);
        range.setEnd(s.endContainer, s.endOffset);
        out.push(range.toString());
      });
    });
    return out;
  });
}

/** Before: the DOM as parsed, snapshotted at DOMContentLoaded from the page's main world (the content script runs at document_idle, later). */
const SNAPSHOT = `document.addEventListener('DOMContentLoaded', () => { window.__bsBefore = document.documentElement.outerHTML; }, { once: true });`;

describe('readability sweep', () => {
  const name = shared
    ? `all ${readabilityPages.length} pages of ../shared/fixtures/readability-pages`
    : `in-repo subset only (${readabilityPages.length} pages of tests/fixtures/readability): the full sweep was skipped because ../shared/fixtures/readability-pages is absent`;
  // In parts of at most 26 pages, each with its own time limit: on a loaded 2-core machine a page can take seconds.
  const PART = 26;
  for (let first = 0; first < readabilityPages.length; first += PART) {
    const part = readabilityPages.slice(first, first + PART);
    const which = `pages ${first + 1}–${first + part.length} of ${readabilityPages.length}`;
    test(`${name}, ${which}: no Backstory error, not on topic, DOM under <html> unchanged, no request from the extension`, async () => {
      const problems: string[] = [];
      for (const file of part) {
        const url = `${server.url}/sweep/${file}`;
        const o = await open(`/sweep/${file}`, SNAPSHOT);
        try {
          const report = await reports.wait(url, o.since);
          // (Not compared with DOMParser: it parses <noscript> content as markup, a live page with scripting on does not.)
          const { before, after } = await o.page.evaluate(() => ({ before: (window as unknown as { __bsBefore?: string }).__bsBefore ?? null, after: document.documentElement.outerHTML }));
          if (report.onTopic) problems.push(`${file}: on topic`);
          if (before === null) problems.push(`${file}: no snapshot at DOMContentLoaded`);
          else if (after !== before) problems.push(`${file}: DOM changed (${before.length} → ${after.length} chars${after.includes('<backstory-root') ? ', shadow host added' : ''})`);
          for (const e of o.watch.errors) problems.push(`${file}: error ${e}`);
          for (const r of o.watch.requests) problems.push(`${file}: request ${r}`);
        } finally {
          await close(o);
        }
      }
      expect(problems).toEqual([]);
      expect(workerRequests).toEqual([]);
    }, 600_000);
  }
});

describe('pages that try to break it', () => {
  test('<base> on another host and a windows-1251 page: the Russian names are found where they are', async () => {
    const src = fixture('on-ru.html');
    const expected = scanHtml('on-ru', src, ctx);
    const o = await open('/base-cp1251');
    expect(await o.page.evaluate(() => [document.characterSet, document.baseURI])).toEqual(['windows-1251', 'https://news.example.invalid/world/']);
    expect((await reports.wait(`${server.url}/base-cp1251`, o.since)).onTopic).toBe(true);
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length)).toBe(expected.painted.length);
    expect((await highlightedTexts(o.page)).sort()).toEqual(paintedTexts(expected).sort());
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });

  test('a frameset and a cross-origin frame: each frame is scanned on its own', async () => {
    const o = await open('/frameset');
    const frameCount = async (re: RegExp): Promise<number> => {
      const f = o.page.frame({ url: re });
      return f ? f.evaluate(() => [...CSS.highlights.keys()].filter((n) => n.startsWith('backstory-')).length) : -1;
    };
    // The top document is a frameset (no text of its own): it reports not on topic; frames do not report.
    expect((await reports.wait(`${server.url}/frameset`, o.since)).onTopic).toBe(false);
    await expect.poll(() => frameCount(/on-de\.html$/), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await frameCount(/off-kazan-travel\.html$/)).toBe(0);
    expect(o.watch.errors).toEqual([]);
    await close(o);

    const c = await open('/cross-origin-host');
    await expect.poll(() => c.page.frame({ url: /localhost:\d+\/pages\/on-fr\.html$/ }) !== null).toBe(true);
    const inner = c.page.frame({ url: /on-fr\.html$/ })!;
    await expect.poll(() => inner.evaluate(() => [...CSS.highlights.keys()].filter((n) => n.startsWith('backstory-')).length), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await c.page.evaluate(() => [...CSS.highlights.keys()].filter((n) => n.startsWith('backstory-')).length)).toBe(0);
    expect(c.watch.errors).toEqual([]);
    await close(c);
  });

  test('web components with the article in open shadow roots: highlighted inside them, painted, components untouched', async () => {
    const o = await open('/shadow');
    expect((await reports.wait(`${server.url}/shadow`, o.since)).onTopic).toBe(true);
    const inShadow = (): Promise<string[]> =>
      o.page.evaluate(() => {
        const out: string[] = [];
        CSS.highlights.forEach((h, name) => {
          if (!name.startsWith('backstory-')) return;
          h.forEach((r) => {
            if (r.startContainer.getRootNode() instanceof ShadowRoot) out.push((r.startContainer as Text).data.slice(r.startOffset, r.endOffset));
          });
        });
        return out.sort();
      });
    await expect.poll(async () => (await inShadow()).length).toBeGreaterThan(0);
    // Every name painted in both components: what the scan paints in the same text laid out without components,
    // under the same heading (which holds the section's first "Tehran", so the components' one is not painted).
    const expected = scanHtml('shadow', html(`<h1>Putin and Pezeshkian in Tehran</h1><p>${SHADOW_TEXT}</p><p>${SHADOW_TEXT}</p>`), ctx);
    const from = expected.pageText.indexOf(SHADOW_TEXT.slice(0, 24));
    expect(from).toBeGreaterThan(0);
    await expect.poll(inShadow).toEqual(paintedTexts({ ...expected, painted: expected.painted.filter((p) => p.start >= from) }).sort());
    // Chromium paints ranges inside a shadow tree with the document's ::highlight rules (checked: taking a sheet
    // adopted by the shadow root away changes nothing; taking the document's away removes the colour), so the
    // components are left alone: nothing is adopted into their shadow roots.
    expect(await o.page.evaluate(() => [...document.querySelectorAll('news-article')].map((el) => el.shadowRoot!.adoptedStyleSheets.length))).toEqual([0, 0]);
    const box = o.page.locator('#a1');
    const painted = await box.screenshot();
    await o.page.evaluate(() => CSS.highlights.forEach((_h, name) => void (name.startsWith('backstory-') && CSS.highlights.delete(name))));
    expect((await box.screenshot()).equals(painted)).toBe(false);
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });

  test('names split across inline elements are one mention each (one range over several text nodes)', async () => {
    const expected = scanHtml('split', html(SPLIT_ARTICLE, '<title>Split</title>'), ctx);
    const o = await open('/split');
    expect((await reports.wait(`${server.url}/split`, o.since)).onTopic).toBe(true);
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length)).toBe(expected.painted.length);
    const texts = await highlightedTexts(o.page);
    expect(texts.sort()).toEqual(paintedTexts(expected).sort());
    for (const whole of ['Putin', 'Pezeshkian', 'Tehran', 'Russia', 'Iran', 'Moscow']) expect(texts, whole).toContain(whole);
    const spanning = await o.page.evaluate(() => {
      let n = 0;
      CSS.highlights.forEach((h) => h.forEach((r) => void (r.startContainer !== r.endContainer && n++)));
      return n;
    });
    expect(spanning).toBeGreaterThanOrEqual(8);
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });

  test.each(['on-fa.html', 'on-ru.html'])('%s (right to left Persian; Cyrillic with inflections): exactly the expected mentions', async (file) => {
    const expected = scanHtml(file, fixture(file), ctx);
    const o = await open(`/pages/${file}`);
    expect((await reports.wait(`${server.url}/pages/${file}`, o.since)).onTopic).toBe(true);
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length)).toBe(expected.painted.length);
    expect((await highlightedTexts(o.page)).sort()).toEqual(paintedTexts(expected).sort());
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });

  test('a page that mutates its DOM without end keeps its highlights and gets no error', async () => {
    const expected = scanHtml('seed1', seedPage(1), ctx);
    const o = await open('/mutating');
    expect((await reports.wait(`${server.url}/mutating`, o.since)).onTopic).toBe(true);
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length)).toBe(expected.painted.length);
    // Still mutating, and the page's own work goes on (its counter keeps moving). The counter runs on animation
    // frames, which a background tab does not get: the page is brought to the front first.
    await o.page.bringToFront();
    const n0 = Number(await o.page.evaluate(() => document.body.dataset.n));
    await expect.poll(async () => Number(await o.page.evaluate(() => document.body.dataset.n))).toBeGreaterThan(n0 + 30);
    expect((await highlightedTexts(o.page)).length).toBe(expected.painted.length);
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });

  test('a page that overrides Array.prototype, Node.prototype, Element.prototype, CSS and Highlight in its own world', async () => {
    const expected = scanHtml('seed1', seedPage(1), ctx);
    const o = await open('/hostile');
    expect(await o.page.evaluate(() => (window as unknown as { CSS: { highlights: unknown } }).CSS.highlights)).toBeNull();
    const report = await reports.wait(`${server.url}/hostile`, o.since);
    expect(report.onTopic).toBe(true);
    expect(report.mentionCount).toBe(expected.mentions.length);
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length)).toBe(expected.painted.length);
    await o.page.getByTestId('tab').waitFor();
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });

  test('a page that removes the shadow host: no error, and text added later is still found', async () => {
    const expected = scanHtml('seed1', seedPage(1), ctx);
    const o = await open('/remove-host');
    expect((await reports.wait(`${server.url}/remove-host`, o.since)).onTopic).toBe(true);
    await expect.poll(() => o.page.evaluate(() => (window as unknown as { __removed?: number }).__removed ?? 0)).toBeGreaterThan(0);
    expect(await o.page.locator('backstory-root').count()).toBe(0);
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length)).toBe(expected.painted.length);
    await o.page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Later: Putin and Pezeshkian spoke by phone.';
      document.querySelector('article, main, body')!.append(p);
    });
    await expect.poll(() => highlightedTexts(o.page).then((t) => t.length), { timeout: 20_000 }).toBe(expected.painted.length + 2);
    expect(o.watch.errors).toEqual([]);
    await close(o);
  });
});

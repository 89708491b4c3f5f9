import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { beforeEach, describe, expect, test } from 'vitest';
import { bundledPipeline } from '../../../lib/library/bundled-pipeline';
import { LibraryEngine } from '../../../lib/library/engine';
import { LibraryError } from '../../../lib/library/errors';
import { extractArticle, type PageSnapshot } from '../../../lib/library/extract';
import { parseLibraryFile } from '../../../lib/library/format';
import { LibraryStore } from '../../../lib/library/store';
import { ROOT } from '../helpers';

const pipeline = bundledPipeline();
const win = new Window();
const parse = (html: string): Document => new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
const page = (file: string, url = `https://news.example/2025/${file.replace('.html', '')}`): PageSnapshot => ({
  url,
  html: readFileSync(join(ROOT, 'tests/fixtures/library', file), 'utf8'),
  lang: '',
  contentType: 'text/html',
});
const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return e instanceof LibraryError ? e.code : `other: ${String(e)}`;
  }
  return 'no error';
};

let engine: LibraryEngine;
beforeEach(async () => {
  const store = await LibraryStore.open(new IDBFactory());
  engine = new LibraryEngine(store, pipeline, parse, () => new Date('2026-01-02T03:04:05Z'));
});

describe('library extraction', () => {
  test('title, byline, outlet, language, published date and paragraphs from the page', () => {
    const a = extractArticle(page('corridor-deal.html'), parse, '2026-01-02T03:04:05.000Z');
    expect(a.title).toContain('Lavrov and Araghchi sign corridor accord');
    expect(a.outlet).toBe('Caspian Ledger');
    expect(a.lang).toBe('en');
    expect(a.published).toBe('2025-03-12');
    expect(a.byline).toContain('Nadia Ferro');
    expect(a.text).toContain('amber ledger protocol');
    expect(a.text).not.toContain('Contact');
    expect(a.text.split('\n\n').length).toBeGreaterThanOrEqual(6);
  });

  test('language detected from the text when the page states none; an unsupported one says which are', () => {
    const snap = page('corridor-deal.html');
    const a = extractArticle({ ...snap, html: snap.html.replace('<html lang="en">', '<html>') }, parse, '2026-01-02T03:04:05.000Z');
    expect(a.lang).toBe('en');
    try {
      extractArticle(page('italian.html'), parse, '2026-01-02T03:04:05.000Z');
      expect.unreachable();
    } catch (e) {
      expect((e as LibraryError).code).toBe('language');
      expect((e as LibraryError).detail).toBe('de, en, es, fa, fr, ru');
    }
  });

  test('published date from JSON-LD or <time datetime>, or none', () => {
    const snap = page('corridor-deal.html');
    const noMeta = snap.html.replace(/<meta property="article:published_time"[^>]*>/, '');
    expect(extractArticle({ ...snap, html: noMeta }, parse, '2026-01-02T03:04:05.000Z').published).toBeNull();
    const ld = noMeta.replace('</head>', '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2025-03-10T10:00:00+01:00"}]}</script></head>');
    expect(extractArticle({ ...snap, html: ld }, parse, '2026-01-02T03:04:05.000Z').published).toBe('2025-03-10');
    const time = noMeta.replace('<p class="byline">', '<p><time datetime="2025-03-09">9 March</time></p><p class="byline">');
    expect(extractArticle({ ...snap, html: time }, parse, '2026-01-02T03:04:05.000Z').published).toBe('2025-03-09');
  });
});

describe('library engine', () => {
  test('adding an article stores its document, events and claims; it is listed with its counts', async () => {
    const r = await engine.addPage(page('corridor-deal.html'));
    expect(r.events).toBeGreaterThan(0);
    expect(r.claims).toBeGreaterThan(0);
    expect(r.item.docId).toMatch(/^doc:lib-[0-9a-f]{12}$/);
    for (const ev of r.item.events) expect(ev.docId).toBe(r.item.docId);
    const doc = await engine.store.doc(r.item.docId);
    for (const c of r.item.claims) expect(doc!.text.slice(c.start, c.end)).toBe(c.quote);
    const list = await engine.list();
    expect(list).toEqual([expect.objectContaining({ title: expect.stringContaining('corridor accord'), outlet: 'Caspian Ledger', lang: 'en', published: '2025-03-12', events: r.events, claims: r.claims, addedAt: '2026-01-02T03:04:05.000Z' })]);
  });

  test('bad input: each a clear error and nothing stored', async () => {
    expect(await code(engine.addPage(page('home.html', 'https://news.example/')))).toBe('notArticle');
    expect(await code(engine.addPage(page('home.html', 'https://news.example/world/latest')))).toBe('notArticle');
    expect(await code(engine.addPage(page('corridor-deal.html', 'https://news.example/search?q=lavrov')))).toBe('notArticle');
    expect(await code(engine.addPage(page('paywall.html')))).toBe('paywall');
    expect(await code(engine.addPage(page('tiny.html')))).toBe('tiny');
    expect(await code(engine.addPage(page('italian.html')))).toBe('language');
    expect(await code(engine.addPage({ ...page('corridor-deal.html'), contentType: 'application/pdf' }))).toBe('pdf');
    expect(await engine.store.count()).toBe(0);
    await engine.addPage(page('corridor-deal.html'));
    expect(await code(engine.addPage(page('corridor-deal.html')))).toBe('duplicateUrl');
    expect(await code(engine.addPage(page('corridor-deal.html', 'https://mirror.example/copy')))).toBe('duplicateText');
    expect(await engine.store.count()).toBe(1);
  });

  test('remove takes the article and everything derived from it', async () => {
    const r = await engine.addPage(page('corridor-deal.html'));
    await engine.remove(r.item.url);
    expect(await engine.store.count()).toBe(0);
    expect(await engine.store.items()).toEqual([]);
    expect(await engine.store.doc(r.item.docId)).toBeUndefined();
    expect(await code(engine.remove(r.item.url))).toBe('notFound');
  });

  test('export, clear, import gives the same library back; a bad or foreign file changes nothing', async () => {
    await engine.addPage(page('corridor-deal.html'));
    await engine.addPage(page('corridor-followup.html'));
    const before = await engine.list();
    const items = await engine.store.items();
    const file = JSON.stringify(await engine.exportFile());
    expect(parseLibraryFile(file, 'x.json').articles).toHaveLength(2);
    await engine.clear();
    expect(await engine.list()).toEqual([]);
    expect(await code(engine.importFile('{"format":"something-else"}', 'foreign.json'))).toBe('badFile');
    const broken = JSON.parse(file) as { articles: Array<{ text: string }> };
    broken.articles[1]!.text = 'Too short.';
    expect(await code(engine.importFile(JSON.stringify(broken), 'broken.json'))).toBe('badFile');
    expect(await engine.list()).toEqual([]);
    const r = await engine.importFile(file, 'library.json');
    expect(r).toMatchObject({ skipped: 0 });
    expect(await engine.list()).toEqual(before);
    expect((await engine.store.items()).sort((a, b) => (a.docId < b.docId ? -1 : 1))).toEqual(items.sort((a, b) => (a.docId < b.docId ? -1 : 1)));
    expect(await engine.importFile(file, 'library.json')).toMatchObject({ added: [], skipped: 2 });
  });

  test('a full quota aborts the transaction: nothing half-written', async () => {
    const store = engine.store;
    const r = await engine.addPage(page('corridor-deal.html'));
    await engine.clear();
    // The third write of the transaction (the reader document) fails as a full disk would.
    const real = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'docs') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return real.apply(this, args);
    };
    try {
      expect(await code(engine.addArticle({ url: r.item.url, title: r.item.title, byline: null, outlet: r.item.outlet, lang: 'en', published: null, text: readFileSync(join(ROOT, 'tests/fixtures/library/corridor-deal.html'), 'utf8').replace(/<[^>]+>/g, '\n'), addedAt: r.item.addedAt }))).toBe('quota');
    } finally {
      IDBObjectStore.prototype.put = real;
    }
    expect(await store.count()).toBe(0);
    expect(await store.items()).toEqual([]);
  });
});

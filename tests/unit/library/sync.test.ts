import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, test } from 'vitest';
import { LIBRARY_PREFIX_FROM } from '../../../lib/search/options';
import { LibrarySync, LINES_KEY, SEARCH_KEY, VIEW_KEY } from '../../../lib/background/library-sync';
import { BackstoryService } from '../../../lib/background/service';
import { decodeKept, decodeKeptLines, encodeKept, encodeLines, keptLines, LazyItems, type KeptLinesRecord, type KeptRecord } from '../../../lib/background/library-view';
import { bundledPipeline } from '../../../lib/library/bundled-pipeline';
import { LibraryEngine } from '../../../lib/library/engine';
import type { PageSnapshot } from '../../../lib/library/extract';
import { LIBRARY_DB_VERSION, LibraryStore } from '../../../lib/library/store';
import type { MatcherTable } from '../../../lib/match/types';
import type { SidebarPayload } from '../../../lib/messages';
import type { RankStats } from '../../../lib/rank/stats';
import type { SerializedSearch } from '../../../lib/search/options';
import { snippetAround } from '../../../lib/search/snippet';
import { committedIndex, ROOT } from '../helpers';

const load = <T>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as T;
const pipeline = bundledPipeline();
const win = new Window();
const parse = (html: string): Document => new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
const page = (file: string): PageSnapshot => ({
  url: `https://news.example/2025/${file.replace('.html', '')}`,
  html: readFileSync(join(ROOT, 'tests/fixtures/library', file), 'utf8'),
  lang: '',
  contentType: 'text/html',
});
const newService = (): BackstoryService => new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), load<RankStats>('rank.json'));
const PAGE = ['person:sergey-lavrov', 'person:abbas-araghchi', 'place:north-south-transport-corridor', 'country:russia', 'country:iran'];
const payload = (s: BackstoryService): SidebarPayload => s.payload(PAGE, '2025-12-31', { title: 'The corridor', text: 'Lavrov and Araghchi on the corridor.' }, null, true);
const libraryDocs = (p: SidebarPayload): string[] => Object.values(p.documents).filter((d) => d.library).map((d) => d.id).sort();

/** An empty store, the engine that adds to it (the worker's path) and a wake on it. */
async function emptyWoken(factory = new IDBFactory()) {
  const store = await LibraryStore.open(factory);
  const engine = new LibraryEngine(store, pipeline, parse, () => new Date('2026-01-02T03:04:05Z'));
  const sync = new LibrarySync(store, newService());
  await sync.wake();
  return { factory, store, engine, sync };
}

/** A store with two articles added through the engine (the worker's path). */
async function library(factory = new IDBFactory()) {
  const store = await LibraryStore.open(factory);
  const engine = new LibraryEngine(store, pipeline, parse, () => new Date('2026-01-02T03:04:05Z'));
  const deal = await engine.addPage(page('corridor-deal.html'));
  const follow = await engine.addPage(page('corridor-followup.html'));
  return { factory, store, engine, deal, follow };
}

describe('the library kept between wakes', () => {
  test('schema 1 → 2: the articles stay, the generation starts at 0; every change bumps it in its own transaction', async () => {
    // A library written by the first schema (idb opens through the global factory: fake-indexeddb's).
    const v1 = await openDB('migration-test', 1, {
      upgrade(db) {
        const articles = db.createObjectStore('articles', { keyPath: 'url' });
        articles.createIndex('textKey', 'textKey');
        articles.createIndex('docId', 'docId', { unique: true });
        db.createObjectStore('items', { keyPath: 'docId' });
        db.createObjectStore('docs', { keyPath: 'id' });
      },
    });
    await v1.put('articles', { url: 'https://news.example/a', docId: 'doc:lib-a', textKey: 'k', title: 'A', byline: null, outlet: 'X', lang: 'en', published: null, text: 'a', addedAt: '2026-01-01T00:00:00.000Z' });
    v1.close();
    expect(LIBRARY_DB_VERSION).toBe(2);
    const store = await LibraryStore.open(undefined, 'migration-test');
    expect((await store.articles()).map((a) => a.title)).toEqual(['A']);
    expect(await store.generation()).toBe(0);
    expect(await store.derived(VIEW_KEY, 'tag')).toBeNull();
    expect(await store.saveDerived(VIEW_KEY, 0, 'tag', { x: 1 })).toBe(true);
    expect(await store.derived(VIEW_KEY, 'tag')).toEqual({ generation: 0, data: { x: 1 } });
    expect(await store.derived(VIEW_KEY, 'other tag')).toBeNull();
    await store.remove('https://news.example/a');
    expect(await store.generation()).toBe(1);
    // What was derived before the change is stale, and cannot be kept as of the old generation.
    expect(await store.derived(VIEW_KEY, 'tag')).toBeNull();
    expect(await store.derived(VIEW_KEY, 'tag', 0)).toEqual({ generation: 0, data: { x: 1 } });
    expect(await store.saveDerived(VIEW_KEY, 0, 'tag', { x: 2 })).toBe(false);
    await store.clear();
    expect(await store.generation()).toBe(2);
    store.close();
  });

  test('a failed addition bumps nothing and keeps what was derived', async () => {
    const { store, engine } = await library();
    const g = await store.generation();
    expect(g).toBe(2);
    await expect(engine.addPage(page('corridor-deal.html'))).rejects.toThrow();
    expect(await store.generation()).toBe(g);
  });

  test('a wake reads the kept view: the same payload as one worked out from the items, library items marked', async () => {
    const { factory, store } = await library();
    const first = new LibrarySync(store, newService());
    await first.wake();
    expect(await store.derived(VIEW_KEY, first.service.derivedTag)).not.toBeNull();
    const slow = newService();
    slow.setLibrary(await store.items());
    const again = new LibrarySync(await LibraryStore.open(factory), newService());
    await again.wake();
    const p = payload(again.service);
    expect(libraryDocs(p).length).toBe(2);
    expect(p).toEqual(payload(slow));
    expect(p).toEqual(payload(first.service));
    // What is read is the kept view (marked here), not the items joined again; after a change it is stale.
    const kept = await store.derived(VIEW_KEY, first.service.derivedTag);
    const data = kept!.data as KeptRecord;
    const marked = { ...data, view: data.view.replace(/"title":"[^"]*Lavrov and Araghchi sign corridor accord[^"]*"/, '"title":"Kept title"') };
    expect(marked.view).toContain('Kept title');
    expect(await store.saveDerived(VIEW_KEY, kept!.generation, first.service.derivedTag, marked)).toBe(true);
    const third = new LibrarySync(await LibraryStore.open(factory), newService());
    await third.wake();
    expect(Object.values(payload(third.service).documents).map((d) => d.title)).toContain('Kept title');
    await store.remove('https://news.example/2025/no-such-article');
    const unchanged = new LibrarySync(await LibraryStore.open(factory), newService());
    await unchanged.wake();
    expect(Object.values(payload(unchanged.service).documents).map((d) => d.title)).toContain('Kept title');
    const follow = (await store.articles()).find((a) => a.url.endsWith('corridor-followup'))!;
    await store.remove(follow.url);
    const after = new LibrarySync(await LibraryStore.open(factory), newService());
    await after.wake();
    const titles = Object.values(payload(after.service).documents).map((d) => d.title);
    expect(titles).not.toContain('Kept title');
    expect(libraryDocs(payload(after.service)).length).toBe(1);
  });

  test('an added article is joined to the kept view alone: the same payload as the whole library joined again', async () => {
    const { factory, store, engine, sync } = await emptyWoken();
    for (const file of ['corridor-deal.html', 'corridor-followup.html']) {
      const r = await engine.addPage(page(file));
      await sync.added([{ item: r.item, doc: r.doc }], r.generation);
    }
    const whole = newService();
    whole.setLibrary(await store.items());
    expect(payload(sync.service)).toEqual(payload(whole));
    // And the next wake reads what the additions kept.
    const next = new LibrarySync(await LibraryStore.open(factory), newService());
    await next.wake();
    expect(payload(next.service)).toEqual(payload(whole));
  });

  test('after a wake from the kept view (its ranking restored, its records read back on a change), an addition gives the same payload and kept view as the library joined again', async () => {
    const { factory, store, engine, sync: first } = await emptyWoken();
    const deal = await engine.addPage(page('corridor-deal.html'));
    await first.added([{ item: deal.item, doc: deal.doc }], deal.generation);
    const kept = await store.derived(VIEW_KEY, first.service.derivedTag);
    expect(kept).not.toBeNull();
    const woken = new LibrarySync(await LibraryStore.open(factory), newService());
    await woken.wake();
    // The article being read is recognised by its text (the kept fingerprints), and not its own backstory.
    const own = woken.service.payload(PAGE, '2025-12-31', { title: deal.doc.title, text: deal.doc.text.slice(0, 12_000) }, null, true);
    expect(own.self).toBe(deal.item.docId);
    // What a kept wake keeps again is what it read.
    expect(encodeKept(woken.service.keptState)).toEqual({ view: kept!.data, lines: (await store.derived(LINES_KEY, first.service.derivedTag))!.data });
    const follow = await engine.addPage(page('corridor-followup.html'));
    await woken.added([{ item: follow.item, doc: follow.doc }], follow.generation);
    const whole = newService();
    whole.setLibrary(await store.items());
    expect(payload(woken.service)).toEqual(payload(whole));
    expect(JSON.stringify(woken.service.keptState)).toBe(JSON.stringify(whole.keptState));
    const next = new LibrarySync(await LibraryStore.open(factory), newService());
    await next.wake();
    expect(payload(next.service)).toEqual(payload(whole));
    expect(libraryDocs(payload(next.service)).length).toBe(2);
  });

  test('what is kept is of its bundled index: a bundled item or a proposition changed makes another tag', () => {
    const tag = newService().derivedTag;
    expect(newService().derivedTag).toBe(tag);
    const index = committedIndex();
    const ev = index.events.find((e) => e.entityIds.length > 1)!;
    ev.entityIds = ev.entityIds.slice(1);
    expect(new BackstoryService(index, load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), load<RankStats>('rank.json')).derivedTag).not.toBe(tag);
    const stats = load<RankStats>('rank.json');
    stats.propositions[0]!.cues = [...stats.propositions[0]!.cues, 'zzcue'];
    expect(new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), stats).derivedTag).not.toBe(tag);
  });

  test('search entries are kept: the next wake loads them, finds a phrase only the article has, its snippet read from storage', async () => {
    const { factory, store, deal } = await library();
    const sync = new LibrarySync(store, newService());
    await sync.wake();
    await sync.beforeSearch();
    expect(await store.derived(SEARCH_KEY, sync.service.derivedTag)).not.toBeNull();
    const next = new LibrarySync(await LibraryStore.open(factory), newService());
    await next.wake();
    expect(next.service.librarySearchLoaded).toBe(false);
    await next.beforeSearch();
    const hits = await next.snippets(next.service.query({ type: 'search', query: 'amber ledger protocol' }, true));
    const article = hits.find((h) => h.kind === 'document');
    expect(article).toMatchObject({ docId: deal.item.docId, library: true });
    expect(article!.snippet.toLowerCase()).toContain('amber ledger protocol');
    expect(next.service.query({ type: 'search', query: 'amber ledger protocol' }, false)).toEqual([]);
  });

  test('snippets of several library articles are read in one go: each from its own text, in the order of the hits', async () => {
    const { store, deal, follow } = await library();
    expect((await store.docsOf([follow.item.docId, 'doc:lib-none', deal.item.docId])).map((d) => d?.id)).toEqual([follow.item.docId, undefined, deal.item.docId]);
    const sync = new LibrarySync(store, newService());
    await sync.wake();
    await sync.beforeSearch();
    const hits = sync.service.query({ type: 'search', query: 'corridor' }, true);
    const articles = hits.filter((h) => h.kind === 'document' && h.library);
    expect(articles.length).toBe(2);
    const missing = { ...articles[0]!, id: 'doc:lib-none', docId: 'doc:lib-none' };
    const filled = await sync.snippets([...hits, missing]);
    for (const [i, h] of hits.entries()) {
      if (!articles.includes(h)) expect(filled[i]).toBe(h);
      else expect(filled[i]).toEqual({ ...h, snippet: snippetAround((await store.doc(h.id))!.text, h.terms) });
    }
    expect(filled.at(-1)).toBe(missing);
  });

  test('a search over the bundled index and the library gives its first results whatever the limit (the library makes only those)', async () => {
    const { store } = await library();
    const sync = new LibrarySync(store, newService());
    await sync.wake();
    await sync.beforeSearch();
    let checked = 0;
    for (const query of ['corridor', 'lavrov', 'russia iran', 'araghchi', 'amber ledger protocol', 'ra', 'transport', 'tehran']) {
      const all = sync.service.query({ type: 'search', query, limit: 10_000 }, true);
      for (const limit of [1, 2, 5, 30]) {
        expect(sync.service.query({ type: 'search', query, limit }, true)).toEqual(all.slice(0, limit));
        if (all.length > limit && all.slice(limit).some((h) => h.library)) checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  test('the library is searched by prefix from three characters, the bundled index from two: "pe" offers the names, "amb" the article', async () => {
    const { store, deal } = await library();
    const sync = new LibrarySync(store, newService());
    await sync.wake();
    await sync.beforeSearch();
    const query = (q: string) => sync.service.query({ type: 'search', query: q, limit: 40 }, true);
    expect(LIBRARY_PREFIX_FROM).toBe(3);
    // "amber" is a word of the library article only.
    expect(query('amb').some((h) => h.library && h.docId === deal.item.docId)).toBe(true);
    expect(query('amber').some((h) => h.library && h.docId === deal.item.docId)).toBe(true);
    expect(query('am').filter((h) => h.library)).toEqual([]);
    // Two letters still find bundled names by prefix, and a library article by a whole two-letter word.
    expect(query('pe').filter((h) => h.kind === 'entity').map((h) => h.id)).toEqual(expect.arrayContaining(['person:dmitry-peskov', 'person:masoud-pezeshkian']));
    expect(sync.service.query({ type: 'search', query: 'pe', limit: 40 }, false).filter((h) => h.kind === 'entity')).toEqual(query('pe').filter((h) => h.kind === 'entity'));
  });

  test('an addition after a wake brings the kept search entries up to date without loading them first', async () => {
    const { factory, store, engine, sync: first } = await emptyWoken();
    const follow = await engine.addPage(page('corridor-followup.html'));
    await first.added([{ item: follow.item, doc: follow.doc }], follow.generation);
    await first.beforeSearch();
    const next = new LibrarySync(store, newService());
    await next.wake();
    const deal = await engine.addPage(page('corridor-deal.html'));
    expect(next.service.librarySearchLoaded).toBe(false);
    await next.added([{ item: deal.item, doc: deal.doc }], deal.generation);
    const third = new LibrarySync(await LibraryStore.open(factory), newService());
    await third.wake();
    await third.beforeSearch();
    expect(third.service.query({ type: 'search', query: 'amber ledger protocol' }, true)[0]).toMatchObject({ docId: deal.item.docId });
  });

  test('removal: the article goes from the view, the search and the next wake; an event another article reports keeps that source', async () => {
    const { factory, store, deal, follow } = await library();
    const sync = new LibrarySync(store, newService());
    await sync.wake();
    await sync.beforeSearch();
    await store.remove(deal.item.url);
    await sync.removed(deal.item.docId);
    const whole = newService();
    whole.setLibrary([follow.item]);
    expect(payload(sync.service)).toEqual(payload(whole));
    expect(libraryDocs(payload(sync.service))).toEqual([follow.item.docId]);
    expect(sync.service.query({ type: 'search', query: 'amber ledger protocol' }, true)).toEqual([]);
    const next = new LibrarySync(await LibraryStore.open(factory), newService());
    await next.wake();
    await next.beforeSearch();
    expect(libraryDocs(payload(next.service))).toEqual([follow.item.docId]);
    expect(next.service.query({ type: 'search', query: 'amber ledger protocol' }, true)).toEqual([]);
  });
});

describe('the search made ready after a wake (preload)', () => {
  const QUERIES = ['amber ledger protocol', 'corridor', 'lavrov', 'russia iran', 'ra', 'tehran'];
  // The matched terms of a hit come in the order of the index's terms, which differs between entries built here and
  // entries loaded from their JSON (a prefix's expansions): compared as sets.
  const answers = (s: BackstoryService) => QUERIES.map((query) => s.query({ type: 'search', query, limit: 30 }, true).map((h) => ({ ...h, terms: [...h.terms].sort() })));

  test('with search entries kept: preload loads them, and a search then gives what it gives after loading them itself', async () => {
    const { factory, store } = await library();
    const first = new LibrarySync(store, newService());
    await first.wake();
    await first.beforeSearch();
    const expected = answers(first.service);
    const woken = new LibrarySync(await LibraryStore.open(factory), newService());
    await woken.wake();
    expect(woken.service.librarySearchLoaded).toBe(false);
    await woken.preload();
    expect(woken.service.librarySearchLoaded).toBe(true);
    expect(answers(woken.service)).toEqual(expected);
  });

  test('with none kept: preload builds them a few articles at a time, keeps them, and a search meanwhile waits for them', async () => {
    const { factory, store } = await library();
    const direct = new LibrarySync(await LibraryStore.open(factory), newService());
    await direct.wake();
    await direct.beforeSearch();
    const expected = answers(direct.service);
    // The kept entries dropped (a change of the bundled index makes them stale the same way).
    await store.saveDerived(SEARCH_KEY, await store.generation(), 'another tag', 'stale');
    const woken = new LibrarySync(await LibraryStore.open(factory), newService());
    await woken.wake();
    const built = woken.service.buildLibrarySearch.bind(woken.service);
    const chunks: number[] = [];
    woken.service.buildLibrarySearch = (docs, pause) => built(docs, async () => {
      chunks.push(1);
      await pause();
    }, 1);
    const preloading = woken.preload();
    await woken.beforeSearch();
    expect(woken.service.librarySearchLoaded).toBe(true);
    expect(chunks.length).toBe(1);
    expect(answers(woken.service)).toEqual(expected);
    await preloading;
    expect(JSON.parse((await store.derived(SEARCH_KEY, woken.service.derivedTag))!.data as string)).toEqual(JSON.parse(direct.service.librarySearchJson()!));
  });

  test('building gently gives the same search entries as building at once; a library change meanwhile gives it up', async () => {
    const { store, deal, follow } = await library();
    const docs = await store.docs();
    const once = newService();
    once.setLibrary([deal.item, follow.item]);
    once.loadLibrarySearch(docs);
    const gently = newService();
    gently.setLibrary([deal.item, follow.item]);
    expect(await gently.buildLibrarySearch(docs, () => Promise.resolve(), 1)).toBe(true);
    expect(gently.librarySearchJson()).toBe(once.librarySearchJson());
    const changed = newService();
    changed.setLibrary([deal.item]);
    expect(await changed.buildLibrarySearch(docs, async () => changed.addLibrary(follow.item), 1)).toBe(false);
    expect(changed.librarySearchLoaded).toBe(false);
  });

  test('an article added during a gentle build: the build is given up, and the next search finds the article', async () => {
    const { factory, store, engine, sync: first } = await emptyWoken();
    const follow = await engine.addPage(page('corridor-followup.html'));
    await first.added([{ item: follow.item, doc: follow.doc }], follow.generation);
    const woken = new LibrarySync(await LibraryStore.open(factory), newService());
    await woken.wake();
    const deal = await engine.addPage(page('corridor-deal.html'));
    const built = woken.service.buildLibrarySearch.bind(woken.service);
    let added: Promise<void> | null = null;
    woken.service.buildLibrarySearch = (docs, pause) =>
      built(docs, async () => {
        added ??= woken.added([{ item: deal.item, doc: deal.doc }], deal.generation);
        await pause();
      }, 1);
    await woken.preload();
    await added;
    await woken.beforeSearch();
    expect(woken.service.query({ type: 'search', query: 'amber ledger protocol' }, true)[0]).toMatchObject({ docId: deal.item.docId });
    const whole = new LibrarySync(await LibraryStore.open(factory), newService());
    await whole.wake();
    await whole.beforeSearch();
    expect(answers(woken.service)).toEqual(answers(whole.service));
  });
});

describe('library snippets kept for the next queries', () => {
  test('a query typed on gets the same snippets without reading the texts again, other terms in the same articles too; a removal drops them', async () => {
    const { store, deal } = await library();
    const sync = new LibrarySync(store, newService());
    await sync.wake();
    await sync.beforeSearch();
    let reads = 0;
    const docsOf = store.docsOf.bind(store);
    store.docsOf = (ids) => {
      reads++;
      return docsOf(ids);
    };
    const typed = async (query: string) => sync.snippets(sync.service.query({ type: 'search', query }, true));
    const fresh = (await typed('amber ledger')).filter((h) => h.library && h.kind === 'document');
    expect(fresh.length).toBeGreaterThan(0);
    expect(reads).toBe(1);
    for (const h of fresh) expect(h.snippet).toBe(snippetAround((await store.doc(h.id))!.text, h.terms));
    const again = (await typed('amber ledg')).filter((h) => h.library && h.kind === 'document');
    expect(again.map((h) => h.terms)).toEqual(fresh.map((h) => h.terms));
    expect(again.map((h) => h.snippet)).toEqual(fresh.map((h) => h.snippet));
    expect(reads).toBe(1);
    // Other terms in the same article: made anew from the text read before.
    const ledger = (await typed('ledger')).filter((h) => h.library && h.kind === 'document');
    expect(ledger.map((h) => h.id)).toEqual(fresh.map((h) => h.id));
    expect(ledger[0]!.terms).not.toEqual(fresh[0]!.terms);
    for (const h of ledger) expect(h.snippet).toBe(snippetAround((await store.doc(h.id))!.text, h.terms));
    expect(reads).toBe(1);
    // Other articles: read.
    const other = (await typed('corridor')).filter((h) => h.library && h.kind === 'document');
    expect(reads).toBe(2);
    for (const h of other) expect(h.snippet).toBe(snippetAround((await store.doc(h.id))!.text, h.terms));
    await store.remove(deal.item.url);
    await sync.removed(deal.item.docId);
    await typed('corridor');
    expect(reads).toBe(3);
  });
});

describe('the kept events and claims, each its JSON in UTF-8, parsed when asked for', () => {
  const items = [
    { id: 'a', quote: 'He said: "two\nlines", and left.' },
    { id: 'b', quote: 'ملاقات در تهران' },
    { id: 'c', quote: '' },
  ];

  test('each item comes back as it was, in its order; an unknown id is undefined', () => {
    const kept = keptLines(items);
    expect(kept.ids).toEqual(['a', 'b', 'c']);
    expect(kept.ends).toHaveLength(3);
    expect(kept.bytes).toBeInstanceOf(Uint8Array);
    const lazy = LazyItems.of<(typeof items)[number]>(kept);
    expect(lazy.get('b')).toEqual(items[1]);
    expect(lazy.get('b')).toBe(lazy.get('b'));
    expect(lazy.get('x')).toBeUndefined();
    expect(lazy.all()).toEqual(items);
    expect(LazyItems.of(keptLines([])).all()).toEqual([]);
    // Made from the ids alone, the JSON given later: nothing is asked for before.
    const later = new LazyItems<(typeof items)[number]>(kept.ids);
    expect(later.filled).toBe(false);
    expect(() => later.get('a')).toThrow(/not read yet/);
    later.fill(kept);
    expect(later.all()).toEqual(items);
  });

  test('only the items asked for are parsed: a damaged line elsewhere does not stop them', () => {
    const lines = items.map((i) => JSON.stringify(i));
    lines[1] = '{"id":"b",';
    const lazy = LazyItems.of<(typeof items)[number]>(encodeLines(['a', 'b', 'c'], lines));
    expect(lazy.get('c')).toEqual(items[2]);
    expect(lazy.get('a')).toEqual(items[0]);
    expect(() => lazy.get('b')).toThrow(SyntaxError);
  });

  test('a kept record round-trips; one of another shape (the old single JSON text, lines missing or cut) is refused', () => {
    const view = { events: keptLines(items.slice(0, 1)), claims: keptLines(items.slice(1)), docs: [], own: 0, ranking: null };
    const { view: record, lines } = encodeKept(view);
    const head = { events: ['a'], claims: ['b', 'c'], docs: [], own: 0, ranking: null };
    expect(decodeKept(record)).toEqual(head);
    expect(decodeKept(structuredClone(record))).toEqual(head);
    expect(decodeKeptLines(structuredClone(lines), head)).toEqual({ events: { bytes: view.events.bytes, ends: view.events.ends }, claims: { bytes: view.claims.bytes, ends: view.claims.ends } });
    expect(decodeKept(JSON.stringify(view))).toBeNull();
    expect(decodeKept(null)).toBeNull();
    expect(decodeKeptLines(null, head)).toBeNull();
    expect(decodeKeptLines({ ...lines, claims: { ...lines.claims, ends: lines.claims.ends.subarray(1) } }, head)).toBeNull();
    expect(decodeKeptLines({ ...lines, claims: { ...lines.claims, bytes: lines.claims.bytes.subarray(1) } }, head)).toBeNull();
    expect(decodeKeptLines(lines, { events: ['a'], claims: ['b'] })).toBeNull();
    expect(decodeKept({ ...record, view: '{' })).toBeNull();
    expect(decodeKept({ ...record, view: JSON.stringify({ events: ['a'], claims: ['b', 'c'], docs: [], own: 1, ranking: null }) })).toBeNull();
    // The form before the ranking's columns: the ranking inside the view's JSON, no `ranking` beside it.
    const { ranking: _, ...old } = record;
    expect(decodeKept({ ...old, view: JSON.stringify({ ...JSON.parse(record.view), ranking: null }) })).toBeNull();
  });

  test('a wake ranks the page once the kept view is read, before its events and claims are: the same payload', async () => {
    const { factory, store } = await library();
    const first = new LibrarySync(store, newService());
    await first.wake();
    const again = new LibrarySync(await LibraryStore.open(factory), newService());
    let rankedEarly = false;
    await again.wake(() => {
      again.service.rankAhead(PAGE, '2025-12-31', { title: 'The corridor', text: 'Lavrov and Araghchi on the corridor.' }, null, true);
      rankedEarly = true;
    });
    expect(rankedEarly).toBe(true);
    expect(payload(again.service)).toEqual(payload(first.service));
    // Once read, nothing is ranked ahead (the payload ranks, or is kept).
    again.service.rankAhead(PAGE, '2025-12-31', null, null, true);
    expect(payload(again.service)).toEqual(payload(first.service));
    // The events' and claims' record missing (or of another generation): the view is worked out again.
    expect(await store.saveDerived(LINES_KEY, (await store.generation()) - 1, first.service.derivedTag, (await store.derived(LINES_KEY, first.service.derivedTag))!.data)).toBe(false);
    await store.saveDerived(LINES_KEY, await store.generation(), first.service.derivedTag, { events: null, claims: null });
    const third = new LibrarySync(await LibraryStore.open(factory), newService());
    await third.wake();
    expect(payload(third.service)).toEqual(payload(first.service));
    expect(decodeKeptLines((await store.derived(LINES_KEY, first.service.derivedTag))!.data, decodeKept((await store.derived(VIEW_KEY, first.service.derivedTag))!.data)!)).not.toBeNull();
  });

  test('a kept view of an older form is refused on wake: worked out again from the items, and kept in the new form', async () => {
    const { factory, store } = await library();
    const first = new LibrarySync(store, newService());
    await first.wake();
    const tag = first.service.derivedTag;
    const kept = await store.derived(VIEW_KEY, tag);
    const data = kept!.data as KeptRecord;
    // As the previous version kept it: the ranking's items as JSON arrays inside the view's text.
    const oldRanking = { items: [['event', 'e1', [0], null, [0], [0], [], [], [], null, [], 0]], names: ['country:iran'], docs: ['d'], sentenceCount: 1, sentences: 'event|d@0' };
    const lines = (await store.derived(LINES_KEY, tag))!.data as KeptLinesRecord;
    const asText = (l: KeptLinesRecord['events']): string => [...l.ends].map((end, i) => new TextDecoder().decode(l.bytes.subarray(i ? l.ends[i - 1] : 0, end))).join('\n');
    const old = { view: JSON.stringify({ ...JSON.parse(data.view), ranking: oldRanking }), events: asText(lines.events), claims: asText(lines.claims) };
    expect(await store.saveDerived(VIEW_KEY, kept!.generation, tag, old)).toBe(true);
    const again = new LibrarySync(await LibraryStore.open(factory), newService());
    await again.wake();
    expect(payload(again.service)).toEqual(payload(first.service));
    const rekept = await store.derived(VIEW_KEY, tag);
    expect(decodeKept(rekept!.data)).not.toBeNull();
  });
});

/**
 * What the background reads of the library without analysing anything: the Library page's rows and the export.
 * Kept apart from the engine (lib/library/engine.ts), whose extraction and pipeline the service worker never runs:
 * importing them here put Readability and the index pipeline into the worker's script, evaluated on every wake.
 * Platform-neutral.
 */
import { libraryFile, type LibraryArticle, type LibraryFile } from './format';
import type { LibraryStore } from './store';

/** One row of the Library page. */
export interface LibraryEntry {
  url: string;
  docId: string;
  title: string;
  outlet: string;
  lang: string;
  published: string | null;
  addedAt: string;
  events: number;
  claims: number;
}

/** The Library page's rows, newest first (reads the store only: no pipeline needed). */
export async function listLibrary(store: LibraryStore): Promise<LibraryEntry[]> {
  const [articles, items] = await Promise.all([store.articles(), store.items()]);
  const byDoc = new Map(items.map((i) => [i.docId, i]));
  return articles
    .map((a) => ({
      url: a.url,
      docId: a.docId,
      title: a.title,
      outlet: a.outlet,
      lang: a.lang,
      published: a.published,
      addedAt: a.addedAt,
      events: byDoc.get(a.docId)?.events.length ?? 0,
      claims: byDoc.get(a.docId)?.claims.length ?? 0,
    }))
    .sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : a.url < b.url ? -1 : 1));
}

/** The whole library as one file (articles as added; derived items are recomputed on import). */
export async function exportLibrary(store: LibraryStore, now: Date): Promise<LibraryFile> {
  const articles = (await store.articles()).map(({ docId: _d, textKey: _t, ...a }): LibraryArticle => a);
  return libraryFile(articles, now.toISOString());
}

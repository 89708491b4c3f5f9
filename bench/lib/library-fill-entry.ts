/**
 * Bundled by bench/lib/library-chromium.ts for an extension page (options.html: the extension's origin, so the
 * same IndexedDB as the background): fills the library through the store's own transaction (LibraryStore.add),
 * as the offscreen document does when the reader adds articles, in batches the benchmark hands in; and makes the kept
 * search entries stale.
 */
import type { Analysed } from '../../lib/library/analyse';
import type { LibraryArticle } from '../../lib/library/format';
import { LibraryStore } from '../../lib/library/store';
import { SEARCH_KEY } from '../../lib/background/library-sync';

let store: Promise<LibraryStore> | null = null;

const api = {
  /** Adds one batch in one transaction; the library's generation after it. */
  async add(entries: Array<{ article: LibraryArticle; analysed: Analysed }>): Promise<number> {
    store ??= LibraryStore.open();
    return (await store).add(entries);
  },
  async count(): Promise<number> {
    store ??= LibraryStore.open();
    return (await store).count();
  },
  /** Makes the kept search entries stale (as an update of the bundled index does): the next library search builds them. */
  async dropSearch(): Promise<void> {
    store ??= LibraryStore.open();
    const s = await store;
    await s.saveDerived(SEARCH_KEY, await s.generation(), 'stale', null);
  },
  async close(): Promise<void> {
    if (store) (await store).close();
    store = null;
  },
};

(globalThis as { __benchLibrary?: typeof api }).__benchLibrary = api;

/**
 * Bundled by bench/lib/library-chromium.ts for an extension page (options.html: the extension's origin, so the
 * same IndexedDB as the background): fills the library through the store's own transaction (LibraryStore.add),
 * as the offscreen document does when the reader adds articles, in batches the benchmark hands in.
 */
import type { Analysed } from '../../lib/library/analyse';
import type { LibraryArticle } from '../../lib/library/format';
import { LibraryStore } from '../../lib/library/store';

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
  async close(): Promise<void> {
    if (store) (await store).close();
    store = null;
  },
};

(globalThis as { __benchLibrary?: typeof api }).__benchLibrary = api;

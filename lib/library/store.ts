/**
 * The library's storage: IndexedDB through `idb`, a versioned schema with migrations, one transaction per
 * article (the article, its compact item and its reader document are written together or not at all). A full
 * quota aborts the transaction and is reported as LibraryError('quota'), leaving nothing half-written.
 * Platform-neutral: the IndexedDB factory is the environment's (a browser's, or fake-indexeddb in unit tests).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { IndexDocument } from '../index/types';
import type { Analysed, LibraryItem } from './analyse';
import { LibraryError } from './errors';
import type { LibraryArticle } from './format';

export const LIBRARY_DB = 'backstory-library';

/** The stored article: the library file's record (the source of truth), its document id and text key. */
export interface StoredArticle extends LibraryArticle {
  docId: string;
  textKey: string;
}

interface LibrarySchema extends DBSchema {
  articles: { key: string; value: StoredArticle; indexes: { textKey: string; docId: string } };
  /** Derived, recomputable: what the background loads on wake. */
  items: { key: string; value: LibraryItem };
  /** Derived, recomputable: the cleaned text with sentences, for the reader. */
  docs: { key: string; value: IndexDocument };
  /**
   * Since version 2. The library's generation (a count every change of the library bumps, in the change's own
   * transaction) and what the background derived from the library at a generation (its ranking view, its search
   * entries), read on wake instead of being worked out again; a record of another generation is stale.
   */
  derived: { key: string; value: DerivedRecord };
}

/** `key: 'generation'` holds the library's generation; the others what was derived at `generation`. */
export interface DerivedRecord {
  key: string;
  generation: number;
  /** What else it was derived from (the bundled index, the pipeline): another tag is stale too. */
  tag?: string;
  data?: unknown;
}

type Upgrade = (db: IDBPDatabase<LibrarySchema>, tx: IDBPTransaction<LibrarySchema, StoreNames<LibrarySchema>[], 'versionchange'>) => void;

/** Migrations, by the version they lead to; `openDB` runs every one above the stored version, in order. */
const MIGRATIONS: Upgrade[] = [
  // → 1: articles by URL (indexed by text key and document id), items and reader documents by document id.
  (db) => {
    const articles = db.createObjectStore('articles', { keyPath: 'url' });
    articles.createIndex('textKey', 'textKey');
    articles.createIndex('docId', 'docId', { unique: true });
    db.createObjectStore('items', { keyPath: 'docId' });
    db.createObjectStore('docs', { keyPath: 'id' });
  },
  // → 2: the generation and derived records (the articles are kept; nothing derived yet, worked out on wake).
  (db) => {
    db.createObjectStore('derived', { keyPath: 'key' });
  },
];
export const LIBRARY_DB_VERSION = MIGRATIONS.length;

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((e as Error).message)));
}

/** Bumps the generation inside a change's transaction; the new generation. */
async function bump(derived: { get: (k: string) => Promise<DerivedRecord | undefined>; put: (v: DerivedRecord) => Promise<unknown> }): Promise<number> {
  const generation = ((await derived.get('generation'))?.generation ?? 0) + 1;
  await derived.put({ key: 'generation', generation });
  return generation;
}

/** `record` when it is of `generation` and `tag`, else null. */
function current(record: DerivedRecord | undefined, generation: number, tag: string): { generation: number; data: unknown } | null {
  return record && record.generation === generation && record.tag === tag ? { generation, data: record.data } : null;
}

export class LibraryStore {
  private constructor(private readonly db: IDBPDatabase<LibrarySchema>) {}

  static async open(factory?: IDBFactory, name = LIBRARY_DB): Promise<LibraryStore> {
    const prior = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    // idb opens through the global factory; a test may hand another one in.
    if (factory) (globalThis as { indexedDB?: IDBFactory }).indexedDB = factory;
    try {
      const db = await openDB<LibrarySchema>(name, LIBRARY_DB_VERSION, {
        upgrade(db, oldVersion, _newVersion, tx) {
          for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v]!(db, tx);
        },
      });
      return new LibraryStore(db);
    } finally {
      if (factory) (globalThis as { indexedDB?: IDBFactory }).indexedDB = prior;
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Adds articles with what was derived from them, all in one transaction: refused (nothing written) when one
   * is already in the library by URL or by text.
   */
  async add(entries: Array<{ article: LibraryArticle; analysed: Analysed }>): Promise<number> {
    const tx = this.db.transaction(['articles', 'items', 'docs', 'derived'], 'readwrite');
    const articles = tx.objectStore('articles');
    try {
      for (const { article, analysed } of entries) {
        if (await articles.get(article.url)) throw new LibraryError('duplicateUrl', article.url);
        const same = await articles.index('textKey').get(analysed.textKey);
        if (same) throw new LibraryError('duplicateText', same.title);
        await articles.add({ ...article, docId: analysed.item.docId, textKey: analysed.textKey });
        await tx.objectStore('items').put(analysed.item);
        await tx.objectStore('docs').put(analysed.doc);
      }
      const generation = await bump(tx.objectStore('derived'));
      await tx.done;
      return generation;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      await tx.done.catch(() => {});
      if (e instanceof LibraryError) throw e;
      if (isQuota(e) || isQuota(tx.error)) throw new LibraryError('quota');
      throw new LibraryError('storage', e instanceof Error ? e.message : String(e));
    }
  }

  /** Removes one article and what was derived from it (one transaction); false when it was not there. */
  async remove(url: string): Promise<StoredArticle | null> {
    const tx = this.db.transaction(['articles', 'items', 'docs', 'derived'], 'readwrite');
    const found = await tx.objectStore('articles').get(url);
    if (found) {
      await tx.objectStore('articles').delete(url);
      await tx.objectStore('items').delete(found.docId);
      await tx.objectStore('docs').delete(found.docId);
      await bump(tx.objectStore('derived'));
    }
    await tx.done;
    return found ?? null;
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['articles', 'items', 'docs', 'derived'], 'readwrite');
    const derived = tx.objectStore('derived');
    const generation = ((await derived.get('generation'))?.generation ?? 0) + 1;
    await Promise.all([tx.objectStore('articles').clear(), tx.objectStore('items').clear(), tx.objectStore('docs').clear(), derived.clear()]);
    await derived.put({ key: 'generation', generation });
    await tx.done;
  }

  /** The library's generation: bumped by every change (add, import, remove, clear). */
  async generation(): Promise<number> {
    return (await this.db.get('derived', 'generation'))?.generation ?? 0;
  }

  /** The items with the generation they are of (one transaction). */
  async itemsAt(): Promise<{ items: LibraryItem[]; generation: number }> {
    const tx = this.db.transaction(['items', 'derived'], 'readonly');
    const [items, g] = await Promise.all([tx.objectStore('items').getAll(), tx.objectStore('derived').get('generation'), tx.done]);
    return { items, generation: g?.generation ?? 0 };
  }

  /**
   * What was derived under `key` when it is of `tag` and of the library's current generation (or of `at`, an
   * earlier one, to bring it up to date), else null.
   */
  async derived(key: string, tag: string, at?: number): Promise<{ generation: number; data: unknown } | null> {
    const tx = this.db.transaction('derived', 'readonly');
    const [g, record] = await Promise.all([tx.store.get('generation'), tx.store.get(key), tx.done]);
    return current(record, at ?? g?.generation ?? 0, tag);
  }

  /**
   * `derived` for two keys of the current generation, read in one transaction: each promise resolves as soon as its
   * own record is read (the first before the second).
   */
  derivedPair(first: string, second: string, tag: string): [Promise<{ generation: number; data: unknown } | null>, Promise<{ generation: number; data: unknown } | null>] {
    const tx = this.db.transaction('derived', 'readonly');
    const g = tx.store.get('generation');
    const read = (key: string): Promise<{ generation: number; data: unknown } | null> => Promise.all([g, tx.store.get(key)]).then(([g, record]) => current(record, g?.generation ?? 0, tag));
    const pair: [Promise<{ generation: number; data: unknown } | null>, Promise<{ generation: number; data: unknown } | null>] = [read(first), read(second)];
    tx.done.catch(() => {});
    return pair;
  }

  /**
   * Keeps what was derived under `key` at `generation`, unless the library has changed since (then it is
   * dropped: true when kept). Derived records are a cache: losing one costs time on the next wake, nothing else.
   */
  async saveDerived(key: string, generation: number, tag: string, data: unknown): Promise<boolean> {
    const tx = this.db.transaction('derived', 'readwrite');
    const current = (await tx.store.get('generation'))?.generation ?? 0;
    if (current !== generation) {
      await tx.done;
      return false;
    }
    await tx.store.put({ key, generation, tag, data });
    await tx.done;
    return true;
  }

  articles(): Promise<StoredArticle[]> {
    return this.db.getAll('articles');
  }

  items(): Promise<LibraryItem[]> {
    return this.db.getAll('items');
  }

  item(docId: string): Promise<LibraryItem | undefined> {
    return this.db.get('items', docId);
  }

  docs(): Promise<IndexDocument[]> {
    return this.db.getAll('docs');
  }

  doc(docId: string): Promise<IndexDocument | undefined> {
    return this.db.get('docs', docId);
  }

  /** Several reader documents in one transaction (a search's library hits), in the order asked. */
  async docsOf(docIds: string[]): Promise<Array<IndexDocument | undefined>> {
    if (!docIds.length) return [];
    const tx = this.db.transaction('docs', 'readonly');
    const [docs] = await Promise.all([Promise.all(docIds.map((id) => tx.store.get(id))), tx.done]);
    return docs;
  }

  article(url: string): Promise<StoredArticle | undefined> {
    return this.db.get('articles', url);
  }

  async articleByDoc(docId: string): Promise<StoredArticle | undefined> {
    return this.db.getFromIndex('articles', 'docId', docId);
  }

  async count(): Promise<number> {
    return this.db.count('articles');
  }
}

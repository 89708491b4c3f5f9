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
];
export const LIBRARY_DB_VERSION = MIGRATIONS.length;

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((e as Error).message)));
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
  async add(entries: Array<{ article: LibraryArticle; analysed: Analysed }>): Promise<void> {
    const tx = this.db.transaction(['articles', 'items', 'docs'], 'readwrite');
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
      await tx.done;
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
    const tx = this.db.transaction(['articles', 'items', 'docs'], 'readwrite');
    const found = await tx.objectStore('articles').get(url);
    if (found) {
      await tx.objectStore('articles').delete(url);
      await tx.objectStore('items').delete(found.docId);
      await tx.objectStore('docs').delete(found.docId);
    }
    await tx.done;
    return found ?? null;
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['articles', 'items', 'docs'], 'readwrite');
    await Promise.all([tx.objectStore('articles').clear(), tx.objectStore('items').clear(), tx.objectStore('docs').clear(), tx.done]);
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

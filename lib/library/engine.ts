/**
 * The library's worker: extraction, analysis and storage of the reader's own articles, kept warm where it runs
 * (the offscreen document in Chromium, the background page in Firefox), never on the service worker's critical
 * path. Platform-neutral: it is handed its store, its pipeline and a DOMParser-like `parse`.
 */
import type { Pipeline } from '../index/document';
import type { IndexDocument } from '../index/types';
import { analyseArticle, type Analysed, type LibraryItem } from './analyse';
import { LibraryError } from './errors';
import { extractArticle, type PageSnapshot } from './extract';
import { LibraryFormatError, parseLibraryFile, type LibraryArticle, type LibraryFile } from './format';
import { exportLibrary, listLibrary, type LibraryEntry } from './listing';
import type { LibraryStore, StoredArticle } from './store';

export interface AddResult {
  item: LibraryItem;
  doc: IndexDocument;
  events: number;
  claims: number;
  /** The library's generation after the addition (lib/library/store.ts). */
  generation: number;
}

export class LibraryEngine {
  constructor(
    readonly store: LibraryStore,
    private readonly pipeline: Pipeline,
    private readonly parse: (html: string) => Document,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Extracts, analyses and stores a page the reader adds; throws LibraryError naming the problem. */
  async addPage(snap: PageSnapshot): Promise<AddResult> {
    const article = extractArticle(snap, this.parse, this.now().toISOString());
    if (await this.store.article(article.url)) throw new LibraryError('duplicateUrl', article.url);
    return this.addArticle(article);
  }

  async addArticle(article: LibraryArticle): Promise<AddResult> {
    const analysed = analyseArticle(article, this.pipeline);
    const generation = await this.store.add([{ article, analysed }]);
    return { item: analysed.item, doc: analysed.doc, events: analysed.item.events.length, claims: analysed.item.claims.length, generation };
  }

  async remove(url: string): Promise<StoredArticle> {
    const removed = await this.store.remove(url);
    if (!removed) throw new LibraryError('notFound', url);
    return removed;
  }

  list(): Promise<LibraryEntry[]> {
    return listLibrary(this.store);
  }

  exportFile(): Promise<LibraryFile> {
    return exportLibrary(this.store, this.now());
  }

  /**
   * Imports a library file: validated (`parseLibraryFile`), every new article analysed, then all written in one
   * transaction. A bad or foreign file, or an article that cannot be added, changes nothing. Articles already in
   * the library (same URL) are skipped.
   */
  async importFile(text: string, name: string): Promise<{ added: Analysed[]; skipped: number; generation: number }> {
    let file: LibraryFile;
    try {
      file = parseLibraryFile(text, name);
    } catch (e) {
      throw new LibraryError('badFile', e instanceof LibraryFormatError ? e.message : `${name}: ${String(e)}`);
    }
    const entries: Array<{ article: LibraryArticle; analysed: Analysed }> = [];
    let skipped = 0;
    for (const [i, article] of file.articles.entries()) {
      if (await this.store.article(article.url)) {
        skipped++;
        continue;
      }
      try {
        entries.push({ article, analysed: analyseArticle(article, this.pipeline) });
      } catch (e) {
        const why = e instanceof LibraryError ? e.code : String(e);
        throw new LibraryError('badFile', `${name}: article ${i + 1} (${article.title}): ${why}`);
      }
    }
    const generation = await this.store.add(entries);
    return { added: entries.map((e) => e.analysed), skipped, generation };
  }

  clear(): Promise<void> {
    return this.store.clear();
  }
}

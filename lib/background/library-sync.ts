/**
 * The library between IndexedDB and the background's service: on wake the view derived from the library (its
 * events joined, its items prepared for the ranking, as `KeptView` in ./library-view.ts) is read as it was kept at
 * the library's generation, and the search entries (MiniSearch's JSON) once the worker has answered (`preload`),
 * or on the first search that reads the library if it comes first; only when none was kept (the first wake after
 * an update, a failed write) are they worked out from the stored items and texts, and kept. Each change (add,
 * import, remove, clear) is applied to the service at once and then kept for the next wake, one change after the
 * other. The articles' texts stay in storage: a search hit on a library article reads its snippet from there (and
 * keeps it for the queries that follow). Platform-neutral: the extension's background and the benchmark use it.
 */
import type { IndexDocument } from '../index/types';
import type { LibraryItem } from '../library/analyse';
import { LIBRARY_PIPELINE_VERSION } from '../library/format';
import type { LibraryStore } from '../library/store';
import type { SearchHit } from '../messages';
import { snippetAround } from '../search/snippet';
import { decodeKept, decodeKeptLines, encodeKept } from './library-view';
import type { BackstoryService } from './service';

export const VIEW_KEY = 'view';
/** The kept view's events and claims (their JSON), beside it at the same generation. */
export const LINES_KEY = 'view-lines';
export const SEARCH_KEY = 'search';

/** How many library snippets are kept for the queries that follow (a few hundred short strings). */
const SNIPPETS_KEPT = 500;
/** How much of the library's texts is kept for the snippets of the queries that follow (characters: 2 MB or so). */
const TEXTS_KEPT_CHARS = 1_000_000;

/** A library snippet's key: its article and the terms matched (in any order: the snippet is the same). */
const snippetKey = (h: SearchHit): string => `${h.id}\n${[...h.terms].sort().join('\n')}`;

const current = (items: LibraryItem[]): LibraryItem[] => items.filter((i) => i.pipeline === LIBRARY_PIPELINE_VERSION);

export class LibrarySync {
  /** The library's generation the service's view is of. */
  private generation = -1;
  /** The changes being kept, one after the other (a search waits for them). */
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly store: LibraryStore,
    readonly service: BackstoryService,
  ) {}

  /**
   * Wake: the kept view into the service, else the one worked out from the stored items (then kept). `ranked`: the
   * kept view is in the service, its events' and claims' JSON still being read (a payload can be ranked meanwhile).
   */
  async wake(ranked?: () => void): Promise<void> {
    const [head, lines] = this.store.derivedPair(VIEW_KEY, LINES_KEY, this.service.derivedTag);
    lines.catch(() => {});
    const kept = await head;
    const view = kept ? decodeKept(kept.data) : null;
    if (kept && view) {
      this.service.setKeptView(view);
      this.generation = kept.generation;
      ranked?.();
      const read = await lines;
      const items = read && read.generation === kept.generation ? decodeKeptLines(read.data, view) : null;
      if (items) {
        this.service.setKeptLines(items);
        return;
      }
    }
    await this.reload();
  }

  /** The view worked out again from the stored items, and kept. */
  private async reload(): Promise<void> {
    const { items, generation } = await this.store.itemsAt();
    this.forgetSnippets();
    this.service.setLibrary(current(items));
    this.generation = generation;
    await this.keep();
  }

  /** Keeps the view and, when loaded, the search entries at the service's generation. */
  private async keep(): Promise<void> {
    const tag = this.service.derivedTag;
    // As text, typed arrays and bytes (lib/background/library-view.ts, `KeptRecord`): far faster to store and read
    // back than the objects they stand for; the events' and claims' JSON beside the rest (read after it on wake).
    const { view, lines } = encodeKept(this.service.keptState);
    await this.store.saveDerived(VIEW_KEY, this.generation, tag, view).catch(() => false);
    await this.store.saveDerived(LINES_KEY, this.generation, tag, lines).catch(() => false);
    await this.keepSearch();
  }

  /** Keeps the search entries, when loaded, at the service's generation. */
  private async keepSearch(): Promise<void> {
    const search = this.service.librarySearchJson();
    if (search !== null) await this.store.saveDerived(SEARCH_KEY, this.generation, this.service.derivedTag, search).catch(() => false);
  }

  private queue(job: () => Promise<void>): Promise<void> {
    this.work = this.work.then(job, job);
    return this.work;
  }

  /** Before a search that reads the library: its entries loaded (kept ones, else built from the stored texts). */
  async beforeSearch(): Promise<void> {
    await this.work;
    await this.loadSearch();
  }

  /**
   * What the first search would load, loaded before it is asked for (after a wake's first reply, while the worker
   * is idle): the library's search entries (built a few articles at a time when none were kept, so that the
   * worker answers other requests meanwhile), the bundled search index. A search meanwhile waits for it.
   */
  preload(): Promise<void> {
    this.preloading ??= this.work
      .then(() => this.loadSearch(true, true))
      .then(() => this.service.warmSearch())
      .catch(() => {});
    return this.preloading;
  }
  private preloading: Promise<void> | null = null;

  /** The load under way (one at a time: a second caller waits for it). */
  private loading: Promise<void> | null = null;
  /** Whether a search waits for the load under way (a gentle one then stops pausing). */
  private hurry = false;
  /** A turn of the event loop between a gentle build's articles (other requests are answered meanwhile). */
  private readonly pause = (): Promise<void> => (this.hurry ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, 0)));

  /**
   * `build`: when none were kept, build them from the stored texts (else leave them unloaded); `gently`: a few
   * articles at a time, given up when the library changes meanwhile (then the next search builds them at once).
   */
  private loadSearch(build = true, gently = false): Promise<void> {
    if (this.service.librarySearchLoaded) return Promise.resolve();
    if (this.loading) {
      // A search waits for a gentle load: it goes on without pauses.
      if (!gently) this.hurry = true;
      return this.loading.then(() => this.loadSearch(build, gently));
    }
    const load = this.loadSearchOnce(build, gently).finally(() => {
      if (this.loading === load) this.loading = null;
      this.hurry = false;
    });
    this.loading = load;
    return load;
  }

  private async loadSearchOnce(build: boolean, gently: boolean): Promise<void> {
    const generation = this.generation;
    // Gently (nobody waits for it): nothing is loaded when the library changed meanwhile.
    const stale = (): boolean => this.service.librarySearchLoaded || (gently && generation !== this.generation);
    const kept = await this.store.derived(SEARCH_KEY, this.service.derivedTag, generation);
    if (stale()) return;
    if (kept && typeof kept.data === 'string') {
      this.service.setLibrarySearch(kept.data);
      return;
    }
    if (!build) return;
    const docs = await this.store.docs();
    if (stale()) return;
    if (!gently) this.service.loadLibrarySearch(docs);
    // Given up when the library changed meanwhile.
    else if (!(await this.service.buildLibrarySearch(docs, this.pause))) return;
    await this.keepSearch();
  }

  /**
   * Articles the worker stored, in the change that made `generation`: joined to the view at once (the next
   * payload has them); the search entries and the view are then kept for the next wake.
   */
  added(added: Array<{ item: LibraryItem; doc: IndexDocument }>, generation: number): Promise<void> {
    if (generation !== this.generation + 1) {
      // Another change came between (or the wake has not finished): the view is worked out from the store.
      return this.queue(() => this.reload());
    }
    const search = this.service.librarySearchLoaded;
    if (search) {
      this.service.addLibraryItems(added);
      this.generation = generation;
      return this.queue(() => this.keep());
    }
    // The kept search entries (of the generation before) get the new articles' entries before they are kept again.
    const before = this.generation;
    this.service.addLibraryItems(added.map(({ item }) => ({ item })));
    this.generation = generation;
    return this.queue(async () => {
      const kept = await this.store.derived(SEARCH_KEY, this.service.derivedTag, before).catch(() => null);
      if (kept && typeof kept.data === 'string' && !this.service.librarySearchLoaded) {
        this.service.setLibrarySearch(kept.data);
        this.service.addLibrarySearch(added);
      }
      await this.keep();
    });
  }

  /** An article removed from the store (by the caller): the view is joined again without it, and kept. */
  removed(docId: string): Promise<void> {
    return this.queue(async () => {
      // The kept search entries lose the article's (none kept: they are built on the next library search).
      await this.loadSearch(false);
      const { items, generation } = await this.store.itemsAt();
      this.forgetSnippets();
      this.service.removeLibrary(docId, current(items));
      this.generation = generation;
      await this.keep();
    });
  }

  /** The library cleared (by the caller). */
  cleared(): Promise<void> {
    return this.queue(async () => {
      this.forgetSnippets();
      this.service.setLibrary([]);
      this.generation = await this.store.generation();
    });
  }

  /**
   * Snippets of library articles made before, by article and matched terms, the most recently used last: a query
   * typed on matches the same terms in the same articles ("cust", "custo", "customs"), and a reader goes back and
   * forth between queries. Dropped when an article leaves the library.
   */
  private readonly snippetsMade = new Map<string, string>();
  /** The texts of the library articles whose snippets were made last, by document id, the most recently used last. */
  private readonly textsRead = new Map<string, string>();
  private textsChars = 0;

  /** Forgets the snippets and texts kept (an article left the library, or the library was read again). */
  private forgetSnippets(): void {
    this.snippetsMade.clear();
    this.textsRead.clear();
    this.textsChars = 0;
  }

  /** Search hits with the snippets of library articles, read from their stored texts (in one transaction). */
  async snippets(hits: SearchHit[]): Promise<SearchHit[]> {
    const wanted = new Set(hits.filter((h) => h.library && h.kind === 'document' && !h.snippet));
    if (!wanted.size) return hits;
    const made = new Map<SearchHit, string>();
    const missing: SearchHit[] = [];
    for (const h of wanted) {
      const key = snippetKey(h);
      const snippet = this.snippetsMade.get(key);
      if (snippet === undefined) missing.push(h);
      else {
        made.set(h, snippet);
        this.snippetsMade.delete(key);
        this.snippetsMade.set(key, snippet);
      }
    }
    if (missing.length) {
      // The texts read last are kept too: a prefix typed further matches other terms in the same articles.
      const text = new Map<string, string>();
      for (const h of missing) {
        const t = this.textsRead.get(h.id);
        if (t === undefined) continue;
        text.set(h.id, t);
        this.textsRead.delete(h.id);
        this.textsRead.set(h.id, t);
      }
      const unread = [...new Set(missing.map((h) => h.id))].filter((id) => !text.has(id));
      const docs = unread.length ? await this.store.docsOf(unread).catch(() => []) : [];
      for (const d of docs) {
        if (!d) continue;
        text.set(d.id, d.text);
        this.textsRead.set(d.id, d.text);
        this.textsChars += d.text.length;
      }
      for (const h of missing) {
        const t = text.get(h.id);
        if (t === undefined) continue;
        const snippet = snippetAround(t, h.terms);
        made.set(h, snippet);
        this.snippetsMade.set(snippetKey(h), snippet);
      }
      for (const key of this.snippetsMade.keys()) {
        if (this.snippetsMade.size <= SNIPPETS_KEPT) break;
        this.snippetsMade.delete(key);
      }
      for (const [id, t] of this.textsRead) {
        if (this.textsChars <= TEXTS_KEPT_CHARS) break;
        this.textsRead.delete(id);
        this.textsChars -= t.length;
      }
    }
    return hits.map((h) => {
      const snippet = made.get(h);
      return snippet === undefined ? h : { ...h, snippet };
    });
  }
}

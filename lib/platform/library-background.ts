/**
 * The reader's library, background side: on wake the compact items are read from IndexedDB into the service
 * (nothing is analysed); adding and importing are handed to the library's worker (lib/platform/library-worker.ts:
 * the offscreen document in Chromium, in-process in Firefox's background page); listing, removing, export and
 * clearing read and write the store directly. Only the extension's own pages reach any of it.
 */
import { browser } from 'wxt/browser';
import type { BackstoryService } from '../background/service';
import { exportLibrary, listLibrary } from '../library/listing';
import { isPdfAddress } from '../library/errors';
import { LibraryStore } from '../library/store';
import { LibrarySync } from '../background/library-sync';
import type { PageSnapshot } from '../library/extract';
import type { LibraryReply, Protocol, Reply, SearchHit } from '../messages';
import type { TabCommand } from './messaging';
import type { LibraryJob, LibraryJobResult } from './library-worker';

type Chromeish = {
  offscreen?: { createDocument: (o: { url: string; reasons: string[]; justification: string }) => Promise<void> };
  runtime?: { getContexts?: (f: { contextTypes: string[] }) => Promise<unknown[]> };
};
const chromeApi = (): Chromeish | undefined => (globalThis as { chrome?: Chromeish }).chrome;

let offscreen: Promise<void> | null = null;
async function ensureOffscreen(): Promise<void> {
  const c = chromeApi();
  const existing = await c?.runtime?.getContexts?.({ contextTypes: ['OFFSCREEN_DOCUMENT'] }).catch(() => []);
  if (existing && existing.length) return;
  offscreen ??= c!.offscreen!.createDocument({
    url: browser.runtime.getURL('/offscreen.html'),
    reasons: ['DOM_PARSER'],
    justification: 'Extract and index an article the reader adds to their library, off the service worker.',
  }).catch((e: unknown) => {
    // Another call created it meanwhile.
    if (!/single offscreen|already/i.test(String(e))) throw e;
  });
  try {
    await offscreen;
  } finally {
    offscreen = null;
  }
}

/** Runs a job where the library's worker lives: the offscreen document (Chromium) or this page (Firefox). */
async function runJob(job: LibraryJob): Promise<LibraryJobResult> {
  // Firefox only: its background page runs the worker itself (the Chromium build leaves this code out).
  if (import.meta.env.FIREFOX) {
    const { runLibraryJob } = await import('./library-worker');
    return runLibraryJob(job);
  }
  await ensureOffscreen();
  return (await browser.runtime.sendMessage({ type: 'libraryJob', job })) as LibraryJobResult;
}

export class LibraryBackground {
  private store: Promise<LibraryStore> | null = null;
  private sync: Promise<LibrarySync | null>;
  /** Resolves once the service has the library's view (on wake). */
  readonly ready: Promise<void>;
  /**
   * Resolves once the service can rank a page with the library (its kept view read, its events' and claims' JSON
   * perhaps still being read: `BackstoryService.rankAhead`), or once `ready`.
   */
  readonly rankable: Promise<void>;
  /** Pages added automatically this session (tried once each). */
  private readonly autoTried = new Set<string>();

  /** `searchLoaded`: reads the bundled search index's data, before the search is made ready (`warmSearchSoon`). */
  constructor(
    private readonly service: BackstoryService,
    private readonly searchLoaded: () => Promise<void> = () => Promise.resolve(),
  ) {
    // Items of an older pipeline stay out until re-analysed (the article is still stored and exported).
    let ranked: () => void = () => {};
    const rankable = new Promise<void>((resolve) => (ranked = resolve));
    this.sync = this.getStore()
      .then(async (s) => {
        const sync = new LibrarySync(s, service);
        await sync.wake(ranked);
        return sync;
      })
      .catch(() => {
        service.setLibrary([]);
        return null;
      });
    this.ready = this.sync.then(() => undefined);
    this.rankable = Promise.race([rankable, this.ready]);
  }

  private getStore(): Promise<LibraryStore> {
    this.store ??= LibraryStore.open();
    return this.store;
  }

  /** Adds the page shown in `tabId` (its top frame's snapshot), for the sidebar, the popup or the context menu. */
  async addTab(tabId: number): Promise<LibraryReply> {
    const cmd: TabCommand = { type: 'command', name: 'snapshot' };
    const snap = (await browser.tabs.sendMessage(tabId, cmd, { frameId: 0 }).catch(() => null)) as PageSnapshot | null;
    if (!snap || typeof snap.html !== 'string') {
      // No content script answers in the browser's PDF viewer: a PDF's address says so plainly.
      const url = await browser.tabs.get(tabId).then(
        (t) => t.url ?? '',
        () => '',
      );
      return { ok: false, code: isPdfAddress(url) ? 'pdf' : 'unreadable', detail: '' };
    }
    return this.apply(await runJob({ do: 'add', snapshot: snap }));
  }

  /** The automatic setting: an on-topic page is added once a session, quietly (errors are not shown). */
  async autoAdd(tabId: number, url: string): Promise<void> {
    if (this.autoTried.has(url)) return;
    this.autoTried.add(url);
    if (await (await this.getStore()).article(url.replace(/#.*$/, ''))) return;
    await this.addTab(tabId);
  }

  private async apply(r: LibraryJobResult): Promise<LibraryReply> {
    const sync = await this.sync;
    if (!r.ok) return r;
    // Joined to the service's view at once; kept for the next wake after the reply.
    if (sync) void sync.added(r.added, r.generation);
    else this.service.addLibraryItems(r.added);
    const first = r.added[0]?.item;
    return {
      ok: true,
      title: first?.title ?? '',
      docId: first?.docId ?? '',
      events: r.added.reduce((n, a) => n + a.item.events.length, 0),
      claims: r.added.reduce((n, a) => n + a.item.claims.length, 0),
      added: r.added.length,
      skipped: r.skipped,
    };
  }

  async list(): Promise<Reply<'libraryList'>> {
    return listLibrary(await this.getStore());
  }

  async remove(url: string): Promise<LibraryReply> {
    const removed = await (await this.getStore()).remove(url);
    if (!removed) return { ok: false, code: 'notFound', detail: url };
    await (await this.sync)?.removed(removed.docId);
    return { ok: true, title: removed.title, docId: removed.docId, events: 0, claims: 0 };
  }

  async exportFile(): Promise<Reply<'libraryExport'>> {
    return exportLibrary(await this.getStore(), new Date());
  }

  async importFile(req: Protocol['libraryImport']['request']): Promise<LibraryReply> {
    return this.apply(await runJob({ do: 'import', text: req.text, name: req.name }));
  }

  async clear(): Promise<{ ok: true }> {
    await (await this.getStore()).clear();
    await (await this.sync)?.cleared();
    return { ok: true };
  }

  /** A library article for the reader: its stored text with its names found, and where it was read. */
  async document(docId: string): Promise<Reply<'document'>> {
    const store = await this.getStore();
    const [doc, article] = await Promise.all([store.doc(docId), store.articleByDoc(docId)]);
    return doc && article ? this.service.readerDocument(doc, article.url) : null;
  }

  private warmed = false;

  /**
   * After the first reply to one of the extension's pages on a wake (the sidebar's payload, the popup opening):
   * the search made ready in a later task, so that a search typed next does not wait for its index to load.
   */
  warmSearchSoon(): void {
    if (this.warmed) return;
    this.warmed = true;
    // A search index that cannot be read leaves its search to fail alone; the library's entries still load.
    setTimeout(() => void Promise.all([this.searchLoaded().catch(() => {}), this.sync]).then(([, sync]) => sync?.preload()), 0);
  }

  /** Loads the library's search entries before the first search that reads them. */
  async beforeSearch(): Promise<void> {
    await (await this.sync)?.beforeSearch();
  }

  /** Search hits with the snippets of library articles (their texts are read from storage). */
  async snippets(hits: SearchHit[]): Promise<SearchHit[]> {
    const sync = await this.sync;
    return sync ? sync.snippets(hits) : hits;
  }
}

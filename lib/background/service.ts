/**
 * The background's answers: loads the index once and replies to typed, validated requests. Platform-neutral
 * so that unit tests and the CLI (`npm run scan`) use the same code as the service worker.
 */
import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import type { BackstoryIndex, IndexClaim, IndexEntity, IndexEvent, Stance } from '../index/types';
import type { DocumentSummary, PageInput, PageReport, PayloadScope, Protocol, Reply, Request, SearchHit, SidebarPayload } from '../messages';
import { FUZZY_FALLBACK_BELOW, fuzzySearchOptions, libraryFuzzySearchOptions, libraryQuerySearchOptions, loadSearch, querySearchOptions, SEARCH_VERSION, searchTop, type SearchDoc, type SerializedSearch } from '../search/options';
import { matchRanges, snippetAround } from '../search/snippet';
import { tokenize } from '../text/normalize';
import { displayName } from '../ui/names';
import { documentUrl } from '../cite/cite';
import { Matcher } from '../match/matcher';
import type { MatcherTable } from '../match/types';
import { itemDoc, itemEntities, itemId, itemProposition, itemRecords, itemStance, keptRanking, namedCounts, prepareRecords, preparedRecords, rankedItem, ranking, restoreRanking, sentenceKeys, type ItemRecord, type KeptRanking, type PageProfile, type Prepared, type Ranking } from '../rank/rank';
import { rankStats, type RankStats } from '../rank/stats';
import { itemSearchDocs } from '../index/build';
import type { IndexDocument } from '../index/types';
import type { LibraryItem } from '../library/analyse';
import { LIBRARY_PIPELINE_VERSION } from '../library/format';
import { libraryFile } from '../library/format';
import { hash64 } from '../library/hash';
import MiniSearchClass from 'minisearch';
import { createSearch, searchOptions } from '../search/options';
import { addToView, EMPTY_VIEW, keptLines, LazyItems, recordKey, viewOf, type KeptHead, type KeptLinesRecord, type KeptView, type LibraryDoc, type LibraryView, type ViewBase } from './library-view';

export { isBefore } from '../rank/rank';

/** The words of `e`'s aliases that a query term begins, when that term is not in its name or `description`. */
function otherNames(e: IndexEntity, description: string, terms: string[]): string[] {
  const shown = `${e.name} ${description}`;
  const missing = terms.filter((term) => !matchRanges(shown, [term], true).length);
  if (!missing.length) return [];
  const words = new Set<string>();
  for (const alias of e.aliases) {
    for (const [start] of matchRanges(alias, missing, true)) {
      const end = alias.slice(start).search(/[\s,;:()]/u);
      words.add(alias.slice(start, end === -1 ? alias.length : start + end));
    }
    if (words.size >= 3) break;
  }
  return [...words].slice(0, 3);
}

/** The order of stances inside a claim group (the sidebar's columns). */
const STANCES: IndexClaim['stance'][] = ['asserts', 'confirms', 'disputes', 'denies'];
const STANCE_RANK = Object.fromEntries(STANCES.map((s, i) => [s, i])) as Partial<Record<IndexClaim['stance'], number>>;

/** How many payloads are kept for pages that ask again (a few open tabs). */
const PAYLOADS_KEPT = 16;

/**
 * How much of the ranking a page's payload carries when it is asked without `all`: the sidebar's first screen
 * and well beyond (a focused entity's best items are among them), never thousands of items from a big library.
 * The bundled index alone stays under these on any page, so its payloads are complete.
 */
export const PAYLOAD_LIMITS: PayloadLimits = { events: 60, groups: 60, claimsPerGroup: 30 };

/** The limits raised to at least `n` each (a request's `upTo`). */
const upTo = (limits: PayloadLimits, n: number): PayloadLimits => ({ events: Math.max(n, limits.events), groups: Math.max(n, limits.groups), claimsPerGroup: Math.max(n, limits.claimsPerGroup) });

export interface PayloadLimits {
  events: number;
  /** Claim groups, each with its lead and then up to `claimsPerGroup` claims. */
  groups: number;
  claimsPerGroup: number;
}

/** How many claims a group shows before "Show all". */
export const GROUP_LEAD = 3;

/**
 * A claim joins its group's lead (beyond the best one and the best of another stance) only when it scores at
 * least this share of the group's best: the others share the group's proposition but not the page's story (on a
 * page about the Caspian corridor, "How close are Russia and Iran?" may lead with a claim on Caspian manoeuvres,
 * but not with one that names only Moscow and Tehran); they stay in the group, after "Show all".
 */
export const LEAD_SHARE = 0.5;

/** What choosing a group's lead needs of a claim. */
interface LeadClaim {
  id: string;
  stance: Stance;
  docId: string;
}

/**
 * The best few of a group's claims (given best first, with their scores): the best, the best of another stance
 * (a denial beside an assertion), then the next ones scoring at least LEAD_SHARE of the best; at most two per
 * article.
 */
function leadClaims<C extends LeadClaim>(ranked: C[], score: (c: C) => number): C[] {
  const lead: C[] = [];
  const bar = LEAD_SHARE * (ranked[0] ? score(ranked[0]) : 0);
  const fits = (c: C): boolean => !lead.includes(c) && lead.filter((x) => x.docId === c.docId).length < 2;
  const other = ranked.find((c) => c.stance !== ranked[0]?.stance && (c.stance === 'denies' || c.stance === 'disputes'));
  for (const c of [ranked[0], other]) if (c && lead.length < GROUP_LEAD && fits(c)) lead.push(c);
  for (const c of ranked) if (lead.length < GROUP_LEAD && score(c) >= bar && fits(c)) lead.push(c);
  return lead;
}

/**
 * What the sidebar and the search read: the bundled index alone (for the page's own hover card and tab, which a
 * page script could read), or the bundled index with the reader's library (for the extension's own pages).
 */
interface View {
  ranking: Prepared;
  docs: Record<string, DocumentSummary>;
  claimsById: Lookup<IndexClaim>;
  eventsById: Lookup<IndexEvent>;
}

/** Items by id: a map, or the library's kept items (parsed when asked for) over the bundled ones. */
interface Lookup<T> {
  get(id: string): T | undefined;
  values(): Iterable<T>;
}

/** The library's items over the bundled ones (a joined event keeps its bundled id, and replaces it). */
function layered<T extends { id: string }>(bundled: Map<string, T>, library: T[] | LazyItems<T>): Lookup<T> {
  if (Array.isArray(library)) {
    const all = new Map(bundled);
    for (const x of library) all.set(x.id, x);
    return all;
  }
  return {
    get: (id) => library.get(id) ?? bundled.get(id),
    values: () => {
      const all = new Map(bundled);
      for (const x of library.all()) all.set(x.id, x);
      return all.values();
    },
  };
}


export class BackstoryService {
  readonly entities = new Map<string, IndexEntity>();
  /** The bundled search index, loaded after a reply (`warmSearch`) or by the first search (a wake for the sidebar's payload does not pay for it). */
  private searchIndex: MiniSearch<SearchDoc> | null = null;
  /** The bundled search index's data, or how to get it (parsed when first needed: a wake for a payload does not). */
  private searchSource: SerializedSearch | (() => SerializedSearch);
  private get searchData(): SerializedSearch {
    if (typeof this.searchSource === 'function') this.searchSource = this.searchSource();
    return this.searchSource;
  }
  private readonly docs: Record<string, DocumentSummary> = {};
  private readonly claimsById = new Map<string, IndexClaim>();
  private readonly eventsById = new Map<string, IndexEvent>();
  /** The bundled index alone, its candidates prepared when first asked for (a wake for the library's view does not). */
  private bundledView: View | null = null;
  private readonly stats: RankStats;
  /** What is derived from the reader's library (./library-view.ts): read on wake, or worked out from its items. */
  private libraryView: LibraryView = EMPTY_VIEW;
  /** The library's events and claims as read on wake, until something needs them all (`materialize`). */
  private keptItems: { events: LazyItems<IndexEvent>; claims: LazyItems<IndexClaim> } | null = null;
  /** The ranking's candidates read on wake, until restored (then the restored items hold what it held). */
  private keptRead: KeptRanking | null = null;
  /**
   * While the library is unchanged since a wake read its kept view: the kept sentence keys and how many of the
   * ranking's items are the view's (their records are read back from those items, once: see `fullView`).
   */
  private kept: { sentences: string; own: number; readBack: boolean } | null = null;
  /** The records the library's ranking was prepared from (when it was prepared here, not restored). */
  private mixedRecords: ItemRecord[] | null = null;
  /** The library's articles by document id. */
  private readonly library = new Map<string, LibraryDoc>();
  private mixed: View | null = null;
  /** How many times the library changed (a search built meanwhile is of another library). */
  private libraryChanges = 0;
  /** The library's search entries (a second MiniSearch), loaded once the worker has answered (LibrarySync.preload) or by the first search that reads the library. */
  private librarySearch: MiniSearch<SearchDoc> | null = null;
  /** The bundled index's ranking records (a library view's records replace some of them). */
  private readonly bundledRecords: ItemRecord[];
  /** What the library's derived records were made from (the bundled index, the pipeline): see `derivedTag`. */
  readonly derivedTag: string;
  private readonly docsById = new Map<string, BackstoryIndex['documents'][number]>();
  /** Every entity name and alias, normalised, to the entities it names (made on the first search: see `aliases`). */
  private byAlias: Map<string, string[]> | null = null;
  private readonly reports = new Map<number, PageReport>();
  /** The page matcher over the bundled table, made when first needed (a wake for the sidebar's payload does not). */
  private matcherMade: Matcher | null = null;
  private readonly table: MatcherTable;
  /** The last payloads, by page (see payload()); a payload is never changed once made. */
  private readonly payloads = new Map<string, SidebarPayload>();

  /**
   * `search`: data/search.json, or a function that gives it (the service worker parses its 340 KB when the first
   * search needs it; an object is checked here). `stats`: data/rank.json; without it they are computed from the
   * index (no URLs, no proposition cues). `limits`: how much a payload asked without `all` carries (tests make them
   * small).
   */
  constructor(
    readonly index: BackstoryIndex,
    search: SerializedSearch | (() => SerializedSearch),
    table: MatcherTable,
    stats?: RankStats,
    private readonly limits: PayloadLimits = PAYLOAD_LIMITS,
  ) {
    for (const e of index.entities) this.entities.set(e.id, e);
    for (const d of index.documents) this.docs[d.id] = { id: d.id, title: d.title, outlet: d.outlet, date: d.date, lang: d.lang, url: documentUrl(d) };
    for (const c of index.claims) this.claimsById.set(c.id, c);
    for (const ev of index.events) this.eventsById.set(ev.id, ev);
    for (const d of index.documents) this.docsById.set(d.id, d);
    // A serialized index built with other options fails here, at once, not on the first search.
    if (typeof search !== 'function' && search?.version !== SEARCH_VERSION) loadSearch(search);
    this.searchSource = search;
    this.table = table;
    const computed = (): RankStats =>
      rankStats(
        index.documents.map((d) => ({ id: d.id, url: null, text: d.text, entityIds: this.matcher.match(d.text).map((m) => table.entities[m.entity]!.id) })),
        [],
        (id) => this.entities.get(id)?.side,
        index.entities.filter((e) => e.common).map((e) => e.id),
      );
    this.stats = stats ?? computed();
    this.bundledRecords = itemRecords(index.events, index.claims, this.stats, this.sideOf);
    // The kept ranking holds the bundled items as prepared, and the library's propositions come from the statistics.
    this.derivedTag = hash64(
      JSON.stringify([LIBRARY_PIPELINE_VERSION, SEARCH_VERSION, index.documents.map((d) => d.id), index.events.map((e) => [e.id, e.sources.length]), index.claims.length, this.bundledRecords, this.stats.propositions]),
    );
  }

  private get bundled(): View {
    return (this.bundledView ??= { ranking: prepareRecords(this.bundledRecords, this.stats, this.sideOf), docs: this.docs, claimsById: this.claimsById, eventsById: this.eventsById });
  }

  /** The entities with their main names only, for the library's search entries. */
  private get mainNames(): Pick<BackstoryIndex, 'entities'> {
    return (this.mainNamesIndex ??= { entities: this.index.entities.map((e) => ({ ...e, aliases: [] })) });
  }
  private mainNamesIndex: Pick<BackstoryIndex, 'entities'> | null = null;

  private get matcher(): Matcher {
    return (this.matcherMade ??= new Matcher(this.table));
  }

  private get aliases(): Map<string, string[]> {
    if (this.byAlias) return this.byAlias;
    const byAlias = new Map<string, string[]>();
    for (const e of this.index.entities) {
      for (const a of new Set([e.name, ...e.aliases].map((x) => tokenize(x).join(' ')))) {
        const list = byAlias.get(a) ?? [];
        list.push(e.id);
        byAlias.set(a, list);
      }
    }
    return (this.byAlias = byAlias);
  }

  private readonly sideOf = (id: string): IndexEntity['side'] | undefined => this.entities.get(id)?.side;

  private get viewBase(): ViewBase {
    return { events: this.index.events, claims: this.index.claims, stats: this.stats, sideOf: this.sideOf, table: this.table };
  }

  /**
   * Replaces the library with these items (the slow path: every event joined and every item prepared again; on a
   * wake without a stored view, and after a removal). Nothing is analysed here.
   */
  setLibrary(items: LibraryItem[]): void {
    this.setLibraryView(viewOf(items, this.viewBase));
  }

  /** Replaces the library with a view derived before. */
  setLibraryView(view: LibraryView): void {
    this.setView(view, null);
  }

  /**
   * Replaces the library with a view kept between wakes (read from IndexedDB, `keptState`): its ranking is
   * restored as it was prepared, and its records are read back from it only when the library changes. Its events'
   * and claims' JSON comes after (`setKeptLines`): until then, pages can be ranked (`rankAhead`), not answered.
   */
  setKeptView(kept: KeptHead): void {
    this.setView({ events: [], claims: [], docs: kept.docs, records: [] }, kept);
  }

  /** The kept view's events and claims, read after it (`setKeptView`). */
  setKeptLines(lines: KeptLinesRecord): void {
    this.keptItems?.events.fill(lines.events);
    this.keptItems?.claims.fill(lines.claims);
  }

  private setView(view: LibraryView, kept: KeptHead | null): void {
    this.libraryView = view;
    this.library.clear();
    for (const d of view.docs) this.library.set(d.id, d);
    this.libraryChanged();
    this.keptRead = kept?.ranking ?? null;
    this.kept = kept ? { sentences: kept.ranking?.sentences ?? '', own: kept.own, readBack: false } : null;
    this.keptItems = kept ? { events: new LazyItems(kept.events), claims: new LazyItems(kept.claims) } : null;
    this.librarySearch = null;
  }

  /** The library's view with all its events and claims (parsed from the kept lines, when a wake read them). */
  private materialize(): LibraryView {
    const k = this.keptItems;
    if (k) {
      this.libraryView = { ...this.libraryView, events: k.events.all(), claims: k.claims.all() };
      this.keptItems = null;
    }
    return this.libraryView;
  }

  /** The library's view with its events, claims and records (`materialize`, then `withRecords`). */
  private get fullView(): LibraryView {
    this.materialize();
    return this.withRecords;
  }

  /**
   * The library's view with its records and its articles' fingerprints (read back from the kept ranking's items
   * and fingerprint index the first time they are needed).
   */
  private get withRecords(): LibraryView {
    const kept = this.kept;
    // A kept view comes without records (`setKeptView`): its own are the ranking's last `own` items.
    if (kept && !kept.readBack) {
      kept.readBack = true;
      if (!this.library.size) return this.libraryView;
      const ranking = this.mixedView().ranking;
      const prints = ranking.fingerprints.fingerprints();
      this.libraryView = {
        ...this.libraryView,
        docs: this.libraryView.docs.map((d) => ({ ...d, fingerprint: prints.get(d.id) ?? d.fingerprint })),
        records: preparedRecords(ranking, kept.sentences.split('\n'), ranking.count - kept.own),
      };
    }
    return this.libraryView;
  }

  /** What is derived from the library now, as kept for the next wake (`setKeptView`). */
  get keptState(): KeptView {
    // The lines read on wake are kept as they are (nothing parsed for it).
    const lines = this.keptItems ? { events: this.keptItems.events.kept, claims: this.keptItems.claims.kept } : null;
    const lv = this.withRecords;
    const events = lines?.events ?? keptLines(lv.events);
    const claims = lines?.claims ?? keptLines(lv.claims);
    if (!this.library.size) return { events, claims, docs: lv.docs, own: 0, ranking: null };
    const ranking = this.mixedView().ranking;
    const sentences = this.kept ? this.kept.sentences.split('\n') : sentenceKeys(ranking, this.mixedRecords!);
    return { events, claims, docs: lv.docs, own: lv.records.length, ranking: keptRanking(ranking, sentences) };
  }

  /**
   * Articles added: their events join the view (the others are not joined again), their items the next payload;
   * the search, when loaded, gets their entries (MiniSearch `add`).
   */
  addLibrary(item: LibraryItem, doc?: IndexDocument): void {
    this.addLibraryItems([{ item, doc }]);
  }

  addLibraryItems(added: Array<{ item: LibraryItem; doc?: IndexDocument }>): void {
    const fresh = added.filter((a) => !this.library.has(a.item.docId));
    if (!fresh.length) return;
    this.libraryView = addToView(this.fullView, fresh.map((a) => a.item), this.viewBase);
    for (const d of this.libraryView.docs.slice(-fresh.length)) this.library.set(d.id, d);
    this.libraryChanged();
    if (this.librarySearch) this.addLibrarySearch(fresh);
  }

  /** The search entries of articles already in the library (to the loaded search; one without its text unloads it). */
  addLibrarySearch(added: Array<{ item: LibraryItem; doc?: IndexDocument }>): void {
    const search = this.librarySearch;
    if (!search) return;
    for (const { item, doc } of added) {
      if (doc) this.addToLibrarySearch(search, item.docId, doc);
      else this.librarySearch = null;
    }
  }

  /**
   * One article removed: its items go; an event another article also reports keeps that source. `remaining` are
   * the library's other items (the events are joined again without it).
   */
  removeLibrary(docId: string, remaining: LibraryItem[]): void {
    if (!this.library.has(docId)) return;
    const search = this.librarySearch;
    const keys = search ? this.searchKeys(docId) : [];
    this.setLibrary(remaining.filter((i) => i.docId !== docId));
    if (!search) return;
    for (const key of keys) if (search.has(key)) search.discard(key);
    this.librarySearch = search;
  }

  hasLibraryDocument(docId: string): boolean {
    return this.library.has(docId);
  }

  get libraryCount(): number {
    return this.library.size;
  }

  /** Whether the library's search entries are loaded (else `loadLibrarySearch` before searching the library). */
  get librarySearchLoaded(): boolean {
    return this.librarySearch !== null || this.library.size === 0;
  }

  /** Builds the library's search entries from the stored reader documents (when none were kept: the slow path). */
  loadLibrarySearch(docs: IndexDocument[]): void {
    const search = createSearch([]);
    const of = this.itemsByDoc();
    for (const doc of docs) if (this.library.has(doc.id)) this.addToLibrarySearch(search, doc.id, doc, of.get(doc.id));
    this.librarySearch = search;
  }

  /**
   * `loadLibrarySearch` a few articles at a time, with `pause` between (the worker answers other requests
   * meanwhile): false, with nothing loaded, when the library changed or search entries were loaded meanwhile.
   */
  async buildLibrarySearch(docs: IndexDocument[], pause: () => Promise<void>, chunk = 20): Promise<boolean> {
    const changes = this.libraryChanges;
    const search = createSearch([]);
    const of = this.itemsByDoc();
    for (let i = 0; i < docs.length; i += chunk) {
      if (i > 0) {
        await pause();
        if (this.libraryChanges !== changes || this.librarySearch) return false;
      }
      for (const doc of docs.slice(i, i + chunk)) if (this.library.has(doc.id)) this.addToLibrarySearch(search, doc.id, doc, of.get(doc.id));
    }
    if (this.libraryChanges !== changes || this.librarySearch) return false;
    this.librarySearch = search;
    return true;
  }

  /** The bundled search index and the entities' names loaded (else the first search loads them). */
  warmSearch(): void {
    this.searchIndex ??= loadSearch(this.searchData);
    void this.aliases;
  }

  /** The library's search entries as kept between wakes (MiniSearch's JSON), or null when not loaded. */
  librarySearchJson(): string | null {
    return this.librarySearch ? JSON.stringify(this.librarySearch) : null;
  }

  /** Loads the library's search entries kept before (`librarySearchJson`). */
  setLibrarySearch(json: string): void {
    this.librarySearch = MiniSearchClass.loadJSON<SearchDoc>(json, searchOptions);
  }

  /**
   * The view's events and claims by the article they are from (an event by the article that reported it first:
   * a library event joined to another report is searched under the joined event, which the bundled search, or
   * the article that reported it first, has).
   */
  private itemsByDoc(only?: string): Map<string, { events: IndexEvent[]; claims: IndexClaim[] }> {
    const out = new Map<string, { events: IndexEvent[]; claims: IndexClaim[] }>();
    const of = (id: string) => out.get(id) ?? out.set(id, { events: [], claims: [] }).get(id)!;
    const lv = this.materialize();
    for (const e of lv.events) if (!only || e.docId === only) of(e.docId).events.push(e);
    for (const c of lv.claims) if (!only || c.docId === only) of(c.docId).claims.push(c);
    return out;
  }

  /** The search keys of an article's entries: its events that kept their id, its claims, the article. */
  private searchKeys(docId: string): string[] {
    const { events, claims } = this.itemsByDoc(docId).get(docId) ?? { events: [], claims: [] };
    return [...events.map((e) => `event:${e.id}`), ...claims.map((c) => `claim:${c.id}`), `document:${docId}`];
  }

  private addToLibrarySearch(search: MiniSearch<SearchDoc>, docId: string, doc: IndexDocument, items = this.itemsByDoc(docId).get(docId)): void {
    const { events, claims } = items ?? { events: [], claims: [] };
    // The article's text is searched by its distinct words (a phrase still finds it; indexing every repeat costs
    // time and memory for little ranking gain). Its text is not kept here: a hit's snippet is read from storage.
    const words = [...new Set(tokenize(doc.text))].join(' ');
    // Its events and claims carry their entities' main names, not every alias (a hundred for Russia, in every
    // script): an alias still finds the entity itself, and the search entries stay a fraction of the size.
    for (const d of itemSearchDocs(this.mainNames, events, claims, [{ ...doc, text: words }])) if (!search.has(d.key)) search.add(d);
  }

  private libraryChanged(): void {
    this.libraryChanges++;
    this.mixed = null;
    this.mixedRecords = null;
    this.keptRead = null;
    this.kept = null;
    this.ahead = null;
    this.payloads.clear();
  }

  /** The bundled index with the library's view: its records replace the bundled ones of the same items. */
  private mixedView(): View {
    if (this.mixed) return this.mixed;
    const lv = this.libraryView;
    if (!this.library.size) return this.bundled;
    const docs: Record<string, DocumentSummary> = { ...this.docs };
    for (const d of lv.docs) docs[d.id] = { id: d.id, title: d.title, outlet: d.outlet, date: d.date, lang: d.lang, library: true, url: d.url };
    const stats: RankStats = { ...this.stats, documents: [...this.stats.documents, ...lv.docs.map((d) => ({ id: d.id, url: d.url, fingerprint: d.fingerprint }))] };
    const eventsById = layered(this.eventsById, this.keptItems?.events ?? lv.events);
    const claimsById = layered(this.claimsById, this.keptItems?.claims ?? lv.claims);
    let ranking: Prepared;
    if (this.keptRead) {
      ranking = restoreRanking(this.keptRead, stats, this.sideOf);
      this.keptRead = null;
    } else {
      const replaced = new Set(lv.records.map(recordKey));
      const records = [...this.bundledRecords.filter((r) => !replaced.has(recordKey(r))), ...lv.records];
      this.mixedRecords = records;
      ranking = prepareRecords(records, stats, this.sideOf);
    }
    this.mixed = { ranking, docs, claimsById, eventsById };
    return this.mixed;
  }

  private view(withLibrary: boolean): View {
    return withLibrary ? this.mixedView() : this.bundled;
  }

  /** Handles one request; `tabId` is the sender's tab for content-script requests. */
  /**
   * `withLibrary`: the sender is one of the extension's own pages (sidebar frame, popup, reader, options), which a
   * web page cannot read; the content script's requests (the tab's count, the hover card) never get the library.
   */
  handle(req: Request, tabId: number | null, senderUrl: string | null = null, withLibrary = false): Reply<Request['type']> {
    switch (req.type) {
      case 'ping':
        return { ok: true, documents: this.index.documents.length };
      case 'payload':
        return this.payload(req.entityIds, req.pageDate, req.page ?? null, senderUrl, withLibrary, { ...(req.all ? { all: true } : {}), ...(req.upTo ? { upTo: req.upTo } : {}), ...(req.focus !== undefined ? { focus: req.focus } : {}) });
      case 'search':
        return this.query(req, withLibrary);
      case 'entity':
        return this.entities.has(req.id) ? this.timeline(req.id, withLibrary) : null;
      case 'document':
        return this.document(req.id);
      case 'report':
        if (tabId !== null) this.reports.set(tabId, senderUrl ? { ...req.report, url: senderUrl } : req.report);
        return { ok: true };
      case 'pageState':
        return this.reports.get(req.tabId) ?? null;
      case 'openReader':
        // Opening a tab is the platform's job (lib/platform/background.ts); here only the document is checked.
        return { ok: this.index.documents.some((d) => d.id === req.docId) };
      case 'sidebar':
        // Relaying to the tab is the platform's job (lib/platform/background.ts); without one there is no sidebar.
        return { ok: false, view: null };
      // The library's storage and worker are the platform's (lib/platform/background.ts); without them it is empty.
      case 'libraryAdd':
      case 'libraryRemove':
      case 'libraryImport':
        return { ok: false, code: 'storage', detail: 'no library storage here' };
      case 'libraryList':
        return [];
      case 'libraryExport':
        return libraryFile([], new Date(0).toISOString());
      case 'libraryClear':
        return { ok: true };
      case 'inject':
        // Injecting the page script is the platform's job too (lib/platform/background.ts).
        return { ok: false };
      case 'topEntities':
        return [...this.entities.values()]
          .filter((e) => e.mentions > 0)
          .sort((a, b) => b.related.length - a.related.length || b.mentions - a.mentions || (a.id < b.id ? -1 : 1))
          .slice(0, req.limit);
    }
  }

  forgetTab(tabId: number): void {
    this.reports.delete(tabId);
  }

  /**
   * The sidebar's content for the page's entities: events before `pageDate` and claims up to it, ranked for the
   * page (lib/rank), each with the terms of its score. `page` is what the content script knows of the page (zone
   * counts, title and text sample, canonical address, and its own address when the sidebar frame asks); `senderUrl`
   * the address of the frame that asked.
   */
  payload(entityIds: string[], pageDate: string | null, page: PageInput | null = null, senderUrl: string | null = null, withLibrary = false, scope: PayloadScope = {}): SidebarPayload {
    const { ids, profile } = this.profile(entityIds, pageDate, page, senderUrl);
    // The same page asking again (a re-scan, the sidebar reopened) gets the payload worked out last time.
    const focus = scope.focus !== undefined && ids.includes(scope.focus) ? scope.focus : null;
    const limits = scope.all ? null : scope.upTo ? upTo(this.limits, scope.upTo) : this.limits;
    const key = JSON.stringify([profile, pageDate, withLibrary, limits, focus]);
    const cached = this.payloads.get(key);
    if (cached) {
      this.payloads.delete(key);
      this.payloads.set(key, cached);
      return cached;
    }
    const view = this.view(withLibrary);
    // Ranked ahead (`rankAhead`) for this page and view, or now.
    const ahead = this.ahead;
    this.ahead = null;
    const ranked = ahead && ahead.view === view && ahead.key === JSON.stringify(profile) ? ahead.ranking : ranking(profile, view.ranking);
    const payload = this.assemble(view, ids, ranked, limits, focus);
    this.payloads.set(key, payload);
    if (this.payloads.size > PAYLOADS_KEPT) this.payloads.delete(this.payloads.keys().next().value!);
    return payload;
  }

  /**
   * Ranks the page of a payload asked for next (`payload` takes the ranking then), on a wake while the kept
   * view's events and claims are still being read (the ranking reads none of them); else does nothing.
   */
  rankAhead(entityIds: string[], pageDate: string | null, page: PageInput | null = null, senderUrl: string | null = null, withLibrary = false): void {
    // Only while they are being read (else the payload is as quick to rank, or kept already).
    if (!this.keptItems || this.keptItems.events.filled) return;
    const { profile } = this.profile(entityIds, pageDate, page, senderUrl);
    const view = this.view(withLibrary);
    this.ahead = { key: JSON.stringify(profile), view, ranking: ranking(profile, view.ranking) };
  }
  private ahead: { key: string; view: View; ranking: Ranking } | null = null;

  /** What the ranking knows of a payload's page (`PageProfile`), and the known entities asked for. */
  private profile(entityIds: string[], pageDate: string | null, page: PageInput | null, senderUrl: string | null): { ids: string[]; profile: PageProfile } {
    const ids = [...new Set(entityIds.filter((id) => this.entities.has(id)))];
    const profile: PageProfile = {
      entities: Object.fromEntries(ids.map((id) => [id, page?.zones?.[id] ?? [0, 0, 1]])),
      title: page?.title ?? '',
      text: page?.text ?? '',
      date: pageDate,
      urls: [page?.url, page?.address, senderUrl].filter((u): u is string => !!u),
    };
    return { ids, profile };
  }

  /**
   * The payload from the ranking: events in order, claims grouped by proposition, documents, entities; with
   * `limits`, only the best events and claim groups (and `more` says how many there are in all). Grouping,
   * leads and counts come from the ranking's items: only the events and claims carried are read (a library kept
   * between wakes parses them then).
   */
  private assemble(view: View, ids: string[], whole: Ranking, limits: PayloadLimits | null, focus: string | null): SidebarPayload {
    const p = view.ranking;
    // A focused name: the items that name it (a claim's claimant too), as the sidebar filters them.
    const about = (i: number): boolean => itemEntities(p, i).includes(focus!);
    const ranked = focus === null ? whole : { ...whole, events: whole.events.filter(about), claims: whole.claims.filter(about) };
    type Ranked = LeadClaim & { order: number; score: number; item: number };
    // By proposition; a claim on none is a group of its own (keyed by its item).
    const groups = new Map<string | number, Ranked[]>();
    ranked.claims.forEach((i, order) => {
      const c: Ranked = { id: itemId(p, i), stance: itemStance(p, i)!, docId: itemDoc(p, i)!, order, score: whole.scores[i]!, item: i };
      const key = itemProposition(p, i) ?? i;
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    });
    // Counted over the whole ranking, focused or not (the hover card's counts, "Show all (N)" on a name).
    const counts = namedCounts(whole, ids);
    const partial = limits !== null && (ranked.events.length > limits.events || groups.size > limits.groups || [...groups.values()].some((g) => g.length > GROUP_LEAD + limits.claimsPerGroup));
    // Groups in the order of their best claim. A group leads with its best few claims (another stance beside the
    // best one, at most two from one article), then the rest; each part stance by stance, as the sidebar shows it.
    const byStance = (a: Ranked, b: Ranked): number => (STANCE_RANK[a.stance] ?? -1) - (STANCE_RANK[b.stance] ?? -1) || a.order - b.order;
    // The claims carried, by item (their why is made below).
    const carried = new Uint8Array(partial ? p.count : 0);
    const claim = (c: Ranked): IndexClaim => {
      if (partial) carried[c.item] = 1;
      return view.claimsById.get(c.id)!;
    };
    const claimGroups = [...groups.entries()].slice(0, partial ? limits.groups : undefined).map(([key, claims]) => {
      if (typeof key === 'number') return { topic: null, label: null, claims: claims.map(claim), lead: 1 };
      const topic = key;
      const lead = leadClaims(claims, (c) => c.score);
      // A partial payload keeps a group's lead and its best others (in score order, then stance by stance).
      const others = claims.filter((c) => !lead.includes(c));
      const rest = (partial ? others.slice(0, limits.claimsPerGroup) : others).sort(byStance);
      return { topic, label: this.index.topics.find((t) => t.id === topic)?.label ?? null, claims: [...lead.sort(byStance), ...rest].map(claim), lead: lead.length };
    });
    const carriedEvents = partial ? ranked.events.slice(0, limits.events) : ranked.events;
    const events = carriedEvents.map((i) => view.eventsById.get(itemId(p, i))!);
    const documents: Record<string, DocumentSummary> = {};
    const use = (id: string): void => {
      if (!documents[id] && view.docs[id]) documents[id] = view.docs[id];
    };
    for (const e of events) for (const src of e.sources) use(src.docId);
    for (const g of claimGroups) for (const c of g.claims) use(c.docId);
    const weight = new Map(ranked.weights);
    const entities = ids.map((id) => this.entities.get(id)!).sort((a, b) => (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0));
    const labels: SidebarPayload['labels'] = {};
    for (const t of this.index.topics) labels[t.id] = t.label;
    // The items' terms (their why) are made for the items carried only, in rank order.
    const rankedItems = [...carriedEvents, ...(partial ? ranked.claims.filter((i) => carried[i]) : ranked.claims)].map((i) => rankedItem(whole, i));
    const payload: SidebarPayload = { entities, events, claimGroups, documents, ranked: rankedItems, labels, self: ranked.self, counts, ...(focus !== null ? { focus } : {}) };
    return partial ? { ...payload, more: { events: ranked.events.length, claims: ranked.claims.length } } : payload;
  }

  /** An entity's card away from a page: everything about it, the timeline newest first. */
  timeline(id: string, withLibrary = false): SidebarPayload {
    const p = { ...this.payload([id], null, null, null, withLibrary, { all: true }) };
    p.events = [...p.events].sort((a, b) => (a.date.value < b.date.value ? 1 : a.date.value > b.date.value ? -1 : a.id < b.id ? -1 : 1));
    return p;
  }

  /**
   * The popup's search: MiniSearch over entities, events, claims and documents with the shared tokenizer,
   * filtered by kind and date range, each hit with a snippet around its first matched word.
   */
  query(req: Protocol['search']['request'], withLibrary = false): SearchHit[] {
    const q = req.query.trim();
    if (!q) return [];
    const kinds = req.kinds && req.kinds.length < 4 ? new Set(req.kinds) : null;
    const { from, to } = req;
    const filter =
      kinds || from || to
        ? (r: SearchResult): boolean => {
            if (kinds && !kinds.has(r.kind as SearchHit['kind'])) return false;
            const date = r.date as string;
            if (!date) return true;
            // Compare at the coarser precision: a 2022-07 event is inside "from 2022-07-19" and "to 2022-07-01".
            if (from && date < from.slice(0, date.length)) return false;
            if (to && date.slice(0, to.length) > to) return false;
            return true;
          }
        : undefined;
    // The library's entries (when the sender may see them) are a second MiniSearch: the bundled one is never rebuilt.
    const bundled = (this.searchIndex ??= loadSearch(this.searchData));
    const library = withLibrary ? this.librarySearch : null;
    const limit = req.limit ?? 30;
    const run = (opts: typeof querySearchOptions, libraryOpts: typeof querySearchOptions): { results: SearchResult[]; total: number } => {
      const options = filter ? { ...opts, filter } : opts;
      const found = bundled.search(q, options);
      if (!library) return { results: found, total: found.length };
      const inLibrary = filter ? { ...libraryOpts, filter } : libraryOpts;
      if (filter || !(Number.isInteger(limit) && limit > 0)) {
        const more = library.search(q, inLibrary);
        return { results: [...found, ...more], total: found.length + more.length };
      }
      // Only the library's results that can be among the first `limit` are made (the library has no entities,
      // so the name boost below never lifts one of its results over another).
      const top = searchTop(library, q, inLibrary, limit, new Set(found.map((r) => r.id as unknown)));
      return { results: [...found, ...top.results], total: found.length + top.total };
    };
    let { results, total } = run(querySearchOptions, libraryQuerySearchOptions);
    if (total < FUZZY_FALLBACK_BELOW) {
      const fuzzy = run(fuzzySearchOptions, libraryFuzzySearchOptions);
      if (fuzzy.total > total) results = fuzzy.results;
    }
    // The same item found in both (an event a library article joined) counts once.
    if (library) {
      const seen = new Set<string>();
      results = results.sort((a, b) => b.score - a.score).filter((r) => !seen.has(r.id as string) && seen.add(r.id as string));
    }
    // A query that is exactly one of an entity's names puts that entity first among entities ("drohnen" is the
    // drones, not the drone models that also list "Drohnen" among their names).
    const named = this.aliases.get(tokenize(q).join(' '));
    if (named) {
      for (const r of results) if (r.kind === 'entity' && named.includes(r.id as string)) r.score *= 10;
      results.sort((a, b) => b.score - a.score);
    }
    const lang = req.lang ?? 'en';
    const view = this.view(withLibrary);
    return results.slice(0, limit).map((r): SearchHit => this.hit(view, r.kind as SearchHit['kind'], r.id as string, r.terms, r.queryTerms, r.score, lang));
  }

  private hit(view: View, kind: SearchHit['kind'], id: string, terms: string[], queryTerms: string[], score: number, lang: 'en' | 'de'): SearchHit {
    const base = { terms, score: Math.round(score * 1000) / 1000 };
    if (kind === 'entity') {
      const e = this.entities.get(id)!;
      const description = e.description[lang] || e.description.en;
      // When the query matched another name ("Peseschkian", "پزشکیان"), show that name first.
      const others = otherNames(e, description, queryTerms);
      const snippet = others.length ? `${others.join(' · ')} — ${description}` : description;
      return { ...base, kind, id, title: displayName(e, lang), snippet: snippetAround(snippet, terms), date: null, docId: null, start: null, end: null };
    }
    if (kind === 'event') {
      const ev = view.eventsById.get(id)!;
      const src = ev.sources.find((s) => this.library.has(s.docId) && terms.some((term) => matchRanges(s.quote, [term], true).length)) ?? ev;
      return { ...base, kind, id, title: ev.summary, snippet: snippetAround(src.quote, terms), date: ev.date, docId: src.docId, start: src.start, end: src.end, ...(this.library.has(src.docId) ? { library: true } : {}) };
    }
    if (kind === 'claim') {
      const c = view.claimsById.get(id)!;
      return { ...base, kind, id, title: c.statement, snippet: snippetAround(`${c.claimant.text}: ${c.quote}`, terms), date: c.date, docId: c.docId, start: c.start, end: c.end, ...(this.library.has(c.docId) ? { library: true } : {}) };
    }
    const item = this.library.get(id);
    if (item) {
      // The article's text is in storage only: the platform fills the snippet in (`librarySnippet`).
      return { ...base, kind, id, title: item.title, snippet: '', date: item.date, docId: id, start: null, end: null, library: true };
    }
    const d = this.docsById.get(id)!;
    return { ...base, kind, id, title: d.title, snippet: snippetAround(d.text, terms), date: d.date, docId: d.id, start: null, end: null };
  }

  document(id: string): Reply<'document'> {
    const doc = this.docsById.get(id);
    if (!doc) return null;
    return this.readerDocument(doc);
  }

  /** A document for the reader with its names found by the page matcher (a library article's too). */
  readerDocument(doc: IndexDocument, url?: string): NonNullable<Reply<'document'>> {
    const mentions = this.matcher.match(doc.text).map((m) => {
      const e = this.matcher.table.entities[m.entity]!;
      return { entityId: e.id, type: e.type, start: m.start, end: m.end };
    });
    // The events reported by the article and the claims quoted from it (a library article's from the view with the
    // library in it, which only extension pages are given), so the reader can cite its passage.
    const view = this.view(url !== undefined);
    const id = doc.id;
    const quoted = {
      events: [...view.eventsById.values()].filter((ev) => ev.sources.some((src) => src.docId === id)),
      claims: [...view.claimsById.values()].filter((c) => c.docId === id),
    };
    const summary = view.docs[id] ?? { id, title: doc.title, outlet: doc.outlet, date: doc.date, lang: doc.lang, url: url ?? documentUrl(doc) };
    return url ? { document: doc, mentions, quoted, summary, library: { url } } : { document: doc, mentions, quoted, summary };
  }
}

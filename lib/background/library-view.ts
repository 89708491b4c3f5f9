/**
 * What the background derives from the reader's library to rank it with the bundled index: its events joined to
 * the events other articles report (the build's `mergeEvents`), its claims, its articles, and the ranking's record
 * of each of these items (`itemRecords`). Plain data: the background keeps it in IndexedDB (lib/library/store.ts,
 * `derived`) as a `KeptView`, with the ranking's candidates as they were prepared instead of the records, so that a
 * wake reads it instead of joining and preparing every item again; an added article is joined to it alone.
 * Platform-neutral.
 */
import { mergeEvents } from '../index/events';
import type { IndexClaim, IndexEvent } from '../index/types';
import type { LibraryItem } from '../library/analyse';
import type { MatcherTable, Side } from '../match/types';
import type { DocumentSummary } from '../messages';
import { isKeptRanking, itemRecords, type ItemRecord, type KeptRanking } from '../rank/rank';
import type { RankStats } from '../rank/stats';

/** A library article as the sidebar and the ranking see it (no text). */
export type LibraryDoc = DocumentSummary & { library: true; url: string; addedAt: string; fingerprint: number[] };

export interface LibraryView {
  /** Every event with a library source: the library's own, and the events of other articles it joined (their ids). */
  events: IndexEvent[];
  claims: IndexClaim[];
  docs: LibraryDoc[];
  /**
   * The ranking's records of `events` and `claims`, and of bundled claims whose context (an event of their
   * article) a join changed: they replace the bundled index's records of the same items.
   */
  records: ItemRecord[];
}

/** What the view is joined to: the bundled index's events and claims, and what the ranking needs. */
export interface ViewBase {
  events: IndexEvent[];
  claims: IndexClaim[];
  stats: RankStats;
  sideOf: (id: string) => Side | undefined;
  table: Pick<MatcherTable, 'entities'>;
}

export const EMPTY_VIEW: LibraryView = { events: [], claims: [], docs: [], records: [] };

export const recordKey = (r: { kind: string; id: string }): string => `${r.kind}:${r.id}`;

/** A copy of an event the merge may change (its own lists). */
const copy = (e: IndexEvent): IndexEvent => ({ ...e, entityIds: [...e.entityIds], sources: [...e.sources] });

function docOf(i: LibraryItem): LibraryDoc {
  return { id: i.docId, title: i.title, outlet: i.outlet, date: i.date, lang: i.lang, library: true, url: i.url, addedAt: i.addedAt, fingerprint: i.fingerprint };
}

/**
 * `view` with `items` added (in their order): their events joined to the events already there, bundled or from
 * the library; records worked out only for what changed. `view` itself is not changed.
 */
export function addToView(view: LibraryView, items: LibraryItem[], base: ViewBase): LibraryView {
  if (!items.length) return view;
  const inView = new Set(view.events.map((e) => e.id));
  // Every event merged so far, as copies the merge may change: the bundled ones the library has not joined, and
  // the view's. The new articles' events join them (the bundled and earlier events keep their ids).
  const seeded = [...base.events.filter((e) => !inView.has(e.id)), ...view.events].map(copy);
  const touched = new Set<IndexEvent>();
  const merged = mergeEvents(
    items.flatMap((i) => i.events.map(copy)),
    base.table,
    { seeded, touched },
  );
  const docs = [...view.docs, ...items.map(docOf)];
  const libraryDocs = new Set(docs.map((d) => d.id));
  const events = merged.filter((e) => e.sources.some((s) => libraryDocs.has(s.docId)));
  const added = items.flatMap((i) => i.claims);
  const claims = [...view.claims, ...added];
  // A claim's context is an event of its own article: the claims of the articles whose events changed get theirs
  // again (bundled claims too: their records then replace the bundled ones).
  const changedDocs = new Set([...touched].flatMap((e) => e.sources.map((s) => s.docId)));
  const again = new Map<string, IndexClaim>();
  for (const c of [...base.claims, ...view.claims]) if (changedDocs.has(c.docId)) again.set(c.id, c);
  for (const c of added) again.set(c.id, c);
  const fresh = itemRecords([...touched], [...again.values()], base.stats, base.sideOf, merged);
  const freshKeys = new Set(fresh.map(recordKey));
  return { events, claims, docs, records: [...view.records.filter((r) => !freshKeys.has(recordKey(r))), ...fresh] };
}

/** The view of a whole library: its articles joined in the order they were added. */
export function viewOf(items: LibraryItem[], base: ViewBase): LibraryView {
  const sorted = [...items].sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.docId < b.docId ? -1 : 1));
  return addToView(EMPTY_VIEW, sorted, base);
}

/**
 * Events or claims as kept between wakes: their ids, and each one's JSON in UTF-8, one after the other in the same
 * order (IndexedDB copies bytes as they are; a string of them, mostly ASCII but with a few other letters, is kept
 * and read back at two bytes a character). A wake parses none of them: a payload parses the few it shows
 * (`LazyItems`).
 */
export interface KeptLines {
  ids: string[];
  bytes: Uint8Array;
  /** Where each item's JSON ends in `bytes` (it starts where the one before it ends). */
  ends: Uint32Array;
}

/** Items kept as their JSON (`texts`, in the order of `ids`). */
export function encodeLines(ids: string[], texts: string[]): KeptLines {
  const encoder = new TextEncoder();
  const parts = texts.map((t) => encoder.encode(t));
  const ends = new Uint32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => (ends[i] = at += p.length));
  const bytes = new Uint8Array(at);
  parts.forEach((p, i) => bytes.set(p, i ? ends[i - 1]! : 0));
  return { ids, bytes, ends };
}

export function keptLines(items: Array<{ id: string }>): KeptLines {
  return encodeLines(
    items.map((i) => i.id),
    items.map((i) => JSON.stringify(i)),
  );
}

/** Whether `x` (read back from storage) holds the JSON of `count` items (`KeptLines` without the ids). */
function isLines(x: unknown, count: number): x is Omit<KeptLines, 'ids'> {
  const l = x as Partial<KeptLines> | null;
  return !!l && l.bytes instanceof Uint8Array && l.ends instanceof Uint32Array && l.ends.length === count && (count ? l.ends[count - 1] : 0) === l.bytes.length;
}

const decoder = new TextDecoder();

/** A kept article's fingerprint until it is read back from the kept ranking (lib/background/service.ts). */
const UNREAD = Object.freeze([]) as unknown as number[];

/**
 * Kept events or claims, each parsed the first time it is asked for. Made from their ids alone, their JSON given
 * later (`fill`: a wake ranks while IndexedDB still reads it); none is asked for before.
 */
export class LazyItems<T extends { id: string }> {
  private index: Map<string, number> | null = null;
  private readonly parsed: Array<T | undefined>;
  private lines: Omit<KeptLines, 'ids'> | null = null;

  constructor(
    readonly ids: string[],
    lines?: Omit<KeptLines, 'ids'>,
  ) {
    this.parsed = new Array<T | undefined>(ids.length);
    if (lines) this.fill(lines);
  }

  static of<T extends { id: string }>(kept: KeptLines): LazyItems<T> {
    return new LazyItems<T>(kept.ids, kept);
  }

  fill(lines: Omit<KeptLines, 'ids'>): void {
    this.lines = lines;
  }

  /** Whether their JSON is there (`fill`). */
  get filled(): boolean {
    return this.lines !== null;
  }

  /** The items as kept (ids and JSON). */
  get kept(): KeptLines {
    return { ids: this.ids, ...this.read() };
  }

  get(id: string): T | undefined {
    let index = this.index;
    if (!index) {
      index = this.index = new Map();
      for (let i = 0; i < this.ids.length; i++) index.set(this.ids[i]!, i);
    }
    const i = index.get(id);
    return i === undefined ? undefined : this.at(i);
  }

  /** Every item, in the kept order. */
  all(): T[] {
    return this.ids.map((_, i) => this.at(i));
  }

  private read(): Omit<KeptLines, 'ids'> {
    if (!this.lines) throw new Error('the kept items are not read yet');
    return this.lines;
  }

  private at(i: number): T {
    const done = this.parsed[i];
    if (done) return done;
    const { bytes, ends } = this.read();
    return (this.parsed[i] = JSON.parse(decoder.decode(bytes.subarray(i ? ends[i - 1] : 0, ends[i]))) as T);
  }
}

/**
 * A view as it is kept between wakes: without its records, which the ranking's candidates, kept as they were
 * prepared from the bundled index's records and the view's (`keptRanking` in lib/rank/rank.ts), hold: the view's
 * are its last `own` items. A wake then neither joins nor prepares anything, and parses no event or claim until
 * a payload shows it (`KeptLines`). `ranking` is null for an empty library.
 */
export interface KeptView {
  events: KeptLines;
  claims: KeptLines;
  docs: LibraryDoc[];
  own: number;
  ranking: KeptRanking | null;
}

/**
 * A kept view as IndexedDB holds it, in two records of the same generation: what a wake ranks from (`KeptRecord`:
 * the view without its items' JSON and ranking as one JSON text, one string being stored and read back far faster
 * than the objects it stands for, and the ranking's candidates as their columns, typed arrays copied as they are:
 * `KeptRanking`), read first, and the JSON of its events and claims (`KeptLinesRecord`), which a payload needs only
 * once ranked: a wake ranks while IndexedDB reads it.
 */
export interface KeptRecord {
  view: string;
  ranking: KeptRanking | null;
}

export interface KeptLinesRecord {
  events: Omit<KeptLines, 'ids'>;
  claims: Omit<KeptLines, 'ids'>;
}

/** A kept view before its events' and claims' JSON is read: their ids only. */
export type KeptHead = Omit<KeptView, 'events' | 'claims'> & { events: string[]; claims: string[] };

export function encodeKept(kept: KeptView): { view: KeptRecord; lines: KeptLinesRecord } {
  // The articles' fingerprints are the ranking's (`KeptRanking.fingerprints`): read back from it when needed.
  const docs = kept.docs.map(({ fingerprint: _, ...d }) => d);
  const view = JSON.stringify({ events: kept.events.ids, claims: kept.claims.ids, docs, own: kept.own });
  const lines = ({ bytes, ends }: KeptLines): KeptLinesRecord['events'] => ({ bytes, ends });
  return { view: { view, ranking: kept.ranking }, lines: { events: lines(kept.events), claims: lines(kept.claims) } };
}

/**
 * The kept view in `data` (read back from storage) without its items' JSON, or null when it is not one, or one of
 * an older form (then it is worked out again).
 */
export function decodeKept(data: unknown): KeptHead | null {
  const r = data as Partial<KeptRecord> | null;
  if (typeof r !== 'object' || r === null || typeof r.view !== 'string') return null;
  const k = r.ranking;
  if (k !== null && !isKeptRanking(k)) return null;
  let v: Partial<Omit<KeptHead, 'events' | 'claims'> & { events: unknown; claims: unknown }>;
  try {
    v = JSON.parse(r.view) as typeof v;
  } catch {
    return null;
  }
  const ids = (x: unknown): x is string[] => Array.isArray(x) && x.every((id) => typeof id === 'string');
  const shaped =
    ids(v.events) &&
    ids(v.claims) &&
    Array.isArray(v.docs) &&
    typeof v.own === 'number' &&
    (k === null ? v.own === 0 && v.docs.length === 0 : v.own <= k.items.kind.length);
  if (!shaped) return null;
  // Parsed here, so given their fingerprint in place.
  const docs = v.docs!;
  for (const d of docs) {
    if (typeof d !== 'object' || d === null) return null;
    d.fingerprint = UNREAD;
  }
  return { events: v.events as string[], claims: v.claims as string[], docs, own: v.own!, ranking: k };
}

/** The kept events' and claims' JSON in `data` for the view `head`, or null when it is not theirs. */
export function decodeKeptLines(data: unknown, head: Pick<KeptHead, 'events' | 'claims'>): KeptLinesRecord | null {
  const r = data as Partial<KeptLinesRecord> | null;
  return r && isLines(r.events, head.events.length) && isLines(r.claims, head.claims.length) ? { events: r.events, claims: r.claims } : null;
}

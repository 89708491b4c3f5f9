/**
 * The ranking: which events and claims are the backstory of *this* page, best first, each with the reason it is
 * there. A pure function over plain data (the page's profile, the candidate items, the shipped statistics), so it
 * ranks any item source: the bundled index, the reader's library, a test index.
 *
 * Score of an item, BM25-style:
 *   story      Σ over the page's entities the item names of  idf(entity) · sat(zone-weighted count on the page),
 *              divided by BM25's length norm (1 - b + b · entities named by the item / average)
 *              (idf from the documents that name the entity: Russia, Iran, Putin weigh little; Shahed-136,
 *              Kazan, Ashtiani much; title counts 3, lead 2, body 1; sat(x) = x·(k1+1)/(x+k1))
 *   + proposition  when the page carries the cues of a proposition the item is about (a claim's topic; the
 *              topics whose cues an event's quote carries, never a general one): PROPOSITION · the page's
 *              heaviest entity weight · how strongly the page carries it
 *   (a claim's context, the place it was made at when its sentence does not say, counts at CONTEXT; a name the
 *   gazetteer marks common counts as found in COMMON_SHARE of the documents at least)
 *   × time     events and claims before the page date only; nearer ones weigh more (an undated page that names a
 *              time, when.ts: nearer that time more, after it half; otherwise 1)
 *   × sources  an event reported by several articles weighs a little more
 * Then diversity: one item per source sentence in a section (two claims from one sentence: the better one keeps
 * it, the other goes after the rest), and at most two of the first five items of a section from the same
 * source article. Items whose only source is the article being read (recognised by URL, else by text
 * fingerprint) are left out. The "why" of each item is the explanation of its own score.
 */
import type { IndexClaim, IndexEvent, Stance } from '../index/types';
import type { Side } from '../match/types';
import { fingerprint, FingerprintIndex, words, type PackedFingerprints } from './fingerprint';
import { namedTime } from './when';
import { inRange, isCue, meetsScope, MIN_CUES, type RankProposition, type RankStats } from './stats';

/** What the ranking knows of the page. */
export interface PageProfile {
  /** Entity id → its mentions in the title, the lead and the body (sidebars and footers do not count). */
  entities: Record<string, [title: number, lead: number, body: number]>;
  /** The page's title and a sample of its text (the first characters of its main text), for cues and fingerprint. */
  title: string;
  text: string;
  /** `YYYY[-MM[-DD]]`, or null when the page has no date. */
  date: string | null;
  /** The page's addresses (canonical link, location), when known. */
  urls: string[];
}

export type ItemKind = 'event' | 'claim';

/** One term of an item's score (Lucene's "explain"). */
export type WhyPart =
  | { kind: 'entity'; id: string; value: number }
  | { kind: 'proposition'; id: string; value: number }
  | { kind: 'time'; value: number }
  | { kind: 'sources'; value: number };

export interface RankedItem {
  kind: ItemKind;
  id: string;
  score: number;
  /** Every term of the score, strongest entity first; the why line is made from these. */
  why: WhyPart[];
  /** True when a better item already quotes the same source sentence (shown only after the others). */
  repeat: boolean;
}

export interface RankResult {
  events: RankedItem[];
  claims: RankedItem[];
  /** The index document the page is (left out as its own backstory), or null. */
  self: string | null;
  /** The page's entities by weight, heaviest first. */
  weights: Array<[string, number]>;
}

/** Lists of numbers, one per item, packed: item `i`'s are `values` from `start[i]` up to `start[i + 1]`. */
export interface Packed {
  start: Uint32Array;
  values: Uint32Array;
}

/**
 * The candidates as columns, one entry per item (typed arrays and a few lists of strings: no object per item), so
 * that keeping them between wakes is a copy (IndexedDB's structured clone copies typed arrays as they are) and
 * restoring them works nothing out again (see `keptRanking`). Entity ids, contexts and propositions are indexes
 * into `names`; documents into the prepared `docIndex`; sentences are interned per section.
 */
export interface ItemTable {
  /** 0 an event, 1 a claim. */
  kind: Uint8Array;
  id: string[];
  /** The items' placeable dates (with a year), each once, and each item's index into them. */
  dates: Array<string | null>;
  date: Uint32Array;
  /** The date in months since year 0 (for the time factor). */
  months: Float64Array;
  /** The date as a number at each precision (year, year-month, year-month-day; 0 when undated), three an item: see `dateKey`. */
  keys: Int32Array;
  /** The date's precision: 0 undated, 1 year, 2 month, 3 day. */
  precision: Uint8Array;
  /** The entities the item names (a claim's claimant first); their count is the item's length for BM25. */
  entities: Packed;
  /**
   * Where a claim was made, when its own sentence does not say: the place of the meeting, visit or summit its
   * article reports on the same day, before it ("Pezeshkian said ..." after "Putin met Pezeshkian in Kazan on
   * Wednesday on the sidelines of the BRICS summit": Kazan). None for events.
   */
  context: Packed;
  propositions: Packed;
  docs: Packed;
  /** The source sentences, interned per section (an event and a claim may quote the same sentence). */
  sentences: Packed;
  /** The claims `related` names, as item indexes. */
  relatedItems: Packed;
  /** Each item's related claim ids (`ItemRecord.related`) as JSON, read back for the records only. */
  related: string;
  /** 0 none, else 1 + the stance's place in STANCE_CODES. */
  stance: Uint8Array;
  /** The item's place in the order of kind, then id: how equal scores are ordered. */
  tie: Uint32Array;
  names: string[];
  /** Name index → the items that name it (or were said there: a claim's context): only these are scored. */
  byEntity: Packed;
}

/** Candidate items and statistics, prepared once (per index), ranked many times. */
export interface Prepared {
  items: ItemTable;
  /** How many items there are. */
  count: number;
  /** Average number of entities an item names (BM25's length normalisation). */
  avgLength: number;
  /** Name → its index in `items.names`. */
  nameIndex: Map<string, number>;
  /** Document id → index (items keep their documents as indexes). */
  docIndex: Map<string, number>;
  /** `docIndex`'s keys by index. */
  docIds: string[];
  stats: RankStats;
  fingerprints: FingerprintIndex;
  urls: Map<string, string>;
  sideOf: (id: string) => Side | undefined;
  /** Scratch marks reused by every call (a call's marks are its generation number): no per-call allocation. */
  scratch: { generation: number; items: Uint32Array; sentences: Uint32Array };
  /** What was worked out for the last pages (their weights, propositions, own document, named time). */
  pages: Map<string, PageAnalysis>;
}

const KINDS: readonly ItemKind[] = ['event', 'claim'];
const STANCE_CODES: readonly Stance[] = ['asserts', 'denies', 'disputes', 'confirms'];

/** Everything `rank` works out from the page alone, cached per page (the sidebar asks again for the same page). */
export interface PageAnalysis {
  weights: Map<string, number>;
  props: Map<string, number>;
  /** `weights` by name index (`Prepared.nameIndex`; NaN: not on the page), and `props` (0: not carried). */
  byName: Float64Array;
  propsByName: Float64Array;
  self: string | null;
  named: string | null;
  mainWeight: number;
}
/** How many page analyses are kept (a few open tabs). */
const PAGES_KEPT = 16;

export const K1 = 1.2;
/** BM25's length normalisation: an item naming many entities (a long list of places and people) is damped. */
export const B = 0.75;
export const ZONE_WEIGHT = [3, 2, 1] as const;
/**
 * Weight of a proposition the page carries, for a claim about it (an event: half), relative to the page's main
 * name (its heaviest entity), times how strongly the page carries it: a claim on the page's proposition comes
 * before one that only shares a name. (On the story and seed pages of tests/golden/ranking.test.ts, 1 to 2 all
 * pass; 0.75 lets a general claim by a specific name lead seed 004's drone story again.)
 */
export const PROPOSITION = 1.25;
/** A name marked common counts as named by at least this share of the documents (its IDF: see `specificity`). */
export const COMMON_SHARE = 0.8;
/** A claim's context (where it was made: see `Item.context`) counts this much of the entity's weight. */
export const CONTEXT = 0.5;
/** Months over which the time factor halves its distance to its floor. */
const TIME_SCALE = 24;
/**
 * An undated page that names a time (`when.ts`): months over which the time factor falls, and the factor of an
 * item after that time (the page's story happened then; what came later is not its backstory, but the page may
 * be written later, so it stays in the list).
 */
const NAMED_SCALE = 6;
const AFTER_NAMED = 0.5;
const TIME_FLOOR = 0.6;
const UNDATED_ITEM = 0.8;
/** How many items of a section are "first", and how many of them may come from one article. */
export const FIRST = 5;
export const PER_ARTICLE_IN_FIRST = 2;

/** True when an item dated `item` happened before a page dated `page` (compared at the coarser precision). */
export function isBefore(item: string, page: string): boolean {
  const n = Math.min(item.length, page.length);
  return item.slice(0, n) < page.slice(0, n);
}

function months(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number | undefined, number | undefined];
  return y * 12 + (m ?? 6.5) - 1 + ((d ?? 15) - 1) / 31;
}

/** A URL without scheme, www., fragment, tracking parameters and trailing slash, for comparison. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) if (/^(utm_|fbclid|gclid|ref$)/.test(k)) u.searchParams.delete(k);
    const q = u.searchParams.toString();
    return `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}${q ? `?${q}` : ''}`;
  } catch {
    return url;
  }
}

/** A date the ranking can place in time: one with a year (a `partial` date such as `--01-17` counts as undated). */
const placeable = (value: string | undefined): string | null => (value && /^\d{4}/.test(value) ? value : null);

/**
 * A date as numbers, one per precision (YYYY, YYYYMM, YYYYMMDD), and its precision (0 undated, 1–3): two dates
 * compare at the coarser precision of the two by comparing `keys[min - 1]`, as `isBefore` compares strings.
 */
function dateKey(date: string | null): { keys: [number, number, number]; precision: number } {
  if (!date) return { keys: [0, 0, 0], precision: 0 };
  const [y, m, d] = date.split('-').map(Number) as [number, number | undefined, number | undefined];
  const precision = d !== undefined ? 3 : m !== undefined ? 2 : 1;
  return { keys: [y, y * 100 + (m ?? 0), (y * 100 + (m ?? 0)) * 100 + (d ?? 0)], precision };
}

/** Event kinds that are an occasion for statements: a claim made that day in the article's story was made there. */
const OCCASIONS = new Set(['meeting', 'visit', 'summit', 'signing']);

/**
 * Where a claim was made (see `Item.context`): the place of the nearest event before it in its article that is
 * an occasion (meeting, visit, summit, signing) on the same day (both dated to the day) and has a place; nothing
 * when its article reports no such event, or when the claim names that place itself.
 */
export function claimContext(claim: IndexClaim, events: IndexEvent[]): string[] {
  const day = claim.date?.value;
  if (!day || day.length !== 10) return [];
  let best: { start: number; ids: string[] } | null = null;
  for (const ev of events) {
    if (!OCCASIONS.has(ev.kind) || ev.date.value !== day) continue;
    for (const src of ev.sources) {
      if (src.docId !== claim.docId || src.start > claim.start || (best && src.start <= best.start)) continue;
      if (ev.placeId) best = { start: src.start, ids: [ev.placeId] };
    }
  }
  const own = new Set([...(claim.claimant.entityId ? [claim.claimant.entityId] : []), ...claim.entityIds]);
  return best ? best.ids.filter((id) => !own.has(id)) : [];
}

/**
 * An item's own figures, worked out from it and its article's events alone (not from the other items): what
 * `prepare` derives from an event or a claim. Plain data, so that the reader's library keeps them between wakes
 * instead of working them out again for every item (lib/background/service.ts).
 */
export interface ItemRecord {
  kind: ItemKind;
  id: string;
  entityIds: string[];
  /** A placeable date (with a year), else null. */
  date: string | null;
  docIds: string[];
  /** The source sentences as `kind|docId@start` (interned when prepared). */
  sentences: string[];
  propositions: string[];
  related: string[];
  stance: Stance | null;
  context: string[];
}

/**
 * The records of `events` and `claims`; `contextEvents` are the events a claim's context is looked for in (its
 * article's: by default `events`).
 */
export function itemRecords(events: IndexEvent[], claims: IndexClaim[], stats: RankStats, sideOf: (id: string) => Side | undefined, contextEvents: IndexEvent[] = events): ItemRecord[] {
  const records: ItemRecord[] = [];
  // Events by document, for the claims' context.
  const eventsOf = new Map<string, IndexEvent[]>();
  if (claims.length) {
    const docs = new Set(claims.map((c) => c.docId));
    for (const ev of contextEvents) {
      for (const d of new Set(ev.sources.map((s) => s.docId))) if (docs.has(d)) (eventsOf.get(d) ?? eventsOf.set(d, []).get(d)!).push(ev);
    }
  }
  // An event is on a proposition's story when its quote carries one of the cue words; a general proposition
  // ("How close are Russia and Iran?") is a question claims answer, not a story an event belongs to.
  for (const ev of events) {
    const quoteWords = words(ev.sources.map((s) => s.quote).join(' '));
    const propositions = stats.propositions
      .filter((p) => !p.general && meetsScope(p, ev.entityIds, sideOf) && inRange(p, ev.date.value) && quoteWords.some((w) => isCue(w, p.cues)))
      .map((p) => p.id);
    records.push({
      kind: 'event',
      id: ev.id,
      entityIds: [...new Set(ev.entityIds)],
      date: placeable(ev.date.value),
      docIds: [...new Set(ev.sources.map((s) => s.docId))],
      sentences: ev.sources.map((s) => `event|${s.docId}@${s.start}`),
      propositions,
      related: [],
      stance: null,
      context: [],
    });
  }
  for (const c of claims) {
    records.push({
      kind: 'claim',
      id: c.id,
      entityIds: [...new Set(c.claimant.entityId ? [c.claimant.entityId, ...c.entityIds] : c.entityIds)],
      date: placeable(c.date?.value),
      docIds: [c.docId],
      sentences: [`claim|${c.docId}@${c.start}`],
      propositions: c.topic ? [c.topic] : [],
      related: c.relatedClaimIds,
      stance: c.stance,
      context: claimContext(c, eventsOf.get(c.docId) ?? []),
    });
  }
  return records;
}

export function prepare(events: IndexEvent[], claims: IndexClaim[], stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  return prepareRecords(itemRecords(events, claims, stats, sideOf), stats, sideOf);
}

/** `count` lists packed (`Packed`): `list(i)` is item `i`'s. */
function pack(count: number, list: (i: number) => readonly number[]): Packed {
  const start = new Uint32Array(count + 1);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    for (const v of list(i)) values.push(v);
    start[i + 1] = values.length;
  }
  return { start, values: Uint32Array.from(values) };
}

/** Name index → the items whose `lists` hold it, in item order (an item's lists in the order given). */
function invert(count: number, names: number, lists: Packed[]): Packed {
  const start = new Uint32Array(names + 1);
  for (const l of lists) for (let k = 0; k < l.start[count]!; k++) start[l.values[k]! + 1]!++;
  for (let n = 0; n < names; n++) start[n + 1]! += start[n]!;
  const values = new Uint32Array(start[names]!);
  const at = start.slice(0, names);
  for (let i = 0; i < count; i++) for (const l of lists) for (let k = l.start[i]!; k < l.start[i + 1]!; k++) values[at[l.values[k]!]!++] = i;
  return { start, values };
}

/** The candidates prepared from their records (`itemRecords`): indexed by entity and id, in tie order. */
export function prepareRecords(records: ItemRecord[], stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  const n = records.length;
  const intern = (map: Map<string, number>) => (key: string): number => map.get(key) ?? map.set(key, map.size).get(key)!;
  const docIndex = new Map<string, number>();
  const doc = intern(docIndex);
  const sentenceIds = new Map<string, number>();
  const sentence = intern(sentenceIds);
  const nameIds = new Map<string, number>();
  const name = intern(nameIds);
  const dateIds = new Map<string | null, number>();
  const dates: Array<string | null> = [];
  const kind = new Uint8Array(n);
  const date = new Uint32Array(n);
  const monthsOf = new Float64Array(n);
  const keys = new Int32Array(3 * n);
  const precision = new Uint8Array(n);
  const stance = new Uint8Array(n);
  records.forEach((r, i) => {
    kind[i] = KINDS.indexOf(r.kind);
    let d = dateIds.get(r.date);
    if (d === undefined) dateIds.set(r.date, (d = dates.push(r.date) - 1));
    date[i] = d;
    monthsOf[i] = r.date ? months(r.date) : 0;
    const k = dateKey(r.date);
    keys.set(k.keys, 3 * i);
    precision[i] = k.precision;
    stance[i] = r.stance ? STANCE_CODES.indexOf(r.stance) + 1 : 0;
  });
  const entities = pack(n, (i) => records[i]!.entityIds.map(name));
  const propositions = pack(n, (i) => records[i]!.propositions.map(name));
  const context = pack(n, (i) => records[i]!.context.map(name));
  const byId = new Map<string, number>();
  records.forEach((r, i) => byId.set(`${r.kind}:${r.id}`, i));
  const byKindAndId = records.map((_, i) => i).sort((x, y) => {
    const a = records[x]!;
    const b = records[y]!;
    return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const tie = new Uint32Array(n);
  byKindAndId.forEach((i, k) => (tie[i] = k));
  const items: ItemTable = {
    kind,
    id: records.map((r) => r.id),
    dates,
    date,
    months: monthsOf,
    keys,
    precision,
    entities,
    context,
    propositions,
    docs: pack(n, (i) => records[i]!.docIds.map(doc)),
    sentences: pack(n, (i) => records[i]!.sentences.map(sentence)),
    relatedItems: pack(n, (i) => records[i]!.related.map((r) => byId.get(`claim:${r}`)).filter((j) => j !== undefined)),
    related: JSON.stringify(records.map((r) => r.related)),
    stance,
    tie,
    names: [...nameIds.keys()],
    byEntity: invert(n, nameIds.size, [entities, context]),
  };
  return finish(items, [...docIndex.keys()], sentenceIds.size, stats, sideOf);
}

/**
 * What `prepareRecords` and `restoreRanking` both derive: the names' and documents' indexes, the statistics' parts
 * (the documents' fingerprints and addresses: `kept`, when restored, as they were kept).
 */
function finish(items: ItemTable, docs: string[], sentences: number, stats: RankStats, sideOf: (id: string) => Side | undefined, kept?: Pick<KeptRanking, 'fingerprints' | 'urls'>): Prepared {
  const docIndex = new Map<string, number>();
  const docIds = [...docs];
  docIds.forEach((id, i) => docIndex.set(id, i));
  for (const d of stats.documents) if (!docIndex.has(d.id)) docIndex.set(d.id, docIds.push(d.id) - 1);
  let urls: Map<string, string>;
  if (kept) urls = new Map(kept.urls);
  else {
    urls = new Map();
    for (const d of stats.documents) if (d.url) urls.set(normalizeUrl(d.url), d.id);
  }
  const nameIndex = new Map<string, number>();
  items.names.forEach((id, i) => nameIndex.set(id, i));
  const count = items.kind.length;
  return {
    items,
    count,
    // The entities all items name, over the items (each item's are distinct).
    avgLength: count ? items.entities.values.length / count : 1,
    nameIndex,
    docIndex,
    docIds,
    stats,
    fingerprints: kept ? FingerprintIndex.fromPacked(kept.fingerprints) : new FingerprintIndex(stats.documents),
    urls,
    sideOf,
    scratch: { generation: 0, items: new Uint32Array(count), sentences: new Uint32Array(sentences) },
    pages: new Map(),
  };
}

/**
 * Prepared candidates as kept between wakes: their columns as they are (typed arrays: IndexedDB's structured clone
 * copies them, and `restoreRanking` takes them back without any per-item work), the documents' order, fingerprints
 * and addresses, and the sentences' keys.
 */
export interface KeptRanking {
  items: ItemTable;
  /** `Prepared.docIds`. */
  docs: string[];
  /** The documents' fingerprints, packed (`Prepared.fingerprints`), and normalised addresses (`Prepared.urls`). */
  fingerprints: PackedFingerprints;
  urls: Array<[string, string]>;
  /** How many sentences were interned, and their keys (`ItemRecord.sentences`) in that order, one a line. */
  sentenceCount: number;
  sentences: string;
}

/** The sentence keys of `prepared`'s items (made by `prepareRecords` from `records`), by interned index. */
export function sentenceKeys(prepared: Prepared, records: ItemRecord[]): string[] {
  const keys: string[] = [];
  const { start, values } = prepared.items.sentences;
  records.forEach((r, i) => r.sentences.forEach((key, j) => (keys[values[start[i]! + j]!] = key)));
  return keys;
}

/**
 * What `prepared` keeps between wakes (`sentences`: its sentence keys, `sentenceKeys`): `restoreRanking` gives it
 * back (with the same statistics) without preparing the records again, and `preparedRecords` the records.
 */
export function keptRanking(prepared: Prepared, sentences: string[]): KeptRanking {
  const sentenceCount = prepared.scratch.sentences.length;
  return {
    items: prepared.items,
    docs: prepared.docIds,
    fingerprints: prepared.fingerprints.packed(),
    urls: [...prepared.urls],
    sentenceCount,
    sentences: sentences.slice(0, sentenceCount).join('\n'),
  };
}

const isPacked = (p: unknown, count: number): p is Packed => {
  const x = p as Partial<Packed> | null;
  return !!x && x.start instanceof Uint32Array && x.values instanceof Uint32Array && x.start.length === count + 1 && x.start[count] === x.values.length;
};

/** Whether `data` (read back from storage) is a `KeptRanking` of this form (an older form is worked out again). */
export function isKeptRanking(data: unknown): data is KeptRanking {
  const k = data as Partial<KeptRanking> | null;
  const t = k?.items as Partial<ItemTable> | undefined;
  if (!t || !(t.kind instanceof Uint8Array) || !Array.isArray(k!.docs) || !Array.isArray(k!.urls) || typeof k!.sentences !== 'string' || typeof k!.sentenceCount !== 'number') return false;
  const f = k!.fingerprints as Partial<PackedFingerprints> | undefined;
  if (!f || !Array.isArray(f.ids) || !(f.sizes instanceof Uint32Array) || f.sizes.length !== f.ids.length || !(f.hashes instanceof Uint32Array) || !(f.docs instanceof Uint32Array) || f.docs.length !== f.hashes.length) return false;
  const n = t.kind.length;
  const sized = (a: unknown, type: typeof Uint8Array | typeof Uint32Array | typeof Int32Array | typeof Float64Array, length: number): boolean => a instanceof type && a.length === length;
  return (
    Array.isArray(t.id) &&
    t.id.length === n &&
    Array.isArray(t.dates) &&
    Array.isArray(t.names) &&
    typeof t.related === 'string' &&
    sized(t.date, Uint32Array, n) &&
    sized(t.months, Float64Array, n) &&
    sized(t.keys, Int32Array, 3 * n) &&
    sized(t.precision, Uint8Array, n) &&
    sized(t.stance, Uint8Array, n) &&
    sized(t.tie, Uint32Array, n) &&
    [t.entities, t.context, t.propositions, t.docs, t.sentences, t.relatedItems].every((p) => isPacked(p, n)) &&
    isPacked(t.byEntity, t.names.length)
  );
}

/** The candidates `kept` stands for, as `prepareRecords` prepared them (`stats` must be the ones they were kept with). */
export function restoreRanking(kept: KeptRanking, stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  return finish(kept.items, kept.docs, kept.sentenceCount, stats, sideOf, kept);
}

/** Item `i`'s values in `list`, as a new array. */
const valuesOf = (list: Packed, i: number): number[] => Array.from(list.values.subarray(list.start[i], list.start[i + 1]));
/** Item `i`'s names in `list` (entities, propositions or context). */
const namesOf = (p: Prepared, list: Packed, i: number): string[] => valuesOf(list, i).map((n) => p.items.names[n]!);

/** The records of `prepared`'s items `from` on (`sentences`: its sentence keys, as `keptRanking` was given them). */
export function preparedRecords(prepared: Prepared, sentences: string[], from = 0): ItemRecord[] {
  const t = prepared.items;
  const related = JSON.parse(t.related) as string[][];
  const out: ItemRecord[] = [];
  for (let i = from; i < prepared.count; i++) {
    out.push({
      kind: itemKind(prepared, i),
      id: t.id[i]!,
      entityIds: namesOf(prepared, t.entities, i),
      date: t.dates[t.date[i]!]!,
      docIds: valuesOf(t.docs, i).map((d) => prepared.docIds[d]!),
      sentences: valuesOf(t.sentences, i).map((k) => sentences[k]!),
      propositions: namesOf(prepared, t.propositions, i),
      related: related[i]!,
      stance: itemStance(prepared, i),
      context: namesOf(prepared, t.context, i),
    });
  }
  return out;
}

/** Item `i`'s kind. */
export const itemKind = (p: Prepared, i: number): ItemKind => KINDS[p.items.kind[i]!]!;
/** Item `i`'s id. */
export const itemId = (p: Prepared, i: number): string => p.items.id[i]!;
/** A claim's stance (null for an event). */
export const itemStance = (p: Prepared, i: number): Stance | null => STANCE_CODES[p.items.stance[i]! - 1] ?? null;
/** The entities item `i` names (a claim's claimant among them). */
export const itemEntities = (p: Prepared, i: number): string[] => namesOf(p, p.items.entities, i);
/** Item `i`'s first proposition, if it has one. */
export function itemProposition(p: Prepared, i: number): string | undefined {
  const { start, values } = p.items.propositions;
  return start[i]! < start[i + 1]! ? p.items.names[values[start[i]!]!] : undefined;
}
/** Item `i`'s first document. */
export function itemDoc(p: Prepared, i: number): string | undefined {
  const { start, values } = p.items.docs;
  return start[i]! < start[i + 1]! ? p.docIds[values[start[i]!]!] : undefined;
}

/** BM25's IDF, never below a small positive floor (an entity in every document still counts a little). */
export function idf(df: number, docs: number): number {
  return Math.max(0.05, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
}

/**
 * How specific an entity is: its IDF over the documents, where a name the gazetteer marks as very common
 * (`stats.common`) counts as found in at least COMMON_SHARE of them. Over a large corpus the IDF alone says that
 * Moscow and Tehran are everywhere; over a small index it cannot (five articles, a third of them naming Moscow),
 * and a claim naming only Moscow and Tehran would weigh as much as one naming the Caspian Sea.
 */
export function specificity(id: string, stats: RankStats, common: ReadonlySet<string> = new Set(stats.common ?? [])): number {
  const df = stats.df[id] ?? 0;
  return idf(common.has(id) ? Math.max(df, COMMON_SHARE * stats.docs) : df, stats.docs);
}

/** The page's entity weights: specificity × saturated zone-weighted count. */
export function entityWeights(page: PageProfile, stats: RankStats): Map<string, number> {
  const out = new Map<string, number>();
  const common = new Set(stats.common ?? []);
  for (const [id, counts] of Object.entries(page.entities)) {
    const tf = counts[0] * ZONE_WEIGHT[0] + counts[1] * ZONE_WEIGHT[1] + counts[2] * ZONE_WEIGHT[2];
    if (tf <= 0) continue;
    out.set(id, specificity(id, stats, common) * ((tf * (K1 + 1)) / (tf + K1)));
  }
  return out;
}

/**
 * How much each proposition the page carries weighs: its scope is met (both sides, or its entity) and its cue
 * words occur (the title counts three times), saturated like a term count, times its IDF over the documents
 * (the general "how close are Russia and Iran?" is carried by nearly every article and weighs little; "Iranian
 * weapons for Russia's war" by few; a proposition marked `general` counts as carried by COMMON_SHARE of them at
 * least, as a common name does), relative to the most-cued one on the page.
 */
export function pagePropositions(page: PageProfile, stats: RankStats, sideOf: (id: string) => Side | undefined, title = words(page.title), body = words(page.text)): Map<string, number> {
  const ids = Object.keys(page.entities);
  const hits = new Map<RankProposition, number>();
  // Each distinct word is looked up once in the cue index (the title's words count three times).
  const tally = new Map<string, number>();
  for (const w of title) tally.set(w, (tally.get(w) ?? 0) + 3);
  for (const w of body) tally.set(w, (tally.get(w) ?? 0) + 1);
  const cues = cueIndex(stats);
  const counts = new Array<number>(stats.propositions.length).fill(0);
  for (const [w, count] of tally) for (const p of cues.of(w)) counts[p]! += count;
  stats.propositions.forEach((p, i) => {
    if (counts[i]! >= MIN_CUES && meetsScope(p, ids, sideOf) && inRange(p, page.date)) hits.set(p, counts[i]!);
  });
  const max = Math.max(0, ...hits.values());
  const out = new Map<string, number>();
  for (const [p, n] of hits) out.set(p.id, ((n * (K1 + 1)) / (n + K1)) * (n / max) * idf(p.general ? Math.max(p.df, COMMON_SHARE * stats.docs) : p.df, stats.docs));
  return out;
}

/**
 * The propositions' cue words inverted: word → the propositions it is a cue of, by the rule of `isCue` (equal to
 * a cue, or starting with one of five letters or more), so a page's words are each looked up once. Built once per
 * statistics object.
 */
class CueIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly prefixes = new Map<string, number[]>();
  private readonly longest: number;
  constructor(propositions: RankStats['propositions']) {
    let longest = 0;
    propositions.forEach((p, i) => {
      for (const k of p.cues) {
        const add = (map: Map<string, number[]>): void => {
          const list = map.get(k) ?? map.set(k, []).get(k)!;
          if (!list.includes(i)) list.push(i);
        };
        add(this.exact);
        if (k.length >= 5) {
          add(this.prefixes);
          longest = Math.max(longest, k.length);
        }
      }
    });
    this.longest = longest;
  }
  /** The indexes of the propositions `word` is a cue of. */
  of(word: string): number[] {
    let out = this.exact.get(word) ?? NONE;
    for (let n = 5; n <= Math.min(this.longest, word.length); n++) {
      const list = this.prefixes.get(n === word.length ? word : word.slice(0, n));
      if (!list) continue;
      out = out === NONE ? list : [...new Set([...out, ...list])];
    }
    return out;
  }
}
const NONE: number[] = [];
const cueIndexes = new WeakMap<RankStats, CueIndex>();
function cueIndex(stats: RankStats): CueIndex {
  return cueIndexes.get(stats) ?? cueIndexes.set(stats, new CueIndex(stats.propositions)).get(stats)!;
}

/** The document the page is, by URL, else by fingerprint. */
export function selfDocument(page: PageProfile, prepared: Pick<Prepared, 'urls' | 'fingerprints'>, title = words(page.title), body = words(page.text)): string | null {
  for (const u of page.urls) {
    const id = prepared.urls.get(normalizeUrl(u));
    if (id) return id;
  }
  return prepared.fingerprints.match(fingerprint([...title, ...body]));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The page's own figures (see PageAnalysis), from the cache when the same page asks again. */
function analyse(page: PageProfile, prepared: Prepared): PageAnalysis {
  const key = JSON.stringify([page.title, page.text, page.date, page.urls, page.entities]);
  const cached = prepared.pages.get(key);
  if (cached) {
    // Most recently used last.
    prepared.pages.delete(key);
    prepared.pages.set(key, cached);
    return cached;
  }
  const { stats } = prepared;
  const weights = entityWeights(page, stats);
  const title = words(page.title);
  const body = words(page.text);
  const props = pagePropositions(page, stats, prepared.sideOf, title, body);
  const { names } = prepared.items;
  const byName = new Float64Array(names.length).fill(NaN);
  const propsByName = new Float64Array(names.length);
  names.forEach((id, n) => {
    byName[n] = weights.get(id) ?? NaN;
    propsByName[n] = props.get(id) ?? 0;
  });
  const analysis: PageAnalysis = {
    weights,
    props,
    byName,
    propsByName,
    self: selfDocument(page, prepared, title, body),
    // An undated page that names a time is ranked around that time (when.ts).
    named: page.date ? null : namedTime(title, body),
    mainWeight: Math.max(0, ...weights.values()),
  };
  prepared.pages.set(key, analysis);
  if (prepared.pages.size > PAGES_KEPT) prepared.pages.delete(prepared.pages.keys().next().value!);
  return analysis;
}

/** Whether every one of item `i`'s documents is `doc`. */
function onlyIn(docs: Packed, i: number, doc: number): boolean {
  for (let k = docs.start[i]!, end = docs.start[i + 1]!; k < end; k++) if (docs.values[k] !== doc) return false;
  return true;
}

/**
 * Item `i`'s score for the page; with `why`, the terms that make it are added to it, strongest entity first (the
 * same sums in the same order either way: the why is the explanation of the very score ranked). Without, nothing
 * is allocated.
 */
function scoreItem(p: Prepared, i: number, a: PageAnalysis, time: number, why: WhyPart[] | null): number {
  const { entities, context, propositions, docs, names } = p.items;
  const weights = a.byName;
  let story = 0;
  for (let k = entities.start[i]!, end = entities.start[i + 1]!; k < end; k++) {
    const w = weights[entities.values[k]!]!;
    if (Number.isNaN(w)) continue;
    story += w;
    if (why) why.push({ kind: 'entity', id: names[entities.values[k]!]!, value: round(w) });
  }
  for (let k = context.start[i]!, end = context.start[i + 1]!; k < end; k++) {
    const w = weights[context.values[k]!]!;
    if (Number.isNaN(w)) continue;
    story += CONTEXT * w;
    if (why) why.push({ kind: 'entity', id: names[context.values[k]!]!, value: round(CONTEXT * w) });
  }
  story /= 1 - B + (B * (entities.start[i + 1]! - entities.start[i]!)) / p.avgLength;
  if (why && why.length > 1) why.sort((x, y) => y.value - x.value || ((x as { id: string }).id < (y as { id: string }).id ? -1 : 1));
  let prop = 0;
  for (let k = propositions.start[i]!, end = propositions.start[i + 1]!; k < end; k++) {
    const strength = a.propsByName[propositions.values[k]!]!;
    if (!strength) continue;
    const value = PROPOSITION * a.mainWeight * strength * (p.items.kind[i] === 0 ? 0.5 : 1);
    if (value > prop) prop = value;
    if (why) why.push({ kind: 'proposition', id: names[propositions.values[k]!]!, value: round(value) });
  }
  if (why && time !== 1) why.push({ kind: 'time', value: round(time) });
  const sources = Math.min(1.5, 1 + 0.15 * (docs.start[i + 1]! - docs.start[i]! - 1));
  if (why && sources !== 1) why.push({ kind: 'sources', value: round(sources) });
  return round((story + prop) * time * sources);
}

/**
 * A page's ranking as item indexes into `prepared`, best first (what `rank` gives, without the items' terms: a
 * payload makes the `RankedItem` of the items it carries only, `rankedItem`).
 */
export interface Ranking {
  prepared: Prepared;
  events: number[];
  claims: number[];
  /** The index document the page is (left out as its own backstory), or null. */
  self: string | null;
  /** The page's entities by weight, heaviest first. */
  weights: Array<[string, number]>;
  /** By item index, for the items ranked: the score, the time factor, 1 when it repeats a better item's sentence. */
  scores: Float64Array;
  times: Float64Array;
  repeats: Uint8Array;
  analysis: PageAnalysis;
}

/** Ranked item `i` with the terms of its score (`RankedItem`). */
export function rankedItem(r: Ranking, i: number): RankedItem {
  const why: WhyPart[] = [];
  scoreItem(r.prepared, i, r.analysis, r.times[i]!, why);
  return { kind: itemKind(r.prepared, i), id: itemId(r.prepared, i), score: r.scores[i]!, why, repeat: r.repeats[i] === 1 };
}

export function rank(page: PageProfile, prepared: Prepared): RankResult {
  const r = ranking(page, prepared);
  return { events: r.events.map((i) => rankedItem(r, i)), claims: r.claims.map((i) => rankedItem(r, i)), self: r.self, weights: r.weights };
}

/** The page's ranking (`rank`) as item indexes. */
export function ranking(page: PageProfile, prepared: Prepared): Ranking {
  const { items, scratch, count } = prepared;
  const a = analyse(page, prepared);
  const selfDoc = a.self === null ? -1 : (prepared.docIndex.get(a.self) ?? -1);
  const pageDate = dateKey(page.date && placeable(page.date));
  const pageMonths = pageDate.precision ? months(page.date!) : 0;
  const named = dateKey(a.named);
  const namedMonths = a.named ? months(a.named) : 0;
  /** <0, 0, >0 as item `i` is before, at, after `d`, compared at the coarser precision of the two. */
  const compare = (i: number, d: { keys: [number, number, number]; precision: number }): number => {
    const p = Math.min(items.precision[i]!, d.precision) - 1;
    return items.keys[3 * i + p]! - d.keys[p]!;
  };

  // Candidates: items naming a page entity, and the claims linked to those (denials beside assertions). Marked
  // with this call's generation number in a reused array, not collected in a set.
  const generation = ++scratch.generation;
  const candidates: number[] = [];
  const add = (i: number): void => {
    if (scratch.items[i] === generation) return;
    scratch.items[i] = generation;
    candidates.push(i);
  };
  const { byEntity, relatedItems, docs, sentences } = items;
  for (const id of a.weights.keys()) {
    const n = prepared.nameIndex.get(id);
    if (n !== undefined) for (let k = byEntity.start[n]!; k < byEntity.start[n + 1]!; k++) add(byEntity.values[k]!);
  }
  for (let c = 0, n = candidates.length; c < n; c++) {
    const i = candidates[c]!;
    for (let k = relatedItems.start[i]!; k < relatedItems.start[i + 1]!; k++) add(relatedItems.values[k]!);
  }

  const scores = new Float64Array(count);
  const times = new Float64Array(count);
  const scored: number[] = [];
  for (const i of candidates) {
    if (selfDoc >= 0 && onlyIn(docs, i, selfDoc)) continue;
    let time = 1;
    if (pageDate.precision) {
      if (items.precision[i]) {
        // Events strictly before the page; claims made up to the page's date.
        const c = compare(i, pageDate);
        if (items.kind[i] === 0 ? c >= 0 : c > 0) continue;
        time = TIME_FLOOR + (1 - TIME_FLOOR) * Math.exp(-Math.max(0, pageMonths - items.months[i]!) / TIME_SCALE);
      } else time = UNDATED_ITEM;
    } else if (named.precision) {
      if (!items.precision[i]) time = UNDATED_ITEM;
      else {
        const c = compare(i, named);
        if (c !== 0) {
          time = TIME_FLOOR + (1 - TIME_FLOOR) * Math.exp(-Math.abs(namedMonths - items.months[i]!) / NAMED_SCALE);
          if (c > 0) time *= AFTER_NAMED;
        }
      }
    }
    times[i] = time;
    scores[i] = scoreItem(prepared, i, a, time, null);
    scored.push(i);
  }
  // Best first; equal scores in the order of kind, then id (precomputed: no string comparison here).
  scored.sort((x, y) => scores[y]! - scores[x]! || items.tie[x]! - items.tie[y]!);

  // One item per source sentence in each section: the better item keeps the sentence. (An event and a claim
  // may quote the same sentence: they answer different questions, "what happened" and "who said what"; the
  // sentences are interned per section.)
  const repeats = new Uint8Array(count);
  const events: Section = { items: [], docs: [] };
  const claims: Section = { items: [], docs: [] };
  for (const i of scored) {
    const from = sentences.start[i]!;
    const to = sentences.start[i + 1]!;
    let repeat = false;
    for (let k = from; k < to && !repeat; k++) repeat = scratch.sentences[sentences.values[k]!] === generation;
    if (repeat) repeats[i] = 1;
    else for (let k = from; k < to; k++) scratch.sentences[sentences.values[k]!] = generation;
    // The item's first document other than the page's own.
    let doc = -1;
    for (let k = docs.start[i]!; k < docs.start[i + 1]! && doc === -1; k++) if (docs.values[k] !== selfDoc) doc = docs.values[k]!;
    if (doc === -1 && docs.start[i]! < docs.start[i + 1]!) doc = docs.values[docs.start[i]!]!;
    const section = items.kind[i] === 0 ? events : claims;
    section.items.push(i);
    section.docs.push(doc);
  }
  return {
    prepared,
    events: diversify(events, repeats),
    claims: diversify(claims, repeats),
    self: a.self,
    weights: [...a.weights.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
    scores,
    times,
    repeats,
    analysis: a,
  };
}

/** How many of the ranked events and claims name each of `ids` (a claim's claimant counts), as the sidebar filters. */
export function namedCounts(r: Ranking, ids: string[]): Record<string, [events: number, claims: number]> {
  const { entities, names } = r.prepared.items;
  const tally = (list: number[]): Uint32Array => {
    const n = new Uint32Array(names.length);
    // An item's entities are distinct (`itemRecords`).
    for (const i of list) for (let k = entities.start[i]!; k < entities.start[i + 1]!; k++) n[entities.values[k]!]!++;
    return n;
  };
  const events = tally(r.events);
  const claims = tally(r.claims);
  const counts: Record<string, [number, number]> = {};
  for (const id of ids) {
    const n = r.prepared.nameIndex.get(id);
    counts[id] = n === undefined ? [0, 0] : [events[n]!, claims[n]!];
  }
  return counts;
}

/** A section's ranked items in score order, and the document each counts for in the diversity step. */
interface Section {
  items: number[];
  docs: number[];
}

/** Score order, with at most PER_ARTICLE_IN_FIRST of the first FIRST items from one article, repeats last. */
function diversify(list: Section, repeats: Uint8Array): number[] {
  const fresh: number[] = [];
  for (let k = 0; k < list.items.length; k++) if (!repeats[list.items[k]!]) fresh.push(k);
  const out: number[] = [];
  const perDoc = new Map<number, number>();
  const taken = new Uint8Array(fresh.length);
  let left = fresh.length;
  while (out.length < FIRST && left) {
    // The first item left whose article has fewer than PER_ARTICLE_IN_FIRST among the first, else the first left.
    let pick = -1;
    let first = -1;
    for (let f = 0; f < fresh.length; f++) {
      if (taken[f]) continue;
      if (first === -1) first = f;
      if ((perDoc.get(list.docs[fresh[f]!]!) ?? 0) < PER_ARTICLE_IN_FIRST) {
        pick = f;
        break;
      }
    }
    if (pick === -1) pick = first;
    taken[pick] = 1;
    left--;
    const doc = list.docs[fresh[pick]!]!;
    perDoc.set(doc, (perDoc.get(doc) ?? 0) + 1);
    out.push(list.items[fresh[pick]!]!);
  }
  for (let f = 0; f < fresh.length; f++) if (!taken[f]) out.push(list.items[fresh[f]!]!);
  for (const i of list.items) if (repeats[i]) out.push(i);
  return out;
}

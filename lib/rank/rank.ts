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
import { fingerprint, FingerprintIndex, words } from './fingerprint';
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

interface Item {
  kind: ItemKind;
  id: string;
  entityIds: string[];
  date: string | null;
  /** `date` in months since year 0 (for the time factor). */
  months: number;
  /** `date` as a number at each precision (year, year-month, year-month-day; 0 when undated): see `dateKey`. */
  keys: [number, number, number];
  /** `date`'s precision: 0 undated, 1 year, 2 month, 3 day. */
  precision: number;
  docIds: string[];
  /** `docIds` as indexes into `Prepared.docIndex`. */
  docs: number[];
  /** The source sentences, interned per section (an event and a claim may quote the same sentence). */
  sentences: number[];
  propositions: string[];
  related: string[];
  /** `related` as item indexes. */
  relatedItems: number[];
  stance: Stance | null;
  /**
   * Where a claim was made, when its own sentence does not say: the place of the meeting, visit or summit its
   * article reports on the same day, before it ("Pezeshkian said ..." after "Putin met Pezeshkian in Kazan on
   * Wednesday on the sidelines of the BRICS summit": Kazan). Empty for events.
   */
  context: string[];
  /** The item's length for BM25: how many entities it names. */
  length: number;
  /** The item's place in the order of kind, then id: how equal scores are ordered. */
  tie: number;
}

/** Candidate items and statistics, prepared once (per index), ranked many times. */
export interface Prepared {
  items: Item[];
  /** Average number of entities an item names (BM25's length normalisation). */
  avgLength: number;
  /** Entity id → the items that name it (or were said there: a claim's context): only these are scored. */
  byEntity: Map<string, number[]>;
  /** Document id → index (items keep their documents as indexes). */
  docIndex: Map<string, number>;
  stats: RankStats;
  fingerprints: FingerprintIndex;
  urls: Map<string, string>;
  sideOf: (id: string) => Side | undefined;
  /** Scratch marks reused by every call (a call's marks are its generation number): no per-call allocation. */
  scratch: { generation: number; items: Uint32Array; sentences: Uint32Array };
  /** What was worked out for the last pages (their weights, propositions, own document, named time). */
  pages: Map<string, PageAnalysis>;
}

/** Everything `rank` works out from the page alone, cached per page (the sidebar asks again for the same page). */
interface PageAnalysis {
  weights: Map<string, number>;
  props: Map<string, number>;
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

/** The candidates prepared from their records (`itemRecords`): indexed by entity and id, in tie order. */
export function prepareRecords(records: ItemRecord[], stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  const items: Item[] = [];
  const docIndex = new Map<string, number>();
  const doc = (id: string): number => docIndex.get(id) ?? docIndex.set(id, docIndex.size).get(id)!;
  const sentenceIds = new Map<string, number>();
  const sentence = (key: string): number => sentenceIds.get(key) ?? sentenceIds.set(key, sentenceIds.size).get(key)!;
  const dates = new Map<string | null, DateFigures>();
  for (const r of records) {
    const d = dates.get(r.date) ?? dates.set(r.date, dateFigures(r.date)).get(r.date)!;
    items.push({
      kind: r.kind,
      id: r.id,
      entityIds: r.entityIds,
      date: r.date,
      months: d.months,
      keys: d.keys,
      precision: d.precision,
      docIds: r.docIds,
      docs: r.docIds.map(doc),
      sentences: r.sentences.map(sentence),
      propositions: r.propositions,
      related: r.related,
      relatedItems: [],
      stance: r.stance,
      context: r.context,
      length: r.entityIds.length,
      tie: 0,
    });
  }
  const byId = new Map<string, number>();
  items.forEach((it, i) => byId.set(`${it.kind}:${it.id}`, i));
  for (const it of items) {
    for (const r of it.related) {
      const j = byId.get(`claim:${r}`);
      if (j !== undefined) it.relatedItems.push(j);
    }
  }
  const byKindAndId = items.map((_, i) => i).sort((x, y) => {
    const a = items[x]!;
    const b = items[y]!;
    return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  byKindAndId.forEach((i, k) => (items[i]!.tie = k));
  return finish(items, docIndex, sentenceIds.size, stats, sideOf);
}

/** The date figures of `Item` (`months`, `keys`, `precision`) for a record's date. */
type DateFigures = Pick<Item, 'months' | 'keys' | 'precision'>;
const dateFigures = (date: string | null): DateFigures => ({ months: date ? months(date) : 0, ...dateKey(date) });

/** What `prepareRecords` and `restoreRanking` both derive from the items: the entity index, the statistics' parts. */
function finish(items: Item[], docIndex: Map<string, number>, sentences: number, stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  const byEntity = new Map<string, number[]>();
  items.forEach((it, i) => {
    for (const list of [it.entityIds, it.context]) {
      for (const id of list) {
        const at = byEntity.get(id);
        if (at) at.push(i);
        else byEntity.set(id, [i]);
      }
    }
  });
  for (const d of stats.documents) if (!docIndex.has(d.id)) docIndex.set(d.id, docIndex.size);
  const urls = new Map<string, string>();
  for (const d of stats.documents) if (d.url) urls.set(normalizeUrl(d.url), d.id);
  const avgLength = items.length ? items.reduce((n, it) => n + it.length, 0) / items.length : 1;
  return {
    items,
    avgLength,
    byEntity,
    docIndex,
    stats,
    fingerprints: new FingerprintIndex(stats.documents),
    urls,
    sideOf,
    scratch: { generation: 0, items: new Uint32Array(items.length), sentences: new Uint32Array(sentences) },
    pages: new Map(),
  };
}

/**
 * A prepared item as kept between wakes: what `prepareRecords` worked out of its record (interned documents and
 * sentences, related items, tie order), so that restoring it works nothing out again (see `keptRanking`). Entity
 * ids, contexts and propositions are indexes into `KeptRanking.names` (one string each, however many items name
 * it); its document ids are those of its `docs`.
 */
export type KeptItem = [
  kind: ItemKind,
  id: string,
  entityIds: number[],
  date: string | null,
  docs: number[],
  sentences: number[],
  propositions: number[],
  related: string[],
  relatedItems: number[],
  stance: Stance | null,
  context: number[],
  tie: number,
];

/** Prepared candidates as plain data (JSON): the items, the names they use, the documents' and sentences' order. */
export interface KeptRanking {
  items: KeptItem[];
  names: string[];
  /** `Prepared.docIndex`'s keys, in index order. */
  docs: string[];
  /** How many sentences were interned, and their keys (`ItemRecord.sentences`) in that order, one a line. */
  sentenceCount: number;
  sentences: string;
}

/** The sentence keys of `prepared`'s items (made by `prepareRecords` from `records`), by interned index. */
export function sentenceKeys(prepared: Prepared, records: ItemRecord[]): string[] {
  const keys: string[] = [];
  prepared.items.forEach((it, i) => it.sentences.forEach((k, j) => (keys[k] = records[i]!.sentences[j]!)));
  return keys;
}

/**
 * What `prepared` keeps between wakes (`sentences`: its sentence keys, `sentenceKeys`): `restoreRanking` gives it
 * back (with the same statistics) without preparing the records again, and `preparedRecords` the records.
 */
export function keptRanking(prepared: Prepared, sentences: string[]): KeptRanking {
  const sentenceCount = prepared.scratch.sentences.length;
  const names = new Map<string, number>();
  const name = (ids: string[]): number[] => ids.map((id) => names.get(id) ?? names.set(id, names.size).get(id)!);
  return {
    items: prepared.items.map((it): KeptItem => [it.kind, it.id, name(it.entityIds), it.date, it.docs, it.sentences, name(it.propositions), it.related, it.relatedItems, it.stance, name(it.context), it.tie]),
    names: [...names.keys()],
    docs: [...prepared.docIndex.keys()],
    sentenceCount,
    sentences: sentences.slice(0, sentenceCount).join('\n'),
  };
}

/** The candidates `kept` stands for, as `prepareRecords` prepared them (`stats` must be the ones they were kept with). */
export function restoreRanking(kept: KeptRanking, stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  const dates = new Map<string | null, DateFigures>();
  const { names } = kept;
  // An empty list is one shared empty list (never changed: frozen), not one for each item.
  const named = (ids: number[]): string[] => (ids.length ? ids.map((i) => names[i]!) : NO_NAMES);
  const items = kept.items.map(([kind, id, entityIds, date, docs, sentences, propositions, related, relatedItems, stance, context, tie]): Item => {
    const d = dates.get(date) ?? dates.set(date, dateFigures(date)).get(date)!;
    const docIds = docs.map((i) => kept.docs[i]!);
    return { kind, id, entityIds: named(entityIds), date, months: d.months, keys: d.keys, precision: d.precision, docIds, docs, sentences, propositions: named(propositions), related, relatedItems, stance, context: named(context), length: entityIds.length, tie };
  });
  const docIndex = new Map<string, number>();
  kept.docs.forEach((id, i) => docIndex.set(id, i));
  return finish(items, docIndex, kept.sentenceCount, stats, sideOf);
}

const NO_NAMES = Object.freeze([]) as unknown as string[];

/** The records of `prepared`'s items `from` on (`sentences`: its sentence keys, as `keptRanking` was given them). */
export function preparedRecords(prepared: Prepared, sentences: string[], from = 0): ItemRecord[] {
  return prepared.items.slice(from).map((it) => ({
    kind: it.kind,
    id: it.id,
    entityIds: it.entityIds,
    date: it.date,
    docIds: it.docIds,
    sentences: it.sentences.map((k) => sentences[k]!),
    propositions: it.propositions,
    related: it.related,
    stance: it.stance,
    context: it.context,
  }));
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
  const analysis: PageAnalysis = {
    weights,
    props: pagePropositions(page, stats, prepared.sideOf, title, body),
    self: selfDocument(page, prepared, title, body),
    // An undated page that names a time is ranked around that time (when.ts).
    named: page.date ? null : namedTime(title, body),
    mainWeight: Math.max(0, ...weights.values()),
  };
  prepared.pages.set(key, analysis);
  if (prepared.pages.size > PAGES_KEPT) prepared.pages.delete(prepared.pages.keys().next().value!);
  return analysis;
}

/** Whether every one of `docs` is `doc`. */
function onlyIn(docs: number[], doc: number): boolean {
  for (let k = 0; k < docs.length; k++) if (docs[k] !== doc) return false;
  return true;
}

/** An item's score and the terms that make it (built only for the items the page keeps). */
function explain(it: Item, a: PageAnalysis, prepared: Prepared, time: number): RankedItem {
  const why: WhyPart[] = [];
  let story = 0;
  for (const id of it.entityIds) {
    const w = a.weights.get(id);
    if (w === undefined) continue;
    story += w;
    why.push({ kind: 'entity', id, value: round(w) });
  }
  for (const id of it.context) {
    const w = a.weights.get(id);
    if (w === undefined) continue;
    story += CONTEXT * w;
    why.push({ kind: 'entity', id, value: round(CONTEXT * w) });
  }
  story /= 1 - B + (B * it.length) / prepared.avgLength;
  if (why.length > 1) why.sort((x, y) => y.value - x.value || ((x as { id: string }).id < (y as { id: string }).id ? -1 : 1));
  let prop = 0;
  for (const p of it.propositions) {
    const strength = a.props.get(p);
    if (!strength) continue;
    const value = PROPOSITION * a.mainWeight * strength * (it.kind === 'event' ? 0.5 : 1);
    if (value > prop) prop = value;
    why.push({ kind: 'proposition', id: p, value: round(value) });
  }
  if (time !== 1) why.push({ kind: 'time', value: round(time) });
  const sources = Math.min(1.5, 1 + 0.15 * (it.docIds.length - 1));
  if (sources !== 1) why.push({ kind: 'sources', value: round(sources) });
  return { kind: it.kind, id: it.id, score: round((story + prop) * time * sources), why, repeat: false };
}

export function rank(page: PageProfile, prepared: Prepared): RankResult {
  const { items, scratch } = prepared;
  const a = analyse(page, prepared);
  const selfDoc = a.self === null ? -1 : (prepared.docIndex.get(a.self) ?? -1);
  const pageDate = dateKey(page.date && placeable(page.date));
  const pageMonths = pageDate.precision ? months(page.date!) : 0;
  const named = dateKey(a.named);
  const namedMonths = a.named ? months(a.named) : 0;
  /** <0, 0, >0 as `it` is before, at, after `d`, compared at the coarser precision of the two. */
  const compare = (it: Item, d: { keys: [number, number, number]; precision: number }): number => {
    const p = Math.min(it.precision, d.precision) - 1;
    return it.keys[p]! - d.keys[p]!;
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
  for (const id of a.weights.keys()) for (const i of prepared.byEntity.get(id) ?? []) add(i);
  for (let k = 0, n = candidates.length; k < n; k++) for (const j of items[candidates[k]!]!.relatedItems) add(j);

  const scored: Array<{ r: RankedItem; it: Item }> = [];
  for (const i of candidates) {
    const it = items[i]!;
    if (selfDoc >= 0 && onlyIn(it.docs, selfDoc)) continue;
    let time = 1;
    if (pageDate.precision) {
      if (it.precision) {
        // Events strictly before the page; claims made up to the page's date.
        const c = compare(it, pageDate);
        if (it.kind === 'event' ? c >= 0 : c > 0) continue;
        time = TIME_FLOOR + (1 - TIME_FLOOR) * Math.exp(-Math.max(0, pageMonths - it.months) / TIME_SCALE);
      } else time = UNDATED_ITEM;
    } else if (named.precision) {
      if (!it.precision) time = UNDATED_ITEM;
      else {
        const c = compare(it, named);
        if (c !== 0) {
          time = TIME_FLOOR + (1 - TIME_FLOOR) * Math.exp(-Math.abs(namedMonths - it.months) / NAMED_SCALE);
          if (c > 0) time *= AFTER_NAMED;
        }
      }
    }
    scored.push({ r: explain(it, a, prepared, time), it });
  }
  // Best first; equal scores in the order of kind, then id (precomputed: no string comparison here).
  scored.sort((x, y) => y.r.score - x.r.score || x.it.tie - y.it.tie);

  // One item per source sentence in each section: the better item keeps the sentence. (An event and a claim
  // may quote the same sentence: they answer different questions, "what happened" and "who said what"; the
  // sentences are interned per section.)
  const events: Array<{ r: RankedItem; doc: number }> = [];
  const claims: Array<{ r: RankedItem; doc: number }> = [];
  for (const { r, it } of scored) {
    if (it.sentences.some((k) => scratch.sentences[k] === generation)) r.repeat = true;
    else for (const k of it.sentences) scratch.sentences[k] = generation;
    const doc = it.docs.find((d) => d !== selfDoc) ?? it.docs[0]!;
    (it.kind === 'event' ? events : claims).push({ r, doc });
  }
  return {
    events: diversify(events),
    claims: diversify(claims),
    self: a.self,
    weights: [...a.weights.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
  };
}

/** What a ranked item is, without its text: its entities (a claim's claimant among them), propositions, articles, stance. */
export type ItemFacts = Readonly<Pick<Item, 'entityIds' | 'propositions' | 'docIds' | 'stance'>>;

const factsById = new WeakMap<Prepared, Record<ItemKind, Map<string, Item>>>();

/** The prepared item of `kind` and `id` (so that a payload reads the text of the items it shows only). */
export function itemFacts(prepared: Prepared, kind: ItemKind, id: string): ItemFacts | undefined {
  let byId = factsById.get(prepared);
  if (!byId) {
    byId = { event: new Map(), claim: new Map() };
    for (const it of prepared.items) byId[it.kind].set(it.id, it);
    factsById.set(prepared, byId);
  }
  return byId[kind].get(id);
}

/** Score order, with at most PER_ARTICLE_IN_FIRST of the first FIRST items from one article, repeats last. */
function diversify(list: Array<{ r: RankedItem; doc: number }>): RankedItem[] {
  const fresh = list.filter((x) => !x.r.repeat);
  const out: RankedItem[] = [];
  const perDoc = new Map<number, number>();
  while (out.length < FIRST && fresh.length) {
    let k = fresh.findIndex((x) => (perDoc.get(x.doc) ?? 0) < PER_ARTICLE_IN_FIRST);
    if (k === -1) k = 0;
    const [x] = fresh.splice(k, 1);
    perDoc.set(x!.doc, (perDoc.get(x!.doc) ?? 0) + 1);
    out.push(x!.r);
  }
  for (const x of fresh) out.push(x.r);
  for (const x of list) if (x.r.repeat) out.push(x.r);
  return out;
}

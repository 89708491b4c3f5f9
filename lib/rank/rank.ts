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
 *              topics whose cues an event's quote carries): PROPOSITION · how strongly the page carries it
 *   × time     events and claims before the page date only; nearer ones weigh more (undated page: 1)
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
import { cueCount, inRange, isCue, meetsScope, MIN_CUES, type RankProposition, type RankStats } from './stats';

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
  docIds: string[];
  sentences: string[];
  propositions: string[];
  related: string[];
  stance: Stance | null;
  /**
   * Where a claim was made, when its own sentence does not say: the place of the meeting, visit or summit its
   * article reports on the same day, before it ("Pezeshkian said ..." after "Putin met Pezeshkian in Kazan on
   * Wednesday on the sidelines of the BRICS summit": Kazan). Empty for events.
   */
  context: string[];
  /** The item's length for BM25: how many entities it names. */
  length: number;
}

/** Candidate items and statistics, prepared once (per index), ranked many times. */
export interface Prepared {
  items: Item[];
  /** Average number of entities an item names (BM25's length normalisation). */
  avgLength: number;
  byEntity: Map<string, number[]>;
  byId: Map<string, number>;
  stats: RankStats;
  fingerprints: FingerprintIndex;
  urls: Map<string, string>;
  sideOf: (id: string) => Side | undefined;
}

export const K1 = 1.2;
/** BM25's length normalisation: an item naming many entities (a long list of places and people) is damped. */
export const B = 0.75;
export const ZONE_WEIGHT = [3, 2, 1] as const;
/** Weight of a proposition the page carries, for a claim about it (an event: half), relative to one entity's. */
export const PROPOSITION = 1.5;
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

export function prepare(events: IndexEvent[], claims: IndexClaim[], stats: RankStats, sideOf: (id: string) => Side | undefined): Prepared {
  const items: Item[] = [];
  // An event is on a proposition's story when its quote carries one of the cue words; a general proposition
  // ("How close are Russia and Iran?") is a question claims answer, not a story an event belongs to.
  // Events by document, for the claims' context.
  const eventsOf = new Map<string, IndexEvent[]>();
  for (const ev of events) for (const d of new Set(ev.sources.map((s) => s.docId))) (eventsOf.get(d) ?? eventsOf.set(d, []).get(d)!).push(ev);
  for (const ev of events) {
    const quoteWords = words(ev.sources.map((s) => s.quote).join(' '));
    const propositions = stats.propositions
      .filter((p) => !p.general && meetsScope(p, ev.entityIds, sideOf) && inRange(p, ev.date.value) && quoteWords.some((w) => isCue(w, p.cues)))
      .map((p) => p.id);
    items.push({
      kind: 'event',
      id: ev.id,
      entityIds: [...new Set(ev.entityIds)],
      date: placeable(ev.date.value),
      months: placeable(ev.date.value) ? months(ev.date.value) : 0,
      docIds: [...new Set(ev.sources.map((s) => s.docId))],
      sentences: ev.sources.map((s) => `${s.docId}@${s.start}`),
      propositions,
      related: [],
      stance: null,
      context: [],
      length: 0,
    });
  }
  for (const c of claims) {
    items.push({
      kind: 'claim',
      id: c.id,
      entityIds: [...new Set(c.claimant.entityId ? [c.claimant.entityId, ...c.entityIds] : c.entityIds)],
      date: placeable(c.date?.value),
      months: placeable(c.date?.value) ? months(c.date!.value) : 0,
      docIds: [c.docId],
      sentences: [`${c.docId}@${c.start}`],
      propositions: c.topic ? [c.topic] : [],
      related: c.relatedClaimIds,
      stance: c.stance,
      context: claimContext(c, eventsOf.get(c.docId) ?? []),
      length: 0,
    });
  }
  const byEntity = new Map<string, number[]>();
  const byId = new Map<string, number>();
  items.forEach((it, i) => {
    byId.set(`${it.kind}:${it.id}`, i);
    for (const id of [...it.entityIds, ...it.context]) {
      const list = byEntity.get(id);
      if (list) list.push(i);
      else byEntity.set(id, [i]);
    }
  });
  const urls = new Map<string, string>();
  for (const d of stats.documents) if (d.url) urls.set(normalizeUrl(d.url), d.id);
  for (const it of items) it.length = it.entityIds.length;
  const avgLength = items.length ? items.reduce((n, it) => n + it.length, 0) / items.length : 1;
  return { items, avgLength, byEntity, byId, stats, fingerprints: new FingerprintIndex(stats.documents), urls, sideOf };
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
  for (const p of stats.propositions) {
    if (!meetsScope(p, ids, sideOf) || !inRange(p, page.date)) continue;
    const n = 3 * cueCount(title, p.cues) + cueCount(body, p.cues);
    if (n >= MIN_CUES) hits.set(p, n);
  }
  const max = Math.max(0, ...hits.values());
  const out = new Map<string, number>();
  for (const [p, n] of hits) out.set(p.id, ((n * (K1 + 1)) / (n + K1)) * (n / max) * idf(p.general ? Math.max(p.df, COMMON_SHARE * stats.docs) : p.df, stats.docs));
  return out;
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

export function rank(page: PageProfile, prepared: Prepared): RankResult {
  const { items, stats } = prepared;
  const weights = entityWeights(page, stats);
  const title = words(page.title);
  const body = words(page.text);
  const props = pagePropositions(page, stats, prepared.sideOf, title, body);
  const self = selfDocument(page, prepared, title, body);
  const pageDate = page.date;
  const pageMonths = pageDate ? months(pageDate) : 0;
  // An undated page that names a time is ranked around that time (when.ts).
  const named = pageDate ? null : namedTime(title, body);
  const mainWeight = Math.max(0, ...weights.values());
  const namedMonths = named ? months(named) : 0;

  // Candidates: items naming a page entity, and the claims linked to those (denials beside assertions).
  const candidates = new Set<number>();
  for (const id of weights.keys()) for (const i of prepared.byEntity.get(id) ?? []) candidates.add(i);
  for (const i of [...candidates]) {
    for (const r of items[i]!.related) {
      const j = prepared.byId.get(`claim:${r}`);
      if (j !== undefined) candidates.add(j);
    }
  }

  const scored: RankedItem[] = [];
  const sentencesOf = new Map<RankedItem, string[]>();
  const docOf = new Map<RankedItem, string>();
  for (const i of candidates) {
    const it = items[i]!;
    if (self && it.docIds.every((d) => d === self)) continue;
    if (pageDate && it.date) {
      // Events strictly before the page; claims made up to the page's date.
      if (it.kind === 'event' ? !isBefore(it.date, pageDate) : isBefore(pageDate, it.date)) continue;
    }
    const why: WhyPart[] = [];
    let story = 0;
    for (const id of it.entityIds) {
      const w = weights.get(id);
      if (w === undefined) continue;
      story += w;
      why.push({ kind: 'entity', id, value: round(w) });
    }
    for (const id of it.context) {
      const w = weights.get(id);
      if (w === undefined) continue;
      story += CONTEXT * w;
      why.push({ kind: 'entity', id, value: round(CONTEXT * w) });
    }
    story /= 1 - B + (B * it.length) / prepared.avgLength;
    why.sort((a, b) => b.value - a.value || ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1));
    let prop = 0;
    for (const p of it.propositions) {
      const strength = props.get(p);
      if (!strength) continue;
      const value = PROPOSITION * mainWeight * strength * (it.kind === 'event' ? 0.5 : 1);
      if (value > prop) prop = value;
      why.push({ kind: 'proposition', id: p, value: round(value) });
    }
    let time = 1;
    if (pageDate) time = it.date ? TIME_FLOOR + (1 - TIME_FLOOR) * Math.exp(-Math.max(0, pageMonths - it.months) / TIME_SCALE) : UNDATED_ITEM;
    else if (named) {
      if (!it.date) time = UNDATED_ITEM;
      else if (it.date.slice(0, named.length) !== named.slice(0, it.date.length)) {
        time = TIME_FLOOR + (1 - TIME_FLOOR) * Math.exp(-Math.abs(namedMonths - it.months) / NAMED_SCALE);
        if (isBefore(named, it.date)) time *= AFTER_NAMED;
      }
    }
    if (time !== 1) why.push({ kind: 'time', value: round(time) });
    const sources = Math.min(1.5, 1 + 0.15 * (it.docIds.length - 1));
    if (sources !== 1) why.push({ kind: 'sources', value: round(sources) });
    const entry: RankedItem = { kind: it.kind, id: it.id, score: round((story + prop) * time * sources), why, repeat: false };
    scored.push(entry);
    sentencesOf.set(entry, it.sentences);
    docOf.set(entry, it.docIds.find((d) => d !== self) ?? it.docIds[0]!);
  }
  scored.sort((a, b) => b.score - a.score || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // One item per source sentence in each section: the better item keeps the sentence. (An event and a claim
  // may quote the same sentence: they answer different questions, "what happened" and "who said what".)
  const owned = new Set<string>();
  for (const r of scored) {
    const keys = sentencesOf.get(r)!.map((k) => `${r.kind}|${k}`);
    if (keys.some((k) => owned.has(k))) r.repeat = true;
    else for (const k of keys) owned.add(k);
  }
  const section = (kind: ItemKind): RankedItem[] => diversify(scored.filter((r) => r.kind === kind), docOf);
  return { events: section('event'), claims: section('claim'), self, weights: [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) };
}

/** Score order, with at most PER_ARTICLE_IN_FIRST of the first FIRST items from one article, repeats last. */
function diversify(list: RankedItem[], docOf: Map<RankedItem, string>): RankedItem[] {
  const fresh = list.filter((r) => !r.repeat);
  const out: RankedItem[] = [];
  const perDoc = new Map<string, number>();
  while (out.length < FIRST && fresh.length) {
    let k = fresh.findIndex((r) => (perDoc.get(docOf.get(r)!) ?? 0) < PER_ARTICLE_IN_FIRST);
    if (k === -1) k = 0;
    const [r] = fresh.splice(k, 1);
    perDoc.set(docOf.get(r!)!, (perDoc.get(docOf.get(r!)!) ?? 0) + 1);
    out.push(r!);
  }
  return [...out, ...fresh, ...list.filter((r) => r.repeat)];
}

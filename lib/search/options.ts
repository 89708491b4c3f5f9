/**
 * The one MiniSearch configuration, shared by the index build (Node) and the index load (background), with a
 * version check: a serialized index built with other options is refused rather than silently mis-queried.
 */
import MiniSearch, { type MatchInfo, type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { tokenize } from '../text/normalize';
import type { SearchKind } from '../messages';

/** Bump when anything below changes; the build writes it and the load checks it. */
export const SEARCH_VERSION = 2;

/**
 * The bundled search index's file: data/search.json, shipped in the extension as a file of its own (wxt.config.ts)
 * and read by the background when the first search needs it.
 */
export const SEARCH_FILE = 'search.json';

export interface SearchDoc {
  /** `${kind}:${id}` */
  key: string;
  kind: SearchKind;
  id: string;
  title: string;
  /** Other names (entities), claimant (claims). */
  names: string;
  text: string;
  /** Sortable date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or '' when none. */
  date: string;
}

export const searchOptions: Options<SearchDoc> = {
  idField: 'key',
  fields: ['title', 'names', 'text'],
  storeFields: ['kind', 'id', 'title', 'date'],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => term,
};

/**
 * Query-time options: exact terms, and prefix matching only for the last term (the one being typed). Fuzzy
 * matching is a second pass (`fuzzySearchOptions`) run only when this one finds nothing: every fuzzy expansion
 * of every word adds a posting list to score, which at 10,000 items costs more than the whole exact query
 * (`npm run bench`).
 */
export const querySearchOptions: SearchOptions = {
  boost: { title: 3, names: 2, text: 1 },
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
  fuzzy: false,
  combineWith: 'AND',
  tokenize: (text) => tokenize(text),
  processTerm: (term) => term,
};

/** The second pass: typo tolerance for terms of four or more characters (one edit, two from ten characters). */
export const fuzzySearchOptions: SearchOptions = {
  ...querySearchOptions,
  fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
  maxFuzzy: 2,
};

/**
 * The reader's library is searched by prefix from this many characters of the word being typed (the bundled index
 * from two). Names are all in the bundled index, so "pe" still offers Peskov and Pezeshkian; over a library of a
 * thousand articles a two-letter prefix ("co") stands for thousands of words in nearly every article, a slow query
 * (every posting of every expansion is scored) whose hits say nothing of what the reader is looking for.
 */
export const LIBRARY_PREFIX_FROM = 3;

/** `options` for the library's search: its prefix matching from LIBRARY_PREFIX_FROM characters. */
function libraryOptions(options: SearchOptions): SearchOptions {
  return { ...options, prefix: (term, i, terms) => i === terms.length - 1 && term.length >= LIBRARY_PREFIX_FROM };
}
export const libraryQuerySearchOptions = libraryOptions(querySearchOptions);
export const libraryFuzzySearchOptions = libraryOptions(fuzzySearchOptions);

/**
 * The exact pass finding fewer hits than this runs the fuzzy pass: only when it finds nothing, since a fuzzy
 * pass over several common words is the slowest query there is.
 */
export const FUZZY_FALLBACK_BELOW = 1;

export interface SerializedSearch {
  version: number;
  index: unknown;
}

export function createSearch(docs: SearchDoc[]): MiniSearch<SearchDoc> {
  const ms = new MiniSearch<SearchDoc>(searchOptions);
  ms.addAll(docs);
  return ms;
}

export function serializeSearch(ms: MiniSearch<SearchDoc>): SerializedSearch {
  return { version: SEARCH_VERSION, index: ms.toJSON() };
}

/** Thrown when a serialized search index was built with other options. */
export class SearchVersionError extends Error {}

export function loadSearch(data: SerializedSearch): MiniSearch<SearchDoc> {
  if (!data || data.version !== SEARCH_VERSION) {
    throw new SearchVersionError(`search index version ${String(data?.version)} does not match ${SEARCH_VERSION}: run npm run index`);
  }
  return MiniSearch.loadJS(data.index as Parameters<typeof MiniSearch.loadJS>[0], searchOptions);
}

/** A term's postings: field id → document id → the term's frequency there. */
type Postings = Map<number, Map<number, number>>;

/** The parts of MiniSearch (7.x) that `searchTop` reads: its query, what it scores with, and what makes results. */
interface MiniSearchInternals {
  executeQuery(query: string, options: SearchOptions): Map<number, { score: number; terms: string[]; match: MatchInfo }>;
  _documentIds: Map<number, unknown>;
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _options: { fields: string[]; tokenize: (text: string) => string[]; processTerm: (term: string) => string | string[] | null | undefined | false; searchOptions: SearchOptions };
  _index: { get(term: string): Postings | undefined; atPrefix(prefix: string): Iterable<[string, Postings]>; fuzzyGet(term: string, maxDistance: number): Map<string, [Postings, number]> };
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _fieldLength: Map<number, number[]>;
  _documentCount: number;
  _nextId: number;
}

/** One query term as MiniSearch's `executeQuerySpec` scores it: the indexed terms it matches, each with its weight. */
interface TermSpec {
  term: string;
  boost: number;
  derived: Array<{ term: string; weight: number; postings: Postings }>;
}

/** A query's documents, in MiniSearch's order, with their scores (before the matched-terms factor). */
interface Scored {
  specs: TermSpec[];
  fields: Array<[string, number, number]>;
  ids: number[];
  scores: Float64Array;
}

/**
 * What `scoreAnd` counts in, by document id, kept with its index between queries (no map entry nor number object
 * per document and term): the running score, the current term's score, and stamps saying which term of which query
 * last reached the document (`seen`: it has a score for that term; `alive`: it matched every term before it).
 */
interface Scratch {
  total: Float64Array;
  own: Float64Array;
  seen: Int32Array;
  alive: Int32Array;
  stamp: number;
}
const scratches = new WeakMap<object, Scratch>();

function scratchFor(internals: MiniSearchInternals, size: number, terms: number): Scratch {
  let s = scratches.get(internals);
  if (!s || s.total.length < size || s.stamp + terms + 1 >= 0x7fffffff) {
    const n = Math.max(size, Math.ceil((s?.total.length ?? 0) * 1.5));
    s = { total: new Float64Array(n), own: new Float64Array(n), seen: new Int32Array(n), alive: new Int32Array(n), stamp: 0 };
    scratches.set(internals, s);
  }
  return s;
}

/**
 * MiniSearch's `executeQuery` for an AND query without filter or document boost, scores only: the same terms and
 * weights, the same BM25 sums in the same order (so the same numbers), the same documents in the same order, but no
 * result objects (`terms` and `match`, three objects per document and term) and, after the first term, only the
 * documents still in the running. Null when the options ask for more, or a discarded document shows up (then
 * MiniSearch's own query runs, and cleans it up).
 */
function scoreAnd(internals: MiniSearchInternals, query: string, searchOptions: SearchOptions): Scored | null {
  const global = internals._options;
  const options = { tokenize: global.tokenize, processTerm: global.processTerm, ...global.searchOptions, ...searchOptions };
  if ((options.combineWith ?? 'or').toLowerCase() !== 'and' || options.filter || options.boostDocument || searchOptions.weights || searchOptions.bm25) return null;
  const bm25 = options.bm25!;
  const { fuzzy: fuzzyWeight, prefix: prefixWeight } = options.weights as { fuzzy: number; prefix: number };
  const maxFuzzy = options.maxFuzzy!;
  const tokenize = options.tokenize as (text: string) => string[];
  const processTerm = options.processTerm as MiniSearchInternals['_options']['processTerm'];
  const terms = tokenize(query)
    .flatMap((term) => processTerm(term))
    .filter((term): term is string => !!term);
  const boosts = options.boost as Record<string, number> | undefined;
  const fields = (options.fields ?? global.fields).map((field): [string, number, number] => [field, (boosts && Object.prototype.hasOwnProperty.call(boosts, field) ? boosts[field] : undefined) || 1, internals._fieldIds[field]!]);
  const specs = terms.map((term, i): TermSpec => {
    const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy || false;
    const prefix = typeof options.prefix === 'function' ? options.prefix(term, i, terms) : options.prefix === true;
    const boost = typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1;
    const derived: TermSpec['derived'] = [];
    const exact = internals._index.get(term);
    if (exact) derived.push({ term, weight: 1, postings: exact });
    let fuzzyMatches: Map<string, [Postings, number]> | undefined;
    if (fuzzy) {
      const f = fuzzy === true ? 0.2 : fuzzy;
      const maxDistance = f < 1 ? Math.min(maxFuzzy, Math.round(term.length * f)) : f;
      if (maxDistance) fuzzyMatches = internals._index.fuzzyGet(term, maxDistance);
    }
    if (prefix) {
      for (const [t, postings] of internals._index.atPrefix(term)) {
        const distance = t.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(t);
        derived.push({ term: t, weight: (prefixWeight * t.length) / (t.length + 0.3 * distance), postings });
      }
    }
    if (fuzzyMatches) {
      for (const t of fuzzyMatches.keys()) {
        const [postings, distance] = fuzzyMatches.get(t)!;
        if (!distance) continue;
        derived.push({ term: t, weight: (fuzzyWeight * t.length) / (t.length + distance), postings });
      }
    }
    return { term, boost, derived };
  });
  const { k, b, d } = bm25;
  const total = internals._documentCount;
  const scratch = scratchFor(internals, internals._nextId, specs.length);
  // This query's stamps: `base + i + 1` for its term i.
  const base = scratch.stamp;
  scratch.stamp += specs.length + 1;
  const { seen, alive, own } = scratch;
  const sum = scratch.total;
  let ids: number[] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const stamp = base + i + 1;
    // The term's documents in the order MiniSearch meets them; after the first term, only those still in (matched
    // every term before).
    const order: number[] = [];
    for (const { weight, postings } of spec.derived) {
      for (const [, fieldBoost, fieldId] of fields) {
        const freqs = postings.get(fieldId);
        if (freqs == null) continue;
        const matching = freqs.size;
        const avgFieldLength = internals._avgFieldLength[fieldId]!;
        // calcBM25Score and the weighting of termResults, as written there (the same operations in the same order).
        const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
        for (const [docId, termFreq] of freqs) {
          if (!internals._documentIds.has(docId)) return null;
          if (i > 0 && alive[docId] !== stamp - 1) continue;
          const fieldLength = internals._fieldLength.get(docId)![fieldId]!;
          const rawScore = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
          const weighted = weight * spec.boost * fieldBoost * 1 * rawScore;
          if (seen[docId] !== stamp) {
            seen[docId] = stamp;
            own[docId] = weighted;
            order.push(docId);
          } else own[docId] = own[docId]! + weighted;
        }
      }
    }
    // AND: the running score plus this term's, in this term's order.
    for (const docId of order) {
      sum[docId] = i === 0 ? own[docId]! : sum[docId]! + own[docId]!;
      alive[docId] = stamp;
    }
    ids = order;
  }
  const scores = new Float64Array(ids.length);
  for (let j = 0; j < ids.length; j++) scores[j] = sum[ids[j]!]!;
  return { specs, fields, ids, scores };
}

/** The matched terms and where, of one document MiniSearch's AND query found, as its result has them. */
function matchOf(scored: Scored, docId: number): { terms: string[]; match: MatchInfo } {
  const terms: string[] = [];
  let match: MatchInfo | null = null;
  for (const spec of scored.specs) {
    if (!terms.includes(spec.term)) terms.push(spec.term);
    let own: MatchInfo | null = null;
    for (const { term, postings } of spec.derived) {
      for (const [field, , fieldId] of scored.fields) {
        if (!postings.get(fieldId)?.has(docId)) continue;
        if (!own) own = { [term]: [field] };
        else if (Object.prototype.hasOwnProperty.call(own, term)) own[term]!.push(field);
        else own[term] = [field];
      }
    }
    match = match ? Object.assign(match, own) : own;
  }
  return { terms, match: match ?? {} };
}

/**
 * `ms.search(query, options)` (no filter) with only the results that can be among the first `limit` of a search
 * over this index and another whose results have the ids `others` (an item both found counts once): the first
 * `limit`, plus one for each of this index's matches whose result id `others` has. MiniSearch makes every match a
 * result object and sorts them all; a library query for a common word matches over a thousand items. Same objects,
 * same order (score times matched query terms, best first, equal scores in MiniSearch's own order); `total`
 * counts them all. An AND query is scored without MiniSearch's result objects (`scoreAnd`); others by its own query.
 */
export function searchTop(ms: MiniSearch<SearchDoc>, query: string, options: SearchOptions, limit: number, others: ReadonlySet<unknown>): { results: SearchResult[]; total: number } {
  const internals = ms as unknown as MiniSearchInternals;
  const scored = scoreAnd(internals, query, options);
  let ids: number[];
  let raw: ArrayLike<number>;
  let factor: (i: number) => number;
  let details: (i: number) => { terms: string[]; match: MatchInfo };
  if (scored) {
    ids = scored.ids;
    raw = scored.scores;
    // Every document of an AND query matched every query term.
    const count = new Set(scored.specs.map((s) => s.term)).size || 1;
    factor = () => count;
    details = (i) => matchOf(scored, ids[i]!);
  } else {
    const results = [...internals.executeQuery(query, options)];
    ids = results.map(([docId]) => docId);
    raw = results.map(([, r]) => r.score);
    factor = (i) => results[i]![1].terms.length || 1;
    details = (i) => results[i]![1];
  }
  const scores = new Float64Array(ids.length);
  let keep = limit;
  for (let i = 0; i < ids.length; i++) {
    scores[i] = raw[i]! * factor(i);
    if (!others.size) continue;
    // The result's id: the stored `id` field over the document id, as the result object below takes it.
    const stored = internals._storedFields.get(ids[i]!);
    if (others.has(stored && 'id' in stored ? stored.id : internals._documentIds.get(ids[i]!))) keep++;
  }
  // The kept ones: every score above the `keep`-th best, then equal ones in MiniSearch's order (a numeric sort of
  // the scores finds that score; only the kept are sorted by score).
  const chosen: number[] = [];
  if (keep >= ids.length) for (let i = 0; i < ids.length; i++) chosen.push(i);
  else if (keep > 0) {
    const bar = scores.slice().sort()[ids.length - keep]!;
    let equal = keep;
    for (let i = 0; i < ids.length; i++) if (scores[i]! > bar) equal--;
    for (let i = 0; i < ids.length; i++) if (scores[i]! > bar || (scores[i] === bar && equal-- > 0)) chosen.push(i);
  }
  const order = chosen.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const results = order.map((i): SearchResult => {
    const { terms, match } = details(i);
    const result = { id: internals._documentIds.get(ids[i]!), score: scores[i]!, terms: Object.keys(match), queryTerms: terms, match };
    return Object.assign(result, internals._storedFields.get(ids[i]!));
  });
  return { results, total: ids.length };
}

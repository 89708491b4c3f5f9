/**
 * The one MiniSearch configuration, shared by the index build (Node) and the index load (background), with a
 * version check: a serialized index built with other options is refused rather than silently mis-queried.
 */
import MiniSearch, { type MatchInfo, type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { tokenize } from '../text/normalize';
import type { SearchKind } from '../messages';

/** Bump when anything below changes; the build writes it and the load checks it. */
export const SEARCH_VERSION = 2;

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

/** The parts of MiniSearch (7.x) that `searchTop` reads: its query without the results made, and what makes them. */
interface MiniSearchInternals {
  executeQuery(query: string, options: SearchOptions): Map<number, { score: number; terms: string[]; match: MatchInfo }>;
  _documentIds: Map<number, unknown>;
  _storedFields: Map<number, Record<string, unknown> | undefined>;
}

/**
 * `ms.search(query, options)` (no filter) with only the results that can be among the first `limit` of a search
 * over this index and another whose results have the ids `others` (an item both found counts once): the first
 * `limit`, plus one for each of this index's matches whose result id `others` has. MiniSearch makes every match a
 * result object and sorts them all; a library query for a common word matches over a thousand items. Same objects,
 * same order (score times matched query terms, best first, equal scores in MiniSearch's own order); `total`
 * counts them all.
 */
export function searchTop(ms: MiniSearch<SearchDoc>, query: string, options: SearchOptions, limit: number, others: ReadonlySet<unknown>): { results: SearchResult[]; total: number } {
  const internals = ms as unknown as MiniSearchInternals;
  const raw = [...internals.executeQuery(query, options)];
  const scores = new Float64Array(raw.length);
  let keep = limit;
  raw.forEach(([docId, { score, terms }], i) => {
    scores[i] = score * (terms.length || 1);
    if (!others.size) return;
    // The result's id: the stored `id` field over the document id, as the result object below takes it.
    const stored = internals._storedFields.get(docId);
    if (others.has(stored && 'id' in stored ? stored.id : internals._documentIds.get(docId))) keep++;
  });
  // The kept ones: every score above the `keep`-th best, then equal ones in MiniSearch's order (a numeric sort of
  // the scores finds that score; only the kept are sorted by score).
  const chosen: number[] = [];
  if (keep >= raw.length) for (let i = 0; i < raw.length; i++) chosen.push(i);
  else if (keep > 0) {
    const bar = scores.slice().sort()[raw.length - keep]!;
    let equal = keep;
    for (let i = 0; i < raw.length; i++) if (scores[i]! > bar) equal--;
    for (let i = 0; i < raw.length; i++) if (scores[i]! > bar || (scores[i] === bar && equal-- > 0)) chosen.push(i);
  }
  const order = chosen.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const results = order.map((i): SearchResult => {
    const [docId, { terms, match }] = raw[i]!;
    const result = { id: internals._documentIds.get(docId), score: scores[i]!, terms: Object.keys(match), queryTerms: terms, match };
    return Object.assign(result, internals._storedFields.get(docId));
  });
  return { results, total: raw.length };
}

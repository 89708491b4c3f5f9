/**
 * The one MiniSearch configuration, shared by the index build (Node) and the index load (background), with a
 * version check: a serialized index built with other options is refused rather than silently mis-queried.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
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

/**
 * The ranking's statistics, computed at build time (`npm run index` → data/rank.json) over the documents of the
 * index: how many documents name each entity (for its IDF weight), each document's URL (when known) and text
 * fingerprint (to recognise the article being read), and the propositions with their cue words.
 */
import type { Topic } from '../index/claims';
import type { Side } from '../match/types';
import { fingerprint, words } from './fingerprint';

/** A proposition of data/topics.json (scope, date range) with its cue words folded, and how many documents carry it. */
export interface RankProposition extends Omit<Topic, 'keywords'> {
  /** Folded cue words: a word is a cue when it equals one, or starts with one of five letters or more. */
  cues: string[];
  /** Number of documents that carry it (its scope met, two cue words or more): its IDF. */
  df: number;
}

export interface RankStats {
  version: 1;
  /** Number of documents the statistics count. */
  docs: number;
  /** Entity id → number of documents that name it. */
  df: Record<string, number>;
  documents: Array<{ id: string; url: string | null; fingerprint: number[] }>;
  propositions: RankProposition[];
  /**
   * Entities the gazetteer marks as very common in this story's news (`common: true`: the two countries, the
   * United States, Moscow, Tehran, ...). A small index cannot tell that they are found in most articles; the
   * ranking counts them as if they were (see `specificity` in rank.ts). Absent in older statistics.
   */
  common?: string[];
}

export interface StatsDocument {
  id: string;
  url: string | null;
  text: string;
  /** Every entity the document names (repeats allowed). */
  entityIds: Iterable<string>;
}

/** Cue words a text must carry, at least, for a proposition to count as carried. */
export const MIN_CUES = 2;

export function rankStats(docs: StatsDocument[], topics: Topic[], sideOf: (id: string) => Side | undefined, common: Iterable<string> = []): RankStats {
  const df: Record<string, number> = {};
  for (const d of docs) for (const id of new Set(d.entityIds)) df[id] = (df[id] ?? 0) + 1;
  const sorted: Record<string, number> = {};
  for (const id of Object.keys(df).sort()) sorted[id] = df[id]!;
  return {
    version: 1,
    docs: docs.length,
    df: sorted,
    documents: docs.map((d) => ({ id: d.id, url: d.url, fingerprint: fingerprint(d.text) })),
    propositions: topics.map((t) => {
      const p: RankProposition = {
        id: t.id,
        label: t.label,
        ...(t.sides ? { sides: t.sides } : {}),
        ...(t.entities ? { entities: t.entities } : {}),
        cues: [...new Set(t.keywords.flatMap(words))],
        ...(t.dateFrom ? { dateFrom: t.dateFrom } : {}),
        ...(t.dateTo ? { dateTo: t.dateTo } : {}),
        ...(t.general ? { general: true as const } : {}),
        df: 0,
      };
      p.df = docs.filter((d) => meetsScope(p, d.entityIds, sideOf) && cueCount(words(d.text), p.cues) >= MIN_CUES).length;
      return p;
    }),
    common: [...new Set(common)].sort(),
  };
}

export function cueCount(words: string[], cues: string[]): number {
  let n = 0;
  for (const w of words) if (isCue(w, cues)) n++;
  return n;
}

/** Whether a date (`YYYY[-MM[-DD]]`) lies in the proposition's range, compared at the coarser precision. */
export function inRange(p: RankProposition, date: string | null): boolean {
  if (!date) return true;
  if (p.dateFrom && date.slice(0, p.dateFrom.length) < p.dateFrom.slice(0, date.length)) return false;
  if (p.dateTo && date.slice(0, p.dateTo.length) > p.dateTo.slice(0, date.length)) return false;
  return true;
}

/** Whether a folded word is one of the cues (same rule as the claim extractor's topic test). */
export function isCue(word: string, cues: string[]): boolean {
  for (const k of cues) if (word === k || (k.length >= 5 && word.startsWith(k))) return true;
  return false;
}

/** Whether the named entities (with their sides) meet a proposition's sides and entities. */
export function meetsScope(p: RankProposition, ids: Iterable<string>, sideOf: (id: string) => Side | undefined): boolean {
  const sides = new Set<Side>();
  const set = new Set<string>();
  for (const id of ids) {
    set.add(id);
    const s = sideOf(id);
    if (s) sides.add(s);
  }
  if (p.sides && !p.sides.every((s) => sides.has(s))) return false;
  if (p.entities && !p.entities.some((id) => set.has(id))) return false;
  return true;
}

/**
 * One document through the pipeline: clean → sentences → mentions → events and claims. The index build runs it
 * for every seed (then merges events and links claims across the corpus); the reader's library runs it for one
 * article at a time inside the extension (lib/library/analyse.ts). Platform-neutral.
 */
import { Matcher } from '../match/matcher';
import type { Gazetteer, MatcherTable } from '../match/types';
import type { AnalysedDoc } from './analysed';
import { clean, type CleanResult } from './clean';
import { extractClaims, type Topics } from './claims';
import { extractEvents } from './events';
import { compileLexicons, lexiconFor, type Lexicon } from './lexicon';
import { ClaimantResolver } from './resolve';
import { sentences } from './sentences';
import type { IndexClaim, IndexDocument, IndexEvent } from './types';

/** What every document's analysis needs, set up once (compiled lexicons, the matcher, the claimant resolver). */
export interface Pipeline {
  table: MatcherTable;
  matcher: Matcher;
  lexicons: Map<string, Lexicon>;
  topics: Topics;
  resolver: ClaimantResolver;
}

export function pipeline(gazetteer: Gazetteer, table: MatcherTable, topics: Topics, lexicons: Record<string, string>): Pipeline {
  return { table, matcher: new Matcher(table), lexicons: compileLexicons(lexicons), topics, resolver: new ClaimantResolver(gazetteer, table) };
}

/** A document's metadata, before its text is cleaned. */
export type DocumentMeta = Omit<IndexDocument, 'text' | 'captions' | 'sentences' | 'author'> & { author: string | null };

/** Cleans `raw` and makes the document with its sentences and mentions; `cleaned` says what the text itself states. */
export function documentOf(meta: DocumentMeta, raw: string, p: Pipeline): { analysed: AnalysedDoc; cleaned: CleanResult } {
  const cleaned = clean(raw, meta.title);
  const doc: IndexDocument = {
    id: meta.id,
    file: meta.file,
    title: meta.title,
    lang: meta.lang,
    date: meta.date,
    outlet: meta.outlet,
    author: meta.author ?? cleaned.stated.author,
    text: cleaned.text,
    captions: cleaned.captions,
    sentences: sentences(cleaned.text, meta.lang),
    note: meta.note,
    // Only when known, so that an index of seeds without addresses keeps its exact bytes.
    ...(meta.url ? { url: meta.url } : {}),
  };
  return { analysed: { doc, mentions: p.matcher.match(cleaned.text) }, cleaned };
}

/**
 * One document's own events (not yet merged with other articles' reports of the same happening) and claims
 * (linked only among themselves). The same functions the build runs over the corpus.
 */
export function analyseDocument(a: AnalysedDoc, p: Pipeline): { events: IndexEvent[]; claims: IndexClaim[] } {
  return {
    events: extractEvents(a, p.table, lexiconFor(p.lexicons, a.doc.lang)),
    claims: extractClaims([a], p.table, p.topics, p.lexicons, p.resolver),
  };
}

/**
 * One library article through the index pipeline (lib/index/document.ts), into the compact record the background
 * loads on wake (`LibraryItem`: its events and claims, no body text) and the document the reader shows. The
 * pipeline is set up once (`pipeline()`) and kept warm by the caller. Platform-neutral.
 */
import type { Pipeline } from '../index/document';
import { analyseDocument, documentOf } from '../index/document';
import type { IndexClaim, IndexDate, IndexDocument, IndexEvent } from '../index/types';
import { fingerprint } from '../rank/fingerprint';
import { LibraryError } from './errors';
import { LIBRARY_LANGS, LIBRARY_PIPELINE_VERSION, type LibraryArticle } from './format';
import { libraryDocId, textKey } from './hash';


/** Fewer words than this is not an article (a stub, a teaser, a caption). */
export const MIN_WORDS = 120;

/** What the background needs of one library article to answer the sidebar and the popup (no body text). */
export interface LibraryItem {
  pipeline: number;
  docId: string;
  url: string;
  title: string;
  outlet: string;
  lang: string;
  date: IndexDate | null;
  addedAt: string;
  /** Word 4-gram fingerprint of the cleaned text: the article being read is not its own backstory. */
  fingerprint: number[];
  /** Every entity the article names (with repeats folded), for the Library page and the ranking. */
  entityIds: string[];
  events: IndexEvent[];
  claims: IndexClaim[];
}

export interface Analysed {
  item: LibraryItem;
  doc: IndexDocument;
  textKey: string;
}

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter((w) => /\p{L}|\p{N}/u.test(w)).length;
}

/** Analyses one article; throws LibraryError('tiny' | 'language') when it cannot be an article of the library. */
export function analyseArticle(article: LibraryArticle, p: Pipeline): Analysed {
  if (!(LIBRARY_LANGS as readonly string[]).includes(article.lang)) throw new LibraryError('language', LIBRARY_LANGS.join(', '));
  const id = libraryDocId(article.url);
  const date: IndexDate | null = article.published ? { value: article.published, basis: 'curated' } : null;
  const { analysed } = documentOf(
    { id, file: article.url, title: article.title, lang: article.lang, date, outlet: article.outlet, author: article.byline, note: null },
    article.text,
    p,
  );
  const words = wordCount(analysed.doc.text);
  if (words < MIN_WORDS) throw new LibraryError('tiny', String(words));
  const { events, claims } = analyseDocument(analysed, p);
  const entityIds = [...new Set(analysed.mentions.map((m) => p.table.entities[m.entity]!.id))].sort();
  return {
    doc: analysed.doc,
    textKey: textKey(analysed.doc.text),
    item: {
      pipeline: LIBRARY_PIPELINE_VERSION,
      docId: id,
      url: article.url,
      title: article.title,
      outlet: article.outlet,
      lang: article.lang,
      date,
      addedAt: article.addedAt,
      fingerprint: fingerprint(analysed.doc.text),
      entityIds,
      events,
      claims,
    },
  };
}

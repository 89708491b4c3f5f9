/** Shared helpers for the extraction stages: sentences with their mentions. */
import type { MatcherTable, Mention } from '../match/types';
import type { AnalysedDoc } from './analysed';

export interface SentenceCtx {
  index: number;
  start: number;
  end: number;
  text: string;
  /** Mentions inside the sentence, with offsets relative to the document. */
  mentions: Mention[];
  /** Index of the paragraph the sentence is in. */
  paragraph: number;
  caption: boolean;
}

export function sentenceContexts(a: AnalysedDoc): SentenceCtx[] {
  const { doc, mentions } = a;
  const out: SentenceCtx[] = [];
  let k = 0;
  let paragraph = 0;
  let lastEnd = 0;
  doc.sentences.forEach((s, index) => {
    if (doc.text.slice(lastEnd, s.start).includes('\n\n')) paragraph++;
    lastEnd = s.end;
    while (k < mentions.length && mentions[k]!.end <= s.start) k++;
    const inside: Mention[] = [];
    for (let j = k; j < mentions.length && mentions[j]!.start < s.end; j++) inside.push(mentions[j]!);
    out.push({
      index,
      start: s.start,
      end: s.end,
      text: doc.text.slice(s.start, s.end),
      mentions: inside,
      paragraph,
      caption: doc.captions.some((c) => s.start >= c.start && s.end <= c.end),
    });
  });
  return out;
}

/** Entity ids of mentions, unique, in order of first mention. */
export function entityIdsOf(table: MatcherTable, mentions: Mention[]): string[] {
  return [...new Set(mentions.map((m) => table.entities[m.entity]!.id))];
}

/** The document key in event and claim ids: the whole file stem, so that `900_a.txt` and `900_b.txt` never clash. */
export function docKey(docId: string): string {
  return docId.replace(/^doc:/, '');
}

/** Speech cues and quotations, shared by the event and claim extractors; the words are in data/lexicon/. */
import type { Lexicon, SpeechClass } from './lexicon';

/** Quoted stretches of a sentence (“…”, „…“, «…», "…", ‘…’ as quotes of several words). */
export function quoteRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /“[^”“]*”|„[^“”]*[“”]|«[^»]*»|"[^"]*"|‘[^’]{12,}’/gu;
  for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  // An opening quote never closed in the sentence runs to its end.
  const open = text.search(/[“„«](?![^“”„«»]*[”“»])/u);
  if (open >= 0 && !out.some(([a, b]) => open >= a && open < b)) out.push([open, text.length]);
  return out.sort((a, b) => a[0] - b[0]);
}

export function inRanges(at: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([a, b]) => at >= a && at < b);
}

export interface Cue {
  at: number;
  end: number;
  word: string;
  /** What the cue reports: a statement (asserts, denies, confirms), hearsay, or the source of a statement. */
  cls: SpeechClass;
}

/** Speech cues outside quotations. */
export function speechCues(text: string, lex: Lexicon): Cue[] {
  const quotes = quoteRanges(text);
  const out: Cue[] = [];
  for (const m of text.matchAll(lex.speech)) {
    if (inRanges(m.index, quotes)) continue;
    const cls = (Object.keys(m.groups ?? {}) as SpeechClass[]).find((k) => m.groups![k] !== undefined)!;
    // "United States", "Reports" in a name: a capitalised cue inside a sentence is not the verb (but "Laut X" is).
    if (m.index > 0 && /^\p{Lu}/u.test(m[0]) && cls !== 'source') continue;
    out.push({ at: m.index, end: m.index + m[0].length, word: m[0].toLowerCase(), cls });
  }
  return out;
}

/** Sentence splitting with Intl.Segmenter, mended where ICU splits after an abbreviation ("Mr.", "W.", "U.S."). */

const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|st|prof|gen|sen|rep|gov|jr|sr|vs|no|u\.s|u\.n|u\.k|e\.g|i\.e|z\.b|bzw|ca|dr|nr|[A-Z])\.\s*$/i;

/** True while a quotation opened in `s` (“…”, „…“ or «…») has not been closed. */
function openQuote(s: string): boolean {
  let depth = 0;
  let german = false;
  for (const ch of s) {
    if (ch === '„') {
      depth++;
      german = true;
    } else if (ch === '“') {
      if (german && depth > 0) depth--;
      else depth++;
    } else if (ch === '”' || ch === '»') {
      if (depth > 0) depth--;
    } else if (ch === '«') depth++;
  }
  return depth > 0;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Sentence spans of `text` (offsets into it), trimmed of surrounding white space; a paragraph break always
 * ends a sentence.
 *
 * @example
 * sentences('Mr. Putin came. He left.', 'en') // => [{start: 0, end: 15}, {start: 16, end: 24}]
 */
export function sentences(text: string, lang: string): Span[] {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
  const out: Span[] = [];
  let paraStart = 0;
  for (const para of text.split(/\n\s*\n/)) {
    const base = text.indexOf(para, paraStart);
    paraStart = base + para.length;
    let pending: Span | null = null;
    for (const seg of segmenter.segment(para)) {
      const raw = seg.segment;
      const lead = raw.length - raw.trimStart().length;
      const body = raw.trim();
      if (!body) continue;
      const span = { start: base + seg.index + lead, end: base + seg.index + lead + body.length };
      if (pending) {
        pending.end = span.end;
      } else {
        pending = span;
      }
      const sofar = text.slice(pending.start, pending.end);
      if (!ABBREVIATION.test(sofar) && !openQuote(sofar)) {
        out.push(pending);
        pending = null;
      }
    }
    if (pending) out.push(pending);
  }
  return out;
}

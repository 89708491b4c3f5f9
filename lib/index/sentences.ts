/**
 * Sentence splitting with Intl.Segmenter, mended where ICU splits after an abbreviation ("Mr.", "W.", "U.S.") or
 * after the ordinal day of a date ("am 20. Januar", "am 3. 3. 2025").
 */

const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|st|prof|gen|sen|rep|gov|jr|sr|vs|no|u\.s|u\.n|u\.k|e\.g|i\.e|z\.b|bzw|ca|dr|nr|[A-Z])\.\s*$/i;

/** A day written as an ordinal ("20.", "3."): German and other languages write dates as "20. Januar". */
const ORDINAL_DAY = /(?:^|[\s(,])\d{1,2}\.\s*$/;
/** What follows an ordinal day inside one sentence: a month name (de, also nl/da/no/sv spellings), a month number, or a lowercase word. */
const AFTER_ORDINAL = /^\s*(?:(?:jan(?:uar|uary)?|jänner|feb(?:ruar)?|märz|maerz|mär|apr(?:il)?|mai|maj|juni?|juli?|aug(?:ust)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?)(?!\p{L})|\d{1,2}\.)/iu;
const AFTER_ORDINAL_LOWER = /^\s*\p{Ll}/u;

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
      const rest = para.slice(seg.index + raw.length);
      const ordinal = ORDINAL_DAY.test(sofar) && (AFTER_ORDINAL.test(rest) || AFTER_ORDINAL_LOWER.test(rest));
      if (!ABBREVIATION.test(sofar) && !openQuote(sofar) && !ordinal) {
        out.push(pending);
        pending = null;
      }
    }
    if (pending) out.push(pending);
  }
  return out;
}

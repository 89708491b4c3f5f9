/**
 * Search snippets: where the matched terms occur in a hit's text, found through the one normaliser so that
 * "Peseschkián" in the text is found by the index term "peseschkian". Used by the background (which window of
 * the text to send) and by the popup (which words to mark). Never produces HTML: callers render runs as nodes.
 */
import { foldCodePoint, isWordCodePoint } from '../text/normalize';

/** `text` folded code point by code point, with `map[i]` = the offset in `text` of folded character `i`. */
export interface Folded {
  folded: string;
  /** One entry per folded UTF-16 unit, plus one for the end (`text.length`). */
  map: number[];
}

/** Characters outside ASCII (whose folding may change the length). */
const NON_ASCII = /[^\x00-\x7f]/g;

/** ASCII folded as `foldCodePoint` folds it, one character to one: lower case, control white space to a space, ` to '. */
const foldAscii = (s: string): string => s.toLowerCase().replace(/[\t\n\v\f\r]/g, ' ').replace(/`/g, "'");

export function foldWithMap(text: string): Folded {
  // Runs of ASCII at once (each character its own offset), the other code points one by one.
  const parts: string[] = [];
  const map: number[] = [];
  let i = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); ; m = NON_ASCII.exec(text)) {
    const stop = m ? m.index : text.length;
    if (stop > i) {
      parts.push(foldAscii(text.slice(i, stop)));
      for (let k = i; k < stop; k++) map.push(k);
    }
    if (!m) break;
    const cp = text.codePointAt(stop)!;
    const f = foldCodePoint(cp);
    for (let k = 0; k < f.length; k++) map.push(stop);
    parts.push(f);
    i = stop + (cp > 0xffff ? 2 : 1);
    NON_ASCII.lastIndex = i;
  }
  map.push(text.length);
  return { folded: parts.join(''), map };
}

/** A character other than printable ASCII, or the back quote (which folds to an apostrophe). */
const NOT_PLAIN_ASCII = /[^\x20-\x5f\x61-\x7e]/;

function startsWord(s: string, at: number): boolean {
  if (at === 0) return true;
  const prev = s.codePointAt(at - 1)!;
  // A low surrogate before `at`: look at the whole code point.
  const cp = prev >= 0xdc00 && prev <= 0xdfff && at >= 2 ? s.codePointAt(at - 2)! : prev;
  return !isWordCodePoint(cp);
}

/**
 * Ranges of `text` (original offsets) where one of the folded `terms` occurs, sorted and merged. Terms shorter
 * than two characters are ignored. With `wordStart`, only occurrences that begin a word count.
 *
 * @example
 * matchRanges('Peseschkián met Putin', ['peseschkian']) // => [[0, 11]]
 */
export function matchRanges(text: string, terms: string[], wordStart = false, given?: Folded): Array<[number, number]> {
  const words = [...new Set(terms.filter((x) => x.length > 1))];
  // Printable ASCII but the back quote folds to its lower case, character for character: a text in which no term
  // occurs once lowered is not folded at all (most quotes an event's sources are looked through for).
  if (!given && !NOT_PLAIN_ASCII.test(text)) {
    const lower = text.toLowerCase();
    if (!words.some((w) => lower.includes(w))) return [];
  }
  const folded = given ?? foldWithMap(text);
  const out: Array<[number, number]> = [];
  for (const w of words) {
    for (let at = folded.folded.indexOf(w); at !== -1; at = folded.folded.indexOf(w, at + 1)) {
      if (wordStart && !startsWord(folded.folded, at)) continue;
      out.push([folded.map[at]!, folded.map[at + w.length]!]);
    }
  }
  out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Splits `text` into runs, marking every occurrence of a folded term. */
export function splitMarked(text: string, terms: string[]): Array<{ text: string; mark: boolean }> {
  const ranges = matchRanges(text, terms);
  if (!ranges.length) return [{ text, mark: false }];
  const out: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) out.push({ text: text.slice(at, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    at = b;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

const CHUNK = 2048;

/**
 * The first word-initial occurrence of a folded term in `text` (else the first occurrence anywhere), folding
 * only as far as needed: a long article whose match is near the top costs no more than a short one.
 */
export function firstMatch(text: string, terms: string[]): [number, number] | null {
  const words = terms.filter((x) => x.length > 1);
  if (!words.length) return null;
  const longest = Math.max(...words.map((w) => w.length));
  let anywhere: [number, number] | null = null;
  for (let from = 0; from < text.length; ) {
    // Start a little early so a term across the chunk boundary is seen, and never inside a surrogate pair.
    let a = Math.max(0, from - longest - 1);
    if (a > 0 && /[\uDC00-\uDFFF]/.test(text[a]!)) a--;
    const b = Math.min(text.length, from + CHUNK);
    const chunk = text.slice(a, b);
    const folded = foldWithMap(chunk);
    const ranges = matchRanges(chunk, words, true, folded);
    if (ranges.length) return [ranges[0]![0] + a, ranges[0]![1] + a];
    if (!anywhere) {
      const any = matchRanges(chunk, words, false, folded)[0];
      if (any) anywhere = [any[0] + a, any[1] + a];
    }
    from = b;
  }
  return anywhere;
}

/**
 * `text` with every run of white space one space, trimmed: `text.replace(/\s+/g, ' ').trim()`, without replacing
 * the single spaces that are most of a text's white space.
 */
export function collapseSpace(text: string): string {
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/**
 * A window of about `width` characters of `text` around the first word that starts with a matched term (else
 * the first occurrence anywhere, else the start), cut at white space, with "…" where text was left out.
 *
 * @example
 * snippetAround('… a long text … where Shoigu met …', ['shoigu'], 40)
 */
export function snippetAround(text: string, terms: string[], width = 160): string {
  const clean = collapseSpace(text);
  if (clean.length <= width) return clean;
  const first = firstMatch(clean, terms);
  const hit = first ? first[0] : 0;
  // Start about a quarter of the window before the hit, so the reader sees what leads up to it.
  let start = Math.max(0, Math.min(hit - Math.floor(width / 4), clean.length - width));
  let end = Math.min(clean.length, start + width);
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    if (space !== -1 && space < hit) start = space + 1;
  }
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > Math.max(start, first ? first[1] : start)) end = space;
  }
  return `${start > 0 ? '…' : ''}${clean.slice(start, end)}${end < clean.length ? '…' : ''}`;
}

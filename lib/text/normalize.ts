/**
 * The one normaliser of Backstory. Build time (index, gazetteer), the page (content script) and the popup
 * (search) all fold text through these functions, so that an alias, a page and a query agree on what a
 * character is.
 *
 * Folding, per code point: NFKC, lower case, diacritics removed (NFD then marks dropped), curly apostrophes
 * to `'`, hyphen variants to `-`, Arabic ي/ى/ك to Persian ی/ک, every white space to one space, and format
 * characters (zero-width non-joiner, soft hyphen, zero-width space) removed.
 *
 * @example
 * normalize('Peseschkián’s') // => "peseschkian's"
 */

const MARK = /\p{M}/gu;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const FORMAT = /\p{Cf}/u;
const SPACE = /\s/u;

const SPECIAL: Record<string, string> = {
  '\u2019': "'", '\u2018': "'", '\u02BC': "'", '\u2032': "'", '`': "'", '\u00B4': "'",
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-',
  '\u064A': '\u06CC', '\u0649': '\u06CC', '\u0643': '\u06A9', '\u0629': '\u0647',
  '\u0640': '', // Arabic tatweel
  '\u0451': '\u0435', // ё → е (Russian writes both)
};

const cache = new Map<number, string>();

function foldSlow(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (SPACE.test(ch)) return ' ';
  if (FORMAT.test(ch)) return '';
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  let out = ch.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARK, '');
  if (out.length > 0 && out !== ch) {
    // NFKC may produce characters that themselves need a mapping (e.g. fullwidth apostrophe).
    let mapped = '';
    for (const c of out) mapped += SPECIAL[c] ?? (SPACE.test(c) ? ' ' : c);
    out = mapped;
  }
  return out;
}

/** Folds one code point. ASCII takes a fast path; other code points are computed once and cached. */
export function foldCodePoint(cp: number): string {
  if (cp < 128) {
    if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
    if (cp === 9 || cp === 10 || cp === 13 || cp === 12 || cp === 11) return ' ';
    if (cp === 96) return "'";
    return String.fromCharCode(cp);
  }
  let hit = cache.get(cp);
  if (hit === undefined) {
    hit = foldSlow(cp);
    cache.set(cp, hit);
  }
  return hit;
}

/** True for letters, digits and combining marks of any script: the characters words are made of. */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 128) {
    return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57);
  }
  return WORD.test(String.fromCodePoint(cp));
}

/**
 * True for characters of scripts written without spaces between words (Chinese Han, Japanese kana): a name in
 * them needs no word boundary ("俄罗斯和伊朗" names 俄罗斯 and 伊朗).
 */
export function isUnspacedCodePoint(cp: number): boolean {
  return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
}

/** Folds a whole string (aliases, queries); runs of white space become one space, ends trimmed. */
export function normalize(text: string): string {
  let out = '';
  let lastSpace = true;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    if (f === ' ') {
      if (!lastSpace) out += ' ';
      lastSpace = true;
    } else if (f !== '') {
      out += f;
      lastSpace = false;
    }
  }
  return out.endsWith(' ') ? out.slice(0, -1) : out;
}

/**
 * Splits text into normalised word tokens (letters, digits, marks), the tokenizer shared by the search index
 * at build time and at query time.
 */
export function tokenize(text: string): string[] {
  const norm = normalize(text);
  const tokens: string[] = [];
  let cur = '';
  for (const ch of norm) {
    if (WORD.test(ch)) cur += ch;
    else if (cur) {
      tokens.push(cur);
      cur = '';
    }
  }
  if (cur) tokens.push(cur);
  return tokens;
}

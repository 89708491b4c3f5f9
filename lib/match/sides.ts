/**
 * The quick reject (DESIGN.md, "the cold path"): whether a text can name both a Russia-side and an Iran-side
 * entity, answered with the browser's native string functions instead of the matcher, so that an off-topic page
 * (nearly every page) is left after one cheap pass, with the matcher never loaded.
 *
 * `npm run index` writes, per side, the pieces of each side alias (data/sides.json): its words (runs of letters
 * and digits) and its runs of Han. Wherever the matcher (lib/match/matcher.ts) finds an alias, the page's words
 * include each of its words (a name is matched only from a word start to a word end, or to a genitive -s, and a
 * word of the text ends where the matcher's words end), and its text each of its runs of Han. The text is prepared
 * natively (`prepareWords`): compatibility-decomposed (é is e and a mark, ﬁ is fi, Ａ is A), marks and the
 * matcher's ignorable characters removed, lower-cased, the few letters whose folding differs mapped (Arabic
 * ي ى ك ة, ʼ), Han and kana set apart (the matcher needs no word boundary next to them), then split into words.
 * So a side with no key among the words is a side the matcher cannot find. The check may find more (a key is
 * one word of a longer name; an acronym in any case); more only costs a full scan. A text holding a character
 * whose prepared form would not line up with its folding, or would move a word boundary (`bail`: ㎞ is one
 * symbol to the matcher and "km" prepared), gets no quick answer: the full scan decides.
 *
 * tests/unit/match/sides.test.ts checks every code point's prepared form against its folding, and the check
 * against the matcher on real pages and random text.
 */
import { foldCodePoint, isUnspacedCodePoint, isWordCodePoint } from '../text/normalize';
import { PieceText } from '../text/pieces';
import type { MatcherTable } from './types';

export interface SidePatterns {
  version: 4;
  /** Per side: the aliases that are one word (most), and the others. */
  russia: SideKeys;
  iran: SideKeys;
  /**
   * One alternation of every one-word alias of ASCII letters and digits and every first word of a `rows` entry, of
   * both sides (grouped by first letter): the check runs it once over a text, as the engine's own loop.
   */
  scan: string;
  /** The longest piece of any entry (how long a stretch between ignorable characters is read, `ignorableWords`). */
  longest: number;
  /** A character class: a text with one of these gets no quick answer. */
  bail: string;
  /** Letters mapped before splitting: pairs of (prepared, folded) characters. */
  map: string;
}

/**
 * One side's keys, each list sorted (looked up by binary search: the content script turns none into objects up
 * front). `words`: the aliases that are one word (no Han). An alias of several pieces is written as its words and
 * runs of Han (marked `~`) separated by spaces; for an alias of several words and no Han, then a tab and a pattern
 * of the words in a row (each separator as the prepared characters that fold to it). `rows`: those with a pattern
 * whose first word is of ASCII letters and digits (tried where the scan finds that word); `entries`: the others.
 * The side may be named where a word is a word of the text, or where an entry has all its pieces in the text (and
 * its row, if it has one).
 */
export interface SideKeys {
  words: string[];
  rows: string[];
  entries: string[];
}

/** What preparing removes: combining marks, the matcher's ignorable format characters, Arabic tatweel. */
const STRIPPED = /[\p{M}\u00AD\u200B-\u200F\u2060\u0640]+/gu;
/**
 * The matcher's ignorable characters: skipped inside a name (Pu\u00ADtin is Putin) but a word boundary after a
 * genitive -s. A text with one is read both ways (removed, and as a space).
 */
const IGNORABLE = /[\u00AD\u200B-\u200F\u2060]/gu;
const HAS_IGNORABLE = /[\u00AD\u200B-\u200F\u2060]/u;
/** Han and kana (lib/text/normalize.ts, isUnspacedCodePoint). */
const UNSPACED_CLASS = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}';
const UNSPACED = new RegExp(`[${UNSPACED_CLASS}]+`, 'gu');
const HAS_UNSPACED = new RegExp(`[${UNSPACED_CLASS}]`, 'u');
const WORDS = /[\p{L}\p{N}]+/gu;
/** The marker ignorable characters are turned into while a text is prepared, and words that may hold it. */
const MARK = '\u0001';
const MARKS = /\u0001/g;
const MARKED_WORDS = /[\p{L}\p{N}\u0001]+/gu;

/** Compatibility decomposition, marks and ignorables removed, lower case. */
export function prepareText(text: string): string {
  return text.normalize('NFKD').replace(STRIPPED, '').toLowerCase();
}

const isWord = (ch: string): boolean => isWordCodePoint(ch.codePointAt(0)!);
const isUnspaced = (ch: string): boolean => isUnspacedCodePoint(ch.codePointAt(0)!);

/** A code point in a character class. */
function esc(cp: number): string {
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** Code points as a class body of ranges. */
function classBody(cps: number[]): string {
  const sorted = [...new Set(cps)].sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out += j > i ? `${esc(sorted[i]!)}-${esc(sorted[j]!)}` : esc(sorted[i]!);
    i = j + 1;
  }
  return out;
}

const UNASSIGNED = /^[\p{Cn}\p{Co}]$/u;

/**
 * Lines up every code point's prepared form with its folding, character by character: the bail characters (the
 * two differ in length, or the prepared form starts or ends with a word character of a spaced script where the
 * code point is none, which would join two words the matcher keeps apart) and the word characters whose folding
 * differs from their prepared form (the map).
 */
export function alignment(): { bail: number[]; map: Map<string, string>; conflicts: string[]; separators: Map<string, Set<number>> } {
  const bail: number[] = [];
  const map = new Map<string, string>();
  const separators = new Map<string, Set<number>>();
  const conflicts: string[] = [];
  const spacedWord = (ch: string | undefined): boolean => ch !== undefined && isWord(ch) && !isUnspaced(ch);
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    // Surrogates, unassigned and private-use code points, and the big blocks of Han ideographs and Hangul
    // syllables: each is its own folding and its own prepared form (Hangul: the same jamo both ways), all word
    // characters, so they line up and move no boundary.
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x20000 && cp <= 0x3ffff)) continue;
    const ch = String.fromCodePoint(cp);
    if (UNASSIGNED.test(ch)) continue;
    const f = [...foldCodePoint(cp)];
    const p = [...prepareText(ch)];
    const wordHere = isWordCodePoint(cp) && !isUnspacedCodePoint(cp);
    if (f.length !== p.length || (!wordHere && (spacedWord(p[0]) || spacedWord(p[p.length - 1])))) {
      bail.push(cp);
      continue;
    }
    // After the map, a prepared character must be a word character exactly when its folding is one, or the
    // text's words would not be the alias's words.
    if (p.some((c, k) => isWord(c) !== isWord(f[k]!) && !(c === '\u02bc' && f[k] === "'"))) {
      bail.push(cp);
      continue;
    }
    p.forEach((c, k) => {
      if (!isWord(f[k]!)) {
        let set = separators.get(f[k]!);
        if (!set) separators.set(f[k]!, (set = new Set()));
        set.add(c.codePointAt(0)!);
      }
      if (c === f[k] || !isWord(c)) return;
      const prev = map.get(c);
      if (prev !== undefined && prev !== f[k]) conflicts.push(`${c} → ${prev} or ${f[k]}`);
      map.set(c, f[k]!);
    });
  }
  return { bail, map, conflicts, separators };
}

/** The words of a folded alias and its runs of Han, in order. */
function pieces(folded: string): Array<{ text: string; han: boolean }> {
  const out: Array<{ text: string; han: boolean }> = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    let run = '';
    let han = false;
    for (const ch of m[0]) {
      if (isUnspaced(ch) !== han && run) {
        out.push({ text: run, han });
        run = '';
      }
      han = isUnspaced(ch);
      run += ch;
    }
    if (run) out.push({ text: run, han });
  }
  return out;
}

/**
 * What the text must hold wherever the matcher finds this folded alias: its words (each a word of the text, or
 * with a genitive -s) and its runs of Han (each in the text), runs of Han marked `~`. Null for an alias the
 * matcher never finds (one not starting with a word character).
 */
export function aliasKeys(folded: string): string[] | null {
  if (!folded || !isWord([...folded][0]!)) return null;
  return pieces(folded).map((p) => (p.han ? `${HAN_MARK}${p.text}` : p.text));
}

/** Marks a piece that is a run of Han (looked for in the text, not among its words). */
const HAN_MARK = '~';

/** Compiles the side aliases of a matcher table (build time: `npm run index`; deterministic). */
export function sidePatterns(table: MatcherTable): SidePatterns {
  const { bail, map, conflicts, separators } = alignment();
  if (conflicts.length) throw new Error(`sides: prepared letters with two foldings: ${conflicts.join(', ')}`);
  /** An alias of several words as a pattern of its words in a row, each separator as the prepared characters folding to it. */
  const row = (folded: string): string => {
    let out = START_SOURCE;
    for (const m of folded.matchAll(/([\p{L}\p{N}]+)|([^\p{L}\p{N}]+)/gu)) {
      if (m[1]) out += m[1];
      else for (const c of m[2]!) out += `[${classBody([...(separators.get(c) ?? [c.codePointAt(0)!])])}]${c === ' ' ? '+' : ''}`;
    }
    return `${out}s?${END_SOURCE}`;
  };
  const keys = (side: 'russia' | 'iran'): SideKeys => {
    const out = new Map<string, string>();
    for (const [folded, e] of table.aliases) {
      if (table.entities[e]!.side !== side) continue;
      const k = aliasKeys(folded);
      if (!k) continue;
      const key = k.join(' ');
      // Several words and no Han: checked in a row too (a tab, then its pattern).
      out.set(k.length > 1 && !k.some((p) => p.startsWith(HAN_MARK)) ? `${key}\t${row(folded)}` : key, key);
    }
    // An alias holding a one-word alias's word adds nothing: the one word is found wherever the longer name is.
    const single = new Set([...out.values()].filter((k) => !k.includes(' ')));
    const kept = [...out.keys()].filter((entry) => !entry.includes(' ') || !out.get(entry)!.split(' ').some((p) => single.has(p))).sort();
    const isWordKey = (entry: string): boolean => !entry.includes(' ') && !entry.startsWith(HAN_MARK);
    const isRow = (entry: string): boolean => entry.includes('\t') && ASCII_KEY.test(entry.slice(0, entry.indexOf(' ')));
    return { words: kept.filter(isWordKey), rows: kept.filter((e) => !isWordKey(e) && isRow(e)), entries: kept.filter((e) => !isWordKey(e) && !isRow(e)) };
  };
  const russia = keys('russia');
  const iran = keys('iran');
  const pieceLengths = [russia, iran].flatMap((k) => [...k.words, ...[...k.rows, ...k.entries].flatMap((e) => e.split('\t')[0]!.split(' '))]).map((x) => x.length);
  // The check reads a text of ASCII only as it is, lower-cased (`SideCheck.sides`): no ASCII character may bail or be mapped.
  if (bail.some((cp) => cp < 0x80) || [...map.keys()].some((c) => c.charCodeAt(0) < 0x80)) throw new Error('sides: an ASCII character bails or is mapped');
  const scanned = [russia, iran].flatMap((k) => [...k.words.filter((w) => ASCII_KEY.test(w)), ...k.rows.map((e) => e.slice(0, e.indexOf(' ')))]);
  return {
    version: 4,
    russia,
    iran,
    scan: grouped([...new Set(scanned)].sort()),
    longest: Math.max(0, ...pieceLengths),
    bail: `[${classBody(bail)}]`,
    map: [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, f]) => p + f).join(''),
  };
}

/** Where a name may start and end among the prepared words (Han and kana set apart as spaces). */
const START_SOURCE = '(?<![\\p{L}\\p{N}])';
const END_SOURCE = '(?![\\p{L}\\p{N}])';

/** What one text may name. */
export interface SidesNamed {
  russia: boolean;
  iran: boolean;
}

/** A text of ASCII only (prepared, it is itself lower-cased: no marks, ignorables, Han or bail characters). */
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_WORDS = /[a-z0-9]+/g;

/** An alias that is not one word: its pieces and, for several words in a row, its pattern (compiled when needed). */
interface Entry {
  pieces: string[];
  row: string | undefined;
  re?: RegExp;
  /** The pieces in the order they are cheapest to look up. */
  check: string[];
}

/**
 * The quick check the content script runs: `sides(text)` says which sides the matcher may find in the text, and
 * null when the text holds a bail character (no quick answer). Made on every page load: the constructor does nothing;
 * what the check reads (the scan pattern, the bail class, the map, the parsed entries) is made on first need.
 */
export class SideCheck {
  private entries: { russia: Entry[]; iran: Entry[] } | null = null;
  private bailRe: RegExp | null = null;
  private mapping: { re: RegExp; map: Map<string, string> } | null | undefined;
  private scanRe: RegExp | null = null;
  private readonly rowCache: { russia?: Map<string, Entry[]>; iran?: Map<string, Entry[]> } = {};

  constructor(private readonly p: SidePatterns) {}

  private get bail(): RegExp {
    return (this.bailRe ??= new RegExp(this.p.bail, 'u'));
  }

  private map(f: string): string {
    if (this.mapping === undefined) {
      const chars = [...this.p.map];
      const map = new Map<string, string>();
      for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i]!, chars[i + 1]!);
      this.mapping = map.size ? { re: new RegExp(`[${[...map.keys()].join('')}]`, 'gu'), map } : null;
    }
    const m = this.mapping;
    return m ? f.replace(m.re, (c) => m.map.get(c)!) : f;
  }

  /** The `entries` of each side, parsed (when a text has a word of another script or a run of Han). */
  private get parsed(): { russia: Entry[]; iran: Entry[] } {
    return (this.entries ??= { russia: this.p.russia.entries.map(entry), iran: this.p.iran.entries.map(entry) });
  }

  /**
   * The text as the entries are written: one form, or, when it holds ignorable characters, two (the ignorables
   * removed, and as spaces) and the words read between them (`ignorableWords`). The text is prepared once: the
   * ignorables become a marker first (preparing decomposes and never composes, so this is the same as replacing
   * them afterwards). A text of ASCII only is its own prepared form, lower-cased.
   */
  private prepared(text: string): { forms: string[]; extra: string[] } {
    if (!NON_ASCII.test(text)) return { forms: [text.toLowerCase()], extra: [] };
    const han = (f: string): string => (HAS_UNSPACED.test(f) ? `${f}\n${f.replace(UNSPACED, ' ')}` : f);
    if (!HAS_IGNORABLE.test(text)) return { forms: [han(this.map(prepareText(text)))], extra: [] };
    const marked = this.map(prepareText(text.replace(IGNORABLE, MARK)));
    return { forms: [han(marked.replace(MARKS, '')), han(marked.replace(MARKS, ' '))], extra: this.ignorableWords(marked) };
  }

  /**
   * A word with ignorable characters in it, read as the matcher may: an ignorable is skipped inside a name and is a
   * boundary where a name ends (Peskow\u00ADs\u200BA holds Peskows). So each stretch of the word from one ignorable
   * (or its start) to another (or its end) is a word too, with the ignorables inside it removed. `marked` is the
   * prepared text with each ignorable as the marker.
   */
  private ignorableWords(marked: string): string[] {
    const out: string[] = [];
    for (const m of marked.matchAll(MARKED_WORDS)) {
      const w = m[0];
      if (!w.includes(MARK)) continue;
      const cuts = [0];
      for (let i = 0; i < w.length; i++) if (w[i] === MARK) cuts.push(i);
      cuts.push(w.length);
      // Stretches between cuts, up to the longest piece of any alias with a genitive -s (longer ones cannot be a
      // key, so a word of many ignorables costs no more than its length times that).
      for (let a = 0; a < cuts.length; a++) {
        for (let b = a + 1; b < cuts.length; b++) {
          const piece = w.slice(cuts[a], cuts[b]).replace(MARKS, '');
          if (piece.length > this.p.longest + 1) break;
          if (piece) out.push(piece);
        }
      }
    }
    return out;
  }

  /** The words of a text as the entries are written (tests). */
  words(text: string): Set<string> {
    const { forms, extra } = this.prepared(text);
    return new Set([...forms.flatMap((f) => f.match(WORDS) ?? []), ...extra]);
  }

  /**
   * Which sides the text may name; null when it holds a bail character (no quick answer).
   *
   * Most of a page is ASCII, and preparing a whole text (decomposing, stripping marks, the Unicode word pattern)
   * costs several times what reading its ASCII words does. So, unless the text holds ignorable characters, only
   * its tokens with a non-ASCII character (a token runs between ASCII spaces and punctuation, which are word
   * boundaries before and after preparing) are prepared, each in place, and the rest is only lower-cased: the
   * same prepared text as the whole text's (`general`, tests), made from its few non-ASCII tokens. Tokens whose
   * prepared form is Latin (decomposed letters, marks, punctuation) are read without any Unicode-property pattern,
   * whose compilation alone would cost a cold page load more than the whole check of a small page. The words of
   * ASCII letters are read by one pattern of the keys (`SidePatterns.scan`), run by the engine over the text.
   */
  sides(text: string, general = false): SidesNamed | null {
    const ascii = !NON_ASCII.test(text);
    let all: string;
    /** Words the ASCII pattern over `all` cannot see whole: words with a non-ASCII letter, and ignorable stretches. */
    let more: string[] = [];
    /** The ignorable stretches (`ignorableWords`), one a line: words no form of the text holds whole. */
    let stretches = '';
    let han = false;
    if (ascii) all = text.toLowerCase();
    else if (general || HAS_IGNORABLE.test(text)) {
      if (this.bail.test(text)) return null;
      const { forms, extra } = this.prepared(text);
      all = forms.length === 1 ? forms[0]! : forms.join('\n');
      han = HAS_UNSPACED.test(all);
      more = [...(all.match(WORDS) ?? []), ...extra];
      stretches = extra.join('\n');
    } else {
      const t = this.tokens(text);
      if (!t) return null;
      ({ all, more, han } = t);
    }
    const out: SidesNamed = { russia: false, iran: false };
    /** Marks the sides of which `w` (or `w` less a genitive -s) is a one-word alias. */
    const word = (w: string): void => {
      for (const side of SIDES) {
        if (out[side]) continue;
        const words = this.p[side].words;
        if (sortedHas(words, w) || (w.length > 1 && w.charCodeAt(w.length - 1) === 115 && sortedHas(words, w.slice(0, -1)))) out[side] = true;
      }
    };
    // One pass of one pattern, run by the engine, over the words of ASCII letters: every one-word alias (or with a
    // genitive -s) and every first word of a name written in a row (then tried there).
    const scan = (target: string, rows: boolean): void => {
      const re = (this.scanRe ??= new RegExp(`(?<![a-z0-9])(?:${this.p.scan})s?(?![a-z0-9])`, 'g'));
      re.lastIndex = 0;
      for (let m = re.exec(target); m && !(out.russia && out.iran); m = re.exec(target)) {
        word(m[0]);
        if (rows) for (const side of SIDES) if (!out[side] && this.rowsFrom(side, m[0]).some((e) => rowAt(e, target, m!.index))) out[side] = true;
      }
    };
    scan(all, true);
    if (stretches) scan(stretches, false);
    // Words with a non-ASCII letter are among `more` only (the rest of the text is ASCII, read by the scan).
    for (const w of more) if (!(out.russia && out.iran)) word(w);
    // The other names of several pieces hold a run of Han or a word of another script: only a text with one can name them.
    if (more.length || han) {
      const moreSet = new Set(more);
      // A word may stand with a genitive -s (Putins). ASCII words are looked up among all the text's words (made once).
      let words: Set<string> | null = null;
      const has = (piece: string): boolean => {
        if (piece.charCodeAt(0) === 126) return han && all.includes(piece.slice(1));
        const set = !NON_ASCII.test(piece) ? (words ??= new Set([...(all.match(ASCII_WORDS) ?? []), ...more])) : moreSet;
        return set.has(piece) || set.has(`${piece}s`);
      };
      for (const side of SIDES) {
        if (out[side]) continue;
        next: for (const e of this.parsed[side]) {
          for (const piece of e.check) if (!has(piece)) continue next;
          if (!e.row || inRow(e, all)) {
            out[side] = true;
            break;
          }
        }
      }
    }
    return out;
  }

  /** A side's `rows` entries whose first word is `w` (parsed when first asked for). */
  private rowsFrom(side: 'russia' | 'iran', w: string): Entry[] {
    const cache = (this.rowCache[side] ??= new Map());
    let got = cache.get(w);
    if (!got) {
      got = [];
      const rows = this.p[side].rows;
      const prefix = `${w} `;
      for (let i = lowerBound(rows, prefix); i < rows.length && rows[i]!.startsWith(prefix); i++) got.push(entry(rows[i]!));
      cache.set(w, got);
    }
    return got;
  }

  /**
   * The prepared text of a text without ignorable characters, from its tokens that hold a non-ASCII character (each
   * prepared in place; the rest is ASCII and only lower-cased), and the words of those tokens. Null when a token
   * holds a bail character.
   */
  private tokens(text: string): { all: string; more: string[]; han: boolean } | null {
    // The tokens, then all of them prepared at once, joined by NUL (a character each step leaves as it is and that
    // no step reads across), and put back in place between the lower-cased ASCII stretches.
    const tokens: string[] = [];
    const gaps: string[] = [];
    let last = 0;
    NON_ASCII_RUN.lastIndex = 0;
    for (let m = NON_ASCII_RUN.exec(text); m; m = NON_ASCII_RUN.exec(text)) {
      let a = m.index;
      let b = NON_ASCII_RUN.lastIndex;
      while (a > last && !isAsciiBoundary(text.charCodeAt(a - 1))) a--;
      while (b < text.length && !isAsciiBoundary(text.charCodeAt(b))) b++;
      NON_ASCII_RUN.lastIndex = b;
      gaps.push(text.slice(last, a));
      tokens.push(text.slice(a, b));
      last = b;
    }
    gaps.push(text.slice(last));
    const raw = tokens.join('\0');
    if (this.bail.test(raw)) return null;
    // Decomposed and lower-cased (for Latin, the same as prepareText's order: marks lower-case to themselves).
    const latin = latinPrepared(raw.normalize('NFKD').toLowerCase());
    const prepared = this.map(latin ?? prepareText(raw));
    const forms = prepared.split('\0');
    let all = gaps[0]!.toLowerCase();
    for (let i = 0; i < forms.length; i++) all += forms[i]! + gaps[i + 1]!.toLowerCase();
    // Their words that hold a non-ASCII letter (the others are words of `all`, which the scan reads).
    const more: string[] = latin !== null ? latinWords(prepared) : (prepared.match(WORDS) ?? []);
    const han = latin === null && HAS_UNSPACED.test(prepared);
    if (han) {
      // Each form is followed by itself with Han and kana set apart (the matcher needs no boundary next to them).
      all = `${all}\n${all.replace(UNSPACED, ' ')}`;
      for (const w of prepared.replace(UNSPACED, ' ').match(WORDS) ?? []) more.push(w);
    }
    return { all, more: more.filter((w) => NON_ASCII.test(w)), han };
  }
}

/**
 * A prepared token of Latin letters, their combining marks, punctuation and the symbols common on news pages
 * (currency signs, arrows, mathematical and technical symbols, box drawing, shapes, dingbats but their circled
 * digits, private use, the byte order mark): read without Unicode-property patterns. None of the symbols is a letter,
 * digit or mark, so the words are the same; but one euro sign used to send a page's tokens to the patterns, whose
 * compilation cost a new renderer process 3–6 ms each. `latinPrepared` is checked against `prepareText` for every
 * code point (tests/unit/match/sides.test.ts).
 */
const LATIN = /^[\x00-\u024f\u0300-\u036f\u2000-\u200a\u2010-\u205f\u20a0-\u20c0\u2190-\u23ff\u2500-\u2775\u2794-\u27bf\ue000-\uf8ff\ufeff]*$/;
/** The combining marks a Latin token decomposes into (the only marks in LATIN's ranges). */
const LATIN_MARKS = /[\u0300-\u036f]+/g;
/** Letters and digits among LATIN's characters, once lower-cased (× and ÷ are not letters; U+2000–U+205F holds none). */
const LATIN_WORDS = /[a-z0-9\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+/g;

/**
 * A text decomposed (NFKD) and lower-cased, prepared as `prepareText` would (its combining marks removed) when it
 * is Latin (`LATIN`); else null.
 */
export function latinPrepared(decomposed: string): string | null {
  return LATIN.test(decomposed) ? decomposed.replace(LATIN_MARKS, '') : null;
}

/** The words of a text `latinPrepared` made, as `[\p{L}\p{N}]+` finds them. */
export function latinWords(prepared: string): string[] {
  return prepared.match(LATIN_WORDS) ?? [];
}

const SIDES = ['iran', 'russia'] as const;

/** An entry as written in SidePatterns: its pieces, its row, and its pieces cheapest to look up first. */
function entry(e: string): Entry {
  const [key, row] = e.split('\t');
  const pieces = key!.split(' ');
  const cost = (piece: string): number => (piece.charCodeAt(0) === 126 ? 0 : NON_ASCII.test(piece) ? 1 : 2);
  return { pieces, row, check: [...pieces].sort((x, y) => cost(x) - cost(y)) };
}

/** The first index of a sorted list whose item is not below `x`. */
function lowerBound(list: readonly string[], x: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const sortedHas = (list: readonly string[], x: string): boolean => list[lowerBound(list, x)] === x;

const ASCII_KEY = /^[a-z0-9]+$/;

/** Words of ASCII letters and digits as one alternation, grouped by first letter (the engine tries fewer branches). */
function grouped(words: string[]): string {
  const by = new Map<string, string[]>();
  for (const w of words) {
    const list = by.get(w[0]!) ?? [];
    list.push(w.slice(1));
    by.set(w[0]!, list);
  }
  // Longer first within a group, so that a word is not cut short by one of its prefixes (the look-ahead backtracks anyway).
  return [...by].map(([c, tails]) => `${c}(?:${tails.sort((x, y) => y.length - x.length).join('|')})`).join('|');
}

/** Whether an entry's pattern matches where its first word starts, at `at` (no letter or digit before it). */
function rowAt(e: Entry, all: string, at: number): boolean {
  if (at > 0 && wordBefore(all, at)) return false;
  // The pattern without its look-behind and look-ahead (checked here): no Unicode property to compile on a page load.
  // Its last word may take a genitive -s greedily: where an "s" follows, a letter follows without it too.
  e.re ??= new RegExp(e.row!.slice(START_SOURCE.length, -END_SOURCE.length), 'uy');
  e.re.lastIndex = at;
  return e.re.test(all) && !wordAt(all, e.re.lastIndex);
}

/**
 * Whether the text holds an entry's words in a row, as its pattern says. The pattern starts with a look-behind (no
 * letter or digit before the name), which a regular expression engine tries at every position of a long text; so
 * the first word is found with `indexOf`, the character before it checked, and the rest of the pattern tried there.
 */
function inRow(e: Entry, all: string): boolean {
  const first = e.pieces[0]!;
  for (let i = all.indexOf(first); i >= 0; i = all.indexOf(first, i + 1)) if (rowAt(e, all, i)) return true;
  return false;
}

/**
 * Whether the code point at `i` is a letter or digit. Used on prepared text only, which holds no combining mark, so
 * the normaliser's word test (letters, digits, marks) is the patterns' `[\p{L}\p{N}]`.
 */
function wordAt(text: string, i: number): boolean {
  return i < text.length && isWordCodePoint(text.codePointAt(i)!);
}

/** Whether the code point before `i` is a letter or digit (prepared text, as `wordAt`). */
function wordBefore(text: string, i: number): boolean {
  const low = text.charCodeAt(i - 1);
  const pair = low >= 0xdc00 && low <= 0xdfff && i >= 2 && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff;
  return isWordCodePoint(text.codePointAt(pair ? i - 2 : i - 1)!);
}

/** Runs of non-ASCII characters. */
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
/** ASCII characters other than letters and digits: word boundaries as they are and once prepared. */
function isAsciiBoundary(c: number): boolean {
  return c < 0x80 && !isWordCodePoint(c);
}
/** Characters checked per step on a huge page; consecutive slices overlap so that no mention falls between two. */
const SIDE_SLICE = 32_768;
const SIDE_OVERLAP = 1_000;

/**
 * Which sides the text may name, slice by slice (yielding between slices, stopping once both are found), for a
 * caller that spreads a huge page over several tasks. Slices overlap by 1,000 characters, more than any alias
 * with the spaces and possessive the matcher allows in it (short of a name split by hundreds of spaces). A text
 * with a bail character counts as naming both. The text may come in pieces, and `head` (the page's title and a
 * line break) is checked as if it came before it: they are read as one text, never joined (joining copies a huge
 * page's text whole, and so does a slice of a joined string).
 */
export function* sideSteps(check: SideCheck, text: string | readonly string[], head = ''): Generator<void, SidesNamed, void> {
  const found = { russia: false, iran: false };
  // Read as one text, a slice at a time, never joined (a huge page's text: lib/text/pieces.ts).
  const whole = new PieceText([head, ...(typeof text === 'string' ? [text] : text)]);
  for (let from = 0; from < whole.length || from === 0; from += SIDE_SLICE) {
    if (from) yield;
    const named = check.sides(whole.slice(from, from + SIDE_SLICE + SIDE_OVERLAP));
    if (!named) return { russia: true, iran: true };
    found.russia ||= named.russia;
    found.iran ||= named.iran;
    if (found.russia && found.iran) break;
  }
  return found;
}

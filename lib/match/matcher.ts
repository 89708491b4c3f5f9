import { foldCodePoint, isUnspacedCodePoint, isWordCodePoint, normalize } from '../text/normalize';
import { FLAG_CASE_SENSITIVE, FLAG_DEMONYM, type MatcherTable, type Mention } from './types';

interface Hit {
  entity: number;
  flags: number;
  /** Original spelling, for case-sensitive aliases only. */
  original?: string;
  /** Whether the alias ends in a word character (then the text must not go on with one). */
  endsWord: boolean;
}

interface Node {
  next: Map<number, Node>;
  hits: Hit[] | null;
}

const newNode = (): Node => ({ next: new Map(), hits: null });

// Word-character class per UTF-16 code unit below 0x10000: 0 = not computed yet, 1 = word, 2 = not a word.
const wordClass = new Uint8Array(0x10000);
function isWordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0xd800 && c <= 0xdfff) return isWordCodePoint(text.codePointAt(c >= 0xdc00 && i > 0 ? i - 1 : i)!);
  let k = wordClass[c]!;
  if (k === 0) {
    k = isWordCodePoint(c) ? 1 : 2;
    wordClass[c] = k;
  }
  return k === 1;
}

/** A character of a script without spaces between words (Han, kana): no word boundary is needed next to it. */
function isUnspacedAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x3040) return false;
  if (c >= 0xd800 && c <= 0xdfff) return isUnspacedCodePoint(text.codePointAt(c >= 0xdc00 && i > 0 ? i - 1 : i)!);
  return isUnspacedCodePoint(c);
}

// First UTF-16 unit of each BMP character's folding, -1 when it folds to nothing; 0 = not computed yet.
const firstFoldedCache = new Int32Array(0x10000);
function firstFolded(c: number): number {
  let k = firstFoldedCache[c]!;
  if (k === 0) {
    const f = foldCodePoint(c);
    k = f.length ? f.charCodeAt(0) + 1 : -1;
    firstFoldedCache[c] = k;
  }
  return k === -1 ? -1 : k - 1;
}

/** Format characters (soft hyphen, zero-width joiners) vanish when folded and do not end a word. */
function isIgnorable(c: number): boolean {
  return c === 0xad || (c >= 0x200b && c <= 0x200f) || c === 0x2060 || c === 0xfeff;
}

/**
 * Finds gazetteer aliases in text in one left-to-right pass: whole words only (Latin, Cyrillic, Arabic
 * scripts; a Chinese or Japanese character needs no boundary next to it), leftmost-longest, never overlapping, with offsets into the original text. The same class runs at
 * build time, in the content script and in the CLI.
 *
 * @example
 * const m = new Matcher(table);
 * m.match('Putin’s visit to Tehran') // => [{entity: putin, start: 0, end: 7, ...}, {entity: tehran, start: 17, end: 23, ...}]
 */
export class Matcher {
  private readonly root: Node = newNode();
  private built = false;
  /**
   * Quick reject for ASCII text: `pairs[a * 128 + b]` is 1 when some alias starts with the folded ASCII units
   * a, b (or with a alone). A word whose first two characters make no such pair cannot start a mention.
   */
  private readonly pairs = new Uint8Array(128 * 128);

  /**
   * @param eager build the alias trie now (default); with `false` the caller runs `buildSteps()` first, spread
   * over several tasks (the content script, so that building it is never one long task on a page).
   */
  constructor(
    readonly table: MatcherTable,
    eager = true,
  ) {
    if (eager) for (const _ of this.buildSteps());
  }

  /** Builds the alias trie, yielding every `step` aliases; does nothing once built. */
  *buildSteps(step = 200): Generator<void, void, void> {
    if (this.built) return;
    this.built = true;
    const table = this.table;
    let count = 0;
    for (const [folded, entity, flags, original] of table.aliases) {
      if (++count % step === 0) yield;
      let node = this.root;
      for (let i = 0; i < folded.length; i++) {
        const c = folded.charCodeAt(i);
        let child = node.next.get(c);
        if (!child) {
          child = newNode();
          node.next.set(c, child);
        }
        node = child;
      }
      const a = folded.charCodeAt(0);
      if (a < 128) {
        const b = folded.length > 1 ? folded.charCodeAt(1) : -1;
        if (b >= 0 && b < 128) this.pairs[a * 128 + b] = 1;
        // A one-unit alias, or a second unit outside ASCII: every pair starting with `a` must be tried.
        else this.pairs.fill(1, a * 128, a * 128 + 128);
      }
      const last = folded.codePointAt(folded.length - 1)!;
      const hit: Hit = { entity, flags, endsWord: isWordCodePoint(last) && !isUnspacedCodePoint(last) };
      if (original !== undefined) hit.original = original;
      const hits = (node.hits ??= []);
      // Case-insensitive hits are tried before case-sensitive ones at the same node (each kind in table order).
      const firstSensitive = flags & FLAG_CASE_SENSITIVE ? -1 : hits.findIndex((h) => h.flags & FLAG_CASE_SENSITIVE);
      if (firstSensitive === -1) hits.push(hit);
      else hits.splice(firstSensitive, 0, hit);
    }
  }

  /** All mentions in `text`, in order. */
  match(text: string): Mention[] {
    const out: Mention[] = [];
    const n = text.length;
    const rootNext = this.root.next;
    const pairs = this.pairs;
    let prevWord = false;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const word = isWordAt(text, i);
      // In Han or kana a name may start at any character.
      const unspaced = word && c >= 0x3040 && isUnspacedAt(text, i);
      if ((word && !prevWord) || unspaced) {
        // Cheap reject: the first folded character must start some alias (unknown for a surrogate pair or a
        // character that folds to nothing, e.g. a combining mark: those are always tried).
        const first = c < 128 ? (c >= 65 && c <= 90 ? c + 32 : c) : c >= 0xd800 && c <= 0xdfff ? -1 : firstFolded(c);
        let maybe = first === -1 || rootNext.has(first);
        if (maybe && c < 128 && i + 1 < n) {
          // The second character, folded as matchAt folds it (ASCII only; anything else is tried in full).
          let d = text.charCodeAt(i + 1);
          if (d < 128) {
            if (d >= 65 && d <= 90) d += 32;
            else if (d === 9 || d === 10 || d === 13 || d === 12 || d === 11) d = 32;
            else if (d === 96) d = 39;
            maybe = pairs[first * 128 + d] === 1;
          }
        }
        if (maybe) {
          const m = this.matchAt(text, i);
          if (m) {
            out.push(m);
            i = m.end;
            prevWord = isWordAt(text, i - 1) && !isUnspacedAt(text, i - 1);
            continue;
          }
        }
      }
      if (!isIgnorable(c)) prevWord = word && !unspaced;
      i++;
    }
    return out;
  }

  /** The longest alias starting at `start`, if any ends on a word boundary. */
  private matchAt(text: string, start: number): Mention | null {
    const n = text.length;
    let node: Node | undefined = this.root;
    let best: Mention | null = null;
    let lastSpace = false;
    let j = start;
    walk: while (j < n) {
      const cp = text.codePointAt(j)!;
      const len = cp > 0xffff ? 2 : 1;
      if (cp < 128) {
        let f = cp >= 65 && cp <= 90 ? cp + 32 : cp;
        if (f === 9 || f === 10 || f === 13 || f === 12 || f === 11) f = 32;
        if (f === 96) f = 39;
        if (f === 32) {
          if (!lastSpace) {
            node = node.next.get(32);
            if (!node) break walk;
          }
          lastSpace = true;
        } else {
          node = node.next.get(f);
          if (!node) break walk;
          lastSpace = false;
        }
      } else {
        const folded = foldCodePoint(cp);
        for (let k = 0; k < folded.length; k++) {
          const f = folded.charCodeAt(k);
          if (f === 32) {
            if (lastSpace) continue;
            lastSpace = true;
          } else lastSpace = false;
          node = node.next.get(f);
          if (!node) break walk;
        }
      }
      j += len;
      if (node.hits && !lastSpace) {
        const m = this.accept(text, start, j, node.hits);
        if (m) best = m;
      }
    }
    return best;
  }

  private accept(text: string, start: number, end: number, hits: Hit[]): Mention | null {
    for (const hit of hits) {
      if (hit.flags & FLAG_CASE_SENSITIVE && !sameLetters(text.slice(start, end), hit.original!)) continue;
      let stop = end;
      // Skip format characters the alias did not spell out.
      while (stop < text.length && isIgnorable(text.charCodeAt(stop))) stop++;
      if (hit.endsWord && stop < text.length && isWordAt(text, stop) && !isUnspacedAt(text, stop)) {
        // A genitive or possessive -s directly after a name (Putins, Irans) still counts as the name.
        const s = text.charCodeAt(stop);
        if (!(hit.flags & (FLAG_CASE_SENSITIVE | FLAG_DEMONYM)) && s === 115 && !isWordAt(text, stop + 1) && !/s$/i.test(text.slice(start, end))) {
          return { entity: hit.entity, start, end: stop + 1, demonym: false };
        }
        continue;
      }
      // English possessive: Putin's / Putin’s.
      const a = text.charCodeAt(stop);
      if ((a === 39 || a === 0x2019) && text.charCodeAt(stop + 1) === 115 && !(stop + 2 < text.length && isWordAt(text, stop + 2))) {
        stop += 2;
      } else {
        stop = end;
      }
      return { entity: hit.entity, start, end: stop, demonym: (hit.flags & FLAG_DEMONYM) !== 0 };
    }
    return null;
  }
}

function sameLetters(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ') === b;
}

/** Folds a query or alias the way the matcher does: re-exported so that callers need one import. */
export { normalize };

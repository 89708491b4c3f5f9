import { foldCodePoint, isWordCodePoint, normalize } from '../text/normalize';
import { hitOf, insertHit, markPair, PackedTrie, type AliasTrie, type Hit, type PackedTable } from './packed';
import { FLAG_CASE_SENSITIVE, FLAG_DEMONYM, type EntityTable, type MatcherTable, type Mention } from './types';

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

/** Today's trie, built from the table's aliases when the matcher is made (the build, the CLI, the background). */
class MapTrie implements AliasTrie {
  readonly pairs = new Uint8Array(128 * 128);
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly hitList: Array<Hit[] | null> = [null];
  private built = false;

  constructor(private readonly table: MatcherTable) {}

  child(node: number, unit: number): number {
    return this.next[node]!.get(unit) ?? -1;
  }

  hits(node: number): readonly Hit[] | null {
    return this.hitList[node]!;
  }

  /** Builds the alias trie, yielding every `step` aliases; does nothing once built. */
  *buildSteps(step = 200): Generator<void, void, void> {
    if (this.built) return;
    this.built = true;
    let count = 0;
    for (const [folded, entity, flags, original] of this.table.aliases) {
      if (++count % step === 0) yield;
      let node = 0;
      for (let i = 0; i < folded.length; i++) {
        const c = folded.charCodeAt(i);
        let child = this.next[node]!.get(c);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.hitList.push(null);
          this.next[node]!.set(c, child);
        }
        node = child;
      }
      markPair(this.pairs, folded.charCodeAt(0), folded.length > 1 ? folded.charCodeAt(1) : -1);
      insertHit((this.hitList[node] ??= []), hitOf(folded, entity, flags, original));
    }
  }
}

/**
 * Finds gazetteer aliases in text in one left-to-right pass: whole words only (Latin, Cyrillic, Arabic
 * scripts), leftmost-longest, never overlapping, with offsets into the original text. The same class runs at
 * build time, in the content script and in the CLI. It walks either the trie built from the table's aliases
 * (`new Matcher(table)`) or the automaton `npm run index` precompiled (`new Matcher(packedTable)`, the content
 * script: nothing to build); both give the same mentions (tests/unit/match).
 *
 * @example
 * const m = new Matcher(table);
 * m.match('Putin’s visit to Tehran') // => [{entity: putin, start: 0, end: 7, ...}, {entity: tehran, start: 17, end: 23, ...}]
 */
export class Matcher {
  private readonly trie: AliasTrie;
  /** The entities mentions refer to (by index). */
  readonly table: EntityTable;

  /**
   * @param eager build the alias trie now (default); with `false` the caller runs `buildSteps()` first, spread
   * over several tasks. A packed table has nothing to build.
   */
  constructor(table: MatcherTable | PackedTable, eager = true) {
    this.table = { entities: table.entities };
    if ('automaton' in table) this.trie = new PackedTrie(table.automaton);
    else {
      this.trie = new MapTrie(table);
      if (eager) for (const _ of this.buildSteps());
    }
  }

  /** Builds the alias trie from the table, yielding every `step` aliases; nothing to do once built or packed. */
  *buildSteps(step = 200): Generator<void, void, void> {
    if (this.trie instanceof MapTrie) yield* this.trie.buildSteps(step);
  }

  /** All mentions in `text`, in order. */
  match(text: string): Mention[] {
    const out: Mention[] = [];
    const n = text.length;
    const trie = this.trie;
    const pairs = trie.pairs;
    let prevWord = false;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const word = isWordAt(text, i);
      if (word && !prevWord) {
        // Cheap reject: the first folded character must start some alias (unknown for a surrogate pair or a
        // character that folds to nothing, e.g. a combining mark: those are always tried).
        const first = c < 128 ? (c >= 65 && c <= 90 ? c + 32 : c) : c >= 0xd800 && c <= 0xdfff ? -1 : firstFolded(c);
        let maybe = first === -1 || trie.child(0, first) !== -1;
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
            prevWord = isWordAt(text, i - 1);
            continue;
          }
        }
      }
      if (!isIgnorable(c)) prevWord = word;
      i++;
    }
    return out;
  }

  /** The longest alias starting at `start`, if any ends on a word boundary. */
  private matchAt(text: string, start: number): Mention | null {
    const n = text.length;
    const trie = this.trie;
    let node = 0;
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
            node = trie.child(node, 32);
            if (node === -1) break walk;
          }
          lastSpace = true;
        } else {
          node = trie.child(node, f);
          if (node === -1) break walk;
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
          node = trie.child(node, f);
          if (node === -1) break walk;
        }
      }
      j += len;
      const hits = lastSpace ? null : trie.hits(node);
      if (hits) {
        const m = this.accept(text, start, j, hits);
        if (m) best = m;
      }
    }
    return best;
  }

  private accept(text: string, start: number, end: number, hits: readonly Hit[]): Mention | null {
    for (const hit of hits) {
      if (hit.flags & FLAG_CASE_SENSITIVE && !sameLetters(text.slice(start, end), hit.original!)) continue;
      let stop = end;
      // Skip format characters the alias did not spell out.
      while (stop < text.length && isIgnorable(text.charCodeAt(stop))) stop++;
      if (hit.endsWord && stop < text.length && isWordAt(text, stop)) {
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

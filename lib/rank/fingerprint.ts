/**
 * A text fingerprint that survives site chrome and partial copies: word 4-gram shingles of the folded text,
 * hashed (FNV-1a, 32 bit), keeping only the hashes divisible by SAMPLE (a fixed 1-in-8 sample, so a page and a
 * document sample the same shingles). The build ships each document's sample; the background compares the page's
 * sample with them to recognise the article being read (it is not its own backstory).
 */

const SHINGLE = 4;
const SAMPLE = 8;

const MARKS = /\p{M}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * The words of a text, lower-cased and without diacritics: a lighter fold than lib/text/normalize (native string
 * functions only, about ten times faster), used on both sides of every comparison the ranking makes.
 */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFD').replace(MARKS, '').split(NON_WORD).filter(Boolean);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The sampled shingle hashes of `text`, sorted and unique. */
export function fingerprint(text: string | string[]): number[] {
  const tokens = typeof text === 'string' ? words(text) : text;
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= tokens.length; i++) {
    // FNV-1a of the shingle's words joined by spaces, without building the joined string.
    let h = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE; j++) {
      if (j > i) h = Math.imul(h ^ 32, 0x01000193);
      const t = tokens[j]!;
      for (let c = 0; c < t.length; c++) h = Math.imul(h ^ t.charCodeAt(c), 0x01000193);
    }
    h >>>= 0;
    if (h % SAMPLE === 0) out.add(h);
  }
  return [...out].sort((a, b) => a - b);
}

/** The same hash as a whole string (kept for the test that the two agree). */
export function shingleHash(words: string[]): number {
  return fnv1a(words.join(' '));
}

/**
 * A fingerprint index as sorted columns: every (hash, document) pair, by hash then document, and each document's
 * id and sample size. Typed arrays, so that it is kept between wakes as it is (lib/rank/rank.ts `KeptRanking`)
 * and searched by binary search with nothing built.
 */
export interface PackedFingerprints {
  ids: string[];
  sizes: Uint32Array;
  hashes: Uint32Array;
  docs: Uint32Array;
}

/** The shipped fingerprints, inverted: hash → indexes of the documents that have it. Built once. */
export class FingerprintIndex {
  private readonly postings = new Map<number, number[]>();
  private readonly sizes: number[] = [];
  private shared: Uint32Array | null = null;
  /** When made from a packed index (`fromPacked`): its columns, searched instead of `postings`. */
  private packedFrom: PackedFingerprints | null = null;

  private readonly docs: Array<{ id: string; fingerprint: number[] }> = [];

  constructor(docs: ReadonlyArray<{ id: string; fingerprint: number[] }>) {
    for (const d of docs) this.add(d);
  }

  /** The index `packed` stands for (nothing is built). */
  static fromPacked(packed: PackedFingerprints): FingerprintIndex {
    const index = new FingerprintIndex([]);
    index.packedFrom = packed;
    return index;
  }

  /** The index as sorted columns (`fromPacked` gives it back). */
  packed(): PackedFingerprints {
    if (this.packedFrom) return this.packedFrom;
    // (hash, document) pairs as one number each (hash · 2^20 + document, exact in a double), sorted natively.
    const pairs = new Float64Array(this.sizes.reduce((n, s) => n + s, 0));
    let k = 0;
    for (const [h, list] of this.postings) for (const i of list) pairs[k++] = h * PAIR + i;
    pairs.sort();
    const hashes = new Uint32Array(pairs.length);
    const docs = new Uint32Array(pairs.length);
    pairs.forEach((x, j) => {
      hashes[j] = Math.floor(x / PAIR);
      docs[j] = x % PAIR;
    });
    return { ids: this.docs.map((d) => d.id), sizes: Uint32Array.from(this.sizes), hashes, docs };
  }

  /** Each document's fingerprint by id (a packed index gives them back from its pairs: hashes in order, as made). */
  fingerprints(): Map<string, number[]> {
    const p = this.packedFrom;
    if (!p) return new Map(this.docs.map((d) => [d.id, d.fingerprint]));
    const lists = p.ids.map((): number[] => []);
    for (let j = 0; j < p.hashes.length; j++) lists[p.docs[j]!]!.push(p.hashes[j]!);
    return new Map(p.ids.map((id, i) => [id, lists[i]!]));
  }

  /** One more document (the index build checks each library article against those before it). */
  add(d: { id: string; fingerprint: number[] }): void {
    if (this.packedFrom) throw new Error('a packed fingerprint index takes no more documents');
    const i = this.docs.length;
    this.docs.push(d);
    this.sizes.push(d.fingerprint.length);
    for (const h of d.fingerprint) {
      const list = this.postings.get(h);
      if (list) list.push(i);
      else this.postings.set(h, [i]);
    }
    this.shared = null;
  }

  /**
   * The document the page is a copy of (whole, or its first paragraphs, or inside site chrome), or null: the
   * one whose sample shares at least MIN_SHARED hashes and half of the smaller of the two samples.
   */
  match(page: number[]): string | null {
    const p = this.packedFrom;
    const sizes = p ? p.sizes : this.sizes;
    // Shared hashes per document, counted in a reused array (only the documents touched are visited and reset).
    const shared = (this.shared ??= new Uint32Array(sizes.length));
    const touched: number[] = [];
    const count = (i: number): void => {
      if (shared[i]!++ === 0) touched.push(i);
    };
    for (const h of page) {
      if (p) {
        for (let k = lowerBound(p.hashes, h); k < p.hashes.length && p.hashes[k] === h; k++) count(p.docs[k]!);
        continue;
      }
      const list = this.postings.get(h);
      if (list) for (const i of list) count(i);
    }
    let best = -1;
    let bestRatio = 0;
    for (const i of touched) {
      const n = shared[i]!;
      shared[i] = 0;
      if (n < MIN_SHARED) continue;
      const ratio = n / Math.min(page.length, sizes[i]!);
      if (ratio >= 0.5 && (best === -1 || ratio > bestRatio)) {
        best = i;
        bestRatio = ratio;
      }
    }
    if (best === -1) return null;
    return p ? p.ids[best]! : this.docs[best]!.id;
  }
}

/** A (hash, document) pair's hash part: documents are fewer than this. */
const PAIR = 2 ** 20;

/** The first place in sorted `list` whose value is `x` or more. */
function lowerBound(list: Uint32Array, x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MIN_SHARED = 3;

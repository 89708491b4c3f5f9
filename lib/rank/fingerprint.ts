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

/** The shipped fingerprints, inverted: hash → indexes of the documents that have it. Built once. */
export class FingerprintIndex {
  private readonly postings = new Map<number, number[]>();
  private readonly sizes: number[] = [];
  private shared: Uint32Array | null = null;

  private readonly docs: Array<{ id: string; fingerprint: number[] }> = [];

  constructor(docs: ReadonlyArray<{ id: string; fingerprint: number[] }>) {
    for (const d of docs) this.add(d);
  }

  /** One more document (the index build checks each library article against those before it). */
  add(d: { id: string; fingerprint: number[] }): void {
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
    // Shared hashes per document, counted in a reused array (only the documents touched are visited and reset).
    const shared = (this.shared ??= new Uint32Array(this.docs.length));
    const touched: number[] = [];
    for (const h of page) {
      const list = this.postings.get(h);
      if (!list) continue;
      for (const i of list) if (shared[i]!++ === 0) touched.push(i);
    }
    let best = -1;
    let bestRatio = 0;
    for (const i of touched) {
      const n = shared[i]!;
      shared[i] = 0;
      if (n < MIN_SHARED) continue;
      const ratio = n / Math.min(page.length, this.sizes[i]!);
      if (ratio >= 0.5 && (best === -1 || ratio > bestRatio)) {
        best = i;
        bestRatio = ratio;
      }
    }
    return best === -1 ? null : this.docs[best]!.id;
  }
}

const MIN_SHARED = 3;

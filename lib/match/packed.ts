/**
 * The matcher's alias trie, precompiled by `npm run index` into a few flat arrays (base64 in
 * data/matcher-packed.json) so that the content script starts matching at once: loading it decodes typed arrays,
 * it builds no object per alias or node.
 *
 * Layout: nodes are numbered breadth-first, each node's children in ascending order of their UTF-16 unit, so the
 * children of a node are consecutive. `labels[i]` is the unit on the edge into node i (an index into `alphabet`);
 * `louds` gives each node's child count in unary (that many 1 bits, then a 0; the level-order unary degree
 * sequence), from which the first child of every node follows; `terminal` has bit i set when aliases end at node
 * i; their hits follow in node order in `hitEntity`/`hitFlags` (a flag marks the last hit of a node), with the
 * original spelling of each case-sensitive hit in `originals`.
 */
import { isUnspacedCodePoint, isWordCodePoint } from '../text/normalize';
import { FLAG_CASE_SENSITIVE, type MatcherTable, type TableEntity } from './types';

/** Set on a hit whose alias ends in a word character (then the text must not go on with one). */
const HIT_ENDS_WORD = 4;
/** Set on the last hit of a node. */
const HIT_LAST = 8;

export interface PackedAutomaton {
  nodes: number;
  /** The distinct edge units, ascending. */
  alphabet: string;
  /** Bytes per label: 1 while the alphabet has at most 256 units, else 2 (little-endian). */
  labelBytes: 1 | 2;
  labels: string;
  louds: string;
  terminal: string;
  hitEntity: string;
  hitFlags: string;
  originals: string[];
}

/** What the content script loads: the entities (for the gate and the interface) and the automaton. */
export interface PackedTable {
  version: 2;
  entities: TableEntity[];
  automaton: PackedAutomaton;
}

/** One alias ending at a node: its entity, flags, and original spelling when case-sensitive. */
export interface Hit {
  entity: number;
  flags: number;
  original?: string;
  /** Whether the alias ends in a word character (then the text must not go on with one). */
  endsWord: boolean;
}

/** The trie the matcher walks: node 0 is the root. */
export interface AliasTrie {
  /** The child of `node` along the UTF-16 unit `unit`, or -1. */
  child(node: number, unit: number): number;
  /** The aliases ending at `node`, case-insensitive ones first (each kind in table order), or null. */
  hits(node: number): readonly Hit[] | null;
  /**
   * Quick reject for ASCII text: `pairs[a * 128 + b]` is 1 when some alias starts with the folded ASCII units
   * a, b (or with a alone). A word whose first two characters make no such pair cannot start a mention.
   */
  readonly pairs: Uint8Array;
}

/** Adds a hit to a node's list: case-insensitive hits before case-sensitive ones, each kind in table order. */
export function insertHit(hits: Hit[], hit: Hit): void {
  const firstSensitive = hit.flags & FLAG_CASE_SENSITIVE ? -1 : hits.findIndex((h) => h.flags & FLAG_CASE_SENSITIVE);
  if (firstSensitive === -1) hits.push(hit);
  else hits.splice(firstSensitive, 0, hit);
}

/** The hit of one table alias. */
/** Whether the text must not go on with a word character after this alias (never after Han or kana). */
function endsWithWord(folded: string): boolean {
  const last = folded.codePointAt(folded.length - 1)!;
  return isWordCodePoint(last) && !isUnspacedCodePoint(last);
}

export function hitOf(folded: string, entity: number, flags: number, original: string | undefined): Hit {
  const hit: Hit = { entity, flags, endsWord: endsWithWord(folded) };
  if (original !== undefined) hit.original = original;
  return hit;
}

/** Marks in `pairs` the ASCII pair (or row) an alias starting with these folded units needs. */
export function markPair(pairs: Uint8Array, a: number, b: number): void {
  if (a >= 128) return;
  if (b >= 0 && b < 128) pairs[a * 128 + b] = 1;
  // A one-unit alias, or a second unit outside ASCII: every pair starting with `a` must be tried.
  else pairs.fill(1, a * 128, a * 128 + 128);
}

// ---- Build time (npm run index).

interface BuildNode {
  next: Map<number, BuildNode>;
  hits: Hit[];
}

const toBase64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

class Bits {
  readonly bytes: Uint8Array;
  private n = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array((size + 7) >> 3);
  }
  push(bit: boolean): void {
    if (bit) this.bytes[this.n >> 3]! |= 1 << (this.n & 7);
    this.n++;
  }
}

/** Precompiles the table's aliases into the packed automaton (deterministic: same table, same output). */
export function packTable(table: MatcherTable): PackedTable {
  const root: BuildNode = { next: new Map(), hits: [] };
  for (const [folded, entity, flags, original] of table.aliases) {
    let node = root;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map(), hits: [] }));
      node = child;
    }
    insertHit(node.hits, hitOf(folded, entity, flags, original));
  }
  const order: BuildNode[] = [root];
  const label: number[] = [0];
  for (let i = 0; i < order.length; i++) {
    for (const [c, child] of [...order[i]!.next].sort((a, b) => a[0] - b[0])) {
      order.push(child);
      label.push(c);
    }
  }
  const alphabet = [...new Set(label)].sort((a, b) => a - b);
  const at = new Map(alphabet.map((c, i) => [c, i]));
  const labelBytes = alphabet.length <= 256 ? 1 : 2;
  const labels = new Uint8Array(order.length * labelBytes);
  label.forEach((c, i) => {
    const k = at.get(c)!;
    if (labelBytes === 1) labels[i] = k;
    else {
      labels[2 * i] = k & 255;
      labels[2 * i + 1] = k >> 8;
    }
  });
  const louds = new Bits(order.length * 2);
  const terminal = new Bits(order.length);
  const hitEntity: number[] = [];
  const hitFlags: number[] = [];
  const originals: string[] = [];
  for (const node of order) {
    for (let k = 0; k < node.next.size; k++) louds.push(true);
    louds.push(false);
    terminal.push(node.hits.length > 0);
    node.hits.forEach((h, k) => {
      hitEntity.push(h.entity & 255, h.entity >> 8);
      hitFlags.push(h.flags | (h.endsWord ? HIT_ENDS_WORD : 0) | (k === node.hits.length - 1 ? HIT_LAST : 0));
      if (h.original !== undefined) originals.push(h.original);
    });
  }
  return {
    version: 2,
    entities: table.entities,
    automaton: {
      nodes: order.length,
      alphabet: String.fromCharCode(...alphabet.slice(1)),
      labelBytes,
      labels: toBase64(labels),
      louds: toBase64(louds.bytes),
      terminal: toBase64(terminal.bytes),
      hitEntity: toBase64(Uint8Array.from(hitEntity)),
      hitFlags: toBase64(Uint8Array.from(hitFlags)),
      originals,
    },
  };
}

// ---- Run time (the content script).

/** Decodes base64: natively where the platform can (Chromium 140, Firefox 133), else byte by byte. */
function fromBase64(s: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(s);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The packed automaton as the matcher walks it: the labels stay the bytes they were shipped as (indexes into the
 * alphabet, which is in unit order, so children compare by index), and only what a walk needs at once is
 * derived when it loads (each node's first child, where each node's hits start); hits become objects only for
 * nodes a match reaches. Loading it is part of every page load: keep it a few flat loops.
 */
export class PackedTrie implements AliasTrie {
  readonly pairs = new Uint8Array(128 * 128);
  /** Alphabet index of each edge unit (0: not in the alphabet); the unit of each index. */
  private readonly indexOf: Uint8Array | Uint16Array;
  private readonly unitOf: Uint16Array;
  /** Alphabet index of the edge into node i. */
  private readonly label: Uint8Array | Uint16Array;
  /** Children of node i are first[i] .. first[i + 1] - 1. */
  private readonly first: Uint32Array;
  /** Index of the first hit of node i, -1 when none. */
  private readonly hitStart: Int32Array;
  private readonly hitEntity: Uint8Array;
  private readonly hitFlags: Uint8Array;
  /** Index of each hit's original spelling (case-sensitive hits only), -1 otherwise. */
  private readonly originalAt: Int32Array;
  private readonly originals: string[];
  private readonly cache = new Map<number, Hit[]>();

  constructor(p: PackedAutomaton) {
    const n = p.nodes;
    // The alphabet leaves out the root's label (0): index 0 is the root's, index k is alphabet[k - 1].
    const size = p.alphabet.length + 1;
    this.indexOf = size <= 256 ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
    this.unitOf = new Uint16Array(size);
    for (let k = 1; k < size; k++) {
      const unit = p.alphabet.charCodeAt(k - 1);
      this.indexOf[unit] = k;
      this.unitOf[k] = unit;
    }
    const labels = fromBase64(p.labels);
    if (p.labelBytes === 1) this.label = labels;
    else {
      const wide = new Uint16Array(n);
      for (let i = 0; i < n; i++) wide[i] = labels[2 * i]! | (labels[2 * i + 1]! << 8);
      this.label = wide;
    }
    // Node i's child count is a run of 1 bits ended by a 0: each 0 starts the next node's children.
    const louds = fromBase64(p.louds);
    const first = (this.first = new Uint32Array(n + 1));
    first[0] = 1;
    let child = 1;
    for (let bit = 0, node = 0; node < n; bit++) {
      if (louds[bit >> 3]! & (1 << (bit & 7))) child++;
      else first[++node] = child;
    }
    const terminal = fromBase64(p.terminal);
    this.hitFlags = fromBase64(p.hitFlags);
    this.hitEntity = fromBase64(p.hitEntity);
    this.hitStart = new Int32Array(n).fill(-1);
    this.originalAt = new Int32Array(this.hitFlags.length).fill(-1);
    let h = 0;
    let o = 0;
    for (let byte = 0; byte < terminal.length; byte++) {
      const bits = terminal[byte]!;
      // Most nodes end no alias: skip eight at a time.
      if (bits === 0) continue;
      for (let k = 0; k < 8; k++) {
        if (!(bits & (1 << k))) continue;
        this.hitStart[byte * 8 + k] = h;
        for (;;) {
          const f = this.hitFlags[h]!;
          if (f & FLAG_CASE_SENSITIVE) this.originalAt[h] = o++;
          h++;
          if (f & HIT_LAST) break;
        }
      }
    }
    this.originals = p.originals;
    // The ASCII pairs: every root child a, with each of its children b (or its whole row, see markPair).
    for (let a = first[0]!; a < first[1]!; a++) {
      const ua = this.unitOf[this.label[a]!]!;
      if (this.hitStart[a]! >= 0) markPair(this.pairs, ua, -1);
      for (let b = first[a]!; b < first[a + 1]!; b++) markPair(this.pairs, ua, this.unitOf[this.label[b]!]!);
    }
  }

  child(node: number, unit: number): number {
    const k = unit < 0x10000 ? this.indexOf[unit]! : 0;
    if (k === 0) return -1;
    let lo = this.first[node]!;
    let hi = this.first[node + 1]! - 1;
    const label = this.label;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = label[mid]!;
      if (c === k) return mid;
      if (c < k) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  hits(node: number): readonly Hit[] | null {
    const start = this.hitStart[node]!;
    if (start < 0) return null;
    let list = this.cache.get(node);
    if (!list) {
      list = [];
      for (let h = start; ; h++) {
        const f = this.hitFlags[h]!;
        const hit: Hit = { entity: this.hitEntity[2 * h]! | (this.hitEntity[2 * h + 1]! << 8), flags: f & 3, endsWord: (f & HIT_ENDS_WORD) !== 0 };
        if (this.originalAt[h]! >= 0) hit.original = this.originals[this.originalAt[h]!]!;
        list.push(hit);
        if (f & HIT_LAST) break;
      }
      this.cache.set(node, list);
    }
    return list;
  }
}

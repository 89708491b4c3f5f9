/**
 * A text kept in pieces and read as one, for the page's collected text: joining a huge page's pieces copies all of
 * it in one step that cannot be cut (10 MB: a task of 90–200 ms in Chromium, the longest of the content script's on
 * the benchmark's 10 MB page), while matching reads it a slice at a time anyway (lib/dom/scan.ts, `matchSteps`).
 */

/** What the matcher's steps read of a text: a string is one, and so is a `PieceText`. */
export interface TextLike {
  readonly length: number;
  slice(start?: number, end?: number): string;
  indexOf(searchString: string, position?: number): number;
}

export class PieceText implements TextLike {
  readonly length: number;
  /** `starts[i]` is the offset of `pieces[i]` in the text. */
  private readonly starts: number[] = [];

  constructor(private readonly pieces: readonly string[]) {
    let length = 0;
    for (const p of pieces) {
      this.starts.push(length);
      length += p.length;
    }
    this.length = length;
  }

  /** The characters from `start` to `end` (offsets within the text, as `String.prototype.slice` takes them). */
  slice(start = 0, end = this.length): string {
    const from = this.offset(start);
    const to = this.offset(end);
    let out = '';
    for (let i = this.pieceAt(from); from < to && i < this.pieces.length && this.starts[i]! < to; i++) {
      const at = this.starts[i]!;
      out += this.pieces[i]!.slice(Math.max(0, from - at), to - at);
    }
    return out;
  }

  /** Where one character is found first from `position` on, or -1 (one character only: all a line end needs). */
  indexOf(searchString: string, position = 0): number {
    if (searchString.length !== 1) throw new Error(`PieceText.indexOf looks for one character, not ${JSON.stringify(searchString)}`);
    const from = Math.min(Math.max(0, Math.trunc(position) || 0), this.length);
    for (let i = this.pieceAt(from); i < this.pieces.length; i++) {
      const at = this.starts[i]!;
      const found = this.pieces[i]!.indexOf(searchString, Math.max(0, from - at));
      if (found >= 0) return at + found;
    }
    return -1;
  }

  /** An offset as `String.prototype.slice` reads it: negative from the end, clamped to the text. */
  private offset(x: number): number {
    const n = Math.trunc(x) || 0;
    return n < 0 ? Math.max(0, this.length + n) : Math.min(n, this.length);
  }

  /** The last piece starting at or before `offset` (0 for an empty text). */
  private pieceAt(offset: number): number {
    return Math.max(0, lastAtOrBefore(this.starts, offset));
  }
}

/** The index of the last of ascending `starts` at or before `offset` (binary search; 0 when none is). */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

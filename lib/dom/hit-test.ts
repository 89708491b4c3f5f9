/**
 * Hit-testing highlights. Highlights are not elements, so a pointer position is turned into a caret (text node +
 * offset) and looked up among the registered mention ranges.
 */

export interface HitRange {
  startNode: Node;
  startOffset: number;
  endNode: Node;
  endOffset: number;
}

/** Caret at a viewport point: standard `caretPositionFromPoint`, else WebKit/Blink `caretRangeFromPoint`. */
export function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (typeof d.caretPositionFromPoint === 'function') {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  if (typeof d.caretRangeFromPoint === 'function') {
    const r = d.caretRangeFromPoint(x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : null;
  }
  return null;
}

/**
 * An index from text nodes to the ranges that touch them, for O(ranges in that node) look-ups.
 */
export class HitIndex<T extends HitRange> {
  private readonly byNode = new Map<Node, T[]>();

  constructor(ranges: T[], nodesBetween: (r: T) => Node[]) {
    for (const r of ranges) {
      for (const n of nodesBetween(r)) {
        const list = this.byNode.get(n) ?? [];
        list.push(r);
        this.byNode.set(n, list);
      }
    }
  }

  /** The range containing the caret, if any. A caret at a range's end belongs to it only inside one node. */
  find(node: Node, offset: number): T | null {
    const list = this.byNode.get(node);
    if (!list) return null;
    for (const r of list) {
      const afterStart = node !== r.startNode || offset >= r.startOffset;
      const beforeEnd = node !== r.endNode || offset < r.endOffset;
      if (afterStart && beforeEnd) return r;
    }
    return null;
  }

  /** The range under a viewport point, checking the caret's character box so that end-of-line gaps do not hit. */
  at(doc: Document, x: number, y: number): T | null {
    const caret = caretAt(doc, x, y);
    if (!caret) return null;
    const hit = this.find(caret.node, caret.offset) ?? (caret.offset > 0 ? this.find(caret.node, caret.offset - 1) : null);
    if (!hit) return null;
    // Confirm the point is inside the glyph boxes of the hit (carets snap to the nearest text).
    const range = doc.createRange();
    range.setStart(hit.startNode, hit.startOffset);
    range.setEnd(hit.endNode, hit.endOffset);
    for (const rect of range.getClientRects()) {
      if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) return hit;
    }
    return null;
  }
}

/** The sections of a page: the text between two headings is one section. */
import { runToEnd } from './collect';

/**
 * What a heading is, one selector a query: a query of one tag name is the browser's fast path (a walk comparing tag
 * names), while a list of selectors is matched selector by selector on every element (on a huge page, most of a
 * long task).
 */
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', '[role="heading"]'];

/** Every heading of the page in document order, as one query of `h1, h2, …, [role="heading"]` would list them. */
export function headings(doc: Document): Element[] {
  return runToEnd(headingSteps(doc));
}

/** `headings` as a resumable walk: each query (a walk of the whole page) is a step of its own. */
export function* headingSteps(doc: Document): Generator<void, Element[], void> {
  const lists: Element[][] = [];
  for (const [i, sel] of HEADINGS.entries()) {
    if (i > 0) yield;
    const list = [...doc.querySelectorAll(sel)];
    if (list.length) lists.push(list);
  }
  // Each list is in document order: merged, the first of their heads each time (an element in two lists once).
  const at = lists.map(() => 0);
  const out: Element[] = [];
  for (;;) {
    let first = -1;
    for (let k = 0; k < lists.length; k++) {
      const head = lists[k]![at[k]!];
      if (!head) continue;
      if (first === -1) first = k;
      else if (lists[first]![at[first]!]!.compareDocumentPosition(head) & 2) first = k;
    }
    if (first === -1) return out;
    const next = lists[first]![at[first]!++]!;
    if (out[out.length - 1] !== next) out.push(next);
  }
}

/**
 * The section of each node, given in document order: the number of headings that come before it. Linear: one
 * walk along the nodes and the page's headings together.
 */
export function sectionIndexes(doc: Document, nodes: readonly Node[]): number[] {
  return runToEnd(sectionSteps(doc, nodes));
}

/** `sectionIndexes` as a resumable walk (the page's headings are found a query per step). */
export function* sectionSteps(doc: Document, nodes: readonly Node[]): Generator<void, number[], void> {
  const all = yield* headingSteps(doc);
  const out: number[] = [];
  let h = 0;
  for (const node of nodes) {
    // A heading counts once the node comes after it (or is inside it: a name in a heading opens its section).
    while (h < all.length && (all[h] === node || all[h]!.contains(node) || all[h]!.compareDocumentPosition(node) & 4)) h++;
    out.push(h);
  }
  return out;
}

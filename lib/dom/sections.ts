/** The sections of a page: the text between two headings is one section. */

const HEADINGS = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

/**
 * The section of each node, given in document order: the number of headings that come before it. Linear: one
 * walk along the nodes and the page's headings together.
 */
export function sectionIndexes(doc: Document, nodes: readonly Node[]): number[] {
  const headings = [...doc.querySelectorAll(HEADINGS)];
  const out: number[] = [];
  let h = 0;
  for (const node of nodes) {
    // A heading counts once the node comes after it (or is inside it: a name in a heading opens its section).
    while (h < headings.length && (headings[h] === node || headings[h]!.contains(node) || headings[h]!.compareDocumentPosition(node) & 4)) h++;
    out.push(h);
  }
  return out;
}

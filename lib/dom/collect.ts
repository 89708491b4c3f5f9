/**
 * Collects the visible text of a page's main content into one string, with a map back to the DOM text nodes.
 * Read-only: it never changes the page.
 *
 * Skipped: script, style, noscript, template, svg, form controls, <select> options, contenteditable regions,
 * elements marked hidden (attribute, aria-hidden, inline display:none), page-level nav/header/footer chrome and
 * Backstory's own UI. Block elements are separated by a newline so that words of two paragraphs never join;
 * inline elements are not (`Pu<b>tin</b>` reads "Putin"). Open shadow roots of web components are read too.
 */
import { lastAtOrBefore, PieceText, type TextLike } from '../text/pieces';
import type { Zone } from '../topic/zone';

export interface PageText {
  text: string;
  /** With the option `pieces`: the text in pieces, in order, never joined (`text` is then empty). */
  pieces?: string[];
  /** With the option `pieces`: the pieces read as one text (`textOf`). */
  source?: PieceText;
  nodes: Text[];
  /** `starts[i]` is the offset of `nodes[i]` in `text`. */
  starts: number[];
  /** Zone of each node. */
  zones: Zone[];
}

const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO', 'IFRAME', 'OBJECT',
  'INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'OPTGROUP', 'BUTTON', 'DATALIST', 'HEAD', 'TITLE', 'NAV', 'DIALOG',
]);
const CHROME = new Set(['HEADER', 'FOOTER', 'ASIDE', 'FORM']);
const BLOCK = new Set([
  'P', 'DIV', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BR', 'HR', 'TR', 'TD', 'TH',
  'TABLE', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'FIGCAPTION', 'ADDRESS', 'HEADER', 'FOOTER',
  'ASIDE', 'CAPTION', 'SUMMARY', 'DETAILS', 'LABEL', 'LEGEND', 'FIELDSET', 'IMG', 'PICTURE',
]);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'dialog', 'alert']);

export interface CollectOptions {
  /** Elements never to read (Backstory's own shadow host). */
  exclude?: Element | null;
  /** Stop after this many characters (huge pages are read in chunks by the caller). */
  maxChars?: number;
  /** Zone and article context of `root` itself (for a subtree added to the page later). */
  zone?: Zone;
  inArticle?: boolean;
  /** Mark the first body text as the lead (a whole page; not for a subtree added later). */
  lead?: boolean;
  /** Only the text (the quick reject): `nodes`, `starts` and `zones` are left empty. */
  textOnly?: boolean;
  /** The text left in pieces (`pieces`): joining a huge page's text copies all of it in one step. */
  pieces?: boolean;
}

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return style !== null && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Text pieces joined into one while collecting. */
const JOIN_EVERY = 4096;

/** The attributes the collector's rules look at: an element with none of them needs no attribute read. */
const RULE_ATTRIBUTES = ['[hidden]', '[aria-hidden]', '[style]', '[contenteditable]', '[role]'];
/** The same as one selector list (a shadow root's few elements are matched with it at once). */
const RULE_SELECTOR = RULE_ATTRIBUTES.join(',');

/** Whether the collector never reads inside `el` on its own account (not counting its ancestors). */
function skipsElement(el: Element, exclude: Element | null, flagged: Set<Element> | null = null): boolean {
  if (SKIP.has(el.tagName) || el === exclude) return true;
  // Reading attributes one by one is the walk's main cost on large pages: most elements have none of these.
  if (flagged ? !flagged.has(el) : !el.hasAttributes()) return false;
  if (isHidden(el)) return true;
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable !== 'false') return true;
  const role = el.getAttribute('role');
  return role !== null && CHROME_ROLES.has(role);
}

/**
 * Where a subtree added to the page later sits: null when the collector would not read it at all (inside a
 * script, form control, hidden or editable element, page chrome, or Backstory's own UI), else its zone.
 */
export function contextOf(el: Element, exclude: Element | null = null): { zone: Zone; inArticle: boolean } | null {
  const chain: Element[] = [];
  for (let e: Element | null = el; e; e = e.parentElement) chain.push(e);
  if (chain[chain.length - 1]?.tagName !== 'HTML' && !el.isConnected) return null;
  let zone: Zone = 'body';
  let inArticle = false;
  // Walk down from the top, applying the collector's rules in order.
  for (let i = chain.length - 1; i >= 0; i--) {
    const e = chain[i]!;
    if (e.tagName === 'HTML' || e.tagName === 'BODY') continue;
    if (skipsElement(e, exclude)) return null;
    const tag = e.tagName;
    const role = e.getAttribute('role');
    const article: boolean = inArticle || tag === 'ARTICLE' || tag === 'MAIN' || role === 'main';
    if (CHROME.has(tag) || role === 'complementary') {
      if (!inArticle && (tag === 'HEADER' || tag === 'FOOTER' || tag === 'FORM')) return null;
      if (tag === 'ASIDE' || role === 'complementary' || tag === 'FOOTER' || tag === 'FORM') zone = 'aside';
    } else if (tag === 'H1' && zone !== 'aside') zone = 'title';
    inArticle = article;
  }
  return { zone, inArticle };
}

interface Frame {
  next: Node | null;
  zone: Zone;
  inArticle: boolean;
  block: boolean;
}

/**
 * The collector as a resumable walk: yields every `step` nodes so that a caller can spread a huge page over
 * several tasks, and returns the collected text. `collectText` runs it to the end at once.
 */
export function* collectSteps(root: Element | null, options: CollectOptions = {}, step = 400): Generator<void, PageText, void> {
  const out: PageText = { text: '', nodes: [], starts: [], zones: [] };
  if (!root) return out;
  const parts: string[] = [];
  const chunks: string[] = [];
  let length = 0;
  let lastNewline = true;
  const max = options.maxChars ?? Infinity;
  const exclude = options.exclude ?? null;
  const textOnly = options.textOnly === true;
  const newline = (): void => {
    if (!lastNewline) {
      parts.push('\n');
      length += 1;
      lastNewline = true;
    }
  };
  // An explicit stack instead of recursion: deeply nested pages cannot overflow the call stack.
  const stack: Frame[] = [{ next: root.firstChild, zone: options.zone ?? 'body', inArticle: options.inArticle ?? false, block: false }];
  // Native selector queries find every element whose attributes matter (shadow roots are added on entry): one per
  // attribute, each a step of its own, since a list of selectors is matched selector by selector on every element
  // (one query of the five was a long task on a huge page). An element that gains such an attribute while a long
  // walk is under way is read as it was at the start. (A DOM whose selector engine recurses, as some test DOMs do,
  // may fail on a very deep tree: then every element is checked on its own.)
  let flagged: Set<Element> | null = new Set<Element>();
  try {
    for (const [i, attribute] of RULE_ATTRIBUTES.entries()) {
      if (i > 0) yield;
      for (const el of root.querySelectorAll(attribute)) flagged.add(el);
    }
  } catch {
    flagged = null;
  }
  let visited = 0;
  while (stack.length && length < max) {
    const top = stack[stack.length - 1]!;
    const child = top.next;
    if (!child) {
      stack.pop();
      if (top.block) newline();
      continue;
    }
    top.next = child.nextSibling;
    if (++visited % step === 0) yield;
    const type = child.nodeType;
    if (type === 3) {
      const data = (child as Text).data;
      if (data.length === 0) continue;
      if (!textOnly) {
        out.nodes.push(child as Text);
        out.starts.push(length);
        out.zones.push(top.zone);
      }
      parts.push(data);
      // Joined as it goes, a few thousand pieces at a time: one join of a huge page's every piece is a long task.
      if (parts.length >= JOIN_EVERY) {
        chunks.push(parts.join(''));
        parts.length = 0;
      }
      length += data.length;
      lastNewline = data.charCodeAt(data.length - 1) === 10;
    } else if (type === 1) {
      const e = child as Element;
      if (skipsElement(e, exclude, flagged)) continue;
      const tag = e.tagName;
      const role = (flagged ? flagged.has(e) : e.hasAttributes()) ? e.getAttribute('role') : null;
      let childZone = top.zone;
      const article = top.inArticle || tag === 'ARTICLE' || tag === 'MAIN' || role === 'main';
      if (CHROME.has(tag) || role === 'complementary') {
        if (!top.inArticle && (tag === 'HEADER' || tag === 'FOOTER' || tag === 'FORM')) continue;
        if (tag === 'ASIDE' || role === 'complementary' || tag === 'FOOTER' || tag === 'FORM') childZone = 'aside';
      } else if (tag === 'H1') childZone = top.zone === 'aside' ? 'aside' : 'title';
      const block = BLOCK.has(tag);
      if (block) newline();
      // A slot with nodes assigned shows those (read with the host's light children), not its fallback.
      const slotted = tag === 'SLOT' && (e as HTMLSlotElement).assignedNodes().length > 0;
      stack.push({ next: slotted ? null : e.firstChild, zone: childZone, inArticle: article, block });
      const shadow = e.shadowRoot;
      if (shadow) {
        if (flagged) for (const el of shadow.querySelectorAll(RULE_SELECTOR)) flagged.add(el);
        // An open shadow root (a web component's own content) is read first, then the light children; it is
        // its own block, so that no mention spans two trees (a highlight range must stay in one tree).
        newline();
        stack.push({ next: shadow.firstChild, zone: childZone, inArticle: article, block: true });
      }
    }
  }
  // Joining a huge page's text copies it (10 MB: tens of ms): a step of its own, not on top of 400 nodes' walk.
  if (visited >= step) yield;
  chunks.push(parts.join(''));
  if (options.pieces) {
    out.pieces = chunks;
    out.source = new PieceText(chunks);
  }
  else out.text = chunks.join('');
  if (options.lead !== false) markLead(out);
  return out;
}

/** The collected text, joined or in pieces (the option `pieces`), as the matcher's steps read it. */
export const textOf = (page: PageText): TextLike => page.source ?? page.text;

/** Runs a resumable step function to the end in one go. */
export function runToEnd<T>(gen: Generator<void, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** Reads `root` (default: the body) and returns its text with the node map. */
export function collectText(root: Element | null, options: CollectOptions = {}): PageText {
  return runToEnd(collectSteps(root, options));
}

/** The first ~600 characters of body text after the title are the lead. */
function markLead(page: PageText): void {
  const firstBody = page.zones.indexOf('body');
  if (firstBody < 0) return;
  const limit = page.starts[firstBody]! + 600;
  for (let i = firstBody; i < page.nodes.length && page.starts[i]! < limit; i++) {
    if (page.zones[i] === 'body') page.zones[i] = 'lead';
  }
}

/** Index of the node containing text offset `offset` (binary search over `starts`). */
export function nodeIndexAt(page: PageText, offset: number): number {
  return lastAtOrBefore(page.starts, offset);
}

/** A DOM range for `[start, end)` of the collected text. */
export function rangeFor(page: PageText, start: number, end: number): StaticRange | null {
  if (page.nodes.length === 0 || end <= start) return null;
  const a = nodeIndexAt(page, start);
  const b = nodeIndexAt(page, end - 1);
  const startNode = page.nodes[a]!;
  const endNode = page.nodes[b]!;
  return new StaticRange({
    startContainer: startNode,
    startOffset: start - page.starts[a]!,
    endContainer: endNode,
    endOffset: end - page.starts[b]!,
  });
}

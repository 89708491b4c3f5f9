/**
 * Highlights with the CSS Custom Highlight API: the page's DOM is never touched. One named highlight per entity
 * type and style, and one for the quiet style (names and rules: lib/highlight/css.ts).
 *
 * On web pages the rules are a stylesheet the manifest injects with the content script before the page is built
 * (`css: 'shipped'`): adopting a stylesheet later makes the browser restyle the whole page, which on a huge page
 * is one long task. An extension page (the reader) adopts them itself (`css: 'adopt'`, a constructed stylesheet:
 * no element added).
 */
import { highlightCss, highlightName, HIGHLIGHT_PREFIX, QUIET, QUIET_FLAT, type HighlightKey } from '../highlight/css';
import type { HighlightStyle } from '../settings';

export { HIGHLIGHT_PREFIX, QUIET, QUIET_FLAT, type HighlightKey };

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

export interface LayerOptions {
  /** `shipped`: the rules are already on the page (the manifest's stylesheet); `adopt` (default): adopt them. */
  css?: 'shipped' | 'adopt';
}

/**
 * Backstory's highlights on one document: `set` shows exactly the given ranges, `add` adds to what is shown (a page
 * painted in batches), `clear` removes them all (and the adopted stylesheet, if any).
 */
export class HighlightLayer {
  private sheet: CSSStyleSheet | null = null;
  private readonly shown = new Map<string, Highlight>();

  constructor(
    private readonly doc: Document,
    private readonly style: HighlightStyle,
    private readonly options: LayerOptions = {},
  ) {}

  /** Shows exactly these ranges (per type, or quiet); returns the number registered. */
  set(byKey: ReadonlyMap<HighlightKey, readonly AbstractRange[]>): number {
    if (!highlightsSupported()) return 0;
    const keep = new Set([...byKey].filter(([, ranges]) => ranges.length).map(([key]) => highlightName(key, this.style)));
    for (const name of this.shown.keys()) {
      if (keep.has(name)) continue;
      CSS.highlights.delete(name);
      this.shown.delete(name);
    }
    let n = 0;
    for (const [key, ranges] of byKey) {
      if (!ranges.length) continue;
      const name = highlightName(key, this.style);
      const h = new Highlight(...ranges);
      this.register(name, h);
      n += ranges.length;
    }
    return n;
  }

  /** Adds these ranges to the ones shown; returns the number added. */
  add(byKey: ReadonlyMap<HighlightKey, readonly AbstractRange[]>): number {
    if (!highlightsSupported()) return 0;
    let n = 0;
    for (const [key, ranges] of byKey) {
      if (!ranges.length) continue;
      const name = highlightName(key, this.style);
      const h = this.shown.get(name);
      if (h) for (const r of ranges) h.add(r);
      else this.register(name, new Highlight(...ranges));
      n += ranges.length;
    }
    return n;
  }

  clear(): void {
    if (!highlightsSupported()) return;
    for (const name of this.shown.keys()) CSS.highlights.delete(name);
    this.shown.clear();
    const sheet = this.sheet;
    if (sheet) this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== sheet);
    this.sheet = null;
  }

  private register(name: string, h: Highlight): void {
    if (!this.sheet && this.options.css !== 'shipped') {
      this.sheet = new CSSStyleSheet();
      this.sheet.replaceSync(highlightCss());
      this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, this.sheet];
    }
    CSS.highlights.set(name, h);
    this.shown.set(name, h);
  }
}

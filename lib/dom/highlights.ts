/**
 * Highlights with the CSS Custom Highlight API: the page's DOM is never touched. One named highlight per entity
 * type, and one for the quiet style (lib/highlight/density.ts); the colours live in a constructed stylesheet adopted by the document (not subject to the page's CSP,
 * and no element is added).
 */
import type { EntityType } from '../match/types';
import type { HighlightStyle } from '../settings';

export const HIGHLIGHT_PREFIX = 'backstory-';

const COLOURS: Record<EntityType, { light: string; dark: string }> = {
  person: { light: 'rgba(255, 196, 0, 0.35)', dark: 'rgba(255, 210, 64, 0.35)' },
  organisation: { light: 'rgba(0, 160, 255, 0.25)', dark: 'rgba(90, 190, 255, 0.32)' },
  country: { light: 'rgba(0, 190, 120, 0.25)', dark: 'rgba(60, 220, 150, 0.30)' },
  place: { light: 'rgba(120, 200, 0, 0.28)', dark: 'rgba(150, 220, 60, 0.30)' },
  weapon: { light: 'rgba(255, 80, 80, 0.28)', dark: 'rgba(255, 110, 110, 0.34)' },
  agreement: { light: 'rgba(170, 90, 255, 0.26)', dark: 'rgba(190, 130, 255, 0.34)' },
  event: { light: 'rgba(255, 130, 0, 0.26)', dark: 'rgba(255, 160, 60, 0.32)' },
};

/** The quiet style (common names at their first mention): a thin dotted underline in a muted colour. */
export const QUIET = 'quiet';
const QUIET_CSS = `::highlight(${HIGHLIGHT_PREFIX}${QUIET}) { text-decoration: underline 1px dotted rgba(85, 91, 102, 0.9); text-underline-offset: 3px; }\n@media (prefers-color-scheme: dark) { ::highlight(${HIGHLIGHT_PREFIX}${QUIET}) { text-decoration: underline 1px dotted rgba(180, 184, 191, 0.9); text-underline-offset: 3px; } }`;

export function highlightCss(style: HighlightStyle): string {
  return QUIET_CSS + '\n' + (Object.keys(COLOURS) as EntityType[])
    .map((type) => {
      const c = COLOURS[type];
      const rule = (colour: string): string =>
        style === 'underline'
          ? `text-decoration: underline 2px ${colour.replace(/0\.\d+\)$/, '0.95)')}; text-underline-offset: 2px;`
          : `background-color: ${colour};`;
      return `::highlight(${HIGHLIGHT_PREFIX}${type}) { ${rule(c.light)} }\n@media (prefers-color-scheme: dark) { ::highlight(${HIGHLIGHT_PREFIX}${type}) { ${rule(c.dark)} } }`;
    })
    .join('\n');
}

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

/**
 * Backstory's highlights on one document: one named highlight per entity type, replaced as a whole when the
 * mentions change (a page that grows), removed by `clear`. The colour sheet is adopted on first use and removed
 * with the highlights.
 */
export class HighlightLayer {
  private sheet: CSSStyleSheet | null = null;
  private readonly names = new Set<string>();

  constructor(
    private readonly doc: Document,
    private readonly style: HighlightStyle,
  ) {}

  /** Shows exactly these ranges (per type); returns the number registered. */
  set(byType: Map<EntityType | typeof QUIET, AbstractRange[]>): number {
    if (!highlightsSupported()) return 0;
    if (!this.sheet) {
      this.sheet = new CSSStyleSheet();
      this.sheet.replaceSync(highlightCss(this.style));
      this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, this.sheet];
    }
    let n = 0;
    for (const name of this.names) if (!byType.has(name.slice(HIGHLIGHT_PREFIX.length) as EntityType | typeof QUIET)) CSS.highlights.delete(name);
    this.names.clear();
    for (const [type, ranges] of byType) {
      if (!ranges.length) continue;
      const name = HIGHLIGHT_PREFIX + type;
      CSS.highlights.set(name, new Highlight(...ranges));
      this.names.add(name);
      n += ranges.length;
    }
    return n;
  }

  clear(): void {
    if (!highlightsSupported()) return;
    for (const n of this.names) CSS.highlights.delete(n);
    this.names.clear();
    const sheet = this.sheet;
    if (sheet) this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== sheet);
    this.sheet = null;
  }
}

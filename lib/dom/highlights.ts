/**
 * Highlights with the CSS Custom Highlight API: the page's DOM is never touched. One named highlight per entity
 * type; the colours live in a constructed stylesheet adopted by the document (not subject to the page's CSP,
 * and no element is added).
 */
import type { EntityType } from '../match/types';

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

export type HighlightStyle = 'background' | 'underline';

export function highlightCss(style: HighlightStyle): string {
  return (Object.keys(COLOURS) as EntityType[])
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
 * Registers ranges per entity type; returns the undo. Adopts the colour sheet into `doc` once.
 */
export function registerHighlights(doc: Document, byType: Map<EntityType, AbstractRange[]>, style: HighlightStyle): () => void {
  if (!highlightsSupported()) return () => {};
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(highlightCss(style));
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const names: string[] = [];
  for (const [type, ranges] of byType) {
    if (!ranges.length) continue;
    const name = HIGHLIGHT_PREFIX + type;
    const existing = CSS.highlights.get(name);
    if (existing) for (const r of ranges) existing.add(r);
    else CSS.highlights.set(name, new Highlight(...ranges));
    names.push(name);
  }
  return () => {
    for (const n of names) CSS.highlights.delete(n);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}

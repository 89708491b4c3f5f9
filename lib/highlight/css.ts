/**
 * The highlights' names and colours (platform-neutral: the build writes the same rules into the stylesheet the
 * manifest ships with the content script, and lib/dom/highlights.ts registers ranges under these names).
 *
 * One named highlight per entity type and paint style, and one for the quiet style (lib/highlight/density.ts).
 * The two styles have names of their own (`backstory-person` paints a background, `backstory-underline-person`
 * an underline), so that every rule can be in one static stylesheet that is on the page before it has anything
 * to restyle: switching the style is registering the ranges under other names, never a new stylesheet.
 */
import type { EntityType } from '../match/types';
import type { HighlightStyle } from '../settings';

export const HIGHLIGHT_PREFIX = 'backstory-';

/** The quiet style (common names at their first mention): a thin dotted underline in a muted colour. */
export const QUIET = 'quiet';

/**
 * The quiet style on a huge page: a faint tint instead of the underline, for which Chromium recomputes the whole
 * page's overflow at every change to the highlights (30–50 ms of one frame on a 10 MB page, lib/content/paint.ts).
 */
export const QUIET_FLAT = 'quiet-flat';

/** What a highlight paints: the mentions of one entity type, or the quiet ones. */
export type HighlightKey = EntityType | typeof QUIET | typeof QUIET_FLAT;

/** The stylesheet the manifest injects with the content script (wxt.config.ts writes it at build time). */
export const HIGHLIGHT_CSS_FILE = 'content-scripts/highlights.css';

const COLOURS: Record<EntityType, { light: string; dark: string }> = {
  person: { light: 'rgba(255, 196, 0, 0.35)', dark: 'rgba(255, 210, 64, 0.35)' },
  organisation: { light: 'rgba(0, 160, 255, 0.25)', dark: 'rgba(90, 190, 255, 0.32)' },
  country: { light: 'rgba(0, 190, 120, 0.25)', dark: 'rgba(60, 220, 150, 0.30)' },
  place: { light: 'rgba(120, 200, 0, 0.28)', dark: 'rgba(150, 220, 60, 0.30)' },
  weapon: { light: 'rgba(255, 80, 80, 0.28)', dark: 'rgba(255, 110, 110, 0.34)' },
  agreement: { light: 'rgba(170, 90, 255, 0.26)', dark: 'rgba(190, 130, 255, 0.34)' },
  event: { light: 'rgba(255, 130, 0, 0.26)', dark: 'rgba(255, 160, 60, 0.32)' },
};

/**
 * The registered name of a highlight: the quiet one is the same in both styles.
 *
 * @example
 * highlightName('person', 'background') // => 'backstory-person'
 * highlightName('person', 'underline') // => 'backstory-underline-person'
 */
export function highlightName(key: HighlightKey, style: HighlightStyle): string {
  return key === QUIET || key === QUIET_FLAT || style === 'background' ? HIGHLIGHT_PREFIX + key : `${HIGHLIGHT_PREFIX}underline-${key}`;
}

const rule = (name: string, light: string, dark: string): string =>
  `::highlight(${name}) { ${light} }\n@media (prefers-color-scheme: dark) { ::highlight(${name}) { ${dark} } }`;

/** Every `::highlight` rule of Backstory, both styles: one static stylesheet. */
export function highlightCss(): string {
  const quiet = (colour: string): string => `text-decoration: underline 1px dotted ${colour}; text-underline-offset: 3px;`;
  const out = [
    rule(highlightName(QUIET, 'background'), quiet('rgba(85, 91, 102, 0.9)'), quiet('rgba(180, 184, 191, 0.9)')),
    rule(highlightName(QUIET_FLAT, 'background'), 'background-color: rgba(85, 91, 102, 0.12);', 'background-color: rgba(180, 184, 191, 0.16);'),
  ];
  const underline = (colour: string): string => `text-decoration: underline 2px ${colour.replace(/0\.\d+\)$/, '0.95)')}; text-underline-offset: 2px;`;
  const background = (colour: string): string => `background-color: ${colour};`;
  for (const type of Object.keys(COLOURS) as EntityType[]) {
    const c = COLOURS[type];
    out.push(rule(highlightName(type, 'background'), background(c.light), background(c.dark)));
    out.push(rule(highlightName(type, 'underline'), underline(c.light), underline(c.dark)));
  }
  return out.join('\n') + '\n';
}

/**
 * What to paint: the reader's highlight density decides which mentions get highlighted and how. Pure: mentions (in
 * document order, each with the section it stands in) and a density in, a plan out. The topic gate never sees
 * this; it is handed every mention before any is left unpainted.
 *
 * - `story` (the default): the story's own names everywhere; the very common ones (the two countries, the United
 *   States, Moscow, ...: `common` in data/gazetteer.json) and news outlets only at their first mention in each
 *   section, in the quiet style.
 * - `first`: the first mention of every name in each section, in the full style.
 * - `all`: every mention, in the full style (Backstory's behaviour before the setting existed).
 */

export const DENSITIES = ['story', 'first', 'all'] as const;
export type Density = (typeof DENSITIES)[number];
export const DEFAULT_DENSITY: Density = 'story';

/** `full`: the entity type's colour; `quiet`: a thin underline that does not pull the eye. */
export type PaintStyle = 'full' | 'quiet';

export interface DensityMention {
  entity: { id: string; common?: boolean; outlet?: boolean };
  /** The section the mention stands in (mentions of one section share the key). */
  section: string | number;
}

export interface Painted<T> {
  mention: T;
  style: PaintStyle;
}

/** A mention's section: the headings before it; a sidebar or footer (zone `aside`) is a section of its own. */
export function sectionKey(headingsBefore: number, zone: string): string | number {
  return zone === 'aside' ? `aside:${headingsBefore}` : headingsBefore;
}

/** Whether a name is one a reader of the story sees everywhere (painted calmly by default). */
export function isCommon(entity: DensityMention['entity']): boolean {
  return entity.common === true || entity.outlet === true;
}

/**
 * The mentions to paint and their style, in the order given.
 *
 * @example
 * paintPlan([{ entity: russia, section: 0 }, { entity: russia, section: 0 }, { entity: shahed, section: 0 }], 'story')
 * // => [{ mention: russia₁, style: 'quiet' }, { mention: shahed, style: 'full' }]
 */
export function paintPlan<T extends DensityMention>(mentions: readonly T[], density: Density): Array<Painted<T>> {
  if (density === 'all') return mentions.map((mention) => ({ mention, style: 'full' }));
  const seen = new Set<string>();
  const out: Array<Painted<T>> = [];
  for (const mention of mentions) {
    const common = isCommon(mention.entity);
    if (density === 'story' && !common) {
      out.push({ mention, style: 'full' });
      continue;
    }
    const key = `${mention.section}\u0000${mention.entity.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ mention, style: density === 'story' ? 'quiet' : 'full' });
  }
  return out;
}

/**
 * The one short line that says why an item is in the sidebar, made from the terms of its own score (rank.ts):
 * "same claim: Iranian weapons for Russia's war in Ukraine · Shahed-136", "Kazan · BRICS". Through i18n.
 */
import { t as translate } from '../i18n';
import type { ItemKind, WhyPart } from './rank';

/** Entities that add less than this share of the strongest one's weight are not named. */
const SHARE = 0.3;

export interface WhyNames {
  entity: (id: string) => string | undefined;
  proposition: (id: string) => string | undefined;
}

export function whyLine(kind: ItemKind, why: WhyPart[], names: WhyNames, t: typeof translate = translate): string {
  const parts: string[] = [];
  const prop = why.filter((p) => p.kind === 'proposition').sort((a, b) => b.value - a.value)[0];
  const label = prop && names.proposition(prop.id);
  if (label) parts.push(t(kind === 'claim' ? 'whySameClaim' : 'whySameStory', label));
  const entities = why.filter((p): p is Extract<WhyPart, { kind: 'entity' }> => p.kind === 'entity');
  const top = entities[0]?.value ?? 0;
  for (const e of entities.slice(0, label ? 1 : 2)) {
    const name = names.entity(e.id);
    if (name && e.value >= SHARE * top) parts.push(name);
  }
  return parts.join(' · ');
}

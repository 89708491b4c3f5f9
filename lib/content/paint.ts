/**
 * Paints mentions as CSS highlights, one named highlight per entity type and one for the quiet style; which
 * mentions and in which style is the density's choice (lib/highlight/density.ts). `undo` removes them and their
 * sheet.
 */
import { rangeFor } from '../dom/collect';
import { HighlightLayer, QUIET } from '../dom/highlights';
import { sectionIndexes } from '../dom/sections';
import { paintPlan, sectionKey, type Density } from '../highlight/density';
import type { EntityType } from '../match/types';
import type { HighlightStyle } from '../settings';
import type { Found } from './mentions';

export interface Painter {
  paint: (visible: Found[]) => void;
  undo: () => void;
}

export function painter(doc: Document, style: HighlightStyle, density: Density): Painter {
  // Made on the first paint: a page that is never on topic gets no layer.
  let layer: HighlightLayer | null = null;
  return {
    paint: (visible) => {
      layer ??= new HighlightLayer(doc, style);
      const sections = sectionIndexes(doc, visible.map((f) => f.startNode));
      const plan = paintPlan(
        visible.map((f, i) => ({ f, entity: f.entity, section: sectionKey(sections[i]!, f.zm.zone) })),
        density,
      );
      const byType = new Map<EntityType | typeof QUIET, AbstractRange[]>();
      for (const { mention, style: how } of plan) {
        const f = mention.f;
        f.range ??= rangeFor(f.page, f.start, f.end);
        if (!f.range) continue;
        const key = how === 'quiet' ? QUIET : f.entity.type;
        const list = byType.get(key) ?? [];
        list.push(f.range);
        byType.set(key, list);
      }
      layer.set(byType);
    },
    undo: () => layer?.clear(),
  };
}

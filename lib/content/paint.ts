/** Paints mentions as CSS highlights, one named highlight per entity type; `undo` removes them and their sheet. */
import { rangeFor } from '../dom/collect';
import { HighlightLayer } from '../dom/highlights';
import type { EntityType } from '../match/types';
import type { HighlightStyle } from '../settings';
import type { Found } from './mentions';

export interface Painter {
  paint: (visible: Found[]) => void;
  undo: () => void;
}

export function painter(doc: Document, style: HighlightStyle): Painter {
  const layer = new HighlightLayer(doc, style);
  return {
    paint: (visible) => {
      const byType = new Map<EntityType, AbstractRange[]>();
      for (const f of visible) {
        f.range ??= rangeFor(f.page, f.start, f.end);
        if (!f.range) continue;
        const list = byType.get(f.entity.type) ?? [];
        list.push(f.range);
        byType.set(f.entity.type, list);
      }
      layer.set(byType);
    },
    undo: () => layer.clear(),
  };
}

/** The small card shown when the pointer rests on a highlighted name. */
import type { TableEntity } from '../match/types';
import { t } from '../i18n';

export interface CardInfo {
  entity: TableEntity;
  x: number;
  y: number;
  count: number;
  hint: string;
}

export function HoverCard(props: CardInfo) {
  const left = Math.min(props.x + 12, window.innerWidth - 310);
  const top = props.y + 18 > window.innerHeight - 90 ? props.y - 80 : props.y + 18;
  return (
    <div class="bs-card" role="tooltip" data-testid="hover-card" style={{ left: `${Math.max(4, left)}px`, top: `${top}px` }}>
      <strong>{props.entity.name}</strong> <span class="bs-meta">{t(`type_${props.entity.type}`)}</span>
      <div class="bs-meta">{t('cardMentions', props.count)}</div>
      <div class="bs-meta">{props.hint}</div>
    </div>
  );
}

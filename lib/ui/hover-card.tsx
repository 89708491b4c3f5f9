/**
 * The small card shown when the pointer rests on a highlighted name: name, type, role, and how much the index
 * knows (prior events and claims), saying so plainly when it knows little.
 */
import type { TableEntity } from '../match/types';
import { t } from '../i18n';
import { displayName, uiLang } from './names';

export interface CardInfo {
  entity: TableEntity;
  x: number;
  y: number;
  /** Mentions of this entity on the page. */
  count: number;
  /** The entity's first role in the sources, when the index has one. */
  role: string | null;
  /** Prior events and claims in the sidebar's payload; null while it loads. */
  events: number | null;
  claims: number | null;
}

export function HoverCard(props: CardInfo) {
  const view = globalThis.window;
  const left = Math.min(props.x + 12, (view?.innerWidth ?? 1024) - 310);
  const top = props.y + 18 > (view?.innerHeight ?? 768) - 120 ? props.y - 110 : props.y + 18;
  const loading = props.events === null || props.claims === null;
  const little = !loading && props.events === 0 && props.claims === 0 && !props.role;
  return (
    <div class="bs-card" role="tooltip" data-testid="hover-card" data-entity={props.entity.id} style={{ left: `${Math.max(4, left)}px`, top: `${Math.max(4, top)}px` }}>
      <strong>{displayName(props.entity, uiLang())}</strong> <span class="bs-meta">{t(`type_${props.entity.type}`)}</span>
      {props.role && <div class="bs-role">{props.role}</div>}
      <div class="bs-meta" data-testid="card-counts">
        {loading ? t('cardLoading') : t('cardCounts', props.events!, props.claims!)}
      </div>
      {little && <div class="bs-meta bs-little">{t('cardKnowsLittle')}</div>}
      <div class="bs-meta">{t('cardMentions', props.count)}</div>
      <div class="bs-meta">{t('cardHint')}</div>
    </div>
  );
}

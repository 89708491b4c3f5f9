/**
 * The small card shown when the pointer rests on a highlighted name: name, type, role, and how much the index
 * knows (prior events and claims), saying so plainly when it knows little. Built with the DOM alone (text only,
 * never markup), so the content script carries no UI library.
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

function el(doc: Document, tag: string, cls: string, text: string, testid?: string): HTMLElement {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (testid) e.dataset.testid = testid;
  e.textContent = text;
  return e;
}

/** The card for `props`, as a detached element of `doc` (placed with CSSOM, not a style attribute). */
export function hoverCard(doc: Document, props: CardInfo): HTMLElement {
  const view = doc.defaultView;
  const left = Math.min(props.x + 12, (view?.innerWidth ?? 1024) - 310);
  const top = props.y + 18 > (view?.innerHeight ?? 768) - 120 ? props.y - 110 : props.y + 18;
  const loading = props.events === null || props.claims === null;
  const little = !loading && props.events === 0 && props.claims === 0 && !props.role;
  const card = el(doc, 'div', 'bs-card', '', 'hover-card');
  card.setAttribute('role', 'tooltip');
  card.dataset.entity = props.entity.id;
  card.style.left = `${Math.max(4, left)}px`;
  card.style.top = `${Math.max(4, top)}px`;
  card.append(el(doc, 'strong', '', displayName(props.entity, uiLang())), ' ', el(doc, 'span', 'bs-meta', t(`type_${props.entity.type}`)));
  if (props.role) card.append(el(doc, 'div', 'bs-role', props.role));
  card.append(el(doc, 'div', 'bs-meta', loading ? t('cardLoading') : t('cardCounts', props.events!, props.claims!), 'card-counts'));
  if (little) card.append(el(doc, 'div', 'bs-meta bs-little', t('cardKnowsLittle')));
  card.append(el(doc, 'div', 'bs-meta', t('cardMentions', props.count)), el(doc, 'div', 'bs-meta', t('cardHint')));
  return card;
}

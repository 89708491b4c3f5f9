/**
 * The story view: "Before this article", "Claims" and "People and places" for a set of entities. One component,
 * two hosts: the page sidebar and the popup's entity card.
 */
import { useMemo } from 'preact/hooks';
import type { IndexClaim, IndexDate, IndexEntity, IndexEvent, Stance } from '../index/types';
import type { DocumentSummary, SidebarPayload } from '../messages';
import { formatDate, t } from '../i18n';
import { displayName, uiLang } from './names';

export type ReaderUrl = (docId: string, start?: number, end?: number) => string;
/** Opens the reader from a page (content script): a click on a quote is intercepted and handed to this. */
export type OpenReader = (docId: string, start?: number, end?: number) => void;

export function DateLabel({ date }: { date: IndexDate | null }) {
  if (!date) return <span class="bs-meta">{t('dateUnknown')}</span>;
  const basis = date.basis === 'text' ? t('basisStated') : date.basis === 'curated' ? t('basisCurated') : t('basisInferred');
  return (
    <span class="bs-meta">
      <time dateTime={date.value}>{formatDate(date.value)}</time>
      <span class="bs-basis" title={t('basisHelp')}>{basis}</span>
    </span>
  );
}

function Source({ doc }: { doc: DocumentSummary | undefined }) {
  if (!doc) return null;
  return (
    <div class="bs-meta">
      {t('sourceLabel')}: {doc.title}
      {doc.outlet ? ` · ${doc.outlet}` : ''} · {formatDate(doc.date.value)}
    </div>
  );
}

function Quote({ text, href, open }: { text: string; href: string; open?: (() => void) | undefined }) {
  return (
    <a
      class="bs-quote"
      href={href}
      target="_blank"
      rel="noopener"
      title={t('openSource')}
      data-testid="quote"
      onClick={
        open
          ? (e) => {
              e.preventDefault();
              open();
            }
          : undefined
      }
    >
      “{text}”
    </a>
  );
}

function Chips({ ids, names, focus, onFocus }: { ids: string[]; names: Map<string, IndexEntity>; focus: string | null; onFocus: (id: string | null) => void }) {
  const shown = ids.filter((id) => names.has(id));
  if (!shown.length) return null;
  return (
    <div class="bs-chips">
      {shown.map((id) => (
        <button type="button" class="bs-chip" aria-pressed={focus === id} onClick={() => onFocus(focus === id ? null : id)} key={id}>
          {displayName(names.get(id)!, uiLang())}
        </button>
      ))}
    </div>
  );
}

export function EventItem(props: { ev: IndexEvent; docs: Record<string, DocumentSummary>; names: Map<string, IndexEntity>; focus: string | null; onFocus: (id: string | null) => void; readerUrl: ReaderUrl; openReader?: OpenReader | undefined }) {
  const { ev } = props;
  return (
    <li class="bs-item" data-testid="event" data-id={ev.id}>
      <DateLabel date={ev.date} />
      <span class="bs-meta" data-testid="event-kind"> · {t(`eventKind_${ev.kind}`)}</span>
      <div>{ev.summary}</div>
      {ev.sources.map((s) => (
        <div key={`${s.docId}:${s.start}`}>
          <Quote text={s.quote} href={props.readerUrl(s.docId, s.start, s.end)} open={props.openReader && (() => props.openReader!(s.docId, s.start, s.end))} />
          <Source doc={props.docs[s.docId]} />
        </div>
      ))}
      <Chips ids={ev.entityIds} names={props.names} focus={props.focus} onFocus={props.onFocus} />
    </li>
  );
}

const STANCE_ORDER: Stance[] = ['asserts', 'confirms', 'disputes', 'denies'];
const stanceLabel = (s: Stance): string => t(`stance_${s}`);

export function ClaimGroup(props: { claims: IndexClaim[]; topic: string | null; label: { en: string; de: string } | null; docs: Record<string, DocumentSummary>; readerUrl: ReaderUrl; openReader?: OpenReader | undefined }) {
  const byStance = STANCE_ORDER.map((s) => [s, props.claims.filter((c) => c.stance === s)] as const).filter(([, list]) => list.length);
  return (
    <li class="bs-item" data-testid="claim-group" data-topic={props.topic ?? ''}>
      {props.label && <div class="bs-topic">{props.label[uiLang()]}</div>}
      <div class="bs-stances">
        {byStance.map(([stance, list]) => (
          <div class={`bs-stance bs-stance-${stance}`} key={stance}>
            <div class="bs-stance-label">
              {stanceLabel(stance)} {list.map((c) => c.claimant.text).filter((v, i, a) => a.indexOf(v) === i).join(', ')}
            </div>
            {list.map((c) => (
              <div key={c.id} data-testid="claim" data-id={c.id}>
                <div>{c.statement}</div>
                <Quote text={c.quote} href={props.readerUrl(c.docId, c.start, c.end)} open={props.openReader && (() => props.openReader!(c.docId, c.start, c.end))} />
                <DateLabel date={c.date} />
                <Source doc={props.docs[c.docId]} />
              </div>
            ))}
          </div>
        ))}
      </div>
    </li>
  );
}

export function EntityCard(props: { entity: IndexEntity; readerUrl: ReaderUrl; openReader?: OpenReader | undefined; focused: boolean; onFocus: (id: string | null) => void }) {
  const e = props.entity;
  const shown = displayName(e, uiLang());
  const other = e.aliases.filter((a) => a !== e.name && a !== shown).slice(0, 12);
  return (
    <li class="bs-item" data-testid="entity" data-id={e.id}>
      <button type="button" class="bs-chip" aria-pressed={props.focused} onClick={() => props.onFocus(props.focused ? null : e.id)}>
        {shown}
      </button>{' '}
      <span class="bs-meta">{t(`type_${e.type}`)}</span>
      <div>{e.description[uiLang()]}</div>
      {other.length > 0 && (
        <div class="bs-meta">
          {t('otherNames')}: {other.join(' · ')}
        </div>
      )}
      {e.roles.map((r) => (
        <div key={`${r.docId}:${r.start}`}>
          <span class="bs-meta">{t('roleLabel')}: </span>
          {r.text}
          <Quote text={r.quote} href={props.readerUrl(r.docId, r.start, r.end)} open={props.openReader && (() => props.openReader!(r.docId, r.start, r.end))} />
        </div>
      ))}
      {e.firstSeen && (
        <div class="bs-meta">
          {t('seenRange', formatDate(e.firstSeen), formatDate(e.lastSeen ?? e.firstSeen))}
        </div>
      )}
    </li>
  );
}

/** The three sections, filtered by the focused entity. */
export function StoryView(props: {
  payload: SidebarPayload;
  focus: string | null;
  onFocus: (id: string | null) => void;
  readerUrl: ReaderUrl;
  openReader?: OpenReader;
  pageDateKnown: boolean;
  /** Shown away from a page (the popup's and the reader's entity card): the timeline is simply a timeline. */
  card?: boolean;
}) {
  const { payload, focus } = props;
  const names = useMemo(() => new Map(payload.entities.map((e) => [e.id, e])), [payload]);
  const events = focus ? payload.events.filter((e) => e.entityIds.includes(focus)) : payload.events;
  const groups = focus
    ? payload.claimGroups.filter((g) => g.claims.some((c) => c.entityIds.includes(focus) || c.claimant.entityId === focus))
    : payload.claimGroups;
  const entities = (focus ? payload.entities.filter((e) => e.id === focus) : payload.entities).filter((e) => e.mentions > 0 || e.roles.length);
  return (
    <div>
      <section class="bs-section" aria-labelledby="bs-before">
        <h3 id="bs-before">{props.card ? t('sectionTimeline') : props.pageDateKnown ? t('sectionBefore') : t('sectionBeforeAll')}</h3>
        {events.length ? (
          <ol class="bs-list">
            {events.map((ev) => (
              <EventItem key={ev.id} ev={ev} docs={payload.documents} names={names} focus={focus} onFocus={props.onFocus} readerUrl={props.readerUrl} openReader={props.openReader} />
            ))}
          </ol>
        ) : (
          <p class="bs-empty">{props.card ? t('emptyEventsCard') : t('emptyEvents')}</p>
        )}
      </section>
      <section class="bs-section" aria-labelledby="bs-claims">
        <h3 id="bs-claims">{t('sectionClaims')}</h3>
        {groups.length ? (
          <ul class="bs-list">
            {groups.map((g) => (
              <ClaimGroup key={g.topic ?? g.claims[0]!.id} claims={g.claims} topic={g.topic} label={g.label} docs={payload.documents} readerUrl={props.readerUrl} openReader={props.openReader} />
            ))}
          </ul>
        ) : (
          <p class="bs-empty">{t('emptyClaims')}</p>
        )}
      </section>
      <section class="bs-section" aria-labelledby="bs-people">
        <h3 id="bs-people">{t('sectionPeople')}</h3>
        {entities.length ? (
          <ul class="bs-list">
            {entities.map((e) => (
              <EntityCard key={e.id} entity={e} readerUrl={props.readerUrl} openReader={props.openReader} focused={focus === e.id} onFocus={props.onFocus} />
            ))}
          </ul>
        ) : (
          <p class="bs-empty">{t('emptyEntities')}</p>
        )}
      </section>
    </div>
  );
}

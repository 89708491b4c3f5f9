/**
 * The story view: "Before this article", "Claims" and "People and places" for a set of entities. One component,
 * two hosts: the page sidebar and the popup's entity card.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { IndexClaim, IndexDate, IndexEntity, IndexEvent, Stance } from '../index/types';
import type { DocumentSummary, PayloadScope, SidebarPayload } from '../messages';
import { formatDate, t } from '../i18n';
import { whyLine } from '../rank/why';
import { claimCitation, eventCitation } from '../cite/cite';
import { CiteButtons } from './cite';
import { FIRST_EVENTS, FIRST_GROUPS, SHOW_STEP } from './limits';
import { displayName, uiLang } from './names';

export type ReaderUrl = (docId: string, start?: number, end?: number) => string;
/** Opens the reader from a page (content script): a click on a quote is intercepted and handed to this. */
export type OpenReader = (docId: string, start?: number, end?: number) => void;

export function DateLabel({ date }: { date: IndexDate | null }) {
  if (!date) return <span class="bs-meta">{t('dateUnknown')}</span>;
  const basis = { text: t('basisStated'), curated: t('basisCurated'), inferred: t('basisInferred'), partial: t('basisPartial'), borrowed: t('basisBorrowed') }[date.basis];
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
      {doc.outlet ? ` · ${doc.outlet}` : ''} · {doc.date ? formatDate(doc.date.value) : t('dateUnknown')}
      {doc.library && (
        <span class="bs-library-mark" data-testid="from-library">
          {' · '}
          {t('fromLibrary')}
        </span>
      )}
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

/** The one line that says why an item is in the sidebar (lib/rank/why.ts). */
function Why({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div class="bs-why" data-testid="why" title={t('whyHelp')}>
      {text}
    </div>
  );
}

export function EventItem(props: { ev: IndexEvent; docs: Record<string, DocumentSummary>; names: Map<string, IndexEntity>; focus: string | null; onFocus: (id: string | null) => void; readerUrl: ReaderUrl; openReader?: OpenReader | undefined; why?: string | null }) {
  const { ev } = props;
  return (
    <li class="bs-item" data-testid="event" data-id={ev.id}>
      <DateLabel date={ev.date} />
      <Why text={props.why} />
      <span class="bs-meta" data-testid="event-kind"> · {t(`eventKind_${ev.kind}`)}</span>
      <div>{ev.summary}</div>
      {ev.sources.map((s) => (
        <div key={`${s.docId}:${s.start}`}>
          <Quote text={s.quote} href={props.readerUrl(s.docId, s.start, s.end)} open={props.openReader && (() => props.openReader!(s.docId, s.start, s.end))} />
          <Source doc={props.docs[s.docId]} />
          <CiteButtons item={() => eventCitation(ev, s, props.docs)} />
        </div>
      ))}
      <Chips ids={ev.entityIds} names={props.names} focus={props.focus} onFocus={props.onFocus} />
    </li>
  );
}

const STANCE_ORDER: Stance[] = ['asserts', 'confirms', 'disputes', 'denies'];
const stanceLabel = (s: Stance): string => t(`stance_${s}`);

export function ClaimGroup(props: { claims: IndexClaim[]; topic: string | null; label: { en: string; de: string } | null; docs: Record<string, DocumentSummary>; readerUrl: ReaderUrl; openReader?: OpenReader | undefined; why?: string | null }) {
  const byStance = STANCE_ORDER.map((s) => [s, props.claims.filter((c) => c.stance === s)] as const).filter(([, list]) => list.length);
  return (
    <li class="bs-item" data-testid="claim-group" data-topic={props.topic ?? ''}>
      {props.label && <div class="bs-topic">{props.label[uiLang()]}</div>}
      <Why text={props.why} />
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
                <CiteButtons item={() => claimCitation(c, props.docs)} />
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

/**
 * Under a section: "Show all (N)" while folded; unfolded, "Show the next K (M more)" while more are left, and
 * "Show fewer" (not in an entity card, which is never folded).
 */
function MoreButtons(props: { shown: number | null; rendered: number; total: number; step: number; set: (shown: number | null) => void; ids: { more: string; next: string }; card?: boolean }) {
  const left = props.total - props.rendered;
  if (props.shown === null) {
    if (left <= 0) return null;
    return (
      <button type="button" class="bs-button bs-more" data-testid={props.ids.more} aria-expanded={false} onClick={() => props.set(props.step)}>
        {t('showAll', props.total)}
      </button>
    );
  }
  return (
    <div class="bs-more-row">
      {left > 0 && (
        <button type="button" class="bs-button bs-more" data-testid={props.ids.next} onClick={() => props.set(Math.max(props.shown ?? 0, props.rendered) + props.step)}>
          {t('showNext', Math.min(props.step, left), left)}
        </button>
      )}
      {!props.card && (
        <button type="button" class="bs-button bs-more" data-testid={props.ids.more} aria-expanded={true} onClick={() => props.set(null)}>
          {t('showFewer')}
        </button>
      )}
    </div>
  );
}

/** The first `n` claims of the groups, in order (the last group cut short when `n` ends inside it). */
function firstClaims<G extends { claims: IndexClaim[]; lead: number }>(groups: G[], n: number): G[] {
  const out: G[] = [];
  let left = n;
  for (const g of groups) {
    if (left <= 0) break;
    out.push(g.claims.length <= left ? g : { ...g, claims: g.claims.slice(0, left), lead: Math.min(g.lead, left) });
    left -= g.claims.length;
  }
  return out;
}

/** The id of the best-ranked claim of a group (its why line is the group's). */
function bestOf(claims: IndexClaim[], payload: SidebarPayload): string | undefined {
  const ids = new Set(claims.map((c) => c.id));
  return (payload.ranked ?? []).find((r) => r.kind === 'claim' && ids.has(r.id))?.id;
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
  /**
   * Asks for the payload the reader now wants (a focused name's items, "Show all") when this one carries only the
   * best items (`more`) or another name's (`focus`); it replaces this one when it comes.
   */
  loadMore?: (scope: PayloadScope) => void;
  /** How many more an unfolded section shows at a time (SHOW_STEP; tests use fewer). */
  step?: number;
}) {
  const { payload, focus } = props;
  const names = useMemo(() => new Map(payload.entities.map((e) => [e.id, e])), [payload]);
  const step = props.step ?? SHOW_STEP;
  // Folded (null): the best few. Unfolded: this many, more as the reader asks (an entity card is never folded).
  const [eventsShown, setEventsShown] = useState<number | null>(props.card ? step : null);
  const [claimsShown, setClaimsShown] = useState<number | null>(props.card ? step : null);
  // On a page: the best few first, each with its why line; an entity card away from a page shows everything.
  const why = useMemo(() => {
    const lines = new Map<string, string>();
    if (props.card) return lines;
    const lang = uiLang();
    const whyNames = { entity: (id: string) => names.get(id)?.name, proposition: (id: string) => payload.labels?.[id]?.[lang] };
    for (const r of payload.ranked ?? []) lines.set(`${r.kind}:${r.id}`, whyLine(r.kind, r.why, whyNames));
    return lines;
  }, [payload]);
  const about = (c: IndexClaim): boolean => c.entityIds.includes(focus!) || c.claimant.entityId === focus;
  const allEventsFound = focus ? payload.events.filter((e) => e.entityIds.includes(focus)) : payload.events;
  const allGroups = focus
    ? payload.claimGroups.filter((g) => g.claims.some(about)).map((g) => ({ ...g, claims: g.claims.filter(about), lead: g.claims.slice(0, g.lead).filter(about).length || 1 }))
    : payload.claimGroups;
  const events = allEventsFound.slice(0, eventsShown ?? FIRST_EVENTS);
  const groups = claimsShown !== null ? firstClaims(allGroups, claimsShown) : allGroups.slice(0, FIRST_GROUPS).map((g) => ({ ...g, claims: g.claims.slice(0, g.lead) }));
  const claimCount = (list: typeof allGroups): number => list.reduce((n, g) => n + g.claims.length, 0);
  // A partial payload (a big library) knows its totals: all of them, or those naming the focused entity.
  const { more, counts } = payload;
  const totalEvents = more ? (focus ? (counts[focus]?.[0] ?? 0) : more.events) : allEventsFound.length;
  const totalClaims = more ? (focus ? (counts[focus]?.[1] ?? 0) : more.claims) : claimCount(allGroups);
  // A focused name, or an unfolded section longer than this payload carries, needs another payload: asked for
  // (with `upTo` the number shown), the list stays meanwhile.
  const carried = (eventsShown === null || allEventsFound.length >= Math.min(eventsShown, totalEvents)) && (claimsShown === null || claimCount(allGroups) >= Math.min(claimsShown, totalClaims));
  const enough = props.card || (!more && payload.focus === undefined) || ((payload.focus ?? null) === focus && (!more || carried));
  const upTo = Math.max(eventsShown ?? 0, claimsShown ?? 0);
  const wanted: PayloadScope | null = enough ? null : { ...(upTo ? { upTo } : {}), ...(focus !== null ? { focus } : {}) };
  const wantedKey = wanted && JSON.stringify(wanted);
  useEffect(() => {
    if (wanted) props.loadMore?.(wanted);
  }, [wantedKey, payload]);
  const entities = (focus ? payload.entities.filter((e) => e.id === focus) : payload.entities).filter((e) => e.mentions > 0 || e.roles.length);
  return (
    <div>
      <section class="bs-section" aria-labelledby="bs-before">
        <h3 id="bs-before">{props.card ? t('sectionTimeline') : props.pageDateKnown ? t('sectionBefore') : t('sectionBeforeAll')}</h3>
        {events.length ? (
          <ol class="bs-list">
            {events.map((ev) => (
              <EventItem key={ev.id} ev={ev} docs={payload.documents} names={names} focus={focus} onFocus={props.onFocus} readerUrl={props.readerUrl} openReader={props.openReader} why={why.get(`event:${ev.id}`)} />
            ))}
          </ol>
        ) : (
          <p class="bs-empty">{props.card ? t('emptyEventsCard') : t('emptyEvents')}</p>
        )}
        <MoreButtons shown={eventsShown} rendered={events.length} total={totalEvents} step={step} set={setEventsShown} ids={{ more: 'more-events', next: 'next-events' }} card={props.card} />
      </section>
      <section class="bs-section" aria-labelledby="bs-claims">
        <h3 id="bs-claims">{t('sectionClaims')}</h3>
        {groups.length ? (
          <ul class="bs-list">
            {groups.map((g) => (
              <ClaimGroup key={g.topic ?? g.claims[0]!.id} claims={g.claims} topic={g.topic} label={g.label} docs={payload.documents} readerUrl={props.readerUrl} openReader={props.openReader} why={why.get(`claim:${bestOf(g.claims, payload)}`)} />
            ))}
          </ul>
        ) : (
          <p class="bs-empty">{t('emptyClaims')}</p>
        )}
        <MoreButtons shown={claimsShown} rendered={claimCount(groups)} total={totalClaims} step={step} set={setClaimsShown} ids={{ more: 'more-claims', next: 'next-claims' }} card={props.card} />
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

/**
 * The reader: one source article from the index with the cited passage highlighted and scrolled into view, and
 * its entity mentions highlighted as on web pages (the same CSS highlights and colours; a click opens the entity's
 * card, the same StoryView as the sidebar). Deep links: `reader.html#doc=ID&start=N&end=M`.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { HighlightLayer } from '../dom/highlights';
import { t } from '../i18n';
import type { IndexClaim, IndexEvent, IndexSource } from '../index/types';
import type { EntityType } from '../match/types';
import type { ReaderDocument, SidebarPayload } from '../messages';
import type { PageProps } from '../platform/pages';
import type { HighlightStyle, Settings } from '../settings';
import { DateLabel, StoryView } from './story';
import { claimCitation, eventCitation } from '../cite/cite';
import { CiteButtons } from './cite';

export interface ReaderLink {
  doc: string | null;
  start: number | null;
  end: number | null;
}

export function parseReaderLink(hash: string): ReaderLink {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const num = (k: string): number | null => {
    const v = p.get(k);
    return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : null;
  };
  return { doc: p.get('doc'), start: num('start'), end: num('end') };
}

type Segment = { text: string; cited: boolean; entityId: string | null; type: EntityType | null; caption: boolean };

/** Cuts the text at every mention, citation and caption boundary. */
export function segments(doc: ReaderDocument, cite: { start: number; end: number } | null): Segment[] {
  const text = doc.document.text;
  const cuts = new Set<number>([0, text.length]);
  for (const m of doc.mentions) cuts.add(m.start).add(m.end);
  for (const c of doc.document.captions) cuts.add(c.start).add(c.end);
  if (cite) cuts.add(cite.start).add(cite.end);
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out: Segment[] = [];
  let mi = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    while (mi < doc.mentions.length && doc.mentions[mi]!.end <= a) mi++;
    const m = doc.mentions[mi];
    const inMention = !!m && m.start <= a && b <= m.end;
    out.push({
      text: text.slice(a, b),
      cited: !!cite && a >= cite.start && b <= cite.end,
      entityId: inMention ? m.entityId : null,
      type: inMention ? m.type : null,
      caption: doc.document.captions.some((c) => a >= c.start && b <= c.end),
    });
  }
  return out;
}

/** Which passage to highlight: the link's offsets when they fit the text, else none (and `bad` says why). */
export function citation(link: ReaderLink, length: number): { cite: { start: number; end: number } | null; bad: boolean } {
  if (link.start === null && link.end === null) return { cite: null, bad: false };
  if (link.start !== null && link.end !== null && link.start < link.end && link.end <= length) return { cite: { start: link.start, end: link.end }, bad: false };
  return { cite: null, bad: true };
}

/** The events (with their source here) and claims quoted at exactly the cited passage. */
export function quotedAt(doc: ReaderDocument, cite: { start: number; end: number } | null): { events: Array<{ ev: IndexEvent; source: IndexSource }>; claims: IndexClaim[] } {
  if (!cite || !doc.quoted) return { events: [], claims: [] };
  const id = doc.document.id;
  const at = (x: { start: number; end: number }): boolean => x.start === cite.start && x.end === cite.end;
  return {
    events: doc.quoted.events.flatMap((ev) => ev.sources.filter((s) => s.docId === id && at(s)).map((source) => ({ ev, source }))),
    claims: doc.quoted.claims.filter((c) => c.docId === id && at(c)),
  };
}

/** "Copy citation" for what the cited passage reports: each event and claim quoted there. */
function CitePassage({ doc, cite }: { doc: ReaderDocument; cite: { start: number; end: number } | null }) {
  const { events, claims } = quotedAt(doc, cite);
  if (!doc.summary || (!events.length && !claims.length)) return null;
  const docs = { [doc.document.id]: doc.summary };
  return (
    <section class="bs-reader-cite" aria-labelledby="bs-cite-passage" data-testid="reader-cite">
      <h2 class="bs-group" id="bs-cite-passage">
        {t('citePassage')}
      </h2>
      {events.map(({ ev, source }) => (
        <div key={ev.id} data-testid="event" data-id={ev.id}>
          <div class="bs-meta">{ev.summary}</div>
          <CiteButtons item={() => eventCitation(ev, source, docs)} />
        </div>
      ))}
      {claims.map((c) => (
        <div key={c.id} data-testid="claim" data-id={c.id}>
          <div class="bs-meta">{c.claimant.text}: {c.statement}</div>
          <CiteButtons item={() => claimCitation(c, docs)} />
        </div>
      ))}
    </section>
  );
}

/**
 * Colours the mention buttons inside `root` with the page highlights (CSS Custom Highlight API, one highlight
 * per entity type, the same colours and style as on web pages). Returns the undo.
 */
function highlightMentions(root: HTMLElement, style: HighlightStyle, types: Set<EntityType>): () => void {
  const byType = new Map<EntityType, AbstractRange[]>();
  for (const el of root.querySelectorAll<HTMLElement>('[data-entity][data-type]')) {
    const type = el.dataset.type as EntityType;
    if (!types.has(type)) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const list = byType.get(type) ?? [];
    list.push(range);
    byType.set(type, list);
  }
  const layer = new HighlightLayer(document, style);
  layer.set(byType);
  return () => layer.clear();
}

type Card = { id: string; payload: SidebarPayload | null };

export function ReaderApp(props: PageProps) {
  const link = useMemo(() => parseReaderLink(props.location.hash), []);
  const [doc, setDoc] = useState<ReaderDocument | null | 'loading'>('loading');
  const [card, setCard] = useState<Card | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const citedRef = useRef<HTMLElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    void props.settings.get().then(setSettings);
    // A changed highlight style or set of types applies at once.
    const unsubscribe = props.settings.subscribe(setSettings);
    if (!link.doc) {
      setDoc(null);
      return unsubscribe;
    }
    void props.send<'document'>({ type: 'document', id: link.doc }).then(setDoc, () => setDoc(null));
    return unsubscribe;
  }, []);

  useEffect(() => {
    citedRef.current?.scrollIntoView({ block: 'center' });
  }, [doc]);

  useEffect(() => {
    if (!textRef.current || !settings || typeof doc !== 'object' || doc === null) return undefined;
    return highlightMentions(textRef.current, settings.highlightStyle, new Set(settings.types));
  }, [doc, settings]);

  useEffect(() => {
    if (card) closeRef.current?.focus();
  }, [card?.id]);

  const closeCard = (): void => {
    setCard(null);
    opener.current?.focus();
  };

  const openCard = (id: string | null): void => {
    if (!id) return;
    if (document.activeElement instanceof HTMLElement && textRef.current?.contains(document.activeElement)) opener.current = document.activeElement;
    setCard({ id, payload: null });
    void props.send<'entity'>({ type: 'entity', id }).then((payload) => setCard((c) => (c?.id === id ? { id, payload } : c)));
  };

  if (!link.doc) return <main class="bs-reader"><p class="bs-error" role="alert" data-testid="reader-error">{t('readerNoDoc')}</p></main>;
  if (doc === 'loading') return <main class="bs-reader"><p class="bs-empty">{t('loading')}</p></main>;
  if (doc === null) return <main class="bs-reader"><p class="bs-error" role="alert" data-testid="reader-error">{t('readerNotFound', link.doc)}</p></main>;

  const { cite, bad } = citation(link, doc.document.text.length);
  const segs = segments(doc, cite);
  let citedSeen = false;
  return (
    <main class="bs-reader" onKeyDown={(e) => e.key === 'Escape' && card && closeCard()}>
      <article>
        <h1 data-testid="reader-title">{doc.document.title}</h1>
        <p class="bs-meta" data-testid="reader-meta">
          {doc.document.outlet ? `${doc.document.outlet} · ` : ''}
          {t('readerPublished')} <DateLabel date={doc.document.date} />
          {doc.document.note ? ` · ${doc.document.note}` : ''}
          {doc.library && (
            <span data-testid="reader-library">
              {' · '}
              <span class="bs-library-mark">{t('fromLibrary')}</span>
              {' · '}
              <a href={doc.library.url} target="_blank" rel="noopener noreferrer" data-testid="reader-original">
                {t('libOriginal')}
              </a>
            </span>
          )}
        </p>
        <CitePassage doc={doc} cite={cite} />
        {bad && (
          <p class="bs-error" role="alert" data-testid="reader-error">
            {t('readerBadOffsets', String(link.start ?? '?'), String(link.end ?? '?'))}
          </p>
        )}
        <div class="bs-article" data-testid="reader-text" ref={textRef} lang={doc.document.lang}>
          {segs.map((s, i) => {
            let node: preact.ComponentChild = s.text;
            if (s.entityId) {
              const id = s.entityId;
              node = (
                <button type="button" class="bs-mention" data-entity={id} data-type={s.type ?? undefined} aria-expanded={card?.id === id} onClick={() => openCard(id)}>
                  {s.text}
                </button>
              );
            }
            if (s.cited) {
              const first = !citedSeen;
              citedSeen = true;
              node = (
                <mark class="bs-cited" data-testid="cited" ref={first ? (citedRef as preact.Ref<HTMLElement>) : undefined}>
                  {node}
                </mark>
              );
            }
            if (s.caption) node = <em title={t('readerCaption')}>{node}</em>;
            return <span key={i}>{node}</span>;
          })}
        </div>
      </article>
      {card && (
        <aside class="bs-reader-card" role="complementary" aria-label={t('sidebarLabel')} data-testid="reader-card">
          <button type="button" class="bs-button" data-testid="close" onClick={closeCard} aria-label={t('closeCard')} ref={closeRef}>
            ×
          </button>
          {card.payload ? (
            <StoryView payload={card.payload} focus={null} onFocus={openCard} readerUrl={props.readerUrl} pageDateKnown={false} card />
          ) : (
            <p class="bs-empty">{t('loading')}</p>
          )}
        </aside>
      )}
    </main>
  );
}

/**
 * The reader: one source article from the index with the cited passage highlighted and scrolled into view, and
 * its entity mentions highlighted as on web pages. Deep links: `reader.html#doc=ID&start=N&end=M`.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ReaderDocument } from '../messages';
import { formatDate, t } from '../i18n';
import type { PageProps } from '../platform/pages';
import { DateLabel } from './story';

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

type Segment = { text: string; cited: boolean; entityId: string | null; caption: boolean };

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
    out.push({
      text: text.slice(a, b),
      cited: !!cite && a >= cite.start && b <= cite.end,
      entityId: m && m.start <= a && b <= m.end ? m.entityId : null,
      caption: doc.document.captions.some((c) => a >= c.start && b <= c.end),
    });
  }
  return out;
}

export function ReaderApp(props: PageProps) {
  const link = useMemo(() => parseReaderLink(props.location.hash), []);
  const [doc, setDoc] = useState<ReaderDocument | null | 'loading'>('loading');
  const [focus, setFocus] = useState<string | null>(null);
  const citedRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!link.doc) {
      setDoc(null);
      return;
    }
    void props.send<'document'>({ type: 'document', id: link.doc }).then(setDoc, () => setDoc(null));
  }, []);

  useEffect(() => {
    citedRef.current?.scrollIntoView({ block: 'center' });
  }, [doc]);

  if (!link.doc) return <main class="bs-reader"><p class="bs-empty" role="status" data-testid="reader-error">{t('readerNoDoc')}</p></main>;
  if (doc === 'loading') return <main class="bs-reader"><p class="bs-empty">{t('loading')}</p></main>;
  if (doc === null) return <main class="bs-reader"><p class="bs-error" role="alert" data-testid="reader-error">{t('readerNotFound', link.doc)}</p></main>;

  const len = doc.document.text.length;
  const validCite = link.start !== null && link.end !== null && link.start < link.end && link.end <= len;
  const badCite = (link.start !== null || link.end !== null) && !validCite;
  const cite = validCite ? { start: link.start!, end: link.end! } : null;
  const segs = segments(doc, cite);
  let citedSeen = false;
  return (
    <main class="bs-reader">
      <article>
        <h1 data-testid="reader-title">{doc.document.title}</h1>
        <p class="bs-meta">
          {doc.document.outlet ? `${doc.document.outlet} · ` : ''}
          {t('readerPublished')} <DateLabel date={doc.document.date} />
          {doc.document.note ? ` · ${doc.document.note}` : ''}
        </p>
        {badCite && (
          <p class="bs-error" role="alert" data-testid="reader-error">
            {t('readerBadOffsets', String(link.start ?? '?'), String(link.end ?? '?'))}
          </p>
        )}
        <div class="bs-article" data-testid="reader-text">
          {segs.map((s, i) => {
            let node: preact.ComponentChild = s.text;
            if (s.entityId) {
              const id = s.entityId;
              node = (
                <button type="button" class={`bs-mention${focus === id ? ' bs-focused' : ''}`} data-entity={id} onClick={() => setFocus(focus === id ? null : id)}>
                  {s.text}
                </button>
              );
            }
            if (s.cited) {
              const first = !citedSeen;
              citedSeen = true;
              node = (
                <mark data-testid="cited" ref={first ? (citedRef as preact.Ref<HTMLElement>) : undefined}>
                  {node}
                </mark>
              );
            }
            if (s.caption) node = <em title={t('readerCaption')}>{node}</em>;
            return <span key={i}>{node}</span>;
          })}
        </div>
      </article>
      <p class="bs-meta">{formatDate(doc.document.date.value)}</p>
    </main>
  );
}

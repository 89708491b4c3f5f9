/**
 * The citation control of one event source or claim: "Copy citation" (plain text) and "Markdown", with a visible
 * confirmation announced to screen readers (a status region), and, where the browser refuses to copy, the
 * citation in a selected text area to copy by hand. The text itself comes from lib/cite/cite.ts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatCitation, type Citable, type CiteFormat } from '../cite/cite';
import { t } from '../i18n';
import { copyText } from './copy';

/** How long "Citation copied" stays on screen. */
const SHOWN_MS = 5000;

type Status = { kind: 'copied'; format: CiteFormat } | { kind: 'failed'; text: string } | null;

export function CiteButtons(props: { item: () => Citable; copy?: (text: string) => Promise<boolean> }) {
  const [status, setStatus] = useState<Status>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (status?.kind === 'failed') area.current?.select();
    if (status?.kind !== 'copied') return undefined;
    const timer = setTimeout(() => setStatus(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [status]);
  const run = (format: CiteFormat): void => {
    const text = formatCitation(props.item(), format);
    // Cleared first, so that copying twice in a row is announced twice.
    setStatus(null);
    void (props.copy ?? copyText)(text).then(
      (ok) => setStatus(ok ? { kind: 'copied', format } : { kind: 'failed', text }),
      () => setStatus({ kind: 'failed', text }),
    );
  };
  return (
    <div class="bs-cite" data-testid="cite">
      <button type="button" class="bs-button bs-cite-button" data-testid="cite-text" onClick={() => run('text')}>
        {t('citeCopy')}
      </button>
      <button type="button" class="bs-button bs-cite-button" data-testid="cite-markdown" aria-label={t('citeCopyMarkdown')} onClick={() => run('markdown')}>
        {t('citeMarkdown')}
      </button>
      <span class="bs-cite-status" role="status" data-testid="cite-status">
        {status?.kind === 'copied' ? (status.format === 'markdown' ? t('citeCopiedMarkdown') : t('citeCopied')) : ''}
      </span>
      {status?.kind === 'failed' && (
        <div class="bs-cite-failed">
          <p class="bs-error" role="alert" data-testid="cite-failed">
            {t('citeCopyFailed')}
          </p>
          <textarea class="bs-cite-area" readOnly rows={4} aria-label={t('citeText')} value={status.text} ref={area} />
        </div>
      )}
    </div>
  );
}

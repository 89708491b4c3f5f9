/**
 * The Library section of the options page: the reader's own articles (title, outlet, date, language, counts, when
 * added), each to open in the reader or remove; export all to one JSON file, import such a file, remove all; the
 * storage used. Every change goes through the background (lib/platform/library-background.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDate, t } from '../i18n';
import type { LibraryEntry } from '../library/listing';
import type { LibraryReply, Send } from '../messages';
import type { ReaderUrl } from './story';
import { libraryMessage } from './library';

export interface LibraryPageProps {
  send: Send;
  readerUrl: ReaderUrl;
  openTab: (url: string) => Promise<void>;
  /** Bytes used by the extension's storage (navigator.storage.estimate), or null when unknown. */
  usage: () => Promise<number | null>;
  /** Saves a file (the export): name and text. */
  download: (name: string, text: string) => void;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function LibraryPage(props: LibraryPageProps) {
  const [entries, setEntries] = useState<LibraryEntry[] | null>(null);
  const [usage, setUsage] = useState<number | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const refresh = (): void => {
    void props.send<'libraryList'>({ type: 'libraryList' }).then(setEntries);
    void props.usage().then(setUsage);
  };
  useEffect(refresh, []);
  const report = (r: LibraryReply): void => {
    if (r.ok && r.added !== undefined) setStatus({ ok: true, text: t('libImported', r.added, r.events, r.claims, r.skipped ?? 0) });
    else if (!r.ok) setStatus({ ok: false, text: libraryMessage(r) });
    refresh();
  };
  const importFile = async (file: File): Promise<void> => {
    setStatus(null);
    report(await props.send<'libraryImport'>({ type: 'libraryImport', text: await file.text(), name: file.name }));
  };
  return (
    <section aria-labelledby="bs-library" data-testid="library">
      <h2 id="bs-library">{t('optLibrary')}</h2>
      <p class="bs-meta">{t('optLibraryHelp')}</p>
      <div class="bs-library-tools">
        <button
          type="button"
          class="bs-button"
          data-testid="library-export"
          onClick={() =>
            void props.send<'libraryExport'>({ type: 'libraryExport' }).then((file) => props.download(`backstory-library-${file.exportedAt.slice(0, 10)}.json`, `${JSON.stringify(file, null, 2)}\n`))
          }
        >
          {t('libExport')}
        </button>
        <label class="bs-button bs-file">
          {t('libImport')}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="library-import"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) void importFile(file).finally(() => (input.value = ''));
            }}
          />
        </label>
        {entries && entries.length > 0 && (
          <button
            type="button"
            class="bs-button"
            data-testid={confirmClear ? 'library-clear-confirm' : 'library-clear'}
            aria-describedby={confirmClear ? 'bs-clear-confirm' : undefined}
            onClick={() => {
              if (!confirmClear) return setConfirmClear(true);
              setConfirmClear(false);
              void props.send<'libraryClear'>({ type: 'libraryClear' }).then(refresh);
            }}
          >
            {t('libClear')}
          </button>
        )}
      </div>
      {confirmClear && entries && (
        <p class="bs-meta" id="bs-clear-confirm" role="alert">
          {t('libClearConfirm', entries.length)}
        </p>
      )}
      {status && (
        <p class={status.ok ? 'bs-meta' : 'bs-error'} role={status.ok ? 'status' : 'alert'} data-testid="library-message">
          {status.text}
        </p>
      )}
      <p class="bs-meta" data-testid="library-usage">
        {entries ? `${t('libArticles', entries.length)}` : ''}
        {usage !== null ? ` · ${t('libStorage', size(usage))}` : ''}
      </p>
      {entries && entries.length === 0 && (
        <p class="bs-empty" data-testid="library-empty">
          {t('optLibraryEmpty')}
        </p>
      )}
      {entries && entries.length > 0 && (
        <ul class="bs-list" data-testid="library-list">
          {entries.map((e) => (
            <li key={e.url} class="bs-item" data-testid="library-entry" data-url={e.url}>
              <div>
                <strong>{e.title}</strong>
              </div>
              <div class="bs-meta">
                {e.outlet} · {e.published ? formatDate(e.published) : t('dateUnknown')} · {t('libLang', e.lang)} · {t('libCounts', e.events, e.claims)} ·{' '}
                {t('libAddedOn', formatDate(e.addedAt.slice(0, 10)))}
              </div>
              <div class="bs-library-row">
                <button type="button" class="bs-button" data-testid="library-open" onClick={() => void props.openTab(props.readerUrl(e.docId))}>
                  {t('libOpen')}
                </button>
                <button
                  type="button"
                  class="bs-button"
                  data-testid="library-remove"
                  aria-label={t('libRemoveFor', e.title)}
                  onClick={() => void props.send<'libraryRemove'>({ type: 'libraryRemove', url: e.url }).then(report)}
                >
                  {t('optRemove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The page sidebar, in its own extension-origin frame (sidebar.html, wired by lib/platform/sidebar-frame.tsx): a
 * labelled complementary region with the story view. The page it sits on cannot read it or restyle it; what it
 * shows about the page (the view) comes from the content script through the extension's messaging.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryReply, PayloadScope, SidebarPayload, SidebarView } from '../messages';
import { AddToLibrary } from './library';
import { t } from '../i18n';
import { displayName, uiLang } from './names';
import type { SiteRule } from '../settings';
import { SiteSwitch } from './site-switch';
import { StoryView, type ReaderUrl } from './story';

export interface SidebarProps {
  view: SidebarView;
  /** The payload for the view's entities and date (asked of the background); `scope`: all items, or a name's. */
  load: (view: SidebarView, scope?: PayloadScope) => Promise<SidebarPayload>;
  readerUrl: ReaderUrl;
  /** Opens a quoted passage in the reader (asks the background, which opens it next to this tab). */
  openReader: (docId: string, start?: number, end?: number) => void;
  /** Closes the sidebar (the page side removes this frame and shows its tab again). */
  onClose: () => void;
  /** Scrolls the page to the next (+1) or previous (-1) mention, optionally of one entity. */
  onStep: (dir: 1 | -1, entityId: string | null) => void;
  /** Changes this site's rule (the footer's switch). */
  onSiteRule: (rule: SiteRule | null) => void;
  /** Adds this page to the reader's library (extracted and indexed in the extension). */
  addToLibrary?: () => Promise<LibraryReply>;
}

type State = { status: 'idle' | 'loading' } | { status: 'ready'; payload: SidebarPayload } | { status: 'error'; message: string };

export function Sidebar(props: SidebarProps) {
  const { view } = props;
  const [focus, setFocus] = useState<string | null>(view.focus);
  const [state, setState] = useState<State>({ status: 'idle' });
  const panelRef = useRef<HTMLElement>(null);
  const entityKey = `${view.entityIds.join(',')}|${view.pageDate}`;

  const load = (): void => {
    setState({ status: 'loading' });
    props.load(view).then(
      (payload) => setState({ status: 'ready', payload }),
      (e: unknown) => setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  // A page that grew (new names, a date found later) reloads the payload.
  useEffect(load, [entityKey]);
  // An unfolded list longer than the payload, or a focused name, on a partial payload: the payload for it replaces
  // this one (which stays meanwhile). A scope is asked once per payload, and not again right after its answer (a
  // reply that carries fewer than asked for cannot make the view ask forever).
  const asked = useRef<{ from: SidebarPayload; key: string } | null>(null);
  const answered = useRef<SidebarPayload | null>(null);
  const loadMore = (scope: PayloadScope): void => {
    const key = JSON.stringify(scope);
    if (state.status !== 'ready' || (asked.current?.key === key && (asked.current.from === state.payload || answered.current === state.payload))) return;
    const from = state.payload;
    asked.current = { from, key };
    props.load(view, scope).then(
      (payload) => {
        answered.current = payload;
        setState((now) => (now.status === 'ready' && now.payload === from ? { status: 'ready', payload } : now));
      },
      () => {
        asked.current = null;
      },
    );
  };
  // A click on a highlight in the page focuses its entity (again, when it is clicked again).
  useEffect(() => setFocus(view.focus), [view.focusSeq]);
  // The panel takes focus when the reader opened it (the page side then focuses this frame), not when it opened
  // by itself; and again whenever focus comes back to the frame with nothing in it focused.
  useEffect(() => {
    const take = (): void => {
      if (document.hasFocus() && (document.activeElement === document.body || document.activeElement === null)) panelRef.current?.focus();
    };
    take();
    window.addEventListener('focus', take);
    return () => window.removeEventListener('focus', take);
  }, []);

  return (
    <aside
      class="bs-panel"
      role="complementary"
      aria-label={t('sidebarLabel')}
      data-testid="sidebar"
      tabIndex={-1}
      ref={panelRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <div class="bs-head">
        <h2>{t('extName')}</h2>
        <button type="button" class="bs-button" data-testid="prev-mention" onClick={() => props.onStep(-1, focus)} aria-label={t('prevMention')}>
          ↑
        </button>
        <button type="button" class="bs-button" data-testid="next-mention" onClick={() => props.onStep(1, focus)} aria-label={t('nextMention')}>
          ↓
        </button>
        <button type="button" class="bs-button" data-testid="close" onClick={props.onClose} aria-label={t('closeSidebar')}>
          ×
        </button>
      </div>
      <div class="bs-body" aria-live="polite" aria-busy={state.status === 'loading'}>
        {focus && (
          <p>
            {t('focusedOn')} <strong>{state.status === 'ready' ? displayName(state.payload.entities.find((e) => e.id === focus) ?? { name: focus }, uiLang()) : focus}</strong>{' '}
            <button type="button" class="bs-button" onClick={() => setFocus(null)}>
              {t('clearFocus')}
            </button>
          </p>
        )}
        {state.status === 'loading' || state.status === 'idle' ? (
          <p class="bs-empty" data-testid="loading">
            {t('loading')}
          </p>
        ) : null}
        {state.status === 'error' ? (
          <div class="bs-error" role="alert" data-testid="load-error">
            <p>{t('loadError')}</p>
            <button type="button" class="bs-button" onClick={load}>
              {t('retry')}
            </button>
          </div>
        ) : null}
        {state.status === 'ready' ? (
          <StoryView payload={state.payload} focus={focus} onFocus={setFocus} readerUrl={props.readerUrl} openReader={props.openReader} pageDateKnown={view.pageDate !== null} loadMore={loadMore} />
        ) : null}
      </div>
      <div class="bs-foot">
        {props.addToLibrary && <AddToLibrary add={props.addToLibrary} />}
        <SiteSwitch host={view.host} rule={view.rule} onChange={props.onSiteRule} />
      </div>
    </aside>
  );
}

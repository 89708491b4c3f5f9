/**
 * The page sidebar: starts as a small tab with the mention count; opens into a labelled complementary region
 * with the story view. Lives in a shadow root, so the page's CSS cannot reach it and ours cannot leak out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SidebarPayload } from '../messages';
import { t } from '../i18n';
import { displayName, uiLang } from './names';
import type { SiteRule } from '../settings';
import { SiteSwitch } from './site-switch';
import { StoryView, type ReaderUrl } from './story';

export interface SidebarProps {
  mentionCount: number;
  /** Changes when the page's entities or date change (a page that grew): an open sidebar reloads then. */
  entityKey: string;
  initiallyOpen: boolean;
  pageDate: string | null;
  load: () => Promise<SidebarPayload>;
  readerUrl: ReaderUrl;
  /** Opens a quoted passage in the reader (asks the background: a page cannot open extension pages itself). */
  openReader: (docId: string, start?: number, end?: number) => void;
  /** Called when the reader opens or closes the panel (remembered per site). */
  onOpenChange: (open: boolean) => void;
  /** Scrolls the page to the next (+1) or previous (-1) mention, optionally of one entity. */
  onStep: (dir: 1 | -1, entityId: string | null) => void;
  /** Lets the host drive the sidebar (keyboard command, click on a highlight). */
  controller: SidebarController;
  /** This site's rule, shown and changed from the panel's footer. */
  site: { host: string; rule: SiteRule | null; set: (rule: SiteRule | null) => void };
}

export class SidebarController {
  listener: ((cmd: { open?: boolean; toggle?: boolean; focus?: string | null }) => void) | null = null;
  send(cmd: { open?: boolean; toggle?: boolean; focus?: string | null }): void {
    this.listener?.(cmd);
  }
}

type State = { status: 'idle' | 'loading' } | { status: 'ready'; payload: SidebarPayload } | { status: 'error'; message: string };

export function Sidebar(props: SidebarProps) {
  const [open, setOpen] = useState(props.initiallyOpen);
  const [focus, setFocus] = useState<string | null>(null);
  const [state, setState] = useState<State>({ status: 'idle' });
  const panelRef = useRef<HTMLElement>(null);

  const load = (): void => {
    setState({ status: 'loading' });
    props.load().then(
      (payload) => setState({ status: 'ready', payload }),
      (e: unknown) => setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };

  const loadedKey = useRef<string | null>(null);
  useEffect(() => {
    if (open && (state.status === 'idle' || loadedKey.current !== props.entityKey)) {
      loadedKey.current = props.entityKey;
      load();
    }
  }, [open, props.entityKey]);

  const change = (next: boolean): void => {
    setOpen(next);
    props.onOpenChange(next);
  };

  useEffect(() => {
    props.controller.listener = (cmd) => {
      if (cmd.focus !== undefined) setFocus(cmd.focus);
      if (cmd.toggle) setOpen((o) => {
        props.onOpenChange(!o);
        return !o;
      });
      else if (cmd.open !== undefined) change(cmd.open);
    };
    return () => {
      props.controller.listener = null;
    };
  });

  useEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <button type="button" class="bs-tab" data-testid="tab" onClick={() => change(true)} aria-expanded="false">
        {/* The accessible name starts with the visible text ("Backstory 12"), as speech input expects. */}
        <span>{t('extName')}</span> <span class="bs-count">{props.mentionCount}</span>
        <span class="bs-sr"> {t('tabMentions', props.mentionCount)}</span>
      </button>
    );
  }
  return (
    <aside
      class="bs-panel"
      role="complementary"
      aria-label={t('sidebarLabel')}
      data-testid="sidebar"
      tabIndex={-1}
      ref={panelRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape') change(false);
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
        <button type="button" class="bs-button" data-testid="close" onClick={() => change(false)} aria-label={t('closeSidebar')}>
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
          <StoryView payload={state.payload} focus={focus} onFocus={setFocus} readerUrl={props.readerUrl} openReader={props.openReader} pageDateKnown={props.pageDate !== null} />
        ) : null}
      </div>
      <div class="bs-foot">
        <SiteSwitch host={props.site.host} rule={props.site.rule} onChange={props.site.set} />
      </div>
    </aside>
  );
}

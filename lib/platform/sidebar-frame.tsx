/**
 * The sidebar frame's wiring (entrypoints/sidebar: sidebar.html, an extension page the content script puts in an
 * iframe on an on-topic page). Its token is its URL's fragment. It trusts no window message: what the page shows
 * comes from the content script only through the extension's messaging (pushes with its token, and replies to the
 * actions it asks the background to relay to its own tab); the payload comes from the background.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { fromOwnExtension, parseSidebarPush, type SidebarAction, type SidebarView } from '../messages';
import { Sidebar } from '../ui/sidebar';
import { readerUrl, send } from './messaging';
import { setupPage } from './pages';

function SidebarApp({ token }: { token: string }) {
  const [view, setView] = useState<SidebarView | null>(null);
  const act = (action: SidebarAction): Promise<SidebarView | null> =>
    send<'sidebar'>({ type: 'sidebar', token, action }).then(
      (r) => r.view,
      () => null,
    );
  useEffect(() => {
    const onMessage = (msg: unknown, sender: { id?: string }): undefined => {
      if (!fromOwnExtension(sender, browser.runtime.id)) return undefined;
      const pushed = parseSidebarPush(msg, token);
      if (pushed) setView(pushed);
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    // Listening first, then asking: a push sent meanwhile is not lost.
    void act({ do: 'view' }).then((v) => v && setView((now) => now ?? v));
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);
  if (!view) return null;
  return (
    <Sidebar
      view={view}
      load={(v, all) => send<'payload'>({ type: 'payload', entityIds: v.entityIds, pageDate: v.pageDate, ...(v.page ? { page: v.page } : {}), ...(all ? { all: true as const } : {}) })}
      readerUrl={readerUrl}
      openReader={(docId, start, end) => {
        void send<'openReader'>({ type: 'openReader', docId, ...(start !== undefined && end !== undefined ? { start, end } : {}) }).catch(() => {});
      }}
      onClose={() => void act({ do: 'close' })}
      onStep={(dir, entityId) => void act({ do: 'step', dir, entityId })}
      onSiteRule={(rule) => void act({ do: 'site', rule }).then((v) => v && setView(v))}
      addToLibrary={() => send<'libraryAdd'>({ type: 'libraryAdd' })}
    />
  );
}

export function startSidebarFrame(): void {
  setupPage('sidebarLabel', 'bs-framed');
  render(<SidebarApp token={location.hash.slice(1)} />, document.getElementById('app')!);
}

/**
 * The page script's wiring (entrypoints/page.content.ts, injected by the background where the quick reject let
 * the page through): settings, the precompiled matcher (not the index), the page run, commands from the
 * background, and teardown when the extension context goes away (reload/update leaves nothing behind).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import tableJson from '../../data/matcher-packed.json';
import sidesJson from '../../data/sides.json';
import { runOnPage, type Running } from '../content/run';
import { setMessages } from '../i18n';
import type { PackedTable } from '../match/packed';
import type { SidePatterns } from '../match/sides';
import { fromOwnExtension, type SidebarReply } from '../messages';
import { activeOn, withSiteRule, type Settings, type SiteRule } from '../settings';
import { parseTabCommand, send } from './messaging';
import { browserSettingsStore } from './settings';

// The matcher precompiled by `npm run index`: decoded into typed arrays when the page is scanned, nothing built.
const table = tableJson as unknown as PackedTable;
const sides = sidesJson as SidePatterns;

/** What about the settings changes the page's run (the sidebar's remembered state and other sites' rules do not). */
function runKey(s: Settings, host: string): string {
  return JSON.stringify([activeOn(s, host), s.types, s.highlightStyle, s.density]);
}

export function startContent(ctx: ContentScriptContext): void {
  if (!document.documentElement || document.contentType !== 'text/html') return;
  setMessages((k, s) => (browser.i18n.getMessage as (key: string, subs?: string | string[]) => string)(k, s), browser.i18n.getUILanguage());
  const host = location.host;
  const store = browserSettingsStore();
  let running: Running | null = null;
  let settings: Settings | null = null;
  // Injected because the quick reject let the page through: the first run skips the side check, later ones do not.
  let sidesPassed = true;

  const stop = (): void => {
    running?.teardown();
    running = null;
  };
  /** One click in the sidebar: applied to the page at once, then stored (other tabs follow through storage). */
  const setSiteRule = (rule: SiteRule | null): void => {
    if (!settings) return;
    apply(withSiteRule(settings, host, rule));
    void store.update((s) => withSiteRule(s, host, rule)).catch(() => {});
  };
  const start = (): void => {
    stop();
    if (!settings || !document.body) return;
    if (!activeOn(settings, host)) {
      // Still tell the background which page this tab shows, so the popup can offer "always on this site".
      void send({ type: 'report', report: { onTopic: false, entityIds: [], mentionCount: 0 } }).catch(() => {});
      return;
    }
    running = runOnPage({
      doc: document,
      table,
      sides,
      sidesPassed,
      send,
      frameUrl: (token) => `${browser.runtime.getURL('/sidebar.html')}#${token}`,
      notify: (push) => void browser.runtime.sendMessage(push).catch(() => {}),
      highlightStyle: settings.highlightStyle,
      density: settings.density,
      enabledTypes: new Set(settings.types),
      sidebarOpen: settings.sidebarOpen[host] ?? settings.autoOpen,
      onSidebarOpenChange: (open) => {
        if (settings) settings = { ...settings, sidebarOpen: { ...settings.sidebarOpen, [host]: open } };
        void store.update((s) => ({ ...s, sidebarOpen: { ...s.sidebarOpen, [host]: open } })).catch(() => {});
      },
      site: { host, rule: settings.sites[host] ?? null, set: setSiteRule },
    });
    sidesPassed = false;
    // A failure on one page must not surface as the page's error; the page stays as it was.
    running.ready.catch(() => stop());
  };
  /** Takes new settings: re-runs the page only when what it shows changes. */
  const apply = (next: Settings): void => {
    const prev = settings;
    settings = next;
    if (!prev || runKey(prev, host) !== runKey(next, host)) start();
    else running?.setSiteRule(next.sites[host] ?? null);
  };

  void store.get().then((s) => {
    if (!ctx.isInvalid) apply(s);
  });
  const unsubscribe = store.subscribe((s) => {
    if (!ctx.isInvalid) apply(s);
  });

  const onMessage = (msg: unknown, sender: { id?: string; url?: string }): Promise<SidebarReply> | undefined => {
    if (!fromOwnExtension(sender, browser.runtime.id)) return undefined;
    const cmd = parseTabCommand(msg);
    if (!cmd) return undefined;
    if (cmd.name === 'toggle-sidebar') running?.command({ toggle: true });
    // 'get-selection' and 'snapshot' are the quick reject's to answer (lib/platform/quick.ts): it runs on every page.
    if (cmd.name === 'sidebar') {
      // Relayed to every frame of the tab: only the content script whose sidebar holds the token answers.
      const reply = running?.sidebarAction(cmd.token, cmd.action) ?? null;
      return reply ? Promise.resolve(reply) : undefined;
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);

  // Reloading or updating the extension orphans this script without an event: reading ctx.isInvalid (a property
  // read, once a second) is what notices it, and runs the teardown below.
  const orphaned = setInterval(() => {
    if (ctx.isInvalid) clearInterval(orphaned);
  }, 1000);
  ctx.onInvalidated(() => {
    clearInterval(orphaned);
    stop();
    unsubscribe();
    browser.runtime.onMessage.removeListener(onMessage);
  });
}

/**
 * Content-script wiring: settings, the compact matcher table (not the index), the page run, commands from the
 * background, and teardown when the extension context goes away (reload/update leaves nothing behind).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import tableJson from '../../data/matcher.json';
import { runOnPage, type Running } from '../content/run';
import { setMessages } from '../i18n';
import type { MatcherTable } from '../match/types';
import { activeOn, parseSettings, SETTINGS_KEY, type Settings } from '../settings';
import { parseTabCommand, readerUrl, send } from './messaging';

const table = tableJson as unknown as MatcherTable;

export function startContent(ctx: ContentScriptContext): void {
  if (!document.documentElement || document.contentType !== 'text/html') return;
  setMessages((k, s) => (browser.i18n.getMessage as (key: string, subs?: string | string[]) => string)(k, s), browser.i18n.getUILanguage());
  const host = location.host;
  let running: Running | null = null;
  let settings: Settings | null = null;

  const stop = (): void => {
    running?.teardown();
    running = null;
  };
  const start = (): void => {
    stop();
    if (!settings || !activeOn(settings, host) || !document.body) return;
    running = runOnPage({
      doc: document,
      table,
      send,
      readerUrl,
      highlightStyle: settings.highlightStyle,
      enabledTypes: new Set(settings.types),
      sidebarOpen: settings.sidebarOpen[host] ?? settings.autoOpen,
      onSidebarOpenChange: (open) => {
        if (!settings) return;
        settings = { ...settings, sidebarOpen: { ...settings.sidebarOpen, [host]: open } };
        void browser.storage.local.set({ [SETTINGS_KEY]: settings }).catch(() => {});
      },
    });
    // A failure on one page must not surface as the page's error; the page stays as it was.
    running.ready.catch(() => stop());
  };

  void browser.storage.local.get(SETTINGS_KEY).then((got) => {
    if (ctx.isInvalid) return;
    settings = parseSettings(got[SETTINGS_KEY]);
    start();
  });

  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area !== 'local' || !changes[SETTINGS_KEY]) return;
    const next = parseSettings(changes[SETTINGS_KEY].newValue);
    const prev = settings;
    settings = next;
    // Only what changes the page re-runs it; remembering the sidebar state does not.
    const { sidebarOpen: _a, ...p } = prev ?? next;
    const { sidebarOpen: _b, ...n } = next;
    if (JSON.stringify(p) !== JSON.stringify(n)) start();
  };
  browser.storage.onChanged.addListener(onStorage);

  const onMessage = (msg: unknown, sender: { id?: string }): Promise<string> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const cmd = parseTabCommand(msg);
    if (!cmd) return undefined;
    if (cmd.name === 'toggle-sidebar') running?.controller?.send({ toggle: true });
    if (cmd.name === 'get-selection') return Promise.resolve(document.getSelection()?.toString() ?? '');
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);

  ctx.onInvalidated(() => {
    stop();
    browser.storage.onChanged.removeListener(onStorage);
    browser.runtime.onMessage.removeListener(onMessage);
  });
}

/**
 * The content script every page runs (entrypoints/content): the quick reject (lib/content/quick.ts) and the
 * look-up's selection. A page that may be on topic gets the page script (lib/platform/content.ts, injected by the
 * background); every other page keeps only this: no matcher, no highlights, no interface.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import sidesJson from '../../data/sides.json';
import { runQuick } from '../content/quick';
import { SideCheck, type SidePatterns } from '../match/sides';
import { fromOwnExtension } from '../messages';
import type { PageSnapshot } from '../library/extract';
import { parseTabCommand, send } from './messaging';

export function startQuick(ctx: ContentScriptContext): void {
  if (!document.documentElement || document.contentType !== 'text/html' || !document.body) return;
  // "Look up in Backstory" (Alt+Shift+L) reads the selection of any page, on topic or not; "Add to my library"
  // (popup, context menu) asks any page for its copy: the background extracts the article elsewhere (never here).
  const onMessage = (msg: unknown, sender: { id?: string; url?: string }): Promise<string | PageSnapshot> | undefined => {
    if (!fromOwnExtension(sender, browser.runtime.id)) return undefined;
    const cmd = parseTabCommand(msg);
    if (cmd?.name === 'get-selection') return Promise.resolve(document.getSelection()?.toString() ?? '');
    if (cmd?.name === 'snapshot') return Promise.resolve({ url: location.href, html: document.documentElement.outerHTML, lang: document.documentElement.lang, contentType: document.contentType });
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  const quick = runQuick({
    doc: document,
    check: new SideCheck(sidesJson as SidePatterns),
    onPass: () => {
      if (!ctx.isInvalid) void send({ type: 'inject' }).catch(() => {});
    },
    onReject: () => {
      // Tells the background which page the tab shows (the popup's site switch); nothing on it is on topic.
      if (!ctx.isInvalid) void send({ type: 'report', report: { onTopic: false, entityIds: [], mentionCount: 0 } }).catch(() => {});
    },
  });
  quick.ready.catch(() => quick.undo());
  ctx.onInvalidated(() => {
    quick.undo();
    browser.runtime.onMessage.removeListener(onMessage);
  });
}

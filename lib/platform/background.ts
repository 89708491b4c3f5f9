/**
 * Background wiring: the index is loaded once (bundled with the extension, never fetched from anywhere), and
 * typed requests from our own extension are answered. Messages from other extensions or pages are ignored.
 */
import { browser, type Browser } from 'wxt/browser';
import indexJson from '../../data/index.json';
import searchJson from '../../data/search.json';
import tableJson from '../../data/matcher.json';
import rankJson from '../../data/rank.json';
import { BackstoryService } from '../background/service';
import type { BackstoryIndex } from '../index/types';
import type { MatcherTable } from '../match/types';
import type { RankStats } from '../rank/stats';
import { fromOwnExtension, parseRequest, parseSidebarReply, PENDING_QUERY_KEY, type SidebarAction, type SidebarReply } from '../messages';
import type { SerializedSearch } from '../search/options';
import { readerUrl, type TabCommand } from './messaging';

let service: BackstoryService | null = null;
function getService(): BackstoryService {
  service ??= new BackstoryService(indexJson as unknown as BackstoryIndex, searchJson as SerializedSearch, tableJson as unknown as MatcherTable, rankJson as unknown as RankStats);
  return service;
}

export const LOOKUP_MENU_ID = 'backstory-lookup';

async function openLookup(text: string): Promise<void> {
  const query = text.trim().slice(0, 200);
  if (!query) return;
  await browser.storage.local.set({ [PENDING_QUERY_KEY]: query });
  try {
    await (browser.action as unknown as { openPopup: () => Promise<void> }).openPopup();
  } catch {
    await browser.tabs.create({ url: `${browser.runtime.getURL('/popup.html')}?q=${encodeURIComponent(query)}` });
  }
}

async function activeTab(): Promise<Browser.tabs.Tab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

export function startBackground(): void {
  browser.runtime.onMessage.addListener((msg: unknown, sender: Browser.runtime.MessageSender) => {
    if (!fromOwnExtension(sender, browser.runtime.id)) return undefined;
    const req = parseRequest(msg);
    if (!req) return undefined;
    // Reports come from top frames only: a same-origin iframe's report must not replace its page's.
    if (req.type === 'report' && sender.frameId !== 0) return Promise.resolve({ ok: true });
    if (req.type === 'openReader') return openReader(req.docId, req.start, req.end, sender.tab);
    if (req.type === 'sidebar') return relaySidebar(req.token, req.action, sender.tab?.id);
    if (req.type === 'inject') return injectPageScript(sender.tab?.id, sender.frameId);
    return Promise.resolve(getService().handle(req, sender.tab?.id ?? null, sender.url ?? null));
  });
  browser.tabs.onRemoved.addListener((tabId) => service?.forgetTab(tabId));
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({ id: LOOKUP_MENU_ID, title: browser.i18n.getMessage('menuLookup'), contexts: ['selection'] }),
    );
  });
  browser.contextMenus.onClicked.addListener((info) => {
    if (info.menuItemId === LOOKUP_MENU_ID && info.selectionText) void openLookup(info.selectionText);
  });
  browser.commands.onCommand.addListener((name) => void handleCommand(name));
  // The command path, reachable from an end-to-end test through the service worker: headless Chromium cannot
  // press extension shortcuts, so the test calls this handler directly (see tests/e2e/page.e2e.ts).
  (globalThis as { backstoryHandleCommand?: (name: string) => Promise<void> }).backstoryHandleCommand = handleCommand;
}

/** A keyboard command (commands API): toggle the sidebar, or look up the selection, in the active tab. */
export async function handleCommand(name: string): Promise<void> {
  const tab = await activeTab();
  if (tab?.id === undefined) return;
  if (name === 'toggle-sidebar') {
    const cmd: TabCommand = { type: 'command', name: 'toggle-sidebar' };
    await browser.tabs.sendMessage(tab.id, cmd).catch(() => {});
  } else if (name === 'lookup-selection') {
    const cmd: TabCommand = { type: 'command', name: 'get-selection' };
    const text = (await browser.tabs.sendMessage(tab.id, cmd).catch(() => '')) as unknown;
    if (typeof text === 'string') await openLookup(text);
  }
}

/**
 * A sidebar frame's action, relayed to the content scripts of the frame's own tab (never another tab's): the one
 * whose sidebar holds the token answers, with its view. No state is kept here, so a restarted worker relays as well.
 */
async function relaySidebar(token: string, action: SidebarAction, tabId: number | undefined): Promise<SidebarReply> {
  if (tabId === undefined) return { ok: false, view: null };
  const cmd: TabCommand = { type: 'command', name: 'sidebar', token, action };
  return parseSidebarReply(await browser.tabs.sendMessage(tabId, cmd).catch(() => null));
}

/** The page script (entrypoints/page.content.ts), injected on demand; never listed in the manifest. */
export const PAGE_SCRIPT = '/content-scripts/page.js';

/**
 * Injects the page script into the frame whose quick reject let its page through (lib/content/quick.ts): the
 * matcher, highlights and sidebar tab are parsed only there, never on the off-topic pages that are nearly all.
 */
async function injectPageScript(tabId: number | undefined, frameId: number | undefined): Promise<{ ok: boolean }> {
  if (tabId === undefined) return { ok: false };
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId ?? 0] }, files: [PAGE_SCRIPT] });
    return { ok: true };
  } catch {
    // The frame went away or navigated meanwhile: its next page runs its own quick reject.
    return { ok: false };
  }
}

/** Opens the reader tab next to the sender's tab, for a document the index has. */
async function openReader(docId: string, start: number | undefined, end: number | undefined, from: Browser.tabs.Tab | undefined): Promise<{ ok: boolean }> {
  if (!getService().index.documents.some((d) => d.id === docId)) return { ok: false };
  await browser.tabs.create({ url: readerUrl(docId, start, end), ...(from?.index !== undefined ? { index: from.index + 1 } : {}), ...(from?.windowId !== undefined ? { windowId: from.windowId } : {}) });
  return { ok: true };
}

/**
 * Background wiring: the index is loaded once (bundled with the extension, never fetched from anywhere), and
 * typed requests from our own extension are answered. Messages from other extensions or pages are ignored.
 */
import { browser, type Browser } from 'wxt/browser';
import indexJson from '../../data/index.json';
import tableJson from '../../data/matcher.json';
import rankJson from '../../data/rank.json';
import { BackstoryService } from '../background/service';
import type { BackstoryIndex } from '../index/types';
import type { MatcherTable } from '../match/types';
import type { RankStats } from '../rank/stats';
import { fromOwnExtension, parseRequest, parseSidebarReply, PENDING_QUERY_KEY, type Request, type SidebarAction, type SidebarReply } from '../messages';
import { LibraryBackground } from './library-background';
import { browserSettingsStore } from './settings';
import { SEARCH_FILE, type SerializedSearch } from '../search/options';
import { readerUrl, type TabCommand } from './messaging';

let service: BackstoryService | null = null;
let library: LibraryBackground | null = null;
function getService(): BackstoryService {
  service ??= new BackstoryService(indexJson as unknown as BackstoryIndex, bundledSearch, tableJson as unknown as MatcherTable, rankJson as unknown as RankStats);
  return service;
}
/** The library, read into the service on wake (its compact items only). */
function getLibrary(): LibraryBackground {
  library ??= new LibraryBackground(getService(), searchLoaded);
  return library;
}

/**
 * The bundled search index (data/search.json) is a file of the extension's own (wxt.config.ts), read from the
 * extension's package when the first search needs it, or once a wake's first reply is sent (`warmSearchSoon`): as
 * part of this script, its 340 KB were read and compiled on every wake, a payload's too. Never from the network:
 * the address is the extension's own.
 */
let searchData: SerializedSearch | null = null;
let searchLoading: Promise<void> | null = null;
function searchLoaded(): Promise<void> {
  // A file the build adds (wxt.config.ts), so not among WXT's typed public paths.
  searchLoading ??= fetch((browser.runtime.getURL as (path: string) => string)(`/${SEARCH_FILE}`))
    .then((r) => {
      if (!r.ok) throw new Error(`the extension's ${SEARCH_FILE} could not be read (${r.status})`);
      return r.json() as Promise<SerializedSearch>;
    })
    .then((data) => void (searchData = data))
    .catch((e: unknown) => {
      // Tried again by the next search.
      searchLoading = null;
      throw e;
    });
  return searchLoading;
}
/** What the service searches: read by `searchLoaded` before any request that searches is handed to it. */
function bundledSearch(): SerializedSearch {
  if (!searchData) throw new Error(`the extension's ${SEARCH_FILE} is not read yet`);
  return searchData;
}

export const LOOKUP_MENU_ID = 'backstory-lookup';
export const ADD_MENU_ID = 'backstory-add';

/** Whether a sender is one of the extension's own pages (sidebar frame, popup, options, reader, offscreen). */
function fromOwnPage(sender: Browser.runtime.MessageSender): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

/** A library request: only from the extension's own pages (a page cannot read or change the library). */
async function handleLibrary(req: Request, sender: Browser.runtime.MessageSender): Promise<unknown> {
  const lib = getLibrary();
  switch (req.type) {
    case 'libraryAdd': {
      // The sidebar frame adds its own tab's page; the popup names its active tab.
      const tabId = sender.tab?.id ?? req.tabId;
      if (tabId === undefined) return { ok: false, code: 'unreadable', detail: '' };
      return lib.addTab(tabId);
    }
    case 'libraryList':
      return lib.list();
    case 'libraryRemove':
      return lib.remove(req.url);
    case 'libraryExport':
      return lib.exportFile();
    case 'libraryImport':
      return lib.importFile(req);
    case 'libraryClear':
      return lib.clear();
    default:
      return null;
  }
}

/** The context menu's "Add this page to my library": the result shows on the toolbar button of that tab. */
async function addFromMenu(tabId: number): Promise<void> {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await action.setBadgeText({ tabId, text: '…' }).catch(() => {});
  const r = await getLibrary().addTab(tabId);
  const text = r.ok ? browser.i18n.getMessage('libAddedShort') : '!';
  const title = r.ok ? browser.i18n.getMessage('libAdded', [String(r.events), String(r.claims)]) : libraryErrorText(r.code, r.detail);
  await action.setBadgeText({ tabId, text }).catch(() => {});
  await action.setTitle({ tabId, title }).catch(() => {});
}

function libraryErrorText(code: string, detail: string): string {
  return (browser.i18n.getMessage as (key: string, subs?: string[]) => string)(`libErr_${code}`, [detail]) || code;
}

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
    const own = fromOwnPage(sender);
    if (req.type.startsWith('library')) return own ? handleLibrary(req, sender) : Promise.resolve(null);
    if (!own) {
      // The page's own content script: the bundled index only (what it shows, a page script could read).
      if (req.type === 'report' && req.report.onTopic && sender.tab?.id !== undefined && sender.url) void autoAdd(sender.tab.id, sender.url);
      return (req.type === 'search' ? searchLoaded() : Promise.resolve()).then(() => getService().handle(req, sender.tab?.id ?? null, sender.url ?? null, false));
    }
    const lib = getLibrary();
    // On a wake, the sidebar's payload is ranked as soon as the library's kept view is read, while its events' and
    // claims' JSON is still being read (lib/background/library-sync.ts).
    const ahead = req.type === 'payload' ? lib.rankable.then(() => getService().rankAhead(req.entityIds, req.pageDate, req.page ?? null, sender.url ?? null, true)).catch(() => {}) : Promise.resolve();
    return ahead.then(() => lib.ready).then(async () => {
      if (req.type === 'document' && getService().hasLibraryDocument(req.id)) return getLibrary().document(req.id);
      if (req.type === 'search') {
        await Promise.all([searchLoaded(), getLibrary().beforeSearch()]);
        return getLibrary().snippets(getService().query(req, true));
      }
      return getService().handle(req, sender.tab?.id ?? null, sender.url ?? null, true);
    })
      // Once answered, the search is made ready while the worker is idle (see warmSearchSoon).
      .finally(() => getLibrary().warmSearchSoon());
  });
  browser.tabs.onRemoved.addListener((tabId) => service?.forgetTab(tabId));
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() => {
      browser.contextMenus.create({ id: LOOKUP_MENU_ID, title: browser.i18n.getMessage('menuLookup'), contexts: ['selection'] });
      browser.contextMenus.create({ id: ADD_MENU_ID, title: browser.i18n.getMessage('menuAddLibrary'), contexts: ['page'] });
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === LOOKUP_MENU_ID && info.selectionText) void openLookup(info.selectionText);
    if (info.menuItemId === ADD_MENU_ID && tab?.id !== undefined) void addFromMenu(tab.id);
  });
  // Wake: the library's items are read at once (not on the first request's path).
  void getLibrary().ready;
  // Reachable from an end-to-end test through the service worker, as a context-menu click is not.
  (globalThis as { backstoryAddFromMenu?: (tabId: number) => Promise<void> }).backstoryAddFromMenu = addFromMenu;
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

/** The automatic setting (off by default): an on-topic page joins the library by itself. */
async function autoAdd(tabId: number, url: string): Promise<void> {
  const settings = await browserSettingsStore().get().catch(() => null);
  if (settings?.libraryAuto) await getLibrary().autoAdd(tabId, url).catch(() => {});
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

/** Opens the reader tab next to the sender's tab, for a document the index or the library has. */
async function openReader(docId: string, start: number | undefined, end: number | undefined, from: Browser.tabs.Tab | undefined): Promise<{ ok: boolean }> {
  await getLibrary().ready;
  if (!getService().index.documents.some((d) => d.id === docId) && !getService().hasLibraryDocument(docId)) return { ok: false };
  await browser.tabs.create({ url: readerUrl(docId, start, end), ...(from?.index !== undefined ? { index: from.index + 1 } : {}), ...(from?.windowId !== undefined ? { windowId: from.windowId } : {}) });
  return { ok: true };
}

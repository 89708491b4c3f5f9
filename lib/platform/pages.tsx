/** Extension-page wiring (popup, reader, options): i18n, title, and the app with typed messaging. */
import { render, type ComponentType } from 'preact';
import { browser } from 'wxt/browser';
import { setMessages, t } from '../i18n';
import type { Send } from '../messages';
import { UI_CSS } from '../ui/styles';
import type { ReaderUrl } from '../ui/story';
import type { SettingsStore } from '../settings-store';
import { readerUrl, send } from './messaging';
import { browserSettingsStore } from './settings';

export interface PageProps {
  send: Send;
  readerUrl: ReaderUrl;
  /** The page's own URL (query and hash), for deep links. */
  location: { search: string; hash: string };
  storage: { get: (key: string) => Promise<unknown>; set: (key: string, value: unknown) => Promise<void> };
  /** The settings, read and written only through the shared store. */
  settings: SettingsStore;
  /** Opens the options page. */
  openOptions: () => Promise<void>;
  /** The tab the popup was opened over, if any. */
  activeTabId: () => Promise<number | null>;
  /** Opens an extension page (the reader) in a new tab. */
  openTab: (url: string) => Promise<void>;
  /** Bytes the extension's storage uses, or null when the browser does not say. */
  usage: () => Promise<number | null>;
  /** Saves a file the reader asked for (the library's export): a download from this page, nothing sent anywhere. */
  download: (name: string, text: string) => void;
}

/** What every extension page (the sidebar frame too) sets up first: strings, language, title, styles. */
export function setupPage(titleKey: string, ...bodyClasses: string[]): void {
  const lang = browser.i18n.getUILanguage();
  setMessages((k, s) => (browser.i18n.getMessage as (key: string, subs?: string | string[]) => string)(k, s), lang);
  document.documentElement.lang = lang.startsWith('de') ? 'de' : 'en';
  document.title = t(titleKey);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(UI_CSS);
  document.adoptedStyleSheets = [sheet];
  document.body.classList.add('bs-root', ...bodyClasses);
}

export function startPage(titleKey: string, App: ComponentType<PageProps>): void {
  setupPage(titleKey);
  const props: PageProps = {
    send,
    readerUrl,
    location: { search: location.search, hash: location.hash },
    storage: {
      get: async (key) => (await browser.storage.local.get(key))[key],
      set: async (key, value) => browser.storage.local.set({ [key]: value }),
    },
    settings: browserSettingsStore(),
    openOptions: () => browser.runtime.openOptionsPage(),
    activeTabId: async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.id ?? null;
    },
    // tabs.create rather than window.open: a window opened by the popup can start without extension APIs.
    openTab: async (url) => {
      await browser.tabs.create({ url });
    },
    usage: async () => (await navigator.storage?.estimate?.().catch(() => null))?.usage ?? null,
    download: (name, text) => {
      const href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    },
  };
  render(<App {...props} />, document.getElementById('app')!);
}

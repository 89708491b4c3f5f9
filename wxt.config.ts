import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { HIGHLIGHT_CSS_FILE, highlightCss } from './lib/highlight/css';
import { SEARCH_FILE } from './lib/search/options';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // The highlight colours ship as a stylesheet the browser injects before the page is built (lib/highlight/css.ts):
    // adopted later, a stylesheet makes the browser restyle the whole page, one long task on a huge one.
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: HIGHLIGHT_CSS_FILE, contents: highlightCss() });
      // The bundled search index as a file of its own, read by the background on the first search
      // (lib/platform/background.ts): inlined, its 340 KB were read and compiled with the worker's script on every wake.
      files.push({ relativeDest: SEARCH_FILE, absoluteSrc: resolve('data', SEARCH_FILE) });
    },
    'build:manifestGenerated': (_wxt, manifest) => {
      const scripts = manifest.content_scripts ?? [];
      // Wherever the content script runs (same pages, every frame), from the start of the document.
      const main = scripts.find((s) => s.js?.some((f) => f.endsWith('content.js')));
      if (!main) throw new Error('wxt.config.ts: no content script in the manifest to ship the highlight stylesheet with');
      manifest.content_scripts = [...scripts, { matches: main.matches, css: [HIGHLIGHT_CSS_FILE], all_frames: main.all_frames ?? false, run_at: 'document_start' }];
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Every permission is listed with its reason in the README's Privacy section; keep the two in step.
    // Chromium: `offscreen`, the library's worker (a DOM for article extraction, off the service worker); Firefox's
    // background page has a DOM of its own. `scripting`: injecting the page script (entrypoints/page.content.ts) into
    // a page that may be on topic.
    permissions: browser === 'firefox' ? ['storage', 'contextMenus', 'scripting'] : ['storage', 'contextMenus', 'scripting', 'offscreen'],
    // The same pages the content script runs on (MV3 asks host permissions for scripting.executeScript; the README
    // says why).
    host_permissions: ['http://*/*', 'https://*/*'],
    // The sidebar is an extension page in an iframe on the page (out of the page's reach): a page may only frame
    // what is web-accessible. Only sidebar.html; in Chromium behind a per-session URL (use_dynamic_url), so a site
    // cannot probe for the extension by its fixed id. See the README's Privacy section.
    web_accessible_resources:
      browser === 'firefox' ? ['sidebar.html'] : [{ resources: ['sidebar.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+B' },
        description: '__MSG_cmdToggleSidebar__',
      },
      'lookup-selection': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: '__MSG_cmdLookup__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'backstory@backstory.invalid',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});

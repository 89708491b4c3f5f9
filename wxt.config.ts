import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Every permission is listed with its reason in the README's Privacy section; keep the two in step.
    permissions: ['storage', 'contextMenus'],
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

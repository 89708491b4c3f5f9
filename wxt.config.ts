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

/** The settings store on `browser.storage.local` (see lib/settings-store.ts). */
import { browser } from 'wxt/browser';
import { SETTINGS_KEY } from '../settings';
import { SettingsStore } from '../settings-store';

export function browserSettingsStore(): SettingsStore {
  return new SettingsStore({
    read: async () => (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY],
    write: (value) => browser.storage.local.set({ [SETTINGS_KEY]: value }),
    listen: (cb) => {
      const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
        if (area === 'local' && changes[SETTINGS_KEY]) cb(changes[SETTINGS_KEY].newValue);
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => browser.storage.onChanged.removeListener(onChanged);
    },
  });
}

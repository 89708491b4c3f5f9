import { describe, expect, test } from 'vitest';
import { defaultSettings, parseSettings, siteOf, withSiteRule, type Settings } from '../../lib/settings';
import { SettingsStore, type SettingsArea } from '../../lib/settings-store';

/** A storage area in memory that notifies listeners like browser.storage.onChanged. */
function memoryArea(initial: unknown): SettingsArea & { raw: () => unknown; writes: number } {
  let raw = initial;
  const listeners = new Set<(raw: unknown) => void>();
  const area = {
    writes: 0,
    raw: () => raw,
    read: async () => raw,
    write: async (value: Settings) => {
      raw = structuredClone(value);
      area.writes++;
      for (const l of listeners) l(raw);
    },
    listen: (cb: (raw: unknown) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  return area;
}

describe('settings store', () => {
  test('reads corrupted storage as defaults, keeping the site rules it can read', async () => {
    const store = new SettingsStore(memoryArea({ version: 7, enabled: 'maybe', sites: { 'a.com': 'never', 'b.com': 'sometimes' } }));
    const s = await store.get();
    expect(s.enabled).toBe(true);
    expect(s.sites).toEqual({ 'a.com': 'never' });
  });

  test('update applies a function to the stored value and writes a valid object', async () => {
    const area = memoryArea(undefined);
    const store = new SettingsStore(area);
    const next = await store.update((s) => withSiteRule(s, 'news.example', 'always'));
    expect(next.sites).toEqual({ 'news.example': 'always' });
    expect(area.raw()).toEqual({ ...defaultSettings(), sites: { 'news.example': 'always' } });
    // An invalid change is validated away, never stored as is.
    await store.update((s) => ({ ...s, highlightStyle: 'blink' as never }));
    expect(parseSettings(area.raw()).highlightStyle).toBe('background');
    expect((area.raw() as Settings).highlightStyle).toBe('background');
  });

  test('concurrent updates from one context both land (no lost write)', async () => {
    const area = memoryArea(defaultSettings());
    const store = new SettingsStore(area);
    await Promise.all([
      store.update((s) => ({ ...s, sidebarOpen: { ...s.sidebarOpen, 'a.com': true } })),
      store.update((s) => withSiteRule(s, 'b.com', 'never')),
      store.update((s) => ({ ...s, enabled: false })),
    ]);
    const s = parseSettings(area.raw());
    expect(s.sidebarOpen).toEqual({ 'a.com': true });
    expect(s.sites).toEqual({ 'b.com': 'never' });
    expect(s.enabled).toBe(false);
    expect(area.writes).toBe(3);
  });

  test('two stores on one area (two contexts) see each other through the stored value', async () => {
    const area = memoryArea(undefined);
    const popup = new SettingsStore(area);
    const content = new SettingsStore(area);
    const seen: Settings[] = [];
    const off = content.subscribe((s) => seen.push(s));
    await popup.update((s) => withSiteRule(s, 'a.com', 'never'));
    await content.update((s) => ({ ...s, sidebarOpen: { 'a.com': false } }));
    expect((await popup.get()).sites).toEqual({ 'a.com': 'never' });
    expect(seen.map((s) => s.sites['a.com'])).toEqual(['never', 'never']);
    off();
    await popup.update((s) => withSiteRule(s, 'a.com', null));
    expect(seen).toHaveLength(2);
  });

  test('a failing read gives defaults; a failing write rejects that update but not the next', async () => {
    let fail = true;
    const area = memoryArea(undefined);
    const store = new SettingsStore({
      ...area,
      read: async () => {
        if (fail) throw new Error('storage gone');
        return area.read();
      },
    });
    expect(await store.get()).toEqual(defaultSettings());
    const bad = new SettingsStore({ ...area, write: async () => Promise.reject(new Error('quota')) });
    await expect(bad.update((s) => s)).rejects.toThrow('quota');
    fail = false;
    await store.update((s) => ({ ...s, autoOpen: true }));
    expect((await store.get()).autoOpen).toBe(true);
  });
});

describe('site helpers', () => {
  test('siteOf keeps host and port of web pages only', () => {
    expect(siteOf('https://www.Example.com/a?b#c')).toBe('www.example.com');
    expect(siteOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
    expect(siteOf('chrome-extension://abc/popup.html')).toBeNull();
    expect(siteOf('file:///tmp/a.html')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
  });
  test('withSiteRule sets and removes one rule, leaving the others', () => {
    const s = withSiteRule(withSiteRule(defaultSettings(), 'a.com', 'never'), 'b.com', 'always');
    expect(s.sites).toEqual({ 'a.com': 'never', 'b.com': 'always' });
    expect(withSiteRule(s, 'a.com', null).sites).toEqual({ 'b.com': 'always' });
  });
});

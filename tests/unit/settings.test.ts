import { describe, expect, test } from 'vitest';
import { activeOn, defaultSettings, parseSettings, SETTINGS_VERSION } from '../../lib/settings';

describe('settings', () => {
  test('missing or corrupted settings fall back to defaults', () => {
    expect(parseSettings(undefined)).toEqual(defaultSettings());
    expect(parseSettings('garbage')).toEqual(defaultSettings());
    expect(parseSettings({ version: 1, enabled: 'yes', highlightStyle: 'blink', types: 'all' })).toEqual(defaultSettings());
  });
  test('a future version keeps what it can still read, per-site lists above all', () => {
    const s = parseSettings({ version: 99, enabled: false, sites: { 'example.com': 'never', 'bad host!': 'never', 'news.de': 'sometimes' }, newField: 1 });
    expect(s.enabled).toBe(false);
    expect(s.sites).toEqual({ 'example.com': 'never' });
    expect(s.version).toBe(SETTINGS_VERSION);
  });
  test('version 0 (a list of disabled sites) migrates to site rules', () => {
    expect(parseSettings({ disabledSites: ['a.com', 'b.org', 7] }).sites).toEqual({ 'a.com': 'never', 'b.org': 'never' });
  });
  test('version 1 (no density) stays valid: every field kept, the calm density added', () => {
    const v1 = { version: 1, enabled: false, sites: { 'a.com': 'always' }, types: ['person', 'weapon'], autoOpen: true, highlightStyle: 'underline', sidebarOpen: { 'a.com': true } };
    expect(parseSettings(v1)).toEqual({ ...v1, version: SETTINGS_VERSION, density: 'story', libraryAuto: false });
  });
  test('adding every on-topic page to the library is off by default, and kept when set', () => {
    expect(defaultSettings().libraryAuto).toBe(false);
    expect(parseSettings({ ...defaultSettings(), libraryAuto: true }).libraryAuto).toBe(true);
    expect(parseSettings({ ...defaultSettings(), libraryAuto: 'yes' }).libraryAuto).toBe(false);
  });
  test('the density: one of story, first, all; anything else is the default', () => {
    for (const density of ['story', 'first', 'all'] as const) expect(parseSettings({ ...defaultSettings(), density }).density).toBe(density);
    expect(parseSettings({ ...defaultSettings(), density: 'some' }).density).toBe('story');
    expect(defaultSettings().density).toBe('story');
  });
  test('site rules override the global switch', () => {
    const s = { ...defaultSettings(), enabled: false, sites: { 'a.com': 'always' as const, 'b.com': 'never' as const } };
    expect(activeOn(s, 'a.com')).toBe(true);
    expect(activeOn(s, 'b.com')).toBe(false);
    expect(activeOn(s, 'c.com')).toBe(false);
    expect(activeOn({ ...s, enabled: true }, 'c.com')).toBe(true);
  });
});

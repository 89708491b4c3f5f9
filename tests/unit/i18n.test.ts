import { LIBRARY_ERROR_CODES } from '../../lib/library/errors';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { DENSITIES } from '../../lib/highlight/density';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDate, getterFrom, setMessages, t } from '../../lib/i18n';
import { ENTITY_TYPES } from '../../lib/match/types';
import { ROOT } from './helpers';

type Messages = Record<string, { message: string }>;
const load = (lang: string): Messages => JSON.parse(readFileSync(join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8')) as Messages;
const en = load('en');
const de = load('de');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

/** Keys built at run time (t(`type_${type}`)): every value each prefix can be completed with. */
const DYNAMIC: Record<string, readonly string[]> = {
  type_: ENTITY_TYPES,
  stance_: ['asserts', 'confirms', 'disputes', 'denies'],
  kind_: ['entity', 'event', 'claim', 'document'],
  optStyle_: ['background', 'underline'],
  optDensity_: DENSITIES,
  eventKind_: ['meeting', 'visit', 'summit', 'delivery', 'exercise', 'signing', 'invasion', 'attack', 'announcement', 'sanctions'],
  optRule_: ['never', 'always'],
  libErr_: LIBRARY_ERROR_CODES,
};

const uiSources = (): string[] => [...sources(join(ROOT, 'lib')), ...sources(join(ROOT, 'entrypoints'))].filter((f) => !f.includes('/lib/cli/'));

/** Every literal key passed to t(...), plus the keys built from known prefixes. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of uiSources()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/startPage\(\s*'([A-Za-z_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/getMessage\(\s*'([A-Za-z_]+)'/g)) keys.add(m[1]!);
  }
  for (const [prefix, values] of Object.entries(DYNAMIC)) for (const v of values) keys.add(`${prefix}${v}`);
  const manifest = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
  for (const m of manifest.matchAll(/__MSG_(\w+)__/g)) keys.add(m[1]!);
  return keys;
}

describe('i18n', () => {
  test('English and German have the same keys, none empty', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of [...Object.entries(en), ...Object.entries(de)]) expect(v.message.trim(), k).not.toBe('');
  });

  test('every string the code uses exists in both languages', () => {
    const missing = [...usedKeys()].filter((k) => !en[k] || !de[k]);
    expect(missing).toEqual([]);
  });

  test('every key built at run time has a known prefix, so all its values are checked above', () => {
    const unknown: string[] = [];
    for (const file of uiSources()) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*`([A-Za-z_]*)\$\{/g)) if (!(m[1]! in DYNAMIC)) unknown.push(`${file}: ${m[1]}`);
      // A key that is neither a literal nor a known prefix (t(someVariable)) cannot be checked at all.
      // (titleKey is startPage's parameter: the keys passed to startPage are collected as literals.)
      for (const m of text.matchAll(/\bt\(\s*([A-Za-z_][\w.]*)\s*[,)]/g)) if (m[1] !== 'titleKey') unknown.push(`${file}: t(${m[1]})`);
    }
    expect(unknown).toEqual([]);
  });

  test('no user-facing text is written into the UI code directly', () => {
    const found: string[] = [];
    for (const file of uiSources().filter((f) => f.endsWith('.tsx'))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        // JSX text on a line of its own ("Close sidebar"), or a literal label, title, placeholder or alt text.
        if (/^\s+(?:[A-ZÄÖÜ][\wäöüß'’.,!?-]*|[\wäöüß'’.,!?-]+(?: [\wäöüß'’.,!?-]+)+)\s*$/.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        for (const m of line.matchAll(/\b(aria-label|title|placeholder|alt)=["']([^"']*)["']/g)) found.push(`${file}:${i + 1}: ${m[0]}`);
        // Words right before a closing tag: <h2>Settings</h2>.
        for (const m of line.matchAll(/>([^<>{}=]*[A-Za-zÄÖÜäöü]{2,}[^<>{}=]*)<\//g)) found.push(`${file}:${i + 1}: ${m[1]}`);
      });
    }
    expect(found).toEqual([]);
  });

  test('German is really German where the text differs by language', () => {
    setMessages(getterFrom(de), 'de');
    expect(t('sectionBefore')).toBe('Vor diesem Artikel');
    expect(t('tabMentions')).toBe('Erwähnungen auf dieser Seite: Seitenleiste öffnen');
    expect(t('siteControls', 'example.com')).toBe('Auf example.com');
    expect(formatDate('2022-07-19')).toBe('19. Juli 2022');
    setMessages(getterFrom(en), 'en');
    expect(t('siteControls', 'example.com')).toBe('On example.com');
    expect(formatDate('2022-07-19')).toBe('Jul 19, 2022');
    expect(formatDate('2022-07')).toBe('July 2022');
  });

  test('a missing key shows the key, never a blank', () => {
    setMessages(getterFrom(en), 'en');
    expect(t('noSuchKey')).toBe('noSuchKey');
  });
});

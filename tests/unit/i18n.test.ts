import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Every literal key passed to t(...), plus the keys built from known prefixes. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of [...sources(join(ROOT, 'lib')), ...sources(join(ROOT, 'entrypoints'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/startPage\(\s*'([A-Za-z_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/getMessage\(\s*'([A-Za-z_]+)'/g)) keys.add(m[1]!);
  }
  for (const type of ENTITY_TYPES) keys.add(`type_${type}`);
  for (const stance of ['asserts', 'confirms', 'disputes', 'denies']) keys.add(`stance_${stance}`);
  for (const kind of ['entity', 'event', 'claim', 'document']) keys.add(`kind_${kind}`);
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

  test('German is really German where the text differs by language', () => {
    setMessages(getterFrom(de), 'de');
    expect(t('sectionBefore')).toBe('Vor diesem Artikel');
    expect(t('tabLabel', 12)).toBe('Backstory öffnen: 12 Erwähnungen auf dieser Seite');
    expect(formatDate('2022-07-19')).toBe('19. Juli 2022');
    setMessages(getterFrom(en), 'en');
    expect(t('tabLabel', 12)).toBe('Open Backstory: 12 mentions on this page');
    expect(formatDate('2022-07-19')).toBe('Jul 19, 2022');
    expect(formatDate('2022-07')).toBe('July 2022');
  });

  test('a missing key shows the key, never a blank', () => {
    setMessages(getterFrom(en), 'en');
    expect(t('noSuchKey')).toBe('noSuchKey');
  });
});

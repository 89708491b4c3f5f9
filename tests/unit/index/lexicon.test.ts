import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readLexicons } from '../../../lib/cli/index-cmd';
import { speechCues } from '../../../lib/index/cues';
import { betterDate, compatibleDates, mergeEvents } from '../../../lib/index/events';
import { compileLexicon, compileLexicons, lexiconFor } from '../../../lib/index/lexicon';
import { asciiDigits, findPersianDates, gregorianOf, jalaliOf } from '../../../lib/index/persian-dates';
import type { IndexEvent } from '../../../lib/index/types';
import { IndexInputError, parseMetadata } from '../../../lib/index/validate';
import { realMatcher, ROOT } from '../helpers';

const files = readLexicons(join(ROOT, 'data/lexicon'));
const lexicons = compileLexicons(files);
const cues = (text: string, lang: string) => speechCues(text, lexiconFor(lexicons, lang)).map((c) => [c.word, c.cls]);

describe('cue lexicons (data/lexicon/<lang>.json)', () => {
  test('one file per language: en, de, fr, es, ru, fa', () => {
    expect([...lexicons.keys()].sort()).toEqual(['de', 'en', 'es', 'fa', 'fr', 'ru']);
  });

  test.each([
    ['Lavrov said the treaty was not aimed at anyone.', 'en', [['said', 'asserts']]],
    ['Peskow sagte, das sei falsch.', 'de', [['sagte', 'asserts']]],
    ['Sergueï Lavrov a déclaré que le traité ne visait personne.', 'fr', [['a déclaré', 'asserts']]],
    ['Le Kremlin a démenti ces informations.', 'fr', [['a démenti', 'denies']]],
    ['Peskov dijo que la información era falsa.', 'es', [['dijo', 'asserts']]],
    ['Según funcionarios estadounidenses, Irán medió.', 'es', [['según', 'source']]],
    ['Лавров заявил, что договор не направлен против третьих стран.', 'ru', [['заявил', 'asserts']]],
    ['Захарова опровергла эти сообщения.', 'ru', [['опровергла', 'denies']]],
    ['پسکوف گفت این گزارش‌ها ساختگی است.', 'fa', [['گفت', 'asserts']]],
    ['کرملین این گزارش را تکذیب کرد.', 'fa', [['تکذیب کرد', 'denies']]],
    ['عبداللهیان تأیید کرد که ایران پهپاد داده است.', 'fa', [['تأیید کرد', 'confirms']]],
  ])('%s (%s)', (text, lang, expected) => {
    expect(cues(text, lang)).toEqual(expected);
  });

  test('letter boundaries hold in Cyrillic and Persian (no cue inside a longer word)', () => {
    expect(cues('Заявления Лаврова', 'ru')).toEqual([]);
    expect(cues('گفتگو درباره پهپادها', 'fa')).toEqual([]);
  });

  test('a language without a file has no cues, never another language’s', () => {
    expect(cues('Putin said so.', 'it')).toEqual([]);
  });

  test('adding a language is adding a file', () => {
    const it = compileLexicon(JSON.stringify({ ...JSON.parse(files['en.json']!), lang: 'it', chrono: null, speech: { hearsay: [], source: ['secondo'], denies: ['ha smentito'], confirms: [], asserts: ['ha detto'] } }), 'it.json');
    const map = compileLexicons({ ...files, 'it.json': JSON.stringify({ ...JSON.parse(files['en.json']!), lang: 'it', speech: { hearsay: [], source: [], denies: ['ha smentito'], confirms: [], asserts: ['ha detto'] } }) });
    expect(speechCues('Il Cremlino ha smentito.', it).map((c) => c.cls)).toEqual(['denies']);
    expect([...map.keys()]).toContain('it');
  });

  test('a bad lexicon names its file and field; two files for one language name both', () => {
    expect(() => compileLexicon('{', 'xx.json')).toThrow(IndexInputError);
    expect(() => compileLexicon(JSON.stringify({ ...JSON.parse(files['en.json']!), speech: { ...JSON.parse(files['en.json']!).speech, asserts: ['said('] } }), 'en.json')).toThrow(/en\.json: speech: not a valid pattern/);
    expect(() => compileLexicons({ 'en.json': files['en.json']!, 'en2.json': files['en.json']! })).toThrow(/en2\.json: a second lexicon for "en" \(the first is en\.json\)/);
  });
});

describe('Solar Hijri dates (jalaali-js one way, Intl persian calendar the other)', () => {
  test('۲۸ دی ۱۴۰۳ is 2025-01-17, and back', () => {
    expect(gregorianOf(1403, 10, 28)).toBe('2025-01-17');
    expect(jalaliOf('2025-01-17')).toEqual([1403, 10, 28]);
  });
  test.each([
    ['2022-07-19', [1401, 4, 28]],
    ['2024-03-20', [1403, 1, 1]],
    ['2023-03-20', [1401, 12, 29]],
    ['2024-10-22', [1403, 8, 1]],
  ] as Array<[string, [number, number, number]]>)('%s round-trips', (g, j) => {
    expect(jalaliOf(g)).toEqual(j);
    expect(gregorianOf(...j)).toBe(g);
  });
  test('Persian and Arabic-Indic digits; a day that does not exist is no date', () => {
    expect(asciiDigits('۲۸ دی ۱۴۰۳ / ٢٠٢٥')).toBe('28 دی 1403 / 2025');
    expect(findPersianDates('۳۱ اسفند ۱۴۰۳', '2025-03-25')).toEqual([]);
    expect(findPersianDates('روز ۲۸ دی ۱۴۰۳ امضا شد', null).map((d) => [d.value, d.basis])).toEqual([['2025-01-17', 'text']]);
  });
});

const ev = (id: string, docId: string, kind: string, value: string, basis: IndexEvent['date']['basis'], entityIds: string[]): IndexEvent => ({
  id,
  date: { value, basis },
  precision: value.replace(/^--/, 'YYYY-').length === 10 ? 'day' : value.replace(/^--/, 'YYYY-').length === 7 ? 'month' : 'year',
  summary: id,
  kind,
  entityIds,
  placeId: null,
  docId,
  quote: id,
  start: 0,
  end: 1,
  sources: [{ docId, quote: id, start: 0, end: 1 }],
});

describe('one event, many sources', () => {
  const { table } = realMatcher();
  const people = ['person:vladimir-putin', 'person:masoud-pezeshkian'];

  test('compatible dates: containment, and a date without a year against its month and day', () => {
    expect(compatibleDates('2025-01', '2025-01-17')).toBe(true);
    expect(compatibleDates('2025', '2025-01-17')).toBe(true);
    expect(compatibleDates('2025-01-16', '2025-01-17')).toBe(false);
    expect(compatibleDates('--01-17', '2025-01-17')).toBe(true);
    expect(compatibleDates('--01-17', '2025-02-17')).toBe(false);
  });

  test('the date kept is the most precise well-founded one; a stated date beats an inferred one', () => {
    const month = { date: { value: '2025-01', basis: 'text' as const }, precision: 'month' as const };
    const day = { date: { value: '2025-01-17', basis: 'inferred' as const }, precision: 'day' as const };
    const dayText = { date: { value: '2025-01-17', basis: 'text' as const }, precision: 'day' as const };
    expect(betterDate(month, day)).toBe(day);
    expect(betterDate(day, dayText)).toBe(dayText);
    expect(betterDate(dayText, day)).toBe(dayText);
  });

  test('same kind, same main participants, compatible dates: one event with every source and its own quote', () => {
    const merged = mergeEvents(
      [
        ev('a', 'doc:a', 'signing', '2025-01', 'text', people),
        ev('b', 'doc:b', 'signing', '2025-01-17', 'inferred', [...people, 'agreement:comprehensive-strategic-partnership-treaty']),
        ev('c', 'doc:c', 'signing', '2025-01-16', 'text', people),
        ev('d', 'doc:d', 'delivery', '2025-01-17', 'text', people),
        ev('e', 'doc:e', 'signing', '2025-01-17', 'text', ['person:sergey-lavrov']),
      ],
      table,
    );
    const ab = merged.find((e) => e.sources.some((s) => s.docId === 'doc:a'))!;
    expect(ab.sources.map((s) => [s.docId, s.quote])).toEqual([['doc:a', 'a'], ['doc:b', 'b']]);
    expect([ab.date, ab.precision]).toEqual([{ value: '2025-01-17', basis: 'inferred' }, 'day']);
    expect(merged).toHaveLength(4);
  });

  test('an undated article’s “January 17” takes its year from another source of the event, and says so', () => {
    const merged = mergeEvents([ev('p', 'doc:p', 'signing', '--01-17', 'partial', people), ev('m', 'doc:m', 'signing', '2025-01', 'text', people)], table);
    expect(merged).toHaveLength(1);
    expect([merged[0]!.date, merged[0]!.precision]).toEqual([{ value: '2025-01-17', basis: 'borrowed' }, 'day']);
  });

  test('alone, it keeps only what is stated: no year is guessed', () => {
    const merged = mergeEvents([ev('p', 'doc:p', 'signing', '--01-17', 'partial', people), ev('m', 'doc:m', 'signing', '2024-03', 'text', people)], table);
    expect(merged.map((e) => e.date.value).sort()).toEqual(['--01-17', '2024-03']);
  });
});

describe('metadata: the date is optional', () => {
  const meta = (date: unknown) => JSON.stringify({ version: 1, articles: [{ file: 'a.txt', title: 'A', lang: 'en', ...(date === undefined ? {} : { date }) }] });
  test('null or absent is an article without a date; a malformed one is still an error', () => {
    expect(parseMetadata(meta(null))[0]!.date).toBeNull();
    expect(parseMetadata(meta(undefined))[0]!.date).toBeNull();
    expect(() => parseMetadata(meta({ value: '17.01.2025', basis: 'text' }))).toThrow(/date\.value/);
  });
});

import { describe, expect, test } from 'vitest';
import { clean } from '../../../lib/index/clean';
import { join } from 'node:path';
import { readLexicons } from '../../../lib/cli/index-cmd';
import { findDates as findDatesIn } from '../../../lib/index/dates';
import { compileLexicons, lexiconFor } from '../../../lib/index/lexicon';
import { sentences } from '../../../lib/index/sentences';

const lexicons = compileLexicons(readLexicons(join(__dirname, '../../../data/lexicon')));
const findDates = (s: string, lang: string, ref: string | null) => findDatesIn(s, lexiconFor(lexicons, lang), ref);
const texts = (t: string, lang: string): string[] => sentences(t, lang).map((s) => t.slice(s.start, s.end));

describe('sentences (Intl.Segmenter, mended)', () => {
  test('abbreviations and initials do not end a sentence', () => {
    expect(texts('Mr. Putin met George W. Bush in the U.S. yesterday. Then he left.', 'en')).toEqual(['Mr. Putin met George W. Bush in the U.S. yesterday.', 'Then he left.']);
  });
  test('a quotation of two sentences stays with its attribution', () => {
    expect(texts('“We are developing cooperation. We intend to do this further,” Peskov said. Next.', 'en')).toEqual([
      '“We are developing cooperation. We intend to do this further,” Peskov said.',
      'Next.',
    ]);
  });
  test('German quotes „…“ close and the next sentence starts', () => {
    expect(texts('Er sagte, dies sei „ein neues Niveau“. Am Dienstag traf er Bagheri.', 'de')).toEqual(['Er sagte, dies sei „ein neues Niveau“.', 'Am Dienstag traf er Bagheri.']);
  });
  test('the ordinal day of a German date does not end a sentence', () => {
    expect(texts('MOSKAU, 20. Januar 2025 (dpa). Putin traf Peseschkian am 17. Januar in Moskau. Am 3. 3. 2025 sagte er, dass es gut sei.', 'de')).toEqual([
      'MOSKAU, 20. Januar 2025 (dpa).',
      'Putin traf Peseschkian am 17. Januar in Moskau.',
      'Am 3. 3. 2025 sagte er, dass es gut sei.',
    ]);
    // A number that ends a sentence still ends it.
    expect(texts('Die Zahl der Drohnen stieg auf 40. Iran bestritt das.', 'de')).toEqual(['Die Zahl der Drohnen stieg auf 40.', 'Iran bestritt das.']);
  });
  test('paragraph breaks always end a sentence', () => {
    expect(texts('Russia and Iran’s ‘critical’ offer\n\nTo see how Russia can help.', 'en')).toEqual(['Russia and Iran’s ‘critical’ offer', 'To see how Russia can help.']);
  });
});

describe('dates resolved against the article date', () => {
  const one = (s: string, lang: string, ref: string) => findDates(s, lang, ref).map((d) => [d.text, d.value, d.precision, d.basis]);
  test.each([
    ['said on Tuesday that', 'en', '2022-07-12', [['on Tuesday', '2022-07-12', 'day', 'inferred']]],
    ['informed Tuesday.', 'en', '2024-10-16', [['Tuesday', '2024-10-15', 'day', 'inferred']]],
    ['would travel to Tehran on July 19', 'en', '2022-07-12', [['July 19', '2022-07-19', 'day', 'inferred']]],
    ['on October 11, 2024, in Ashgabat', 'en', '2024-10-16', [['October 11, 2024', '2024-10-11', 'day', 'text']]],
    ['five months ago', 'en', '2022-07-19', [['five months ago', '2022-02', 'month', 'inferred']]],
    ['last week that Iran', 'en', '2022-07-19', [['last week', '2022-07', 'month', 'inferred']]],
    ['met in Moscow in January', 'en', '2022-07-19', [['January', '2022-01', 'month', 'inferred']]],
    ['in early 2020', 'en', '2022-07-12', [['early 2020', '2020', 'year', 'text']]],
    ['at the beginning of the year', 'en', '2024-08-04', [['at the beginning of the year', '2024', 'year', 'inferred']]],
    ['versprach am Mittwoch, dass', 'de', '2023-09-20', [['am Mittwoch', '2023-09-20', 'day', 'inferred']]],
    ['Am Dienstag traf Shoigu', 'de', '2023-09-20', [['Am Dienstag', '2023-09-19', 'day', 'inferred']]],
    ['Anfang dieses Monats wurde', 'de', '2023-09-20', [['Anfang dieses Monats', '2023-09', 'month', 'inferred']]],
    ['im November 2022 dass', 'de', '2023-09-20', [['im November 2022', '2022-11', 'month', 'text']]],
    ['ont signé le traité le 17 janvier à Moscou', 'fr', '2025-01-20', [['17 janvier', '2025-01-17', 'day', 'inferred']]],
    ['a déclaré mardi dernier que', 'fr', '2025-01-20', [['mardi dernier', '2025-01-14', 'day', 'inferred']]],
    ['signé en janvier 2025 à Moscou', 'fr', '2025-03-02', [['en janvier 2025', '2025-01', 'month', 'text']]],
    ['firmaron el 17 de enero de 2025 en Moscú', 'es', '2025-01-20', [['17 de enero de 2025', '2025-01-17', 'day', 'text']]],
    ['la cumbre de octubre de 2024 en Kazán', 'es', '2024-11-02', [['octubre de 2024', '2024-10', 'month', 'text']]],
    ['подписали 17 января 2025 года в Москве', 'ru', '2025-01-20', [['17 января 2025 года', '2025-01-17', 'day', 'text']]],
    ['заявил в прошлую пятницу', 'ru', '2025-01-20', [['в прошлую пятницу', '2025-01-17', 'day', 'inferred']]],
    ['روز ۲۸ دی ۱۴۰۳ در مسکو امضا شد', 'fa', '2025-01-20', [['۲۸ دی ۱۴۰۳', '2025-01-17', 'day', 'text']]],
    ['۲۸ دی در مسکو امضا شد', 'fa', '2025-01-20', [['۲۸ دی', '2025-01-17', 'day', 'inferred']]],
    ['در مهر ۱۴۰۳ برگزار شد', 'fa', '2024-11-01', [['مهر ۱۴۰۳', '2024-10', 'month', 'text']]],
    ['روز سه‌شنبه گفت', 'fa', '2022-07-20', [['روز سه‌شنبه', '2022-07-19', 'day', 'inferred']]],
    ['روز سه‌شنبه ۲۸ تیر ۱۴۰۱ در تهران', 'fa', '2022-07-20', [['۲۸ تیر ۱۴۰۱', '2022-07-19', 'day', 'text']]],
  ])('%s (%s, article %s)', (s, lang, ref, expected) => {
    expect(one(s, lang, ref)).toEqual(expected);
  });
  test('an article without a date keeps only what is stated: a year when stated, else --MM-DD (partial), never a weekday', () => {
    expect(findDates('signed on January 17 in Moscow', 'en', null).map((d) => [d.value, d.basis])).toEqual([['--01-17', 'partial']]);
    expect(findDates('met last Friday in Tehran', 'en', null)).toEqual([]);
    expect(findDates('signed on January 17, 2025', 'en', null).map((d) => [d.value, d.basis])).toEqual([['2025-01-17', 'text']]);
    expect(findDates('le 17 janvier à Moscou', 'fr', null).map((d) => [d.value, d.basis])).toEqual([['--01-17', 'partial']]);
    expect(findDates('۲۸ دی در مسکو', 'fa', null).map((d) => [d.value, d.basis])).toEqual([['--10-28', 'partial']]);
    expect(findDates('روز سه‌شنبه گفت', 'fa', null)).toEqual([]);
  });
  test('no date in plain text or in "since the early 2000s"', () => {
    expect(findDates('the two countries have expanded cooperation since the early 2000s', 'en', '2022-07-12')).toEqual([]);
  });
});

describe('clean', () => {
  test('menus, breadcrumbs, footers, credits and tags go; captions stay marked', () => {
    const raw = [
      'Site Name',
      'Main Menu',
      '  • Home',
      'Home›News›The title of the story here',
      'The title of the story here',
      'By Jane Doe',
      'July 12, 2022',
      'Putin met Raisi in Tehran, the Kremlin said on Tuesday.',
      'Putin and Raisi shake hands in Tehran on July 19, 2022.',
      'Jane Roe|Agency|Getty Images',
      'The talks went on for hours, officials said.',
      'Related posts:',
      '  1. Another story',
    ].join('\n');
    const r = clean(raw, 'The title of the story here');
    expect(r.text).toBe('Putin met Raisi in Tehran, the Kremlin said on Tuesday.\n\nPutin and Raisi shake hands in Tehran on July 19, 2022.\n\nThe talks went on for hours, officials said.');
    expect(r.stated).toEqual({ date: '2022-07-12', author: 'Jane Doe' });
    expect(r.captions.map((c) => r.text.slice(c.start, c.end))).toEqual(['Putin and Raisi shake hands in Tehran on July 19, 2022.']);
    expect(r.removed.map((x) => x.reason)).toContain('photo credit');
  });
});

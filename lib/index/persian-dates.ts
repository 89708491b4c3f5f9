/**
 * Persian dates: the Solar Hijri (Jalali) calendar as Iranian media write it, in Persian or Arabic-Indic digits
 * ("۲۸ دی ۱۴۰۳" is 2025-01-17), month and year ("مهر ۱۴۰۳"), a day and month without a year, and weekdays
 * ("روز سه‌شنبه"), "امروز" (today) and "دیروز" (yesterday). Jalali → Gregorian is jalaali-js (a maintained port of
 * the Borkowski algorithm the Iranian calendar uses); Gregorian → Jalali is the platform's own
 * `Intl.DateTimeFormat` with the `persian` calendar.
 */
import { isValidJalaaliDate, toGregorian } from 'jalaali-js';

export const JALALI_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
/** Saturday first, as the Iranian week: شنبه, یکشنبه, ... جمعه (UTC weekday numbers 6, 0, 1, ... 5). */
const WEEKDAYS: Array<[string, number]> = [
  ['یک[\\u200c ]?شنبه', 0],
  ['دو[\\u200c ]?شنبه', 1],
  ['سه[\\u200c ]?شنبه', 2],
  ['چهار[\\u200c ]?شنبه', 3],
  ['پنج[\\u200c ]?شنبه', 4],
  ['جمعه', 5],
  ['شنبه', 6],
];

/** Persian (U+06F0–9) and Arabic-Indic (U+0660–9) digits to ASCII, same length. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/gu, (d) => String((d.codePointAt(0)! & 0xf) % 10));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Jalali year, month, day → `YYYY-MM-DD` (Gregorian), or null for a day that does not exist. */
export function gregorianOf(jy: number, jm: number, jd: number): string | null {
  if (!isValidJalaaliDate(jy, jm, jd)) return null;
  const g = toGregorian(jy, jm, jd);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

/**
 * Made on first use, not when the module is loaded: the service worker loads this module (the events' join) on
 * every wake but never converts a date, and making a formatter with the Persian calendar costs milliseconds (about
 * 20 in a fresh Node process).
 */
let persian: Intl.DateTimeFormat | null = null;

/** Gregorian `YYYY-MM-DD` → Jalali [year, month, day]. */
export function jalaliOf(value: string): [number, number, number] {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  persian ??= new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
  const parts = persian.formatToParts(new Date(Date.UTC(y, m - 1, d, 12)));
  const part = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
  return [part('year'), part('month'), part('day')];
}

export interface PersianDate {
  start: number;
  end: number;
  text: string;
  value: string;
  precision: 'day' | 'month' | 'year';
  basis: 'text' | 'inferred' | 'partial';
}

const MONTH = JALALI_MONTHS.join('|');
const NOT_LETTER = '(?![\\p{L}\\p{M}])';
/** Day? month year?: "۲۸ دی ۱۴۰۳", "دی ۱۴۰۳", "۲۸ دی ماه", "۲۸ دی". */
const JALALI = new RegExp(`(?<![\\p{L}\\p{N}])(?:(\\p{N}{1,2})\\s+)?(${MONTH})(?:\\s+ماه)?(?:\\s+(?:سال\\s+)?(\\p{N}{4}))?${NOT_LETTER}`, 'gu');
const WEEKDAY = new RegExp(`(?:روز\\s+)?(${WEEKDAYS.map(([w]) => w).join('|')})(?:\\s+(گذشته|پیش))?${NOT_LETTER}`, 'gu');
const TODAY = new RegExp(`(?<![\\p{L}])(امروز|دیروز)${NOT_LETTER}`, 'gu');

/**
 * Persian dates in `sentence`, resolved against the article date `ref` (Gregorian, any precision) when a year or
 * day must come from it; without `ref`, only what the text states (a day and month without a year become
 * `--MM-DD` with basis `partial`; weekdays and "today" are dropped).
 */
export function findPersianDates(sentence: string, ref: string | null): PersianDate[] {
  const text = asciiDigits(sentence);
  const out: PersianDate[] = [];
  for (const m of text.matchAll(JALALI)) {
    const month = JALALI_MONTHS.indexOf(m[2]!) + 1;
    const day = m[1] ? Number(m[1]) : null;
    // A bare month word with neither day nor year is too ambiguous ("تیر" is also "arrow", "دی" a suffix).
    if (day === null && !m[3]) continue;
    let year = m[3] ? Number(m[3]) : null;
    let basis: PersianDate['basis'] = year ? 'text' : 'inferred';
    if (year === null && ref && ref.length === 10) {
      // The Jalali year of the article, or the one before when that would put the date well after the article.
      const [ry, rm] = jalaliOf(ref);
      year = month > rm + 2 ? ry - 1 : ry;
    }
    const end = m.index + m[0].length;
    if (year === null) {
      if (day === null) continue;
      const g = gregorianOf(1403, month, day) ?? gregorianOf(1404, month, day);
      // Without a year a Jalali day cannot be put in the Gregorian calendar: its month and day shift by year.
      if (g) out.push({ start: m.index, end, text: sentence.slice(m.index, end), value: `--${pad(month)}-${pad(day)}`, precision: 'day', basis: 'partial' });
      continue;
    }
    if (day === null) {
      // A Jalali month straddles two Gregorian months: the one holding most of its days (its 15th's).
      const middle = gregorianOf(year, month, 15);
      if (middle) out.push({ start: m.index, end, text: sentence.slice(m.index, end), value: middle.slice(0, 7), precision: 'month', basis });
      continue;
    }
    const g = gregorianOf(year, month, day);
    if (g) out.push({ start: m.index, end, text: sentence.slice(m.index, end), value: g, precision: 'day', basis });
  }
  if (ref && ref.length === 10) {
    const [y, mo, d] = ref.split('-').map(Number) as [number, number, number];
    const refDay = Date.UTC(y, mo - 1, d);
    const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
    const add = (start: number, end: number, value: string): void => {
      if (out.some((o) => start < o.end && end > o.start)) return;
      out.push({ start, end, text: sentence.slice(start, end), value, precision: 'day', basis: 'inferred' });
    };
    for (const m of text.matchAll(WEEKDAY)) {
      if (m.index > 0 && /[\p{L}]/u.test(text[m.index - 1]!) && text[m.index - 1] !== '\u200c') continue;
      // "روز سه‌شنبه ۲۸ تیر ۱۴۰۱": the weekday of a stated date is part of it, not a second date.
      if (out.some((o) => o.start >= m.index + m[0].length && o.start - (m.index + m[0].length) <= 2)) continue;
      const wd = WEEKDAYS.find(([w]) => new RegExp(`^${w}$`, 'u').test(m[1]!))![1];
      // The most recent such weekday up to the article date.
      const back = (new Date(refDay).getUTCDay() - wd + 7) % 7;
      add(m.index, m.index + m[0].length, iso(refDay - back * 86_400_000));
    }
    for (const m of text.matchAll(TODAY)) add(m.index, m.index + m[0].length, iso(refDay - (m[1] === 'دیروز' ? 86_400_000 : 0)));
  }
  return out.sort((a, b) => a.start - b.start);
}

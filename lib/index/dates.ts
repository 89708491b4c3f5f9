/**
 * Dates in a sentence, resolved against the article's date: absolute ("July 19", "October 11, 2024"),
 * relative ("on Tuesday", "last month", "five months ago", "am Mittwoch", "Anfang dieses Monats",
 * "im November 2022", "le 17 janvier", "el martes", "в прошлую пятницу", "۲۸ دی ۱۴۰۳"). chrono-node (the parser
 * named by the language's lexicon: en, de, fr, es, ru) does the parsing; "MONTH YEAR" in the lexicon's month
 * names and a few phrases chrono does not know are recognised here; Persian dates by ./persian-dates. Each date
 * carries its precision and its basis: `text` when the text states it in full, `inferred` when it was resolved
 * against the article date, `partial` when the article has no date and the text states no year (the value is
 * then `--MM-DD` or `--MM`: only what is stated).
 */
import * as chrono from 'chrono-node';
import type { Lexicon } from './lexicon';
import { findPersianDates } from './persian-dates';
import type { Precision } from './types';

export interface FoundDate {
  /** Offsets in the sentence. */
  start: number;
  end: number;
  text: string;
  value: string;
  precision: Precision;
  basis: 'text' | 'inferred' | 'partial';
}

/** chrono-node's parser per lexicon `chrono` name (casual: relative expressions too). */
const PARSERS: Record<string, Pick<chrono.Chrono, 'parse'> | undefined> = { en: chrono.en, de: chrono.de, fr: chrono.fr, es: chrono.es, ru: chrono.ru };

const pad = (n: number): string => String(n).padStart(2, '0');

function valueOf(d: Date, precision: Precision): string {
  const y = d.getUTCFullYear();
  if (precision === 'year') return String(y);
  if (precision === 'month') return `${y}-${pad(d.getUTCMonth() + 1)}`;
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The article date as a reference instant (a partial date is taken at its middle). */
export function referenceInstant(value: string): Date {
  const [y, m, d] = value.split('-').map(Number) as [number, number | undefined, number | undefined];
  return new Date(Date.UTC(y, (m ?? 7) - 1, d ?? 15, 12));
}

const SEASON_YEAR = /\b(early|late|mid-?|in|since)\s+((?:19|20)\d{2})\b(?!s)/giu;
const START_OF = /\b(?:at the (beginning|start|end) of (the|this|last) (month|year)|(anfang|ende) (dieses|des|letzten) (monats|jahres))\b/giu;

function dayDiff(a: Date, b: Date): number {
  return (a.getTime() - b.getTime()) / 86_400_000;
}

/**
 * All dates in `sentence` (read with the lexicon `lex`, article dated `ref`, or null for an article without a
 * date), in order, non-overlapping.
 *
 * @example
 * findDates('Putin would travel to Tehran on July 19.', en, '2022-07-12')[0].value // => '2022-07-19'
 */
export function findDates(sentence: string, lex: Lexicon, ref: string | null): FoundDate[] {
  if (lex.lang === 'fa') return findPersianDates(sentence, ref);
  // Without an article date chrono still needs an instant; only what the text states is kept from its results.
  const instant = referenceInstant(ref ?? '2000');
  const out: FoundDate[] = [];
  const parser = lex.chrono ? PARSERS[lex.chrono] : undefined;
  for (const r of parser?.parse(sentence, { instant, timezone: 0 }, { forwardDate: false }) ?? []) {
    const lead = r.text.length - r.text.replace(/^[,.\s]+/, '').length;
    const text = r.text.slice(lead).replace(/[,.\s]+$/, '');
    const index = r.index + lead;
    // Bare numbers, times of day and "now" are not dates of events.
    if (!r.start.isCertain('day') && !r.start.isCertain('month') && !r.start.isCertain('weekday') && !r.start.isCertain('year')) continue;
    if (/^(now|jetzt|heute abend|tonight|maintenant|ahora|сейчас)$/i.test(text)) continue;
    let d = r.start.date();
    const yearStated = /\d{4}/.test(text);
    let precision: Precision = r.start.isCertain('day') || r.start.isCertain('weekday') ? 'day' : r.start.isCertain('month') ? 'month' : 'year';
    if (/week|woche|semaine|semana|недел/i.test(text)) precision = 'month';
    if (/(?<![\p{L}])(today|heute|aujourd'hui|hoy|сегодня)(?![\p{L}])/iu.test(text)) precision = 'day';
    if (ref === null) {
      // No article date: keep a stated year, or a stated month and day as `--MM-DD`; never guess a year.
      const stated = (r.start.isCertain('month') && !r.start.isCertain('weekday')) || yearStated;
      if (!stated || (!r.start.isCertain('month') && !yearStated)) continue;
      if (yearStated) {
        out.push({ start: index, end: index + text.length, text, value: valueOf(d, precision), precision, basis: 'text' });
      } else {
        const md = valueOf(d, precision).slice(4);
        out.push({ start: index, end: index + text.length, text, value: `-${md}`, precision, basis: 'partial' });
      }
      continue;
    }
    // A month and day without a year lies within the months around the article, never far in its future.
    if (!yearStated && dayDiff(d, instant) > 62) {
      d = new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate()));
    }
    const fullyStated = yearStated && (precision !== 'day' || r.start.isCertain('day'));
    out.push({ start: index, end: index + text.length, text, value: valueOf(d, precision), precision, basis: fullyStated ? 'text' : 'inferred' });
  }
  const add = (start: number, text: string, value: string, precision: Precision, basis: FoundDate['basis']): void => {
    const end = start + text.length;
    if (out.some((o) => start < o.end && end > o.start)) return;
    out.push({ start, end, text, value, precision, basis });
  };
  if (lex.monthYear) {
    for (const m of sentence.matchAll(lex.monthYear)) {
      const month = lex.monthIndex(m[1]!) + 1;
      if (month > 0) add(m.index, m[0], `${m[2]}-${pad(month)}`, 'month', 'text');
    }
  }
  if (lex.monthAlone) {
    // "en juin", "im März": the last such month up to the article's; without an article date, only the month.
    for (const m of sentence.matchAll(lex.monthAlone)) {
      const month = lex.monthIndex(m[1]!) + 1;
      if (month <= 0) continue;
      if (ref === null) {
        add(m.index, m[0], `--${pad(month)}`, 'month', 'partial');
        continue;
      }
      const year = instant.getUTCFullYear() - (month > instant.getUTCMonth() + 1 ? 1 : 0);
      add(m.index, m[0], `${year}-${pad(month)}`, 'month', 'inferred');
    }
  }
  for (const m of sentence.matchAll(SEASON_YEAR)) {
    add(m.index, m[0], m[2]!, 'year', 'text');
  }
  if (ref === null) return out.sort((a, b) => a.start - b.start);
  for (const m of sentence.matchAll(START_OF)) {
    const unit = (m[3] ?? m[6] ?? '').toLowerCase();
    const which = (m[2] ?? m[5] ?? '').toLowerCase();
    const d = new Date(instant);
    const yearUnit = unit === 'year' || unit === 'jahres';
    if (which === 'last' || which === 'letzten') {
      if (yearUnit) d.setUTCFullYear(d.getUTCFullYear() - 1);
      else d.setUTCMonth(d.getUTCMonth() - 1);
    }
    add(m.index, m[0], valueOf(d, yearUnit ? 'year' : 'month'), yearUnit ? 'year' : 'month', 'inferred');
  }
  return out.sort((a, b) => a.start - b.start);
}

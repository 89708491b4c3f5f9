/**
 * Dates in a sentence, resolved against the article's date: absolute ("July 19", "October 11, 2024"),
 * relative ("on Tuesday", "last month", "five months ago", "am Mittwoch", "Anfang dieses Monats",
 * "im November 2022"). chrono-node (English and German parsers) does the parsing; a few phrases it does not know
 * are recognised here. Each date carries its precision and its basis: `text` when the text states it in full,
 * `inferred` when it was resolved against the article date.
 */
import * as chrono from 'chrono-node';
import type { Precision } from './types';

export interface FoundDate {
  /** Offsets in the sentence. */
  start: number;
  end: number;
  text: string;
  value: string;
  precision: Precision;
  basis: 'text' | 'inferred';
}

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

const GERMAN_MONTHS = ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'];
const MONTH_DE = new RegExp(`\\b(?:im|in|seit|ab|vom)\\s+(${GERMAN_MONTHS.join('|')})\\s+(\\d{4})\\b`, 'giu');
const SEASON_YEAR = /\b(early|late|mid-?|in|since)\s+((?:19|20)\d{2})\b(?!s)/giu;
const START_OF = /\b(?:at the (beginning|start|end) of (the|this|last) (month|year)|(anfang|ende) (dieses|des|letzten) (monats|jahres))\b/giu;

function dayDiff(a: Date, b: Date): number {
  return (a.getTime() - b.getTime()) / 86_400_000;
}

/**
 * All dates in `sentence` (language `lang`, article dated `ref`), in order, non-overlapping.
 *
 * @example
 * findDates('Putin would travel to Tehran on July 19.', 'en', '2022-07-12')[0].value // => '2022-07-19'
 */
export function findDates(sentence: string, lang: string, ref: string): FoundDate[] {
  const instant = referenceInstant(ref);
  const out: FoundDate[] = [];
  const parser = lang === 'de' ? chrono.de : chrono.en;
  for (const r of parser.parse(sentence, { instant, timezone: 0 }, { forwardDate: false })) {
    const text = r.text.replace(/[,.\s]+$/, '');
    // Bare numbers, times of day and "now" are not dates of events.
    if (!r.start.isCertain('day') && !r.start.isCertain('month') && !r.start.isCertain('weekday') && !r.start.isCertain('year')) continue;
    if (/^(now|jetzt|heute abend|tonight)$/i.test(text)) continue;
    let d = r.start.date();
    const yearStated = /\b\d{4}\b/.test(text);
    let precision: Precision = r.start.isCertain('day') || r.start.isCertain('weekday') ? 'day' : r.start.isCertain('month') ? 'month' : 'year';
    if (/week|woche/i.test(text)) precision = 'month';
    if (/\b(today|heute)\b/i.test(text)) precision = 'day';
    // A month and day without a year lies within the months around the article, never far in its future.
    if (!yearStated && dayDiff(d, instant) > 62) {
      d = new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate()));
    }
    const fullyStated = yearStated && (precision !== 'day' || r.start.isCertain('day'));
    out.push({ start: r.index, end: r.index + text.length, text, value: valueOf(d, precision), precision, basis: fullyStated ? 'text' : 'inferred' });
  }
  const add = (start: number, text: string, value: string, precision: Precision, basis: 'text' | 'inferred'): void => {
    const end = start + text.length;
    if (out.some((o) => start < o.end && end > o.start)) return;
    out.push({ start, end, text, value, precision, basis });
  };
  for (const m of sentence.matchAll(MONTH_DE)) {
    const month = GERMAN_MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    add(m.index, m[0], `${m[2]}-${pad(month)}`, 'month', 'text');
  }
  for (const m of sentence.matchAll(SEASON_YEAR)) {
    add(m.index, m[0], m[2]!, 'year', 'text');
  }
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
